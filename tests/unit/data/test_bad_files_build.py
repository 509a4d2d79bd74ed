"""A bad dataset file stops `python -m ctdc_story.build` with the loader's message: exit 1, the file,
line, column and value named on stderr, and no stack trace (issue 16). The loader fails before any
heavy work, so each build runs in a few seconds in a build folder of its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ctdc_story.meta import settings
from support.rows import row, write_csv


def build_with(data, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CTDC_DATA": str(data), "CTDC_BUILD_DIR": str(tmp_path / "build")}
    return subprocess.run(
        [sys.executable, "-m", "ctdc_story.build", "--lang", "en"],
        cwd=settings.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_stopped_cleanly(done: subprocess.CompletedProcess, *expected: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert "BUILD FAILED" in done.stderr
    for text in expected:
        assert text in done.stderr, done.stderr


def test_a_directory(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    assert_stopped_cleanly(build_with(folder, tmp_path), str(folder), "is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file (the unit test refuses the read instead)")
def test_a_file_without_read_permission(tmp_path):
    path = write_csv(tmp_path / "locked.csv", [row(gender="Female")])
    path.chmod(0o200)
    assert_stopped_cleanly(build_with(path, tmp_path), str(path), "permission denied")


def test_a_lone_quote(tmp_path):
    rows = [row(gender="Female") for _ in range(5)]
    rows[1]["UN_COO_Region"] = '"Africa'
    path = write_csv(tmp_path / "quote.csv", rows)
    assert_stopped_cleanly(build_with(path, tmp_path), f"{path}, line 3", "'UN_COO_Region'", "'\"Africa'")


def test_a_200_kb_cell(tmp_path):
    path = write_csv(tmp_path / "huge.csv", [row(gender="Female"), row(gender="F" * 200_000)])
    done = build_with(path, tmp_path)
    assert_stopped_cleanly(done, f"{path}, line 3", "'gender'", "200,000 characters")
    assert len(done.stderr) < 2_000
