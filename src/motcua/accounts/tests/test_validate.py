import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_validate_prints_valid_for_a_good_value(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("validate", "tax-code", "0100109106")
    call_command("validate", "phone", "+84 912 345 678")
    call_command("validate", "cccd", "001090012345", "--birth-date", "1990-05-12", "--sex", "male")

    assert capsys.readouterr().out.split() == ["valid", "valid", "valid"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["cccd", "12345"], "12 chữ số"),
        (["cccd", "001090012345", "--sex", "female"], "giới tính"),
        (["cccd", "001090012345", "--birth-date", "2090-05-12"], "tương lai"),
        (["tax-code", "0100109107"], "chữ số kiểm tra"),
        (["phone", "02438253536"], "máy bàn"),
    ],
)
def test_validate_exits_1_with_the_reason(args: list[str], fragment: str) -> None:
    with pytest.raises(CommandError, match=fragment) as caught:
        call_command("validate", *args)

    assert caught.value.returncode == 1
