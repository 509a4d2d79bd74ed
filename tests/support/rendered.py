"""What a reader of a built page sees or hears, taken from Chromium, and the detectors that find, in
the French and Arabic editions, text left in English and text whose direction or punctuation the
code broke (issue 15, section 3). The detectors are plain functions on strings so that
tests/unit/test_rendered_text_detectors.py can prove each of them fails on a crafted defect."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

# Arabic letters (and their marks), without the Arabic-Indic digits and punctuation.
AR = "\u0621-\u065f\u066e-\u06d3\u06d5-\u06dc\u06df-\u06e8\u06ea-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
ARABIC_LETTER = re.compile(f"[{AR}]")
# Characters a string may hold between two words without being seen: spaces and direction marks.
GAP = "[\\s\u200e\u200f\u2066-\u2069\u061c]*"
LATIN_PUNCTUATION = re.compile(f"[{AR}]{GAP}[,;]{GAP}(?=[{AR}])")
LATIN_QUESTION = re.compile(f"[{AR}]{GAP}\\?")
# "<10" written, or shown, the wrong way round.
REVERSED_LESS = re.compile("10[\u200e\u200f\u2066-\u2069\\s]?>")
GLUE = "[\\s:،؛()\u200f]*"  # no isolate or left-to-right mark: those keep ">10" in its order
GT_TEN_GLUED = re.compile(f"[{AR}]{GLUE}>{GLUE}10|>{GLUE}10{GLUE}[{AR}]")
# "<10" inside a string with Arabic words shows as "10>" unless a left-to-right isolate or mark keeps it.
BARE_LESS_TEN = re.compile("(?<![\u2066\u200e])<10")
ARROWS = re.compile("[\u2190-\u21ff\u27f0-\u27ff\u2900-\u297f\u2794-\u27bf\u2b00-\u2b4f\U0001f800-\U0001f8ff]")
UP_DOWN = set("\u2191\u2193\u2195\u21e7\u21e9\u2b06\u2b07")

# Proper names, codes and addresses that every edition writes as they are (an explicit, short list).
ALLOWED = re.compile(
    r"(?:https?|file)://\S+|\b[0-9a-f]{16,}\b|www\.\S+|\S+@\S+|\b[\w-]+\.(?:csv|zip|pdf|svg|png|json|md|ipynb)\b|"
    r"Counter Trafficking Data Collaborative|Global Victim-Perpetrator Synthetic Dataset|Microsoft Research|"
    r"synthetic-data-showcase|Cooperation on Migration and Partnerships for Sustainable Solutions|"
    r"Noto Naskh Arabic|Jupyter Book|Plotly|Binder|Python|English|Français|(?<!\w)\.(?:ipynb|pdf|md|csv|zip)\b|"
    r"\((?:IOM|CTDC|COMPASS|UNODC|ILO|OIM|ISO|DOI)\)|\b[A-Z]{2,}\b|\b\w*_\w+\b|\bCtrl\b"
)
# English words, and runs of them, that no French or Arabic sentence holds.
ENGLISH_MARKERS = re.compile(
    r"\b(?:the|of records|and|with|from|which|were|this|that|these|their|records?|victims?|perpetrators?|"
    r"Toggle|Download|Launch|Search|Skip to|Back to top|Close|Copy|Print|Previous|Next|Contents|Show|Hide|"
    r"Fullscreen|Edit|Open|light|dark|sidebar|Main)\b"
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Plotly's own markup in chart strings (never "<10").
PLOTLY_TAG = re.compile(r"</?(?:br|b|i|em|sup|sub|span|a)\b[^>]*>", re.I)

# What Chromium gives for one page: the visible text (every <details> opened), document title, the
# names and tooltips (aria-label, title, alt, placeholder, and the data-* texts ctdc.js shows later),
# code snippets apart (an embed snippet shows its title= only), chart specs and static SVG addresses.
COLLECT = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const code = [];
  document.querySelectorAll('pre, code, [data-ctdc-copy="embed"]').forEach(e => {
    if (!e.closest('pre, code, [data-ctdc-copy="embed"]') || e.closest('pre, code, [data-ctdc-copy="embed"]') === e) {
      code.push(e.textContent); e.textContent = '';
    }
  });
  const names = [];
  const keys = ['aria-label', 'title', 'alt', 'placeholder', 'data-ctdc-num', 'data-close-text', 'data-loading',
                'data-copied', 'data-failed', 'data-figure-text', 'data-csv-text'];
  document.querySelectorAll('*').forEach(e => keys.forEach(k => {
    const v = e.getAttribute(k); if (v && v.trim()) names.push(v.trim());
  }));
  // Text not rendered now that a click, a scroll or a narrow screen shows (menus, dialogs, buttons).
  const unseen = [];
  const skip = 'script, style, template, noscript, svg, iframe';
  document.querySelectorAll('body *').forEach(e => {
    if (e.matches(skip) || e.closest(skip) || e.checkVisibility()) return;
    if (e.parentElement && !e.parentElement.checkVisibility()) return;
    e.textContent.split('\\n').forEach(t => { if (t.trim()) unseen.push(t.trim()); });
  });
  const specs = [...document.querySelectorAll('script.ctdc-plot-spec')].map(s => s.textContent);
  const svgs = [...document.querySelectorAll('img[src$=".svg"], source[srcset$=".svg"]')]
    .map(e => new URL(e.getAttribute('src') || e.getAttribute('srcset'), location.href).href);
  return {text: document.title + '\\n' + document.body.innerText, names, code, unseen, specs, svgs};
}"""

# Keys of a plotly spec whose strings the chart shows or speaks.
SHOWN_KEYS = {"text", "hovertext", "hovertemplate", "texttemplate", "name", "ticktext", "title", "x", "y", "labels"}


def plain(text: str) -> str:
    """A chart string as read: plotly's tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(PLOTLY_TAG.sub(" ", text))).strip()


def spec_strings(spec: dict | list, key: str = "") -> list[str]:
    """Every string a plotly spec shows: titles, axis titles, tick text, legend names, bar text, hovers."""
    if isinstance(spec, dict):
        return [s for k, v in spec.items() for s in spec_strings(v, k)]
    if isinstance(spec, list):
        return [s for v in spec for s in spec_strings(v, key)]
    return [plain(spec)] if isinstance(spec, str) and key in SHOWN_KEYS and spec.strip() else []


def svg_strings(path: Path) -> list[str]:
    """The texts of a static chart: each <text> (its tspans joined), <title> and <desc>."""
    source = path.read_text(encoding="utf-8")
    found = re.findall(r"<(text|title|desc)\b[^>]*>(.*?)</\1>", source, re.S)
    return [s for _tag, body in found if (s := plain(re.sub(r"<[^>]+>", " ", body)))]


def snippet_strings(code: str) -> list[str]:
    """What a reader gets from a code snippet: the title and labels it carries into their page."""
    return [unescape(v) for v in re.findall(r'\b(?:title|aria-label|alt)="([^"]*)"', code)]


def segments(collected: dict, root: Path) -> list[str]:
    """A page's strings, one per visible line, name, chart string or static chart text."""
    strings = [line.strip() for line in collected["text"].splitlines() if line.strip()]
    strings += collected["names"] + collected.get("unseen", [])
    strings += [s for code in collected["code"] for s in snippet_strings(code)]
    for spec in collected["specs"]:
        strings += spec_strings(json.loads(spec))
    for url in collected["svgs"]:
        path = Path(url.removeprefix("file://"))
        if path.is_file():
            strings += svg_strings(path)
    return strings


def _words(text: str) -> list[str]:
    return [w.lower() for w in LATIN_WORD.findall(ALLOWED.sub(" | ", text))]


def english_ngrams(strings: list[str], n: int = 3) -> set[tuple[str, ...]]:
    """Every run of n Latin words of the English page, across allowed names (they break a run)."""
    grams = set()
    for s in strings:
        for run in re.split(r"\|", ALLOWED.sub(" | ", s)):
            words = [w.lower() for w in LATIN_WORD.findall(run)]
            grams |= {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    return grams


def english_in(text: str, grams: set[tuple[str, ...]], english: set[str], kept: set[str]) -> str | None:
    """The English part of a French or Arabic string, if any: a run of three words of the English
    page, the whole of a string the English page also shows (not a name kept by the translators), or
    an English function word."""
    rest = ALLOWED.sub(" | ", text)
    for run in rest.split("|"):
        words = LATIN_WORD.findall(run)
        low = [w.lower() for w in words]
        hits = [i for i in range(len(low) - 2) if tuple(low[i : i + 3]) in grams]
        if hits:
            return " ".join(words[hits[0] : hits[-1] + 3])
    stripped = text.strip()
    if stripped in english and stripped not in kept and re.search("[A-Za-z]{3}", rest):
        return stripped
    marker = ENGLISH_MARKERS.search(rest)
    return marker.group(0) if marker else None


def latin_words_in_arabic(text: str) -> str | None:
    """Two Latin words in a row, not an allowed name, in an Arabic string: English left in the edition."""
    rest = ALLOWED.sub(" | ", text)
    run = re.search(r"[A-Za-z]{2,}(?:[\s,.:;-]+[A-Za-z]{2,})+", rest)
    return run.group(0) if run else None


def arabic_punctuation(text: str) -> list[str]:
    """Latin comma or semicolon between two Arabic words, and a Latin ? after Arabic."""
    return [m.group(0) for m in LATIN_PUNCTUATION.finditer(text)] + [m.group(0) for m in LATIN_QUESTION.finditer(text)]


def reversed_less_than(text: str, lang: str) -> list[str]:
    """ "10>" anywhere; in Arabic also ">10" glued to Arabic words and a bare "<10" among Arabic words."""
    found = [m.group(0) for m in REVERSED_LESS.finditer(text)]
    if lang == "ar":
        found += [m.group(0) for m in GT_TEN_GLUED.finditer(text)]
        if ARABIC_LETTER.search(text):
            found += [m.group(0) for m in BARE_LESS_TEN.finditer(text)]
    return found


def arrows_in_arabic(text: str) -> list[str]:
    """An arrow in an Arabic sentence, hover or summary: its direction flips with the text's."""
    if not ARABIC_LETTER.search(text):
        return []
    return [c for c in ARROWS.findall(text) if c not in UP_DOWN]
