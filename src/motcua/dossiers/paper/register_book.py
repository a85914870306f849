"""The register book (form 07 of Circular 03/2025/TT-VPCP, "Sổ theo dõi hồ sơ"): its rows, read
from the dossiers an officer may see, and the XLSX file.

:func:`register_book` builds the plain data; :func:`register_xlsx` is pure: it takes the
:class:`RegisterBook` and returns the bytes of the workbook. Moments are written in local time
(Asia/Ho_Chi_Minh) as Excel date-times; the sheet prints on A4 landscape.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency, OneStopUnit, User
from motcua.accounts.selectors import officer_roles
from motcua.catalog.models import ProcessStep
from motcua.core.errors import FieldProblem, Forbidden, ValidationFailed
from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.models import Dossier, DossierEvent, DossierStatus, HandOverOutcome
from motcua.dossiers.paper.forms import FORM_TITLES
from motcua.dossiers.selectors import dossiers_visible_to

DATE_FORMAT = "dd/mm/yyyy hh:mm"

#: Column headings, in the order of the circular's form, and their widths.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 6),
    ("Mã hồ sơ", 28),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 26),
    ("Địa chỉ, số điện thoại", 30),
    ("Cơ quan chủ trì giải quyết", 30),
    ("Ngày, tháng, năm nhận hồ sơ", 17),
    ("Ngày, tháng, năm hẹn trả kết quả", 17),
    ("Ngày, tháng, năm chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Ngày, tháng, năm nhận kết quả từ cơ quan giải quyết", 17),
    ("Ngày, tháng, năm trả kết quả cho người nộp", 17),
    ("Ghi chú", 24),
)
HEADER_ROW = 5


@dataclass(frozen=True)
class RegisterRow:
    number: int
    code: str
    procedure_name: str
    sets: int
    applicant_name: str
    address_phone: str
    lead_agency: str
    received_at: datetime
    due_at: datetime | None
    forwarded_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    note: str


@dataclass(frozen=True)
class RegisterBook:
    agency_code: str
    agency_name: str
    unit_name: str
    date_from: date
    date_to: date
    rows: tuple[RegisterRow, ...]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def _register_row(dossier: Dossier, number: int, first_step: int | None) -> RegisterRow:
    events: list[DossierEvent] = list(dossier.events.all())
    forwarded = next(
        (
            e.at
            for e in events
            if e.action == "complete_step" and e.from_step == first_step and first_step is not None
        ),
        None,
    )
    result = next((e.at for e in events if e.to_status == DossierStatus.RESULT_READY), None)
    returned = next((e.at for e in events if e.to_status == DossierStatus.RETURNED), None)
    notes: list[str] = []
    if dossier.supplement_requested_count:
        notes.append(str(DossierStatus.SUPPLEMENT_REQUESTED.label))
    if dossier.status in {DossierStatus.REFUSED, DossierStatus.STOPPED, DossierStatus.WITHDRAWN}:
        notes.append(str(DossierStatus(dossier.status).label))
    if returned is not None and dossier.due_at is not None and returned > dossier.due_at:
        notes.append(str(HandOverOutcome.LATE.label))
    applicant = dossier.applicant
    return RegisterRow(
        number=number,
        code=dossier.code,
        procedure_name=dossier.procedure_version.name,
        sets=1,
        applicant_name=applicant.name,
        address_phone=", ".join(v for v in (applicant.address, applicant.phone) if v),
        lead_agency=dossier.competent_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        forwarded_at=forwarded,
        result_at=result,
        returned_at=returned,
        note="; ".join(notes),
    )


def register_book(
    *,
    agency_code: str,
    date_from: date,
    date_to: date,
    user: User | AnonymousUser | None = None,
    unit_id: int | None = None,
) -> RegisterBook:
    """The register book (form 07) of the dossiers received by one agency (and unit) in a period.

    ``date_from`` and ``date_to`` are local days, both included. Rows are numbered continuously
    through the calendar year, as the paper book is: the first row of a period starting in March
    carries the number after the last dossier received that year before it. With ``user``, only
    an officer holding a role in the agency on ``date_to`` (or a superuser) may read it
    (:class:`Forbidden`); without, the caller is the system (the command line).
    """
    problems: list[FieldProblem] = []
    agency = Agency.objects.filter(code=agency_code.strip()).first()
    if agency is None:
        problems.append(
            FieldProblem(
                "agency",
                _("Không tìm thấy cơ quan có mã định danh %(code)s.") % {"code": agency_code},
            )
        )
    if date_to < date_from:
        problems.append(FieldProblem("to", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")))
    unit = None
    if unit_id is not None and agency is not None:
        unit = OneStopUnit.objects.filter(pk=unit_id, agency=agency).first()
        if unit is None:
            problems.append(
                FieldProblem("unit", _("Không tìm thấy bộ phận một cửa này của cơ quan."))
            )
    if problems or agency is None:
        raise ValidationFailed(_("Tham số sổ theo dõi hồ sơ không hợp lệ."), problems=problems)
    if user is not None:
        allowed = isinstance(user, User) and (
            user.is_superuser
            or any(r.agency_id == agency.pk for r in officer_roles(user=user, on=date_to))
        )
        if not allowed:
            raise Forbidden(
                _("Chỉ cán bộ của %(agency)s mới được xem sổ theo dõi hồ sơ của cơ quan này.")
                % {"agency": agency.name}
            )
    base = (
        dossiers_visible_to(user=user, on=date_to)
        if isinstance(user, User)
        else Dossier.objects.select_related(
            "procedure_version__procedure", "competent_agency", "applicant"
        )
    ).filter(receiving_agency=agency)
    if unit is not None:
        base = base.filter(receiving_unit=unit)
    start, end = _day_start(date_from), _day_start(date_to + timedelta(days=1))
    dossiers = list(
        base.filter(received_at__gte=start, received_at__lt=end)
        .select_related("applicant", "competent_agency", "procedure_version")
        .prefetch_related("events")
        .order_by("received_at", "code")
    )
    first_steps = dict(
        ProcessStep.objects.filter(version_id__in={d.procedure_version_id for d in dossiers})
        .order_by("version_id", "-order")
        .values_list("version_id", "order")
    )
    rows: list[RegisterRow] = []
    year = date_from.year
    number = base.filter(
        received_at__gte=_day_start(date(year, 1, 1)), received_at__lt=start
    ).count()
    for dossier in dossiers:
        local_year = dossier.received_at.astimezone(LOCAL_TZ).year
        if local_year != year:
            year, number = local_year, 0
        number += 1
        rows.append(_register_row(dossier, number, first_steps.get(dossier.procedure_version_id)))
    return RegisterBook(
        agency_code=agency.code,
        agency_name=agency.name,
        unit_name=unit.name if unit else "",
        date_from=date_from,
        date_to=date_to,
        rows=tuple(rows),
    )


# --- The XLSX file ------------------------------------------------------------------------


def _local(value: datetime | None) -> datetime | None:
    """A naive local date-time (Excel has no time zones)."""
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None) if value is not None else None


def register_xlsx(book: RegisterBook) -> bytes:
    """The register book as an XLSX workbook with one sheet."""
    # openpyxl is loaded by the first export, not by every web worker at start.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from motcua.core.xlsx import put

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "So theo doi ho so"
    last = get_column_letter(len(COLUMNS))
    bold = Font(bold=True)
    title = FORM_TITLES["07"].upper()
    put(
        sheet,
        row=1,
        column=1,
        value=book.agency_name.upper() + (f" - {book.unit_name}" if book.unit_name else ""),
    )
    sheet["A1"].font = bold
    put(sheet, row=2, column=1, value=title)
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    put(
        sheet,
        row=3,
        column=1,
        value=f"Từ ngày {book.date_from:%d/%m/%Y} đến ngày {book.date_to:%d/%m/%Y} "
        f"(mã định danh cơ quan: {book.agency_code})",
    )
    sheet["A3"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A3:{last}3")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (heading, width) in enumerate(COLUMNS, start=1):
        cell = put(sheet, row=HEADER_ROW, column=index, value=heading)
        cell.font = bold
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(book.rows, start=1):
        values = (
            row.number,
            row.code,
            row.procedure_name,
            row.sets,
            row.applicant_name,
            row.address_phone,
            row.lead_agency,
            _local(row.received_at),
            _local(row.due_at),
            _local(row.forwarded_at),
            _local(row.result_at),
            _local(row.returned_at),
            row.note,
        )
        for index, value in enumerate(values, start=1):
            cell = put(sheet, row=HEADER_ROW + offset, column=index, value=value)
            cell.border = border
            cell.alignment = wrap
            if isinstance(value, datetime):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    workbook.properties.title = f"{FORM_TITLES['07']} - {book.agency_code}"
    workbook.properties.creator = "motcua"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
