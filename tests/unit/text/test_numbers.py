"""The sentence that explains a glued share (text/numbers.py): its count and base as published, the
plural of "records" by the edition's own rule (six forms in Arabic), "fewer than 10" for a count shown
as "<10", and never a number the privacy rule did not round."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from babel import Locale

from ctdc_story.text import edition, i18n, numbers

PAY = {"of": "IP_PayMoney", "within": None, "where": []}
BY_TYPE = {"of": "IP_PayMoney", "within": "exploitation", "where": []}
SINGULAR = "{share} = {count} of {base} record with {variable} recorded"
PLURAL = "{share} = {count} of {base} records with {variable} recorded"


def row(count, base, share, category="Yes", group="all"):
    return pd.Series({"count": count, "base": base, "share": share, "category": category, "group": group})


def test_english_sentence_gives_share_count_base_and_what_the_base_holds():
    text = numbers.explain(row(4090, 15150, 4090 / 15150), PAY, "en")
    assert text == "27% = 4,090 of 15,150 records with payment to a perpetrator recorded"


def test_a_share_within_a_group_names_the_group():
    text = numbers.explain(row(200, 530, 200 / 530, group="isForcedLabour"), BY_TYPE, "en")
    assert text.endswith("(Type of exploitation: Forced labour)") and "200 of 530 records" in text


def test_french_uses_sur_and_its_own_number_format():
    text = numbers.explain(row(4090, 15150, 4090 / 15150), PAY, "fr")
    assert " sur " in text and "enregistrements" in text and "Paiement à un auteur" in text
    assert "4\u202f090" in text or "4\u00a0090" in text, text


def test_counts_are_the_published_ones_never_the_exact_ones():
    text = numbers.explain(row(4093, 15157, 4093 / 15157), PAY, "en")
    assert "4,090" in text and "15,150" in text and "4,093" not in text and "15,157" not in text


def test_a_count_shown_as_fewer_than_10_says_so_and_gives_its_bound():
    text = numbers.explain(row(None, 5650, None), PAY, "en")
    assert text.startswith("<1% = fewer than 10 of 5,650 records"), text
    assert "moins de 10" in numbers.explain(row(None, 5650, None), PAY, "fr")


def test_a_base_below_10_reports_no_share():
    text = numbers.explain(row(None, None, None), PAY, "en")
    assert text.startswith("Not reported: fewer than 10 records"), text


# The catalog's forms, in the order of its Plural-Forms rule, by CLDR category.
AR_FORM = {"zero": 0, "one": 1, "two": 2, "few": 3, "other": 4, "many": 5}


@pytest.mark.parametrize("n", [0, 1, 2, 3, 10, 11, 99, 100, 102, 110, 150, 1000, 15150, 15100, 15110])
def test_arabic_plural_form_follows_cldr(n):
    """The form ngettext picks is the one CLDR's Arabic rule names for n (catalog header and babel agree)."""
    entries, rule = i18n.plural_catalog("ar", "code")
    forms = entries[SINGULAR]
    assert len(forms) == 6 and all(forms), "six Arabic forms, all translated"
    category = Locale("ar").plural_form(n)
    assert rule(n) == AR_FORM[category], (n, category)
    assert i18n.ngettext(SINGULAR, PLURAL, n, "ar") == forms[AR_FORM[category]]


def test_arabic_sentence_uses_the_noun_form_of_its_base():
    many = numbers.explain(row(4090, 15150, 4090 / 15150), PAY, "ar")  # 15150: 11-99 rule, سجلاً
    hundreds = numbers.explain(row(4090, 15100, 4090 / 15100), PAY, "ar")  # 15100: سجل
    few = numbers.explain(row(None, 10, None), PAY, "ar")  # 10: سجلات
    assert "من أصل" in many and "سجلاً" in many
    assert "سجل " in hundreds and "سجلاً" not in hundreds
    assert "سجلات" in few
    # Numbers keep their left-to-right order inside the right-to-left sentence, their thousands
    # grouped with a narrow no-break space (a "," would read as a decimal in the Maghreb).
    assert "\u20664\u202f090\u2069" in many and "\u206615\u202f150\u2069" in many
    assert not re.search(r"\d,\d", many), many


def test_french_singular_and_plural():
    assert "enregistrement dans lequel" in i18n.ngettext(SINGULAR, PLURAL, 1, "fr")
    assert "enregistrements dans lesquels" in i18n.ngettext(SINGULAR, PLURAL, 2, "fr")


def test_english_without_catalog():
    with edition.using("en"):
        assert i18n.ngettext(SINGULAR, PLURAL, 1) == SINGULAR and i18n.ngettext(SINGULAR, PLURAL, 10) == PLURAL
