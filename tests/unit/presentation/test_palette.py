"""Colours meet WCAG 2.1 AA contrast: every data mark 3:1 on the page, every text 4.5:1 on its
background (chart palette, heatmap cells and their values, hover labels, our stylesheet)."""

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
    assert charts.contrast(charts._share_axis(0.5)["zerolinecolor"], WHITE) >= MARK


@pytest.mark.parametrize("share", [i / 200 for i in range(201)])
def test_every_heatmap_cell_stands_out_and_its_value_reads(share):
    cell = charts.heat_colour(share)
    assert charts.contrast(cell, WHITE) >= MARK, cell
    assert charts.contrast(charts.heat_text_colour(share), cell) >= TEXT, cell


def test_an_empty_heatmap_cell_shows_its_text_on_the_page():
    assert charts.contrast(charts.heat_text_colour(None), WHITE) >= TEXT


def test_heat_colour_interpolates_like_plotly():
    assert charts.heat_colour(0) == charts.HEAT[0].upper()
    assert charts.heat_colour(1) == charts.HEAT[1].upper()


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
