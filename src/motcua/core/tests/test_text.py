import unicodedata

import pytest

from motcua.core.text import fold, is_ascii_digits, nfc


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
