"""The static SVG of each figure (static_charts): drawn by the site's plotly.js in Chromium, titled
and described in the edition's language, the same bytes from build to build, and cached."""

from __future__ import annotations

import json
import shutil
from xml.etree import ElementTree

import pandas as pd
import plotly.graph_objects as go
import pytest

from ctdc_story.presentation import charts
from ctdc_story.publication import static_charts
from ctdc_story.text import edition

pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="Chromium draws the static charts")
NS = {"svg": static_charts.SVG_NS}


def payload(lang: str = "fr", key: str = "k", other: str = "Exploiteur") -> dict:
    with edition.using(lang):
        plot = go.Figure(go.Bar(x=[0.61, 0.38], y=["Recruteur ou intermédiaire", other], orientation="h"))
        plot.update_layout(height=240, width=None, font=dict(family=charts.FONT))
        figure = charts.Figure(
            key=key,
            title="Les recruteurs & les « exploiteurs »",
            guide="g",
            source="s",
            plot=plot,
            table=pd.DataFrame({"a": [1]}),
            summary="Recruteur ou intermédiaire : 61 % ; exploiteur : 38 %.",
            height=240,
        )
        return figure.payload()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(static_charts, "CACHE", tmp_path / "cache")
    return tmp_path / "cache"


def test_each_figure_gets_a_narrow_and_a_wide_svg_in_its_language(tmp_path, cache):
    static_charts.publish([payload()], "fr", tmp_path / "fr")
    for name, width in charts.STATIC_WIDTHS.items():
        root = ElementTree.parse(tmp_path / "fr" / "figures" / f"k-{name}.svg").getroot()
        assert root.get("role") == "img" and root.get("lang") == "fr"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
        assert (root.get("width"), root.get("height")) == (str(width), "240")
        assert root.find("svg:title", NS).text == "Les recruteurs & les « exploiteurs »"
        assert root.find("svg:desc", NS).text.startswith("Recruteur ou intermédiaire : 61 %")
        assert list(root)[:2] == [root.find("svg:title", NS), root.find("svg:desc", NS)]
        drawn = [t.text for t in root.iter(f"{{{static_charts.SVG_NS}}}text")]
        assert "Exploiteur" in drawn and any("Recruteur" in (t or "") for t in drawn)  # the chart's own labels


def test_a_second_build_reads_the_cache_and_writes_the_same_bytes(tmp_path, cache, monkeypatch):
    static_charts.publish([payload()], "fr", tmp_path / "one")
    shutil.rmtree(cache)
    static_charts.publish([payload()], "fr", tmp_path / "two")  # drawn again from scratch
    for name in charts.STATIC_WIDTHS:
        first = (tmp_path / "one" / "figures" / f"k-{name}.svg").read_bytes()
        assert first == (tmp_path / "two" / "figures" / f"k-{name}.svg").read_bytes()  # Plotly's ids seeded

    def no_drawing(*args):
        raise AssertionError("drawn although the cache holds it")

    monkeypatch.setattr(static_charts.Drawer, "draw", no_drawing)
    monkeypatch.setattr(static_charts.Drawer, "draw_png", no_drawing)
    static_charts.publish([payload()], "fr", tmp_path / "three")
    assert (tmp_path / "three" / "figures" / "k-wide.svg").read_bytes() == first
    assert (tmp_path / "three" / "figures" / "k-wide.png").read_bytes() == (
        tmp_path / "one" / "figures" / "k-wide.png"
    ).read_bytes()


def test_the_wide_chart_is_also_a_png_at_twice_its_size(tmp_path, cache):
    """The image to download for slides: a real PNG of the wide chart's size times PNG_SCALE, and not blank."""
    import struct
    import zlib

    static_charts.publish([payload()], "fr", tmp_path / "fr")
    data = (tmp_path / "fr" / "figures" / "k-wide.png").read_bytes()
    assert data.startswith(static_charts.PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (charts.STATIC_WIDTHS["wide"] * 2, 240 * 2)
    chunks, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + size]))
        at += 12 + size
    assert {kind for kind, _ in chunks} <= {b"IHDR", b"IDAT", b"IEND", b"sRGB", b"pHYs", b"gAMA"}  # no text chunk
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(set(pixels)) > 10  # drawn, not a blank image


def test_the_png_of_small_multiples_is_drawn_from_the_wide_layout_as_the_wide_svg_is(tmp_path, cache, monkeypatch):
    """The PNG (slides, link previews) once drew the narrow layout, panel under panel, squeezed into
    the wide image's height: headings overlapped the bars' names."""
    figure = payload()
    spec = json.loads(figure["spec"])
    wide = {"data": spec["data"], "layout": {**spec["layout"], "meta": "the wide layout"}}
    figure["spec"] = json.dumps({**spec, "wide": wide})
    drawn: dict[str, list[str]] = {"svg": [], "png": []}
    monkeypatch.setattr(static_charts.Drawer, "draw", lambda self, s, *a: drawn["svg"].append(s) or SVG)
    monkeypatch.setattr(static_charts.Drawer, "draw_png", lambda self, s, *a: drawn["png"].append(s) or PNG)
    static_charts.publish([figure], "fr", tmp_path / "fr")
    layouts = {kind: [json.loads(s)["layout"].get("meta") for s in specs] for kind, specs in drawn.items()}
    assert layouts == {"svg": [None, "the wide layout"], "png": ["the wide layout"]}


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
PNG = static_charts.PNG_SIGNATURE + b"drawn"


def test_a_truncated_cache_entry_is_drawn_again(tmp_path, cache):
    static_charts.publish([payload()], "fr", tmp_path / "one")
    entries = sorted((cache / "fr").glob("*.svg"))
    assert len(entries) == len(charts.STATIC_WIDTHS)
    for entry in entries:
        entry.write_text(entry.read_text()[:200])  # a build killed mid-write, or a bad disk
    static_charts.publish([payload()], "fr", tmp_path / "two")
    for entry in entries:
        assert static_charts.parses(entry.read_text())
    assert static_charts.parses((tmp_path / "two" / "figures" / "k-narrow.svg").read_text())


def test_a_figure_no_longer_in_the_book_leaves_the_cache(tmp_path, cache):
    static_charts.publish([payload(key="old", other="Ancien")], "fr", tmp_path / "one")
    static_charts.publish([payload(key="new", other="Nouveau")], "fr", tmp_path / "one")
    assert len(list((cache / "fr").glob("*.svg"))) == len(charts.STATIC_WIDTHS)
    assert sorted(p.name for p in (tmp_path / "one" / "figures").iterdir()) == [
        "new-narrow.svg",
        "new-wide.png",
        "new-wide.svg",
    ]


def test_the_title_cannot_break_the_svg():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" role="x"><rect/></svg>'
    out = static_charts.accessible(svg, "</title><script>alert(1)</script>", "a < b & c", "ar")
    root = ElementTree.fromstring(out)
    assert root.find("svg:title", NS).text == "</title><script>alert(1)</script>"
    assert root.find("svg:desc", NS).text == "a < b & c"
    assert root.get("role") == "img" and not root.findall(".//svg:script", NS)
    assert not static_charts.parses(out[:-6]) and not static_charts.parses("")


def test_the_order_plotly_gives_the_root_attributes_does_not_change_the_file():
    """plotly.js writes style before or after viewBox depending on what the page drew before."""
    body = '<rect width="3" height="4"/></svg>'
    one = '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="328" viewBox="0 0 328 149" style="">'
    two = '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" width="328" style="" viewBox="0 0 328 149">'
    first, second = (static_charts.accessible(head + body, "T", "D", "en") for head in (one, two))
    assert first == second
    root = ElementTree.fromstring(first)
    assert root.get("viewBox") == "0 0 328 149" and root.get("width") == "328" and root.get("lang") == "en"
