"""The French and Arabic editions as Chromium shows and speaks them (issue 15, section 3): every
page (landing, chapters, country pages, About, glossary, key findings, briefs, embeds) and every chart
(its plotly spec and its static SVG) holds no English string, no Latin comma, semicolon or question
mark in Arabic, no "<10" turned into "10>", and no arrow in an Arabic sentence. The figure titles of
data/figures.json are read too.

A failure lists "lang page: offending text", one line each. The detectors are in
tests/support/rendered.py; tests/unit/test_rendered_text_detectors.py proves each one can fail."""

from __future__ import annotations

import json

import pytest

from ctdc_story.text import i18n
from support import rendered
from support.browsing import DESKTOP, SITE, pages

pytestmark = pytest.mark.site
TRANSLATED = ("fr", "ar")


@pytest.fixture(scope="module")
def shown(browser) -> dict[str, dict[str, list[str]]]:
    """Every page's strings, per edition and page path (relative to the edition)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    found: dict[str, dict[str, list[str]]] = {}
    for lang in ("en", *TRANSLATED):
        found[lang] = {}
        for path in pages(lang):
            page.goto(path.as_uri(), wait_until="load")
            collected = page.evaluate(rendered.COLLECT)
            found[lang][str(path.relative_to(SITE / lang))] = rendered.segments(collected, SITE)
        # The figure titles the downloads and the explorer name (data/figures.json).
        figures = SITE / lang / "data" / "figures.json"
        found[lang]["data/figures.json"] = [f["title"] for f in json.loads(figures.read_text(encoding="utf-8"))]
    context.close()
    assert found["fr"] and found["ar"], f"no pages under {SITE}"
    return found


def report(found: list[str]) -> str:
    unique = list(dict.fromkeys(found))
    return f"{len(unique)} defects:\n" + "\n".join(unique[:200])


def kept(lang: str) -> set[str]:
    """Strings the translators kept as they are (Page, Index, Mali, Niger, Total…)."""
    same = {m for domain in ("theme", "code") for m, t in i18n.catalog(lang, domain).items() if m == t}
    return same | {m for (_context, m), t in i18n.contextual_catalog(lang, "code").items() if m == t}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_string(shown, lang):
    found = []
    keep = kept(lang)
    for page, strings in shown[lang].items():
        english = shown["en"].get(page, [])
        grams, whole = rendered.english_ngrams(english), set(english)
        for text in strings:
            hit = rendered.english_in(text, grams, whole, keep)
            if hit is None and lang == "ar":
                hit = rendered.latin_words_in_arabic(text)
            if hit is not None:
                found.append(f"{lang} {page}: {hit!r} in {text[:160]}")
    assert not found, report(found)


def hits(shown, lang: str, detector) -> list[str]:
    """What one detector finds in every string the browser showed in the edition, page by page."""
    return [
        f"{lang} {page}: {hit!r} in {text[:160]}"
        for page, strings in shown[lang].items()
        for text in strings
        for hit in detector(text)
    ]


def test_no_latin_comma_semicolon_or_question_mark_in_arabic(shown):
    found = hits(shown, "ar", rendered.arabic_punctuation)
    assert not found, report(found)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_less_than_ten_keeps_its_direction(shown, lang):
    found = hits(shown, lang, lambda text: rendered.reversed_less_than(text, lang))
    assert not found, report(found)


def test_no_arrow_in_arabic_text(shown):
    found = hits(shown, "ar", rendered.arrows_in_arabic)
    assert not found, report(found)


BROKEN = """<!doctype html><html lang="ar" dir="rtl"><head><title>صفحة</title></head><body>
<p>يبيّن الشكل نسبة السجلات, حسب المنطقة</p>
<p>أفريقيا: 10> سجلات</p>
<button aria-label="Toggle primary sidebar"></button>
<details><summary>ملخص</summary><p>من أفريقيا → آسيا</p></details>
<script type="application/json" class="ctdc-plot-spec">{"data": [{"hovertext": ["أفريقيا: <10 سجلات"],
 "name": "share of records"}], "layout": {"title": {"text": "ما هي المصادر?"}}}</script>
</body></html>"""


def test_the_gate_fails_on_a_broken_page(browser, tmp_path):
    """The same collection and detectors find every planted defect in a page Chromium renders."""
    path = tmp_path / "broken.html"
    path.write_text(BROKEN, encoding="utf-8")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    strings = rendered.segments(page.evaluate(rendered.COLLECT), tmp_path)
    context.close()
    english = rendered.english_ngrams(["Toggle primary sidebar", "share of records"])
    assert {h for s in strings if (h := rendered.english_in(s, english, set(), set()))} >= {
        "Toggle primary sidebar",
        "share of records",
    }
    punctuation = [h for s in strings for h in rendered.arabic_punctuation(s)]
    assert any("," in h for h in punctuation) and any("?" in h for h in punctuation), punctuation
    assert sorted(h for s in strings for h in rendered.reversed_less_than(s, "ar")) == ["10>", "<10"]
    assert [h for s in strings for h in rendered.arrows_in_arabic(s)] == ["→"]
