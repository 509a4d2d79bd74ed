"""Figures made to be embedded (issue 14, section 4), tried as a partner's web team would.

- The iframe code each figure gives (its row of tools), pasted into a page of ANOTHER origin (a second
  local port) at 320, 604 and 1,000 pixels wide, every figure of every edition on one page: each frame
  grows to its content, so that the source line and the credit are on show and nothing is cut or
  scrolls sideways.
- An embed folder copied alone to another server still shows its chart, and asks for nothing outside it.
- The row of tools: its targets are at least 44 px on a phone, it is reached with the keyboard, the copy
  buttons put the embed code and the citation on the clipboard and say so; with no script, the code and
  the citation are there to select.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from ctdc_story.meta import project, settings
from ctdc_story.presentation import figure_tools
from support.browsing import SCREENSHOTS, SITE, watch
from support.site import CHAPTERS

pytestmark = pytest.mark.site

WIDTHS = (320, 604, 1000)
EMBED_CODE = re.compile(r'<code data-ctdc-copy="embed"[^>]*>(.*?)</code>', re.S)
CREDIT = {"en": "From", "fr": "Extrait", "ar": "من"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static server that logs nothing, and answers the browser's own /favicon.ico with no content
    (the browser asks every origin for it; it is not a request of the page)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@functools.cache
def server(root: Path) -> http.server.ThreadingHTTPServer:
    """A local web server for ``root`` on a port of its own (one origin per root)."""
    handler = functools.partial(Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def origin(root: Path) -> str:
    return f"http://127.0.0.1:{server(root).server_port}"


def snippets(lang: str) -> dict[str, tuple[str, str]]:
    """Each figure's iframe code as its row of tools gives it, by key, with the chapter it is in."""
    found: dict[str, tuple[str, str]] = {}
    for chapter in CHAPTERS:
        path = SITE / lang / "notebooks" / f"{chapter}.html"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for code in EMBED_CODE.findall(text):
            code = html.unescape(code)
            key = re.search(r"/embed/([\w-]+)/index\.html", code).group(1)
            found.setdefault(key, (chapter, code))
    return found


def on_local_server(code: str) -> str:
    """The published code with the site's public address replaced by the local server's."""
    assert project.base_url() in code
    return code.replace(project.base_url(), origin(SITE) + "/")


@pytest.fixture(scope="module")
def host_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("host")


def test_every_chapter_with_figures_gives_their_embed_code():
    for lang in settings.LANGUAGES:
        found = snippets(lang)
        titles = {f["key"]: f["title"] for f in figures_json(lang)}
        with_figures = {
            c
            for c in CHAPTERS
            if (SITE / lang / "notebooks" / f"{c}.html").exists()
            and 'class="ctdc-figure"' in (SITE / lang / "notebooks" / f"{c}.html").read_text(encoding="utf-8")
        }
        assert with_figures and with_figures == {chapter for chapter, _ in found.values()}, lang
        assert set(found) <= set(titles), set(found) - set(titles)
        for key, (_, code) in found.items():
            assert f'title="{html.escape(titles[key])}"' in code, (lang, key)  # the edition's own title
            assert f"/{lang}/embed/{key}/index.html" in code


def figures_json(lang: str) -> list[dict]:
    return json.loads((SITE / lang / "data" / "figures.json").read_text(encoding="utf-8"))


# Inside a frame: what the reader of the host page can see of it.
INSIDE = """() => {
  const doc = document.documentElement;
  const shown = sel => { const e = document.querySelector(sel); if (!e) return null;
    const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, visible: e.checkVisibility({visibilityProperty: true, opacityProperty: true}),
            text: e.textContent.trim()}; };
  const img = [...document.querySelectorAll('.ctdc-figure__static img')].find(i => i.getBoundingClientRect().width > 0);
  return {scrollHeight: doc.scrollHeight, scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
          innerHeight: window.innerHeight, source: shown('.ctdc-figure__source'), credit: shown('.ctdc-embed__credit a'),
          chart: !!(document.querySelector('.ctdc-plot .main-svg') || (img && img.complete && img.naturalWidth > 0))};
}"""


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_embeds_on_another_origin_fit_their_content(browser, host_root, lang, width):
    found = snippets(lang)
    assert found
    body = "\n".join(
        f'<section id="s-{key}">{on_local_server(code)}</section>' for key, (_, code) in sorted(found.items())
    )
    host = host_root / f"{lang}-{width}.html"
    host.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        "<style>body{margin:0;font:16px sans-serif}section{margin:0 0 24px}</style></head><body>"
        f"<h1>A partner's page</h1>{body}</body></html>",
        encoding="utf-8",
    )
    assert origin(host_root) != origin(SITE)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = watch(context.new_page())
    try:
        page.goto(f"{origin(host_root)}/{host.name}", wait_until="load")
        problems = []
        for key in sorted(found):
            frame_el = page.locator(f"#s-{key} iframe")
            frame_el.scroll_into_view_if_needed()
            frame = frame_el.element_handle().content_frame()
            frame.wait_for_load_state("load")
            frame.evaluate("document.fonts.ready.then(() => true)")
            inside = fits = None
            # Until the frame has taken its content's height and shows its chart: up to 30 s, as a
            # loaded 2-core machine decodes the lazy image or draws the plot late. The frames above
            # still grow meanwhile and push this one down; a frame out of sight is lazy (it loads
            # and draws nothing), so, as a reader would, scroll back to it each time.
            for _ in range(300):
                frame_el.scroll_into_view_if_needed()
                inside = frame.evaluate(INSIDE)
                box = frame_el.evaluate("f => ({height: f.clientHeight, width: f.clientWidth, set: f.style.height})")
                fits = box["set"] and box["height"] >= inside["scrollHeight"]
                if fits and inside["chart"]:
                    break
                page.wait_for_timeout(100)
            where = f"{lang} {width}px {key}"
            if not fits:
                problems.append(f"{where}: frame {box} shorter than its page ({inside['scrollHeight']} px)")
            if box["width"] != width:
                problems.append(f"{where}: frame is {box['width']} px wide")
            if inside["scrollWidth"] > inside["clientWidth"]:
                problems.append(f"{where}: scrolls sideways ({inside['scrollWidth']} > {inside['clientWidth']})")
            for part in ("source", "credit"):
                seen = inside[part]
                if not seen or not seen["visible"] or seen["bottom"] > box["height"] or seen["top"] < 0:
                    problems.append(f"{where}: the {part} line is not on show ({seen}, frame {box['height']} px)")
            if not inside["chart"]:
                problems.append(f"{where}: no chart")
            if not inside["source"] or not inside["source"]["text"]:
                problems.append(f"{where}: no source text")
        if width == 320:
            first = sorted(found)[0]
            page.locator(f"#s-{first} iframe").scroll_into_view_if_needed()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator(f"#s-{first}").screenshot(path=str(SCREENSHOTS / f"embed-{lang}-320.png"))
        assert not problems, "\n".join(problems)
        assert not page.errors, page.errors
        assert all(u.startswith((origin(SITE), origin(host_root))) for u in page.outside), page.outside
    finally:
        context.close()


def note_error(bad: list[str], response) -> None:
    if response.status >= 400:
        bad.append(f"{response.status} {response.url}")


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_an_embed_folder_copied_alone_still_draws_its_chart(browser, tmp_path, lang):
    key = sorted(snippets(lang))[0]
    copy = tmp_path / "elsewhere" / key
    shutil.copytree(SITE / lang / figure_tools.EMBED / key, copy)  # the folder and nothing else
    root = tmp_path
    prefix = f"{origin(root)}/elsewhere/{key}/"
    for width in (360, 1000):  # a phone keeps the static chart; a desktop draws the interactive one
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = watch(context.new_page())
        bad: list[str] = []
        page.on("response", functools.partial(note_error, bad))
        try:
            page.goto(prefix + "index.html", wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            img = page.locator(".ctdc-figure__static img")
            assert img.count() == 1
            page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
            assert img.evaluate("i => i.currentSrc.endsWith(`-${innerWidth < 600 ? 'narrow' : 'wide'}.svg`)")
            if width == 1000:  # the folder's plotly.js draws the interactive chart in its place
                page.wait_for_selector(".ctdc-plot .main-svg", timeout=20000)
            else:  # the static chart is the chart on a phone
                page.wait_for_timeout(300)
                assert img.is_visible() and img.bounding_box()["height"] > 100
            assert page.locator(".ctdc-figure__source").is_visible()
            assert [u for u in page.outside if not u.startswith(prefix)] == [], page.outside
            assert not bad and not page.failed and not page.errors, (bad, page.failed, page.errors)
        finally:
            context.close()


@pytest.fixture
def chapter(browser, request):
    """A chapter with figures on a phone, served over http (a secure context for the clipboard)."""
    lang = request.param
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin(SITE))
    page = watch(context.new_page())
    page.lang = lang
    page.goto(f"{origin(SITE)}/{lang}/notebooks/02_victims.html", wait_until="load")
    yield page
    context.close()


@pytest.mark.parametrize("chapter", settings.LANGUAGES, indirect=True)
def test_the_tools_are_big_enough_reachable_and_copy(chapter):
    page = chapter
    tools = page.locator(".ctdc-tools").first
    tools.scroll_into_view_if_needed()
    items = tools.locator(".ctdc-tools__item:visible")
    assert items.count() == 5
    for box in [items.nth(i).bounding_box() for i in range(items.count())]:
        assert box["height"] >= 44 and box["width"] >= 44, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    for i in range(items.count()):
        assert items.nth(i).get_attribute("aria-label")
        assert items.nth(i).inner_text().strip().lower() in items.nth(i).get_attribute("aria-label").lower()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure = page.locator(".ctdc-figure").first
    figure.locator(".ctdc-figure__chart").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"tools-{page.lang}-360.png"))
    # the keyboard reaches each tool in turn
    items.first.focus()
    for i in range(1, items.count()):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == items.nth(i).get_attribute(
            "aria-label"
        )
    status = tools.locator(".ctdc-tools__status")
    for kind in ("embed", "cite"):
        tools.locator(f'button[data-copy="{kind}"]').click()
        page.wait_for_function("s => s.textContent.length > 0", arg=status.element_handle())
        assert status.inner_text() == status.get_attribute("data-copied")
        copied = page.evaluate("navigator.clipboard.readText()")
        shown = figure.locator(f'[data-ctdc-copy="{kind}"]').text_content().strip()
        assert copied == shown
        if kind == "embed":  # the code of this server's own embed, in the edition's title
            assert f'src="{origin(SITE)}/{page.lang}/embed/' in copied and "ctdc-embed:height" in copied
        else:
            assert "CTDC" in copied and settings.DATA_RELEASE[:4] in copied
            assert page.locator(".ctdc-figure__title").first.inner_text().strip() in copied
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_without_script_the_code_and_citation_can_be_selected(browser, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((SITE / lang / "notebooks" / "02_victims.html").as_uri())
        figure = page.locator(".ctdc-figure").first
        assert figure.locator("button[data-copy]:visible").count() == 0  # they would do nothing
        figure.locator(".ctdc-tools__more summary").click()
        assert figure.locator('[data-ctdc-copy="embed"]').is_visible()
        assert "<iframe" in figure.locator('[data-ctdc-copy="embed"]').inner_text()
        assert figure.locator('[data-ctdc-copy="cite"]').is_visible()
        assert figure.locator(".ctdc-tools__more").get_attribute("open") is not None
        for link in ("CSV", "SVG", "PNG"):
            href = figure.locator(".ctdc-tools a", has_text=link).get_attribute("href")
            assert (SITE / lang / "notebooks" / href).resolve().is_file(), href
    finally:
        context.close()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_png_is_the_picture_of_an_audited_svg(lang):
    """The disclosure audit reads the SVGs, not the PNGs: each PNG is the wide SVG's chart drawn from the same
    spec (static_charts), next to that SVG, and carries no text of its own (no tEXt, iTXt or zTXt chunk)."""
    pngs = sorted((SITE / lang).rglob("*.png"))
    pngs = [p for p in pngs if "_static" not in p.parts and "_sources" not in p.parts]
    assert len(pngs) >= 2 * len(figures_json(lang))  # figures/ and each embed folder
    for path in pngs:
        assert path.name.endswith("-wide.png"), path
        assert path.with_suffix(".svg").exists(), path
        key = path.name.removesuffix("-wide.png")
        assert path.read_bytes() == (SITE / lang / "figures" / path.name).read_bytes(), path
        assert not re.search(rb"[tiz]TXt", path.read_bytes()), path
        assert key in {f["key"] for f in figures_json(lang)}
