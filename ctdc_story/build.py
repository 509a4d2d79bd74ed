"""Build the English, French and Arabic editions into one static site.

    python -m ctdc_story.build [--lang fr] [--site _build/site]

Each edition is staged (prose translated from the catalogs), its notebooks are
executed with CTDC_LANG set and cached per language, and Sphinx renders it into
its own folder. The site is assembled in a temporary folder and replaces the
previous one only when every step has succeeded.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import yaml

from . import charts, downloads, edition, i18n, loader, manifest, project, prose, settings
from .assets import PLOTLY_BUNDLE, plotly_js
from .console import BuildError, log, write_if_changed
from .templating import render

ROOT = settings.ROOT
BUILD = settings.BUILD
def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


# Modules that run the build, not the notebooks: editing them keeps the cached outputs.
BUILD_ONLY = {"build.py", "catalogs.py", "audit.py", "bench.py", "fetch.py", "sphinx_ext.py", "briefs.py"}


def package_digest() -> str:
    """Changes whenever code that shapes notebook outputs changes."""
    files = sorted(p for p in (ROOT / "ctdc_story").glob("*.py") if p.name not in BUILD_ONLY)
    return digest(*(f.read_bytes() for f in files))


# --- staging -----------------------------------------------------------------

def stage(lang: str, dataset: loader.Dataset) -> tuple[Path, list[dict]]:
    """Write the edition's sources (translated prose, executed notebooks) to _build/stage/<lang>.

    Returns the folder and the payloads of the edition's figures. Pages whose front matter says
    ``ctdc: {book: false}`` (the interactive explorer) are left out; pages that list the figures
    (``ctdc: {needs_figures: true}``, the Embed page) run last, with the list in CTDC_FIGURES.
    """
    target = BUILD / "stage" / lang
    expected: set[Path] = set()
    translations = i18n.catalog(lang, "prose")
    figures: list[dict] = []
    late: list[Path] = []

    def put(rel: str, content: str | bytes) -> None:
        expected.add(target / rel)
        write_if_changed(target / rel, content)

    put("_config.yml", edition_config(lang, dataset))
    put("_toc.yml", edition_toc(lang))
    for domain in ("sphinx", "booktheme"):
        put(f"_locale/{lang}/LC_MESSAGES/{domain}.mo", compiled_theme_catalog(lang))
    put("book/_static/plotly.min.js", plotly_js())
    for path in sorted([*(ROOT / "book").rglob("*"), *(ROOT / "notebooks").glob("*.md")]):
        if not path.is_file():
            continue
        rel = path.relative_to(ROOT)
        options = page_options(path)
        if options.get("book") is False:
            continue
        if options.get("needs_figures"):
            late.append(path)
        elif is_notebook(path):
            put(str(rel.with_suffix(".ipynb")), executed_notebook(path, lang, dataset, translations, figures))
        elif path.suffix == ".md":
            put(str(rel), retarget_links(prose.translate(path.read_text(), translations)[0], path))
        else:
            put(str(rel), path.read_bytes())
    listing = BUILD / "figures" / f"{lang}.json"
    write_if_changed(listing, downloads.manifest(figures))
    for path in late:
        put(str(path.relative_to(ROOT).with_suffix(".ipynb")),
            executed_notebook(path, lang, dataset, translations, [], listing))
    for stale in [p for p in target.rglob("*") if p.is_file() and p not in expected]:
        stale.unlink()
    return target, figures


def theme_strings(lang: str) -> dict[str, str]:
    return i18n.catalog(lang, "theme")


def compiled_theme_catalog(lang: str) -> bytes:
    """theme.po as a .mo file, for both the Sphinx/pydata and the book theme's catalogs."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale=lang, domain="theme")
    for message, translation in sorted(theme_strings(lang).items()):
        catalog.add(message, translation)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def page_options(path: Path) -> dict:
    """The ``ctdc:`` entry of a MyST page's front matter (empty when there is none)."""
    text = path.read_text() if path.suffix == ".md" else ""
    if not text.startswith("---"):
        return {}
    head = text.split("\n---", 1)[0].removeprefix("---")
    return (yaml.safe_load(head) or {}).get("ctdc") or {}


def is_notebook(path: Path) -> bool:
    """A MyST page is executed when its front matter declares jupytext."""
    if path.suffix != ".md":
        return False
    head = path.read_text().split("\n---", 1)[0]
    return head.startswith("---") and "jupytext:" in head


LINK = re.compile(r"\]\(([^)#]+)\.md(#[^)]*)?\)")


def retarget_links(text: str, source: Path) -> str:
    """Links to a notebook's .md source point at the .ipynb the edition is built from."""
    def fix(match: re.Match) -> str:
        target = (source.parent / (match.group(1) + ".md")).resolve()
        suffix = ".ipynb" if target.exists() and is_notebook(target) else ".md"
        return f"]({match.group(1)}{suffix}{match.group(2) or ''})"
    return LINK.sub(fix, text)


def edition_toc(lang: str) -> str:
    """The table of contents with its part captions translated."""
    toc = project.toc()
    for part in toc.get("parts", []):
        part["caption"] = i18n.translate(part["caption"], lang)
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False)


def edition_config(lang: str, dataset: loader.Dataset) -> str:
    config = project.config()
    config["title"] = i18n.translate(config["title"], lang)
    # Each edition lives under <baseurl><lang>/: its canonical addresses say so.
    config["html"]["baseurl"] = config["html"]["baseurl"].rstrip("/") + f"/{lang}/"
    config["sphinx"]["recursive_update"] = True  # merge, do not replace, jupyter-book's theme options
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = lang
    # The theme's interface strings come from locales/<lang>/LC_MESSAGES/theme.po, compiled at staging.
    sphinx["locale_dirs"] = ["_locale"]
    sphinx.setdefault("html_theme_options", {})["search_bar_text"] = theme_strings(lang).get(
        "Search this book...", "Search this book...")
    config["sphinx"].setdefault("extra_extensions", []).append("ctdc_story.sphinx_ext")
    sphinx.setdefault("html_context", {}).update({
        "ctdc_languages": [{"code": code, "name": name} for code, name in edition.NAMES.items()],
        "ctdc_direction": i18n.DIRECTION[lang],
        "ctdc_data_sha256": dataset.sha256,
    })
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True)


def executed_notebook(path: Path, lang: str, dataset: loader.Dataset, translations: dict,
                      figures: list[dict], listing: Path | None = None) -> str:
    """The notebook with translated markdown and outputs from a run in ``lang`` (cached).

    The payloads of its figures are appended to ``figures`` and removed from the page. A page
    given a ``listing`` (the edition's figures) reads it from CTDC_FIGURES.
    """
    import jupytext
    import nbformat

    notebook = jupytext.read(path)
    for index, cell in enumerate(notebook.cells):  # stable ids: identical inputs, identical files
        cell.id = f"cell-{index}"
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    if not code:
        raise BuildError(f"{path.relative_to(ROOT)} has no code cells: is its jupytext front matter missing?")
    key = digest(lang, dataset.sha256, package_digest(), *code,
                 _file_bytes(i18n.catalog_path(lang, "code")), _file_bytes(listing) if listing else b"")
    cache = BUILD / "cache" / lang / f"{path.stem}-{key}.ipynb"
    rel = path.relative_to(ROOT)
    if cache.exists():
        executed = nbformat.read(cache, as_version=4)
        log(f"{lang} · {rel} · outputs from cache")
    else:
        started = time.monotonic()
        executed = run_notebook(notebook, lang, dataset, rel, listing)
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob(f"{path.stem}-*.ipynb"):
            old.unlink()
        nbformat.write(executed, cache)
        log(f"{lang} · {rel} · executed in {time.monotonic() - started:.1f}s")
    outputs = iter([c for c in executed.cells if c.cell_type == "code"])
    for cell in notebook.cells:
        if cell.cell_type == "code":
            ran = next(outputs)
            cell.outputs, cell.execution_count = ran.outputs, ran.execution_count
            figures.extend(take_figures(cell.outputs, rel, figures))
        elif cell.cell_type == "markdown":
            cell.source = retarget_links(prose.translate(cell.source, translations)[0], path)
    notebook.metadata.pop("jupytext", None)
    return nbformat.writes(notebook) + "\n"


def take_figures(outputs: list, rel: Path, known: list[dict]) -> list[dict]:
    """The figure payloads among a cell's outputs, removed from them (the page needs only the HTML)."""
    found = []
    for output in outputs:
        payload = output.get("data", {}).pop(charts.FIGURE_MIME, None)
        if payload is None:
            continue
        if any(f["key"] == payload["key"] for f in known + found):
            raise BuildError(f"{rel}: a second figure has the key {payload['key']!r}; figure keys name files and must be unique")
        found.append(payload)
    return found


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


# Where a kernel starts, it enters the edition its environment names (edition.start_kernel).
KERNEL_START = "--IPKernelApp.exec_lines=['import ctdc_story.edition; ctdc_story.edition.start_kernel()']"


def run_notebook(notebook, lang: str, dataset: loader.Dataset, rel: Path, listing: Path | None = None):
    import copy

    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # The kernel is a process of its own: its environment names the edition, the data and, for a
    # page that lists the figures, their list. CTDC_SITE_BUILD: figures link to the CSV and
    # pages the build writes next to them.
    env = {k: v for k, v in os.environ.items() if k != downloads.FIGURES_ENV}
    env.update(edition.kernel_environment(lang), CTDC_DATA=str(dataset.path), CTDC_SITE_BUILD="1",
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    if listing:
        env[downloads.FIGURES_ENV] = str(listing)
    # IPC keeps the kernel off the network (and its logs free of TCP warnings).
    manager = KernelManager(kernel_name="python3", transport="ipc",
                            ip=str(BUILD / "kernels" / f"{lang}-{os.getpid()}"))
    client = NotebookClient(copy.deepcopy(notebook), timeout=600, km=manager, record_timing=False,
                            extra_arguments=[KERNEL_START],
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    (BUILD / "kernels").mkdir(parents=True, exist_ok=True)
    try:
        return client.execute(env=env)
    except CellExecutionError as err:
        raise BuildError(f"{rel} failed in the {lang} edition:\n{err}") from None
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)


# --- rendering and assembly --------------------------------------------------

class Render:
    """Sphinx (through jupyter-book) on a staged edition, in the background; warnings are errors.

    Rendering one edition overlaps with executing the next one's notebooks.
    """

    def __init__(self, lang: str, source: Path):
        self.lang, self.out = lang, BUILD / "html" / lang
        self.log_file = BUILD / "logs" / f"{lang}.log"
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
                   "--path-output", str(self.out), "--builder", "html", "-W", "--keep-going",
                   # Render every page afresh (notebook outputs are cached above, so this costs
                   # seconds): incremental Sphinx keeps stale asset links.
                   "--all"]
        shutil.rmtree(self.out, ignore_errors=True)  # Sphinx merges into an old search index
        self.started = time.monotonic()
        with self.log_file.open("w") as fh:
            self.process = subprocess.Popen(command, stdout=fh, stderr=subprocess.STDOUT, cwd=source)

    def wait(self) -> Path:
        if self.process.wait() != 0:
            lines = self.log_file.read_text().splitlines()
            problems = [l for l in lines if "WARNING" in l or "ERROR" in l or "Error" in l] or lines[-40:]
            raise BuildError(f"Sphinx failed for the {self.lang} edition (full log: {self.log_file}):\n"
                             + "\n".join(problems))
        log(f"{self.lang} · rendered HTML in {time.monotonic() - self.started:.1f}s")
        return self.out / "_build" / "html"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()


def add_briefs(dataset: loader.Dataset, languages: list[str], site: Path) -> None:
    """Print the briefs into the new site, or reuse the last print when nothing they show has
    changed (their code, template, catalogs, data, edition date): prose edits cost no reprint."""
    from . import briefs

    inputs = [*sorted((ROOT / "ctdc_story").glob("*.py")), *sorted((ROOT / "briefs").glob("*")),
              *sorted(settings.LOCALES.glob("*/LC_MESSAGES/code.po")), PLOTLY_BUNDLE]
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


def assemble(editions: dict[str, Path], site: Path, dataset: loader.Dataset | None = None,
             complete: Callable[[Path], None] | None = None) -> None:
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
    return render("chooser.html", editions=editions, codes=json.dumps(list(edition.NAMES)),
                  titles=" · ".join(i18n.translate(_book_title(), c) for c in edition.NAMES))


def _book_title() -> str:
    return project.title()


# --- entry point -------------------------------------------------------------

def build(languages: list[str], site: Path) -> None:
    log(f"reading the dataset {settings.data_path()}")
    dataset = loader.load()
    if dataset.is_official_release:
        log(f"dataset: CTDC release of {settings.DATA_RELEASE} ({len(dataset):,} records, sha256 matches)")
    else:
        log(f"NOTICE: {dataset.path} is not the CTDC release of {settings.DATA_RELEASE} "
            f"(sha256 {dataset.sha256}); it is valid and the editions will say which file they use")
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
    parser.add_argument("--lang", action="append", choices=settings.LANGUAGES,
                        help="build only this edition (repeatable); default: all three")
    parser.add_argument("--site", type=Path, default=BUILD / "site", help="where the site goes")
    args = parser.parse_args(argv)
    try:
        build(args.lang or list(settings.LANGUAGES), args.site.resolve())
    except (loader.DatasetError, BuildError) as err:
        print(f"\nBUILD FAILED: {err}\nThe previous site, if any, is unchanged.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
