"""What every measurement works on: the demo data, the procedure, the applicant and the officers
(:class:`World`); one submission and one completed step through the real services."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from motcua.accounts.models import Agency, Applicant, ApplicantKind, OneStopUnit, Role, User
from motcua.accounts.services import applicant_create
from motcua.catalog.models import ComponentKind, ProcedureVersion, ProcessStep
from motcua.catalog.selectors import procedure_version_current
from motcua.catalog.services import procedure_draft_create, procedure_version_publish
from motcua.core.errors import NotFound
from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.results import completing_signs, result_preview
from motcua.dossiers.services import DocumentInput, dossier_submit, dossier_transition
from motcua.dossiers.workflow import Action
from motcua_dev.demo import accounts as accounts_demo
from motcua_dev.demo import calendar as calendar_demo
from motcua_dev.demo import catalog as catalog_demo
from motcua_dev.demo import signing as signing_demo
from motcua_dev.testing.samples import sample_pdf

#: The procedure every measurement uses: judicial record certificate, 5 internal steps.
PROCEDURE_CODE = "2.001417"
#: The province whose Department of Justice is competent.
UNIT_CODE = "01"
#: The demo Department of Justice, competent for it there.
COMPETENT_CODE = "000.00.10.H26"
PERSONAL_ID = "001090012345"
#: The bench's own copy of :data:`PROCEDURE_CODE` for the like-for-like comparison with the peer:
#: the same form and 5 steps, no document to submit, no result to sign, no fee (a code of no real
#: procedure).
PLAIN_CODE = "9.991417"
PDF = sample_pdf()
FORM_DATA: dict[str, Any] = {
    "to_khai_lltp": {
        "full_name": "Nguyễn Văn Đo",
        "personal_id": PERSONAL_ID,
        "birth_date": "1990-05-01",
        "address": "Số 1 phố Thử, Hà Nội",
        "form_no": "1",
        "purpose": "Bổ sung hồ sơ xin việc",
    }
}


@dataclass(frozen=True)
class World:
    version: ProcedureVersion
    unit: OneStopUnit
    applicant: Applicant
    steps: tuple[ProcessStep, ...]
    officers: dict[str, User]  # role -> the demo officer holding it
    competent: Agency
    #: What a submission attaches: the applicant's ID card copy (none for :func:`plain_world`).
    documents: tuple[DocumentInput, ...] = (("can_cuoc", "can-cuoc.pdf", PDF),)

    def officer_for(self, order: int | None) -> User:
        step = next(s for s in self.steps if s.order == order)
        return self.officers[step.role]


def world_ensure(*, at: datetime) -> World:
    """Load the demo data (idempotent) and return what the measurements need from it."""
    accounts_demo.load(at=at)
    calendar_demo.load(at=at)
    catalog_demo.load(at=at)
    # The leader's step signs the result, as in the demo: the local CA certifies the officers.
    signing_demo.load(at=at)
    version = procedure_version_current(code=PROCEDURE_CODE, on=at.astimezone(LOCAL_TZ).date())
    if version is None:
        raise RuntimeError(PROCEDURE_CODE)
    unit = OneStopUnit.objects.select_related("agency").get(agency__code="000.00.01.H26")
    applicant = Applicant.objects.filter(personal_id=PERSONAL_ID).first()
    if applicant is None:
        applicant = applicant_create(
            kind=ApplicantKind.CITIZEN,
            name="Nguyễn Văn Đo",
            personal_id=PERSONAL_ID,
            birth_date=date(1990, 5, 1),
            address="Số 1 phố Thử, Hà Nội",
            at=at,
            actor="system:bench",
        )
    users = {u.username: u for u in User.objects.filter(username__in=_OFFICER_NAMES.values())}
    return World(
        version=version,
        unit=unit,
        applicant=applicant,
        steps=tuple(ProcessStep.objects.filter(version=version).order_by("order")),
        officers={role: users[name] for role, name in _OFFICER_NAMES.items()},
        competent=Agency.objects.get(code=COMPETENT_CODE),
    )


_OFFICER_NAMES = {
    Role.ONE_STOP_OFFICER: "canbo.motcua",
    Role.SPECIALIST: "chuyenvien.tuphap",
    Role.LEADER: "lanhdao.tuphap",
}


def submit_one(world: World, *, at: datetime) -> Dossier:
    """One counter submission through the real service, received by the demo one-stop officer."""
    return dossier_submit(
        version=world.version,
        applicant=world.applicant,
        channel=DossierChannel.COUNTER,
        form_data=FORM_DATA,
        documents=list(world.documents),
        administrative_unit_code=UNIT_CODE,
        receiving_unit=world.unit,
        actor=world.officers[Role.ONE_STOP_OFFICER],
        at=at,
    ).dossier


def plain_world(world: World, *, at: datetime) -> World:
    """``world`` on the bench's plain procedure (:data:`PLAIN_CODE`, published on first use): a
    dossier of the same six steps as the peer's instance, without a document or a signature."""
    on = at.astimezone(LOCAL_TZ).date()
    try:
        version = procedure_version_current(code=PLAIN_CODE, on=on)
    except NotFound:
        spec = catalog_demo.procedure_spec(PROCEDURE_CODE)
        spec.update(
            national_code=PLAIN_CODE,
            name=f"{spec['name']} (bench: không giấy tờ, không ký số)",
            name_en="",
            results=[],
            fees=[],
            components=[c for c in spec["components"] if c["kind"] == ComponentKind.FORM],
            note="Thủ tục của bộ đo, không phải thủ tục thật.",
        )
        draft = procedure_draft_create(**spec, at=at, actor="system:bench")
        version = procedure_version_publish(version=draft, at=at, actor="system:bench")
    steps = tuple(ProcessStep.objects.filter(version=version).order_by("order"))
    return replace(world, version=version, steps=steps, documents=())


#: What the officer's dossier page reads with the dossier (``dossiers_visible_to``).
DOSSIER_PAGE_RELATIONS = (
    "procedure_version__procedure",
    "receiving_agency",
    "receiving_unit",
    "competent_agency",
    "applicant",
)


def dossier_read(dossier_id: int) -> Dossier:
    """The dossier as the officer's page reads it before the officer acts."""
    return Dossier.objects.select_related(*DOSSIER_PAGE_RELATIONS).get(pk=dossier_id)


def complete_step(
    world: World, *, dossier_id: int, at: datetime, dossier: Dossier | None = None
) -> Dossier:
    """Complete the dossier's current step as the right officer: on ``dossier`` as the caller
    holds it (the service returns it moved on), else read first as a view would."""
    if dossier is None:
        dossier = dossier_read(dossier_id)
    officer = world.officer_for(dossier.current_step)
    step = next((s for s in world.steps if s.order == dossier.current_step), None)
    if completing_signs(dossier, step, world.steps):
        # the signer previews the document (it is rendered there) and signs those bytes
        result_preview(dossier=dossier, actor=officer, at=at)
    return dossier_transition(dossier=dossier, action=Action.COMPLETE_STEP, actor=officer, at=at)
