"""The editions' alphabetical order (text.collation): ICU's collation for the language, and in Arabic
the United Nations' usage of sorting a name without its definite article. Every list of the partner
countries a reader sees (the picker, chapter 5's table and regional lists, the briefs page) has it."""

from __future__ import annotations

import re

import pytest

from ctdc_story.build import countries
from ctdc_story.publication import briefs
from ctdc_story.text import collation, compass, edition
from support.orders import EXPECTED


def names(lang: str) -> list[str]:
    with edition.using(lang):
        return [compass.country_name(c.name) for c in compass.PARTNERS]


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_the_partner_countries_in_each_editions_order(lang):
    assert collation.sorted_names(names(lang), lang=lang) == EXPECTED[lang]
    with edition.using(lang):
        assert collation.sorted_names(names(lang)) == EXPECTED[lang], "the current edition's order by default"


def test_arabic_follows_the_un_order_without_the_article():
    # The order of the UN's Arabic list of Member States.
    un = ["الاتحاد الروسي", "إثيوبيا", "أذربيجان", "الأرجنتين", "الأردن", "أرمينيا", "إريتريا", "إسبانيا", "أستراليا"]
    assert collation.sorted_names(reversed(un), lang="ar") == un
    assert collation.sorted_names(un[::2] + un[1::2], lang="ar") == un


def test_only_a_leading_article_is_set_aside():
    # "ال" inside a name, or a name of two letters after it, is compared as written.
    assert collation.sort_key("مالي", "ar") < collation.sort_key("الموز", "ar") < collation.sort_key("نيبال", "ar")
    assert collation.ARTICLE.sub("", "الـ") == "الـ"


def test_french_accents_are_secondary():
    assert collation.sorted_names(["Eswatini", "Égypte", "Equateur", "Zambie", "Érythrée"], lang="fr") == [
        "Égypte",
        "Equateur",
        "Érythrée",
        "Eswatini",
        "Zambie",
    ]


def order_in(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", a)
        for a in re.findall(r'<a (?:class="ctdc-countries__page" )?href="\.\./countries/[^"]+">([^<]+)</a>', html)
    ]


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_every_country_list_has_the_editions_order(lang):
    want = EXPECTED[lang]
    with edition.using(lang):
        assert order_in(countries.picker("menu")) == want
        grid = countries.picker("grid")
        assert sorted(order_in(grid), key=want.index) == want and len(order_in(grid)) == len(want)
        for region in compass.REGIONS:
            listed = order_in(countries.picker("region", region))
            assert listed == [n for n in want if n in listed] and len(listed) == len(compass.countries_in(region))
        menu = [f.removeprefix("countries/") for f in (c["file"] for c in countries.toc_part(lang)["chapters"])]
        assert menu == [
            briefs.ISO3[n].lower() for n in sorted(briefs.ISO3, key=lambda n: want.index(compass.country_name(n)))
        ]
        table = compass.country_table()
        assert list(table.iloc[:, 0]) == want
        rows = re.findall(r"<tr>\s*<t[hd][^>]*>([^<]+)<", briefs.BriefTable()._repr_html_())
        assert [r.strip() for r in rows if r.strip() in want] == want


def test_the_grid_groups_by_region_and_each_regional_list_keeps_the_chapters_old_addresses():
    with edition.using("en"):
        grid = countries.picker("grid")
        regional = {r: countries.picker("region", r) for r in compass.REGIONS}
    assert grid.index("Africa") < grid.index("Asia")
    for partner in compass.PARTNERS:
        html = regional[partner.region]
        entry = re.search(rf'<li class="ctdc-countries__entry" id="{briefs.anchor(partner.name)}">(.*?)</li>', html)
        assert entry, partner.name
        assert f'href="../countries/{partner.iso3.lower()}.html"' in entry.group(1)
        assert f'href="../briefs/{briefs.pdf_name(partner.name)}"' in entry.group(1)


def test_with_picker_reads_the_blocks_options_and_refuses_unknown_ones():
    text = "a\n\n```{ctdc-country-picker}\n:layout: region\n:region: Asia\n```\n\nb\n\n```{ctdc-country-picker}\n```\n"
    out = countries.with_picker(text, "fr")
    assert "ctdc-country-picker" not in out
    assert out.count("<nav") == 2 and "ctdc-countries--region" in out and "ctdc-countries__details" in out
    assert "Liban" in out
    with pytest.raises(ValueError, match="layout"):
        countries.with_picker("```{ctdc-country-picker}\n:layout: carousel\n```", "en")
    with pytest.raises(ValueError, match="option"):
        countries.with_picker("```{ctdc-country-picker}\n:colour: red\n```", "en")
    with pytest.raises(ValueError, match="Europe"):
        countries.with_picker("```{ctdc-country-picker}\n:layout: region\n:region: Europe\n```", "en")
