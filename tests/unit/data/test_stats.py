"""Shares, bases, "at least one perpetrator", and the privacy rule."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ctdc_story.data import loader, privacy, stats
from ctdc_story.text import i18n
from support.rows import row


def load_rows(make_csv, rows):
    return loader.load(make_csv(rows)).frame


def test_combined_cells_count_under_each_value(make_csv):
    rows = (
        [row(IP_Relation="FriendAcquaintance;StrangerUnknownOther")] * 12
        + [row(IP_Relation="FriendAcquaintance")] * 10
        + [row()] * 5
    )
    table = stats.shares(load_rows(make_csv, rows), "IP_Relation").set_index("category")
    assert table.loc["FriendAcquaintance", "count"] == 20  # 22, rounded down to 10
    assert table.loc["StrangerUnknownOther", "count"] == 10  # 12
    assert table.loc["FriendAcquaintance", "base"] == 20  # 22: blanks are not in the base
    assert table.loc["FriendAcquaintance", "not_recorded"] is pd.NA  # 5 < resolution
    assert table["share"].sum() > 1  # "at least one" shares can add up to over 100%


def test_flags_use_the_base_of_records_with_any_type(make_csv):
    rows = (
        [row(isForcedLabour="1")] * 20
        + [row(isSexualExploit="1", isForcedLabour="1")] * 10
        + [row(gender="Female")] * 30
    )
    table = stats.shares(load_rows(make_csv, rows), "exploitation").set_index("category")
    assert table.loc["isForcedLabour", "base"] == 30  # the 30 rows with no type are left out
    assert table.loc["isForcedLabour", "share"] == 1.0
    assert abs(table.loc["isSexualExploit", "share"] - 1 / 3) < 1e-9


def test_roles_use_the_base_of_records_with_any_perpetrator_field(make_csv):
    rows = [row(IP_Exploiter="1")] * 10 + [row(IP_Gender="Male")] * 10 + [row(gender="Male")] * 15
    table = stats.shares(load_rows(make_csv, rows), "roles").set_index("category")
    assert table.loc["IP_Exploiter", "base"] == 20
    assert table.loc["IP_Exploiter", "share"] == 0.5
    assert table.loc["IP_RecruiterBroker", "count"] is pd.NA  # zero is below the resolution


def test_shares_within_groups(make_csv):
    rows = (
        [row(gender="Female", isSexualExploit="1")] * 20
        + [row(gender="Female", isForcedLabour="1")] * 20
        + [row(gender="Male", isForcedLabour="1")] * 12
    )
    table = stats.shares(load_rows(make_csv, rows), "exploitation", within="gender")
    female = table[table.group == "Female"].set_index("category")
    male = table[table.group == "Male"].set_index("category")
    assert female.loc["isSexualExploit", "share"] == 0.5 and female.loc["isSexualExploit", "base"] == 40
    assert male.loc["isForcedLabour", "share"] == 1.0 and male.loc["isForcedLabour", "base"] == 10  # 12
    assert male.loc["isSexualExploit", "count"] is pd.NA and pd.isna(male.loc["isSexualExploit", "share"])


def test_small_base_gives_no_share(make_csv):
    rows = [row(gender="Female")] * 9
    table = stats.shares(load_rows(make_csv, rows), "gender")
    assert table["base"].isna().all() and table["share"].isna().all() and table["count"].isna().all()


counts = st.integers(min_value=0, max_value=100_000)


@given(counts)
def test_counts_are_rounded_down_and_small_ones_never_shown(n):
    shown = privacy.safe_count(n)
    assert (shown is None) == (n < privacy.RESOLUTION)
    if shown is not None:
        assert shown % privacy.RESOLUTION == 0 and n - privacy.RESOLUTION < shown <= n
    assert i18n.fmt_int(n, "en") == i18n.fmt_int(shown, "en")  # formatting applies the same rule
    assert (i18n.fmt_int(n, "en") == "<10") == (n < privacy.RESOLUTION)


@given(counts, counts)
def test_a_share_is_the_rounded_count_over_the_rounded_base(count, base):
    share = privacy.safe_share(count, base)
    if base < privacy.RESOLUTION or count < privacy.RESOLUTION:
        assert share is None
    else:
        assert share == privacy.round_down(count) / privacy.round_down(base)


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6))
def test_a_difference_of_published_counts_never_pins_a_small_part(parts):
    """Total minus every other published part: the attacker's bound on the last part spans at
    least the resolution, whatever the true counts (the leak the rounding closes)."""
    *known, hidden = parts
    total = privacy.round_down(sum(parts))
    lowest = total - sum(privacy.round_down(k) + privacy.RESOLUTION - 1 for k in known)
    highest = total + privacy.RESOLUTION - 1 - sum(privacy.round_down(k) for k in known)
    assert lowest <= hidden <= highest
    assert highest - max(lowest, 0) + 1 >= privacy.RESOLUTION


@hsettings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["Female", "Male", ""]), min_size=0, max_size=60),
    st.lists(st.sampled_from(["", "1"]), min_size=60, max_size=60),
)
def test_no_table_cell_falls_below_the_resolution(genders, flags):
    rows = [{"gender": g, "isForcedLabour": f, "yearRegister": "2019"} for g, f in zip(genders, flags)]
    frame = pd.DataFrame(
        [{**{c: None for c in loader.schema.COLUMNS}, **r} for r in rows] or [{c: None for c in loader.schema.COLUMNS}]
    )
    frame["gender"] = frame["gender"].replace("", None)
    for flag in loader.schema.FLAGS:
        frame[flag] = frame[flag] == "1"
    table = stats.shares(frame, "exploitation", within="gender")
    for col in ("count", "base", "records", "not_recorded"):
        values = table[col].dropna()
        assert (values >= privacy.RESOLUTION).all()
    for _, r in table.iterrows():
        if pd.notna(r["share"]):
            assert pd.notna(r["count"]) and pd.notna(r["base"])


def test_completeness_of_each_variable(make_csv):
    rows = [row(gender="Female", IP_ageBroad="48+")] * 10 + [row(yearRegister="2019")] * 30
    table = stats.shares(
        load_rows(make_csv, rows), stats.completeness_measure(("gender", "IP_ageBroad", "yearRegister"))
    )
    table = table.set_index("category")
    assert table.loc["gender", "share"] == 0.25 and table.loc["yearRegister", "share"] == 0.75
    assert table.loc["gender", "base"] == 40
