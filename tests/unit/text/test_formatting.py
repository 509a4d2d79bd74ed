"""Number formatting takes a suppressed value in every form it comes in (issue 16): None, pandas'
NA (a cell of a stats.shares table whose count is below 10) and NaN."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ctdc_story.text import edition
from ctdc_story.text.i18n import fmt_base, fmt_int, fmt_pct

MISSING = [None, pd.NA, math.nan, float("nan")]


@pytest.mark.parametrize("value", MISSING)
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_suppressed_count_is_less_than_ten(value, lang):
    with edition.using(lang):
        assert fmt_int(value).strip("\u2066\u2069") == "<10"
        assert fmt_base(value).strip("\u2066\u2069") == "<10"


@pytest.mark.parametrize("value", MISSING)
def test_a_suppressed_share_is_a_dash(value):
    assert fmt_pct(value) == "–"


def test_cells_of_a_shares_table_format_whether_present_or_not():
    table = pd.DataFrame({"count": [120, None], "share": [0.25, None]})
    table["count"] = table["count"].astype("Int64")
    table["share"] = table["share"].astype("Float64")
    assert [fmt_int(v) for v in table["count"]] == ["120", "<10"]
    assert [fmt_pct(v) for v in table["share"]] == ["25%", "–"]


def test_counts_below_ten_are_rounded_before_they_are_shown():
    assert [fmt_int(n) for n in (9, 10, 11, 19, 20)] == ["<10", "10", "10", "10", "20"]
