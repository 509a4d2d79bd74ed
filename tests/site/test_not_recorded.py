"""Every figure says how many records its base leaves out, and every CSV's not_recorded is right.

The universe of each published row (the records of its group that meet its filters) is
recomputed here from the raw file with plain pandas, without the package's statistics: a
row's base and its not-recorded records must add up to it, within the rounding down of each.
"""

from __future__ import annotations

import csv
import html
import json
import re

import pandas as pd
import pytest

from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from ctdc_story.text import i18n
from support.site import SITE, pages

pytestmark = pytest.mark.site
FLAGS = (
    "isForcedLabour",
    "isSexualExploit",
    "IP_Exploiter",
    "IP_RecruiterBroker",
    "IP_TransactionProcess",
    "IP_ControlAbuseKidnap",
)


@pytest.fixture(scope="module")
def raw(dataset_path) -> pd.DataFrame:
    return pd.read_csv(dataset_path, dtype=str, keep_default_na=False)


def member(raw: pd.DataFrame, variable: str, value: str) -> pd.Series:
    """Records in one group, written from the codebook: flags are '1', a multi-valued cell names
    the value among its ';' parts, victim groups are a gender or a majority status."""
    if variable in ("exploitation", "roles"):
        return raw[value] == "1"
    if variable == "victim_group":
        return (raw["gender"] == value) | (raw["majorityStatus"] == value)
    column = {"victim_gender": "gender"}.get(variable, variable)
    return raw[column].str.split(";").apply(lambda parts: value in parts)


def universe(raw: pd.DataFrame, query: dict, group: str, category: str) -> int:
    if query.get("transposed"):
        group, category = category, group
    mask = pd.Series(True, index=raw.index)
    for variable, value in query["where"]:
        mask &= member(raw, variable, value)
    if query["within"] is not None:
        mask &= member(raw, query["within"], group)
    return int(mask.sum())


def rows(path) -> list[dict]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def number(value: str) -> int:
    return 0 if value == "<10" else int(value)


def published_rows(lang: str):
    """(where, query, row) for every row of every CSV and of every brief's aggregates."""
    for figure in json.loads((SITE / lang / "data" / "figures.json").read_text(encoding="utf-8")):
        for row in rows(SITE / lang / "data" / figure["csv"]):
            yield figure["csv"], figure["query"], row
    briefs = json.loads((SITE / lang / "briefs" / "figures.json").read_text(encoding="utf-8"))
    for country, tables in briefs.items():
        for table in tables:
            for values in table["rows"]:
                yield f"brief {country} {table['key']}", table["query"], dict(zip(table["columns"], map(str, values)))


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_base_and_not_recorded_add_up_to_the_universe(lang, raw):
    checked = 0
    for where, query, row in published_rows(lang):
        total = universe(raw, query, row["group_code"], row["category_code"])
        # A completeness row counts records where its variable is recorded: its base is the universe.
        recorded = row["count"] if query["of"] == "variable" else row["base"]
        shown = number(recorded) + number(row["not_recorded"])
        assert total - 20 < shown <= total, (where, row, total)
        checked += 1
    assert checked > 300


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_a_completeness_table_counts_each_variables_own_blanks(lang, raw):
    table = {r["category_code"]: r for r in rows(SITE / lang / "data" / "dataset-completeness.csv")}
    age_blank = int((raw["IP_ageBroad"] == "").sum())
    assert number(table["IP_ageBroad"]["not_recorded"]) == age_blank // 10 * 10 > 10_000


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_source_line_says_how_many_records_are_left_out(lang):
    before, _after = i18n.ngettext(*charts.SOURCE, 20, lang).split("{missing}")  # the form of every count ≥ 11
    clause = before.rsplit("{n}", 1)[1].strip(" ).")  # "Left out as not recorded:" in the edition
    sources = 0
    for path in pages(lang):
        for figure in re.findall(r'<figure class="ctdc-figure" .*?</figure>', path.read_text(encoding="utf-8"), re.S):
            source = html.unescape(re.search(r'<p class="ctdc-figure__source">(.*?)</p>', figure, re.S).group(1))
            assert clause in source, (path, source)
            sources += 1
    assert sources >= 20
