"""Any valid release builds (issue 16): hypothesis writes valid files in which every category of every
variable has 0 to 12 records, and the statistics and glue layer run on them. Nothing may fail except
a clean ClaimError, and the privacy rule holds in every table: each count a multiple of 10 (at least
10) or suppressed, each share the rounded count over the rounded base, none where either is "<10"."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctdc_story import story
from ctdc_story.data import loader, privacy, schema, stats
from ctdc_story.story import ClaimError, claim
from ctdc_story.text.i18n import fmt_int, fmt_pct
from support.rows import blank_row, write_csv

GROUP_SIZES = st.integers(min_value=0, max_value=12)
# The groupings the chapters use, and every measure of the registry on its own.
WITHIN = (None, "gender", "majorityStatus", "UN_COO_Region", "yearRegister", "victim_group", "exploitation", "roles")


def values_of(column: str):
    """One cell's value: a code, or for a multi-valued column sometimes two codes joined by ';'."""
    codes = schema.allowed_values(column)
    single = st.sampled_from(codes)
    if column in schema.MULTI_VALUED and len(codes) > 1:
        pair = st.lists(single, min_size=2, max_size=2, unique=True).map(lambda p: ";".join(sorted(p)))
        return st.one_of(single, pair)
    return single


@st.composite
def small_group_rows(draw) -> list[dict[str, str]]:
    """Rows in which each category (and the blank) of each column holds 0 to 12 records."""
    columns = {}
    for column in schema.COLUMNS:
        cells = []
        for code in schema.allowed_values(column):
            cells += [code] * draw(GROUP_SIZES)
        if column in schema.MULTI_VALUED:
            cells += [draw(values_of(column)) for _ in range(draw(st.integers(0, 3)))]
        cells += [""] * draw(GROUP_SIZES)
        columns[column] = cells
    n = max(1, *map(len, columns.values()))
    shuffle = random.Random(draw(st.integers(0, 2**32))).shuffle
    rows = [blank_row() for _ in range(n)]
    for column, cells in columns.items():
        cells = cells + [""] * (n - len(cells))
        shuffle(cells)
        for r, value in zip(rows, cells):
            r[column] = value
    return rows


def check_private(table: pd.DataFrame) -> None:
    for col in ("count", "base", "records", "not_recorded"):
        for value in table[col]:
            assert pd.isna(value) or privacy.is_published_count(int(value)), (col, value)
    for _, row in table.iterrows():
        if pd.isna(row["count"]) or pd.isna(row["base"]):
            assert pd.isna(row["share"]), row
        else:
            assert row["share"] == pytest.approx(int(row["count"]) / int(row["base"])), row
    for key in ("n", "not_recorded"):
        value = table.attrs.get(key)
        assert value is None or privacy.is_published_count(value), (key, value)


def checks(table: pd.DataFrame, category: str, group: str, row: pd.Series, value: float) -> list:
    """Claims as the chapters write them, on one row of a table."""
    return [
        lambda: story.share(table, category, group) > 0.5,
        lambda: story.share(table, category, group) > 10 * story.at_most(table, category, group),
        lambda: row["share"] > 0.5,  # straight from the table: pandas' NA where suppressed
        lambda: all(v > 0.1 for v in story.reported([value, row["share"]])),
    ]


def use_like_a_notebook(table: pd.DataFrame, glued: dict) -> None:
    """What the chapters do with a table: glue each share and base, and claim things about them."""
    for _, row in table.iterrows():
        group, category = row["group"], row["category"]
        text = fmt_int(row["count"]), fmt_int(row["base"]), fmt_pct(row["share"]), story.fmt_share(row)
        assert all(isinstance(t, str) and t for t in text)
        value = story.glue_share("x", table, category, group)
        assert math.isnan(value) == pd.isna(row["share"])
        assert story.base(table, category, group) == (None if pd.isna(row["base"]) else int(row["base"]))
        bound = story.at_most(table, category, group)
        assert math.isnan(bound) or value != value or value <= bound
        assert glued["x"] and glued["x_n"]
        for check in checks(table, category, group, row, value):
            try:
                claim(check, "a statement of the prose")
            except ClaimError as err:
                assert "a statement of the prose" in str(err)
    if len(table):
        stats.leading(table, 3, table["group"].iloc[0])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    rows=small_group_rows(),
    within=st.sampled_from(WITHIN),
    glued_keys=st.lists(st.sampled_from(sorted(stats.MEASURES)), min_size=2, max_size=4, unique=True),
)
def test_small_groups_never_break_the_statistics_or_the_glue(
    tmp_path_factory, monkeypatch_module, rows, within, glued_keys
):
    path = write_csv(tmp_path_factory.mktemp("small") / "small.csv", rows)
    records = loader.load(path).frame  # a valid file: the loader accepts it
    glued = monkeypatch_module
    for key in stats.MEASURES:
        table = stats.shares(records, key, within=within if within != key else None)
        check_private(table)
        if key in glued_keys:  # the glue is slower: a few measures per example
            use_like_a_notebook(table, glued)
    completeness = stats.shares(records, stats.completeness_measure(stats.STORY_VARIABLES), within=within)
    check_private(completeness)
    indicators = stats.indicator_table(
        records, (("gender", "Female"), ("exploitation", "isSexualExploit")), "UN_COO_Region"
    )
    check_private(indicators)
    use_like_a_notebook(indicators, glued)
    check_private(stats.transpose(stats.shares(records, "UN_COE_Region", within="UN_COO_Region")))


@pytest.fixture(scope="module")
def monkeypatch_module():
    """story.glue outside a notebook: the glued texts, by name."""
    glued: dict[str, str] = {}
    mp = pytest.MonkeyPatch()
    mp.setattr(story, "glue", lambda name, value: glued.__setitem__(name, value))
    yield glued
    mp.undo()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=small_group_rows())
def test_small_groups_never_break_the_briefs_text(tmp_path_factory, rows):
    """The briefs' findings and suggestions (sentences that choose their words from shares) on the
    same small groups, for a country of each partner region."""
    from ctdc_story.publication import briefs
    from ctdc_story.text import compass

    records = loader.load(write_csv(tmp_path_factory.mktemp("small") / "small.csv", rows)).frame
    tables = briefs.regional_tables(records)
    for table in tables.values():
        check_private(table)
    for region, country in {region: country for country, region, _sub in compass.COUNTRIES}.items():
        texts = [f.text for f in briefs.findings(tables, region)] + briefs.suggestions(tables, country, region)
        assert all(isinstance(t, str) and t for t in texts)
