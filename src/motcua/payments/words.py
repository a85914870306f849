"""Money as Vietnamese text: ``200.000 đồng`` in figures and ``Hai trăm nghìn đồng`` in words."""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def format_dong(amount: int) -> str:
    """``200.000 đồng``: dots between thousands, as Vietnamese writes money."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def _three(number: int, *, full: bool) -> list[str]:
    """A group of three digits; ``full`` reads a leading zero hundred ("không trăm linh năm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def amount_in_words(amount: int) -> str:
    """``1005000`` → ``Một triệu không trăm linh năm nghìn đồng``; integer đồng only."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        message = "amount must be a non-negative whole number of đồng"
        raise ValueError(message)
    if amount == 0:
        return "Không đồng"
    groups: list[int] = []
    rest = amount
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    if len(groups) > len(_GROUPS):
        message = "amount too large to read"
        raise ValueError(message)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _three(group, full=bool(words))
        if _GROUPS[index]:
            words.append(_GROUPS[index])
    text = " ".join(words)
    return text[0].upper() + text[1:] + " đồng"
