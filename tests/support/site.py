"""The built site as the site tests see it: its pages, the resources each loads, its chapters."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from ctdc_story.build import sources
from ctdc_story.meta import settings
from ctdc_story.presentation import charts

SITE = settings.BUILD / "site"
# The chapters of the book: notebooks/explorer.md is for Binder only (front matter ctdc: book: false).
CHAPTERS = sorted(
    p.stem for p in (settings.ROOT / "notebooks").glob("*.md") if sources.page_options(p).get("book") is not False
)


def plots(text: str) -> list[tuple[str, list, dict]]:
    """The id, traces and layout of every chart of a page's HTML."""
    found = []
    for plot_id, spec in charts.SPEC_SCRIPT.findall(text):
        parsed = json.loads(spec)
        found.append((plot_id, parsed["data"], parsed["layout"]))
    return found


def pages(lang: str) -> list[Path]:
    """The edition's pages, without the one-line redirect that stands in for index.html."""
    return sorted(
        p
        for p in (SITE / lang).rglob("*.html")
        if "_static" not in p.parts and not p.read_text().startswith('<meta http-equiv="Refresh"')
    )


class Resources(HTMLParser):
    """Every address the browser would load on its own: scripts, styles, images, frames, fonts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.html_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = {k: v or "" for k, v in a.items()}
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel", "") not in ("alternate", "canonical"):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def is_external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


def name(page: Path) -> str:
    return str(page.relative_to(SITE))


def chart_pages(lang: str) -> list[Path]:
    return [p for p in pages(lang) if "ctdc-plot-spec" in p.read_text()]


# Pages one template makes many times over, of which the browser tests open a few. A country page
# shows its region's figures (the data know no country): Algeria's stands for Africa (with the
# longest list of neighbours), Iraq's for Asia. An embeddable figure's page holds one figure of a
# chapter, whose page the tests open whole: one page per kind of chart (bars, a heatmap, small
# multiples, the explorer's figure). The checks that read the files cover every page.
BROWSED_COUNTRIES = {"dza", "irq"}
BROWSED_EMBEDS = {"perpetrators-roles", "victims-flows", "compass-profile", "explorer-IP_Relation-gender"}


def browsed(paths: list[Path]) -> list[Path]:
    """Of an edition's ``paths``, those the browser tests open (see BROWSED_COUNTRIES and BROWSED_EMBEDS)."""

    def opened(path: Path) -> bool:
        parts = path.relative_to(SITE).parts[1:]  # below the edition's folder
        if parts[0] == "countries":
            return path.stem in BROWSED_COUNTRIES
        if parts[0] == "embed":
            return parts[1] in BROWSED_EMBEDS
        return True

    return [p for p in paths if opened(p)]
