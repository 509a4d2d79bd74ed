"""Rendering a staged edition to HTML with Jupyter Book (Sphinx), warnings as errors, then
slimming it for a first visit on a slow connection (slim.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from ctdc_story.build.slim import slim
from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError, child_options, fault_point, log

BUILD = settings.BUILD


class Render:
    """Sphinx (through jupyter-book) on a staged edition, in the background; warnings are errors.

    Rendering one edition overlaps with executing the next one's notebooks.
    """

    def __init__(self, lang: str, source: Path):
        self.lang, self.out = lang, BUILD / "html" / lang
        self.log_file = BUILD / "logs" / f"{lang}.log"
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(source),
            "--path-output",
            str(self.out),
            "--builder",
            "html",
            "-W",
            "--keep-going",
            # Render every page afresh (notebook outputs are cached above, so this costs
            # seconds): incremental Sphinx keeps stale asset links.
            "--all",
        ]
        shutil.rmtree(self.out, ignore_errors=True)  # Sphinx merges into an old search index
        self.started = time.monotonic()
        with self.log_file.open("w") as fh:
            # It dies with the build, however the build dies: a killed build's Sphinx would write on.
            self.process = subprocess.Popen(command, stdout=fh, stderr=subprocess.STDOUT, cwd=source, **child_options())

    def wait(self) -> Path:
        fault_point("render")
        if self.process.wait() != 0:
            lines = self.log_file.read_text().splitlines()
            problems = [line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line] or lines[
                -40:
            ]
            raise BuildError(
                f"Sphinx failed for the {self.lang} edition (full log: {self.log_file}):\n" + "\n".join(problems)
            )
        log(f"{self.lang} · rendered HTML in {time.monotonic() - self.started:.1f}s")
        html = self.out / "_build" / "html"
        started = time.monotonic()
        sizes = slim(html, self.lang)
        fonts = f", web fonts {sizes['font_bytes'] / 1000:.0f} kB" if "font_bytes" in sizes else ""
        log(
            f"{self.lang} · slimmed in {time.monotonic() - started:.1f}s: styles inline "
            f"(at most {sizes['inline_max'] / 1000:.0f} kB a page, of {sizes['stylesheets'] / 1000:.0f} kB){fonts}"
        )
        return html

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
