"""A small PDF to sign, made with reportlab."""

from io import BytesIO

from reportlab.pdfgen.canvas import Canvas


def sample_pdf(text: str = "Giay chung nhan mau") -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
