from datetime import date

import pytest

from motcua.dossiers.codes import dossier_code_canonical, dossier_code_make


@pytest.mark.parametrize(
    "typed",
    ["000.01.31.h26-261206-0001", " 000.01.31.H26-261206-0001\t", "000.01.31.H26-261206-0001"],
)
def test_a_code_has_one_canonical_spelling(typed: str) -> None:
    assert dossier_code_canonical(typed) == "000.01.31.H26-261206-0001"


def test_a_made_code_is_canonical() -> None:
    made = dossier_code_make(agency_code="000.01.31.h26", day=date(2026, 12, 6), number=7)

    assert made == "000.01.31.H26-261206-0007"
