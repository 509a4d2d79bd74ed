"""Every chart read on a phone (360x740, touch, device scale 2), in every edition, once it is
interactive: no text of a chart (tick labels, bar names and values, headings, legend,
annotations) overlaps another, none is cut by its chart's box or by the screen's edge, and the
hover label of every mark stays on the screen.

What is measured is what Chromium draws: the bounding box of each text element of each chart
and of each hover label, as plotly.js laid the chart out at the width the phone gives it."""

from __future__ import annotations

import json

import pytest

from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from support.browsing import SITE, browsed, chart_pages, name, watch

pytestmark = pytest.mark.site

DESKTOP = {"viewport": {"width": 1280, "height": 900}}  # a chart box of charts.WIDE (688) pixels
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# Two text boxes may touch: each is shrunk by this much on every side before they are compared,
# and an overlap counts only above AREA square pixels. A text may pass its chart's box by SLACK.
SHRINK, AREA, SLACK = 1.0, 1.0, 1.0

# The page's charts, made interactive (after the static SVGs the page shows first, when it does).
ACTIVATE = """async () => {
  if (window.ctdc && window.ctdc.activateCharts) await window.ctdc.activateCharts();
}"""
DRAWN = """() => [...document.querySelectorAll('.ctdc-plot')].every(p => p.querySelector('svg.main-svg') && p._fullLayout)"""

# Every non-empty text of each chart, with its box; what lies outside its chart or the screen;
# and which pairs overlap.
# The charts are the page's interactive ones, or given a selector (":root"), a static SVG opened alone.
TEXTS = """([shrink, area, slack, roots]) => {
  const vw = window.innerWidth, out = [];
  for (const plot of document.querySelectorAll(roots || '.ctdc-plot')) {
    const key = plot.id ? plot.id.replace(/^plot-/, '') : document.URL.split('/').pop();
    const svg = plot.matches('svg.main-svg') ? plot : plot.querySelector('svg.main-svg');
    const frame = svg.getBoundingClientRect();
    const texts = [...(svg === plot ? plot.querySelectorAll('text') : plot.querySelectorAll('svg.main-svg text'))]
      .filter(t => !t.closest('.hoverlayer') && t.textContent.trim())
      .map(t => ({t: t.textContent.trim(), b: t.getBoundingClientRect()}))
      .filter(x => x.b.width > 0 && x.b.height > 0);
    const problems = [];
    for (const {t, b} of texts) {
      if (b.left < frame.left - slack || b.right > frame.right + slack || b.top < frame.top - slack
          || b.bottom > frame.bottom + slack)
        problems.push(`${JSON.stringify(t)} passes the chart's box (text ${Math.round(b.left)}..${Math.round(b.right)}`
          + ` x ${Math.round(b.top)}..${Math.round(b.bottom)}, chart ${Math.round(frame.left)}..${Math.round(frame.right)}`
          + ` x ${Math.round(frame.top)}..${Math.round(frame.bottom)})`);
      if (b.left < -slack || b.right > vw + slack)
        problems.push(`${JSON.stringify(t)} passes the screen's edge (${Math.round(b.left)}..${Math.round(b.right)} of 0..${vw})`);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].b, c = texts[j].b;
      const w = Math.min(a.right, c.right) - Math.max(a.left, c.left) - 2 * shrink;
      const h = Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) - 2 * shrink;
      if (w > 0 && h > 0 && w * h > area)
        problems.push(`${JSON.stringify(texts[i].t)} overlaps ${JSON.stringify(texts[j].t)} (${Math.round(w * h)} px²)`);
    }
    out.push({key, count: texts.length, problems});
  }
  return out;
}"""

# Hover over every mark of each chart (every bar; every cell of a heatmap) and measure the label.
HOVERS = """() => {
  const vw = window.innerWidth, out = [];
  for (const plot of document.querySelectorAll('.ctdc-plot')) {
    const key = plot.id.replace(/^plot-/, ''), problems = [];
    let hovered = 0;
    plot.data.forEach((trace, curve) => {
      const points = [];
      if (trace.type === 'heatmap') trace.z.forEach((row, r) => row.forEach((v, c) => points.push([r, c])));
      else (trace.x || []).forEach((v, i) => points.push(i));
      for (const point of points) {
        // A heatmap's cell is found by its column and row (category indices), a bar by its index.
        // A bar of the second column of small multiples is hovered on its subplot (x2y2).
        Plotly.Fx.hover(plot, Array.isArray(point) ? {xval: point[1], yval: point[0]}
                                                   : [{curveNumber: curve, pointNumber: point}],
                        (trace.xaxis || 'x') + (trace.yaxis || 'y'));
        const label = plot.querySelector('.hoverlayer .hovertext');
        if (!label) continue;
        hovered += 1;
        const b = label.getBoundingClientRect();
        if (b.left < -1 || b.right > vw + 1)
          problems.push(`the hover label of trace ${curve}, point ${JSON.stringify(point)} ` +
            `(${JSON.stringify(label.textContent.slice(0, 60))}) lies at ${Math.round(b.left)}..${Math.round(b.right)} of 0..${vw}`);
        Plotly.Fx.unhover(plot);
      }
    });
    out.push({key, hovered, problems});
  }
  return out;
}"""


def _watched_page(browser, options):
    """A page in its own browser context (viewport, touch), watched for errors; closed after the module."""
    context = browser.new_context(**options)
    yield watch(context.new_page())
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    yield from _watched_page(browser, PHONE)


def interactive(page, path):
    """Open the page on the phone and wait until every chart on it is plotly's, fully drawn."""
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate(ACTIVATE)
    page.wait_for_function(DRAWN, timeout=30000)
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(100)  # plotly.js redraws once the fonts are in


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_no_chart_text_overlaps_or_is_cut_and_hovers_stay_on_the_screen(phone, lang):
    problems, charts, hovered = [], 0, 0
    for path in browsed(chart_pages(lang)):
        interactive(phone, path)
        for chart in phone.evaluate(TEXTS, [SHRINK, AREA, SLACK]):
            charts += 1
            assert chart["count"] > 0, f"{lang} {name(path)} {chart['key']}: a chart without any text"
            problems += [f"{lang} {name(path)} {chart['key']}: {p}" for p in chart["problems"]]
        for chart in phone.evaluate(HOVERS):
            assert chart["hovered"] > 0, f"{lang} {name(path)} {chart['key']}: no mark shows a hover label"
            hovered += chart["hovered"]
            problems += [f"{lang} {name(path)} {chart['key']}: {p}" for p in chart["problems"]]
    assert charts >= 5 and hovered >= charts, (charts, hovered)
    assert not problems, f"{len(problems)} problems at 360 px, e.g.:\n" + "\n".join(problems[:40])


def test_the_test_sees_a_cut_and_an_overlap(phone):
    """The measure itself: a chart drawn wider than the screen, with a text over another, is caught."""
    page = next(p for p in chart_pages("en") if p.parent.name == "notebooks")
    interactive(phone, page)
    broken = phone.evaluate("""async () => {
      const plot = document.querySelector('.ctdc-plot');
      // Wider than the screen, and a second text written over the chart's first one.
      const first = plot.layout.annotations[0];
      await Plotly.relayout(plot, {width: 500, [`annotations[${plot.layout.annotations.length}]`]: {...first, text: 'over it'}});
      return plot.id;
    }""")
    found = {c["key"]: c["problems"] for c in phone.evaluate(TEXTS, [SHRINK, AREA, SLACK])}[broken[5:]]
    assert any("passes the screen's edge" in p for p in found), found
    assert any("overlaps" in p for p in found), found


# What each interactive small multiple drew in its box: the box's width, and the x axes and the
# columns (their left edges, in pixels) its bars stand in.
WIDE_DRAWN = """() => [...document.querySelectorAll('.ctdc-figure')].filter(f => {
    const spec = f.querySelector('script.ctdc-plot-spec'); return spec && JSON.parse(spec.textContent).wide; })
  .map(f => { const plot = f.querySelector('.ctdc-plot'), l = plot._fullLayout, axes = l._subplots.cartesian;
    return {key: plot.id.replace(/^plot-/, ''), box: plot.getBoundingClientRect().width, axes,
            height: plot.getBoundingClientRect().height,
            starts: ['xaxis', 'xaxis2'].filter(a => l[a]).map(a => Math.round(l[a]._offset))}; })"""


@pytest.fixture(scope="module")
def desktop(browser):
    yield from _watched_page(browser, DESKTOP)


def wide_figures(lang: str) -> dict[str, dict]:
    """The small multiples of the edition's chapters: each figure's key and its spec."""
    found = {}
    for path in browsed(chart_pages(lang)):
        for plot_id, spec in charts.SPEC_SCRIPT.findall(path.read_text(encoding="utf-8")):
            parsed = json.loads(spec)
            if "wide" in parsed:
                found[plot_id.removeprefix("plot-")] = parsed
    return found


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_at_688_px_small_multiples_are_two_columns_and_no_text_overlaps_or_is_cut(desktop, lang):
    """A desktop (1280 px, a chart box of 688 px) draws each small multiple in two columns, the first
    on the left (on the right in Arabic), about half as tall as on a phone; no text of any chart
    overlaps another or is cut, and every hover label stays on the screen."""
    wide = wide_figures(lang)
    assert {"compass-profile", "compass-origins", "victims-flows"} <= set(wide), sorted(wide)
    problems, seen = [], set()
    for path in browsed(chart_pages(lang)):
        interactive(desktop, path)
        for chart in desktop.evaluate(TEXTS, [SHRINK, AREA, SLACK]):
            problems += [f"{lang} {name(path)} {chart['key']}: {p}" for p in chart["problems"]]
        for chart in desktop.evaluate(HOVERS):
            problems += [f"{lang} {name(path)} {chart['key']}: {p}" for p in chart["problems"]]
        for chart in desktop.evaluate(WIDE_DRAWN):
            seen.add(chart["key"])
            narrow = wide[chart["key"]]["layout"]["height"]
            assert chart["box"] >= 600 and sorted(chart["axes"]) == ["x2y2", "xy"], chart
            first, second = chart["starts"]
            assert (first > second) == (lang == "ar"), f"{lang} {chart['key']}: the first column is not first"
            assert chart["height"] < 0.75 * narrow, (chart, narrow)
    assert seen == set(wide), (seen, set(wide))
    assert not problems, f"{len(problems)} problems at 688 px, e.g.:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_the_wide_static_small_multiples_are_two_columns_without_overlaps(desktop, lang):
    """Each small multiple's wide SVG (what the page shows from 600 px, and what prints): shorter than
    a printed A4 page, and no text overlaps another or is cut by the image's edge."""
    problems = []
    wide = wide_figures(lang)
    for key, spec in wide.items():
        svg = SITE / lang / "figures" / f"{key}-wide.svg"
        desktop.goto(svg.as_uri(), wait_until="load")
        desktop.evaluate("document.fonts.ready")
        size = desktop.evaluate(
            "() => [document.documentElement.width.baseVal.value, document.documentElement.height.baseVal.value]"
        )
        assert size == [charts.WIDE, spec["wide"]["layout"]["height"]], (key, size)
        assert size[1] < 1000 and size[1] < 0.75 * spec["layout"]["height"], (key, size)
        ((chart,),) = [desktop.evaluate(TEXTS, [SHRINK, AREA, SLACK, ":root"])]
        assert chart["count"] > 4, (key, chart)
        problems += [f"{lang} {key}-wide.svg: {p}" for p in chart["problems"]]
    assert not problems, "\n".join(problems[:40])
