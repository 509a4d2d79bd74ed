"""The catalogs are up to date with the sources, and translations keep every placeholder."""

from __future__ import annotations

import pytest

from ctdc_story.text import prose
from ctdc_story.tools import catalogs


def test_catalogs_are_current(capsys):
    assert catalogs.update(check=True) == 0, capsys.readouterr().out


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
@pytest.mark.parametrize("domain", list(catalogs.TEMPLATES))
def test_translations_keep_placeholders(lang, domain):
    broken = [
        m.id
        for m in catalogs.read(catalogs.po_path(lang, domain), lang)
        if m.id and m.string and prose.placeholders(m.id) != prose.placeholders(m.string)
    ]
    assert not broken, f"{lang}/{domain}.po: translations that drop or change a placeholder: {broken}"


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
@pytest.mark.parametrize("domain", list(catalogs.TEMPLATES))
def test_every_entry_is_translated_and_none_is_fuzzy(lang, domain):
    catalog = catalogs.read(catalogs.po_path(lang, domain), lang)
    untranslated = [m.id for m in catalog if m.id and not m.string]
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
