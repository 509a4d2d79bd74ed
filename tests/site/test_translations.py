"""The French and Arabic editions as a reader sees them: no English left in text or charts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ctdc_story.meta import settings
from ctdc_story.text import collation, i18n, labels
from support.site import plots

pytestmark = pytest.mark.site
SITE = settings.BUILD / "site"
TRANSLATED = ("fr", "ar")

# Words that occur in English sentences but not in French ones; two of them in one run
# of text mark an untranslated sentence.
ENGLISH = {
    "the",
    "and",
    "of",
    "with",
    "which",
    "were",
    "was",
    "this",
    "that",
    "from",
    "records",
    "victims",
    "perpetrators",
    "shows",
    "share",
    "each",
    "recorded",
    "who",
    "their",
    "been",
    "have",
    "has",
    "these",
    "those",
    "named",
    "name",
    "data",
    "for",
    "search",
    "by",
    "is",
    "are",
    "or",
    "than",
    "more",
    "most",
    "one",
    "at",
    "least",
    "chart",
}
# Names that stay as they are in every edition, and addresses (a citation ends with one).
KEPT = re.compile(
    r"https?://\S+|Counter Trafficking Data Collaborative|Global Victim-Perpetrator Synthetic Dataset|"
    r"Microsoft Research|synthetic-data-showcase|Cooperation on Migration and Partnerships for Sustainable Solutions|CTDC|COMPASS|MiMOSA|IOM|English|Français|"
    r"CTDC_VPsynthetic_condensed\.csv|Noto Naskh Arabic|Ctrl|K\b"
)


class VisibleText(HTMLParser):
    """Text a reader sees or hears: element text and accessible attributes, not scripts or code."""

    HIDDEN = {"script", "style", "pre", "code", "svg", "template"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1
        for key, value in attrs:
            if key in ("aria-label", "title", "placeholder", "alt") and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.chunks.append(data.strip())


def visible_chunks(path) -> list[str]:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.chunks


def english_runs(text: str) -> list[str]:
    text = KEPT.sub(" ", text)
    words = re.findall(r"[A-Za-z']+", text)
    hits = [w for w in words if w.lower() in ENGLISH]
    return hits if len(hits) >= 2 else []


def pages(lang):
    return sorted(
        p
        for p in (SITE / lang).rglob("*.html")
        if "_static" not in p.parts and not p.read_text().startswith('<meta http-equiv="Refresh"')
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_sentence_on_any_page(lang):
    found = []
    for page in pages(lang):
        for chunk in visible_chunks(page):
            if english_runs(chunk):
                found.append((str(page.relative_to(SITE)), chunk[:120]))
    assert not found, f"{len(found)} English text runs, e.g. {found[:8]}"


def chart_strings(page) -> list[str]:
    strings = []
    for _plot_id, traces, layout in plots(page.read_text()):
        for trace in traces:
            for key in ("x", "y", "text", "hovertext"):
                strings += [v for v in _flat(trace.get(key) or []) if isinstance(v, str)]
            if trace.get("name"):
                strings.append(trace["name"])
        strings += [t for axis in ("xaxis", "yaxis") for t in layout.get(axis, {}).get("ticktext", [])]
        strings += [a.get("text", "") for a in layout.get("annotations", [])]  # names written on bars
    return strings


def _flat(values):
    for v in values:
        yield from (_flat(v) if isinstance(v, list) else [v])


def english_labels(lang) -> set[str]:
    """Category labels whose translation differs from the English (so English would be a miss)."""
    english = {(labels.CONTEXT[key], label) for key, mapping in labels.CATEGORY.items() for label in mapping.values()}
    return {label for context, label in english if i18n.pgettext(context, label, lang) != label}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_category_label_in_any_chart(lang):
    english = english_labels(lang)
    assert english, "the catalog translates no category label"
    left = []
    for page in pages(lang):
        for text in chart_strings(page):
            plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
            left += [
                (page.name, label) for label in english if re.search(rf"(^|[ ·]){re.escape(label)}($|[ :·])", plain)
            ]
    assert not left, f"English category labels in {lang} charts: {sorted(set(left))[:10]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_numbers_follow_the_locale(lang):
    text = " ".join(visible_chunks(SITE / lang / "book" / "key_findings.html"))
    if lang == "fr":
        assert re.search(r"\d+\u202f%", text), "French percentages take an espace fine insécable before %"
        assert not re.search(r"\d+[ \u00a0]%", text), "a French percentage with another space before %"
        assert re.search(r"\d{1,3}[\u202f\u00a0]\d{3}", text), "French thousands are separated by a narrow space"
    else:
        assert not re.search(r"[\u0660-\u0669]", text), "the Arabic edition uses Western digits"
        # Thousands grouped with a narrow no-break space: "17,584" reads as a decimal in the Maghreb.
        assert re.search(r"\d{1,3}\u202f\d{3}", text), "Arabic thousands are separated by a narrow space"
        assert not re.search(r"\d,\d{3}(?!\d)", text), "no thousands grouped with a comma in Arabic"


class AccessibleNames(HTMLParser):
    """The names and tooltips a screen reader says or a pointer shows, in document order."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.names += [v.strip() for k, v in attrs if k in ("aria-label", "title", "placeholder", "alt") and v]


def accessible_names(path) -> list[str]:
    parser = AccessibleNames()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.names


# Names of things that stay as they are: file formats and the services the book links to.
KEPT_NAMES = re.compile(r"\b(CSV|SVG|PNG|PDF|Binder|CTDC|COMPASS|IOM)\b")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_name_or_tooltip_is_left_from_the_english_edition(lang):
    """An aria-label, tooltip or image text that the English page also has, word for word, was not
    translated: the theme writes "Main", "Page", "Toggle primary sidebar" and "Launch on Binder" in
    English whatever the language (issue 15)."""
    # Words a translator kept as they are ("Page" and "Index" are French too).
    kept = {m for domain in ("theme", "code") for m, t in i18n.catalog(lang, domain).items() if m == t}
    kept |= {m for (_context, m), t in i18n.contextual_catalog(lang, "code").items() if m == t}  # Mali, Niger
    left = []
    for page in pages(lang):
        english = SITE / "en" / page.relative_to(SITE / lang)
        if not english.is_file():
            continue
        same = (set(accessible_names(page)) & set(accessible_names(english))) - kept
        left += [
            (page.name, n) for n in same if len(re.findall(r"[A-Za-z]{3,}", KEPT.sub(" ", KEPT_NAMES.sub(" ", n))))
        ]
    assert not left, f"{len(left)} names left in English, e.g. {sorted(set(left))[:8]}"


THEME_WORDING = {"fr": ("Téléchargez",), "ar": ("قم بتنزيل", "بواسطة")}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_edition_speaks_in_its_own_register_not_the_theme_s(lang):
    """The theme's own translations ("قم بتنزيل", "بواسطة", « Téléchargez ») give way to the editions'
    catalogs, and the footer names IOM in the edition's language."""
    found = []
    for page in pages(lang):
        text = " ".join(visible_chunks(page))
        found += [(page.name, w) for w in THEME_WORDING[lang] if w in text]
        if "International Organization for Migration" in text:
            found.append((page.name, "International Organization for Migration"))
    assert not found, f"{len(found)} pages speak the theme's wording, e.g. {sorted(set(found))[:8]}"


def test_french_pages_show_one_apostrophe():
    """What the French reader sees, in pages and charts, has the typographic apostrophe only: no
    straight one from code, and no ” that smart quotes made of an apostrophe before markup
    (« d”enregistrements »)."""
    found = []
    for page in pages("fr"):
        for text in visible_chunks(page) + chart_strings(page):
            found += [(page.name, m.group(0)) for m in re.finditer(r"\w+[”']\w+", KEPT.sub(" ", text))]
    assert not found, f"{len(found)} apostrophes that are not ’, e.g. {sorted(set(found))[:8]}"


GLOSSARY_TERM = re.compile(r"<li><p><strong>(.*?)</strong>", re.S)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_the_glossary_is_in_the_alphabetical_order_of_its_edition(lang):
    page = (SITE / lang / "book" / "glossary.html").read_text(encoding="utf-8")
    terms = [re.sub(r"<[^>]+>", "", t).strip() for t in GLOSSARY_TERM.findall(page)]
    assert len(terms) >= 10, terms
    assert terms == collation.sorted_names(terms, lang=lang), terms


AUTHOR = re.compile(r'<p class="component-author">\s*(.*?)\s*</p>', re.S)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_the_footer_names_iom_in_the_edition_s_own_words(lang):
    page = (SITE / lang / "notebooks" / "02_victims.html").read_text(encoding="utf-8")
    found = AUTHOR.search(page)
    assert found, "no author line in the footer"
    expected = {
        "en": "By the International Organization for Migration (IOM)",
        "fr": "Par l’Organisation internationale pour les migrations (OIM)",
        "ar": "من إعداد المنظمة الدولية للهجرة",
    }[lang]
    assert found.group(1) == expected


SEARCHED = {"fr": "traite", "ar": "الاتجار"}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_search_reports_its_results_in_the_edition_s_words(browser, lang):
    """The search page's messages are written by Sphinx's script from translations.js, which Sphinx's
    own Arabic left empty ("Search finished, found 23 page(s)…" in English): search, as a reader
    does, and read what the page says."""
    import urllib.parse

    page = browser.new_page()
    try:
        page.goto((SITE / lang / "search.html").as_uri() + "?q=" + urllib.parse.quote(SEARCHED[lang]))
        summary = page.locator(".search-summary")
        page.wait_for_function("() => document.querySelector('.search-summary')?.innerText.trim().length > 0")
        heading = page.locator("#search-results h2").inner_text()
        said = summary.inner_text()
        assert heading == i18n.catalog(lang, "theme")["Search Results"], heading
        assert re.search(r"\d", said) and not english_runs(said) and "found" not in said, said
        template = i18n.catalog(lang, "theme")[
            "Search finished, found ${resultCount} page(s) matching the search query."
        ]
        assert re.fullmatch(re.escape(template).replace(re.escape("${resultCount}"), r"\d+"), said), said
    finally:
        page.close()
