"""Optical character recognition of scans: a searchable PDF and its text, with Tesseract.

Images go to Tesseract as they are; a PDF is first rasterised with ``pdftoppm`` (poppler) at
300 dpi, the resolution Tesseract is trained for. Tesseract writes, in one run, a PDF with the
page images and an invisible text layer (so the PDF can be searched and copied from) and the
plain text. Both run as real subprocesses with a time limit, one thread each, in a private
temporary directory that is removed afterwards.
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.text import nfc

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


def ocr_run(*, data: bytes, kind: str, language: str | None = None) -> OcrResult:
    """OCR ``data`` (``kind`` pdf, jpeg or png, already through the upload gate)."""
    missing = ocr_available()
    if missing:
        raise OcrFailed(missing)
    language = language or settings.MOTCUA_OCR_LANGUAGE
    timeout = float(settings.MOTCUA_OCR_TIMEOUT_SECONDS)
    tesseract = shutil.which("tesseract") or "tesseract"
    with tempfile.TemporaryDirectory(prefix="motcua-ocr-") as folder:
        work = Path(folder)
        if kind == "pdf":
            (work / "in.pdf").write_bytes(data)
            _run(
                [
                    shutil.which("pdftoppm") or "pdftoppm",
                    "-r",
                    str(DPI),
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
            [tesseract, source, "out", "-l", language, "--dpi", str(DPI), "pdf", "txt"],
            cwd=work,
            timeout=timeout,
        )
        pdf = (work / "out.pdf").read_bytes()
        text = (work / "out.txt").read_text(encoding="utf-8", errors="replace")
    return OcrResult(
        pdf=pdf, text=nfc(text).replace("\f", "\n").strip(), pages=pages, language=language
    )
