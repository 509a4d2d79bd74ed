"""Headline figures of the English edition, recomputed from the raw CSV with plain pandas.

Nothing here reuses the package's loader, statistics or charts: each figure is a few lines
of pandas on the file as published, compared with the number printed on the built page.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ctdc_story.meta import settings

pytestmark = pytest.mark.site
PAGE = settings.BUILD / "site" / "en" / "book" / "key_findings.html"


@pytest.fixture(scope="module")
def raw(dataset_path) -> pd.DataFrame:
    return pd.read_csv(dataset_path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def page_text() -> str:
    html = PAGE.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def down(n: int) -> int:
    """The privacy rule, written independently: counts are published rounded down to 10."""
    return n // 10 * 10


def published(base: pd.DataFrame, hits: pd.Series) -> tuple[str, str]:
    """(share, base) as the page must print them: rounded count over rounded base, rounded base."""
    return pct(down(int(hits.sum())) / down(len(base))), f"{down(len(base)):,}"


def has(column: pd.Series, value: str) -> pd.Series:
    """'At least one' semantics, written independently: the value is one of the ';' parts."""
    return column.str.split(";").apply(lambda parts: value in parts)


def printed(text: str, label: str) -> tuple[str, str]:
    """The first percentage and the base printed in the bullet that starts with ``label``."""
    bullet = text[text.index(label) :]
    share = re.search(r"(\d+%)", bullet).group(1)
    base = re.search(r"base: ([\d,]+) records", bullet).group(1)
    return share, base


def test_record_count(page_text, raw):
    assert f"{down(len(raw)):,}" in page_text and f"{len(raw):,}" not in page_text


def test_women_and_girls(page_text, raw):
    recorded = raw[raw.gender != ""]
    assert printed(page_text, "Women and girls.") == published(recorded, recorded.gender == "Female")


def test_children(page_text, raw):
    recorded = raw[raw.majorityStatus != ""]
    assert printed(page_text, "Children.") == published(recorded, recorded.majorityStatus == "Minor")


def test_forced_labour(page_text, raw):
    typed = raw[(raw.isForcedLabour == "1") | (raw.isSexualExploit == "1")]
    assert printed(page_text, "Forced labour.") == published(typed, typed.isForcedLabour == "1")


def test_sexual_exploitation_of_women(page_text, raw):
    typed = raw[((raw.isForcedLabour == "1") | (raw.isSexualExploit == "1")) & (raw.gender == "Female")]
    expected = published(typed, typed.isSexualExploit == "1")
    assert printed(page_text, "Sexual exploitation of women and girls.") == expected


def test_recruiters(page_text, raw):
    perpetrator_columns = [c for c in raw.columns if c.startswith("IP_")]
    described = raw[(raw[perpetrator_columns] != "").any(axis=1)]
    expected = published(described, described.IP_RecruiterBroker == "1")
    assert printed(page_text, "Recruiters.") == expected


def test_strangers(page_text, raw):
    recorded = raw[raw.IP_Relation != ""]
    expected = published(recorded, has(recorded.IP_Relation, "StrangerUnknownOther"))
    assert printed(page_text, "Strangers.") == expected


def test_family_members_of_children(page_text, raw):
    recorded = raw[(raw.IP_Relation != "") & (raw.majorityStatus == "Minor")]
    expected = published(recorded, has(recorded.IP_Relation, "FamilyIntimatePartner"))
    assert printed(page_text, "Family members and children.") == expected


def test_payment(page_text, raw):
    recorded = raw[raw.IP_PayMoney != ""]
    assert printed(page_text, "Payment.") == published(recorded, has(recorded.IP_PayMoney, "Yes"))


def test_africans_exploited_in_africa(page_text, raw):
    both = raw[(raw.UN_COO_Region == "Africa") & (raw.UN_COE_Region != "")]
    expected = published(both, both.UN_COE_Region == "Africa")
    assert printed(page_text, "Africa.") == expected
