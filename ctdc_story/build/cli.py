"""Build the English, French and Arabic editions into one static site.

    python -m ctdc_story.build [--lang fr] [--site _build/site]

Each edition is staged (prose translated from the catalogs), its notebooks are
executed with CTDC_LANG set and cached per language, and Sphinx renders it into
its own folder. The site is assembled in a temporary folder and replaces the
previous one only when every step has succeeded.
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
from ctdc_story.meta.console import BuildError, log, run_command
from ctdc_story.publication import downloads

BUILD = settings.BUILD


def build(languages: list[str], site: Path) -> None:
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
    assemble(editions, site, dataset, complete=lambda fresh: add_briefs(dataset, list(editions), fresh))
    log(f"site ready: {site / 'index.html'}")


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
    return run_command(
        lambda: build(args.lang or list(settings.LANGUAGES), args.site.resolve()),
        "BUILD",
        "The previous site, if any, is unchanged.",
        errors=(loader.DatasetError, BuildError),
    )


if __name__ == "__main__":
    sys.exit(main())
