"""Charts without JavaScript, plotly.js as an enhancement (issue 13, section 1), in a real browser:

- with JavaScript off, every figure shows its static SVG, loaded and inside the screen, titled in the
  edition's language (the SVG file carries the figure's title and summary);
- with JavaScript on, plotly.js is fetched only by pages that have a chart, and a chart becomes
  interactive once the reader scrolls to it;
- when the reader saves data (navigator.connection.saveData) or is on a slow connection, nothing is
  fetched until the reader taps "Make this chart interactive" under a chart, and the tap swaps that
  chart alone.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import pytest

from ctdc_story.meta import settings
from ctdc_story.text import i18n
from support.browsing import SCREENSHOTS, SITE, chart_pages, name, pages, watch
from support.site import plots

pytestmark = pytest.mark.site

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
CHAPTER = "notebooks/03_perpetrators.html"  # five figures, the first well below the first screen
SAVE_DATA = "Object.defineProperty(navigator, 'connection', {configurable: true, get: () => (%s)});"

# What the reader sees of each figure: its title, its picture (the image the browser chose, loaded or
# not, where it lies) and whether the interactive chart or the button is shown.
FIGURES = """() => [...document.querySelectorAll('figure.ctdc-figure')].filter(f => f.querySelector('.ctdc-plot-spec'))
  .map(f => { const img = f.querySelector('.ctdc-figure__static img'); const box = img && img.getBoundingClientRect();
    const button = f.querySelector('.ctdc-figure__activate');
    return {id: f.id, title: f.querySelector('.ctdc-figure__title').textContent.trim(),
      src: img && img.currentSrc, complete: !!img && img.complete, natural: img ? img.naturalWidth : 0,
      left: box && box.left, right: box && box.right, width: box && box.width, height: box && box.height,
      pictureShown: !!img && !!img.offsetParent, interactive: !!f.querySelector('.ctdc-plot .main-svg'),
      button: !!button && !!button.offsetParent, buttonText: button ? button.textContent.trim() : null}; })"""


def plotly_requests(page) -> list[str]:
    page.plotly = []
    page.on("request", lambda r: page.plotly.append(r.url) if "plotly" in r.url else None)
    return page.plotly


def svg_file(src: str) -> Path:
    return Path(unquote(urlparse(src).path))


def has_figures(path: Path) -> bool:
    return bool(plots(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_without_javascript_every_figure_shows_its_static_chart(browser, lang, device):
    """JavaScript off: each figure's image is the one for the screen's width, has loaded, fits the
    screen, and its SVG is titled and described in the edition's language."""
    context = browser.new_context(java_script_enabled=False, **(PHONE if device == "phone" else DESKTOP))
    page = watch(context.new_page())
    requested = plotly_requests(page)
    seen, problems = 0, []
    for path in chart_pages(lang):
        page.goto(path.as_uri(), wait_until="load")
        vw = page.viewport_size["width"]
        for figure in page.evaluate(FIGURES):
            where = f"{name(path)} {figure['id']}"
            wanted = "-narrow.svg" if device == "phone" else "-wide.svg"
            if not (figure["src"] or "").endswith(wanted):
                problems.append(f"{where}: shows {figure['src']}, not the {wanted} image")
                continue
            if not (figure["complete"] and figure["natural"] > 0 and figure["pictureShown"]):
                problems.append(f"{where}: the static chart did not load or is not shown: {figure}")
            if not (figure["left"] >= 0 and figure["right"] <= vw + 0.5 and figure["height"] > 60):
                problems.append(f"{where}: the static chart does not fit the {vw}px screen: {figure}")
            if figure["interactive"] or figure["button"]:
                problems.append(f"{where}: without JavaScript there is no interactive chart and no button")
            root = ElementTree.parse(svg_file(figure["src"])).getroot()
            title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
            if not (root.get("role") == "img" and root.get("lang") == lang and root.get(XML_LANG) == lang):
                problems.append(f"{where}: the SVG root says role={root.get('role')} lang={root.get('lang')}")
            if title is None or title.text != figure["title"] or desc is None or len(desc.text or "") < 20:
                problems.append(f"{where}: the SVG's title or description is not the figure's")
            key = figure["id"].removeprefix("fig-")
            english = ElementTree.parse(SITE / "en" / "figures" / f"{key}-narrow.svg").getroot().find(f"{SVG}title")
            if lang != "en" and english is not None and english.text == figure["title"]:
                problems.append(f"{where}: the SVG's title is the English one")
            seen += 1
    context.close()
    assert not problems, "\n".join(problems[:20])
    assert seen >= 17, f"only {seen} figures"  # every chapter's, the explorer's example and their embeds
    assert not requested, requested
    # Scripts are refused (JavaScript is off).
    failed = [f for f in page.failed if not f.split("?")[0].split(":")[-1].endswith(".js") and "csp" not in f]
    assert not page.errors and not failed, (page.errors, failed)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_static_charts_hold_the_charts_own_labels(lang):
    """The SVG draws the same chart as plotly.js would: each category and series name of the spec is
    written in it, line by line, in logical order (the browser shapes and orders Arabic as it draws)."""
    missing, checked = [], 0
    for chapter in sorted((SITE / lang / "notebooks").glob("*.html")):
        for plot_id, traces, _layout in plots(chapter.read_text(encoding="utf-8")):
            key = plot_id.removeprefix("plot-")
            wanted = {v for t in traces for v in t.get("y") or [] if isinstance(v, str)}
            wanted |= {t["name"] for t in traces if t.get("name") and t.get("showlegend") is not False}
            lines = {line.strip() for label in wanted for line in label.split("<br>") if line.strip()}
            for width in ("narrow", "wide"):
                root = ElementTree.parse(SITE / lang / "figures" / f"{key}-{width}.svg").getroot()
                text = "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
                missing += [(key, width, line) for line in sorted(lines) if line not in text]
                checked += len(lines)
    assert checked > 50
    assert not missing, missing[:10]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_plotly_is_fetched_only_where_there_is_a_chart_and_draws_it(browser, lang):
    """JavaScript on, at 1280×800: pages without figures never request plotly.js; on a chapter,
    scrolling to a chart makes it interactive, and only then is its picture hidden."""
    context = browser.new_context(**DESKTOP)
    page = watch(context.new_page())
    requested = plotly_requests(page)
    plain = [p for p in pages(lang) if not has_figures(p)]
    assert any(p.name == "intro.html" for p in plain) and any(p.name == "key_findings.html" for p in plain)
    for path in plain:
        page.goto(path.as_uri(), wait_until="networkidle")
        page.mouse.wheel(0, 20_000)
        page.wait_for_timeout(300)
        assert not requested, f"{name(path)} requested {requested}"
    page.goto((SITE / lang / CHAPTER).as_uri(), wait_until="load")
    defer = page.evaluate("[...document.querySelectorAll('script[src*=\"ctdc.js\"]')].map(s => s.defer)")
    assert defer == [True], "ctdc.js must not block rendering"
    last = page.locator("figure.ctdc-figure").last
    last.scroll_into_view_if_needed()
    last.locator(".ctdc-plot .main-svg").first.wait_for(timeout=20_000)
    state = last.evaluate("""f => ({picture: !!f.querySelector('.ctdc-figure__static img').offsetParent,
        chart: f.querySelector('.ctdc-plot').getBoundingClientRect().height,
        marks: f.querySelectorAll('.ctdc-plot g.point path, .ctdc-plot .heatmaplayer image').length})""")
    assert not state["picture"] and state["chart"] > 100 and state["marks"] > 0, state
    assert len([u for u in requested if u.split("?")[0].endswith("/_static/plotly.min.js")]) == 1, requested
    assert not page.errors and not page.failed and not page.outside, (page.errors, page.failed, page.outside)
    context.close()


@pytest.mark.parametrize(
    "lang,connection",
    [
        ("en", "{saveData: true, effectiveType: '4g'}"),
        ("fr", "{saveData: true, effectiveType: '4g'}"),
        ("ar", "{saveData: true, effectiveType: '4g'}"),
        ("en", "{saveData: false, effectiveType: '3g'}"),
    ],
)
def test_when_saving_data_a_chart_becomes_interactive_only_when_tapped(browser, lang, connection):
    """Save-Data (or a 3G connection) on a phone: every chart stays static, with a button in the
    edition's language; nothing is fetched until a tap, which swaps that chart and no other."""
    context = browser.new_context(**PHONE)
    context.add_init_script(SAVE_DATA % connection)
    page = watch(context.new_page())
    requested = plotly_requests(page)
    page.goto((SITE / lang / CHAPTER).as_uri(), wait_until="load")
    for _step in range(12):  # the reader reads the whole chapter
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    before = page.evaluate(FIGURES)
    assert len(before) >= 3
    assert not requested, requested
    label = i18n._("Make this chart interactive", lang)
    assert lang == "en" or label != "Make this chart interactive"
    for figure in before:
        assert figure["pictureShown"] and figure["natural"] > 0 and not figure["interactive"], figure
        assert figure["button"] and figure["buttonText"] == label, figure
    second = page.locator("figure.ctdc-figure").nth(1)
    button = second.locator(".ctdc-figure__activate button")
    button.scroll_into_view_if_needed()
    button.tap()
    second.locator(".ctdc-plot .main-svg").first.wait_for(timeout=20_000)
    after = {f["id"]: f for f in page.evaluate(FIGURES)}
    tapped = after[before[1]["id"]]
    assert tapped["interactive"] and not tapped["pictureShown"] and not tapped["button"], tapped
    for figure in before[:1] + before[2:]:
        now = after[figure["id"]]
        assert not now["interactive"] and now["pictureShown"] and now["button"], now
    assert len(requested) == 1 and requested[0].split("?")[0].endswith("/_static/plotly.min.js"), requested
    assert not page.errors and not page.failed, (page.errors, page.failed)
    context.close()


def test_activate_charts_draws_every_chart_of_the_page(page):
    """window.ctdc.activateCharts(), which other tests use, resolves once every figure is interactive."""
    path = SITE / "en" / CHAPTER
    page.goto(path.as_uri(), wait_until="load")
    assert page.evaluate("window.ctdc.activateCharts()") is True
    figures = page.evaluate(FIGURES)
    assert len(figures) == len(plots(path.read_text())) >= 3
    assert all(f["interactive"] and not f["pictureShown"] for f in figures), figures


def test_arabic_static_charts_for_review(browser):
    """Screenshots for a person to look at (_build/review/): the Arabic chapter at 360 px with JavaScript
    off, where every label is the SVG's own text, joined and read right to left."""
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto((SITE / "ar" / CHAPTER).as_uri(), wait_until="load")
    review = SCREENSHOTS.parent / "review"
    review.mkdir(parents=True, exist_ok=True)
    for i, figure in enumerate(page.locator("figure.ctdc-figure .ctdc-figure__static img").all()[:2]):
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(review / f"static-chart-ar-360-{i + 1}.png"))
        assert (review / f"static-chart-ar-360-{i + 1}.png").stat().st_size > 5000
    context.close()
