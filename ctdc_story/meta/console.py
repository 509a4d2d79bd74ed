"""What every command of the project shares: its error type, its progress lines, how it fails,
safe writes, the one-build-at-a-time lock and the crash points the fault tests use."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import hashlib
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ctdc_story.meta import settings

T = TypeVar("T")
STARTED = time.monotonic()  # one clock per process: progress lines count from the start


class BuildError(RuntimeError):
    """A step failed; the message says which and why, and what to do."""


class Interrupted(BaseException):
    """The command was asked to stop (SIGTERM, Ctrl-C): raised where it runs, so that every
    ``finally`` cleans up (kernels, browser, unfinished release) on the way out."""


def log(message: str) -> None:
    """One progress line, with the seconds since the command started."""
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


_stopping: list[str] = []  # the signal that asked the command to stop, once it has
_cancel: list[Callable[[], None]] = []  # while run_async runs a task: how to stop it


def _stop(signum, _frame) -> None:
    _stopping.append(signal.Signals(signum).name)
    if _cancel:
        # Inside an event loop an exception raised here may land in one of asyncio's callbacks,
        # which would log and swallow it: the task is cancelled instead, as asyncio.Runner does
        # on Ctrl-C, and run_async raises Interrupted once it has unwound.
        _cancel[-1]()
        return
    raise Interrupted(_stopping[-1])


class _CommandLoop(asyncio.SelectorEventLoop):
    """An event loop on which no library takes over a signal. nbclient's async_setup_kernel calls
    loop.add_signal_handler(SIGTERM, …), which puts asyncio's handler in place of _stop (so the
    command never learns of the stop), shuts the kernel down under the running cell (then fails with
    ``assert self.kc is not None``) and, once the notebook has run, leaves SIGTERM at SIG_DFL.
    A RuntimeError is what nbclient expects where signals cannot be handled: it goes on without."""

    def add_signal_handler(self, sig, callback, *args) -> None:  # type: ignore[override]
        raise RuntimeError(f"{signal.Signals(sig).name} is handled by the command (console._stop)")

    def remove_signal_handler(self, sig) -> bool:
        return False


def run_async(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` on an event loop of its own, in the command's main thread. A SIGTERM meanwhile
    cancels it at its next ``await``, so that its ``finally`` blocks run (a kernel is shut down),
    and is raised as Interrupted once it has ended, whatever the library turned the cancellation
    into (nbclient: DeadKernelError)."""
    loop = _CommandLoop()
    task = loop.create_task(main)
    stops = len(_stopping)

    def cancel() -> None:
        if len(_stopping) == stops + 1:  # once: a second signal must not cut short the clean-up
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wakes the loop if the signal came during its select

    _cancel.append(cancel)
    try:
        result = loop.run_until_complete(task)
    except BaseException:
        if len(_stopping) == stops:
            raise
    finally:
        _cancel.remove(cancel)
        left = asyncio.all_tasks(loop)  # what the library left running, or main itself after Ctrl-C
        for pending in left:
            pending.cancel()
        if left:
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        loop.close()
    if len(_stopping) > stops:
        raise Interrupted(_stopping[stops])
    return result


def run_command(
    action: Callable[[], object],
    what: str,
    keep_note: str | Callable[[], str],
    errors: tuple[type[Exception], ...] = (BuildError,),
    again: str = "make book",
) -> int:
    """Run a command's work and return its exit status: 0, or 1 after a failure, printed as
    "<what> FAILED: …" followed by ``keep_note`` (what the failure left unchanged; a function is
    asked at that moment). Besides ``errors``, a full disk, a folder that cannot be written, any
    other system error and SIGTERM/Ctrl-C end in a message too, never in a stack trace; ``again``
    is the command to run once the cause is fixed."""
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        action()
    except errors as err:
        if _stopping:  # the step failed because it was stopped (a kernel that was starting, say)
            return _fail(what, f"interrupted ({_stopping[0]}); what it had started is cleaned up", keep_note, 130)
        return _fail(what, str(err), keep_note)
    except Interrupted as err:
        return _fail(what, f"interrupted ({err or 'SIGINT'}); what it had started is cleaned up", keep_note, 130)
    except KeyboardInterrupt:
        return _fail(what, "interrupted (SIGINT); what it had started is cleaned up", keep_note, 130)
    except OSError as err:
        if _stopping:
            return _fail(what, f"interrupted ({_stopping[0]}); what it had started is cleaned up", keep_note, 130)
        return _fail(what, os_error_message(err, again), keep_note)
    except Exception:
        # A library that catches the interruption (nbclient, in asyncio code) fails in its own way
        # afterwards: once a stop was asked for, that failure is the interruption.
        if _stopping:
            return _fail(what, f"interrupted ({_stopping[0]}); what it had started is cleaned up", keep_note, 130)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


# --- child processes ---------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def child_options() -> dict[str, Any]:
    """Popen arguments for a child that must not outlive the command. On Linux the kernel sends it
    SIGKILL when the command dies, however it dies, SIGKILL included (PR_SET_PDEATHSIG; the child of
    a thread gets it when that thread ends: start children from the main thread). Elsewhere there
    are none, and only the command's ``finally`` blocks stop its children (on any end but SIGKILL)."""
    prctl = _prctl()  # looked up before the fork: the child only makes the call
    if prctl is None:
        return {}
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the command died before the setting took effect
            os._exit(1)

    return {"preexec_fn": die_with_parent}


def _fail(what: str, message: str, keep_note: str | Callable[[], str], status: int = 1) -> int:
    note = keep_note() if callable(keep_note) else keep_note
    print(f"\n{what} FAILED: {message}\n{note}", file=sys.stderr)
    return status


def os_error_message(err: OSError, again: str = "make book") -> str:
    """What a system error means for whoever runs the build, and what to do about it."""
    where = Path(err.filename) if err.filename else settings.BUILD
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full (writing {where}): free space on {mount_point(where)} and run {again} again"
    if err.errno == errno.EROFS:
        return (
            f"{where} is on a read-only file system: make {_existing(where)} writable, or set CTDC_BUILD_DIR "
            f"to a writable folder, and run {again} again"
        )
    if err.errno in (errno.EACCES, errno.EPERM):
        return (
            f"permission denied on {where}: make {_existing(where)} writable (and readable) for this user, or set "
            f"CTDC_BUILD_DIR to a folder of your own, and run {again} again"
        )
    detail = _save_traceback()
    return f"{err.strerror or err} ({where}); run {again} again, and if it fails the same way see {detail}"


def _existing(path: Path) -> Path:
    """The nearest folder of ``path`` that exists: the one to fix."""
    path = path if path.is_dir() else path.parent
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def mount_point(path: Path) -> Path:
    path = _existing(path).resolve()
    while not os.path.ismount(path) and path != path.parent:
        path = path.parent
    return path


def _save_traceback() -> str:
    """The details of an unexpected system error, kept in a log rather than shown (best effort)."""
    try:
        log_file = settings.BUILD / "logs" / "last-error.txt"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text(traceback.format_exc())
        return str(log_file)
    except OSError:
        return "the message above"


# --- crash points: only the fault tests set these ----------------------------------------------
# CTDC_CRASH_AT=<name>[,<name>]  the process SIGKILLs itself at that named point (a real crash);
# CTDC_PAUSE_AT=<name>           it writes <build>/.paused-<name> (its pid) and waits until the
#                                file is removed (a test acts while the build is held there);
# CTDC_FAIL_AT=<name>:ENOSPC     that point raises the system error (a full disk, EACCES, …).
# Points: notebook-cache-write, render (jupyter-book is running), brief-cache-copy,
# brief-cache-restore, brief-print, site-swap.
CRASH_POINTS = (
    "notebook-cache-write",
    "render",
    "brief-cache-copy",
    "brief-cache-restore",
    "brief-print",
    "site-swap",
)
_passed: set[str] = set()


def _named(variable: str) -> list[str]:
    return [n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()]


def fault_point(name: str) -> None:
    """A named point of the build where a fault test may crash, hold or fail it (see above)."""
    if name in _named("CTDC_CRASH_AT"):
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    for entry in _named("CTDC_FAIL_AT"):
        point, _, code = entry.partition(":")
        if point == name:
            number = getattr(errno, code or "EIO")
            raise OSError(number, os.strerror(number), str(settings.BUILD / f"fault-{name}"))
    if name in _named("CTDC_PAUSE_AT") and name not in _passed:
        _passed.add(name)
        flag = settings.BUILD / f".paused-{name}"
        flag.write_text(str(os.getpid()))
        while flag.exists():
            time.sleep(0.1)


# --- writes -------------------------------------------------------------------------------------


@contextlib.contextmanager
def env_set(name: str, value: str) -> Iterator[None]:
    """``os.environ[name] = value`` for the block, then the variable as it was (unset if it was)."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def write_atomic(path: Path, content: str | bytes, point: str | None = None) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it over
    ``path``: a reader never sees half a file, and a killed write leaves the old one (and a
    temporary ``.<name>.*.tmp`` that the next build removes). ``point``: a crash point reached
    halfway through the write."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # mkstemp's 0600 would hide published files from a web server
        with os.fdopen(handle, "wb") as out:
            if point:
                out.write(data[: len(data) // 2])
                out.flush()
                fault_point(point)
                data = data[len(data) // 2 :]
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        if err.filename is None:  # a failed write() names no file: name the one being written
            raise OSError(err.errno, err.strerror, str(path)) from err
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Write only when the content differs, so that Sphinx rebuilds only what changed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    write_atomic(path, data)


def digest(*parts: str | bytes) -> str:
    """A short sha256 of the parts, each kept apart from the next (a cache key)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


# --- one build at a time ------------------------------------------------------------------------

LOCK_NAME = ".lock"
LOCK_WAIT = 30 * 60  # seconds a second build waits for the first; CTDC_LOCK_WAIT overrides (0: refuse)


@contextlib.contextmanager
def build_lock(build: Path | None = None) -> Iterator[None]:
    """Hold <build>/.lock (fcntl.flock) while a command writes the build folder.

    A second command waits, saying so, up to CTDC_LOCK_WAIT seconds (default 30 minutes), then
    stops with a message. The kernel releases the lock of a process that dies, however it dies,
    so a crashed build never leaves a lock behind; the pid in the file is only for the message.
    """
    build = build or settings.BUILD
    build.mkdir(parents=True, exist_ok=True)
    path = build / LOCK_NAME
    wait = float(os.environ.get("CTDC_LOCK_WAIT", LOCK_WAIT))
    with open(path, "a+") as handle:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(path)
                if time.monotonic() - started >= wait:
                    raise BuildError(
                        f"another build (pid {holder}) is running in {build} and still holds {path}; "
                        f"wait for it to finish (or stop it: kill {holder}), then run the command again"
                    ) from None
                if not told:
                    log(f"another build (pid {holder}) is running in {build}; waiting up to {wait:.0f}s for it …")
                    told = True
                time.sleep(0.5)
        if told:
            log("the other build has finished; this one starts")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "?"
    except OSError:
        return "?"
