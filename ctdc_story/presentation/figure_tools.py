"""The row of tools on each figure of the site (figure.html includes figure_tools.html): download the data
(CSV) and the image (SVG, PNG), copy the embed code and copy a citation, each in the edition's language.

Every figure also exists as a folder of its own, <edition>/embed/<key>/ (publication.downloads), which the
embed code (embed_iframe.html, included by figure_tools.html; downloads.snippet for the Embed page) points to. The copy buttons need JavaScript (ctdc.js); without it the embed code and the
citation are shown, selectable, in a <details> under the row.
"""

from __future__ import annotations

from ctdc_story.meta import project, settings
from ctdc_story.text import edition
from ctdc_story.text.i18n import _

EMBED = "embed"  # <edition>/embed/<key>/index.html
EXTRA_HEIGHT = 340  # title, guide, tools, source line and credit around the chart, in pixels (before resizing)
READ_CSV = 'pandas.read_csv(url, comment="#")'  # the one line that reads a figure's CSV


def edition_url(lang: str) -> str:
    """The public address of an edition, ending with '/' (<baseurl><lang>/)."""
    return f"{project.base_url()}{lang}/"


def embed_path(key: str) -> str:
    """The embed page of a figure, from the edition's root."""
    return f"{EMBED}/{key}/index.html"


def embed_height(height: int) -> int:
    """The iframe's height before its page tells the frame how tall it is (and with no script)."""
    return int(height) + EXTRA_HEIGHT


def citation(title: str, key: str, lang: str | None = None) -> str:
    """How to cite one figure: its title, IOM and CTDC, the year of the data release and its address."""
    return _(
        '"{title}". International Organization for Migration (IOM), Counter Trafficking Data Collaborative '
        "(CTDC), {year}. {url}",
        lang,
    ).format(title=title, year=settings.DATA_RELEASE[:4], url=edition_url(edition.get(lang).lang) + embed_path(key))


def read_csv_note(lang: str | None = None) -> str:
    """What the comment lines of a CSV hold, said next to the line that reads it."""
    return _(
        "Lines that start with # hold the title, the source and its base, the citation, the terms of use, "
        "the privacy rule and the meaning of each column; this line of Python skips them.",
        lang,
    )


def context(key: str, title: str, height: int) -> dict:
    """What figure_tools.html needs for one figure of the edition being built (pages are one folder deep)."""
    lang = edition.current().lang
    absolute = edition_url(lang) + embed_path(key)
    return {
        "csv": f"../data/{key}.csv",
        "svg": f"../figures/{key}-wide.svg",
        "png": f"../figures/{key}-wide.png",
        "embed_src": f"../{embed_path(key)}",
        "embed_abs": absolute,
        "frame_height": embed_height(height),
        "citation": citation(title, key, lang),
        "read_csv": READ_CSV,
        "read_csv_note": read_csv_note(lang),
        "label": _("Tools for this figure"),
        "csv_text": _("Download the data as CSV"),
        "svg_text": _("Download the image as SVG"),
        "png_text": _("Download the image as PNG"),
        "embed_text": _("Embed"),
        "embed_label": _("Copy the embed code"),
        "cite_text": _("Citation"),
        "cite_label": _("Copy the citation"),
        "copied": _("Copied"),
        "copy_failed": _("Could not copy: select the text under the tools and copy it."),
        "more": _("Embed code, citation and how to read the data"),
        "embed_heading": _("Embed code"),
        "cite_heading": _("Citation"),
        "read_heading": _("Read the CSV file in Python"),
    }
