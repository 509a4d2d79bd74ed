"""The words a chart gives beside its marks, its text summary and its hovers, are made the edition's
way (issue 15): series joined with the edition's separator, no Latin comma or semicolon between Arabic
words, "<10" kept in its order inside right-to-left text, and no arrow between two names, which a
right-to-left reader sees pointing back."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ctdc_story.presentation import charts
from ctdc_story.text import edition

NAMES = {
    "en": ["Africa", "Asia", "Europe"],
    "fr": ["Afrique", "Asie", "Europe"],
    "ar": ["أفريقيا", "آسيا", "أوروبا"],
}
LRI, PDI = "\u2066", "\u2069"


def _table() -> pd.DataFrame:
    """Three regions within three regions; Asia within Europe is a count below 10 (not reportable)."""
    rows = []
    for g in range(3):
        for c in range(3):
            hidden = (g, c) == (2, 1)
            rows.append(
                {
                    "group": f"g{g}",
                    "category": f"c{c}",
                    "share": None if hidden else (c + 1) / 6,
                    "count": None if hidden else 100 * (c + 1),
                    "base": 600,
                    "not_recorded": 0,
                }
            )
    table = pd.DataFrame(rows)
    table.attrs.update(n=1800, not_recorded=0)
    return table


@pytest.fixture(params=["en", "fr", "ar"])
def lang(request, monkeypatch):
    names = NAMES[request.param]
    monkeypatch.setattr(charts.labels, "category", lambda measure, value: names[int(value[1:])])
    with edition.using(request.param):
        yield request.param


def _flows() -> charts.Figure:
    return charts.heatmap_chart(
        "flows", _table(), "of", "within", title="t", guide="g", base="b", x_title="X", y_title="Y"
    )


def _hovers(figure: charts.Figure) -> list[str]:
    return [t for trace in figure.plot.data if trace.hovertext is not None for t in trace.hovertext]


def test_a_summary_gives_each_panel_as_a_series_with_the_edition_s_separator(lang):
    """A bar's name may hold a comma ("Control, abuse or kidnap"), and Arabic's list puts و before
    every item, so a panel's bars are a series: A: 17%; B: 33%; C: 50%."""
    summary = _flows().summary
    separator = {"en": "; ", "fr": "\u202f; ", "ar": "؛ "}[lang]
    assert summary.count(separator) == 3 * 2, summary  # three panels of three bars
    for name in NAMES[lang][1:]:
        assert f"{separator}{name}" in summary, summary
    assert " and " not in summary and " et " not in summary and " و" not in summary


def test_no_latin_comma_or_semicolon_between_arabic_words(lang):
    if lang != "ar":
        pytest.skip("Arabic only")
    summary = _flows().summary
    assert not re.search(r"[\u0600-\u06ff][,;]", summary), summary


def test_a_count_below_ten_keeps_its_order_in_right_to_left_text(lang):
    summary = _flows().summary
    isolated = f"{LRI}<10{PDI}"
    assert (isolated in summary) == (lang == "ar"), summary
    assert "10>" not in summary.replace(isolated, "")


def test_a_hover_names_its_panel_on_a_line_of_its_own_with_no_arrow(lang):
    hovers = _hovers(_flows())
    assert hovers, "the chart has hovers"
    for hover in hovers:
        assert "→" not in hover and " · " not in hover
        first, _, rest = hover.partition("<br>")
        assert "Y" in first, hover  # the panel's heading (its axis and group) comes first
        assert any(n in rest for n in NAMES[lang]), hover


def test_a_chart_groups_thousands_as_the_edition_does(lang):
    """Hovers, the source line and plotly's own number format group thousands with the edition's
    separator: "," in English, a narrow no-break space in French and Arabic (never "," in Arabic,
    where "17,580" reads as a decimal in the Maghreb)."""
    table = _table()
    table["count"] = [None if pd.isna(c) else 4090 + c for c in table["count"]]
    table["base"] = 17584
    table.attrs.update(n=52752)
    figure = charts.heatmap_chart(
        "flows", table, "of", "within", title="t", guide="g", base="b", x_title="X", y_title="Y"
    )
    group = {"en": ",", "fr": "\u202f", "ar": "\u202f"}[lang]
    decimal = {"en": ".", "fr": ",", "ar": "."}[lang]
    hovers = " ".join(_hovers(figure))
    assert f"17{group}580" in hovers and f"4{group}190" in hovers, hovers
    assert f"52{group}750" in figure.source, figure.source
    assert figure.plot.layout.separators == decimal + group
    if lang == "ar":
        assert not re.search(r"\d,\d", hovers + figure.source + figure.summary)


def test_each_hover_line_is_isolated_in_the_edition_s_direction(lang):
    """plotly.js draws each hover line on its own, in the direction of its first strong letter: in
    Arabic each line is isolated right to left (RLI…PDI), so that a line that opens with a number
    still ends, on its left, with its own ":" or ")". Other editions are left as written."""
    for hover in _hovers(_flows()):
        lines = hover.split("<br>")
        if lang == "ar":
            assert all(line.startswith("\u2067") and line.endswith(PDI) for line in lines), hover
        else:
            assert not any(mark in hover for mark in "\u2066\u2067\u2069"), hover


def test_a_label_breaks_only_at_plain_spaces():
    """French "victime\u00a0: Afrique" keeps its no-break space: no line opens with ":" and none
    loses the space before it (str.split() used to break there)."""
    wrapped = charts.wrap("Région de nationalité de la victime\u00a0: Afrique", 24)
    assert "victime\u00a0: Afrique" in wrapped, wrapped
    assert all(not line.startswith(":") for line in wrapped.split("<br>")), wrapped
