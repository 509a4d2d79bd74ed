"""The privacy rule, in one place.

The resolution is 10. Suppressing groups below it is not enough: exact counts of 10 or more
can be subtracted from one another (a total minus its parts) to recover a small group. So,
like the dataset's own synthesizer (Microsoft's synthetic-data-showcase), the book rounds
every count *down* to a multiple of the resolution before anything is shown or divided:

- counts and bases are published as those multiples;
- a count that rounds down to 0 is shown as "<10" (here: None);
- a share is the rounded count over the rounded base;
- no share is given on a rounded base below the resolution, nor for a count shown as "<10".

The resolution is then both the smallest count published and the smallest difference
between two published counts. Every count and share that reaches a reader passes through
these functions.
"""

from __future__ import annotations

RESOLUTION = 10
SUPPRESSED = f"<{RESOLUTION}"


def round_down(count: int) -> int:
    """The count rounded down to a multiple of the resolution (17 -> 10, 9 -> 0)."""
    return int(count) // RESOLUTION * RESOLUTION


def reportable(count: int) -> bool:
    """Whether a count of records may be shown: it does not round down to 0."""
    return round_down(count) >= RESOLUTION


def safe_count(count: int) -> int | None:
    """The published form of a count: rounded down, or None where that gives 0 ("<10")."""
    rounded = round_down(count)
    return rounded if rounded >= RESOLUTION else None


def safe_share(count: int, base: int) -> float | None:
    """Rounded count over rounded base, or None where either is shown as "<10"."""
    top, bottom = safe_count(count), safe_count(base)
    if top is None or bottom is None:
        return None
    return top / bottom


def is_published_count(value: int) -> bool:
    """What every published count must be: a positive multiple of the resolution."""
    return value >= RESOLUTION and value % RESOLUTION == 0
