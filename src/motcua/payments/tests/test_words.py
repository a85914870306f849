import pytest

from motcua.payments.words import amount_in_words, format_dong


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (10_000, "Mười nghìn đồng"),
        (115_000, "Một trăm mười lăm nghìn đồng"),
        (200_000, "Hai trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
    ],
)
def test_amounts_read_in_vietnamese(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_money_is_whole_dong_only() -> None:
    assert format_dong(1_234_567) == "1.234.567 đồng"
    with pytest.raises(ValueError, match="whole number"):
        amount_in_words(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="whole number"):
        amount_in_words(-1)
