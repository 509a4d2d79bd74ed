"""Colours meet WCAG 2.1 AA contrast: every data mark 3:1 on the page, every text 4.5:1 on its
background (chart palette, the names and values written on charts, hover labels, our stylesheet)."""

from __future__ import annotations

import itertools
import math
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
    assert charts.contrast("#0033A0", WHITE) == charts.contrast(WHITE, "#0033A0")


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


# Colour-vision deficiency (GUIDE §2.8): each colour as a protan, deutan or tritan reader sees it,
# by Machado, Oliveira and Fernandes (2009), severity 1 (dichromacy), on linear RGB.
CVD = {
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
# CIE76 distance in CIELAB: about 2.3 is just noticeable; bars of two series side by side stay
# apart well above that. The Okabe-Ito palette the book had before reached 2.4 for protans.
APART = 12.0


def _linear(colour: str) -> tuple[float, ...]:
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _seen(colour: str, deficiency: str | None) -> tuple[float, ...]:
    rgb = _linear(colour)
    if deficiency:
        rgb = tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in CVD[deficiency])
    return rgb


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_simulation_confuses_what_dichromats_confuse():
    """The simulation is not a no-op: red and green that anyone else tells apart merge for a deutan."""
    red, green = "#D22630", "#4C8C2B"
    assert math.dist(_lab(_seen(red, None)), _lab(_seen(green, None))) > 40
    assert math.dist(_lab(_seen(red, "deutan")), _lab(_seen(green, "deutan"))) < 10


@pytest.mark.parametrize("deficiency", [None, *CVD])
def test_palette_colours_stay_apart_for_colour_blind_readers(deficiency):
    seen = {c: _lab(_seen(c, deficiency)) for c in charts.PALETTE}
    for a, b in itertools.combinations(charts.PALETTE, 2):
        assert math.dist(seen[a], seen[b]) >= APART, (deficiency, a, b)


def test_palette_starts_with_iom_blue():
    """IOM's primary colour draws the first series, and the site's stylesheet uses the same blue."""
    assert charts.PALETTE[0] == charts.IOM_BLUE == "#0033A0"
    identity = CSS.read_text().split("/* IOM identity */", 1)[1]
    assert f"--pst-color-primary: {charts.IOM_BLUE}" in identity
