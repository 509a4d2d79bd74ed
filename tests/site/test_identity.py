"""IOM's identity as a reader gets it, in every edition (issue 14 §2): the header bar, links and
headings in IOM blue, the text set in the site's own Cabin (loaded from the site, not a system
font), the mark at the top of the sidebar on the side where reading starts (left in English and
French, right in Arabic) with clear space around it, reachable from the menu on a phone, and an
icon the browser gets both from the page's link and from the site's root.

The pages are served over HTTP (a local port), as a reader's browser gets them: /favicon.ico has a
status and a type only there."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from support.browsing import SITE, watch

pytestmark = pytest.mark.site

CHAPTER = "notebooks/02_victims.html"
IOM_BLUE = "rgb(0, 51, 160)"
MARK = {"en": "IOM", "fr": "OIM", "ar": "المنظمة الدولية للهجرة"}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
LANGS = ["en", "fr", "ar"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def origin() -> str:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_port}"


def open_page(browser, lang, device=DESKTOP):
    if not (SITE / lang / CHAPTER).exists():
        pytest.skip(f"no {lang} edition built (make book)")
    context = browser.new_context(**device)
    page = watch(context.new_page())
    page.goto(f"{origin()}/{lang}/{CHAPTER}", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return context, page


STYLES = """() => {
  const style = (e, p) => e ? getComputedStyle(e)[p] : null;
  const link = document.querySelector('.bd-article a.reference.internal, .bd-article p a[href]');
  return {
    header: style(document.querySelector('.bd-header-article'), 'borderBottomColor'),
    headerWidth: style(document.querySelector('.bd-header-article'), 'borderBottomWidth'),
    link: style(link, 'color'),
    heading: style(document.querySelector('.bd-article h1'), 'color'),
    body: style(document.querySelector('.bd-article p'), 'fontFamily'),
    primary: getComputedStyle(document.documentElement).getPropertyValue('--pst-color-primary').trim(),
  };
}"""

# The faces the page actually loaded (not merely declared), by family and weight.
LOADED = """() => [...document.fonts].filter(f => f.status === 'loaded').map(f => `${f.family.replace(/"/g, '')} ${f.weight}`)"""


@pytest.mark.parametrize("lang", LANGS)
def test_header_links_and_headings_are_iom_blue_and_text_is_in_cabin(browser, lang):
    context, page = open_page(browser, lang)
    try:
        styles = page.evaluate(STYLES)
        assert styles["primary"].lower() == "#0033a0"
        assert styles["header"] == IOM_BLUE and float(styles["headerWidth"].rstrip("px")) >= 2
        assert styles["link"] == IOM_BLUE, styles
        assert styles["heading"] == IOM_BLUE, styles
        families = [f.strip().strip('"') for f in styles["body"].split(",")]
        # Latin text in Cabin; Arabic text in Noto Naskh Arabic first, then Cabin for its Latin runs.
        assert families[: 2 if lang == "ar" else 1] == (["Noto Naskh Arabic", "Cabin"] if lang == "ar" else ["Cabin"])
        loaded = page.evaluate(LOADED)
        if lang == "ar":
            assert "Noto Naskh Arabic 400" in loaded, loaded
            assert page.evaluate("document.fonts.check('400 16px \"Noto Naskh Arabic\"', '\\u0639')")
        else:
            assert {"Cabin 400", "Cabin 700"} <= set(loaded), loaded
            assert page.evaluate("document.fonts.check('400 16px Cabin', 'a')")
            assert page.evaluate("document.fonts.check('700 16px Cabin', 'a')")
            # what is drawn is Cabin: the paragraph's text is as wide as Cabin sets it, not as the fallback does
            widths = page.evaluate("""() => { const p = document.querySelector('.bd-article p');
              const c = document.createElement('canvas').getContext('2d'); const text = p.textContent.trim().slice(0, 60);
              const size = getComputedStyle(p).fontSize;
              c.font = `400 ${size} Cabin`; const cabin = c.measureText(text).width;
              c.font = `400 ${size} sans-serif`; const fallback = c.measureText(text).width;
              return {cabin, fallback}; }""")
            assert abs(widths["cabin"] - widths["fallback"]) > 1, widths  # the two faces differ: Cabin is in
        outside = [url for url in page.outside if not url.startswith(origin())]
        assert not outside, outside  # fonts and icon come from the site itself
    finally:
        context.close()


MARK_BOX = """() => {
  const mark = document.querySelector('.bd-sidebar-primary .ctdc-mark');
  const r = mark.getBoundingClientRect();
  // Everything else the sidebar shows (its links, the search button...): all of it below the mark.
  const others = [...document.querySelectorAll('.bd-sidebar-primary a, .bd-sidebar-primary button')]
    .filter(e => !mark.contains(e) && e.getBoundingClientRect().height > 0).map(e => e.getBoundingClientRect().top);
  const org = mark.querySelector('.ctdc-mark__org, .ctdc-mark__image');
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height, 20) / 2);
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
          vw: innerWidth, vh: innerHeight, nextTop: others.length ? Math.min(...others) : null,
          orgHeight: org.getBoundingClientRect().height, padTop: parseFloat(getComputedStyle(mark).paddingTop),
          text: org.textContent.trim(), orgColor: getComputedStyle(org).color, reached: !!hit && mark.contains(hit)};
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_mark_stands_top_left_or_top_right_with_clear_space(browser, lang):
    context, page = open_page(browser, lang)
    try:
        page.evaluate("document.querySelector('.bd-sidebar-primary').scrollTop = 0")
        box = page.evaluate(MARK_BOX)
        assert box["text"] == MARK[lang]
        assert box["orgColor"] == IOM_BLUE
        assert box["reached"], box
        assert box["top"] < box["vh"] * 0.25, box  # at the top of the screen
        if lang == "ar":  # the start of a right-to-left line is on the right
            assert box["left"] > box["vw"] * 0.6 and box["right"] <= box["vw"], box
        else:
            assert box["right"] < box["vw"] * 0.4 and box["left"] >= 0, box
        # Clear space: above the mark and between it and the menu, at least half its first line's height.
        assert box["padTop"] >= box["orgHeight"] / 2, box
        assert box["nextTop"] is None or box["nextTop"] - box["bottom"] >= box["orgHeight"] / 2, box
        # Scrolled to its end (the theme scrolls it to the page being read), the sidebar keeps the mark on top.
        page.evaluate("document.querySelector('.bd-sidebar-primary').scrollTop = 1e6")
        page.wait_for_timeout(100)
        scrolled = page.evaluate(MARK_BOX)
        assert page.evaluate("document.querySelector('.bd-sidebar-primary').scrollTop") > 100
        assert scrolled["reached"] and abs(scrolled["top"] - box["top"]) < box["orgHeight"], scrolled
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_mark_is_in_the_menu(browser, lang):
    context, page = open_page(browser, lang, PHONE)
    try:
        mark = page.locator(".bd-sidebar-primary .ctdc-mark")
        assert not mark.is_visible() or page.evaluate(
            "() => { const r = document.querySelector('.bd-sidebar-primary .ctdc-mark').getBoundingClientRect(); return r.right <= 0 || r.left >= innerWidth; }"
        ), "on a phone the menu starts closed"
        toggle = next(t for t in page.locator(".primary-toggle").all() if t.is_visible())
        toggle.tap()
        page.wait_for_function(
            """() => { const r = document.querySelector('.bd-sidebar-primary .ctdc-mark').getBoundingClientRect();
                 return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top >= 0; }"""
        )
        page.wait_for_timeout(400)  # the sidebar slides in
        box = page.evaluate(MARK_BOX)
        assert box["reached"] and box["text"] == MARK[lang], box
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_icon_is_linked_and_served_at_the_root(browser, lang):
    context, page = open_page(browser, lang)
    try:
        linked = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        assert linked, "the page links no icon"
        for url in [*linked, f"{origin()}/favicon.ico"]:
            response = page.request.get(url)
            assert response.status == 200, url
            assert response.headers["content-type"].startswith("image/"), (url, response.headers["content-type"])
            assert len(response.body()) > 100
    finally:
        context.close()
