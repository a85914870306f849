"""Optical character recognition of scans: a searchable PDF and its text, with Tesseract.

Images go to Tesseract as they are; a PDF is first rasterised with ``pdftoppm`` (poppler) at
300 dpi, the resolution Tesseract is trained for, or lower for a page so large that it would
exceed the pixel limit of images (``MOTCUA_MAX_IMAGE_PIXELS``). Tesseract writes, in one run, a PDF with the
page images and an invisible text layer (so the PDF can be searched and copied from) and the
plain text. Both run as real subprocesses with a time limit, one thread each, in a private
temporary directory that is removed afterwards.
"""

import io
import math
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.metrics import OCR_DURATION, duration_observed
from motcua.core.text import nfc
from motcua.documents.pdf_inspection import pdf_page_size_cm

#: Rasterising resolution for PDF input.
DPI = 300
#: Pages OCR'd from one PDF; a longer paper document is scanned in parts.
MAX_PAGES = 30


class OcrFailed(DomainError):
    """Tesseract or poppler is missing, failed or took too long; nothing was stored."""

    code = "ocr_failed"


@dataclass(frozen=True)
class OcrResult:
    pdf: bytes
    text: str
    pages: int
    language: str


def ocr_available() -> str | None:
    """Why OCR cannot run on this machine, or ``None`` when it can."""
    for tool in ("tesseract", "pdftoppm"):
        if shutil.which(tool) is None:
            return _("Máy chủ chưa cài %(tool)s.") % {"tool": tool}
    return None


def _run(command: list[str], *, cwd: Path, timeout: float) -> None:
    # One OpenMP thread: several officers may scan at once on a small server.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        subprocess.run(  # noqa: S603 - fixed tools, arguments are our own temporary paths
            command, cwd=cwd, env=env, check=True, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise OcrFailed(_("Nhận dạng văn bản quá thời gian cho phép.")) from error
    except (subprocess.CalledProcessError, OSError) as error:
        raise OcrFailed(_("Không nhận dạng được văn bản của bản quét.")) from error


def ocr_render_dpi(data: bytes) -> int:
    """The resolution a PDF is rendered at: :data:`DPI`, lower when its largest page would then
    have more than ``MOTCUA_MAX_IMAGE_PIXELS`` pixels (a drawing on a large sheet)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        areas = [w * h for w, h in (pdf_page_size_cm(page) for page in pdf.pages[:MAX_PAGES])]
    square_inches = max(areas, default=0.0) / 2.54**2
    if square_inches <= 0:
        return DPI
    fitting = int(math.sqrt(settings.MOTCUA_MAX_IMAGE_PIXELS / square_inches))
    return max(1, min(DPI, fitting))


def ocr_run(*, data: bytes, kind: str, language: str | None = None) -> OcrResult:
    """OCR ``data`` (``kind`` pdf, jpeg or png, already through the upload gate)."""
    missing = ocr_available()
    if missing:
        raise OcrFailed(missing)
    language = language or settings.MOTCUA_OCR_LANGUAGE
    timeout = float(settings.MOTCUA_OCR_TIMEOUT_SECONDS)
    tesseract = shutil.which("tesseract") or "tesseract"
    dpi = DPI
    with (
        duration_observed(OCR_DURATION, kind=kind),
        tempfile.TemporaryDirectory(prefix="motcua-ocr-") as folder,
    ):
        work = Path(folder)
        if kind == "pdf":
            dpi = ocr_render_dpi(data)
            (work / "in.pdf").write_bytes(data)
            _run(
                [
                    shutil.which("pdftoppm") or "pdftoppm",
                    "-r",
                    str(dpi),
                    "-gray",
                    "-png",
                    "-l",
                    str(MAX_PAGES),
                    "in.pdf",
                    "page",
                ],
                cwd=work,
                timeout=timeout,
            )
            images = sorted(work.glob("page-*.png"))
            if not images:
                raise OcrFailed(_("Tệp PDF không có trang nào để nhận dạng."))
            (work / "pages.txt").write_text("".join(f"{image.name}\n" for image in images))
            source = "pages.txt"
            pages = len(images)
        else:
            source = "in.png" if kind == "png" else "in.jpg"
            (work / source).write_bytes(data)
            pages = 1
        _run(
            [tesseract, source, "out", "-l", language, "--dpi", str(dpi), "pdf", "txt"],
            cwd=work,
            timeout=timeout,
        )
        pdf = (work / "out.pdf").read_bytes()
        text = (work / "out.txt").read_text(encoding="utf-8", errors="replace")
    return OcrResult(
        pdf=pdf, text=nfc(text).replace("\f", "\n").strip(), pages=pages, language=language
    )
