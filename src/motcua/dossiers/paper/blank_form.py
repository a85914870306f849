"""The blank official template of a declaration form, as a PDF for paper filing.

Drawn from the form's JSON Schema (:mod:`motcua.catalog.form_schema`): the national title
(Quốc hiệu, tiêu ngữ), the template's number and the document issuing it, the form's title, the
agency addressed, then each heading with its questions as dotted lines to write on, the choices
as boxes to tick, a repeating group as a ruled table, and the declarant's commitment and
signature block. Same input, same bytes; the fonts are those of the slips, embedded.
"""

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from motcua.catalog.form_schema import (
    choice_labels,
    group_rows,
    is_group,
    properties_of,
    sections_of,
    source_of,
)
from motcua.dossiers.paper.slips import FONT, MOTTO, MOTTO_LINE, _styles, _t, pdf_fonts

SIZE = 11
MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
BOX = "[  ]"
#: A question whose answer may be long gets a second line to write on.
LONG_ANSWER = 300


def _dots(text: str, *, lines: int = 1) -> str:
    """Dots from the end of ``text`` to the right margin (and ``lines - 1`` lines more)."""
    dot = stringWidth(".", FONT, SIZE)
    used = stringWidth(text, FONT, SIZE) % WIDTH
    # a margin of safety: a line of dots a little too long would wrap whole to the next line
    room = (WIDTH - used) * 0.95
    if room < 25 * mm:
        room += WIDTH * 0.95
    count = int(room / dot) + int(WIDTH * 0.95 / dot) * (lines - 1)
    return "." * count


def _question(title: str, spec: Mapping[str, Any]) -> str:
    """One question as Paragraph markup: the wording and where to answer."""
    if spec.get("type") == "boolean":
        return f"{BOX} {_t(title)}"
    if "enum" in spec:
        boxes = "&nbsp;&nbsp;&nbsp;".join(f"{BOX} {_t(label)}" for _v, label in choice_labels(spec))
        return f"{_t(title)}: {boxes}"
    lines = 2 if int(spec.get("maxLength") or 0) > LONG_ANSWER else 1
    return f"{_t(title)}: {_dots(title + ': ', lines=lines)}"


def _group(spec: Mapping[str, Any], cell: ParagraphStyle) -> Table:
    """A repeating group: a ruled table, its columns headed, ``x-rows`` lines to fill."""
    columns = properties_of(spec["items"])
    head = ["TT", *(str(sub.get("title") or name) for name, sub in columns.items())]
    rows = [[Paragraph(_t(text), cell) for text in head]]
    rows += [[str(n + 1), *([""] * len(columns))] for n in range(group_rows(spec))]
    first = 10 * mm
    table = Table(
        rows,
        colWidths=[first, *([(WIDTH - first) / len(columns)] * len(columns))],
        rowHeights=[None, *([8 * mm] * group_rows(spec))],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), SIZE - 1),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ]
        )
    )
    return table


def blank_form_pdf(
    *, schema: Mapping[str, Any], title: str, procedure_code: str, procedure_name: str
) -> bytes:
    """The paper template of a form component, every question left blank."""
    pdf_fonts()
    s = _styles(SIZE)
    source = source_of(schema)
    story: list[Flowable] = []
    if source.number:
        basis = f"<br/>(Ban hành kèm theo {_t(source.legal_basis)})" if source.legal_basis else ""
        story.append(Paragraph(f"<b>{_t(source.number)}</b>{basis}", s.right))
    story += [
        Spacer(1, 3 * mm),
        Paragraph(MOTTO, s.centre_bold),
        Paragraph(f"<u>{MOTTO_LINE}</u>", s.centre_bold),
        Spacer(1, 6 * mm),
        Paragraph(_t(title.upper()), s.title),
        Spacer(1, 4 * mm),
    ]
    addressee = f"Kính gửi: {source.addressee}" if source.addressee else "Kính gửi:"
    story.append(Paragraph(f"{_t(addressee)} {_dots(addressee + ' ')}", s.body))
    properties = properties_of(schema)
    for section in sections_of(schema):
        if section.title:
            story += [Spacer(1, 2 * mm), Paragraph(_t(section.title), s.bold)]
        for prop in section.properties:
            spec = properties[prop] or {}
            wording = str(spec.get("title") or prop)
            if is_group(spec):
                table = _group(spec, s.small)
                story += [Paragraph(_t(wording), s.body), Spacer(1, 1 * mm), table]
                continue
            story.append(Paragraph(_question(wording, spec), s.body))
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
            "trước pháp luật về lời khai của mình.",
            s.body,
        ),
        Spacer(1, 4 * mm),
        Paragraph("............, ngày ...... tháng ...... năm ..........", s.right),
        Paragraph("<b>NGƯỜI KÊ KHAI</b><br/>(Ký, ghi rõ họ, chữ đệm và tên)", s.right),
        Spacer(1, 20 * mm),
        Paragraph(
            _t(f"Thủ tục {procedure_code}: {procedure_name}. Mẫu để điền tay và nộp trực tiếp "
               "hoặc qua bưu chính."),
            s.small,
        ),
    ]  # fmt: skip
    out = BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=procedure_code,
        invariant=True,
        # every font of the file embedded: the page starts in the form's font, not Helvetica
        initialFontName=FONT,
    ).build(story)
    return out.getvalue()
