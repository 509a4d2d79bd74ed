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

from . import charts, downloads, i18n, loader, prose, settings

ROOT = settings.ROOT
BUILD = settings.BUILD
STARTED = time.monotonic()


class BuildError(RuntimeError):
    """A step failed; the message says which and why."""


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Write only when the content differs, so that Sphinx rebuilds only what changed."""
    data = content.encode() if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


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
    manifest = BUILD / "figures" / f"{lang}.json"
    write_if_changed(manifest, downloads.manifest(figures))
    for path in late:
        put(str(path.relative_to(ROOT).with_suffix(".ipynb")),
            executed_notebook(path, lang, dataset, translations, [], manifest))
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
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    for part in toc.get("parts", []):
        part["caption"] = i18n.translate(part["caption"], lang)
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False)


PLOTLY_BUNDLE = ROOT / "node_modules" / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"


def plotly_js() -> bytes:
    """plotly.js with the cartesian traces only (bar, heatmap): a third of the full bundle.

    Installed from npm (package.json) at the version plotly.py ships, so that the figures'
    JSON and the library agree.
    """
    import plotly

    if not PLOTLY_BUNDLE.exists():
        raise BuildError(f"{PLOTLY_BUNDLE.relative_to(ROOT)} is missing: run `npm ci` (make book does)")
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    bundle = PLOTLY_BUNDLE.read_bytes()
    wanted = re.search(r"plotly\.js v([\d.]+)", full[:300]).group(1)
    if not re.search(rb"plotly\.js (\([^)]*\) )?v" + wanted.encode() + rb"\b", bundle[:300]):
        raise BuildError(f"{PLOTLY_BUNDLE.name} is not plotly.js v{wanted}, the version plotly.py {plotly.__version__} "
                         "draws for: update package.json")
    return bundle


def edition_config(lang: str, dataset: loader.Dataset) -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
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
        "ctdc_languages": [{"code": code, "name": name} for code, name in LANGUAGE_NAMES.items()],
        "ctdc_direction": i18n.DIRECTION[lang],
        "ctdc_data_sha256": dataset.sha256,
    })
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True)


LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}


def executed_notebook(path: Path, lang: str, dataset: loader.Dataset, translations: dict,
                      figures: list[dict], manifest: Path | None = None) -> str:
    """The notebook with translated markdown and outputs from a run in ``lang`` (cached).

    The payloads of its figures are appended to ``figures`` and removed from the page. A page
    given a ``manifest`` (the edition's figures) reads it from CTDC_FIGURES.
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
                 _file_bytes(i18n.catalog_path(lang, "code")), _file_bytes(manifest) if manifest else b"")
    cache = BUILD / "cache" / lang / f"{path.stem}-{key}.ipynb"
    rel = path.relative_to(ROOT)
    if cache.exists():
        executed = nbformat.read(cache, as_version=4)
        log(f"{lang} · {rel} · outputs from cache")
    else:
        started = time.monotonic()
        executed = run_notebook(notebook, lang, dataset, rel, manifest)
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


def run_notebook(notebook, lang: str, dataset: loader.Dataset, rel: Path, manifest: Path | None = None):
    import copy

    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # CTDC_SITE_BUILD: figures link to the CSV and pages the build writes next to them.
    os.environ.update(CTDC_LANG=lang, CTDC_DATA=str(dataset.path), CTDC_SITE_BUILD="1")
    os.environ.pop(downloads.FIGURES_ENV, None)
    if manifest:
        os.environ[downloads.FIGURES_ENV] = str(manifest)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    # IPC keeps the kernel off the network (and its logs free of TCP warnings).
    manager = KernelManager(kernel_name="python3", transport="ipc",
                            ip=str(BUILD / "kernels" / f"{lang}-{os.getpid()}"))
    client = NotebookClient(copy.deepcopy(notebook), timeout=600, km=manager, record_timing=False,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    (BUILD / "kernels").mkdir(parents=True, exist_ok=True)
    try:
        return client.execute()
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
    changed (their code, template and policy text, catalogs, data, edition date)."""
    from . import briefs

    inputs = [*sorted((ROOT / "ctdc_story").glob("*.py")), *sorted((ROOT / "briefs").glob("*")),
              *sorted(settings.LOCALES.glob("*/LC_MESSAGES/code.po")),
              *sorted(settings.LOCALES.glob("*/LC_MESSAGES/prose.po")),  # the policy text (briefs/policy.md)
              PLOTLY_BUNDLE]
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


def write_manifest(site: Path, dataset: loader.Dataset | None) -> None:
    """manifest.json: the edition date, the dataset used, and the sha256 of every published file."""
    files = {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(site.rglob("*")) if p.is_file() and p != site / "manifest.json"}
    manifest = {
        "edition": settings.edition_date(),
        "dataset": {"file": dataset.path.name, "sha256": dataset.sha256,
                    "official_release": dataset.is_official_release} if dataset else None,
        "files": files,
    }
    (site / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


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
        write_manifest(fresh, dataset)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def chooser_page() -> str:
    links = "\n".join(
        f'<li><a href="{code}/index.html" lang="{code}" hreflang="{code}" dir="{i18n.DIRECTION[code]}">{name}</a></li>'
        for code, name in LANGUAGE_NAMES.items())
    alternates = "\n".join(f'<link rel="alternate" hreflang="{c}" href="{c}/index.html">' for c in LANGUAGE_NAMES)
    titles = " · ".join(i18n.translate(_book_title(), c) for c in LANGUAGE_NAMES)
    return CHOOSER.format(links=links, alternates=alternates, titles=titles,
                          codes=", ".join(f'"{c}"' for c in LANGUAGE_NAMES))


def _book_title() -> str:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["title"]


CHOOSER = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{titles}</title>
{alternates}
<script>
(function () {{
  var editions = [{codes}];
  var wanted = [];
  try {{ if (localStorage.getItem("ctdc-lang")) wanted.push(localStorage.getItem("ctdc-lang")); }} catch (e) {{}}
  wanted = wanted.concat(navigator.languages || [navigator.language || "en"]);
  for (var i = 0; i < wanted.length; i++) {{
    var code = String(wanted[i]).slice(0, 2).toLowerCase();
    if (editions.indexOf(code) >= 0) {{ window.location.replace(code + "/index.html"); return; }}
  }}
}})();
</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }}
a {{ color: #005a9c; font-size: 1.25rem; }} li {{ margin: .75rem 0; }}
</style>
</head>
<body>
<h1>{titles}</h1>
<ul>
{links}
</ul>
</body>
</html>
"""


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
    # Run the package's module rather than this __main__ copy, so that the briefs, which import
    # ctdc_story.build, share its clock (log) and its BuildError.
    from ctdc_story import build as _build

    sys.exit(_build.main())
