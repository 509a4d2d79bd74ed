"""Open Graph and Twitter card metadata for every page, so that a shared link shows a real card.

A Sphinx extension (loaded by build.sphinx_ext). For each page it puts ``ctdc_card`` into the
template's context, which book/_templates/layout.html writes into the page's head:

- the page's title and a description (the first sentences of its first paragraph), in the edition's
  language, and the edition's locale (og:locale, with the other editions as alternates);
- the page's absolute address (from ``html.baseurl`` in _config.yml, which staging gives each edition);
- a preview image: the PNG that the figure pipeline draws of the page's headline chart, its first figure
  (static_charts.py writes <edition>/figures/<key>-wide.png for every figure); a page without a figure
  gets the landing page's chart (build.landing.CHART). Its alt text is the figure's title.
"""

from __future__ import annotations

import html
import json
import re

from ctdc_story.build import landing
from ctdc_story.meta import settings
from ctdc_story.text import i18n
from ctdc_story.text.i18n import N_, _

# og:locale takes a language and a territory; those of the editions as the platforms list them.
LOCALES = {"en": "en_GB", "fr": "fr_FR", "ar": "ar_AR"}
FIGURE = re.compile(r'<figure class="ctdc-figure" id="fig-([\w-]+)"')
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
# A sentence ends with a full stop, question or exclamation mark (Arabic's too) and a space.
SENTENCE_END = re.compile(r"(?<=[.!?\u061f])\s+")
DESCRIPTION_LENGTH = 200  # sentences are added while the description is shorter than this
IMAGE = "figures/{key}-wide.png"
# The description of a page with no paragraph of prose (the index, the search page).
FALLBACK = N_(
    "What the records of victims of trafficking assisted by IOM say about the victims, the perpetrators "
    "and the relationship between them, for the ministries of the partner countries."
)


def plain(markup: str) -> str:
    """The text of an HTML fragment, on one line."""
    return i18n.one_line(html.unescape(TAG.sub("", markup)))


def headline_figure(body: str, keys: set[str]) -> str | None:
    """The key of the page's first figure that has a preview image (one of ``keys``), if any."""
    return next((key for key in FIGURE.findall(body) if key in keys), None)


def description(body: str, fallback: str) -> str:
    """The first sentences of the page's first paragraph of prose (``fallback`` if it has none)."""
    text = next((t for t in (plain(p) for p in PARAGRAPH.findall(body)) if len(t) >= 40), "")
    if not text:
        return fallback
    out = ""
    for sentence in SENTENCE_END.split(text):
        if out and len(out) >= DESCRIPTION_LENGTH:
            break
        out = f"{out} {sentence}".strip()
    return out


def figure_titles(lang: str) -> dict[str, str]:
    """The edition's figures (key: title), from the listing that staging writes before Sphinx runs."""
    listing = settings.BUILD / "figures" / f"{lang}.json"
    if not listing.exists():
        return {}
    return {f["key"]: f["title"] for f in json.loads(listing.read_text(encoding="utf-8"))}


def card(pagename: str, title: str, body: str, lang: str, baseurl: str, site_name: str, titles: dict[str, str]) -> dict:
    """What the page's head says of it to a site that shows a shared link (all plain text)."""
    key = headline_figure(body, set(titles)) or landing.CHART
    base = baseurl.rstrip("/") + "/"
    return {
        "title": plain(title) or site_name,
        "site_name": site_name,
        "description": description(body, _(FALLBACK, lang)),
        "url": base + pagename + ".html",
        "image": base + IMAGE.format(key=key),
        "image_alt": titles.get(key, ""),
        "locale": LOCALES[lang],
        "alternates": [LOCALES[code] for code in settings.LANGUAGES if code != lang],
    }


def _add_card(app, pagename, templatename, context, doctree):
    lang = app.config.language or "en"
    if lang not in LOCALES or not app.config.html_baseurl:
        return
    if not hasattr(app, "ctdc_figure_titles"):
        app.ctdc_figure_titles = figure_titles(lang)
    context["ctdc_card"] = card(
        pagename,
        context.get("title", ""),
        context.get("body", ""),
        lang,
        app.config.html_baseurl,
        plain(context.get("docstitle", "")),
        app.ctdc_figure_titles,
    )


def setup(app):
    app.connect("html-page-context", _add_card)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
