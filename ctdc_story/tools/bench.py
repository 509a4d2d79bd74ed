"""A first visit on a slow phone connection, this build beside today's and the naive one; build times.

    python -m ctdc_story.tools.bench                       # or: make bench (builds all three)
    python -m ctdc_story.tools.bench --site DIR [--baseline DIR] [--lang en] [--cap 90]

`make bench` builds three sites in a temporary folder (the working tree is not touched):
- now: this tree, cold, then warm again after a one-line prose change (the build times);
- today: the book as it was at commit TODAY (`git archive`), built with its own CTDC_BUILD_DIR;
- naive: today's pages as Plotly's default ``to_html()`` would give them: the full plotly.js
  bundle (from plotly.py's package_data) inlined into every figure, none in the head.
With --site, an existing site is measured as "now" and --baseline (if given) as "today" (naive is
derived from it); nothing is built.

Each site is served from a local HTTP server (gzip on the wire, as a static host sends it) to
Chromium at a phone's viewport. For each page type of each edition:
- bytes of a first visit with an empty cache, raw and gzipped, web fonts apart (Resource Timing:
  what Chromium fetched, decoded and encoded);
- under Chromium's own throttling (CDP Network.emulateNetworkConditions, 400 kbit/s down and up,
  400 ms latency): time to first text (paint timing, first-contentful-paint), to first chart (the
  first figure's static image loaded and painted, or its interactive chart drawn), and the bytes
  that arrived before the first chart; a visit still waiting after --cap seconds is shown as ">cap";
- a second chapter (02 then 03) with a warm cache: what the second page fetches.
Then the targets of issue 13 as met or MISSED. Figures are printed, not asserted: this is no test.
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

from ctdc_story.meta import settings
from ctdc_story.presentation import charts

TODAY = "af2c1aa"  # main before issue 13's section 1: plotly.js and the theme's CSS blocking every page
PAGE_TYPES = {
    "landing": "book/intro.html",
    "chapter": "notebooks/02_victims.html",
    "key findings": "book/key_findings.html",
    "country chapter": "notebooks/05_compass.html",
    "country page": "countries/ner.html",  # only in builds that have country pages
}
SECOND = ("notebooks/02_victims.html", "notebooks/03_perpetrators.html")
RATE = 400_000 // 8  # 400 kbit/s, in bytes per second
THROTTLE = {"offline": False, "latency": 400, "downloadThroughput": RATE, "uploadThroughput": RATE}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TARGETS = {  # issue 13, section 1
    "first_gz": (150_000, "bytes", "first visit, gzipped, without fonts"),
    "fonts": (60_000, "bytes", "web fonts of a first visit"),
    "first_text": (3.0, "s", "first text at 400 kbit/s, 400 ms"),
    "first_chart": (5.0, "s", "first chart at 400 kbit/s, 400 ms"),
    "warm_gz": (80_000, "bytes", "warm second chapter (02 then 03), gzipped"),
}
BUILD_BUDGET = {"cold_build": 300, "warm_build": 30}  # seconds
FIGURE_PAYLOAD = 50_000  # bytes of one figure's data and layout
PLOT = re.compile(r'Plotly\.newPlot\("[\w-]+", (\[.*?\]), (\{.*?\}), \{"displayModeBar"', re.S)
FIGURE_DIV = re.compile(r'(<div id="plot-[\w-]+" class="plotly-graph-div)')
HEAD_PLOTLY = re.compile(r'\s*<script[^>]*src="[^"]*plotly[^"]*\.js[^"]*"[^>]*></script>')
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

# In every page before its own scripts: when the first figure's chart is on the screen (its static
# image loaded, then two frames for it to be painted; or plotly's drawing in it).
FIRST_CHART = """(() => {
  const t = {chart: null};
  window.__bench = t;
  const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => {
    if (t.chart === null) t.chart = performance.now(); }));
  const check = () => {
    if (t.chart !== null) return;
    const figure = document.querySelector('.ctdc-figure');
    if (!figure) return;
    const img = figure.querySelector('img');
    if (img && img.complete && img.naturalWidth > 0) return painted();
    if (img && !img.dataset.bench) { img.dataset.bench = '1'; img.addEventListener('load', painted); }
    if (figure.querySelector('.main-svg')) painted();
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true});
  setInterval(check, 25);
})();"""
ENTRIES = """() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
  .filter(Boolean).map(e => ({name: e.name, end: e.responseEnd, transfer: e.transferSize,
    encoded: e.encodedBodySize, decoded: e.decodedBodySize}))"""
STATE = """() => ({fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
  chart: window.__bench ? window.__bench.chart : null, figures: document.querySelectorAll('.ctdc-figure').length,
  loaded: document.readyState === 'complete'})"""


# ---------------------------------------------------------------- serving


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@lru_cache(maxsize=1)
def full_plotly() -> bytes:
    """plotly.js's full bundle as plotly.py ships it, which to_html(include_plotlyjs=True) inlines."""
    import plotly as plotly_py

    return (Path(plotly_py.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


def naive_page(html: bytes) -> bytes:
    """A page as Plotly's default to_html() would make each of its figures: the full bundle inlined
    before every figure, none linked in the head."""
    text = html.decode("utf-8")
    if not FIGURE_DIV.search(text):
        return html
    bundle = (
        "<script type=\"text/javascript\">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        '<script charset="utf-8" type="text/javascript">' + full_plotly().decode("utf-8") + "</script>\n"
    )
    text = HEAD_PLOTLY.sub("", text)
    return FIGURE_DIV.sub(lambda m: bundle + m.group(1), text).encode("utf-8")


class Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a visit closed while a response was sent
        pass


@dataclass
class Served:
    """One site on a local HTTP server in a thread; ``naive`` rewrites its pages on the way out."""

    root: Path
    naive: bool = False
    server: ThreadingHTTPServer | None = None
    cache: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> Served:
        served = self

        class Handler(SimpleHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = served.root / unquote(urlparse(self.path).path).lstrip("/")
                if path.is_dir():
                    path = path / "index.html"
                if self.path == "/favicon.ico" and not path.is_file():  # an older site had none
                    self.send_response(204)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if not path.is_file() or served.root.resolve() not in path.resolve().parents:
                    self.send_error(404)
                    return
                body, kind = served.body(path)
                wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
                encoded = kind.startswith(TEXT_TYPES) and wants_gzip
                if encoded:
                    body = served.gzipped(path, body)
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "public, max-age=3600")
                if encoded:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                self.wfile.write(body)

        self.server = Quiet(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        assert self.server
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def body(self, path: Path) -> tuple[bytes, str]:
        kind = (
            "font/woff2"
            if path.suffix == ".woff2"
            else (mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        )
        if kind == "text/html":
            kind = "text/html; charset=utf-8"
        data = path.read_bytes()
        if self.naive and path.suffix == ".html":
            data = naive_page(data)
        return data, kind

    def gzipped(self, path: Path, body: bytes) -> bytes:
        with self.lock:
            if path not in self.cache:
                self.cache[path] = gzip.compress(body, compresslevel=6, mtime=0)
            return self.cache[path]


# ---------------------------------------------------------------- visiting


def summed(entries: list[dict], until: float | None = None) -> dict[str, int]:
    """Bytes of what was fetched over the network (not from the cache), fonts apart."""
    fetched = [e for e in entries if e["transfer"] > 0 and (until is None or e["end"] <= until)]
    fonts = [e for e in fetched if re.search(r"\.(woff2?|ttf|otf)(\?|$)", e["name"])]
    others = [e for e in fetched if e not in fonts]
    return {
        "raw": sum(e["decoded"] for e in others),
        "gz": sum(e["encoded"] for e in others),
        "fonts": sum(e["encoded"] for e in fonts),
        "requests": len(fetched),
    }


def settle(tab) -> None:
    tab.wait_for_load_state("load")
    try:
        tab.wait_for_load_state("networkidle", timeout=15_000)
    except Exception:  # a long-lived request: measure what has come
        pass
    tab.evaluate("document.fonts.ready.then(() => true)")  # fonts are fetched after layout
    tab.wait_for_timeout(300)


def first_visit(browser, url: str) -> dict[str, int]:
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    tab.set_default_timeout(180_000)  # the naive pages parse megabytes of script
    tab.goto(url)
    settle(tab)
    result = summed(tab.evaluate(ENTRIES))
    context.close()
    return result


def warm_second(browser, first: str, second: str) -> dict[str, int]:
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    tab.set_default_timeout(180_000)
    tab.goto(first)
    settle(tab)
    tab.goto(second)
    settle(tab)
    result = summed(tab.evaluate(ENTRIES))
    context.close()
    return result


GO_TO_CHART = """() => { const f = document.querySelector('figure.ctdc-figure, .plotly-graph-div');
    if (f) f.scrollIntoView({block: 'center'}); return !!f; }"""


def throttled_visit(browser, url: str, cap: float, page_to_chart: int) -> dict:
    """First text and first chart (seconds from navigation) and the bytes that came before the
    chart: what had arrived whole by then, and of the page itself, if it was still arriving, its
    text up to the end of the first figure (``page_to_chart``, gzipped). Once text shows, the reader
    goes to the first chart (as the contents or the country picker take them): a chart further down
    the page is lazy and would otherwise never be asked for."""
    context = browser.new_context(**PHONE)
    context.add_init_script(FIRST_CHART)
    tab = context.new_page()
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    started = time.monotonic()
    state: dict = {"fcp": None, "chart": None, "figures": 0, "loaded": False}
    went_to_chart = False
    try:
        tab.goto(url, wait_until="commit", timeout=cap * 1000)
        while time.monotonic() - started < cap:
            state = tab.evaluate(STATE)
            no_chart = state["loaded"] and state["figures"] == 0
            if state["fcp"] is not None and not went_to_chart:
                went_to_chart = tab.evaluate(GO_TO_CHART)
            if state["fcp"] is not None and (state["chart"] is not None or no_chart):
                break
            tab.wait_for_timeout(100)
        entries = tab.evaluate(ENTRIES)
    except Exception:  # the page did not even start to arrive within the cap
        entries = []
    context.close()
    chart = state["chart"]
    before = None
    if chart is not None:
        arrived = summed(entries, until=chart)
        document = entries[0] if entries else {"end": 0}
        before = arrived["gz"] + arrived["fonts"] + (page_to_chart if document["end"] > chart else 0)
    return {
        "first_text": state["fcp"] / 1000 if state["fcp"] is not None else None,
        "first_chart": chart / 1000 if chart is not None else None,
        "has_figures": state["figures"] > 0 or chart is not None,
        "before_chart": before,
    }


def measure(name: str, site: Path, languages: list[str], cap: float, naive: bool = False) -> dict:
    """Every measure of one site: {(lang, page type): {...}, (lang, "warm"): {...}}."""
    from playwright.sync_api import sync_playwright

    results: dict = {}
    with Served(site, naive=naive) as served, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
        )
        for lang in languages:
            for kind, page in PAGE_TYPES.items():
                if not (site / lang / page).is_file():
                    continue
                url = f"{served.url}{lang}/{page}"
                row = first_visit(browser, url)
                html = served.body(site / lang / page)[0]
                end = html.find(b"</figure>")
                row.update(throttled_visit(browser, url, cap, gz(html[: end + 9]) if end >= 0 else 0))
                results[(lang, kind)] = row
                print(f"  {name:<6} {lang} {kind:<15} measured", flush=True)
            first, second = (f"{served.url}{lang}/{page}" for page in SECOND)
            results[(lang, "warm")] = warm_second(browser, first, second)
        browser.close()
    return results


# ---------------------------------------------------------------- building


def run_build(repo: Path, build_dir: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(repo), "CTDC_BUILD_DIR": str(build_dir)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "ctdc_story.build"], cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: the build in {repo} failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def copy_repo(target: Path) -> Path:
    """This working tree's tracked files (as they are on disk), with the installed node_modules."""
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=settings.ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        source = settings.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(settings.ROOT / "node_modules")
    return target


def archive_repo(commit: str, target: Path) -> Path:
    """The repository as it was at ``commit`` (git archive), with the installed node_modules."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=settings.ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / "node_modules").symlink_to(settings.ROOT / "node_modules")
    return target


def touch_prose(repo: Path) -> None:
    """A one-line prose change: one sentence added to the introduction."""
    intro = repo / "book" / "intro.md"
    intro.write_text(intro.read_text() + "\nThis sentence was added to measure a warm rebuild.\n")


# ---------------------------------------------------------------- printing


def kb(value: float | None) -> str:
    return "—" if value is None else f"{value / 1000:,.1f}"


def seconds(value: float | None, cap: float, applies: bool = True) -> str:
    if not applies:
        return "no chart"
    return f">{cap:.0f}" if value is None else f"{value:.1f}"


def report(sites: dict[str, dict], languages: list[str], cap: float) -> None:
    names = list(sites)
    print("\nFirst visit, empty cache, phone (kB; time in s at 400 kbit/s and 400 ms latency)")
    columns = ["raw", "gz", "fonts", "text s", "chart s", "gz<chart"]
    print(f"{'page':<21}{'build':<7}" + "".join(f"{c:>10}" for c in columns))
    for lang in languages:
        for kind in PAGE_TYPES:
            for name in names:
                r = sites[name].get((lang, kind))
                if r is None:
                    label = f"{lang} {kind}" if name == names[0] else ""
                    print(f"{label:<21}{name:<7}{'not in this build':>20}")
                    continue
                cells = (
                    kb(r["raw"]),
                    kb(r["gz"]),
                    kb(r["fonts"]),
                    seconds(r["first_text"], cap),
                    seconds(r["first_chart"], cap, r["has_figures"]),
                    kb(r["before_chart"]) if r["has_figures"] else "—",
                )
                label = f"{lang} {kind}" if name == names[0] else ""
                print(f"{label:<21}{name:<7}" + "".join(f"{c:>10}" for c in cells))
    print("\nWarm second chapter (02 then 03): what 03 fetches (kB)")
    for lang in languages:
        print(f"  {lang}  " + "   ".join(f"{n}: {kb(sites[n][(lang, 'warm')]['gz'])} gz" for n in names))
    print("\nTargets (the worst page type of the editions measured)")
    for key, (limit, unit, label) in TARGETS.items():
        shown_cells: list[str] = []
        for name in names:
            value = worst(sites[name], key, cap)
            if value is None:
                shown_cells.append(f"{name}: {'—':>8}")
                continue
            shown = (
                f"{value / 1000:,.1f} kB"
                if unit == "bytes"
                else (f"{value:.1f} s" if value <= cap else f">{cap:.0f} s")
            )
            shown_cells.append(f"{name}: {shown:>9} {'met' if value <= limit else 'MISSED'}")
        target = f"≤ {limit / 1000:.0f} kB" if unit == "bytes" else f"≤ {limit:g} s"
        print(f"  {label:<42}{target:<9}" + "   ".join(shown_cells))


def worst(results: dict, key: str, cap: float) -> float | None:
    if key == "warm_gz":
        values = [r["gz"] for (lang, kind), r in results.items() if kind == "warm"]
        return max(values, default=None)
    rows = [r for (lang, kind), r in results.items() if kind != "warm"]
    if key in ("first_gz", "fonts"):
        return max((r["gz" if key == "first_gz" else "fonts"] for r in rows), default=None)
    if key == "first_chart":
        rows = [r for r in rows if r["has_figures"]]
    values = [cap + 1 if r[key] is None else r[key] for r in rows]
    return max(values, default=None)


def payloads(site: Path, languages: list[str]) -> int:
    """The largest figure payload (data and layout) in any page of the editions."""
    largest = 0
    for lang in languages:
        for page in (site / lang).rglob("*.html"):
            text = page.read_text(encoding="utf-8", errors="ignore")
            sizes = [len(data) + len(layout) for data, layout in PLOT.findall(text)]  # pages before static charts
            sizes += [len(spec) for _plot, spec in charts.SPEC_SCRIPT.findall(text)]
            largest = max([largest, *sizes])
    return largest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="measure this built site as 'now' (no build)")
    parser.add_argument("--baseline", type=Path, help="with --site: today's built site (naive is derived from it)")
    parser.add_argument("--lang", action="append", choices=settings.LANGUAGES, help="editions to measure (repeatable)")
    parser.add_argument("--cap", type=float, default=90, help="seconds a throttled visit may take (default 90)")
    args = parser.parse_args(argv)
    languages = args.lang or list(settings.LANGUAGES)
    with tempfile.TemporaryDirectory(prefix="ctdc-bench-") as tmp:
        times = {}
        if args.site:
            now, today = args.site.resolve(), args.baseline.resolve() if args.baseline else None
        else:
            repo = copy_repo(Path(tmp) / "now")
            print("bench: cold full build of this tree …", flush=True)
            times["cold_build"] = run_build(repo, Path(tmp) / "now-build")
            touch_prose(repo)
            print("bench: warm rebuild after a one-line prose change …", flush=True)
            times["warm_build"] = run_build(repo, Path(tmp) / "now-build")
            print(f"bench: today's build (commit {TODAY}) …", flush=True)
            run_build(archive_repo(TODAY, Path(tmp) / "today"), Path(tmp) / "today-build")
            now, today = Path(tmp) / "now-build" / "site", Path(tmp) / "today-build" / "site"
        print("bench: measuring in Chromium …", flush=True)
        sites = {"now": measure("now", now, languages, args.cap)}
        if today:
            sites["today"] = measure("today", today, languages, args.cap)
            sites["naive"] = measure("naive", today, languages, args.cap, naive=True)
        report(sites, languages, args.cap)
        largest = payloads(now, languages)
        print(
            f"\n  largest figure payload (data and layout)   {largest:,} bytes  ≤ {FIGURE_PAYLOAD:,}  "
            f"{'met' if largest <= FIGURE_PAYLOAD else 'MISSED'}"
        )
        for key, value in times.items():
            limit = BUILD_BUDGET[key]
            label = "cold full build (3 editions)" if key == "cold_build" else "warm rebuild after a prose change"
            print(f"  {label:<43}{value:.1f} s  ≤ {limit} s  {'met' if value <= limit else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
