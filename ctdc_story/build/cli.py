"""Build the English, French and Arabic editions into one static site.

    python -m ctdc_story.build [--lang fr] [--site _build/site]

Each edition is staged (prose translated from the catalogs), its notebooks are
executed with CTDC_LANG set and cached per language, and Sphinx renders it into
its own folder. The site is assembled in a new release folder, which becomes the site in one
atomic step only when every step has succeeded (publication.release). One build runs at a time
(the lock _build/.lock); a build first removes what an interrupted one left behind.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from ctdc_story.build.assemble import add_briefs, assemble
from ctdc_story.build.render import Render
from ctdc_story.build.stage import stage
from ctdc_story.data import loader
from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError, build_lock, log, run_command
from ctdc_story.presentation.assets import PLOTLY_BUNDLE
from ctdc_story.publication import briefs, downloads, release
from ctdc_story.text import proofing

BUILD = settings.BUILD


def check_tools() -> None:
    """What the build needs besides Python, checked before any notebook runs: Chromium, which
    prints the briefs (checked even when they will come from the cache, so that a missing browser
    is found now and not after minutes of work on a later change), and the plotly.js bundle that
    npm installs."""
    briefs.chromium()
    if not PLOTLY_BUNDLE.is_file() or PLOTLY_BUNDLE.stat().st_size == 0:
        raise BuildError(
            f"the plotly.js bundle is missing ({PLOTLY_BUNDLE.relative_to(settings.ROOT)}): run "
            "`npm ci` (or `rm -f node_modules/.installed && make book`), see README"
        )


def check_catalogs() -> None:
    """A French or Arabic catalog that fails its proofing (placeholders, punctuation, typography,
    terms) is not published: the build stops before any notebook runs."""
    problems = proofing.all_problems()
    if problems:
        shown = "\n  ".join(str(p) for p in problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise BuildError(
            f"the catalogs fail their proofing ({len(problems)} found), so no edition is built:\n  {shown}{more}\n"
            'see them all with `python -m ctdc_story.tools.proof` (README, "Translations")'
        )


def build(languages: list[str], site: Path) -> None:
    check_tools()
    check_catalogs()
    with build_lock():
        release.clean_leftovers(site)
        _build(languages, site)


def _build(languages: list[str], site: Path) -> None:
    log(f"reading the dataset {settings.data_path()}")
    dataset = loader.load()
    if dataset.is_official_release:
        log(f"dataset: CTDC release of {settings.DATA_RELEASE} ({len(dataset):,} records, sha256 matches)")
    else:
        log(
            f"NOTICE: {dataset.path} is not the CTDC release of {settings.DATA_RELEASE} "
            f"(sha256 {dataset.sha256}); it is valid and the editions will say which file they use"
        )
    renders: dict[str, Render] = {}
    editions = {}
    figures: dict[str, list] = {}
    try:
        for lang in settings.LANGUAGES:
            if lang in languages:
                log(f"{lang} · staging")
                source, figures[lang] = stage(lang, dataset)
                running = [r for r in renders.values() if r.lang not in editions]
                if len(running) >= (os.cpu_count() or 1):  # no more renders than cores
                    editions[running[0].lang] = running[0].wait()
                renders[lang] = Render(lang, source)
            elif (BUILD / "html" / lang / "_build" / "html").exists():
                log(f"{lang} · not rebuilt; reusing the last build")
                editions[lang] = BUILD / "html" / lang / "_build" / "html"
        editions.update({lang: r.wait() for lang, r in renders.items() if lang not in editions})
    finally:
        for render in renders.values():
            render.stop()
        shutil.rmtree(BUILD / "kernels", ignore_errors=True)
    for lang, items in figures.items():
        downloads.publish(items, lang, editions[lang])
        log(f"{lang} · {len(items)} figures: data, zip and embeddable pages written")
    editions = {lang: editions[lang] for lang in settings.LANGUAGES if lang in editions}
    published = assemble(editions, site, dataset, complete=lambda fresh: add_briefs(dataset, list(editions), fresh))
    log(f"site ready: {site / 'index.html'} (release {published.name})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lang",
        action="append",
        choices=settings.LANGUAGES,
        help="build only this edition (repeatable); default: all three",
    )
    parser.add_argument("--site", type=Path, default=BUILD / "site", help="where the site goes")
    args = parser.parse_args(argv)
    site = Path(os.path.abspath(args.site))  # not resolved: the site is a link to its release
    return run_command(
        lambda: build(args.lang or list(settings.LANGUAGES), site),
        "BUILD",
        lambda: release.describe(site),
        errors=(loader.DatasetError, BuildError),
    )


if __name__ == "__main__":
    sys.exit(main())
