"""The landing page (book/intro.md), the campaign's front page, in every edition.

The page is a notebook like the key findings: its headline cards are shares glued by its code cell
(``glue_share``), and its prose is translated through the prose catalogs. Two blocks of it hold HTML,
which staging puts in where the page has their marks (unknown directives, so that Sphinx stops the
build if one were ever left in place):

- the calls to action (ACTIONS_MARK): the country picker (build.countries.picker, whose summary reads
  "Find your country") beside a link to the page of the country briefs;
- the chart (CHART_MARK): the static SVG that the figure pipeline draws for one chapter figure
  (static_charts.py), with its title, reading guide and source line, linked to the figure in its
  chapter. No script is needed above the fold, and plotly.js is not loaded on the page.

The page runs after every other one (front matter ``ctdc: {needs_figures: true}``), so that the
chart's title, guide and source come from the edition's own figure.
"""

from __future__ import annotations

import markupsafe

from ctdc_story.build import countries
from ctdc_story.meta.console import BuildError
from ctdc_story.presentation.templating import render
from ctdc_story.text import edition
from ctdc_story.text.i18n import _

PAGE = "book/intro"  # the landing page (the root of _toc.yml)
ACTIONS_MARK = "```{ctdc-landing-actions}\n```"
CHART_MARK = "```{ctdc-landing-chart}\n```"
# The landing page's chart, and the page of the preview image of every page that has no chart of its own
# (build.sharing): a short chart that fits above the fold on a phone.
CHART = "perpetrators-roles"
CHART_PAGE = "notebooks/03_perpetrators"
BRIEFS_PAGE = "book/briefs"


def href(page: str, anchor: str = "") -> str:
    """The address of a page of the edition from the landing page (one folder deep)."""
    return f"../{page}.html" + (f"#{anchor}" if anchor else "")


def raw(html: str) -> str:
    return "```{raw} html\n" + html.strip() + "\n```"


def actions() -> str:
    """The two calls to action, in the current edition."""
    return render(
        "landing_actions.html",
        picker=markupsafe.Markup(countries.picker()),
        brief_href=href(BRIEFS_PAGE),
        brief_label=_("Download your country brief"),
    )


def chart(figures: list[dict]) -> str:
    """The landing page's chart: the static picture of the figure CHART, from its payload."""
    figure = next((f for f in figures if f["key"] == CHART), None)
    if figure is None:
        raise BuildError(f"the landing page shows the figure {CHART!r}, which no chapter of the edition makes")
    narrow = next(image for image in figure["static"] if image["name"] == "narrow")
    return render(
        "landing_chart.html",
        key=CHART,
        title=figure["title"],
        guide=figure["guide"],
        summary=figure["summary"],
        source=figure["source"],
        image=narrow,
        href=href(CHART_PAGE, f"fig-{CHART}"),
    )


def with_blocks(text: str, lang: str, figures: list[dict]) -> str:
    """A page's MyST text with the landing page's blocks, in the edition's language, where it has their marks."""
    if ACTIONS_MARK not in text and CHART_MARK not in text:
        return text
    with edition.using(lang):
        if ACTIONS_MARK in text:
            text = text.replace(ACTIONS_MARK, raw(actions()))
        if CHART_MARK in text:
            text = text.replace(CHART_MARK, raw(chart(figures)))
    return text
