"""Fractional ordering keys for cards within a column.

A rank is a string of base-62 digits read as a fraction in [0, 1); string order is rank order
(compare with byte/"C" collation). A key never ends in the zero digit, so there is always room
between two keys. New bugs get a fixed-width key derived from their id, so keys only grow when
people drag cards repeatedly into the same gap.
"""

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
_INDEX = {digit: value for value, digit in enumerate(DIGITS)}
_ID_WIDTH = 7
_ID_SPACE = _BASE**_ID_WIDTH


def initial_rank(bug_id: int) -> str:
    """The rank of a freshly reported bug: newer bugs sort above older ones."""
    if not 0 < bug_id < _ID_SPACE:
        raise ValueError(f"bug id {bug_id} out of range for ranking")
    value = _ID_SPACE - bug_id
    digits = []
    for _ in range(_ID_WIDTH):
        value, remainder = divmod(value, _BASE)
        digits.append(DIGITS[remainder])
    # "m" places default keys mid-range, leaving room above and below for dragged cards; the
    # trailing "V" keeps the key from ending in the zero digit.
    return "m" + "".join(reversed(digits)) + "V"


def is_valid_rank(rank: str) -> bool:
    return bool(rank) and rank[-1] != DIGITS[0] and all(ch in _INDEX for ch in rank)


def rank_between(before: str | None, after: str | None) -> str:
    """A key strictly between ``before`` and ``after`` (None means the column's open end)."""
    low = before or ""
    if after is not None and low >= after:
        raise ValueError(f"ranks out of order: {before!r} >= {after!r}")
    return _midpoint(low, after)


def _midpoint(low: str, high: str | None) -> str:
    if high is not None:
        shared = 0
        while shared < len(high) and _digit_at(low, shared) == high[shared]:
            shared += 1
        if shared:
            return high[:shared] + _midpoint(low[shared:], high[shared:])
    low_digit = _INDEX[low[0]] if low else 0
    high_digit = _INDEX[high[0]] if high else _BASE
    if high_digit - low_digit > 1:
        return DIGITS[(low_digit + high_digit + 1) // 2]
    if high is not None and len(high) > 1:
        return high[0]
    return DIGITS[low_digit] + _midpoint(low[1:], None)


def _digit_at(key: str, position: int) -> str:
    return key[position] if position < len(key) else DIGITS[0]
