"""Assembling the site: the editions, the root chooser, the briefs and the manifest, in a new
folder that replaces the old one only when complete."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from ctdc_story.build.execute import package_files
from ctdc_story.data import loader
from ctdc_story.meta import project, settings
from ctdc_story.meta.console import digest, log
from ctdc_story.presentation.assets import PLOTLY_BUNDLE
from ctdc_story.presentation.templating import render
from ctdc_story.publication import manifest
from ctdc_story.text import edition, i18n

ROOT = settings.ROOT
BUILD = settings.BUILD


def add_briefs(dataset: loader.Dataset, languages: list[str], site: Path) -> None:
    """Print the briefs into the new site, or reuse the last print when nothing they show has
    changed (their code, template and policy text, catalogs, data, edition date)."""
    from ctdc_story.publication import briefs

    inputs = [
        *package_files(skip=("tools",)),
        *sorted((ROOT / "briefs").glob("*")),
        *sorted(settings.LOCALES.glob("*/LC_MESSAGES/code.po")),
        *sorted(settings.LOCALES.glob("*/LC_MESSAGES/prose.po")),  # the policy text (briefs/policy.md)
        PLOTLY_BUNDLE,
    ]
    key = digest(dataset.sha256, settings.edition_date(), *languages, *(p.read_bytes() for p in inputs))
    cache = BUILD / "cache" / "briefs" / key
    if cache.is_dir():
        for lang in languages:
            shutil.copytree(cache / lang / "briefs", site / lang / "briefs")
        log(f"briefs from cache ({len(languages)} editions)")
        return
    briefs.make(dataset, languages, site)
    shutil.rmtree(cache.parent, ignore_errors=True)
    for lang in languages:
        shutil.copytree(site / lang / "briefs", cache / lang / "briefs")


def assemble(
    editions: dict[str, Path],
    site: Path,
    dataset: loader.Dataset | None = None,
    complete: Callable[[Path], None] | None = None,
) -> None:
    """Put the editions and the language chooser in a new folder, let ``complete`` add to it
    (the briefs), list every file in the manifest, then swap it in."""
    fresh = site.with_name(site.name + ".new")
    old = site.with_name(site.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    fresh.mkdir(parents=True)
    for lang, html in editions.items():
        shutil.copytree(html, fresh / lang, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    (fresh / "index.html").write_text(chooser_page(), encoding="utf-8")
    try:
        if complete:
            complete(fresh)
        manifest.write(fresh, dataset)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def chooser_page() -> str:
    """The site's root page (templates/chooser.html): the book's title in every language, a link to
    each edition, and a script that opens the edition of the reader's language."""
    editions = [{"code": code, "name": name, "dir": i18n.DIRECTION[code]} for code, name in edition.NAMES.items()]
    return render(
        "chooser.html",
        editions=editions,
        codes=json.dumps(list(edition.NAMES)),
        titles=" · ".join(i18n.translate(_book_title(), c) for c in edition.NAMES),
    )


def _book_title() -> str:
    return project.title()
