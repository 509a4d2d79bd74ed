"""Small multiples in a wide chart box (issue 13): their panels go in two columns, balanced by height,
so the figure is about half as tall as on a phone and prints on one A4 page; in Arabic the first
column is on the right. The phone's layout stays one column."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ctdc_story.presentation import charts
from ctdc_story.text import edition


@pytest.fixture(autouse=True)
def plain_labels(monkeypatch):
    """Categories named by their codes: the layout is what is tested, not the labels."""
    monkeypatch.setattr(charts.labels, "category", lambda measure, value: f"{measure} {value}")


def _table(groups: int, cats: int) -> pd.DataFrame:
    rows = [
        {
            "group": f"g{g}",
            "category": f"c{c}",
            "share": None if (g, c) == (0, 1) else (g + c + 1) / (groups + cats + 1),
            "count": None if (g, c) == (0, 1) else 10 * (g + c + 1),
            "base": 1000,
            "not_recorded": 0,
        }
        for g in range(groups)
        for c in range(cats)
    ]
    table = pd.DataFrame(rows)
    table.attrs.update(n=1000, not_recorded=0)
    return table


def _small_multiple(groups: int = 6, cats: int = 4) -> charts.Figure:
    return charts.heatmap_chart(
        "k", _table(groups, cats), "of", "within", x_title="What", y_title="Where", title="T", guide="G", base="B"
    )


def _columns(layout: dict) -> dict[str, list[dict]]:
    """The annotations of each x axis ("x", "x2") of a layout."""
    out: dict[str, list[dict]] = {}
    for note in layout["annotations"]:
        out.setdefault(note["xref"].split()[0], []).append(note)
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_small_multiples_go_in_two_columns_about_half_as_tall(lang):
    with edition.using(lang):
        figure = _small_multiple()
    rtl = lang == "ar"
    spec = json.loads(figure.spec_json())
    narrow, wide = spec["layout"], spec["wide"]["layout"]
    # The phone keeps one column: every text on the chart's paper or the one x axis.
    assert {n["xref"] for n in narrow["annotations"]} == {"paper", "x"} and "xaxis2" not in narrow
    assert narrow["height"] == figure.height
    # Wide: two columns side by side that do not overlap, each with its own x axis and range.
    first, second = wide["xaxis"]["domain"], wide["xaxis2"]["domain"]
    assert first[1] < second[0] if not rtl else second[1] < first[0]
    assert (wide["xaxis"]["range"][0] > wide["xaxis"]["range"][1]) == rtl  # bars grow from the right in Arabic
    assert wide["yaxis2"]["anchor"] == "x2" and wide["xaxis2"]["anchor"] == "y2"
    texts = _columns(wide)
    headings = {axis: [n["text"] for n in notes if n["text"].startswith("<b>")] for axis, notes in texts.items()}
    assert len(headings["x"]) + len(headings["x2"]) == 6 and len(headings["x"]) == len(headings["x2"]) == 3
    assert headings["x"][0].startswith("<b>Where: ")  # the first panel heads the first column
    # Every bar of the second column is on its axes, and every bar is there once.
    on_second = [t for t in spec["wide"]["data"] if t.get("xaxis") == "x2"]
    assert on_second and all(t["yaxis"] == "y2" for t in on_second)
    assert sum(len(t["x"]) for t in spec["wide"]["data"]) == sum(len(t["x"]) for t in spec["data"]) == 24
    # Values "<10" and hovers as on the phone.
    assert sorted(n["text"] for n in wide["annotations"]) == sorted(n["text"] for n in narrow["annotations"])
    assert sorted(h for t in spec["wide"]["data"] for h in t["hovertext"]) == sorted(
        h for t in spec["data"] for h in t["hovertext"]
    )
    assert "<10" in [n["text"] for n in wide["annotations"]]
    # About half as tall, and the wide static image says so.
    assert 0.4 * figure.height < figure.wide_height < 0.6 * figure.height
    assert wide["height"] == figure.wide_height
    assert [i["height"] for i in figure.static_images()] == [figure.height, figure.wide_height]


def test_in_arabic_the_first_panel_is_on_the_right():
    with edition.using("en"):
        en = json.loads(_small_multiple().spec_json())["wide"]["layout"]
    with edition.using("ar"):
        ar = json.loads(_small_multiple().spec_json())["wide"]["layout"]
    assert en["xaxis"]["domain"][0] < 0.1 and en["xaxis2"]["domain"][1] > 0.9
    assert ar["xaxis"]["domain"][1] > 0.9 and ar["xaxis2"]["domain"][0] < 0.1  # the first column on the right
    # Names and headings stand at the start of their column: its left edge, its right edge in Arabic.
    assert {
        (n["x"], n["xanchor"])
        for n in ar["annotations"]
        if n["xref"].endswith("domain") and n["text"].startswith("<b>")
    } == {(1, "right")}


def test_columns_are_balanced_by_height():
    assert charts._balanced([100, 100, 100, 100]) == 2
    assert charts._balanced([300, 100, 100, 100]) == 1
    assert charts._balanced([100, 100, 100, 300]) == 3


def test_one_panel_or_one_chart_keeps_a_single_layout():
    with edition.using("en"):
        one = _small_multiple(groups=1)
        spec = one.spec_json()
    assert one.wide is None and "wide" not in json.loads(spec)
    assert charts.drawn_spec(spec, "wide") == spec == charts.drawn_spec(spec, "narrow")
    assert one.static_images()[1]["height"] == one.height


def test_each_static_image_is_drawn_from_its_own_layout():
    with edition.using("en"):
        figure = _small_multiple()
    spec = figure.spec_json()
    narrow, wide = json.loads(charts.drawn_spec(spec, "narrow")), json.loads(charts.drawn_spec(spec, "wide"))
    assert "wide" not in narrow and "wide" not in wide
    assert narrow["layout"]["height"] == figure.height and wide["layout"]["height"] == figure.wide_height
    assert narrow["config"] == wide["config"] == charts.PLOT_CONFIG


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_wide_column_writes_longer_names_beside_their_bars(lang):
    """Names of 22 to 24 characters (the Arabic "Americas and Oceania") go above their bars on a phone,
    beside them in a column of the wide layout: no line of its own, so its panels are shorter."""
    of = "m" * (charts.WIDE_INLINE - 3)  # names "<of> c0": WIDE_INLINE characters
    with edition.using(lang):
        figure = charts.heatmap_chart(
            "k", _table(6, 4), of, "w", x_title="", y_title="", title="T", guide="G", base="B"
        )
    spec = json.loads(figure.spec_json())
    name = f"{of} c0"
    narrow = [n for n in spec["layout"]["annotations"] if n["text"] == name]
    wide = [n for n in spec["wide"]["layout"]["annotations"] if n["text"] == name]
    assert len(name) == charts.WIDE_INLINE > charts.INLINE
    assert {n["yanchor"] for n in narrow} == {"top"}  # above the bar
    assert {n["yanchor"] for n in wide} == {"middle"} and len(wide) == 6  # beside it, centred on it
    assert {n["xanchor"] for n in wide} == {"left" if lang == "ar" else "right"}  # ending where its bar begins
    assert figure.wide_height < 0.4 * figure.height
