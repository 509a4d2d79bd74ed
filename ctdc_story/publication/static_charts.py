"""Every figure of an edition as a static, accessible SVG, drawn at build time by the site's own
plotly.js in Chromium: the page shows it with no script at all, and ctdc.js replaces it with the
interactive chart where the reader's connection allows (GUIDE §2, issue 13).

For each figure the build writes <edition>/figures/<key>-narrow.svg and <key>-wide.svg, at the widths
of charts.STATIC_WIDTHS (the chart box on a 360-pixel phone and on a 1280-pixel desktop). Each SVG
carries, in the edition's language, the figure's title (<title>) and its text summary (<desc>), with
role="img" and lang/xml:lang on its root. The wide chart is also drawn as <key>-wide.png (twice its size),
by the same plotly.js from the same spec, for the figure's "download the image" link.

Drawing takes a second or so per chart, so Plotly's output is cached in <build>/cache/svg/<lang>/,
keyed by the chart's JSON, its size, the plotly.js bundle and the drawing script; a cached file that
does not parse as SVG is drawn again. Plotly names its clip paths with random ids; Math.random is
seeded from that key, so that the same chart gives the same bytes from build to build, drawn or cached.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError, digest, log, write_atomic
from ctdc_story.presentation.assets import plotly_js
from ctdc_story.presentation.charts import drawn_spec

FOLDER = "figures"  # <edition>/figures/, next to data/ and embed/
CACHE = settings.BUILD / "cache" / "svg"
SVG_NS = "http://www.w3.org/2000/svg"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-extensions"]

# Run in the page for one chart: seed Math.random (Plotly's ids), draw, return the SVG text.
DRAW = """async ([spec, width, height, seed]) => {
  let state = seed >>> 0;
  Math.random = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 4294967296; };
  const url = await Plotly.toImage({data: spec.data, layout: spec.layout, config: spec.config},
                                   {format: "svg", width: width, height: height});
  return decodeURIComponent(url.slice(url.indexOf(",") + 1));
}"""
# The same chart as a PNG at twice its size (for slides and documents), by the same plotly.js from the same
# spec: it shows exactly what the SVG shows. Returned as base64.
PNG_SCALE = 2
DRAW_PNG = """async ([spec, width, height, seed, scale]) => {
  let state = seed >>> 0;
  Math.random = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 4294967296; };
  const url = await Plotly.toImage({data: spec.data, layout: spec.layout, config: spec.config},
                                   {format: "png", width: width, height: height, scale: scale});
  return url.slice(url.indexOf(",") + 1);
}"""
PNG_IMAGE = "wide"  # the static image a figure also gets as <key>-wide.png
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_key(spec: str, width: int, height: int, bundle: bytes) -> str:
    return digest(spec, str(width), str(height), bundle, DRAW)


def parses(svg: str) -> bool:
    """Whether ``svg`` is a whole SVG document (a truncated or garbled file is not)."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return False
    return root.tag == f"{{{SVG_NS}}}svg"


def accessible(svg: str, title: str, desc: str, lang: str) -> str:
    """Plotly's SVG with role="img", the edition's language, and the figure's title and summary
    as its first children (what a reader gets who opens the file, or a tool that reads it)."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise BuildError("plotly.js returned no <svg> element")
    # plotly.js does not always set the root's attributes in the same order (style before or after
    # viewBox, depending on what the page drew before): they are written sorted, so builds are identical.
    attributes = dict(re.findall(r'\s([\w:-]+)="([^"]*)"', root.group(0)))
    for name in ("role", "lang", "xml:lang", "aria-labelledby"):
        attributes.pop(name, None)
    head = "<svg" + "".join(f' {name}="{value}"' for name, value in sorted(attributes.items()))
    opened = (
        f'{head} role="img" lang="{lang}" xml:lang="{lang}" aria-labelledby="title desc">'
        f'<title id="title">{escape(title, quote=False)}</title><desc id="desc">{escape(desc, quote=False)}</desc>'
    )
    return svg[: root.start()] + opened + svg[root.end() :]


class Drawer:
    """One Chromium page that draws charts with the site's plotly.js, started at the first chart
    the cache does not hold (an edition drawn from cache starts no browser)."""

    def __init__(self, bundle: bytes) -> None:
        self.bundle = bundle
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None

    def page(self) -> Any:
        if self._page is None:
            from playwright.sync_api import sync_playwright

            chromium = shutil.which("chromium") or shutil.which("chromium-browser")
            if not chromium:
                raise BuildError("Chromium draws the static charts: apt-get install chromium (see README)")
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = self._browser.new_page()
            page.route("**/*", lambda route: route.abort())  # nothing is fetched: the page is made here
            page.set_content('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>')
            page.add_script_tag(content=self.bundle.decode("utf-8"))
            self._page = page
        return self._page

    def draw(self, spec: str, width: int, height: int, seed: int) -> str:
        from playwright.sync_api import Error as PlaywrightError

        try:
            return self.page().evaluate(DRAW, [json.loads(spec), width, height, seed])
        except PlaywrightError as err:
            raise BuildError(f"Chromium could not draw a static chart: {err}") from None

    def draw_png(self, spec: str, width: int, height: int, seed: int) -> bytes:
        import base64

        from playwright.sync_api import Error as PlaywrightError

        try:
            text = self.page().evaluate(DRAW_PNG, [json.loads(spec), width, height, seed, PNG_SCALE])
        except PlaywrightError as err:
            raise BuildError(f"Chromium could not draw a static chart as PNG: {err}") from None
        return base64.b64decode(text)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()


def publish(figures: list[dict], lang: str, edition: Path) -> None:
    """Write <edition>/figures/<key>-<name>.svg for every figure and each of its static images."""
    started = time.monotonic()
    out = edition / FOLDER
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cache = CACHE / lang
    bundle = plotly_js()
    drawer = Drawer(bundle)
    used: set[Path] = set()
    drawn = reused = 0
    try:
        for figure in figures:
            for image in figure["static"]:
                width, height = int(image["width"]), int(image["height"])
                spec = drawn_spec(figure["spec"], image["name"])  # small multiples: the layout for this width
                key = cache_key(spec, width, height, bundle)
                cached = cache / f"{key}.svg"
                used.add(cached)
                svg = cached.read_text(encoding="utf-8") if cached.exists() else ""
                if parses(svg):
                    reused += 1
                else:
                    svg = drawer.draw(spec, width, height, int(key[:8], 16))
                    if not parses(svg):
                        raise BuildError(
                            f"{lang} · the static chart {figure['key']} ({image['name']}) is not valid SVG"
                        )
                    write_atomic(cached, svg)
                    drawn += 1
                page = accessible(svg, figure["title"], figure["summary"], lang)
                write_atomic(out / f"{figure['key']}-{image['name']}.svg", page)
                if image["name"] == PNG_IMAGE:
                    # The same layout as the wide SVG (small multiples in two columns), not the
                    # narrow one squeezed into the wide image's height.
                    png_cached = cache / f"{key}.wide-layout.png"
                    used.add(png_cached)
                    png = png_cached.read_bytes() if png_cached.exists() else b""
                    if not png.startswith(PNG_SIGNATURE):
                        png = drawer.draw_png(spec, width, height, int(key[:8], 16))
                        if not png.startswith(PNG_SIGNATURE):
                            raise BuildError(f"{lang} · the static chart {figure['key']} is not a valid PNG")
                        write_atomic(png_cached, png)
                    write_atomic(out / f"{figure['key']}-{image['name']}.png", png)
    finally:
        drawer.close()
    for stale in [*cache.glob("*.svg"), *cache.glob("*.png")] if cache.exists() else []:
        if stale not in used:
            stale.unlink()
    log(
        f"{lang} · {drawn + reused} static charts ({drawn} rendered, {reused} from cache) "
        f"in {time.monotonic() - started:.1f}s"
    )
