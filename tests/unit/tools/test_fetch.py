"""make data: the download is checked against the release's sha256 and written atomically."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import threading

import pytest

from ctdc_story.meta import settings
from ctdc_story.tools import fetch


@pytest.fixture
def server(tmp_path):
    """A local HTTP server (loopback only) serving files from a temporary folder."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", tmp_path
    httpd.shutdown()


def test_no_network_says_how_to_place_the_file(tmp_path, capsys):
    target = tmp_path / "raw" / settings.DATA_FILENAME
    assert fetch.fetch("http://127.0.0.1:9/none.csv", target, timeout=5) == 1
    message = capsys.readouterr().err
    assert "Could not download" in message and "CTDC_DATA" in message and str(target) in message
    assert not target.exists()


def test_a_wrong_file_is_not_written(server, tmp_path, capsys):
    url, folder = server
    (folder / "wrong.csv").write_text("yearRegister,gender\n2019,Female\n")
    target = tmp_path / "raw" / settings.DATA_FILENAME
    assert fetch.fetch(f"{url}/wrong.csv", target) == 1
    assert "not the expected" in capsys.readouterr().err
    assert not target.exists()


def test_the_release_is_written_in_place(server, tmp_path, dataset_path):
    url, folder = server
    (folder / "release.csv").write_bytes(dataset_path.read_bytes())
    target = tmp_path / "raw" / settings.DATA_FILENAME
    assert fetch.fetch(f"{url}/release.csv", target) == 0
    assert target.read_bytes() == dataset_path.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == [settings.DATA_FILENAME]  # no temporary left


def test_if_missing_does_nothing_when_ctdc_data_is_set(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CTDC_DATA", str(tmp_path / "elsewhere.csv"))
    target = tmp_path / "raw" / settings.DATA_FILENAME
    assert fetch.fetch_if_missing("http://127.0.0.1:9/none.csv", target, timeout=5) == 0
    assert capsys.readouterr().out == "" and not target.exists()


def test_if_missing_does_nothing_when_data_raw_holds_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CTDC_DATA", raising=False)
    target = tmp_path / "raw" / settings.DATA_FILENAME
    target.parent.mkdir()
    target.write_text("yearRegister\n")
    assert fetch.fetch_if_missing("http://127.0.0.1:9/none.csv", target, timeout=5) == 0
    assert capsys.readouterr().out == ""


def test_if_missing_fetches_and_says_so(server, tmp_path, dataset_path, monkeypatch, capsys):
    monkeypatch.delenv("CTDC_DATA", raising=False)
    url, folder = server
    (folder / "release.csv").write_bytes(dataset_path.read_bytes())
    target = tmp_path / "raw" / settings.DATA_FILENAME
    assert fetch.fetch_if_missing(f"{url}/release.csv", target) == 0
    out = capsys.readouterr().out
    assert "downloading it from CTDC" in out and "sha256 verified" in out
    assert target.read_bytes() == dataset_path.read_bytes()


def test_make_book_offline_says_how_to_place_the_file(tmp_path):
    """`make book` without the dataset and without network stops before building, with the message
    that says where to put the file, and no stack trace."""
    env = {k: v for k, v in os.environ.items() if k != "CTDC_DATA"}
    env["CTDC_DATA_URL"] = "http://127.0.0.1:9/none.csv"  # nothing listens there: offline
    env["CTDC_BUILD_DIR"] = str(tmp_path / "build")
    if settings.DEFAULT_DATA_PATH.exists():
        pytest.skip(f"{settings.DEFAULT_DATA_PATH} exists: make would not fetch")
    done = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", "node_modules/.installed", "book"],
        cwd=settings.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "downloading it from CTDC" in done.stdout
    assert "Could not download" in done.stderr and "CTDC_DATA" in done.stderr
    assert str(settings.DEFAULT_DATA_PATH) in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "ctdc_story.build" not in done.stdout  # the build never started
    assert not settings.DEFAULT_DATA_PATH.exists()
