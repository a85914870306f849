import math
import os
import subprocess
import threading
from pathlib import Path

import pytest

from motcua_dev.bench import cpu
from motcua_dev.bench.cpu import CpuMeter, DatabaseCpuSampler, database_is_local


def _process(proc: Path, pid: int, *, comm: str, title: str, ticks: tuple[int, int]) -> None:
    """A /proc/<pid> with the three files the sampler reads (stat fields as the kernel writes)."""
    directory = proc / str(pid)
    directory.mkdir(exist_ok=True)
    (directory / "comm").write_text(comm + "\n")
    (directory / "cmdline").write_bytes(title.encode() + b"\0")
    fields = ["S", *["0"] * 10, str(ticks[0]), str(ticks[1]), *["0"] * 8]
    (directory / "stat").write_text(f"{pid} ({comm}) " + " ".join(fields) + "\n")


@pytest.fixture
def proc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cpu, "PROC", tmp_path)
    return tmp_path


def test_the_sampler_counts_the_measured_database_and_the_shared_server_processes(
    proc: Path,
) -> None:
    tick = os.sysconf("SC_CLK_TCK")
    backend = "postgres: 15/main: postgres motcua_bench 127.0.0.1(50000) idle"
    other = "postgres: 15/main: postgres other_db 127.0.0.1(50001) idle"
    _process(proc, 10, comm="postgres", title=backend, ticks=(100, 50))
    _process(proc, 11, comm="postgres", title=other, ticks=(100, 0))
    _process(proc, 12, comm="postgres", title="postgres: 15/main: walwriter", ticks=(7, 3))
    _process(proc, 13, comm="python3", title="python3 motcua bench", ticks=(500, 0))
    sampler = DatabaseCpuSampler(enabled=True, database="motcua_bench", every=3600)
    sampler.start()

    # while measuring: the backend works 2 s, another database's 5 s, the WAL writer 0.5 s,
    # and a new backend of the measured database appears and works 1 s after it is first seen
    _process(proc, 10, comm="postgres", title=backend, ticks=(100 + tick, 50 + tick))
    _process(proc, 11, comm="postgres", title=other, ticks=(100 + 5 * tick, 0))
    _process(
        proc, 12, comm="postgres", title="postgres: 15/main: walwriter", ticks=(7 + tick // 2, 3)
    )
    _process(proc, 14, comm="postgres", title=backend.replace("50000", "50002"), ticks=(9, 0))
    sampler._sample()
    _process(
        proc, 14, comm="postgres", title=backend.replace("50000", "50002"), ticks=(9 + tick, 0)
    )

    assert sampler.stop() == pytest.approx(2 + 0.5 + 1, abs=1 / tick)


def test_the_sampler_reports_nothing_it_cannot_see(proc: Path) -> None:
    disabled = DatabaseCpuSampler(enabled=False, database="motcua_bench")
    disabled.start()
    assert math.isnan(disabled.stop())

    nobody = DatabaseCpuSampler(enabled=True, database="motcua_bench", every=3600)
    nobody.start()
    assert math.isnan(nobody.stop())


def test_only_a_postgresql_server_on_this_machine_is_sampled() -> None:
    assert database_is_local(vendor="postgresql", host="127.0.0.1")
    assert database_is_local(vendor="postgresql", host="")
    assert database_is_local(vendor="postgresql", host="/var/run/postgresql")
    assert not database_is_local(vendor="postgresql", host="db.example.vn")
    assert not database_is_local(vendor="sqlite", host="")


def test_the_meter_counts_this_process_work_when_clients_are_threads() -> None:
    meter = CpuMeter(processes=False, database=DatabaseCpuSampler(enabled=False))
    meter.start()
    sum(i * i for i in range(300_000))

    split = meter.stop()

    assert split.client_seconds > 0
    assert math.isnan(split.database_seconds)


def test_the_process_tree_holds_the_children_a_server_starts_from_any_thread() -> None:
    # granian's master, like any server, may start a worker from a thread other than its first;
    # the kernel lists a child under the thread that started it while that thread lives.
    children: list[subprocess.Popen[bytes]] = []
    started, done = threading.Event(), threading.Event()

    def start() -> None:
        children.append(subprocess.Popen(["sleep", "30"]))
        started.set()
        done.wait(30)

    starter = threading.Thread(target=start)
    starter.start()
    started.wait(30)
    [child] = children
    try:
        tree = cpu.process_tree(os.getpid())
    finally:
        done.set()
        starter.join()
        child.kill()
        child.wait()

    assert tree[0] == os.getpid()
    assert child.pid in tree
    assert len(tree) == len(set(tree))
