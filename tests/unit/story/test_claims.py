"""claim() and the glue helpers on suppressed values: a claim the data no longer support stops with
a ClaimError (a BuildError the build reports) naming the statement and its numbers, never a type
error (issue 16)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ctdc_story import story
from ctdc_story.data import stats
from ctdc_story.meta.console import BuildError
from ctdc_story.story import ClaimError, at_most, claim, fmt_share, reported, share, suppressed


def table(rows: list[tuple[str, str, int | None, int | None, float | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {"group": g, "category": c, "count": n, "base": b, "share": s, "records": b, "not_recorded": None}
            for g, c, n, b, s in rows
        ]
    )
    return stats._typed(frame)


SHARES = table(
    [
        ("Female", "isSexualExploit", 2290, 7560, 2290 / 7560),
        ("Male", "isSexualExploit", None, 5650, None),  # 9 records: shown as <10, no share
        ("Americas/Oceania", "Americas/Oceania", None, None, None),  # a group of 9
    ]
)


@pytest.fixture(autouse=True)
def no_notebook(monkeypatch):
    glued: dict[str, str] = {}
    monkeypatch.setattr(story, "glue", lambda name, value: glued.__setitem__(name, value))
    story._READ.clear()
    return glued


def test_a_suppressed_share_is_nan_and_compares_false():
    value = share(SHARES, "isSexualExploit", "Male")
    assert math.isnan(value) and suppressed(value) and not value > 0.1 and not value < 0.1
    assert suppressed(pd.NA) and suppressed(None) and not suppressed(0.0)
    assert story.base(SHARES, "isSexualExploit", "Male") == 5650
    assert story.base(SHARES, "Americas/Oceania", "Americas/Oceania") is None


def test_glue_shows_a_bound_where_only_the_count_is_suppressed(no_notebook):
    story.glue_pct("se_male", SHARES, "isSexualExploit", "Male")
    story.glue_share("own", SHARES, "Americas/Oceania", "Americas/Oceania")
    assert no_notebook["se_male"] == "<1%"  # fewer than 10 of 5,650
    assert no_notebook["own"] == "–" and no_notebook["own_n"] == "<10"


def test_at_most_bounds_a_suppressed_share_by_the_published_base():
    assert at_most(SHARES, "isSexualExploit", "Male") == pytest.approx(10 / 5650)
    assert at_most(SHARES, "isSexualExploit", "Female") == pytest.approx(2290 / 7560)
    assert math.isnan(at_most(SHARES, "Americas/Oceania", "Americas/Oceania"))


def test_fmt_share_of_rows():
    rows = {r["group"]: r for _, r in SHARES.iterrows()}
    assert fmt_share(rows["Female"]) == "30%"
    assert fmt_share(rows["Male"]) == "<1%"
    assert fmt_share(rows["Americas/Oceania"]) == "–"


def test_reported_keeps_the_reportable_values():
    assert reported([0.5, math.nan, pd.NA, None, 0.25]) == [0.5, 0.25]


def test_a_claim_that_holds_passes():
    claim(lambda: share(SHARES, "isSexualExploit", "Female") > 10 * at_most(SHARES, "isSexualExploit", "Male"), "x")
    claim(True, "x")


def test_a_false_claim_names_the_statement_its_numbers_and_what_to_revise():
    with pytest.raises(ClaimError) as caught:
        claim(lambda: share(SHARES, "isSexualExploit", "Female") > 0.5, "most female victims were sexually exploited")
    message = str(caught.value)
    assert isinstance(caught.value, BuildError)
    assert "most female victims were sexually exploited" in message
    assert "isSexualExploit in Female = 30%" in message and "base 7,560" in message
    assert "Revise the sentence" in message and "the numbers say otherwise" in message


@pytest.mark.parametrize(
    "check",
    [
        lambda: share(SHARES, "isSexualExploit", "Male") > 0.01,  # NaN: false
        lambda: SHARES["share"].iloc[1] > 0.01,  # pandas' NA: neither true nor false
        lambda: SHARES["share"].iloc[1] > 0.01 and True,  # NA in a boolean context: TypeError
        lambda: stats.share_of(pd.DataFrame(index=range(3)), pd.Series([True] * 3), pd.Series([True] * 3))[2] > 0,
    ],
    ids=["nan", "na", "na-in-and", "none"],
)
def test_a_claim_on_a_suppressed_value_is_a_claim_error_not_a_type_error(check):
    with pytest.raises(ClaimError) as caught:
        claim(check, "male victims are sometimes sexually exploited")
    message = str(caught.value)
    assert "male victims are sometimes sexually exploited" in message and "not reportable" in message


def test_a_claim_names_the_numbers_given_as_keywords():
    with pytest.raises(ClaimError, match="threshold = 0.5"):
        claim(False, "something", threshold=0.5)
