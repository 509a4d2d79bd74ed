"""The French and Arabic editions as a reader sees them: no English left in text or charts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ctdc_story.meta import settings
from ctdc_story.text import i18n, labels
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
        assert re.search(r"\d+\u00a0%", text), "French percentages take a non-breaking space before %"
        assert re.search(r"\d{1,3}[\u202f\u00a0]\d{3}", text), "French thousands are separated by a narrow space"
    else:
        assert not re.search(r"[\u0660-\u0669]", text), "the Arabic edition uses Western digits"
        assert re.search(r"\d{1,3},\d{3}", text)
