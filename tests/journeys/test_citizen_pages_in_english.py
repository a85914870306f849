"""Journey: a visitor who reads English walks the citizen's public pages on ``/en/``, on a desktop
and on a phone: every word of the interface is English; what stays in Vietnamese (the catalogue's
names and texts, places, offices' hours) is marked ``lang="vi"`` so screen readers say it right.
"""

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.journeys.counter_dossier import demo_loaded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The letters only Vietnamese uses among the Latin ones (with their tone marks), either case.
VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

#: Every text and every accessible text attribute of the page that has Vietnamese letters and
#: is not inside an element marked ``lang="vi"``.
LEAKS = """(letters) => {
  const vietnamese = new RegExp("[" + letters + "]", "i");
  const outside = (element) => !element.closest('[lang="vi"]');
  const leaks = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent.tagName)) continue;
    if (vietnamese.test(node.textContent) && outside(parent)) {
      leaks.push(node.textContent.trim().slice(0, 120));
    }
  }
  for (const element of document.body.querySelectorAll("[placeholder], [aria-label], [title], [alt]")) {
    for (const name of ["placeholder", "aria-label", "title", "alt"]) {
      const value = element.getAttribute(name);
      if (value && vietnamese.test(value) && outside(element)) leaks.push(name + ": " + value);
    }
  }
  return leaks;
}"""


def vietnamese_leaks(page: Page) -> list[str]:
    leaks: list[str] = page.evaluate(LEAKS, VIETNAMESE)
    return leaks


def english_only(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert vietnamese_leaks(page) == [], page.url


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_citizens_public_pages_are_english_on_en(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    viewport: tuple[int, int],
) -> None:
    demo_loaded(at=timezone.now())
    width, height = viewport
    page = new_page(viewport={"width": width, "height": height}, locale="en-GB")
    base = live_server.url

    # the home page, then a search in English that finds procedures by their English words
    page.goto(f"{base}/en/")
    english_only(page)
    page.get_by_label("Procedure name or code").fill("military")
    page.get_by_label("Procedure name or code").press("Enter")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d+ procedures? found"))
    english_only(page)

    # the results named in English where the catalogue translates them; the procedure's page,
    # its Vietnamese content marked as such, and its booking link in English
    page.get_by_role("link", name="First military service registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First military service registration")
    expect(page).to_have_title(re.compile("^First military service registration"))
    expect(page.get_by_test_id("book-a-slot")).to_contain_text("Book an appointment")
    english_only(page)

    # looking a dossier up, an unknown code, the office finder, feedback, and the login page
    for path in (
        "/en/tra-cuu/",
        "/en/tra-cuu/KHONG-CO/",
        "/en/noi-nop-ho-so/",
        "/en/phan-anh-kien-nghi/",
        "/en/phan-anh-kien-nghi/tra-cuu/",
        "/en/dang-nhap/",
        "/en/chi-so/",
        "/en/khong-co-trang-nay/",
    ):
        page.goto(base + path)
        english_only(page)
