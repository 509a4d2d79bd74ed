"""The editions in a real browser (Debian's chromium, driven by Playwright): charts draw,
hovers speak the edition's language, Arabic lays out right to left, nothing leaves the site."""
from __future__ import annotations

import shutil

import pytest

from ctdc_story import settings

pytestmark = pytest.mark.site
SITE = settings.BUILD / "site"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = []
    page.errors = []
    page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def open_chapter(page, lang, chapter="02_victims"):
    page.goto((SITE / lang / "notebooks" / f"{chapter}.html").as_uri())
    page.wait_for_selector(".ctdc-plot .main-svg")
    return page


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_charts_draw_with_data_and_nothing_leaves_the_site(page, lang):
    open_chapter(page, lang)
    plots = page.locator(".ctdc-plot")
    assert plots.count() >= 2
    for i in range(plots.count()):
        marks = plots.nth(i).locator("g.point path, g.hm image, g.heatmaplayer image")
        assert marks.count() > 0, f"chart {i} draws no data mark"
    assert not page.outside, page.outside
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang,word", [("en", "records"), ("fr", "enregistrements"), ("ar", "سجل")])
def test_hover_label_is_in_the_edition_language(page, lang, word):
    open_chapter(page, lang)
    bar = page.locator(".ctdc-plot").first.locator("g.point path").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()  # Plotly's drag layer sits above the bars: move the mouse, as a reader does
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert word in page.locator(".hoverlayer").first.text_content()


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
