"""Every CSV the site publishes reads with the one line the site shows beside it
(figure_tools.READ_CSV, ``pandas.read_csv(url, comment="#")``), and gives the stable columns."""

from __future__ import annotations

import functools
import http.server
import threading

import pandas
import pytest

from ctdc_story.presentation import charts, figure_tools
from ctdc_story.publication import downloads, explorer
from ctdc_story.text import edition
from support.site import SITE


def read(url: str) -> pandas.DataFrame:
    """Exactly the line the site and the zips' README give, with ``url`` bound."""
    return eval(figure_tools.READ_CSV, {"pandas": pandas, "url": url})  # noqa: S307 (our own constant)


def test_the_line_is_the_one_the_issue_asks_for():
    assert figure_tools.READ_CSV == 'pandas.read_csv(url, comment="#")'


@pytest.fixture(scope="module")
def payloads(dataset):
    out = []
    for lang in ("en", "ar"):  # Arabic labels, and a table with suppressed cells
        with edition.using(lang):
            out.append(explorer.example(dataset.frame).figure.payload())
            selection = explorer.Selection.make(
                "roles", "UN_COE_Region", {"gender": "Male", "exploitation": "isSexualExploit"}
            )
            out.append(explorer.explore(dataset.frame, selection).figure.payload())
    return out


def test_a_figure_csv_reads_with_that_line(payloads, tmp_path):
    for figure in payloads:
        path = tmp_path / f"{figure['lang']}-{figure['key']}.csv"
        path.write_bytes(downloads.csv_bytes(figure))
        assert path.read_bytes().startswith(b"\xef\xbb\xbf# ")  # a BOM, then the comment lines
        table = read(str(path))
        assert list(table.columns) == list(charts.DATA_COLUMNS), path
        assert len(table) == len(figure["rows"]), path


def test_the_readme_and_the_figure_give_the_line(payloads):
    for figure in payloads:
        lang = figure["lang"]
        readme = downloads.readme([figure], lang)
        assert figure_tools.READ_CSV in readme and figure_tools.read_csv_note(lang) in readme


def serve(root):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.site
def test_every_published_csv_reads_from_its_address_with_that_line():
    files = sorted(SITE.glob("*/data/*.csv")) + sorted(SITE.glob("*/embed/*/*.csv"))
    assert len(files) >= 2 * 15, files
    server = serve(SITE)
    try:
        for path in files:
            url = f"http://127.0.0.1:{server.server_port}/{path.relative_to(SITE).as_posix()}"
            table = read(url)
            assert list(table.columns) == list(charts.DATA_COLUMNS), url
            assert len(table) == sum(1 for line in path.read_text("utf-8-sig").splitlines() if line[:1] != "#") - 1
    finally:
        server.shutdown()
