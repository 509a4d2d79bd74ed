"""Executing a notebook in one edition's kernel, with its outputs cached per edition.

The cache key covers everything a notebook can read: its code, the data, the edition's code
catalog, the list of figures it is given, and every file of the layers notebooks import (all of
the package but build/ and tools/, which the import test keeps out of their reach).
"""

from __future__ import annotations

import atexit
import os
import sys
import time
from pathlib import Path

from ctdc_story.build.sources import translated_markdown
from ctdc_story.data import loader
from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError, digest, log, run_async, write_atomic
from ctdc_story.presentation import charts
from ctdc_story.publication import downloads
from ctdc_story.text import edition, i18n

ROOT = settings.ROOT
BUILD = settings.BUILD
PACKAGE = ROOT / "ctdc_story"
# Layers no notebook imports (tests/unit/test_layers.py): editing them keeps the cached outputs.
NOT_READ_BY_NOTEBOOKS = ("build", "tools")


def package_files(skip: tuple[str, ...] = ()) -> list[Path]:
    """Every file of the package (code, registry, templates), less the subpackages in ``skip``."""
    return sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.relative_to(PACKAGE).parts[0] not in skip
    )


def package_digest() -> str:
    """Changes whenever a file that notebooks can import or read changes."""
    files = package_files(skip=NOT_READ_BY_NOTEBOOKS)
    return digest(*(str(f.relative_to(PACKAGE)) for f in files), *(f.read_bytes() for f in files))


def executed_notebook(
    path: Path, lang: str, dataset: loader.Dataset, translations: dict, figures: list[dict], listing: Path | None = None
) -> str:
    """The notebook with translated markdown and outputs from a run in ``lang`` (cached).

    The payloads of its figures are appended to ``figures`` and removed from the page. A page
    given a ``listing`` (the edition's figures) reads it from CTDC_FIGURES.
    """
    import nbformat

    notebook = read_notebook(path)
    executed = cached_run(notebook, path, lang, dataset, listing)
    rel = path.relative_to(ROOT)
    code_cells = iter([c for c in executed.cells if c.cell_type == "code"])
    for cell in notebook.cells:
        if cell.cell_type == "code":
            take_outputs(cell, next(code_cells), rel, figures)
        elif cell.cell_type == "markdown":
            cell.source = translated_markdown(cell.source, translations, path, lang)
    notebook.metadata.pop("jupytext", None)
    return nbformat.writes(notebook) + "\n"


def read_notebook(path: Path):
    """The notebook of a MyST source, with stable cell ids (identical inputs, identical files)."""
    import jupytext

    notebook = jupytext.read(path)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    if not any(c.cell_type == "code" for c in notebook.cells):
        raise BuildError(f"{path.relative_to(ROOT)} has no code cells: is its jupytext front matter missing?")
    return notebook


def cache_key(notebook, lang: str, dataset: loader.Dataset, listing: Path | None) -> str:
    """Changes whenever anything the notebook's run can read changes (see the module's docstring)."""
    return digest(
        lang,
        dataset.sha256,
        package_digest(),
        *(c.source for c in notebook.cells if c.cell_type == "code"),
        _file_bytes(i18n.catalog_path(lang, "code")),
        _file_bytes(listing) if listing else b"",
    )


CACHE_META = "ctdc_cache"  # the executed notebook's own record of its key, checked when it is read


def cached_run(notebook, path: Path, lang: str, dataset: loader.Dataset, listing: Path | None):
    """The executed notebook: from the edition's cache, or run and cached in place of older runs."""
    key = cache_key(notebook, lang, dataset, listing)
    cache = BUILD / "cache" / lang / f"{path.stem}-{key}.ipynb"
    rel = path.relative_to(ROOT)
    executed = read_cached(cache, key, notebook)
    if executed is not None:
        log(f"{lang} · {rel} · outputs from cache")
        return executed
    started = time.monotonic()
    executed = run_notebook(notebook, lang, dataset, rel, listing)
    write_cached(cache, key, executed)
    log(f"{lang} · {rel} · executed in {time.monotonic() - started:.1f}s")
    return executed


def read_cached(cache: Path, key: str, notebook):
    """The cached run, or None (a miss) when there is none or it is not whole: empty, cut short,
    not a notebook, another key, or not one run of each code cell. A bad file is removed."""
    import nbformat

    if not cache.exists():
        return None
    try:
        executed = nbformat.reads(cache.read_text(encoding="utf-8"), as_version=4)
        ran = [c for c in executed.cells if c.cell_type == "code"]
        whole = executed.metadata.get(CACHE_META, {}).get("key") == key and len(ran) == sum(
            1 for c in notebook.cells if c.cell_type == "code"
        )
    except Exception:  # nbformat raises many kinds (NotJSONError, ValidationError, …): all mean a miss
        whole = False
    if not whole:
        log(f"{cache.relative_to(BUILD)} is not a whole cached run (an interrupted build?): removed, running again")
        cache.unlink(missing_ok=True)
        return None
    return executed


def write_cached(cache: Path, key: str, executed) -> None:
    """Write the run atomically with its key, then remove the notebook's older runs."""
    import nbformat

    executed.metadata[CACHE_META] = {"key": key}
    write_atomic(cache, nbformat.writes(executed), point="notebook-cache-write")
    stem = cache.name.rsplit("-", 1)[0]
    for old in cache.parent.glob(f"{stem}-*.ipynb"):
        if old != cache:
            old.unlink(missing_ok=True)


def take_outputs(cell, ran, rel: Path, figures: list[dict]) -> None:
    """Give a code cell the outputs of its run, moving its figures' payloads to ``figures``."""
    cell.outputs, cell.execution_count = ran.outputs, ran.execution_count
    figures.extend(take_figures(cell.outputs, rel, figures))


def take_figures(outputs: list, rel: Path, known: list[dict]) -> list[dict]:
    """The figure payloads among a cell's outputs, removed from them (the page needs only the HTML)."""
    found: list[dict] = []
    for output in outputs:
        payload = output.get("data", {}).pop(charts.FIGURE_MIME, None)
        if payload is None:
            continue
        if any(f["key"] == payload["key"] for f in known + found):
            raise BuildError(
                f"{rel}: a second figure has the key {payload['key']!r}; figure keys name files and must be unique"
            )
        payload["page"] = str(rel)  # where the figure is drawn: glued shares link to it (build/numbers.py)
        found.append(payload)
    return found


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


# Where a kernel starts, it enters the edition its environment names (edition.start_kernel).
KERNEL_START = "--IPKernelApp.exec_lines=['import ctdc_story.text.edition; ctdc_story.text.edition.start_kernel()']"


def run_notebook(notebook, lang: str, dataset: loader.Dataset, rel: Path, listing: Path | None = None):
    import copy

    from jupyter_client import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # The kernel is a process of its own: its environment names the edition, the data and, for a
    # page that lists the figures, their list. CTDC_SITE_BUILD: figures link to the CSV and
    # pages the build writes next to them.
    env = {k: v for k, v in os.environ.items() if k != downloads.FIGURES_ENV}
    env.update(
        edition.kernel_environment(lang),
        CTDC_DATA=str(dataset.path),
        CTDC_SITE_BUILD="1",
        PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    )
    if listing:
        env[downloads.FIGURES_ENV] = str(listing)
    # IPC keeps the kernel off the network (and its logs free of TCP warnings). The async manager
    # keeps every step of the kernel's start and run on run_async's loop, which a SIGTERM cancels
    # (the sync one would run them on a thread of jupyter_core's that no cancellation reaches).
    manager = AsyncKernelManager(
        kernel_name="python3", transport="ipc", ip=str(BUILD / "kernels" / f"{lang}-{os.getpid()}")
    )
    client = NotebookClient(
        copy.deepcopy(notebook),
        timeout=600,
        km=manager,
        record_timing=False,
        extra_arguments=[KERNEL_START],
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    (BUILD / "kernels").mkdir(parents=True, exist_ok=True)

    async def execute():
        try:
            return await client.async_execute(env=env)
        finally:  # on success, failure or SIGTERM (a cancellation at the step it was at)
            atexit.unregister(client._cleanup_kernel)  # nbclient's, left if the kernel never started
            if client.kc is not None:
                client.kc.stop_channels()
            if manager.has_kernel:
                await manager.shutdown_kernel(now=True)

    try:
        return run_async(execute())
    except CellExecutionError as err:
        if err.ename == "ClaimError":  # a sentence the data no longer support: the claim says which
            raise BuildError(f"{rel} ({lang} edition): {err.evalue}") from None
        raise BuildError(f"{rel} failed in the {lang} edition:\n{err}") from None
