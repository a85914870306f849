"""Biên lai điện tử: the e-receipt of a fee, drawn as a PDF with its series and number."""

import io
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from motcua.core.localtime import LOCAL_TZ
from motcua.payments.words import amount_in_words, format_dong

FONT = "MotcuaReceipt"
FONT_BOLD = "MotcuaReceipt-Bold"
_FONT_FILES = (
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
_SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/google-noto",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
)


@cache
def _fonts(font_dir: str) -> None:
    folders = [Path(font_dir)] if font_dir else [Path(p) for p in _SYSTEM_FONT_DIRS]
    for regular, bold in _FONT_FILES:
        for folder in folders:
            if (folder / regular).is_file() and (folder / bold).is_file():
                pdfmetrics.registerFont(TTFont(FONT, str(folder / regular)))
                pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / bold)))
                return
    message = (
        "No font with Vietnamese glyphs for the e-receipt: install fonts-noto-core, or set "
        "MOTCUA_PDF_FONT_DIR to a folder with NotoSans or DejaVuSans."
    )
    raise ImproperlyConfigured(message)


@dataclass(frozen=True)
class ReceiptData:
    agency_name: str
    agency_code: str
    series: str
    number: str
    sequence: int
    payer_name: str
    reference: str
    description: str
    amount: int
    method_label: str
    transaction_no: str
    paid_at: datetime


def receipt_pdf(data: ReceiptData) -> bytes:
    _fonts(settings.MOTCUA_PDF_FONT_DIR)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    bold = ParagraphStyle("bold", parent=body, fontName=FONT_BOLD)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=bold, fontSize=14, leading=18, alignment=TA_CENTER)
    paid = data.paid_at.astimezone(LOCAL_TZ)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A5),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Biên lai {data.number}",
        author=data.agency_name,
    )
    header = Table(
        [
            [
                Paragraph(f"<b>{escape(data.agency_name)}</b>", body),
                Paragraph(f"Ký hiệu: {escape(data.series)}<br/>Số: {data.sequence:07d}", body),
            ]
        ],
        colWidths=[110 * mm, 60 * mm],
    )
    rows = [
        ("Người nộp", data.payer_name),
        ("Mã hồ sơ", data.reference),
        ("Nội dung thu", data.description),
        ("Số tiền", format_dong(data.amount)),
        ("Bằng chữ", amount_in_words(data.amount)),
        ("Hình thức thanh toán", data.method_label),
    ]
    if data.transaction_no:
        rows.append(("Mã giao dịch", data.transaction_no))
    details = Table(
        [[Paragraph(escape(k), bold), Paragraph(escape(v), body)] for k, v in rows],
        colWidths=[45 * mm, 125 * mm],
    )
    story = [
        header,
        Spacer(1, 4 * mm),
        Paragraph("BIÊN LAI THU PHÍ, LỆ PHÍ", title),
        Paragraph("(Biên lai điện tử)", centre),
        Paragraph(f"Số biên lai: {escape(data.number)}", centre),
        Spacer(1, 4 * mm),
        details,
        Spacer(1, 4 * mm),
        Paragraph(
            f"Ngày {paid:%d} tháng {paid:%m} năm {paid:%Y}, lúc {paid:%H:%M}. "
            f"Đơn vị thu: {escape(data.agency_name)} (mã {escape(data.agency_code)}).",
            body,
        ),
    ]
    document.build(story)
    return buffer.getvalue()
