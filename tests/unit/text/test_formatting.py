"""Number formatting takes a suppressed value in every form it comes in (issue 16): None, pandas'
NA (a cell of a stats.shares table whose count is below 10) and NaN."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ctdc_story.text import edition, i18n
from ctdc_story.text.i18n import fmt_base, fmt_date, fmt_int, fmt_number, fmt_pct

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


@pytest.mark.parametrize(
    "lang, first, fifteenth",
    [
        ("en", "1 December 2022", "15 June 2026"),
        ("fr", "1er décembre 2022", "15 juin 2026"),
        # UN Arabic pairs the Syriac and the Latin month names, in every date of the edition.
        ("ar", "1 كانون الأول/ديسمبر 2022", "15 حزيران/يونيه 2026"),
    ],
)
def test_a_date_is_written_as_the_edition_writes_it(lang, first, fifteenth):
    assert fmt_date("2022-12-01", lang) == first
    assert fmt_date("2026-06-15", lang) == fifteenth


# How each edition writes a count, a large number and a share (locales/TERMS.md, "Numbers"): Western
# digits everywhere; thousands grouped with "," in English and with a narrow no-break space (U+202F)
# in French and Arabic, where CLDR's "17,584" reads as a decimal in the Maghreb and Lebanon; the
# decimal sign "." in English and Arabic, "," in French; "%" after the number, after a no-break
# space in French.
NUMBER_FORMS = {
    "en": ("17,580", "1,234,567", "23.3%", "54%"),
    "fr": ("17\u202f580", "1\u202f234\u202f567", "23,3\u202f%", "54\u202f%"),
    "ar": ("17\u202f580", "1\u202f234\u202f567", "23.3%", "54%"),
}


@pytest.mark.parametrize("lang", NUMBER_FORMS)
def test_each_edition_writes_numbers_in_its_own_format(lang):
    count, large, share, whole = NUMBER_FORMS[lang]
    assert fmt_int(17584, lang) == count
    assert fmt_number(1234567, lang) == large
    assert fmt_pct(0.2333, 1, lang) == share
    assert fmt_pct(0.54, lang=lang) == whole


def test_arabic_numbers_have_no_comma_and_their_separator_is_babels():
    """Babel itself, given the edition's locale, groups Arabic numbers with U+202F and reads them back:
    the override is the locale's (edition.NUMBER_SYMBOLS), not a replacement after formatting."""
    from babel.numbers import format_decimal, get_group_symbol, parse_decimal

    arabic = i18n.locale("ar")
    assert get_group_symbol(arabic) == "\u202f" and i18n.number_symbols("ar")["decimal"] == "."
    assert format_decimal(1234.5, locale=arabic, numbering_system="latn") == "1\u202f234.5"
    assert parse_decimal("17\u202f584", locale=arabic) == 17584
    assert "," not in fmt_int(17584, "ar") + fmt_pct(0.2333, 1, "ar") + fmt_number(10**9, "ar")


def test_the_arabic_group_separator_keeps_a_number_whole_in_right_to_left_text():
    """U+202F is, like ",", a common number separator for the bidi algorithm (CS), so "17 584" is
    one left-to-right run between Arabic words, and a no-break space (it never breaks a line)."""
    import unicodedata

    assert unicodedata.bidirectional("\u202f") == unicodedata.bidirectional(",") == "CS"
    assert unicodedata.category("\u202f") == "Zs" and "NO-BREAK" in unicodedata.name("\u202f")


def test_one_line_keeps_the_no_break_spaces_of_the_typography():
    """French "Base\u00a0: 17\u202f584" keeps its spaces on one line; only ASCII runs become one space."""
    assert i18n.one_line("Base\u00a0:\n  17\u202f584\t records ") == "Base\u00a0: 17\u202f584 records"


@pytest.mark.parametrize("lang,three,fourteen", [("en", "three", "14"), ("fr", "trois", "14"), ("ar", "ثلاثة", "14")])
def test_a_few_countries_are_counted_in_words_and_more_in_figures(lang, three, fourteen):
    """UN editorial style: "the three Asian partner countries", but "the 14 partner countries"."""
    with edition.using(lang):
        assert i18n.fmt_few(3) == three
        assert i18n.fmt_few(14) == fourteen
