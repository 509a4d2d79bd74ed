"""Fault injection on real builds: each fault of issue 16, for real, on one edition.

The builds run as subprocesses in a temporary build folder (CTDC_BUILD_DIR) seeded with the warm
notebook cache of _build/cache, so notebooks come from the cache; the folder is a small tmpfs
when this machine lets the test mount one (the full-disk test then fills it for real), else a
plain folder (the full-disk test then uses the crash point CTDC_FAIL_AT=brief-print:ENOSPC).
The tests share that folder and run in order: the site each one leaves is the previous site of
the next. A build is killed with SIGKILL at a named crash point (CTDC_CRASH_AT), or held at one
(CTDC_PAUSE_AT) while the test acts: fills the disk, kills Chromium, sends SIGTERM, starts a
second build. After each fault: the previous site is intact or the new one is complete (every
file of manifest.json there with its sha256, every PDF whole), the next build succeeds with no
cleaning by hand, and the disclosure scanner finds nothing; the last test runs the whole audit.

    make faults      (part of make test, after make audit)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ctdc_story.meta import settings

pytestmark = pytest.mark.faults

TIMEOUT = 900


class World:
    """The shared build folder, and how to run, hold and inspect builds in it."""

    def __init__(self, root: Path):
        self.root = root
        self.build = root / "build"
        self.site = self.build / "site"
        self.tmpfs = False

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("CTDC_CRASH_AT", "CTDC_PAUSE_AT", "CTDC_FAIL_AT"))
        }
        env.update(CTDC_BUILD_DIR=str(self.build), CTDC_DATA=str(settings.data_path()), **extra)
        return env

    def start(self, out: Path | None = None, **extra: str) -> subprocess.Popen:
        out = out or self.root / f"build-{time.monotonic_ns()}.log"
        return subprocess.Popen(
            [sys.executable, "-m", "ctdc_story.build", "--lang", "en"],
            env=self.env(**extra),
            stdout=out.open("w"),
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, **extra: str) -> tuple[int, str]:
        out = self.root / f"build-{time.monotonic_ns()}.log"
        process = self.start(out, **extra)
        process.wait(timeout=TIMEOUT)
        return process.returncode, out.read_text()

    def ok(self, **extra: str) -> str:
        status, log = self.run(**extra)
        assert status == 0, log[-3000:]
        assert "Traceback" not in log
        return log

    def wait_paused(self, name: str, process: subprocess.Popen) -> Path:
        flag = self.build / f".paused-{name}"
        deadline = time.monotonic() + TIMEOUT
        while not flag.exists():
            assert process.poll() is None, f"the build ended (status {process.returncode}) before {name}"
            assert time.monotonic() < deadline
            time.sleep(0.1)
        return flag

    def release(self) -> str:
        return os.readlink(self.site)

    def forget_briefs(self) -> None:
        """A cold brief cache, so that the next build prints the briefs."""
        shutil.rmtree(self.build / "cache" / "briefs", ignore_errors=True)

    def check_site(self) -> None:
        """The site is whole: exactly the files its manifest lists, with their sha256; whole PDFs;
        every brief a page links to is there; and the disclosure scanner finds nothing."""
        from ctdc_story.tools import audit

        assert self.site.is_symlink() and self.site.is_dir()
        listed = json.loads((self.site / "manifest.json").read_text())["files"]
        found = {
            str(p.relative_to(self.site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in self.site.rglob("*")
            if p.is_file() and p.name != "manifest.json"
        }
        assert found == listed
        pdfs = sorted(self.site.glob("en/briefs/*.pdf"))
        assert len(pdfs) == 14
        for pdf in pdfs:
            data = pdf.read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf
        page = (self.site / "en" / "notebooks" / "05_compass.html").read_text()
        for pdf in pdfs:
            assert f"briefs/{pdf.name}" in page
        assert audit.audit(self.site) == []

    def no_leftovers(self) -> None:
        releases = self.build / "releases"
        assert not [p for p in releases.iterdir() if p.name.startswith(".new-")]
        assert not list(self.build.glob(".site.link-*"))
        assert not list(self.build.glob("tmp/browser-*"))
        assert len(list(releases.iterdir())) <= 2  # the site and the previous one


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def mount_tmpfs(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    return done.returncode == 0


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    if not settings.data_path().exists():
        pytest.fail(f"the fault tests build the site: set CTDC_DATA ({settings.data_path()} missing)")
    world = World(tmp_path_factory.mktemp("faults"))
    world.tmpfs = mount_tmpfs(world.build, "size=300m")
    warm = settings.BUILD / "cache"
    for part in ("en", "briefs"):
        if (warm / part).is_dir():
            shutil.copytree(warm / part, world.build / "cache" / part)
    started = time.monotonic()
    world.ok()
    print(f"\nfaults: first build in {time.monotonic() - started:.0f}s (tmpfs: {world.tmpfs})")
    world.check_site()
    yield world
    if world.tmpfs:
        subprocess.run(["umount", "-l", str(world.build)], check=False)


# --- the five faults of the issue -----------------------------------------------------------


def test_killed_while_printed_briefs_are_copied_into_the_cache(world):
    before = world.release()
    world.forget_briefs()
    status, log = world.run(CTDC_CRASH_AT="brief-cache-copy")
    assert status == -signal.SIGKILL, log[-2000:]
    assert world.release() == before
    world.check_site()
    log = world.ok()
    assert "14 briefs printed" in log and "briefs from cache" not in log
    assert world.release() != before
    world.check_site()
    world.no_leftovers()
    log = world.ok()  # and the entry it stored is whole
    assert "briefs from cache" in log
    world.check_site()


def test_killed_at_the_first_write_of_a_notebook_cache_file(world):
    before = world.release()
    (cached,) = (world.build / "cache" / "en").glob("about-*.ipynb")
    cached.unlink()
    status, log = world.run(CTDC_CRASH_AT="notebook-cache-write")
    assert status == -signal.SIGKILL, log[-2000:]
    assert list(cached.parent.glob(f".{cached.name}.*.tmp")), "the crash point was not reached in the write"
    assert not cached.exists()
    cached.write_bytes(b"")  # and what the old build left at that moment: an empty cache file
    assert world.release() == before
    world.check_site()
    log = world.ok()
    assert "not a whole cached run" in log and "book/about.md · executed" in log
    assert cached.stat().st_size > 0 and not list(cached.parent.glob(".*.tmp"))
    world.check_site()
    world.no_leftovers()


def test_killed_between_the_steps_of_the_site_swap(world):
    before = world.release()
    status, log = world.run(CTDC_CRASH_AT="site-swap")
    assert status == -signal.SIGKILL, log[-2000:]
    assert world.release() == before
    world.check_site()
    world.ok()
    assert world.release() != before
    world.check_site()
    world.no_leftovers()


def test_a_failed_build_says_what_the_site_is(world):
    before = world.release()
    status, log = world.run(CTDC_FAIL_AT="site-swap:EIO")
    assert status == 1
    name = before.rsplit("/", 1)[1]
    assert f"The previous site is unchanged: {world.site} is the release {name} (" in log
    assert "Traceback" not in log
    assert world.release() == before


def test_the_disk_fills_up_while_the_briefs_are_printed(world):
    before = world.release()
    world.forget_briefs()
    if world.tmpfs:
        process = world.start(out := world.root / "full.log", CTDC_PAUSE_AT="brief-print")
        flag = world.wait_paused("brief-print", process)
        filler = world.build / "filler"
        with filler.open("wb") as out_file:  # fill the disk for real
            try:
                while True:
                    out_file.write(b"\0" * (1 << 20))
                    out_file.flush()
            except OSError:
                pass
        flag.unlink()
        process.wait(timeout=TIMEOUT)
        status, log = process.returncode, out.read_text()
    else:
        filler = None
        status, log = world.run(CTDC_FAIL_AT="brief-print:ENOSPC")
    assert status == 1, log[-2000:]
    assert "BUILD FAILED: the disk is full (writing " in log and "run make book again" in log
    if world.tmpfs:
        assert "/en/briefs/" in log  # the file it was writing
    assert "The previous site is unchanged" in log and "Traceback" not in log
    if filler:
        filler.unlink()
    assert world.release() == before
    world.check_site()
    log = world.ok()
    assert "14 briefs printed" in log  # nothing half printed was cached
    world.check_site()
    world.no_leftovers()


def test_two_builds_at_once(world):
    first = world.start(world.root / "first.log", CTDC_PAUSE_AT="site-swap")
    flag = world.wait_paused("site-swap", first)
    refused = world.run(CTDC_LOCK_WAIT="0")
    assert refused[0] == 1
    assert f"another build (pid {first.pid}) is running" in refused[1] and "Traceback" not in refused[1]
    second = world.start(out := world.root / "second.log")
    deadline = time.monotonic() + 60
    while "another build" not in out.read_text():
        assert second.poll() is None and time.monotonic() < deadline, out.read_text()
        time.sleep(0.2)
    assert f"another build (pid {first.pid}) is running" in out.read_text()
    flag.unlink()
    assert first.wait(timeout=TIMEOUT) == 0, (world.root / "first.log").read_text()[-2000:]
    assert second.wait(timeout=TIMEOUT) == 0, out.read_text()[-2000:]
    assert "site ready" in out.read_text()
    world.check_site()
    world.no_leftovers()


# --- more faults: a killed Chromium, SIGTERM, a read-only build folder, the old layout ---------


def test_chromium_killed_while_printing_the_briefs(world):
    before = world.release()
    world.forget_briefs()
    process = world.start(out := world.root / "chromium.log", CTDC_PAUSE_AT="brief-print")
    flag = world.wait_paused("brief-print", process)
    browsers = [p for p in descendants(process.pid) if "chrom" in command(p).lower() and "--type=" not in command(p)]
    assert browsers
    for pid in browsers:
        os.kill(pid, signal.SIGKILL)
    flag.unlink()
    assert process.wait(timeout=TIMEOUT) == 1
    log = out.read_text()
    assert "BUILD FAILED: Chromium stopped while printing the briefs" in log and "Traceback" not in log
    assert world.release() == before
    world.check_site()
    world.no_leftovers()


def test_sigterm_cleans_up_on_the_way_out(world):
    before = world.release()
    world.forget_briefs()
    process = world.start(out := world.root / "term.log", CTDC_PAUSE_AT="brief-print")
    world.wait_paused("brief-print", process)
    below = descendants(process.pid)
    assert [p for p in world.build.glob("releases/.new-*")]  # an unfinished release …
    assert list((world.build / "tmp").glob("browser-*"))  # … and a browser profile
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 130
    log = out.read_text()
    assert "BUILD FAILED: interrupted (SIGTERM)" in log and "Traceback" not in log
    deadline = time.monotonic() + 30
    while [p for p in below if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [command(p) for p in below if alive(p)]  # Chromium and the driver are gone
    assert world.release() == before
    assert not list(world.build.glob("releases/.new-*"))
    assert not list((world.build / "tmp").glob("browser-*"))
    world.check_site()
    world.ok()  # (the pause flag it left is removed by the next start)
    world.check_site()
    world.no_leftovers()


# The kernel process appears at once; it then takes a second or more to import and answer.
@pytest.mark.parametrize("delay", [0.0, 0.5], ids=["as-the-kernel-appears", "while-the-kernel-starts"])
def test_sigterm_while_a_notebook_runs_stops_its_kernel(world, delay):
    before = world.release()
    for cached in (world.build / "cache" / "en").glob("about-*.ipynb"):
        cached.unlink()
    process = world.start(out := world.root / f"term-kernel-{delay}.log")
    deadline = time.monotonic() + TIMEOUT
    kernels: list[int] = []
    while not kernels:
        assert process.poll() is None and time.monotonic() < deadline, out.read_text()[-2000:]
        kernels = [p for p in descendants(process.pid) if "ipykernel" in command(p)]
        time.sleep(0.02)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=120) == 130, out.read_text()[-2000:]
    log = out.read_text()
    assert "BUILD FAILED: interrupted (SIGTERM)" in log and "Traceback" not in log, log[-2000:]
    deadline = time.monotonic() + 30
    while [p for p in kernels if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in kernels if alive(p)]
    assert not (world.build / "kernels").exists()
    assert world.release() == before
    world.ok()
    world.check_site()


def test_killed_while_sphinx_renders_leaves_no_process_behind(world):
    """A SIGKILLed build gets no chance to stop its children: the kernel stops them (PR_SET_PDEATHSIG),
    and no orphaned Sphinx writes on into the build folder."""
    before = world.release()
    process = world.start(out := world.root / "kill-render.log", CTDC_PAUSE_AT="render")
    world.wait_paused("render", process)
    below = descendants(process.pid)
    assert [p for p in below if "jupyter-book" in command(p)], out.read_text()[-2000:]
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while [p for p in below if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [command(p) for p in below if alive(p)]

    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            str(p): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in world.build.rglob("*")
            if p.is_file() and not p.is_symlink()
        }

    written = snapshot()
    time.sleep(2)
    assert snapshot() == written  # nothing writes into the build folder any more
    assert world.release() == before
    world.check_site()
    world.ok()  # (the pause flag it left is removed by the next start)
    world.check_site()
    world.no_leftovers()


def test_a_read_only_build_folder_is_a_message(world, tmp_path):
    folder = tmp_path / "readonly"
    if os.geteuid() == 0:
        if not mount_tmpfs(folder, "ro,size=1m"):
            pytest.skip("root ignores permissions, and this machine does not let the test mount a read-only tmpfs")
    else:
        folder.mkdir()
        folder.chmod(0o555)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ctdc_story.build", "--lang", "en"],
            env={**world.env(), "CTDC_BUILD_DIR": str(folder)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)
    assert done.returncode == 1
    assert f"make {folder} writable" in done.stderr and "Traceback" not in done.stderr
    assert f"There is no site yet at {folder / 'site'}" in done.stderr


def test_a_site_folder_from_an_older_build_is_migrated_safely(world):
    current = world.site.resolve()
    world.site.unlink()
    shutil.copytree(current, world.site)  # _build/site as a real folder, as older builds made it
    status, log = world.run(CTDC_CRASH_AT="site-swap")
    assert status == -signal.SIGKILL
    assert world.site.is_dir() and not world.site.is_symlink()
    assert (world.site / "manifest.json").exists()
    world.ok()
    world.check_site()
    world.no_leftovers()
    previous = [p for p in (world.build / "releases").iterdir() if p != world.site.resolve()]
    assert len(previous) == 1 and (previous[0] / "manifest.json").exists()


def test_the_audit_passes_on_the_site_the_faults_left(world):
    done = subprocess.run(
        [sys.executable, "-m", "ctdc_story.tools.audit", str(world.site)],
        env=world.env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
