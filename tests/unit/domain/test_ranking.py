"""Properties of the fractional ranks that order cards within a board column."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.ranking import DIGITS, initial_rank, is_valid_rank, rank_between

MAX_ID = len(DIGITS) ** 7 - 1


@st.composite
def ranks(draw: st.DrawFn) -> str:
    """Any valid rank: base-62 digits, never ending in the zero digit."""
    body = draw(st.text(alphabet=DIGITS, max_size=10))
    return body + draw(st.sampled_from(DIGITS[1:]))


@st.composite
def ordered_pairs(draw: st.DrawFn) -> tuple[str, str]:
    first, second = draw(ranks()), draw(ranks())
    assume(first != second)
    return (first, second) if first < second else (second, first)


ids = st.integers(min_value=1, max_value=MAX_ID)


def test_the_digit_alphabet_is_in_byte_order() -> None:
    assert list(DIGITS) == sorted(DIGITS)
    assert DIGITS.encode("ascii") == bytes(sorted(DIGITS.encode("ascii")))


@given(ordered_pairs())
def test_a_rank_between_two_ranks_sorts_strictly_between_them(pair: tuple[str, str]) -> None:
    before, after = pair

    middle = rank_between(before, after)

    assert before < middle < after
    assert is_valid_rank(middle)


@given(ranks())
def test_a_rank_above_the_top_card_sorts_before_it(after: str) -> None:
    top = rank_between(None, after)

    assert top < after
    assert is_valid_rank(top)


@given(ranks())
def test_a_rank_below_the_bottom_card_sorts_after_it(before: str) -> None:
    bottom = rank_between(before, None)

    assert bottom > before
    assert is_valid_rank(bottom)


def test_an_empty_column_gets_a_valid_rank() -> None:
    assert is_valid_rank(rank_between(None, None))


@given(ordered_pairs())
def test_ranks_given_out_of_order_are_refused(pair: tuple[str, str]) -> None:
    before, after = pair

    with pytest.raises(ValueError, match=r"ranks out of order"):
        rank_between(after, before)
    with pytest.raises(ValueError, match=r"ranks out of order"):
        rank_between(before, before)


@given(
    ordered_pairs(),
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60),
)
def test_repeated_insertions_into_one_gap_keep_the_column_ordered(
    pair: tuple[str, str], choices: list[int]
) -> None:
    column = list(pair)
    for choice in choices:
        gap = choice % (len(column) - 1)
        column.insert(gap + 1, rank_between(column[gap], column[gap + 1]))

    assert column == sorted(column)
    assert len(set(column)) == len(column)
    assert all(is_valid_rank(rank) for rank in column)


@given(st.sampled_from(["top", "bottom", "middle"]), st.integers(min_value=1, max_value=200))
def test_dropping_cards_into_the_same_spot_again_and_again_keeps_working(
    spot: str, times: int
) -> None:
    upper, lower = initial_rank(2), initial_rank(1)
    for _ in range(times):
        if spot == "top":
            dropped = rank_between(None, upper)
            assert dropped < upper
            upper = dropped
        elif spot == "bottom":
            dropped = rank_between(lower, None)
            assert dropped > lower
            lower = dropped
        else:
            dropped = rank_between(upper, lower)
            assert upper < dropped < lower
            lower = dropped
        assert is_valid_rank(dropped)


@given(ids, ids)
def test_a_newer_bug_sorts_above_an_older_one(first: int, second: int) -> None:
    assume(first != second)
    older, newer = sorted((first, second))

    assert initial_rank(newer) < initial_rank(older)


@given(ids)
def test_an_initial_rank_is_valid_and_of_fixed_width(bug_id: int) -> None:
    rank = initial_rank(bug_id)

    assert is_valid_rank(rank)
    assert len(rank) == len(initial_rank(1))


@given(ids)
def test_there_is_room_above_and_below_every_initial_rank(bug_id: int) -> None:
    rank = initial_rank(bug_id)

    assert rank_between(None, rank) < rank < rank_between(rank, None)


@pytest.mark.parametrize("bug_id", [0, -1, MAX_ID + 1])
def test_an_id_outside_the_rankable_range_is_refused(bug_id: int) -> None:
    with pytest.raises(ValueError, match=r"out of range"):
        initial_rank(bug_id)


@pytest.mark.parametrize("rank", ["", "0", "a0", "a-", "a b", "é"])
def test_malformed_ranks_are_not_valid(rank: str) -> None:
    assert not is_valid_rank(rank)
