"""The process dossiers really followed, mined from their immutable history (DossierEvent).

* :func:`event_log` reads the history of one procedure into traces (one per dossier);
* :func:`xes_export` writes them as XES (IEEE 1849-2016), readable by PM4Py and ProM;
* :func:`discover` builds the directly-follows graph, the time spent in each step (working minutes,
  on the agency's calendar, less the time the applicant held the dossier for a supplement) against
  the step's norm, per unit and per officer; conformance to the approved internal process; the
  rework loops; and the steps that add waiting but never decide anything: the evidence for
  "cắt bỏ các khâu trung gian";
* :func:`process_svg` draws the approved process with the slow steps marked (an accessible SVG;
  the page shows the same figures as a table).
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.calendar.rules import WorkingCalendar
from motcua.calendar.selectors import working_calendar_get
from motcua.catalog.models import ProcessStep
from motcua.catalog.selectors import split_code
from motcua.catalog.steps import process_steps_of
from motcua.core.localtime import LOCAL_TZ
from motcua.core.text import carriable
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.results import signing_steps
from motcua.dossiers.workflow import Action, event_label
from motcua.reform.permissions import ReformScope

#: A step whose mean time is at least this many times its norm is marked slow.
SLOW_RATIO = 1.5
START = "__start__"
END = "__end__"
#: Actions at a step that are a decision (the step judged something).
DECISIONS = frozenset(
    {Action.REQUEST_SUPPLEMENT, Action.REFUSE, Action.STOP, Action.CONSULT_REQUEST}
)


@dataclass(frozen=True)
class LogEvent:
    activity: str
    at: datetime
    action: str
    step: int | None
    role: str
    resource: str
    agency: str


@dataclass
class Trace:
    code: str
    version: int
    events: list[LogEvent]


@dataclass
class EventLog:
    procedure_code: str
    procedure_name: str
    steps: tuple[ProcessStep, ...]
    traces: list[Trace]


def _activity(event: DossierEvent, steps: dict[int, ProcessStep]) -> str:
    """A step's name from the process definition; any other row of the history in the words the
    dossier's history uses (never the internal kind, such as ``became_late``)."""
    if event.action == Action.COMPLETE_STEP and event.from_step in steps:
        return steps[event.from_step].name
    return event_label(event.action)


def event_log(
    *, code: str, scope: ReformScope, start: date | None = None, end: date | None = None
) -> EventLog:
    """The history of the dossiers of procedure ``code`` in ``scope`` received in [start, end)."""
    national, suffix = split_code(code)
    dossiers = Dossier.objects.filter(
        scope.dossiers(),
        procedure_version__procedure__national_code=national,
        procedure_version__procedure__local_suffix=suffix,
    ).select_related("procedure_version", "receiving_agency", "competent_agency")
    if start:
        dossiers = dossiers.filter(received_at__gte=datetime.combine(start, time(), LOCAL_TZ))
    if end:
        dossiers = dossiers.filter(received_at__lt=datetime.combine(end, time(), LOCAL_TZ))
    by_id = {d.pk: d for d in dossiers.order_by("received_at", "code")}
    steps_of: dict[int, dict[int, ProcessStep]] = {}
    traces: dict[int, Trace] = {}
    latest_steps: tuple[ProcessStep, ...] = ()
    name = ""
    for d in by_id.values():
        version = d.procedure_version
        if version.pk not in steps_of:
            steps_of[version.pk] = {s.order: s for s in process_steps_of(version=version)}
        latest_steps = tuple(steps_of[version.pk].values())
        name = version.name
        traces[d.pk] = Trace(code=d.code, version=version.number, events=[])
    events = DossierEvent.objects.filter(dossier_id__in=list(by_id)).order_by("dossier_id", "seq")
    for event in events.iterator(chunk_size=2000):
        d = by_id[event.dossier_id]
        steps = steps_of[d.procedure_version_id]
        step = steps.get(event.from_step) if event.from_step is not None else None
        role = step.role if step else ""
        agency = d.receiving_agency if role == Role.ONE_STOP_OFFICER else d.competent_agency
        traces[event.dossier_id].events.append(
            LogEvent(
                activity=_activity(event, steps),
                at=event.at,
                action=event.action,
                step=event.from_step if event.action != "submit" else None,
                role=role,
                resource=event.actor_label,
                agency=agency.code if step else d.receiving_agency.code,
            )
        )
    return EventLog(
        procedure_code=code,
        procedure_name=name,
        steps=latest_steps,
        traces=list(traces.values()),
    )


# ---------------------------------------------------------------------------------------------
# XES


def _attr(kind: str, key: str, value: str) -> str:
    # carriable(): a name stored before the edge refused U+FFFE would make the file unreadable.
    return f"<{kind} key={quoteattr(key)} value={quoteattr(carriable(value))}/>"


def xes_export(log: EventLog) -> Iterator[str]:
    """The log as XES 1849-2016 text, streamed line by line."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<log xes.version="1849-2016" xes.features="nested-attributes" '
        'xmlns="http://www.xes-standard.org/">\n'
    )
    for prefix, name, uri in (
        ("concept", "Concept", "http://www.xes-standard.org/concept.xesext"),
        ("time", "Time", "http://www.xes-standard.org/time.xesext"),
        ("lifecycle", "Lifecycle", "http://www.xes-standard.org/lifecycle.xesext"),
        ("org", "Organizational", "http://www.xes-standard.org/org.xesext"),
    ):
        yield f'  <extension name="{name}" prefix="{prefix}" uri="{uri}"/>\n'
    yield '  <global scope="trace">' + _attr("string", "concept:name", "") + "</global>\n"
    yield (
        '  <global scope="event">'
        + _attr("string", "concept:name", "")
        + '<date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>'
        + _attr("string", "lifecycle:transition", "complete")
        + "</global>\n"
    )
    yield '  <classifier name="Activity" keys="concept:name"/>\n'
    yield (
        "  " + _attr("string", "concept:name", f"{log.procedure_code} {log.procedure_name}") + "\n"
    )
    for trace in log.traces:
        yield "  <trace>" + _attr("string", "concept:name", trace.code)
        yield '<int key="motcua:version" value="' + str(trace.version) + '"/>\n'
        for e in trace.events:
            stamp = e.at.astimezone(LOCAL_TZ).isoformat(timespec="milliseconds")
            parts = [
                _attr("string", "concept:name", e.activity),
                f'<date key="time:timestamp" value="{stamp}"/>',
                _attr("string", "lifecycle:transition", "complete"),
                _attr("string", "org:resource", e.resource),
                _attr("string", "org:role", e.role),
                _attr("string", "org:group", e.agency),
                _attr("string", "motcua:action", e.action),
            ]
            if e.step is not None:
                parts.append(f'<int key="motcua:step" value="{e.step}"/>')
            yield "    <event>" + "".join(parts) + "</event>\n"
        yield "  </trace>\n"
    yield "</log>\n"


# ---------------------------------------------------------------------------------------------
# Discovery


def working_minutes(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    """Working minutes between two moments on ``calendar`` (its working days and hours)."""
    if end <= start:
        return 0
    a, b = calendar.local(start), calendar.local(end)
    total = timedelta()
    day = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            for opens, closes in calendar.periods:
                lo = max(a, datetime.combine(day, opens, tzinfo=calendar.tz))
                hi = min(b, datetime.combine(day, closes, tzinfo=calendar.tz))
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


@dataclass
class StepFigures:
    order: int
    name: str
    role: str
    norm_minutes: int
    citizen_facing: bool
    #: Marked in the process definition as the step that decides or signs the result.
    decides_by_definition: bool = False
    signs: bool = False
    visits: int = 0
    minutes: list[int] = field(default_factory=list)
    by_officer: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_unit: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    decisions: Counter[str] = field(default_factory=Counter)
    rework: int = 0

    @property
    def mean(self) -> float:
        return round(statistics.fmean(self.minutes), 1) if self.minutes else 0.0

    @property
    def median(self) -> float:
        return float(statistics.median(self.minutes)) if self.minutes else 0.0

    @property
    def ratio(self) -> float:
        return round(self.mean / self.norm_minutes, 2) if self.norm_minutes else 0.0

    @property
    def over_norm(self) -> int:
        return sum(1 for m in self.minutes if m > self.norm_minutes)

    @property
    def slow(self) -> bool:
        return bool(self.minutes) and self.ratio >= SLOW_RATIO

    @property
    def decides(self) -> bool:
        """The definition marks it as deciding or signing, or the history shows it judging."""
        return self.decides_by_definition or self.signs or bool(self.decisions)

    @property
    def passes_through(self) -> bool:
        """Adds waiting, decides nothing: never asked a supplement, refused or consulted, does not
        meet the applicant, is not marked as deciding and does not sign. A candidate for "cắt bỏ
        các khâu trung gian"; a signing step never is, however quickly it forwards."""
        return bool(self.minutes) and not self.decides and not self.citizen_facing


@dataclass
class Discovery:
    log: EventLog
    steps: list[StepFigures]
    activities: Counter[str]
    edges: Counter[tuple[str, str]]
    variants: Counter[tuple[str, ...]]
    conforming: int
    deviations: Counter[str]
    with_rework: int
    total_minutes: int

    @property
    def traces(self) -> int:
        return len(self.log.traces)

    @property
    def fitness(self) -> float:
        return round(self.conforming / self.traces, 3) if self.traces else 0.0

    @property
    def bottleneck(self) -> StepFigures | None:
        slow = [s for s in self.steps if s.slow]
        return max(slow, key=lambda s: s.ratio) if slow else None

    def officer_rows(self) -> list[tuple[str, str, int, float, int, float]]:
        """(step, officer, dossiers, mean minutes, norm, ratio), slowest first."""
        rows = []
        for s in self.steps:
            for officer, values in s.by_officer.items():
                mean = statistics.fmean(values)
                rows.append(
                    (
                        s.name,
                        officer,
                        len(values),
                        round(mean, 1),
                        s.norm_minutes,
                        round(mean / s.norm_minutes, 2) if s.norm_minutes else 0.0,
                    )
                )
        return sorted(rows, key=lambda r: -r[5])


def discover(log: EventLog) -> Discovery:
    signing = {s.order for s in signing_steps(log.steps)}
    steps = {
        s.order: StepFigures(
            s.order,
            s.name,
            s.role,
            s.minutes,
            s.citizen_facing,
            decides_by_definition=s.decides,
            signs=s.order in signing,
        )
        for s in log.steps
    }
    approved = tuple(s.name for s in log.steps)
    activities: Counter[str] = Counter()
    edges: Counter[tuple[str, str]] = Counter()
    variants: Counter[tuple[str, ...]] = Counter()
    deviations: Counter[str] = Counter()
    calendars: dict[str, WorkingCalendar] = {}
    conforming = with_rework = total = 0
    for trace in log.traces:
        names = [e.activity for e in trace.events]
        activities.update(names)
        for a, b in zip([START, *names], [*names, END], strict=False):
            edges[(a, b)] += 1
        variants[tuple(names)] += 1
        walk = tuple(e.activity for e in trace.events if e.action == Action.COMPLETE_STEP)
        # A walk that follows the approved order, so far, conforms (still open, or refused).
        if walk == approved[: len(walk)]:
            conforming += 1
        else:
            deviations[" → ".join(walk)] += 1
        if any(e.action == Action.REQUEST_SUPPLEMENT for e in trace.events):
            with_rework += 1
        # Time in each step: from entering it to leaving it, less the supplement waits.
        entered: datetime | None = None
        paused: datetime | None = None
        held = 0
        for e in trace.events:
            if e.action == "submit":
                entered = e.at
                continue
            figures = steps.get(e.step) if e.step is not None else None
            calendar = calendars.get(e.agency)
            if calendar is None:
                calendar = calendars[e.agency] = working_calendar_get(agency_code=e.agency)
            if e.action == Action.REQUEST_SUPPLEMENT:
                paused = e.at
                if figures:
                    figures.rework += 1
                    figures.decisions[e.action] += 1
                continue
            if e.action == Action.SUPPLEMENT and paused is not None:
                held += working_minutes(calendar, paused, e.at)
                paused = None
                continue
            if figures and e.action in DECISIONS:
                figures.decisions[e.action] += 1
            if e.action == Action.COMPLETE_STEP and figures and entered is not None:
                spent = max(working_minutes(calendar, entered, e.at) - held, 0)
                figures.visits += 1
                figures.minutes.append(spent)
                figures.by_officer[e.resource].append(spent)
                figures.by_unit[e.agency].append(spent)
                total += spent
                entered, held = e.at, 0
    return Discovery(
        log=log,
        steps=[steps[k] for k in sorted(steps)],
        activities=activities,
        edges=edges,
        variants=variants,
        conforming=conforming,
        deviations=deviations,
        with_rework=with_rework,
        total_minutes=total,
    )


# ---------------------------------------------------------------------------------------------
# Picture

BOX_W, BOX_H, GAP, TOP = 200, 100, 60, 60


def _wrap(text: str, width: int = 22) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3]


def process_svg(discovery: Discovery, *, title_id: str = "quy-trinh-title") -> str:
    """The approved steps left to right with the real flow between them; slow steps drawn with a
    thick dashed red border and the word "Chậm" (never colour alone); supplement loops below."""
    steps: Sequence[StepFigures] = discovery.steps
    width = GAP + len(steps) * (BOX_W + GAP)
    height = TOP + BOX_H + 150
    title = _("Quy trình thực tế của thủ tục %(code)s") % {"code": discovery.log.procedure_code}
    slow_names = ", ".join(s.name for s in steps if s.slow) or _("không có")
    desc = _(
        "%(n)s hồ sơ. Các bước theo thứ tự, mỗi bước ghi thời gian thực tế trung bình so với định "
        "mức. Bước chậm: %(slow)s. Số liệu chi tiết ở bảng bên dưới."
    ) % {"n": discovery.traces, "slow": slow_names}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {title_id}-desc" class="process-map">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{title_id}-desc">{escape(desc)}</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#0b0c0c"/></marker></defs>',
    ]
    names = [s.name for s in steps]
    for i, s in enumerate(steps):
        x = GAP + i * (BOX_W + GAP)
        stroke = (
            'stroke="#d4351c" stroke-width="5" stroke-dasharray="10 4"'
            if s.slow
            else 'stroke="#0b0c0c" stroke-width="2"'
        )
        fill = "#fbe9e6" if s.slow else ("#f3f2f1" if s.passes_through else "#ffffff")
        out.append(
            f'<rect x="{x}" y="{TOP}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" {stroke}/>'
        )
        for j, line in enumerate(_wrap(f"{s.order}. {s.name}")):
            out.append(
                f'<text x="{x + 8}" y="{TOP + 20 + j * 18}" font-size="15" fill="#0b0c0c">'
                f"{escape(line)}</text>"
            )
        hours = s.mean / 60
        norm = s.norm_minutes / 60
        label = _("%(real)s giờ / định mức %(norm)s giờ") % {
            "real": number_format(hours, 1),
            "norm": number_format(norm, 1),
        }
        out.append(
            f'<text x="{x + 8}' + f'" y="{TOP + BOX_H - 10}" font-size="14" fill="#0b0c0c">'
            f"{escape(label)}</text>"
        )
        if s.slow:
            out.append(
                f'<text x="{x + 8}" y="{TOP - 10}" font-size="14" font-weight="bold" '
                f'fill="#d4351c">{escape(_("Chậm"))} ×{number_format(s.ratio, 2)}</text>'
            )
        elif s.passes_through:
            out.append(
                f'<text x="{x + 8}" y="{TOP - 10}" font-size="14" fill="#505a5f">'
                f"{escape(_('Chỉ chuyển tiếp'))}</text>"
            )
        if i + 1 < len(steps):
            count = discovery.edges.get((s.name, names[i + 1]), 0)
            x1, x2, y = x + BOX_W, x + BOX_W + GAP, TOP + BOX_H // 2
            out.append(
                f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="#0b0c0c" '
                'stroke-width="2" marker-end="url(#arrow)"/>'
            )
            out.append(
                f'<text x="{x1 + 6}" y="{y - 6}" font-size="14" fill="#0b0c0c">{count}</text>'
            )
        if s.rework:
            cx = x + BOX_W // 2
            y0, y1 = TOP + BOX_H, TOP + BOX_H + 70
            out.append(
                f'<path d="M{cx - 30},{y0} C{cx - 30},{y1} {cx + 30},{y1} {cx + 30},{y0}" '
                'fill="none" stroke="#1d70b8" stroke-width="2" stroke-dasharray="4 3" '
                'marker-end="url(#arrow)"/>'
            )
            text = _("Bổ sung: %(n)s lần") % {"n": s.rework}
            out.append(
                f'<text x="{cx - 50}" y="{y1 + 16}" font-size="14" fill="#1d70b8">'
                f"{escape(text)}</text>"
            )
    out.append("</svg>")
    return "".join(out)
