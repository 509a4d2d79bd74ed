"""Screenshots for a human look: one chapter per edition as a phone shows it, whole page.

    python -m ctdc_story.tools.review [--site DIR] [--out DIR] [--label before|after] [--page PATH]
    python -m ctdc_story.tools.review --before-commit COMMIT      (make review)

Opens the chapter (notebooks/05_compass.html by default) in each edition at 360x740 (touch),
in Debian's Chromium, makes its charts interactive as a reader's browser does
(``window.ctdc.activateCharts()`` where the page has it), and saves the full page as
``chapter05-<lang>-<label>.png`` in ``--out`` (default _build/review/). Run it on two builds
(label before and after) and put the pictures side by side. With ``--before-commit``, it shoots
this build as "after" and the book as it was at that commit as "before", built once (``git archive``,
as ``make bench`` does) into ``<out>/before-<commit>/`` and reused on later runs.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from ctdc_story.meta import settings

PAGE = "notebooks/05_compass.html"
# Scale 1: a chapter is over 10,000 px tall on a phone, and Chromium caps a screenshot at 16,384 px.
WIDTH, HEIGHT = 360, 740
ACTIVATE = "async () => { if (window.ctdc && window.ctdc.activateCharts) await window.ctdc.activateCharts(); }"
DRAWN = "() => [...document.querySelectorAll('.ctdc-plot')].every(p => p.querySelector('svg.main-svg'))"


def shoot(site: Path, out: Path, label: str, page: str = PAGE) -> list[Path]:
    """One full-page screenshot of ``page`` per edition of ``site``; the paths written."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("review: Chromium is needed (apt-get install chromium)")
    number = re.search(r"(\d+)", Path(page).stem)
    stem = f"chapter{number.group(1)}" if number else Path(page).stem
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True, device_scale_factor=1
        )
        tab = context.new_page()
        for lang in settings.LANGUAGES:
            path = site / lang / page
            if not path.is_file():
                print(f"review: no {path}, skipped", file=sys.stderr)
                continue
            tab.goto(path.as_uri(), wait_until="load")
            tab.evaluate(ACTIVATE)
            tab.wait_for_function(DRAWN, timeout=30000)
            tab.evaluate("document.fonts.ready.then(() => true)")
            tab.wait_for_timeout(300)
            target = out / f"{stem}-{lang}-{label}.png"
            tab.screenshot(path=str(target), full_page=True)
            written.append(target)
            print(f"review: {target}")
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctdc_story.tools.review", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--site", type=Path, default=settings.BUILD / "site", help="the built site (default: %(default)s)"
    )
    parser.add_argument(
        "--out", type=Path, default=settings.BUILD / "review", help="where to save (default: %(default)s)"
    )
    parser.add_argument("--label", default="after", help="before or after (default: %(default)s)")
    parser.add_argument("--page", default=PAGE, help="the page of each edition (default: %(default)s)")
    parser.add_argument("--before-commit", help="also shoot the book built at this commit, labelled before")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"review: no site at {args.site}; build it first (make book)", file=sys.stderr)
        return 2
    written = shoot(args.site.resolve(), args.out, args.label, args.page)
    if args.before_commit:
        written += shoot(before_site(args.before_commit, args.out), args.out, "before", args.page)
    return 0 if written else 1


def before_site(commit: str, out: Path) -> Path:
    """The site of the book at ``commit``, built once into ``out/before-<commit>``."""
    import tempfile

    from ctdc_story.tools import bench

    build = out / f"before-{commit}"
    if not (build / "site").is_dir():
        print(f"review: building the book at commit {commit} into {build} (a few minutes) …", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            bench.run_build(bench.archive_repo(commit, Path(tmp) / "repo"), build)
    return (build / "site").resolve()


if __name__ == "__main__":
    sys.exit(main())
