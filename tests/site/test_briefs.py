"""The printed country briefs (PDF) of every edition: length, fonts, language, numbers, privacy, links.

Expected figures are computed from the package, as the briefs compute them, and looked
for in the text that poppler extracts: what a reader, a screen reader or a search finds.
Run after the build (make test does); pages of one brief per language are rendered to
PNG in _build/review/ for a human look.
"""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pytest

from ctdc_story.data import privacy, stats
from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from ctdc_story.publication import briefs
from ctdc_story.text import compass, edition, i18n, labels

pytestmark = pytest.mark.site
SITE = settings.BUILD / "site"
REVIEW = settings.BUILD / "review"
BRIEFS = [(lang, country) for lang in settings.LANGUAGES for country, _r, _s in compass.COUNTRIES]
# Invisible marks that may come out of the PDF text: bidi embeddings and isolates.
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ARABIC = re.compile("[\u0600-\u06ff]")
# poppler breaks some Arabic words printed by Chromium (Noto Naskh positions each glyph, and
# cursive attachment shifts some vertically): "أفغانستان" comes out as "أ ف غ ان ست ا" + "ن".
# The letters are there and in logical order; the check joins them again before comparing.
SPLIT_ARABIC = re.compile(r"(?<=[\u0600-\u06ff])\s+(?=[\u0600-\u06ff])")


def pdf(lang: str, country: str) -> Path:
    return SITE / lang / "briefs" / briefs.pdf_name(country)


def run(*command) -> str:
    return subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True).stdout


def as_extracted(value: str, lang: str) -> set[str]:
    """How pdftotext may write a value: inside Arabic lines it puts the % sign of a share in
    visual order ('%77' for 77%); the figure and its digits are the same."""
    forms = {value}
    if lang == "ar" and value.endswith("%"):
        forms.add("%" + value[:-1])
    return forms


def plain(text: str) -> str:
    """Text without bidi marks, with no-break spaces as spaces (on both sides of a comparison)."""
    return BIDI.sub("", text).replace("\u00a0", " ").replace("\u202f", " ")


@functools.cache
def text(lang: str, country: str) -> str:
    return plain(run("pdftotext", "-enc", "UTF-8", pdf(lang, country), "-"))


@pytest.fixture(scope="module")
def tables(dataset):
    return briefs.regional_tables(dataset.frame)


@pytest.mark.parametrize("lang,country", BRIEFS)
def test_brief_exists_and_has_at_most_two_pages(lang, country):
    assert pdf(lang, country).exists(), f"no brief at {pdf(lang, country)}: run `make book` or `make briefs`"
    pages = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf(lang, country)), re.M).group(1))
    assert 1 <= pages <= 2


@pytest.mark.parametrize("lang,country", BRIEFS)
def test_every_font_is_embedded(lang, country):
    lines = run("pdffonts", pdf(lang, country)).splitlines()
    column = lines[0].index("emb")
    rows = lines[2:]
    assert rows, "the brief uses no font"
    assert all(row[column : column + 3] == "yes" for row in rows), "\n".join(lines)


@pytest.mark.parametrize("lang,country", BRIEFS)
def test_text_names_the_country_and_headline_numbers_in_the_edition_format(lang, country, tables):
    region = compass.region_of(country)
    with edition.using(lang):
        name = compass.country_name(country)
        region_name = labels.category("region", region)
        own = i18n.fmt_pct(stats.pick(tables["flows"], region, region)["share"])
        forced = i18n.fmt_pct(stats.pick(tables["types"], "isForcedLabour", region)["share"])
        base = i18n.fmt_base(stats.pick(tables["flows"], region, region)["base"])
    found = text(lang, country)
    if lang == "ar":
        found = SPLIT_ARABIC.sub("", found)
    for expected in (name, region_name, plain(own), plain(forced), f"n = {plain(base)}"):
        assert any(form in found for form in as_extracted(expected, lang)), (
            f"{expected!r} is not in the {lang} brief for {country}"
        )
    if lang == "fr":
        assert plain(own).endswith(" %"), "French shares read '54 %'"
    assert "".join(briefs.online_url(country, lang).split()) in "".join(found.split())


@pytest.mark.parametrize("country", [c for c, _r, _s in compass.COUNTRIES])
def test_arabic_briefs_extract_as_arabic_in_logical_order(country):
    found = SPLIT_ARABIC.sub("", text("ar", country))
    with edition.using("ar"):
        words = [
            compass.country_name(country),
            labels.category("region", compass.region_of(country)),
            charts.release_date().split()[1],
        ]  # the month, from the CLDR data
    for word in words:
        assert ARABIC.search(word), f"{word!r} is not Arabic: is the catalog translated?"
        assert word in found, f"{word!r} is not in the Arabic brief for {country}"
        assert word[::-1] not in found, f"{word!r} comes out reversed"
    assert "\ufffd" not in found and not re.search("[\ufb50-\ufdff\ufe70-\ufefc]", found), (
        "presentation forms or unknown glyphs instead of Arabic letters"
    )


# Numbers shown as counts of records: bases "n = …" and "… records" in any edition.
COUNT = re.compile(r"\bn\s*=\s*(<?\s*[\d][\d ,.]*)|(\d[\d ,.]*)\s+(?:records|enregistrements|سجلات|سجل)\b")


@pytest.mark.parametrize("lang,country", BRIEFS)
def test_no_count_below_the_privacy_resolution(lang, country):
    found = text(lang, country)
    counts = [(a or b).strip() for a, b in COUNT.findall(found)]
    assert counts, "the brief shows no base"
    for count in counts:
        if count.startswith("<"):
            assert count.replace(" ", "") == privacy.SUPPRESSED, count
            continue
        value = int(re.sub(r"[^\d]", "", count))
        assert value >= privacy.RESOLUTION, f"{count!r} in the {lang} brief for {country}"


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_chapter_5_and_the_briefs_page_link_every_brief_of_their_edition(lang):
    for page in (SITE / lang / "notebooks" / "05_compass.html", SITE / lang / "book" / "briefs.html"):
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+\.pdf)"', html)
        assert len(set(links)) == len(compass.COUNTRIES), (page, links)
        for href in links:
            assert (page.parent / href).resolve().parent == (SITE / lang / "briefs").resolve(), href
            assert (page.parent / href).resolve().exists(), href
    chapter = (SITE / lang / "notebooks" / "05_compass.html").read_text(encoding="utf-8")
    for country, _r, _s in compass.COUNTRIES:
        assert f'id="{briefs.anchor(country)}"' in chapter, f"the QR codes lead to #{briefs.anchor(country)}"


@pytest.mark.parametrize("lang,country", [("en", "Nigeria"), ("fr", "Mali"), ("ar", "Iraq")])
def test_render_one_brief_per_language_for_review(lang, country):
    REVIEW.mkdir(parents=True, exist_ok=True)
    prefix = REVIEW / f"brief-{lang}-{briefs.ISO3[country].lower()}"
    for old in REVIEW.glob(prefix.name + "-*.png"):
        old.unlink()
    run("pdftoppm", "-r", "80", "-png", pdf(lang, country), prefix)
    pngs = sorted(REVIEW.glob(prefix.name + "-*.png"))
    assert 1 <= len(pngs) <= 2 and all(p.stat().st_size > 10_000 for p in pngs)
