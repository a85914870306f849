"""OCR's rendering resolution: 300 dpi, lower for a page that would exceed the pixel limit."""

import pytest
from pytest_django.fixtures import Settings

from motcua.documents.ocr import DPI, ocr_render_dpi
from motcua.documents.tests.samples import page_of_inches, pdf_with, reportlab_pdf


def test_an_a4_page_is_rendered_at_300_dpi() -> None:
    assert ocr_render_dpi(reportlab_pdf(pages=2)) == DPI == 300


@pytest.mark.parametrize("side", [33.1, 40.0])
def test_a_large_sheet_is_rendered_within_the_pixel_limit(side: float, settings: Settings) -> None:
    settings.MOTCUA_MAX_IMAGE_PIXELS = 80_000_000

    dpi = ocr_render_dpi(pdf_with(page_of_inches(side)))

    assert dpi < DPI
    assert (side * dpi) ** 2 <= 80_000_000 < (side * (dpi + 1)) ** 2
