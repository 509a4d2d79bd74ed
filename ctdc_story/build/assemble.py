"""Assembling the site: the editions, the root chooser, the briefs and the manifest, in a new
release folder that becomes the site in one atomic step only when complete (publication.release)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ctdc_story.build.execute import package_files
from ctdc_story.data import loader
from ctdc_story.meta import project, settings
from ctdc_story.meta.console import BuildError, digest, fault_point, log, sync_folder, write_atomic
from ctdc_story.presentation.assets import PLOTLY_BUNDLE
from ctdc_story.presentation.templating import render
from ctdc_story.publication import manifest, release
from ctdc_story.text import edition, i18n

ROOT = settings.ROOT
BUILD = settings.BUILD
# Written last into a brief cache entry: the sha256 and size of every file it holds. An entry
# without it, or whose files do not match it, is a miss (and is removed).
ENTRY_MANIFEST = "entry.json"
FAVICON = ROOT / "book" / "_static" / "favicon.ico"


def brief_files(languages: list[str]) -> list[str]:
    """The files the briefs of ``languages`` are made of, relative to the site."""
    from ctdc_story.publication import briefs
    from ctdc_story.text import compass

    names = [briefs.DATA_INDEX, *(briefs.pdf_name(c) for c, _r, _s in compass.COUNTRIES)]
    return [f"{lang}/briefs/{name}" for lang in languages for name in names]


def complete_pdf(data: bytes) -> bool:
    """Whether bytes look like a whole PDF: its header, and the end-of-file marker at its end."""
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def check_briefs(site: Path, languages: list[str]) -> None:
    """Every brief is there and whole (a PDF cut short by a full disk or a crash is not)."""
    bad = []
    for rel in brief_files(languages):
        path = site / rel
        if not path.is_file() or path.stat().st_size == 0:
            bad.append(rel)
        elif path.suffix == ".pdf" and not complete_pdf(path.read_bytes()):
            bad.append(rel)
    if bad:
        raise BuildError(f"{len(bad)} brief file(s) missing, empty or cut short: {', '.join(bad[:5])}")


def brief_key(dataset: loader.Dataset, languages: list[str]) -> str:
    """Changes with anything the briefs show: their code, template and policy text, the catalogs,
    the data, the edition date and the editions printed."""
    inputs = [
        *package_files(skip=("tools",)),
        *sorted((ROOT / "briefs").glob("*")),
        *sorted(settings.LOCALES.glob("*/LC_MESSAGES/code.po")),
        *sorted(settings.LOCALES.glob("*/LC_MESSAGES/prose.po")),  # the policy text (briefs/policy.md)
        PLOTLY_BUNDLE,
    ]
    return digest(dataset.sha256, settings.edition_date(), *languages, *(p.read_bytes() for p in inputs))


def read_entry(entry: Path, key: str, languages: list[str]) -> dict[str, str] | None:
    """The files of a brief cache entry (relative path → sha256), or None when the entry is not
    whole: no manifest, another key, a file missing, or one whose bytes do not match."""
    try:
        listed = json.loads((entry / ENTRY_MANIFEST).read_text())
        files = {rel: item["sha256"] for rel, item in listed["files"].items()}
        if listed["key"] != key or sorted(files) != sorted(brief_files(languages)):
            return None
        for rel, sha in files.items():
            data = (entry / rel).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha or (rel.endswith(".pdf") and not complete_pdf(data)):
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return files


def store_entry(site: Path, cache: Path, key: str, languages: list[str]) -> None:
    """Copy the printed briefs into a new cache entry: files first (flushed), manifest last,
    then the entry is renamed into place and older entries are removed."""
    temporary = cache.with_name(f".tmp-{key}-{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    files = {}
    rels = brief_files(languages)
    for number, rel in enumerate(rels):
        data = (site / rel).read_bytes()
        target = temporary / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        files[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        if number == len(rels) * 3 // 4:
            fault_point("brief-cache-copy")
    write_atomic(temporary / ENTRY_MANIFEST, json.dumps({"key": key, "files": files}, indent=1, sort_keys=True))
    shutil.rmtree(cache, ignore_errors=True)
    temporary.rename(cache)
    sync_folder(cache.parent)
    for other in cache.parent.iterdir():
        if other != cache:
            shutil.rmtree(other, ignore_errors=True)


def restore_entry(entry: Path, files: dict[str, str], site: Path, languages: list[str]) -> bool:
    """Copy a checked entry's briefs into the new site (each edition's briefs/ under a temporary
    name, renamed when whole); False if a file changed since it was checked."""
    for lang in languages:
        temporary, target = site / lang / ".briefs.tmp", site / lang / "briefs"
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        mine = [rel for rel in files if rel.startswith(f"{lang}/briefs/")]
        for number, rel in enumerate(mine):
            data = (entry / rel).read_bytes()
            if hashlib.sha256(data).hexdigest() != files[rel]:
                shutil.rmtree(temporary, ignore_errors=True)
                return False
            (temporary / Path(rel).name).write_bytes(data)
            if number == len(mine) // 2:
                fault_point("brief-cache-restore")
        shutil.rmtree(target, ignore_errors=True)
        temporary.rename(target)
    return True


def add_briefs(dataset: loader.Dataset, languages: list[str], site: Path) -> None:
    """Print the briefs into the new site, or reuse the last print when nothing they show has
    changed and the cached files are whole (checked against the entry's sha256 list)."""
    from ctdc_story.publication import briefs

    key = brief_key(dataset, languages)
    cache = BUILD / "cache" / "briefs" / key
    if cache.exists():
        files = read_entry(cache, key, languages)
        if files is not None and restore_entry(cache, files, site, languages):
            log(f"briefs from cache ({len(languages)} editions, every file checked)")
            return
        log("the cached briefs are not whole (an interrupted build?): removed, printing them again")
        shutil.rmtree(cache, ignore_errors=True)
    briefs.make(dataset, languages, site)
    check_briefs(site, languages)
    store_entry(site, cache, key, languages)


def assemble(
    editions: dict[str, Path],
    site: Path,
    dataset: loader.Dataset | None = None,
    complete: Callable[[Path], None] | None = None,
) -> Path:
    """Put the editions and the language chooser in a new release folder, let ``complete`` add to
    it (the briefs), list every file in the manifest, then publish it at ``site`` in one step."""
    fresh = release.new_release(site)
    try:
        for lang, html in editions.items():
            shutil.copytree(html, fresh / lang, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        write_atomic(fresh / "index.html", chooser_page())
        # Browsers ask the site's root for its icon whatever the pages link (tools/favicon.py drew it).
        shutil.copyfile(FAVICON, fresh / "favicon.ico")
        if complete:
            complete(fresh)
        manifest.write(fresh, dataset)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return release.publish(site, fresh)


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
