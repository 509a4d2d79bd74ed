"""The editions in a real browser (Debian's chromium, driven by Playwright), page by page, as a
reader meets them: every page loads without an error and fetches nothing from outside the site,
every chart draws its data and hovers in the edition's language, the language switcher leads to
the same page, Arabic lays out right to left. One browser serves the whole run (conftest.py). Of
the country and figure pages, which one template makes many times over, the tests open those
support.site.browsed names."""

from __future__ import annotations

import pytest

from ctdc_story.meta import settings
from support.browsing import RECORDS, SCREENSHOTS, SITE, browsed, chart_pages, name, pages, visit

pytestmark = pytest.mark.site

MARKS = "g.point path, .heatmaplayer image"


def open_chapter(page, lang, chapter="02_victims"):
    return visit(page, SITE / lang / "notebooks" / f"{chapter}.html")


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_page_loads_cleanly_nothing_leaves_the_site_and_the_switcher_holds(page, lang):
    """...and its language switcher points to the same page in the other editions, as the
    browser resolves the links (a click on them is tested below)."""
    problems = []
    for path in browsed(pages(lang)):
        visit(page, path)
        for kind in ("errors", "failed", "outside"):
            problems += [(name(path), kind, item) for item in getattr(page, kind)]
            getattr(page, kind).clear()
        if path.parent.parent.name == "embed":  # a figure alone, for an iframe: no site chrome, no switcher
            continue
        links = page.evaluate("""() => [...document.querySelectorAll('.ctdc-lang-switcher a[hreflang]')]
            .filter(a => a.offsetParent).map(a => [a.hreflang, a.href])""")
        if {code for code, _ in links} != set(settings.LANGUAGES) - {lang}:
            problems.append((name(path), "switcher", links))
        for code, href in links:
            if href != (SITE / code / path.relative_to(SITE / lang)).as_uri():
                problems.append((name(path), code, href))
    assert not problems, problems


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_chart_draws_its_data(page, lang):
    seen = 0
    for path in browsed(chart_pages(lang)):
        visit(page, path)
        figures = page.locator(".ctdc-figure")
        plots = page.locator(".ctdc-figure .ctdc-plot")
        assert plots.count() == figures.count() > 0, name(path)
        for i in range(plots.count()):
            plot = plots.nth(i)
            assert plot.locator("svg.main-svg").count(), f"{name(path)}: chart {i} has no SVG"
            marks = plot.evaluate(f"""p => [...p.querySelectorAll('{MARKS}')].filter(m => {{
                const b = m.getBoundingClientRect(); return b.width > 1 && b.height > 1; }}).length""")
            assert marks > 0, f"{name(path)}: chart {i} draws no data mark"
            seen += 1
    assert seen >= len(settings.LANGUAGES) and seen >= 5


def _hover_points(plot):
    """Where a reader would point: the middle of the widest bar of each trace, or of a heatmap
    cell that holds a value."""
    return plot.evaluate("""p => {
      const centre = e => { const b = e.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2, b.width]; };
      const bars = [...p.querySelectorAll('g.point path')].map(centre).filter(c => c[2] > 4);
      if (bars.length) return bars.sort((a, b) => b[2] - a[2]).slice(0, 1);
      return [...p.querySelectorAll('.heatmaplayer text')].filter(t => /\\d/.test(t.textContent) &&
        !t.textContent.includes('<')).map(centre).slice(0, 1);
    }""")


def _hover(page, plot, where: str):
    """Move the mouse over the plot's widest mark, as a reader does, and return its hover label."""
    plot.scroll_into_view_if_needed()
    points = _hover_points(plot)
    assert points, f"{where} has nothing to hover"
    x, y, _ = points[0]
    height = page.viewport_size["height"]
    if not 0 <= y < height:  # a chart taller than the screen: bring the point itself into view
        page.evaluate(f"window.scrollBy(0, {y - height / 2})")
        x, y, _ = _hover_points(plot)[0]
    page.mouse.move(x, y)
    label = plot.locator(".hoverlayer .hovertext").first
    label.wait_for(timeout=3000)
    return label


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_chart_hovers_in_the_edition_language(page, lang):
    """Plotly's drag layer sits above the marks: move the mouse over a mark, as a reader does."""
    word, checked = RECORDS[lang], 0
    for path in browsed(chart_pages(lang)):
        visit(page, path)
        plots = page.locator(".ctdc-plot")
        for i in range(plots.count()):
            label = _hover(page, plots.nth(i), f"{name(path)}: chart {i}")
            text = label.text_content()
            assert word in text, f"{name(path)}: chart {i} hovers {text!r}"
            page.mouse.move(0, 0)
            checked += 1
    assert checked >= 5


# Each line of a hover label as drawn: every character with its left and right edges on screen.
DRAWN_LINES = """el => {
  const t = el.querySelector('text');
  const lines = t.querySelectorAll('tspan.line');
  return [...(lines.length ? lines : [t])].map(line => {
    const chars = [];
    for (let i = 0; i < line.getNumberOfChars(); i++) {
      const a = line.getStartPositionOfChar(i).x, b = line.getEndPositionOfChar(i).x;
      chars.push([line.textContent[i], Math.min(a, b), Math.max(a, b)]);
    }
    return chars;
  });
}"""
CONTROLS = "\u200e\u200f\u2066\u2067\u2068\u2069\u061c"


def misread(lines: list[list]) -> list[str]:
    """What a right-to-left reader of these drawn Arabic lines would misread: a closing ":" or ")"
    that is not at the line's left end (where the reading ends); a "%" that is not drawn against the
    right of its number, as the edition's prose shows it (54%)."""
    problems = []
    for chars in lines:
        seen = [c for c in chars if c[0] not in CONTROLS and not c[0].isspace()]
        text = "".join(c[0] for c in chars)
        if not any("\u0600" <= c[0] <= "\u06ff" for c in seen):
            continue
        if seen[-1][0] in ":)" and seen[-1][1] > min(c[1] for c in seen) + 0.5:
            problems.append(f"{text!r}: its last {seen[-1][0]!r} is drawn away from the line's left end")
        for sign in (c for c in seen if c[0] == "%"):
            if not any(c[0].isdigit() and abs(c[2] - sign[1]) < 1.5 for c in seen):
                problems.append(f"{text!r}: its % is not drawn against the right of its number")
    return problems


def test_a_right_to_left_reader_misreads_nothing_in_a_drawn_line():
    ok = [[["\u2067", 0, 0], ["ب", 20, 30], [":", 16, 19], ["1", 5, 10], ["%", 10, 15], ["\u2069", 0, 0]]]
    assert misread(ok) == []
    assert misread([[["ب", 10, 20], [":", 5, 9]]]) == []  # a closing ":" where the reading ends
    colon_wrong_end = [[["ب", 10, 20], [":", 20, 24]]]  # drawn left to right: ":" lands on the right
    assert misread(colon_wrong_end)
    percent_apart = [[["1", 0, 5], ["ب", 5, 15], ["%", 15, 20]]]
    assert misread(percent_apart)
    percent_on_the_left = [[["ب", 20, 30], ["1", 5, 10], ["%", 0, 5]]]  # "%1": not as the prose writes it
    assert misread(percent_on_the_left)


def test_arabic_hovers_read_right_to_left(page):
    """Every chart's hover label in Arabic, as drawn: each line ends, on its left, with its own
    closing ":" or ")", and every "%" stands against its number."""
    problems, checked = [], 0
    for path in chart_pages("ar"):
        visit(page, path)
        plots = page.locator(".ctdc-plot")
        for i in range(plots.count()):
            label = _hover(page, plots.nth(i), f"{name(path)}: chart {i}")
            problems += [f"{name(path)} chart {i}: {p}" for p in misread(label.evaluate(DRAWN_LINES))]
            page.mouse.move(0, 0)
            checked += 1
    assert checked >= 5
    assert not problems, "\n".join(problems)


def test_arabic_reads_right_to_left(page):
    open_chapter(page, "ar", "01_dataset")
    layout = page.evaluate("""() => {
      const sidebar = document.querySelector('.bd-sidebar-primary').getBoundingClientRect();
      const main = document.querySelector('main, .bd-main').getBoundingClientRect();
      const p = document.querySelector('article section p');
      const style = getComputedStyle(p);
      const range = document.createRange(); range.selectNodeContents(p);
      const first = range.getClientRects()[0];
      const box = p.getBoundingClientRect();
      return {sidebarLeft: sidebar.left, mainLeft: main.left, direction: style.direction,
              align: style.textAlign, gapRight: box.right - first.right, gapLeft: first.left - box.left};
    }""")
    assert layout["sidebarLeft"] > layout["mainLeft"], f"the sidebar is not on the right: {layout}"
    assert layout["direction"] == "rtl"
    assert layout["gapRight"] < 2 < layout["gapLeft"] or layout["align"] in ("right", "start"), layout


def test_english_reads_left_to_right(page):
    open_chapter(page, "en", "01_dataset")
    sidebar_left, main_left = page.evaluate("""() => [
      document.querySelector('.bd-sidebar-primary').getBoundingClientRect().left,
      document.querySelector('main, .bd-main').getBoundingClientRect().left]""")
    assert sidebar_left < main_left


@pytest.mark.parametrize("source,target", [("en", "fr"), ("fr", "ar"), ("ar", "en")])
def test_switcher_leads_to_the_same_page(page, source, target):
    open_chapter(page, source, "03_perpetrators")
    page.locator(f'.ctdc-lang-switcher a[hreflang="{target}"]').first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{target}/notebooks/03_perpetrators.html")
    assert page.evaluate("document.documentElement.lang") == target


def test_chooser_follows_the_browser_language(browser):
    for locale, expected in (("fr-FR", "fr"), ("ar-EG", "ar"), ("en-GB", "en"), ("de-DE", None)):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        page.goto((SITE / "index.html").as_uri())
        page.wait_for_load_state()
        if expected:
            page.wait_for_url(f"**/{expected}/**")
            assert f"/{expected}/" in page.url
        else:
            assert page.url.endswith("/index.html") and "/en/" not in page.url
        context.close()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_screenshots_for_review(browser, lang):
    """One chapter per edition, at desktop (1280 wide) and phone (360×740) sizes, saved under
    _build/screenshots/: the top of the page, then each figure as a reader scrolls to it.
    (Viewport shots: a full-page shot stretches the window to the page's height, which moves
    the theme's sticky sidebar and shows a layout no reader sees.)"""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{lang}-*.png"):
        old.unlink()
    for label, viewport, mobile in (
        ("desktop", {"width": 1280, "height": 900}, False),
        ("phone", {"width": 360, "height": 740}, True),
    ):
        context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
        page = context.new_page()
        open_chapter(page, lang)
        shots = [SCREENSHOTS / f"{lang}-02_victims-{label}-0-top.png"]
        page.screenshot(path=str(shots[0]))
        figures = page.locator(".ctdc-figure")
        for i in range(figures.count()):
            figures.nth(i).evaluate("f => f.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(150)
            shots.append(SCREENSHOTS / f"{lang}-02_victims-{label}-{i + 1}-figure.png")
            page.screenshot(path=str(shots[-1]))
        context.close()
        assert len(shots) >= 3 and all(s.stat().st_size > 10_000 for s in shots)
