"""Screenshots for a human look: the pages a reader meets first, in each edition, as a phone and a
desktop show them, this build beside an older one.

    python -m ctdc_story.tools.review [--site DIR] [--out DIR] [--label before|after] [--page PATH]
    python -m ctdc_story.tools.review --before-commit COMMIT      (make review)

Opens each page of ``SHOTS`` in each edition, in Debian's Chromium, makes its charts interactive as
a reader's browser does (``window.ctdc.activateCharts()`` where the page has it), and saves
``<shot>-<lang>-<label>.png`` in ``--out`` (default _build/review/): the landing page and Niger's
country page at 360x740 (touch) and 1366x768, their first screen and the whole page, and chapter 5
whole on a phone. With ``--page``, only that page, whole, on a phone. With ``--before-commit``, it
also shoots the book as it was at that commit, labelled "before", built once (``git archive``, as
``make bench`` does) into ``<out>/before-<commit>/`` and reused on later runs; a page that did not
exist then is skipped. ``<out>/index.html`` then shows every shot, before beside after.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ctdc_story.meta import settings

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
ACTIVATE = "async () => { if (window.ctdc && window.ctdc.activateCharts) await window.ctdc.activateCharts(); }"
DRAWN = "() => [...document.querySelectorAll('.ctdc-plot')].every(p => p.querySelector('svg.main-svg'))"


@dataclass(frozen=True)
class Shot:
    name: str
    page: str
    viewport: dict
    full_page: bool

    @property
    def phone(self) -> bool:
        return self.viewport is PHONE


LANDING, COUNTRY, CHAPTER = "book/intro.html", "countries/ner.html", "notebooks/05_compass.html"
SHOTS = (
    Shot("landing-phone-first-screen", LANDING, PHONE, False),
    Shot("landing-phone", LANDING, PHONE, True),
    Shot("landing-desktop-first-screen", LANDING, DESKTOP, False),
    Shot("landing-desktop", LANDING, DESKTOP, True),
    Shot("country-ner-phone-first-screen", COUNTRY, PHONE, False),
    Shot("country-ner-phone", COUNTRY, PHONE, True),
    Shot("country-ner-desktop-first-screen", COUNTRY, DESKTOP, False),
    Shot("country-ner-desktop", COUNTRY, DESKTOP, True),
    # Scale 1: a chapter is over 10,000 px tall on a phone, and Chromium caps a screenshot at 16,384 px.
    Shot("chapter05", CHAPTER, PHONE, True),
)


def page_shot(page: str) -> Shot:
    """The whole ``page`` on a phone, named after its chapter number (chapter05) or its file."""
    number = re.search(r"(\d+)", Path(page).stem)
    return Shot(f"chapter{number.group(1)}" if number else Path(page).stem, page, PHONE, True)


def shoot(site: Path, out: Path, label: str, shots=SHOTS) -> list[Path]:
    """Each shot of ``shots`` in each edition of ``site``; the paths written."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("review: Chromium is needed (apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for shot in shots:
            context = browser.new_context(
                viewport=shot.viewport, is_mobile=shot.phone, has_touch=shot.phone, device_scale_factor=1
            )
            tab = context.new_page()
            for lang in settings.LANGUAGES:
                path = site / lang / shot.page
                if not path.is_file():
                    print(f"review: no {path}, skipped", file=sys.stderr)
                    continue
                tab.goto(path.as_uri(), wait_until="load")
                if shot.full_page:
                    tab.evaluate(ACTIVATE)
                    tab.wait_for_function(DRAWN, timeout=30000)
                tab.evaluate("document.fonts.ready.then(() => true)")
                tab.wait_for_timeout(300)
                target = out / f"{shot.name}-{lang}-{label}.png"
                tab.screenshot(path=str(target), full_page=shot.full_page)
                written.append(target)
                print(f"review: {target}")
            context.close()
        browser.close()
    return written


def contact_sheet(out: Path, shots=SHOTS) -> Path:
    """``out/index.html``: each shot in each edition, before beside after (where both exist)."""
    rows = []
    for shot in shots:
        for lang in settings.LANGUAGES:
            cells = []
            for label in ("before", "after"):
                image = out / f"{shot.name}-{lang}-{label}.png"
                cells.append(
                    f'<td><img src="{html.escape(image.name)}" alt="{html.escape(image.stem)}"></td>'
                    if image.is_file()
                    else "<td>(none)</td>"
                )
            width = shot.viewport["width"]
            rows.append(f"<tr><th>{html.escape(shot.name)} · {lang} · {width} px</th>{''.join(cells)}</tr>")
    sheet = out / "index.html"
    sheet.write_text(
        "<!doctype html><meta charset=utf-8><title>Review</title>"
        "<style>td{vertical-align:top}img{max-width:480px;border:1px solid #999}</style>"
        f"<table><tr><th></th><th>before</th><th>after</th></tr>{''.join(rows)}</table>\n",
        encoding="utf-8",
    )
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctdc_story.tools.review", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--site", type=Path, default=settings.BUILD / "site", help="the built site (default: %(default)s)"
    )
    parser.add_argument(
        "--out", type=Path, default=settings.BUILD / "review", help="where to save (default: %(default)s)"
    )
    parser.add_argument("--label", default="after", help="before or after (default: %(default)s)")
    parser.add_argument("--page", help="only this page of each edition, whole, on a phone")
    parser.add_argument("--before-commit", help="also shoot the book built at this commit, labelled before")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"review: no site at {args.site}; build it first (make book)", file=sys.stderr)
        return 2
    shots = (page_shot(args.page),) if args.page else SHOTS
    written = shoot(args.site.resolve(), args.out, args.label, shots)
    if args.before_commit:
        written += shoot(before_site(args.before_commit, args.out), args.out, "before", shots)
    print(f"review: {contact_sheet(args.out, shots)} shows them side by side")
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
