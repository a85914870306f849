import unicodedata

import pytest

from motcua.core.text import (
    carriable,
    code_point,
    fold,
    is_ascii_digits,
    nfc,
    search_words,
    uncarriable,
)


def test_nfc_joins_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")

    assert decomposed != "Nguyễn Thị Ánh"
    assert nfc(decomposed) == "Nguyễn Thị Ánh"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký nghĩa vụ quân sự", "dang ky nghia vu quan su"),
        ("ĐẶNG  Văn\tĐức", "dang van duc"),
        (unicodedata.normalize("NFD", "Lý lịch tư pháp"), "ly lich tu phap"),
        ("1.001748", "1.001748"),
    ],
)
def test_fold_removes_diacritics_and_maps_d_with_stroke(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("value", "expected"),
    [("001203000123", True), ("", False), ("٠٠١", False), ("００１", False), ("12a", False)],
)
def test_is_ascii_digits_refuses_other_scripts_digits(value: str, expected: bool) -> None:
    assert is_ascii_digits(value) is expected


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("Nguyễn Văn An", None),
        ("tab\tLF\nCR\r", None),
        ("emoji 😀 and CJK 漢字 and U+FFFD \ufffd", None),
        ("NUL\x00", "\x00"),
        ("vertical tab\x0b", "\x0b"),
        ("unit separator\x1f", "\x1f"),
        ("lone surrogate \ud800", "\ud800"),
        ("U+FFFE \ufffe", "\ufffe"),
        ("U+FFFF \uffff", "\uffff"),
        ("noncharacter \ufdd0", "\ufdd0"),
        ("plane 16 noncharacter \U0010fffe", "\U0010fffe"),
    ],
)
def test_uncarriable_finds_what_xml_pdf_or_xlsx_cannot_carry(
    value: str, refused: str | None
) -> None:
    assert uncarriable(value) == refused


def test_carriable_replaces_every_such_character() -> None:
    assert carriable("A\x00B\ufffeC\ud800D") == "A\ufffdB\ufffdC\ufffdD"
    assert carriable("A\x00B", replacement="") == "AB"
    assert code_point("\ufffe") == "U+FFFE"


def test_search_words_are_folded_distinct_and_bounded() -> None:
    assert search_words("Đăng  ký đăng KÝ") == ["dang", "ky"]
    assert len(search_words("Nguyễn " * 2000 + " ".join(f"w{i}" for i in range(50)))) == 8
