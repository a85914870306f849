"""The PDF of a dossier's result (kết quả giải quyết TTHC điện tử), before it is signed.

Pure, like :mod:`motcua.dossiers.paper.slips`: plain data in, bytes out. The QR code (Circular 01/2023)
holds the address of the public verification page; the verification code is printed beside it so
that it can be typed in as well.

The file is PDF/A-2b (ISO 19005-2, the archival form Decree 30/2020 and TCVN 13702 ask of an
electronic document kept for the long term): fonts embedded, an sRGB output intent and XMP
metadata declaring the part, written and checked by ``pikepdf.pdfa``. A PAdES signature added as an
incremental update keeps it so.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import pdfa
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from motcua.core.localtime import LOCAL_TZ
from motcua.dossiers.paper.slips import (
    FONT,
    FONT_BOLD,
    MOTTO,
    MOTTO_LINE,
    QrFlowable,
    format_day,
    pdf_fonts,
)


@dataclass(frozen=True)
class ResultDocument:
    agency_name: str
    title: str
    number: str
    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id: str
    applicant_address: str
    lines: tuple[tuple[str, str], ...]  # (label, value) of the dossier's data
    verification_code: str
    verify_url: str
    issued_at: datetime
    #: What the officer wrote (label, text): the record statement of a judicial-record certificate.
    statement: tuple[str, str] | None = None
    signer_title: str = ""
    #: Empty while nobody who signs has seen it (a specialist's draft).
    signer_name: str = ""
    place: str = "Hà Nội"
    #: The template's legal grounds (căn cứ), its paragraphs before the lines and after the
    #: statement, already filled in.
    basis: tuple[str, ...] = ()
    #: The issuing agency's superior (cơ quan chủ quản), printed above it in the header.
    superior_name: str = ""
    body: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()


def _t(value: object) -> str:
    return escape(str(value))


def render_result(document: ResultDocument) -> bytes:
    """The unsigned PDF of ``document``; the same input gives the same bytes."""
    pdf_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    centre_bold = ParagraphStyle("centre_bold", parent=centre, fontName=FONT_BOLD)
    title = ParagraphStyle(
        "title", parent=centre_bold, fontSize=15, leading=20, spaceBefore=8, spaceAfter=4
    )
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12)
    # "Số:" and the number on one line: the dossier code is long, the agency's column narrow
    number = ParagraphStyle("number", parent=centre, fontSize=9.5, leading=13)
    margin = 20 * mm
    width = A4[0] - 2 * margin
    heading = Table(
        [
            [
                [
                    *(
                        [Paragraph(_t(document.superior_name.upper()), centre)]
                        if document.superior_name
                        else []
                    ),
                    Paragraph(_t(document.agency_name.upper()), centre_bold),
                    Paragraph(f"Số:&nbsp;{_t(document.number)}", number),
                ],
                [
                    Paragraph(_t(MOTTO), centre_bold),
                    Paragraph(f"<u>{_t(MOTTO_LINE)}</u>", centre_bold),
                ],
            ]
        ],
        colWidths=[width * 0.45, width * 0.55],
    )
    heading.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    story = [
        heading,
        Spacer(1, 3 * mm),
        Paragraph(f"<i>{_t(document.place)}, {_t(format_day(document.issued_at))}</i>", centre),
        Paragraph(_t(document.title.upper()), title),
        *(Paragraph(f"<i>{_t(text)}</i>", body) for text in document.basis),
        Paragraph(
            f"Căn cứ hồ sơ đề nghị giải quyết thủ tục “{_t(document.procedure_name)}” "
            f"(mã thủ tục {_t(document.procedure_code)}), mã hồ sơ {_t(document.dossier_code)};",
            body,
        ),
        Spacer(1, 2 * mm),
        *(Paragraph(_t(text), body) for text in document.body),
        Paragraph(f"<b>Cấp cho:</b> {_t(document.applicant_name)}", body),
    ]
    if document.applicant_id:
        story.append(
            Paragraph(f"<b>Số định danh/Mã số thuế:</b> {_t(document.applicant_id)}", body)
        )
    if document.applicant_address:
        story.append(Paragraph(f"<b>Địa chỉ:</b> {_t(document.applicant_address)}", body))
    story += [
        Paragraph(f"<b>{_t(label)}:</b> {_t(value)}", body) for label, value in document.lines
    ]
    if document.statement is not None:
        label, text = document.statement
        story += [Spacer(1, 2 * mm), Paragraph(f"<b>{_t(label)}:</b> {_t(text)}", body)]
    story += [Paragraph(_t(text), body) for text in document.closing]
    if document.signer_title:
        signer = [
            Paragraph(f"<i>{_t(document.place)}, {_t(format_day(document.issued_at))}</i>", centre),
            Paragraph(_t(document.signer_title.upper()).replace("\n", "<br/>"), centre_bold),
            Paragraph("<i>(Đã ký số)</i>", centre),
            Spacer(1, 8 * mm),
            Paragraph(_t(document.signer_name), centre_bold),
        ]
        block = Table([["", signer]], colWidths=[width * 0.45, width * 0.55])
        block.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
        )
        story += [Spacer(1, 6 * mm), block]
    story += [
        Spacer(1, 6 * mm),
        Paragraph("Văn bản điện tử được ký số theo quy định; giá trị pháp lý như bản giấy.", small),
        Spacer(1, 4 * mm),
    ]
    qr_size = 32 * mm
    verify = Table(
        [
            [
                [
                    Paragraph("<b>Xác thực văn bản</b>", body),
                    Paragraph(f"Mã xác thực: <b>{_t(document.verification_code)}</b>", body),
                    Paragraph(f"Quét mã QR hoặc truy cập: {_t(document.verify_url)}", small),
                ],
                QrFlowable(document.verify_url, qr_size),
            ]
        ],
        colWidths=[width - qr_size - 4 * mm, qr_size + 4 * mm],
    )
    verify.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    story.append(verify)
    buffer = BytesIO()
    local = document.issued_at.astimezone(LOCAL_TZ)
    stamp = f"D:{local:%Y%m%d%H%M%S}+07'00'"

    def on_page(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.setDateFormatter(lambda *_args: stamp)

    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"{document.title} - {document.dossier_code}",
        author=document.agency_name,
        subject=document.title,
        creator="motcua",
        producer="motcua",
        invariant=1,
        lang="vi",
        initialFontName=FONT,
    ).build(story, onFirstPage=on_page, onLaterPages=on_page)
    return archival(buffer.getvalue(), at=local)


def archival(pdf: bytes, *, at: datetime) -> bytes:
    """``pdf`` (reportlab's, fonts embedded) as PDF/A-2b, its metadata dated ``at`` so that the
    same input still gives the same bytes; :class:`pikepdf.pdfa.PdfaError` if it does not pass."""
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            # reportlab writes an empty page transition, a key PDF/A does not know
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        pdfa.prepare(document, "2b")
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["xmp:MetadataDate"] = at.isoformat()
            meta["pdf:Producer"] = "motcua"
        out = BytesIO()
        with _no_collection():
            pdfa.save(document, out, "2b", repair=False, deterministic_id=True)
    return out.getvalue()


@contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection while pikepdf checks the file.

    pikepdf records every warning raised while it parses a content stream as a violation of the
    file. A collection in that window finalises whatever the process left unreachable, and an
    unclosed file among it (a download response a client dropped) warns: the leader's signature
    would then fail on a file that has nothing wrong with it. Collection waits until the check ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
