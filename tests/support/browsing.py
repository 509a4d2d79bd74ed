"""What the browser tests share: the built site's pages, one Chromium for the whole run, and
pages that record console errors, failed requests and any request leaving the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from ctdc_story.meta import settings
from support.site import SITE, browsed, chart_pages, name, pages  # noqa: F401 (the browser tests use them from here)

SCREENSHOTS = settings.BUILD / "screenshots"
AXE = settings.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# A word of every hover label, in each edition's language.
RECORDS = {"en": "records", "fr": "enregistrements", "ar": "سجل"}


def watch(page):
    """Record what a reader would notice went wrong, and anything fetched from outside the site."""
    page.outside, page.errors, page.failed = [], [], []
    page.on(
        "request", lambda r: page.outside.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
    )
    page.on("requestfailed", lambda r: None if _left_behind(r) else page.failed.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def _left_behind(request) -> bool:
    """The browser fetches a page's icon on its own, after the page, and aborts that fetch when the
    test moves on to the next page: not a resource the page failed to give (test_identity checks
    that the icon is served)."""
    return "favicon" in request.url.rsplit("/", 1)[-1] and "ERR_ABORTED" in (request.failure or "")


def visit(page, path: Path, charts: bool = True):
    """Open a page as a reader does and wait until its fonts are in and, with ``charts``, until its
    charts are interactive (ctdc.js draws a chart when the reader nears it: this draws them all)."""
    page.goto(path.as_uri(), wait_until="load")
    if charts and "ctdc-plot-spec" in path.read_text():
        page.evaluate("window.ctdc.activateCharts()")
        page.wait_for_function("""() => [...document.querySelectorAll('.ctdc-plot')]
            .every(p => p.querySelector('.main-svg'))""")
    page.evaluate("document.fonts.ready")
    return page


def open_all_details(page):
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
