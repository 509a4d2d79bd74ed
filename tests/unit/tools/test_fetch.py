"""make data: the download is checked against the release's sha256 and written atomically."""

from __future__ import annotations

import functools
import http.server
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
