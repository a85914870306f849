import gc
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import pdfa
from reportlab.pdfgen.canvas import Canvas

from motcua.dossiers.paper import result_pdf
from motcua.dossiers.paper.slips import FONT, pdf_fonts

AT = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)


class _Dropped:
    """What a worker leaves behind: a reference cycle that keeps a file open until collected."""

    def __init__(self, path: Path) -> None:
        self.itself = self
        self.file = path.open("rb")


def _one_page() -> bytes:
    pdf_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, initialFontName=FONT)
    canvas.drawString(100, 700, "Kết quả giải quyết thủ tục hành chính")
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def eager_collection() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.set_threshold(1)
    yield
    gc.set_threshold(*threshold)


def test_garbage_left_by_the_process_is_not_collected_while_the_file_is_checked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, eager_collection: None
) -> None:
    # given: pikepdf counts any warning raised inside its check as a fault of the file, and an
    # unclosed file that a collection finalises there warns; the check is where garbage appears
    leaked = tmp_path / "design.css"
    leaked.write_text("body {}")
    real_save = pdfa.save
    alive_after_check: list[bool] = []

    def save_leaving_garbage(*args: Any, **kwargs: Any) -> object:
        dropped = _Dropped(leaked)
        watched = weakref.ref(dropped)
        del dropped
        result = real_save(*args, **kwargs)
        alive_after_check.append(watched() is not None)
        watched_object = watched()
        if watched_object is not None:
            watched_object.file.close()
        return result

    monkeypatch.setattr(pdfa, "save", save_leaving_garbage)

    # when
    archived = result_pdf.archival(_one_page(), at=AT)

    # then: nothing was collected during the check, so nothing could be finalised inside it
    assert alive_after_check == [True]
    assert gc.isenabled()
    with pikepdf.open(BytesIO(archived)) as document:
        assert document.open_metadata()["pdfaid:part"] == "2"


def test_collection_stays_off_after_the_check_when_the_caller_had_turned_it_off() -> None:
    gc.disable()
    try:
        result_pdf.archival(_one_page(), at=AT)
        assert not gc.isenabled()
    finally:
        gc.enable()
