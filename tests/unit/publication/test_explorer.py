"""The explorer's logic, without a browser: filters, refusals and the privacy rule under every choice."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ctdc_story.data import loader, privacy, stats
from ctdc_story.publication import explorer
from support.aggregates import check_private
from support.rows import row, write_csv

Selection = explorer.Selection


@pytest.fixture(scope="module")
def records(dataset):
    return dataset.frame


def small(rows) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as folder:
        return loader.load(write_csv(Path(folder) / "small.csv", rows)).frame


def test_example_is_a_crosstab_with_bases(records):
    result = explorer.example(records)
    wide = result.crosstab.table
    assert list(wide.columns[1:]) == ["Female", "Male"]
    assert wide.iloc[-2, 0] == "Base (records)" and wide.iloc[-1, 0] == "Not recorded (records)"
    assert result.figure.key == "explorer-IP_Relation-gender"
    check_private(result.figure.payload()["columns"], result.figure.payload()["rows"])


def test_filter_below_the_resolution_is_refused():
    frame = small(
        [row(gender="Female", majorityStatus="Adult")] * 12 + [row(gender="Male", majorityStatus="Adult")] * 9
    )
    explorer.crosstab(frame, Selection.make("majorityStatus", filters={"gender": "Female"}))
    with pytest.raises(explorer.Refused, match="fewer than 10 records"):
        explorer.crosstab(frame, Selection.make("majorityStatus", filters={"gender": "Male"}))


def test_variable_recorded_on_too_few_filtered_records_is_refused():
    frame = small([row(gender="Female")] * 15 + [row(gender="Female", IP_Relation="FriendAcquaintance")] * 9)
    with pytest.raises(explorer.Refused, match="Relationship to the victim"):
        explorer.crosstab(frame, Selection.make("IP_Relation", filters={"gender": "Female"}))


def test_small_cells_are_suppressed_under_filters():
    frame = small(
        [row(gender="Female", UN_COE_Region="Asia", majorityStatus="Adult")] * 30
        + [row(gender="Female", UN_COE_Region="Asia", majorityStatus="Minor")] * 4
    )
    table = explorer.crosstab(frame, Selection.make("majorityStatus", filters={"UN_COE_Region": "Asia"}))
    minor = stats.pick(table, "Minor")
    assert pd.isna(minor["count"]) and pd.isna(minor["share"]) and stats.pick(table, "Adult")["base"] == 30  # 34
    wide = explorer.wide_table(table, Selection.make("majorityStatus"))
    assert wide.iloc[1, 1] == privacy.SUPPRESSED


def test_multi_valued_cells_count_under_each_value():
    frame = small([row(IP_Relation="FamilyIntimatePartner;StrangerUnknownOther")] * 12)
    table = explorer.crosstab(frame, Selection.make("IP_Relation"))
    assert (
        stats.pick(table, "FamilyIntimatePartner")["share"] == 1 == stats.pick(table, "StrangerUnknownOther")["share"]
    )


def test_filters_on_flags_and_on_multi_valued_groups(records):
    selection = Selection.make("roles", "IP_Gender", {"exploitation": "isForcedLabour", "gender": "Female"})
    mask = explorer.filter_mask(records, selection.filters)
    assert mask.sum() == ((records["gender"] == "Female") & records["isForcedLabour"]).sum()
    assert "at least one perpetrator" in explorer.guide_text(selection)
    assert "several groups" in explorer.guide_text(selection)


def test_nonsense_is_rejected():
    with pytest.raises(explorer.Refused):
        Selection.make("gender", "gender")
    with pytest.raises(KeyError):
        Selection.make("isForcedLabour")
    with pytest.raises(KeyError):
        Selection.make("gender", filters={"IP_Relation": "FriendAcquaintance"})


variables = st.sampled_from(explorer.VARIABLES)
filter_choices = st.fixed_dictionaries(
    {key: st.sampled_from((None, *stats.measure(key).categories)) for key in explorer.FILTERS}
)


def check_result(frame, selection):
    kept = int(explorer.filter_mask(frame, selection.filters).sum())
    try:
        result = explorer.explore(frame, selection)
    except explorer.Refused:
        kept_frame = frame[explorer.filter_mask(frame, selection.filters)]
        recorded = stats.measure(selection.of).recorded_mask(kept_frame)
        if selection.within:  # only records that fall in some group of the second variable count
            within = stats.measure(selection.within)
            in_a_group = pd.Series(False, index=kept_frame.index)
            for group in within.categories:
                in_a_group |= within.hit_mask(kept_frame, group)
            recorded &= in_a_group
        assert kept < privacy.RESOLUTION or recorded.sum() < privacy.RESOLUTION
        return
    assert kept >= privacy.RESOLUTION
    table = result.table
    for _, r in table.iterrows():
        for name in ("count", "base", "records", "not_recorded"):
            assert pd.isna(r[name]) or r[name] >= privacy.RESOLUTION
        if not pd.isna(r["share"]):
            assert r["count"] >= privacy.RESOLUTION and r["base"] >= privacy.RESOLUTION
    payload = result.figure.payload()
    check_private(payload["columns"], payload["rows"])
    for cell in result.crosstab.table.iloc[:, 1:].to_numpy().ravel():
        digits = re.sub(r"[,.%\u202f\u00a0]", "", cell)  # any edition's grouping and decimal sign
        if digits.isdigit() and "%" not in cell:
            assert int(digits) >= privacy.RESOLUTION, cell


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(of=variables, within=st.none() | variables, filters=filter_choices)
def test_privacy_holds_for_any_choice_on_the_dataset(records, of, within, filters):
    if of == within:
        return
    check_result(records, Selection.make(of, within, filters))


values = {
    "gender": st.sampled_from(["", "Female", "Male"]),
    "majorityStatus": st.sampled_from(["", "Adult", "Minor"]),
    "UN_COE_Region": st.sampled_from(["", "Africa", "Asia"]),
    "isSexualExploit": st.sampled_from(["", "1"]),
    "IP_Relation": st.sampled_from(["", "FriendAcquaintance", "FriendAcquaintance;StrangerUnknownOther"]),
    "IP_RecruiterBroker": st.sampled_from(["", "1"]),
}


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.fixed_dictionaries(values), min_size=1, max_size=40),
    of=st.sampled_from(["majorityStatus", "IP_Relation", "roles", "exploitation"]),
    within=st.sampled_from([None, "gender", "UN_COE_Region"]),
    filters=filter_choices,
)
def test_privacy_holds_on_small_files(rows, of, within, filters):
    check_result(small([row(**r) for r in rows]), Selection.make(of, within, filters))
