"""The printed country briefs (PDF) of every edition: length, fonts, language, numbers, privacy, links.

Expected figures are computed from the package, as the briefs compute them, and looked
for in the text that poppler extracts: what a reader, a screen reader or a search finds.
Run after the build (make test does); pages of one brief per language are rendered to
PNG in _build/review/ for a human look.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
from pathlib import Path

import pytest

from ctdc_story.data import privacy, stats
from ctdc_story.meta import settings
from ctdc_story.publication import briefs
from ctdc_story.text import compass, edition, i18n, labels

pytestmark = pytest.mark.site
SITE = settings.BUILD / "site"
REVIEW = settings.BUILD / "review"
BRIEFS = [(lang, country) for lang in settings.LANGUAGES for country, _r, _s in compass.COUNTRIES]
# Invisible marks that may come out of the PDF text: bidi embeddings and isolates.
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ARABIC = re.compile("[\u0600-\u06ff]")
# The briefs embed the whole Noto Naskh Arabic TrueType fonts: a subset web font gave a text layer
# with words broken apart and letters without their dots. They print no optional vowel mark
# (harakat), which a PDF's text layer gives before its letter with a space (briefs.HARAKAT).
HARAKAT = re.compile(r"[\u064b-\u0652\u0670]")
ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u0652\u0670]+")


def pdf(lang: str, country: str) -> Path:
    return SITE / lang / "briefs" / briefs.pdf_name(country)


def run(*command) -> str:
    return subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True).stdout


def as_extracted(value: str, lang: str) -> set[str]:
    """How pdftotext may write a value: inside Arabic lines it puts the % sign of a share, and the
    bracket and full stop after a base's number, in visual order ('%77' for 77%); the figure and
    its digits are the same."""
    forms = {value}
    if lang == "ar" and value.endswith("%"):
        forms.add("%" + value[:-1])
    if lang == "ar" and " = " in value:  # a base: «(العدد = 4 250).» comes out as «(العدد = .)4 250»
        label, number = value.split(" = ", 1)
        forms |= {f"{label} = {between}{number}" for between in (".)", ")", ")؛", "؛)")}
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
        n_of_base = plain(i18n.gettext("n = {n}").format(n=base))
    found = text(lang, country)
    if lang == "ar":
        found = HARAKAT.sub("", found)
    for expected in (name, region_name, plain(own), plain(forced), n_of_base):
        assert any(form in found for form in as_extracted(expected, lang)), (
            f"{expected!r} is not in the {lang} brief for {country}"
        )
    if lang == "fr":
        assert plain(own).endswith(" %"), "French shares read '54 %'"
    assert "".join(briefs.online_url(country, lang).split()) in "".join(found.split())


def arabic_words(text: str) -> list[str]:
    return ARABIC_WORD.findall(plain(text))


def in_order(words: list[str], extracted: list[str]) -> bool:
    """Whether ``words`` come out of the brief in their order, each one whole (others may come between)."""
    rest = iter(extracted)
    return all(any(word == got for got in rest) for word in words)


def chart_text(chart: dict) -> list[str]:
    """What a brief's chart says: its title, guide, notes and source, and the labels plotly draws
    (axis categories, series names, annotations), one line of a label at a time."""
    data, layout = json.loads(chart["data"]), json.loads(chart["layout"])
    drawn = [str(v) for trace in data for key in ("x", "y") for v in trace.get(key) or [] if isinstance(v, str)]
    drawn += [trace["name"] for trace in data if trace.get("name")]
    drawn += [note["text"] for note in layout.get("annotations", []) if note.get("text")]
    lines = [re.sub("<[^>]+>", "", line) for label in drawn for line in re.split("<br ?/?>", label)]
    arabic_lines = [line for line in lines if ARABIC.search(line)]
    return [chart["title"], chart["guide"], *chart["notes"], chart["source"], *arabic_lines]


@pytest.mark.parametrize("country", [c for c, _r, _s in compass.COUNTRIES])
def test_arabic_briefs_give_back_their_source_text(country, dataset, tables):
    """Copying, searching or reading aloud an Arabic brief gives its own text (issue 15): each of its
    sentences (titles, the regional note, findings and their bases, the charts' titles, notes and
    labels, suggestions, caveats, citation)
    comes out of the PDF word for word, in order, every word whole with its dots."""
    page = briefs.context(dataset.frame, tables, country, "ar")
    findings = [part for f in page["findings"] for part in (f.lead, f.text, f.base_line)]
    sentences = [
        page["kicker"], page["note_title"], page["note"], page["findings_title"], *findings,
        page["suggests_title"], *page["suggests"], page["caveats_title"], *page["caveats"], page["citation"],
    ]  # fmt: skip
    # Page 2 sets two charts side by side, and pdftotext may read a line of one between two of the
    # other: a chart's words must come out whole and in order, not necessarily next to each other.
    in_charts = [line for chart in page["charts"] for line in chart_text(chart)]
    extracted = arabic_words(text("ar", country))
    assert not [w for w in extracted if HARAKAT.search(w)], "the brief prints vowel marks"
    found = " ".join(extracted)
    garbled = [s for s in sentences if " ".join(arabic_words(HARAKAT.sub("", s))) not in found]
    garbled += [s for s in in_charts if not in_order(arabic_words(HARAKAT.sub("", s)), extracted)]
    total = len(sentences) + len(in_charts)
    assert not garbled, f"{len(garbled)} of {total} sentences do not come out as written, e.g. {garbled[:2]}"
    assert "\ufffd" not in found and not re.search("[\ufb50-\ufdff\ufe70-\ufefc]", text("ar", country)), (
        "presentation forms or unknown glyphs instead of Arabic letters"
    )


# Numbers shown as counts of records: bases "n = …" (العدد = …) and "… records" in any edition.
COUNT = re.compile(
    r"(?:\bn|العدد)\s*=\s*[.)؛]*(<?\s*[\d][\d ,.]*)|(\d[\d ,.]*)\s+(?:records|enregistrements|سجلات|سجل)\b"
)


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
        # The QR codes of briefs printed before the country pages lead to #compass-<country>.
        assert f'id="{briefs.anchor(country)}"' in chapter, f"#{briefs.anchor(country)} leads nowhere"


@pytest.mark.parametrize("lang,country", [("en", "Nigeria"), ("fr", "Mali"), ("ar", "Iraq")])
def test_render_one_brief_per_language_for_review(lang, country):
    REVIEW.mkdir(parents=True, exist_ok=True)
    prefix = REVIEW / f"brief-{lang}-{briefs.ISO3[country].lower()}"
    for old in REVIEW.glob(prefix.name + "-*.png"):
        old.unlink()
    run("pdftoppm", "-r", "80", "-png", pdf(lang, country), prefix)
    pngs = sorted(REVIEW.glob(prefix.name + "-*.png"))
    assert 1 <= len(pngs) <= 2 and all(p.stat().st_size > 10_000 for p in pngs)
