"""The period rule of ``core.periods`` read in SQL on agencies, against the rule on rows."""

from datetime import date

import pytest

from motcua.accounts.models import Agency
from motcua.accounts.tests.factories import AgencyFactory
from motcua.core.periods import in_force, period_holds

JAN_1 = date(2026, 1, 1)
JUN_30 = date(2026, 6, 30)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "on", [date(2025, 12, 31), JAN_1, date(2026, 3, 1), JUN_30, date(2027, 1, 1)]
)
def test_the_query_and_the_row_rule_agree(on: date) -> None:
    closed = AgencyFactory.create(valid_from=JAN_1, valid_to=JUN_30)
    open_ended = AgencyFactory.create(valid_from=JAN_1, valid_to=None)
    chosen = set(Agency.objects.filter(in_force(on), pk__in=[closed.pk, open_ended.pk]))
    expected = {a for a in (closed, open_ended) if period_holds(on, a.valid_from, a.valid_to)}
    assert chosen == expected


@pytest.mark.django_db
def test_a_prefix_reaches_the_period_of_a_related_row() -> None:
    parent = AgencyFactory.create(valid_from=JAN_1, valid_to=JUN_30)
    child = AgencyFactory.create(parent=parent, valid_from=JAN_1, valid_to=None)
    found = Agency.objects.filter(in_force(date(2026, 7, 1), "parent__"), pk=child.pk)
    assert not found.exists()
    assert Agency.objects.filter(in_force(date(2026, 3, 1), "parent__"), pk=child.pk).exists()
