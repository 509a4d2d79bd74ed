"""Colours meet WCAG 2.1 AA contrast: every data mark 3:1 on the page, every text 4.5:1 on its
background (chart palette, the names and values written on charts, hover labels, our stylesheet)."""

from __future__ import annotations

import re

import pytest

from ctdc_story.meta import settings
from ctdc_story.presentation import charts

WHITE, BLACK = "#FFFFFF", "#000000"
MARK, TEXT = 3.0, 4.5
CSS = settings.ROOT / "book" / "_static" / "ctdc.css"


def test_contrast_ratio_matches_wcag():
    assert charts.contrast(WHITE, BLACK) == pytest.approx(21)
    assert charts.contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)  # WCAG's textbook fail
    assert charts.contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # and its pass
    assert charts.contrast("#0072B2", WHITE) == charts.contrast(WHITE, "#0072B2")


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_every_palette_colour_stands_out_from_the_page(colour):
    assert charts.contrast(colour, WHITE) >= MARK


def test_palette_colours_are_distinct():
    assert len(set(c.upper() for c in charts.PALETTE)) == len(charts.PALETTE)
    assert len(set(charts.PATTERNS)) == len(charts.PATTERNS)  # colour is never the only cue


def test_chart_text_and_axes_read_on_white():
    assert charts.contrast(charts.TEXT, WHITE) >= TEXT
    layout = charts._layout(300)
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == WHITE
    assert layout["font"]["color"] == charts.TEXT
    hover = layout["hoverlabel"]
    assert charts.contrast(hover["font"]["color"], hover["bgcolor"]) >= TEXT


def test_every_text_and_bar_of_a_chart_reads_on_white():
    """Names, headings and values are written in the text colour; each series' bars in a palette colour."""
    rows = [charts._Row("A", 0.5, "a", 0), charts._Row("B", None, "b", 1)]
    plot, height = charts._bars_plot([charts._Panel("Heading", rows)], caption="Caption")
    layout = plot.to_plotly_json()["layout"]
    assert height > 0 and len(layout["annotations"]) == 6  # caption, heading, two names, two values
    for note in layout["annotations"]:
        assert charts.contrast(note["font"]["color"], WHITE) >= TEXT, note
    for bar in plot.data:
        assert charts.contrast(bar.marker.color, WHITE) >= MARK


def test_stylesheet_text_colours_read_on_white():
    """Every colour our stylesheet gives to text (the page behind it is white)."""
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S))
    colours = [
        (sel.strip(), c) for sel, body in rules for c in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
    ]
    assert colours
    for selector, colour in colours:
        assert charts.contrast(colour, WHITE) >= TEXT, (selector, colour)
    outlines = re.findall(r"outline:\s*\S+\s+solid\s+(#[0-9a-fA-F]{6})", CSS.read_text())
    assert outlines and all(charts.contrast(c, WHITE) >= MARK for c in outlines)  # focus rings, 1.4.11
