"""The peer: SpiffWorkflow running the same 6-step process (submission and the 5 steps of the
procedure), its serialized state saved to the same database after each step."""

import itertools
import logging
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from motcua_dev.bench.clients import local_now, run_clients
from motcua_dev.bench.figures import Throughput
from motcua_dev.bench.models import PeerWorkflowState
from motcua_dev.bench.world import World

PEER_PROCESS = "ho_so_lltp"


def peer_bpmn(step_names: Sequence[str]) -> str:
    """A BPMN process of sequential user tasks, one per step."""
    tasks = "".join(
        f'<bpmn:userTask id="buoc_{i}" name="{name}"/>' for i, name in enumerate(step_names)
    )
    ids = ["bat_dau", *[f"buoc_{i}" for i in range(len(step_names))], "ket_thuc"]
    flows = "".join(
        f'<bpmn:sequenceFlow id="luong_{i}" sourceRef="{a}" targetRef="{b}"/>'
        for i, (a, b) in enumerate(itertools.pairwise(ids))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="motcua_bench" targetNamespace="https://motcua.example/bench">'
        f'<bpmn:process id="{PEER_PROCESS}" isExecutable="true">'
        f'<bpmn:startEvent id="bat_dau"/>{tasks}<bpmn:endEvent id="ket_thuc"/>{flows}'
        "</bpmn:process></bpmn:definitions>"
    )


class PeerEngine:
    """SpiffWorkflow as a service would run it: load the state, run one task, save the state."""

    def __init__(self, step_names: Sequence[str]) -> None:

        logging.getLogger("spiff").setLevel(logging.WARNING)  # its INFO lines cost it time
        parser = BpmnParser()
        parser.add_bpmn_str(peer_bpmn(step_names).encode())
        self.spec = parser.get_spec(PEER_PROCESS)
        self.serializer = BpmnWorkflowSerializer()

    def start(self, *, at: datetime) -> int:

        workflow = BpmnWorkflow(self.spec)
        workflow.do_engine_steps()
        row = PeerWorkflowState.objects.create(
            process=PEER_PROCESS, state=self.serializer.serialize_json(workflow), updated_at=at
        )
        return row.pk

    def step(self, *, instance_id: int, actor: str, at: datetime) -> bool:
        """Run the next ready task of the instance; True when the instance is complete."""

        with transaction.atomic():
            row = PeerWorkflowState.objects.select_for_update().get(pk=instance_id)
            workflow = self.serializer.deserialize_json(row.state)
            task = workflow.get_next_task(state=TaskState.READY, manual=True)
            if task is None:
                raise RuntimeError(instance_id)
            task.data["actor"] = actor
            task.data["at"] = at.isoformat()
            task.run()
            workflow.do_engine_steps()
            row.state = self.serializer.serialize_json(workflow)
            row.completed = workflow.is_completed()
            row.updated_at = at
            row.save(update_fields=["state", "completed", "updated_at"])
            return row.completed


def peer_step_names(world: World) -> list[str]:
    return ["Nộp hồ sơ", *[s.name for s in world.steps]]


def measure_peer(
    *, world: World, clients: int, seconds: float, processes: bool = False
) -> Throughput:
    """Whole instances of the same 6-step process in SpiffWorkflow, state saved after each step."""
    engine = PeerEngine(peer_step_names(world))

    def op(_client: int, _i: int) -> bool:
        instance = engine.start(at=local_now())
        while not engine.step(instance_id=instance, actor="user:bench", at=local_now()):
            pass
        return True

    return run_clients(
        source="SpiffWorkflow BPMN, state saved to the database after each step",
        clients=clients,
        seconds=seconds,
        operation=op,
        processes=processes,
    )
