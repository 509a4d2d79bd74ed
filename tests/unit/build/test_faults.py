"""The build's defences against faults, one by one and fast: atomic writes, cache entries checked
when read, the site published in one step, the lock, and failures told as messages.
(tests/faults/ runs the same faults on real builds.)"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import nbformat
import pytest

from ctdc_story.build import assemble, cli, execute
from ctdc_story.meta import console, settings
from ctdc_story.publication import briefs, release
from ctdc_story.tools import audit
from ctdc_story.tools.findings import Finding

PDF = b"%PDF-1.7\n" + b"x" * 200 + b"\n%%EOF\n"


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CTDC_BUILD_DIR": str(tmp_path / "build"), **env},
    )


# --- atomic writes --------------------------------------------------------------------------


def test_a_published_file_is_readable_by_others_as_the_umask_allows(tmp_path):
    """A web server reads the site as another user: a file is not left at mkstemp's 0600."""
    previous = os.umask(0o022)
    try:
        console.write_atomic(tmp_path / "page.html", "<p>text</p>")
        console.write_atomic(tmp_path / "page.html", "<p>new text</p>")
    finally:
        os.umask(previous)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o644


def test_a_write_killed_halfway_leaves_the_old_file(tmp_path):
    target = tmp_path / "cache.ipynb"
    target.write_text("the old run")
    done = run_python(
        f"""
        from pathlib import Path
        from ctdc_story.meta.console import write_atomic
        write_atomic(Path({str(target)!r}), "x" * 100_000, point="notebook-cache-write")
        """,
        tmp_path,
        CTDC_CRASH_AT="notebook-cache-write",
    )
    assert done.returncode == -signal.SIGKILL
    assert target.read_text() == "the old run"
    (leftover,) = tmp_path.glob(".cache.ipynb.*.tmp")
    assert 0 < leftover.stat().st_size < 100_000  # the crash really hit halfway


def test_a_full_disk_during_a_write_leaves_neither_half_a_file_nor_a_temporary(tmp_path, monkeypatch):
    target = tmp_path / "brief.pdf"
    monkeypatch.setenv("CTDC_FAIL_AT", "brief-print:ENOSPC")
    with pytest.raises(OSError) as raised:
        console.write_atomic(target, PDF, point="brief-print")
    assert raised.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


# --- the notebook cache ---------------------------------------------------------------------


def notebook(code_cells: int = 2):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# t")] + [nbformat.v4.new_code_cell("1") for _ in range(code_cells)]
    return nb


@pytest.mark.parametrize(
    "content",
    [b"", b'{"cells": [', b"not json", b'{"nbformat": 4}'],
    ids=["empty", "truncated", "not-json", "not-a-notebook"],
)
def test_a_broken_notebook_cache_file_is_a_miss_and_is_removed(tmp_path, monkeypatch, content):
    """The reported bug: an empty cache file made every later build fail with NotJSONError."""
    monkeypatch.setattr(execute, "BUILD", tmp_path)
    cache = tmp_path / "cache" / "en" / "01_x-abc.ipynb"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    assert execute.read_cached(cache, "abc", notebook()) is None
    assert not cache.exists()


def test_a_cached_run_is_used_only_with_its_key_and_a_run_of_every_cell(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "BUILD", tmp_path)
    cache = tmp_path / "cache" / "en" / "01_x-abc.ipynb"
    older = cache.with_name("01_x-old.ipynb")
    older.parent.mkdir(parents=True)
    older.write_text("{}")
    execute.write_cached(cache, "abc", notebook())
    assert not older.exists()
    assert execute.read_cached(cache, "abc", notebook()) is not None
    assert execute.read_cached(cache, "abc", notebook(code_cells=3)) is None  # mismatched: a miss
    execute.write_cached(cache, "abc", notebook())
    assert execute.read_cached(cache, "other", notebook()) is None


# --- the brief cache ------------------------------------------------------------------------


def fake_print(site: Path, languages: list[str], broken: str | None = None) -> None:
    for rel in assemble.brief_files(languages):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"" if rel == broken else PDF if rel.endswith(".pdf") else b"{}")


class Dataset:
    sha256 = "0" * 64


@pytest.fixture
def printing(tmp_path, monkeypatch):
    """add_briefs with a fake printer that counts its calls, and its cache in tmp_path."""
    monkeypatch.setattr(assemble, "BUILD", tmp_path / "build")
    monkeypatch.setattr(assemble, "brief_key", lambda dataset, languages: "k" * 16)
    calls = []

    def make(dataset, languages, site):
        calls.append(site)
        fake_print(site, languages)

    monkeypatch.setattr(briefs, "make", make)
    return calls


def test_printed_briefs_are_cached_with_a_manifest_and_restored_whole(tmp_path, printing):
    first, second = tmp_path / "r1", tmp_path / "r2"
    assemble.add_briefs(Dataset(), ["en"], first)
    entry = tmp_path / "build" / "cache" / "briefs" / ("k" * 16)
    listed = json.loads((entry / assemble.ENTRY_MANIFEST).read_text())
    assert sorted(listed["files"]) == sorted(assemble.brief_files(["en"]))
    assemble.add_briefs(Dataset(), ["en"], second)
    assert len(printing) == 1  # the second came from the cache
    assert sorted(p.name for p in (second / "en" / "briefs").iterdir()) == sorted(
        p.name for p in (first / "en" / "briefs").iterdir()
    )


@pytest.mark.parametrize("damage", ["no-manifest", "file-missing", "file-truncated", "file-emptied"])
def test_a_damaged_brief_cache_entry_is_a_miss_and_the_briefs_are_printed_again(tmp_path, printing, damage):
    """The reported bug: a build killed while copying into the cache left 11 of 14 PDFs, which the
    next build published as "briefs from cache"."""
    assemble.add_briefs(Dataset(), ["en"], tmp_path / "r1")
    entry = tmp_path / "build" / "cache" / "briefs" / ("k" * 16)
    pdfs = sorted((entry / "en" / "briefs").glob("*.pdf"))
    if damage == "no-manifest":
        (entry / assemble.ENTRY_MANIFEST).unlink()
    elif damage == "file-missing":
        for pdf in pdfs[11:]:
            pdf.unlink()
    elif damage == "file-truncated":
        pdfs[0].write_bytes(PDF[:50])
    else:
        pdfs[0].write_bytes(b"")
    assemble.add_briefs(Dataset(), ["en"], tmp_path / "r2")
    assert len(printing) == 2
    assemble.check_briefs(tmp_path / "r2", ["en"])
    assert assemble.read_entry(entry, "k" * 16, ["en"]) is not None  # stored again, whole


def test_briefs_cut_short_by_the_printer_are_never_cached(tmp_path, monkeypatch, printing):
    broken = assemble.brief_files(["en"])[3]
    monkeypatch.setattr(briefs, "make", lambda dataset, languages, site: fake_print(site, languages, broken))
    with pytest.raises(console.BuildError, match="missing, empty or cut short"):
        assemble.add_briefs(Dataset(), ["en"], tmp_path / "r1")
    assert not (tmp_path / "build" / "cache" / "briefs" / ("k" * 16)).exists()


# --- publishing in one step -----------------------------------------------------------------


def make_release(site: Path, text: str) -> Path:
    fresh = release.new_release(site)
    (fresh / "index.html").write_text(text)
    return release.publish(site, fresh)


def test_the_site_is_a_link_replaced_in_one_step_and_the_previous_release_is_kept(tmp_path):
    site = tmp_path / "site"
    first = make_release(site, "one")
    assert site.is_symlink() and (site / "index.html").read_text() == "one"
    assert not os.readlink(site).startswith("/")  # relative: the build folder can move
    second = make_release(site, "two")
    third = make_release(site, "three")
    assert (site / "index.html").read_text() == "three"
    assert release.current(site) == third
    assert not first.exists() and second.exists()  # the previous release is kept, older ones pruned
    assert "the release site-" in release.describe(site)


def test_a_site_folder_of_an_older_build_is_swapped_for_a_link_at_once(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old layout")
    make_release(site, "new")
    assert site.is_symlink() and (site / "index.html").read_text() == "new"
    (kept,) = [p for p in release.releases(site).iterdir() if p != release.current(site)]
    assert (kept / "index.html").read_text() == "old layout"


def test_a_build_killed_at_the_swap_leaves_the_previous_site_and_the_next_cleans_up(tmp_path, monkeypatch):
    site = tmp_path / "site"
    make_release(site, "previous")
    done = run_python(
        f"""
        from pathlib import Path
        from ctdc_story.publication import release
        site = Path({str(site)!r})
        fresh = release.new_release(site)
        (fresh / "index.html").write_text("next")
        release.publish(site, fresh)
        """,
        tmp_path,
        CTDC_CRASH_AT="site-swap",
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert (site / "index.html").read_text() == "previous"
    assert list(tmp_path.glob(".site.link-*"))
    monkeypatch.setattr(settings, "BUILD", tmp_path / "build")
    release.clean_leftovers(site)
    assert not list(tmp_path.glob(".site.link-*"))
    assert [p.name for p in release.releases(site).iterdir()] == [release.current(site).name]


def test_there_is_no_moment_without_a_site(tmp_path):
    """A reader polls the site while ten releases are published: every read finds a whole page."""
    site = tmp_path / "site"
    make_release(site, "0")
    seen, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                seen.append((site / "index.html").read_text())
            except OSError as err:
                seen.append(f"ERROR {err}")

    reader = threading.Thread(target=read)
    reader.start()
    for number in range(1, 11):
        make_release(site, str(number))
    stop.set()
    reader.join()
    assert seen and not [s for s in seen if s.startswith("ERROR")]


def test_describe_says_when_there_is_no_site(tmp_path):
    assert (
        release.describe(tmp_path / "site")
        == f"There is no site yet at {tmp_path / 'site'} (no build has published one)."
    )


# --- one build at a time --------------------------------------------------------------------

HOLD = """
import time
from pathlib import Path
from ctdc_story.meta.console import build_lock
with build_lock():
    Path({flag!r}).write_text("held")
    time.sleep({seconds})
"""


def test_a_second_build_waits_for_the_first_with_a_message(tmp_path, monkeypatch, capsys):
    flag = tmp_path / "held"
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(flag=str(flag), seconds=2)],
        env={**os.environ, "CTDC_BUILD_DIR": str(tmp_path / "build")},
    )
    while not flag.exists():
        time.sleep(0.05)
    started = time.monotonic()
    with console.build_lock(tmp_path / "build"):
        waited = time.monotonic() - started
    first.wait()
    assert waited > 0.5
    assert f"another build (pid {first.pid}) is running" in capsys.readouterr().out


def test_a_second_build_refuses_after_its_wait(tmp_path, monkeypatch):
    flag = tmp_path / "held"
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(flag=str(flag), seconds=30)],
        env={**os.environ, "CTDC_BUILD_DIR": str(tmp_path / "build")},
    )
    try:
        while not flag.exists():
            time.sleep(0.05)
        monkeypatch.setenv("CTDC_LOCK_WAIT", "0")
        with pytest.raises(console.BuildError, match=f"another build \\(pid {first.pid}\\) is running"):
            with console.build_lock(tmp_path / "build"):
                pass
    finally:
        first.kill()
        first.wait()
    with console.build_lock(tmp_path / "build"):  # a dead holder leaves no lock behind
        pass


# --- failures are messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (errno.ENOSPC, "the disk is full (writing {path}): free space on / "),
        (errno.EROFS, "{path} is on a read-only file system: make {folder} writable"),
        (errno.EACCES, "permission denied on {path}: make {folder} writable"),
    ],
)
def test_system_errors_are_messages(tmp_path, capsys, number, expected):
    path = tmp_path / "site" / "en" / "briefs" / "mli.pdf"

    def fail():
        raise OSError(number, os.strerror(number), str(path))

    status = console.run_command(fail, "BUILD", lambda: "The previous site is unchanged: …")
    err = capsys.readouterr().err
    assert status == 1
    message = expected.format(path=path, folder=tmp_path)
    if number == errno.ENOSPC:
        message = message.replace("free space on / ", f"free space on {console.mount_point(tmp_path)} ")
    assert f"BUILD FAILED: {message}" in err
    assert "run make book again" in err and "Traceback" not in err
    assert err.rstrip().endswith("The previous site is unchanged: …")


def test_sigterm_ends_in_a_message_after_the_cleanup(tmp_path):
    done = run_python(
        """
        import os, signal, sys
        from pathlib import Path
        from ctdc_story.meta.console import run_command
        mark = Path(os.environ["CTDC_BUILD_DIR"]) / "cleaned"
        def work():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                import time; time.sleep(10)
            finally:
                mark.parent.mkdir(parents=True, exist_ok=True)
                mark.write_text("yes")
        sys.exit(run_command(work, "BUILD", "The previous site is unchanged."))
        """,
        tmp_path,
    )
    assert done.returncode == 130
    assert "BUILD FAILED: interrupted (SIGTERM)" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "build" / "cleaned").read_text() == "yes"


@pytest.mark.parametrize("when", ["during-the-step", "after-the-step"])
def test_sigterm_in_an_event_loop_step_is_the_interruption(tmp_path, when):
    """The defect nbclient caused: a library on the loop calls loop.add_signal_handler(SIGTERM), its
    handler replaces the command's, the stop goes unseen (or the build dies by SIG_DFL afterwards).
    On run_async's loop the command's handler stays, cancels the step and its finally runs."""
    done = run_python(
        f"""
        import asyncio, os, signal, sys, time
        from pathlib import Path
        from ctdc_story.meta.console import run_async, run_command
        mark = Path(os.environ["CTDC_BUILD_DIR"]) / "cleaned"
        async def step():
            loop = asyncio.get_event_loop()
            try:  # what nbclient's async_setup_kernel does
                loop.add_signal_handler(signal.SIGTERM, lambda: print("the library's handler ran"))
            except RuntimeError:
                pass
            try:
                if {when!r} == "during-the-step":
                    os.kill(os.getpid(), signal.SIGTERM)
                    await asyncio.sleep(10)
            finally:
                await asyncio.sleep(0.1)  # a clean-up that awaits (a kernel's shutdown)
                mark.parent.mkdir(parents=True, exist_ok=True)
                mark.write_text("yes")
                try:  # and nbclient's last step: asyncio then leaves SIGTERM at SIG_DFL
                    loop.remove_signal_handler(signal.SIGTERM)
                except RuntimeError:
                    pass
        def work():
            run_async(step())
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(10)
        sys.exit(run_command(work, "BUILD", "The previous site is unchanged."))
        """,
        tmp_path,
    )
    assert done.returncode == 130, done.stderr
    assert "BUILD FAILED: interrupted (SIGTERM)" in done.stderr and "Traceback" not in done.stderr
    assert "the library's handler ran" not in done.stdout
    assert (tmp_path / "build" / "cleaned").read_text() == "yes"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_child_dies_with_the_command_even_by_sigkill(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import subprocess, time
                from ctdc_story.meta.console import child_options
                child = subprocess.Popen(["sleep", "60"], **child_options())
                open({str(pid_file)!r}, "w").write(str(child.pid))
                time.sleep(60)
                """
            ),
        ]
    )
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and parent.poll() is None
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_missing_chromium_is_found_before_any_notebook_runs(monkeypatch):
    monkeypatch.setattr(briefs.shutil, "which", lambda name: None)
    with pytest.raises(console.BuildError, match="Chromium prints the briefs: apt-get install chromium"):
        cli.check_tools()


def test_a_missing_plotly_bundle_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "PLOTLY_BUNDLE", settings.ROOT / "node_modules" / "missing" / "plotly.min.js")
    with pytest.raises(console.BuildError, match="the plotly.js bundle is missing .* run `npm ci`"):
        cli.check_tools()


def test_a_stale_npm_stamp_does_not_hide_a_missing_bundle(tmp_path):
    """make: with node_modules/.installed present but the bundle gone, the stamp is remade."""
    done = subprocess.run(
        ["make", "-n", "-W", "package.json", "node_modules/.installed", "NODE_BUNDLE=node_modules/absent.js"],
        cwd=settings.ROOT,
        capture_output=True,
        text=True,
    )
    assert "npm ci" in done.stdout
    present = subprocess.run(
        ["make", "-q", "node_modules/.installed"],
        cwd=settings.ROOT,
        capture_output=True,
        text=True,
    )
    gone = subprocess.run(
        ["make", "-q", "node_modules/.installed", "NODE_BUNDLE=node_modules/absent.js"],
        cwd=settings.ROOT,
        capture_output=True,
        text=True,
    )
    assert present.returncode == 0 and gone.returncode == 1


# --- the audit reads what it cannot read as a finding -----------------------------------------


@pytest.mark.parametrize("content", [b"", PDF[:40]], ids=["empty", "truncated"])
def test_the_audit_reports_an_unreadable_pdf_rather_than_crashing(tmp_path, content):
    pdf = tmp_path / "ar" / "briefs" / "mli.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(content)
    (found,) = audit.audit(tmp_path)
    assert isinstance(found, Finding) and found.rule == "unreadable file" and found.path == "ar/briefs/mli.pdf"


def test_make_briefs_publishes_a_new_release_and_leaves_the_current_one_alone(tmp_path, monkeypatch):
    """make briefs: the current release's files hard-linked into a new one, the briefs reprinted
    there, then one swap; the release readers had is untouched."""
    from ctdc_story.data import loader

    class Full(Dataset):
        path = Path("data.csv")
        is_official_release = True

    monkeypatch.setattr(settings, "BUILD", tmp_path / "build")
    monkeypatch.setattr(loader, "load", lambda: Full())
    monkeypatch.setattr(briefs, "make", lambda dataset, languages, site: fake_print(site, languages))
    site = tmp_path / "build" / "site"
    fresh = release.new_release(site)
    (fresh / "en").mkdir()
    (fresh / "en" / "index.html").write_text("page")
    (fresh / "en" / "briefs").mkdir()
    (fresh / "en" / "briefs" / "old.pdf").write_bytes(PDF)
    before = release.publish(site, fresh)
    assert briefs.main(["--site", str(site)]) == 0
    after = release.current(site)
    assert after != before and (before / "en" / "briefs" / "old.pdf").exists()
    assert sorted(p.name for p in (site / "en" / "briefs").iterdir()) == sorted(
        Path(rel).name for rel in assemble.brief_files(["en"])
    )
    assert (after / "en" / "index.html").stat().st_ino == (before / "en" / "index.html").stat().st_ino
    assert "en/briefs/mli.pdf" in json.loads((site / "manifest.json").read_text())["files"]


def test_what_reads_the_site_reads_it_through_the_link(tmp_path, monkeypatch):
    """The site tests' helpers, the audit and compare take _build/site as given: a link."""
    import support.site
    from ctdc_story.tools import compare

    site = tmp_path / "site"
    fresh = release.new_release(site)
    (fresh / "en" / "book").mkdir(parents=True)
    (fresh / "en" / "book" / "intro.html").write_text("<html><p>10 victims</p></html>")
    release.publish(site, fresh)
    monkeypatch.setattr(support.site, "SITE", site)
    (page,) = support.site.pages("en")
    assert support.site.name(page) == "en/book/intro.html"
    assert audit.audit(site) == []
    assert compare.compare(site, release.current(site)) == {}
