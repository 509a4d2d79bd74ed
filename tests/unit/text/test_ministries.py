"""The country pages' text (issue 14, section 3): whether a region's records show it mainly as one
of origin or of exploitation, and the guidance for each sector, each point with its number and base."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ctdc_story.text import compass, edition, ministries

SECTORS = {"justice", "interior", "labour", "social", "foreign", "health", "statistics"}
NUMBER = re.compile(r"\d")


@pytest.mark.parametrize(
    ("as_origin", "as_exploitation", "kind"),
    [
        (4250, 3540, ministries.ORIGIN),  # the release's Africa
        (5230, 5230, ministries.BOTH),  # the release's Asia
        (100, 500, ministries.EXPLOITATION),
        (110, 100, ministries.ORIGIN),  # 10% more: "mainly"
        (100, 109, ministries.BOTH),  # less than 10% more: about as often
        (None, 500, None),  # a count shown as "<10": no comparison
    ],
)
def test_classify(as_origin, as_exploitation, kind):
    assert ministries.classify(as_origin, as_exploitation) == kind


def frame(pairs: dict[tuple[str | None, str | None], int]) -> pd.DataFrame:
    """Records with only the two region columns, ``n`` of each (citizenship, exploitation) pair."""
    rows = [{"UN_COO_Region": coo, "UN_COE_Region": coe} for (coo, coe), n in pairs.items() for _ in range(n)]
    return pd.DataFrame(rows)


def test_roles_count_the_region_on_each_side_on_records_with_both_regions():
    records = frame({("Africa", "Africa"): 50, ("Africa", "Asia"): 40, ("Asia", "Africa"): 5, ("Africa", None): 300})
    roles = ministries.roles(records, "Africa")
    # 95 records have both regions; Africa is the citizenship on 90, the place of exploitation on 55
    # (rounded down to multiples of 10: 90, 90, 50). The 300 records without a region of
    # exploitation are in no base.
    assert (roles.base, roles.as_origin, roles.as_exploitation) == (90, 90, 50)
    assert roles.kind == ministries.ORIGIN
    mirrored = ministries.roles(frame({("Asia", "Africa"): 90, ("Africa", "Africa"): 50}), "Africa")
    assert mirrored.kind == ministries.EXPLOITATION


def test_a_small_count_makes_no_comparison():
    roles = ministries.roles(frame({("Asia", "Asia"): 200, ("Africa", "Asia"): 7}), "Africa")
    assert roles.as_exploitation is None
    assert roles.kind is None and ministries.role_sentence(roles) == ""


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_role_sentence_gives_both_counts_and_the_base(lang):
    roles = ministries.Roles("Africa", 14700, 4250, 3540)
    with edition.using(lang):
        text = ministries.role_sentence(roles)
    digits = re.sub(r"[\s,.\u202f\u00a0]", "", text)
    for n in ("14700", "4250", "3540"):
        assert n in digits, (lang, text)


@pytest.fixture(scope="module")
def found(records):
    table = ministries.profile(records)
    return {region: ministries.findings(records, region, table) for region in compass.REGIONS}


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("region", ["Africa", "Asia"])
def test_guidance_has_every_sector_each_with_its_share_and_base(found, region, lang):
    with edition.using(lang):
        points = ministries.guidance(found[region], region)
    assert {p["key"] for p in points} == SECTORS
    names = {p["name"] for p in points}
    assert len(names) == 7, names
    for point in points:
        assert NUMBER.search(point["share"]) and point["share"] in point["evidence"], point
        assert NUMBER.search(point["base"]) and point["base"] in point["evidence"], point
        assert point["consider"] and not NUMBER.search(point["consider"]), point  # advice, not a number
        assert point["share"] != "–", f"{region}: the finding of {point['key']} is not reportable"


def test_guidance_is_phrased_as_what_a_ministry_may_consider():
    """Never a cause, a prevalence or a trend: every point suggests; none says "because" or "increase"."""
    for sector in ministries.SECTORS:
        assert "may consider" in sector.consider, sector.key
        for word in ("because", "caus", "increas", "rising", "prevalen", "most common", "trend"):
            assert word not in (sector.evidence + sector.consider).lower(), (sector.key, word)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_guidance_is_translated(found, lang):
    with edition.using("en"):
        english = ministries.guidance(found["Africa"], "Africa")
    with edition.using(lang):
        translated = ministries.guidance(found["Africa"], "Africa")
    for en, other in zip(english, translated):
        assert en["name"] != other["name"] and en["consider"] != other["consider"], (lang, en["key"])


def test_every_partner_countrys_office_has_a_name():
    for partner in compass.PARTNERS:
        assert partner.iom_office in ministries.OFFICE_NAME, partner


def test_neighbours_come_from_the_registry():
    assert ministries.neighbours("Niger") == ["Mali", "Nigeria"]
    assert ministries.neighbours("Chad") == []
    assert "Egypt" not in ministries.neighbours("Egypt")


def test_findings_follow_the_privacy_rule(found):
    for region, by_key in found.items():
        for f in by_key.values():
            for n in (f.count, f.base):
                assert n is None or n % 10 == 0, (region, f)
            if f.share is not None:
                assert f.share == pytest.approx(f.count / f.base), (region, f)
