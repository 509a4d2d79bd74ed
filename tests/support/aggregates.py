"""The privacy rule as it applies to a published table of aggregates (downloads, explorer)."""

from __future__ import annotations

import math

from ctdc_story.data import privacy, schema
from ctdc_story.presentation import charts

COUNTS = ("count", "base", "not_recorded")


def check_private(columns: list[str], rows: list[list]) -> None:
    """Aggregates only, no count below the resolution other than "<10", no share on a base below it."""
    assert list(columns) == list(charts.DATA_COLUMNS), columns
    assert not set(columns) & set(schema.COLUMNS), "a row-level column is published"
    for row in rows:
        cell = dict(zip(columns, row))
        counts = {}
        for name in COUNTS:
            value = cell[name]
            if value in (privacy.SUPPRESSED, None, ""):
                counts[name] = None
            else:
                counts[name] = int(value)
                assert privacy.is_published_count(counts[name]), (name, row)  # a multiple of 10, ≥ 10
            assert value not in (None, ""), (name, row)
        share = cell["share"]
        if share not in (None, "") and not (isinstance(share, float) and math.isnan(share)):
            assert counts["base"] is not None and counts["count"] is not None, row
            assert 0 <= float(share) <= 1, row
            assert float(share) == round(counts["count"] / counts["base"], 4), row  # rounded over rounded
