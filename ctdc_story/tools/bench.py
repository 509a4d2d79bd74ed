"""Build times and page weights against the budget, in one table from one run.

    python -m ctdc_story.tools.bench            # or: make bench

A cold full build and a warm rebuild after a one-line prose change run on a copy of
the repository (the working tree is not touched); page weights, figure payloads and the
naive baseline (plotly.js inlined into every figure, as Plotly does by default) are
measured on the cold build's site. Figures are printed, not asserted: this is no test.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ctdc_story.meta import settings

BUDGET = {  # target, unit
    "first_visit_gz": (1_000_000, "bytes"),
    "warm_page_gz": (150_000, "bytes"),
    "figure_payload": (50_000, "bytes"),
    "cold_build": (300, "s"),
    "warm_build": (30, "s"),
}
PLOT = re.compile(r'Plotly\.newPlot\("[\w-]+", (\[.*?\]), (\{.*?\}), \{"displayModeBar"', re.S)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def requested_files(browser, *pages: Path) -> list[set[Path]]:
    """The local files a real browser requests for each page, visited in order in one session."""
    from urllib.parse import unquote, urlparse

    context = browser.new_context()
    tab = context.new_page()
    seen: list[set[Path]] = []
    tab.on(
        "request", lambda r: seen[-1].add(Path(unquote(urlparse(r.url).path))) if r.url.startswith("file:") else None
    )
    for target in pages:
        seen.append(set())
        tab.goto(target.as_uri(), wait_until="networkidle")
        tab.evaluate("document.fonts.ready.then(() => true)")  # fonts are fetched after layout
        tab.wait_for_timeout(300)
    context.close()
    return [{p for p in bag if p.is_file()} for bag in seen]


def page_weights(site: Path) -> list[dict]:
    """First visit: the page and everything it loads. Warm: a second page after the
    introduction, counting only what the introduction did not already load."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for lang in settings.LANGUAGES:
            intro = site / lang / "book" / "intro.html"
            for page in sorted(p for p in (site / lang).glob("*/*.html") if p.parent.name != "_static"):
                (first,) = requested_files(browser, page)
                cached, again = requested_files(browser, intro, page)
                raw, zipped = weight(first | {page})
                warm_raw, warm_zipped = weight((again - cached) | {page})
                payloads = [len(data) + len(layout) for data, layout in PLOT.findall(page.read_text(encoding="utf-8"))]
                rows.append(
                    {
                        "page": f"{lang}/{page.relative_to(site / lang)}",
                        "first_raw": raw,
                        "first_gz": zipped,
                        "warm_raw": warm_raw,
                        "warm_gz": warm_zipped,
                        "figures": len(payloads),
                        "max_payload": max(payloads, default=0),
                    }
                )
        browser.close()
    return rows


def weight(paths) -> tuple[int, int]:
    data = [p.read_bytes() for p in paths]
    return sum(map(len, data)), sum(map(gz, data))


def naive_chapter(site: Path, chapter: str = "en/notebooks/02_victims.html") -> tuple[int, int, int]:
    """The chapter as Plotly's default to_html() would give it: plotly.js inlined in every figure."""
    import plotly as plotly_py

    page = site / chapter
    plotly = (Path(plotly_py.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    html = page.read_bytes()
    figures = len(PLOT.findall(html.decode("utf-8")))
    naive = html + plotly * figures
    return figures, len(naive), gz(naive)


def run_build(repo: Path, build_dir: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(repo), "CTDC_BUILD_DIR": str(build_dir)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "ctdc_story.build"], cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: the build failed:\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def copy_repo(target: Path) -> Path:
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
    (target / "node_modules").symlink_to(settings.ROOT / "node_modules")  # installed assets
    return target


def touch_prose(repo: Path) -> None:
    """A one-line prose change: one sentence added to the introduction."""
    intro = repo / "book" / "intro.md"
    intro.write_text(intro.read_text() + "\nThis sentence was added to measure a warm rebuild.\n")


def status(value: float, key: str) -> str:
    limit, unit = BUDGET[key]
    shown = f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
    target = f"{limit:,} {unit}" if unit == "bytes" else f"{limit} {unit}"
    return f"{shown:>16}  ≤ {target:<14} {'met' if value <= limit else 'MISSED'}"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ctdc-bench-") as tmp:
        repo = copy_repo(Path(tmp) / "repo")
        build_dir = Path(tmp) / "build"
        print("bench: cold full build on a copy of the repository …", flush=True)
        cold = run_build(repo, build_dir)
        touch_prose(repo)
        print("bench: warm rebuild after a one-line prose change …", flush=True)
        warm = run_build(repo, build_dir)
        site = build_dir / "site"
        rows = page_weights(site)
        figures, naive_raw, naive_gz = naive_chapter(site)
        chapter = next(r for r in rows if r["page"] == "en/notebooks/02_victims.html")

        print(
            "\nPage weights (bytes; first visit = page and every asset with a cold cache; "
            "warm = a second page after the introduction)"
        )
        print(f"{'page':<36}{'first raw':>12}{'first gz':>11}{'warm raw':>11}{'warm gz':>10}{'figs':>6}{'max fig':>9}")
        for r in rows:
            print(
                f"{r['page']:<36}{r['first_raw']:>12,}{r['first_gz']:>11,}{r['warm_raw']:>11,}"
                f"{r['warm_gz']:>10,}{r['figures']:>6}{r['max_payload']:>9,}"
            )
        print(
            f"\nBaseline: en/notebooks/02_victims.html with plotly.js inlined in each of its {figures} "
            f"figures: {naive_raw:,} raw, {naive_gz:,} gzipped (this site: {chapter['first_raw']:,} raw, "
            f"{chapter['first_gz']:,} gzipped on a first visit)"
        )
        print("\nBudget")
        print(f"  cold full build (3 editions)         {status(cold, 'cold_build')}")
        print(f"  warm rebuild after a prose change    {status(warm, 'warm_build')}")
        print(f"  heaviest first visit (gzipped)       {status(max(r['first_gz'] for r in rows), 'first_visit_gz')}")
        print(f"  heaviest second page (gzipped)       {status(max(r['warm_gz'] for r in rows), 'warm_page_gz')}")
        print(f"  largest figure payload               {status(max(r['max_payload'] for r in rows), 'figure_payload')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
