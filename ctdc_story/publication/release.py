"""Publishing a site in one atomic step, so that there is never a moment with no site or a mixed one.

``_build/site`` is a symbolic link to a complete release folder, ``_build/releases/site-<id>/``.
A build assembles the next release under a temporary name (``releases/.new-site-<id>``), renames
it to its final name once complete, makes a new link under a temporary name and renames that
link over ``_build/site`` (``os.replace``: one rename, atomic). Readers and servers that opened
the old release keep reading it; the next request sees the new one. The previous release is
kept (for a quick look back); older ones are pruned.

A ``_build/site`` that is still a real folder (from a build before releases) is swapped for the
link with an atomic exchange (Linux ``renameat2(RENAME_EXCHANGE)``) and kept as the previous
release.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime
import json
import os
import shutil
from pathlib import Path

from ctdc_story.meta import settings
from ctdc_story.meta.console import fault_point, log, sync_folder
from ctdc_story.publication import manifest

KEEP = 2  # the current release and the previous one
NEW = ".new-"


def releases(site: Path) -> Path:
    return site.parent / "releases"


def _prefix(site: Path) -> str:
    return f"{site.name}-"


def current(site: Path) -> Path | None:
    """The folder readers get at ``site`` (a release, or the real folder of an older build), if any."""
    if site.is_symlink():
        target = site.resolve()
        return target if target.is_dir() else None
    return site if site.is_dir() else None


def describe(site: Path) -> str:
    """What is published at ``site`` now, in a sentence for the end of a failed command."""
    folder = current(site)
    if folder is None:
        return f"There is no site yet at {site} (no build has published one)."
    count = edition = "?"
    with contextlib.suppress(OSError, ValueError, KeyError):
        listed = json.loads((folder / manifest.NAME).read_text())
        count, edition = str(len(listed["files"]) + 1), listed["edition"]
    what = f"the release {folder.name}" if folder != site else "the folder of an earlier build"
    return f"The previous site is unchanged: {site} is {what} ({count} files, edition of {edition})."


def new_release(site: Path) -> Path:
    """An empty folder for the next release, under a temporary name."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S.%f")
    fresh = releases(site) / f"{NEW}{_prefix(site)}{stamp}"
    fresh.mkdir(parents=True)
    return fresh


def publish(site: Path, fresh: Path) -> Path:
    """Make the complete folder ``fresh`` the site, in one rename; returns the release folder."""
    final = fresh.with_name(fresh.name.removeprefix(NEW))
    fresh.rename(final)
    link = site.with_name(f".{site.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(os.path.relpath(final, site.parent))
    fault_point("site-swap")
    if site.is_dir() and not site.is_symlink():
        _migrate(site, link)
    else:
        os.replace(link, site)
    sync_folder(site.parent)
    prune(site)
    return final


def _migrate(site: Path, link: Path) -> None:
    """Replace the real folder ``site`` by ``link`` at once, and keep the folder as a release."""
    stamp = datetime.datetime.fromtimestamp(site.stat().st_mtime, datetime.UTC).strftime("%Y%m%d-%H%M%S.%f")
    kept = releases(site) / f"{_prefix(site)}{stamp}"
    if exchange(link, site):  # link is now the old folder, site the new link
        fault_point("site-swap")
        link.rename(kept)
    else:  # no atomic exchange here: a moment without a site, once, on the first build with releases
        site.rename(kept)
        os.replace(link, site)
    log(f"{site} is now a link to a release folder; the earlier folder is kept as {kept.name}")


def exchange(a: Path, b: Path) -> bool:
    """Swap two names at once (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


def prune(site: Path) -> None:
    """Keep the current release and the newest one before it; remove every other release."""
    folder = releases(site)
    if not folder.is_dir():
        return
    live = current(site)
    ours = sorted(p for p in folder.iterdir() if p.name.startswith(_prefix(site)) and p.is_dir())
    keep: set[Path] = set()
    if live is not None and live.parent == folder.resolve():  # (a real folder of an older build keeps none)
        keep.add(live)
        older = [p for p in ours if p.name < live.name]  # a newer one was never published
        if older:
            keep.add(older[-1])
    for release in ours:
        if release not in keep:
            shutil.rmtree(release, ignore_errors=True)


def clean_leftovers(site: Path) -> None:
    """What a build killed before it could clean up left behind: unfinished releases, links and
    folders under temporary names, temporary files of atomic writes and cache entries, browser
    profiles and kernel sockets. Called by every command under the build lock, so nothing here
    belongs to a running build."""
    build = settings.BUILD
    found: list[Path] = []
    folder = releases(site)
    if folder.is_dir():
        found += [p for p in folder.iterdir() if p.name.startswith(NEW)]
    found += list(site.parent.glob(f".{site.name}.link-*"))
    found += [site.with_name(site.name + s) for s in (".new", ".old", ".briefs-new")]
    found += [build / "tmp", build / "kernels", build / "briefs-html"]
    cache = build / "cache"
    if cache.is_dir():
        found += [p for p in cache.rglob(".*.tmp")]
        found += [p for p in (cache / "briefs").glob(".tmp-*")]
    found += list(build.glob(".paused-*"))
    for path in found:
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    unfinished = [p for p in found if p.parent == folder or p.name.startswith(f".{site.name}.link-")]
    if unfinished:
        log(f"removed what an interrupted build left: {', '.join(p.name for p in unfinished)}")
    prune(site)


def copy_release(source: Path, target: Path) -> None:
    """Fill ``target`` with the files of ``source`` by hard links (releases are never written in
    place: every write replaces a file by a rename), or copies where links cannot be made."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)
