"""A reader on a phone (360x740, touch) and on a desktop (1280x800, mouse), in every edition:
the menu, the page contents, search and the language switcher do what they say when tapped or
clicked, chapter 5's list of countries leads to each country's page in one tap, and "back to top" moves
the reader where it points.

Each test checks the effect in the browser (what is shown, where, what has focus, where the
reader lands), not that a control is in the page."""

from __future__ import annotations

import pytest

from ctdc_story.meta import settings
from support.browsing import SITE, watch

pytestmark = pytest.mark.site

DEVICES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
WORDS = {"en": "records", "fr": "enregistrements", "ar": "السجلات"}
CHAPTER = "notebooks/02_victims.html"

# Where an element is, and whether a tap at its centre reaches it (nothing covers it).
BOX = """e => { const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + Math.min(r.height, 40) / 2;
  const hit = document.elementFromPoint(x, y);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
          vw: window.innerWidth, vh: window.innerHeight, reached: !!hit && (e === hit || e.contains(hit) || hit.contains(e))}; }"""


# Shown on the screen: rendered, and not slid out of the viewport.
SHOWN = """e => { const r = e.getBoundingClientRect();
  return e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && r.width > 0 && r.right > 0 && r.left < window.innerWidth; }"""


@pytest.fixture(params=sorted(DEVICES))
def reader(request, browser):
    context = browser.new_context(**DEVICES[request.param])
    page = watch(context.new_page())
    page.device = request.param
    yield page
    context.close()


def press(page, locator):
    """A tap on the phone, a click on the desktop."""
    if page.device == "phone":
        locator.tap()
    else:
        locator.click()


def visit(page, lang, path=CHAPTER):
    page.goto((SITE / lang / path).as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")


def in_view(page, locator, whole_width=True):
    """The element is shown, lies in the viewport and a tap on it would reach it."""
    assert locator.is_visible(), f"{locator} is not visible"
    box = locator.evaluate(BOX)
    assert box["width"] > 0 and box["height"] > 0, box
    assert box["top"] >= -1 and box["top"] < box["vh"], f"not in the viewport vertically: {box}"
    if whole_width:
        assert box["left"] >= -1 and box["right"] <= box["vw"] + 1, f"not within the viewport's width: {box}"
    else:
        assert box["right"] > 0 and box["left"] < box["vw"], f"outside the viewport: {box}"
    assert box["reached"], f"something covers it: {box}"
    return box


def only_visible(page, selector):
    """The one visible element matching selector: a second, hidden copy is what left the visible one dead."""
    visible = page.locator(f"{selector} >> visible=true")
    assert visible.count() == 1, f"{visible.count()} visible {selector}"
    return visible.first


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_menu_button_shows_the_sidebar(reader, lang):
    visit(reader, lang)
    toggle = only_visible(reader, ".primary-toggle")
    sidebar = reader.locator(".bd-sidebar-primary")
    first_link = sidebar.locator(".bd-links a").first
    # The theme scrolls a long sidebar (the chapters, then the 14 country pages) to the page being read:
    # that link, not the first one, is what must be in view.
    current_link = sidebar.locator(".bd-links a.current").first
    if reader.device == "desktop":
        # The sidebar is shown beside the text; the button slides it out of the screen and back.
        in_view(reader, current_link)
        press(reader, toggle)
        reader.wait_for_function(f"() => !({SHOWN})(document.querySelector('.bd-sidebar-primary .bd-links a'))")
        press(reader, toggle)
    else:
        assert not first_link.is_visible(), "on a phone the menu starts closed"
        press(reader, toggle)
    reader.wait_for_function(f"() => ({SHOWN})(document.querySelector('.bd-sidebar-primary .bd-links a'))")
    reader.wait_for_timeout(400)  # the sidebar slides in
    in_view(reader, sidebar, whole_width=reader.device == "phone")
    in_view(reader, current_link)
    assert not reader.errors, reader.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_contents_button_shows_this_pages_contents(reader, lang):
    visit(reader, lang)
    contents = reader.locator(".bd-sidebar-secondary #pst-page-toc-nav a").first
    toggle = reader.locator(".bd-header-article .secondary-toggle")
    if reader.device == "phone" or toggle.is_visible():
        assert not contents.is_visible(), "the page contents start closed beside the button"
        press(reader, only_visible(reader, ".secondary-toggle"))
    reader.wait_for_function(f"() => ({SHOWN})(document.querySelector('.bd-sidebar-secondary #pst-page-toc-nav a'))")
    reader.wait_for_timeout(400)
    in_view(reader, contents)
    assert not reader.errors, reader.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_search_opens_a_focused_field_and_finds_the_editions_pages(reader, lang):
    visit(reader, lang)
    press(reader, only_visible(reader, ".search-button__button"))
    field = reader.locator("input[name=q] >> visible=true")
    reader.wait_for_function("() => document.activeElement && document.activeElement.name === 'q'")
    assert field.count() == 1, "one search field is shown"
    assert field.first.evaluate("e => e === document.activeElement"), "the shown field has the focus"
    in_view(reader, field.first)
    reader.keyboard.type(WORDS[lang])
    reader.keyboard.press("Enter")
    reader.wait_for_url("**/search.html?q=*")
    results = reader.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15000)
    hrefs = results.evaluate_all("as => as.map(a => a.href)")
    edition = (SITE / lang).as_uri() + "/"
    chapters = [h for h in hrefs if h.startswith(edition + "notebooks/") or h.startswith(edition + "book/")]
    assert chapters, f"no page of the {lang} edition found for {WORDS[lang]!r}: {hrefs}"
    assert all(h.startswith(edition) for h in hrefs), hrefs


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("path", [CHAPTER, "notebooks/05_compass.html", "book/key_findings.html", "book/intro.html"])
def test_language_switcher_is_in_the_header_and_leads_to_the_same_page(reader, lang, path):
    visit(reader, lang, path)
    switcher = only_visible(reader, ".ctdc-lang-switcher")
    assert switcher.evaluate("e => !!e.closest('.bd-header-article')"), "the switcher is in the page header"
    targets = [code for code in settings.LANGUAGES if code != lang]
    for code in targets:
        in_view(reader, switcher.locator(f'a[hreflang="{code}"]'))
    target = targets[0]
    press(reader, switcher.locator(f'a[hreflang="{target}"]'))
    reader.wait_for_url(f"**/{target}/{path}")
    assert reader.evaluate("document.documentElement.lang") == target


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_chapter_5_leads_to_a_country_page_in_one_tap(reader, lang):
    """Chapter 5's list of countries, shown without opening anything: one tap lands on the country's page."""
    visit(reader, lang, "notebooks/05_compass.html")
    grid = only_visible(reader, ".ctdc-countries--grid")
    assert grid.locator("li a").count() == 14
    niger = grid.locator('a[href="../countries/ner.html"]')
    niger.scroll_into_view_if_needed()
    in_view(reader, niger)
    press(reader, niger)
    reader.wait_for_url("**/countries/ner.html")
    in_view(reader, reader.locator("article h1").first)
    assert reader.evaluate("document.documentElement.lang") == lang
    assert not reader.errors, reader.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_an_address_of_a_former_country_section_lands_on_the_country(reader, lang):
    """Links made to a country's former section of chapter 5 (#compass-niger) land on the country's entry
    in its region's section, on screen below the page header, and its link leads to its page."""
    reader.goto((SITE / lang / "notebooks/05_compass.html").as_uri() + "#compass-niger", wait_until="load")
    reader.evaluate("document.fonts.ready")
    reader.wait_for_timeout(300)
    entry = reader.locator("#compass-niger")
    box = in_view(reader, entry.locator("a.ctdc-countries__page"))
    header = reader.evaluate("document.querySelector('.bd-header-article').getBoundingClientRect().bottom")
    assert box["top"] >= header - 1, f"the entry is under the page header: {box}, header ends at {header}"
    assert entry.evaluate("e => !!e.closest('section#compass-africa, section:has(> #compass-africa)')"), (
        "not in Africa's"
    )
    press(reader, entry.locator("a.ctdc-countries__page"))
    reader.wait_for_url("**/countries/ner.html")


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_back_to_top(reader, lang):
    visit(reader, lang, "notebooks/05_compass.html")
    reader.evaluate("window.scrollBy(0, 3000)")
    reader.wait_for_function("() => window.scrollY > 500")
    reader.wait_for_timeout(300)
    top = only_visible(reader, ".ctdc-to-top")
    in_view(reader, top)
    press(reader, top)
    reader.wait_for_function("() => window.scrollY === 0")
    in_view(reader, reader.locator("article h1").first)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("path", ["notebooks/05_compass.html", "book/key_findings.html"])
def test_long_pages_show_their_contents(reader, lang, path):
    """On a long page the reader sees where to go at the top, without opening anything."""
    visit(reader, lang, path)
    onpage = only_visible(reader, ".ctdc-onpage")
    links = onpage.locator("a")
    assert links.count() >= 3
    in_view(reader, links.first)
    last = links.last
    target = last.get_attribute("href")
    press(reader, last)
    reader.wait_for_function("h => location.hash === h", arg=target)
    reader.wait_for_timeout(300)
    in_view(reader, reader.locator(f"[id='{target[1:]}']"), whole_width=False)
