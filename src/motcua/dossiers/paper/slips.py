"""PDF rendering of forms 01–06 of Circular 03/2025/TT-VPCP, each with its QR code.

Pure: a renderer takes the plain data of :mod:`motcua.dossiers.paper.forms` and the moment ``at``
(the PDF's creation date) and returns bytes; the same input gives the same bytes. Forms 01–05 print
on A5, the process-control slip (06) on A4. The text is set in a TrueType font with Vietnamese
glyphs, embedded in the file (:func:`pdf_fonts`).

The wording of the forms is the legal Vietnamese text of the circular, not translated.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.paper.forms import (
    ApologySlip,
    ControlSlip,
    NoticeSlip,
    ReceiptSlip,
    Slip,
    SlipHeader,
)
from motcua.dossiers.paper.qr import QrContent, qr_matrix, qr_text

FONT = "MotcuaSans"
FONT_BOLD = "MotcuaSans-Bold"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"

#: Font file pairs (regular, bold) with Vietnamese glyphs, in order of preference.
_FONT_FILES = (
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
#: System folders searched when ``MOTCUA_PDF_FONT_DIR`` is empty (Debian/Ubuntu, Fedora, Arch).
_SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/share/fonts/TTF",
)


class FontNotFound(ImproperlyConfigured):
    """No TrueType font with Vietnamese glyphs could be found."""


def font_files(font_dir: str = "") -> tuple[Path, Path]:
    """The (regular, bold) font files to embed: from ``font_dir`` if given, else system folders.

    Raises :class:`FontNotFound` naming the package to install when none is there.
    """
    folders = [Path(font_dir)] if font_dir else [Path(p) for p in _SYSTEM_FONT_DIRS]
    for regular, bold in _FONT_FILES:
        for folder in folders:
            if (folder / regular).is_file() and (folder / bold).is_file():
                return folder / regular, folder / bold
    names = ", ".join(f"{r} + {b}" for r, b in _FONT_FILES)
    where = font_dir or ", ".join(_SYSTEM_FONT_DIRS)
    raise FontNotFound(
        f"No font with Vietnamese glyphs for PDF slips ({names}) in {where}. Install the "
        "Debian package fonts-noto-core (or fonts-dejavu-core), or set MOTCUA_PDF_FONT_DIR to a "
        "folder holding one of these pairs."
    )


@cache
def _register_fonts(font_dir: str) -> None:
    regular, bold = font_files(font_dir)
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT)


def pdf_fonts() -> None:
    """Register the embedded fonts once per process (per configured folder)."""
    _register_fonts(settings.MOTCUA_PDF_FONT_DIR)


def format_moment(value: datetime | None) -> str:
    """``HH giờ mm phút, ngày dd tháng MM năm yyyy`` in local time (empty for none)."""
    if value is None:
        return ""
    local = value.astimezone(LOCAL_TZ)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def format_day(value: datetime | date) -> str:
    day = value.astimezone(LOCAL_TZ).date() if isinstance(value, datetime) else value
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    bold: ParagraphStyle
    centre: ParagraphStyle
    centre_bold: ParagraphStyle
    title: ParagraphStyle
    right: ParagraphStyle
    small: ParagraphStyle


def _styles(size: float) -> _Styles:
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.35)
    return _Styles(
        body=body,
        bold=ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        centre=ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
        centre_bold=ParagraphStyle("centre_bold", parent=body, fontName=FONT_BOLD, alignment=1),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=size + 2,
            leading=(size + 2) * 1.3,
            alignment=TA_CENTER,
            spaceBefore=4,
            spaceAfter=2,
        ),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        small=ParagraphStyle("small", parent=body, fontSize=size - 2, leading=(size - 2) * 1.3),
    )


def _t(value: object) -> str:
    """Text safe inside a Paragraph's markup."""
    return escape(str(value))


class QrFlowable(Flowable):  # type: ignore[misc]
    """The QR code of a slip, drawn as vector squares with its 4-module quiet zone."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(text)
        self.size = size
        self.width = size
        self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas: Canvas = self.canv
        count = len(self.matrix) + 8
        module = self.size / count
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for y, row in enumerate(self.matrix):
            x = 0
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                canvas.rect(
                    (start + 4) * module,
                    self.size - (y + 5) * module,
                    (x - start) * module,
                    module,
                    stroke=0,
                    fill=1,
                )


def _qr_content(header: SlipHeader) -> QrContent:
    return QrContent(
        dossier_code=header.dossier_code,
        procedure_code=header.procedure_code,
        applicant_id=header.applicant_id,
        document_name=header.title,
        lookup_url=header.lookup_url,
    )


def _heading(header: SlipHeader, s: _Styles, width: float) -> list[Flowable]:
    left = [Paragraph(_t(header.agency_name.upper()), s.centre)]
    if header.unit_name:
        left.append(Paragraph(_t(header.unit_name.upper()), s.centre_bold))
    right = [
        Paragraph(_t(MOTTO), s.centre_bold),
        Paragraph(f"<u>{_t(MOTTO_LINE)}</u>", s.centre_bold),
    ]
    table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        table,
        Spacer(1, 2 * mm),
        Paragraph(f"<i>{_t(format_day(header.issued_at).capitalize())}</i>", s.right),
        Paragraph(_t(header.title.upper()), s.title),
    ]


@dataclass(frozen=True)
class SlipVerification:
    """The mark of a slip signed with the agency's seal: the code and the address of its public
    verification page (``/verify/<code>/``), printed beside a QR code as on a result."""

    code: str
    url: str


def _code_block(
    header: SlipHeader,
    s: _Styles,
    width: float,
    qr_size: float,
    verification: SlipVerification | None = None,
) -> Flowable:
    text = [
        Paragraph(f"<b>Mã hồ sơ:</b> {_t(header.dossier_code)}", s.body),
        Paragraph(f"<b>Mã thủ tục:</b> {_t(header.procedure_code)}", s.body),
        Paragraph(
            f"Tra cứu tình trạng hồ sơ bằng mã QR hoặc tại: {_t(header.lookup_url)}", s.small
        ),
    ]
    codes: list[object] = [QrFlowable(qr_text(_qr_content(header)), qr_size)]
    if verification is not None:
        # Beside the lookup QR code, a second one opens the verification page of the seal.
        qr_size = min(qr_size, 24 * mm)
        text += [
            Paragraph(f"<b>Mã xác thực:</b> {_t(verification.code)}", s.body),
            Paragraph(
                f"Văn bản được ký số bằng chữ ký số của {_t(header.agency_name)}; "
                f"xác thực tại: {_t(verification.url)}",
                s.small,
            ),
        ]
        caption = ParagraphStyle("caption", parent=s.small, alignment=TA_CENTER)
        codes = [
            [QrFlowable(qr_text(_qr_content(header)), qr_size), Paragraph("Tra cứu", caption)],
            [QrFlowable(verification.url, qr_size), Paragraph("Xác thực", caption)],
        ]
    column = qr_size + 2 * mm
    table = Table(
        [[text, *codes]],
        colWidths=[width - column * len(codes), *([column] * len(codes))],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (1, 0), (-1, 0), "RIGHT"),
            ]
        )
    )
    return table


def _field(label: str, value: object, s: _Styles) -> Paragraph:
    return Paragraph(f"<b>{_t(label)}:</b> {_t(value)}", s.body)


def _applicant(header: SlipHeader, s: _Styles, lead: str) -> list[Flowable]:
    rows: list[Flowable] = [_field(lead, header.applicant_name, s)]
    if header.applicant_id:
        rows.append(_field("Số định danh cá nhân/Mã số thuế", header.applicant_id, s))
    if header.applicant_address:
        rows.append(_field("Địa chỉ", header.applicant_address, s))
    contact = [v for v in (header.applicant_phone, header.applicant_email) if v]
    if contact:
        rows.append(_field("Số điện thoại, thư điện tử", ", ".join(contact), s))
    rows.append(_field("Nội dung yêu cầu giải quyết", header.procedure_name, s))
    return rows


def _signatures(cells: Sequence[tuple[str, str]], s: _Styles, width: float) -> Flowable:
    column = width / len(cells)
    table = Table(
        [
            [Paragraph(_t(title), s.centre_bold) for title, _name in cells],
            [Paragraph("<i>(Ký và ghi rõ họ tên)</i>", s.centre) for _c in cells],
            [Spacer(1, 14 * mm) for _c in cells],
            [Paragraph(_t(name), s.centre_bold) for _title, name in cells],
        ],
        colWidths=[column] * len(cells),
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _numbered(items: Sequence[str], s: _Styles) -> list[Flowable]:
    return [Paragraph(f"{n}. {_t(item)}", s.body) for n, item in enumerate(items, start=1)]


def _receipt(
    slip: ReceiptSlip, s: _Styles, width: float, verification: SlipVerification | None
) -> list[Flowable]:
    h = slip.header
    place = h.unit_name or h.agency_name
    story: list[Flowable] = [
        _code_block(h, s, width, 30 * mm, verification),
        Paragraph(f"{_t(place)} tiếp nhận hồ sơ ({_t(slip.channel.lower())}) của:", s.body),
        *_applicant(h, s, "Ông/Bà/Tổ chức"),
        Paragraph("<b>1. Thành phần hồ sơ nộp gồm:</b>", s.body),
        *[Paragraph(f"&nbsp;&nbsp;- {_t(c)}", s.body) for c in slip.components],
        _field("2. Số lượng hồ sơ", f"{slip.sets:02d} (bộ)", s),
        _field("3. Thời gian giải quyết hồ sơ theo quy định", slip.processing_time, s),
        _field("4. Thời gian nhận hồ sơ", format_moment(slip.received_at), s),
        _field("5. Thời gian trả kết quả giải quyết hồ sơ", format_moment(slip.due_at), s),
        _field("6. Đăng ký nhận kết quả tại", slip.return_place, s),
        Spacer(1, 3 * mm),
        _signatures(
            [("NGƯỜI NỘP HỒ SƠ", h.applicant_name), ("NGƯỜI TIẾP NHẬN HỒ SƠ", slip.receiver_name)],
            s,
            width,
        ),
    ]
    return story


def _notice(
    slip: NoticeSlip, s: _Styles, width: float, verification: SlipVerification | None
) -> list[Flowable]:
    h = slip.header
    story: list[Flowable] = [
        _code_block(h, s, width, 28 * mm, verification),
        *_applicant(h, s, "Hồ sơ của"),
    ]
    story.append(_field("Thời gian nhận hồ sơ", format_moment(slip.received_at), s))
    if h.form == "02":
        story += [
            Paragraph("<b>Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:</b>", s.body),
            *_numbered(slip.reasons, s),
        ]
        if slip.note:
            story.append(_field("Lý do", slip.note, s))
        story += [
            Paragraph(
                "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với "
                f"{_t(slip.officer_name)}, {_t(slip.contact)} để được hướng dẫn.",
                s.body,
            ),
            _field("Thời gian yêu cầu", format_moment(slip.at), s),
        ]
        signer = "NGƯỜI HƯỚNG DẪN"
    elif h.form == "03":
        story += [
            Paragraph(
                "Qua xem xét, cơ quan, đơn vị tiếp nhận hồ sơ thông báo từ chối tiếp nhận, "
                "giải quyết hồ sơ này với lý do cụ thể như sau:",
                s.body,
            ),
            *_numbered(slip.reasons, s),
        ]
        if slip.note:
            story.append(_field("Ghi chú", slip.note, s))
        story.append(_field("Thời gian từ chối", format_moment(slip.at), s))
        signer = "NGƯỜI TỪ CHỐI"
    else:
        story += [
            Paragraph(
                f"{_t(h.agency_name)} thông báo dừng giải quyết hồ sơ nêu trên kể từ "
                f"{_t(format_moment(slip.at))}, vì các lý do sau:",
                s.body,
            ),
            *_numbered(slip.reasons, s),
        ]
        if slip.note:
            story.append(_field("Ghi chú", slip.note, s))
        story.append(
            Paragraph(
                f"Mọi thắc mắc xin liên hệ {_t(slip.contact)}.",
                s.body,
            )
        )
        signer = "THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT"
    story += [Spacer(1, 3 * mm), _signatures([(signer, slip.officer_name)], s, width)]
    return story


def _apology(
    slip: ApologySlip, s: _Styles, width: float, verification: SlipVerification | None
) -> list[Flowable]:
    h = slip.header
    return [
        _code_block(h, s, width, 28 * mm, verification),
        Paragraph(f"Kính gửi: <b>{_t(h.applicant_name)}</b>", s.body),
        Paragraph(
            f"Ngày {_t(format_moment(slip.received_at))}, cơ quan, đơn vị tiếp nhận hồ sơ "
            f"đề nghị giải quyết thủ tục “{_t(h.procedure_name)}”, mã hồ sơ "
            f"{_t(h.dossier_code)}, hẹn trả kết quả vào "
            f"{_t(format_moment(slip.original_due_at))}.",
            s.body,
        ),
        Paragraph(
            "Tuy nhiên đến nay, cơ quan, đơn vị chưa giải quyết xong hồ sơ của ông/bà.", s.body
        ),
        _field("Lý do", slip.reason or "—", s),
        Paragraph(
            f"Sự chậm trễ này đã gây phiền hà, tốn kém cho ông/bà. {_t(h.agency_name)} "
            "thành thật xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ vào:",
            s.body,
        ),
        Paragraph(f"<b>{_t(format_moment(slip.new_due_at))}</b>", s.centre),
        Paragraph("Mong nhận được sự thông cảm của ông/bà. Xin trân trọng cảm ơn./.", s.body),
        Spacer(1, 3 * mm),
        _signatures([("THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT", slip.officer_name)], s, width),
    ]


def _control(
    slip: ControlSlip, s: _Styles, width: float, verification: SlipVerification | None
) -> list[Flowable]:
    h = slip.header
    story: list[Flowable] = [
        _code_block(h, s, width, 32 * mm, verification),
        *_applicant(h, s, "Người nộp hồ sơ"),
        _field("Cơ quan, đơn vị chủ trì giải quyết", slip.lead_agency, s),
        _field(
            "Cơ quan, đơn vị phối hợp giải quyết",
            ", ".join(slip.coordinating_agencies) or "Không",
            s,
        ),
        _field("Thời gian nhận hồ sơ", format_moment(slip.received_at), s),
        _field("Thời gian hẹn trả kết quả", format_moment(slip.due_at), s),
        Spacer(1, 3 * mm),
    ]
    head = [
        Paragraph(_t(text), s.centre_bold)
        for text in (
            "STT",
            "Tên cơ quan, đơn vị, bước xử lý",
            "Thời gian giao, nhận hồ sơ",
            "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)",
            "Ghi chú",
        )
    ]
    rows: list[list[Flowable]] = [head]
    for row in slip.hand_overs:
        who = (
            f"{_t(row.step)}<br/>1. Giao: {_t(row.sender)}<br/>2. Nhận: {_t(row.receiver)}"
            if row.step
            else f"1. Giao: {_t(row.sender)}<br/>2. Nhận: {_t(row.receiver)}"
        )
        rows.append(
            [
                Paragraph(str(row.seq), s.centre),
                Paragraph(who, s.small),
                Paragraph(_t(format_moment(row.at)), s.small),
                Paragraph(_t(row.outcome), s.centre),
                Paragraph(_t(row.note), s.small),
            ]
        )
    table = Table(
        rows,
        colWidths=[w * width for w in (0.07, 0.36, 0.22, 0.15, 0.20)],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
            ]
        )
    )
    story.append(table)
    return story


#: Printed on a slip served without the agency's seal (no seal certificate, or signing failed).
UNSIGNED_NOTE = (
    "BẢN CHƯA KÝ SỐ: phiếu này chưa được ký số bằng chữ ký số của cơ quan; dùng để theo dõi, "
    "tra cứu hồ sơ. Bản điện tử đã ký số được cấp khi tải lại phiếu."
)


def _unsigned(s: _Styles, width: float) -> Flowable:
    table = Table([[Paragraph(_t(UNSIGNED_NOTE), s.bold)]], colWidths=[width])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black)]))
    return table


def _pdf_date(at: datetime) -> Callable[..., str]:
    local = at.astimezone(LOCAL_TZ)
    stamp = f"D:{local:%Y%m%d%H%M%S}+07'00'"
    return lambda *_args: stamp


def render_slip(
    slip: Slip,
    *,
    at: datetime,
    verification: SlipVerification | None = None,
    unsigned: bool = False,
) -> bytes:
    """The PDF of ``slip``; ``at`` is written as its creation date. Deterministic.

    ``verification`` prints the verification code and QR code of a slip about to be signed with
    the agency's seal; ``unsigned`` prints the visible "chưa ký số" note of one served without it.
    """
    pdf_fonts()
    header = slip.header
    page = A4 if isinstance(slip, ControlSlip) else A5
    margin = 15 * mm if page == A4 else 10 * mm
    width = page[0] - 2 * margin
    styles = _styles(10 if page == A4 else 9)
    if isinstance(slip, ReceiptSlip):
        story = _receipt(slip, styles, width, verification)
    elif isinstance(slip, NoticeSlip):
        story = _notice(slip, styles, width, verification)
    elif isinstance(slip, ApologySlip):
        story = _apology(slip, styles, width, verification)
    else:
        story = _control(slip, styles, width, verification)
    story = [*_heading(header, styles, width), *story]
    if unsigned:
        story += [Spacer(1, 3 * mm), _unsigned(styles, width)]
    buffer = BytesIO()
    title = f"Mẫu {header.form}: {header.title} - {header.dossier_code}"
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=header.agency_name,
        subject=header.title,
        creator="motcua",
        producer="motcua",
        invariant=1,
        lang="vi",
    )
    stamp = _pdf_date(at)

    def on_page(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.setDateFormatter(stamp)
        canvas.setFont(FONT, 7)
        footer = f"Mẫu số {header.form} - {header.dossier_code} - trang {canvas.getPageNumber()}"
        if unsigned:
            footer = f"BẢN CHƯA KÝ SỐ - {footer}"
        canvas.drawRightString(page[0] - margin, margin / 2, footer)

    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
