from datetime import UTC, datetime, timedelta

from motcua.core.kept import Made, kept_a_while

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
WHILE = timedelta(seconds=30)


def _kept(
    made: list[int],
    *,
    now: datetime,
    fresh_after: datetime | None = None,
    parts: tuple[object, ...] = ("a",),
) -> Made[int]:
    def make() -> int:
        made.append(len(made) + 1)
        return made[-1]

    return kept_a_while("test", parts, now=now, longest=WHILE, fresh_after=fresh_after, make=make)


def test_a_value_is_kept_while_younger_than_the_longest_and_made_again_after() -> None:
    made: list[int] = []

    first = _kept(made, now=NOW)
    within = _kept(made, now=NOW + timedelta(seconds=29))
    after = _kept(made, now=NOW + timedelta(seconds=30))

    assert (first.value, first.at) == (1, NOW)
    assert (within.value, within.at) == (1, NOW)
    assert (after.value, after.at) == (2, NOW + timedelta(seconds=30))
    assert made == [1, 2]


def test_a_reader_who_knows_of_a_later_change_gets_a_value_made_after_it() -> None:
    made: list[int] = []
    _kept(made, now=NOW)

    before_the_change = _kept(
        made, now=NOW + timedelta(seconds=5), fresh_after=NOW - timedelta(seconds=1)
    )
    after_the_change = _kept(
        made, now=NOW + timedelta(seconds=5), fresh_after=NOW + timedelta(seconds=1)
    )
    then = _kept(made, now=NOW + timedelta(seconds=6))

    assert before_the_change.value == 1
    assert (after_the_change.value, after_the_change.at) == (2, NOW + timedelta(seconds=5))
    # The value made for that reader is the one every later reader gets.
    assert then.value == 2


def test_each_set_of_parts_has_its_own_value_and_typed_text_is_not_in_the_key() -> None:
    made: list[int] = []

    one = _kept(made, now=NOW, parts=(1, "received"))
    other = _kept(made, now=NOW, parts=(1, "a key with spaces\n and more than 250 " + "x" * 300))
    one_again = _kept(made, now=NOW, parts=(1, "received"))

    assert (one.value, other.value, one_again.value) == (1, 2, 1)
