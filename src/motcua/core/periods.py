"""Periods of validity: the one rule for "in force on a day" (có hiệu lực vào ngày).

Agencies, administrative units, one-stop units, role assignments, fee rules and procedure
versions each hold a period ``[valid_from, valid_to)``: in force from its first day, no longer on
the day it ends, open-ended while ``valid_to`` is empty. Every read of such rows filters through
:func:`in_force`, so a change of the rule (a period that ends at the end of its last day, say) is
made here once.
"""

from datetime import date

from django.db.models import Q


def in_force(on: date, prefix: str = "") -> Q:
    """Rows whose period ``[valid_from, valid_to)`` contains ``on``; ``prefix`` reaches the period
    of a related row (``"agency__"``)."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def period_holds(on: date, valid_from: date, valid_to: date | None) -> bool:
    """The same rule for a row already read (an assignment, an agency, a unit)."""
    return valid_from <= on and (valid_to is None or on < valid_to)
