"""The privacy rule, in one place.

CTDC publishes its synthetic data with a privacy resolution of 10: no group
smaller than 10 records is reported. Every count and share that reaches a
reader passes through these functions.
"""
from __future__ import annotations

RESOLUTION = 10
SUPPRESSED = f"<{RESOLUTION}"


def reportable(count: int) -> bool:
    """Whether a count of records may be shown."""
    return count >= RESOLUTION


def safe_count(count: int) -> int | None:
    """The count, or None where it falls below the resolution."""
    return int(count) if reportable(count) else None


def safe_share(count: int, base: int) -> float | None:
    """count / base, or None where either would disclose a group below the resolution."""
    if not reportable(base) or not reportable(count):
        return None
    return count / base


def round_down(count: int) -> int: return int(count) // RESOLUTION * RESOLUTION
