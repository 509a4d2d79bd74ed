"""The catalogs are up to date with the sources, and translations keep every placeholder."""

from __future__ import annotations

import re

import pytest

from ctdc_story.text import i18n, prose
from ctdc_story.tools import catalogs


def test_catalogs_are_current(capsys):
    assert catalogs.update(check=True) == 0, capsys.readouterr().out


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
@pytest.mark.parametrize("domain", list(catalogs.TEMPLATES))
def test_translations_keep_placeholders(lang, domain):
    def forms(m) -> list[tuple[str, str]]:
        """(msgid, msgstr) pairs: a plural entry's every form against its plural msgid."""
        if isinstance(m.id, tuple | list):
            return [(m.id[-1], form) for form in m.string]
        return [(m.id, m.string)]

    broken = [
        m.id
        for m in catalogs.read(catalogs.po_path(lang, domain), lang)
        if m.id
        and m.string
        and any(prose.placeholders(source) != prose.placeholders(text) for source, text in forms(m))
    ]
    assert not broken, f"{lang}/{domain}.po: translations that drop or change a placeholder: {broken}"


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
@pytest.mark.parametrize("domain", list(catalogs.TEMPLATES))
def test_every_entry_is_translated_and_none_is_fuzzy(lang, domain):
    catalog = catalogs.read(catalogs.po_path(lang, domain), lang)
    # A plural entry is translated when every one of its forms is (Arabic has six).
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{lang}/{domain}.po: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert not fuzzy, f"{lang}/{domain}.po: fuzzy entries {fuzzy[:3]}"


def test_arabic_keeps_left_to_right_runs_in_order():
    """'<10' inside Arabic text is wrapped in LRI…PDI, or the bidi algorithm would show '10>'."""
    bare = [
        m.id
        for m in catalogs.read(catalogs.po_path("ar", "prose"), "ar")
        if m.string and "<10" in m.string.replace("\u2066<10\u2069", "")
    ]
    assert not bare


# A straight apostrophe after a French letter, outside `code`: French takes the typographic one (’).
STRAIGHT_APOSTROPHE = re.compile(r"(?<=[A-Za-zÀ-ÿ])'")


def _forms(string) -> tuple[str, ...]:
    """A translation's forms: one, or one per plural form."""
    return string if isinstance(string, tuple) else (string,)


@pytest.mark.parametrize("domain", list(catalogs.TEMPLATES))
def test_french_writes_one_apostrophe(domain):
    """Sphinx's smart quotes made « d”enregistrements » of an apostrophe before markup, and strings
    made in code kept the straight one: French translations use ’ everywhere, and the French edition
    is built without smart quotes (issue 15)."""
    straight = [
        m.id
        for m in catalogs.read(catalogs.po_path("fr", domain), "fr")
        if m.string and any(STRAIGHT_APOSTROPHE.search(re.sub(r"`[^`]*`", "", form)) for form in _forms(m.string))
    ]
    assert not straight, f"fr/{domain}.po: {len(straight)} translations with a straight apostrophe, e.g. {straight[:3]}"


# Thousands typed into a translation with another separator than U+202F: a comma, a space, a
# no-break or a thin space ("17,000", "17 000").
OTHER_GROUPING = re.compile(r"\d[,\u0020\u00a0\u2009]\d{3}(?!\d)")


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
@pytest.mark.parametrize("domain", list(catalogs.TEMPLATES))
def test_a_typed_number_is_grouped_as_the_edition_groups_its_numbers(lang, domain):
    """A number a translator types ("over 17,000 victims") is grouped as i18n groups the edition's
    numbers: a narrow no-break space in French and in Arabic, where "17,000" reads as a decimal in the
    Maghreb and Lebanon (issue 15)."""
    assert i18n.number_symbols(lang)["group"] == "\u202f"
    typed = [
        number
        for m in catalogs.read(catalogs.po_path(lang, domain), lang)
        if m.string
        for form in _forms(m.string)
        for number in OTHER_GROUPING.findall(form)
    ]
    assert not typed, f"{lang}/{domain}.po: thousands grouped otherwise than with U+202F: {typed[:5]}"
