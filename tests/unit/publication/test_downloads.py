"""A figure's CSV and the edition's zip, built from a figure payload (no site needed)."""

from __future__ import annotations

import html
import io
import zipfile

import pandas as pd
import pytest

from ctdc_story.data import privacy
from ctdc_story.presentation import charts
from ctdc_story.publication import downloads, explorer
from support.aggregates import check_private


@pytest.fixture(scope="module")
def figures(dataset):
    result = explorer.example(dataset.frame)
    small = explorer.explore(
        dataset.frame,
        explorer.Selection.make("roles", "UN_COE_Region", {"gender": "Male", "exploitation": "isSexualExploit"}),
    )
    return [result.figure.payload(), small.figure.payload()]


def test_csv_starts_with_its_citation_and_reads_back(figures):
    text = downloads.csv_text(figures[0])
    head = [line for line in text.splitlines() if line.startswith("#")]
    assert text.startswith("# " + figures[0]["title"])
    for needed in ("Source:", "Cite as:", "terms of use", "Privacy:", "Columns: group_code = "):
        assert any(needed in line for line in head), needed
    table = pd.read_csv(
        io.BytesIO(downloads.csv_bytes(figures[0])), comment="#", encoding="utf-8-sig", keep_default_na=False
    )
    assert list(table.columns) == list(charts.DATA_COLUMNS)
    assert set(table["category_code"]) == {"FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther"}
    check_private(list(table.columns), table.astype(str).values.tolist())


def test_suppressed_cells_read_as_below_ten(figures):
    table = pd.read_csv(io.StringIO(downloads.csv_text(figures[1])), comment="#", keep_default_na=False)
    assert set(table["count"]) == {privacy.SUPPRESSED} and set(table["share"]) == {""}
    check_private(list(table.columns), table.values.tolist())


def test_zip_is_reproducible_and_complete(figures):
    first, second = downloads.zip_bytes(figures, "en"), downloads.zip_bytes(list(figures), "en")
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == sorted(names) == sorted([f"{f['key']}.csv" for f in figures] + ["README.txt"])
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == downloads.ZIP_DATE


def test_embed_page_is_standalone(figures):
    page = downloads.embed_page({**figures[0], "lang": "ar", "dir": "rtl"})
    key = figures[0]["key"]
    assert f'<html lang="ar" dir="rtl" data-ctdc-embed="{key}">' in page
    assert "plotly.min.js" not in page  # ctdc.js fetches it without blocking the page (or on a tap)
    assert '<script src="ctdc.js"></script>' in page and '<link rel="stylesheet" href="ctdc.css">' in page
    assert "../" not in page  # every file it asks for is in its own folder


def test_the_embed_code_resizes_its_frame_and_names_the_edition(figures):
    code = downloads.snippet("https://example.org/en/embed/k/index.html", figures[0]["title"], 300)
    assert code.startswith('<iframe src="https://example.org/en/embed/k/index.html"')
    assert "data-ctdc-embed" in code and 'd.type!=="ctdc-embed:height"' in code and "e.origin" in code
    assert f'title="{html.escape(figures[0]["title"])}"' in code


def test_the_figure_gives_the_same_embed_code_as_the_embed_page(monkeypatch):
    """The code under a figure (figure_tools.html) is the code the Embed page gives (downloads.snippet)."""
    import html as html_module
    import re

    import pandas as pd
    import plotly.graph_objects as go

    from ctdc_story.presentation import figure_tools

    monkeypatch.setenv("CTDC_SITE_BUILD", "1")
    data = pd.DataFrame([{c: "" for c in charts.DATA_COLUMNS}])
    shown = charts.Figure(
        key="k",
        title='A "title" <b>',
        guide="g",
        source="s",
        plot=go.Figure(),
        table=pd.DataFrame({"a": [1]}),
        summary="x",
        height=300,
        data=data,
    )
    code = re.search(r'<code data-ctdc-copy="embed"[^>]*>(.*?)</code>', shown._repr_html_(), re.S).group(1)
    url = figure_tools.edition_url("en") + figure_tools.embed_path("k")
    assert html_module.unescape(code) == downloads.snippet(url, 'A "title" <b>', 300)


def test_an_arabic_csv_lists_its_columns_in_arabic(dataset):
    """The header block's columns are a series with the Arabic semicolon, with no Latin ";" (issue 15):
    Arabic's list, with و glued to each item, gave «وnot_recorded = …»."""
    from ctdc_story.text import edition

    with edition.using("ar"):
        payload = explorer.example(dataset.frame).figure.payload()
    assert payload["lang"] == "ar"
    line = next(x for x in downloads.csv_text(payload).splitlines() if x.startswith("#") and "group_code = " in x)
    assert ";" not in line and "," not in line, line
    assert "؛ not_recorded = " in line and " وnot_recorded" not in line, line


def test_a_french_csv_keeps_its_no_break_spaces(dataset):
    """The header lines keep the typography of the catalogs: «Source\u00a0:», «n\u00a0=\u00a0…» and
    digits grouped by a narrow no-break space, which str.split() used to turn into plain spaces."""
    from ctdc_story.text import edition

    with edition.using("fr"):
        payload = explorer.example(dataset.frame).figure.payload()
    source = next(x for x in downloads.csv_text(payload).splitlines() if x.startswith("# Source"))
    assert source.startswith("# Source\u00a0:"), repr(source)
    assert "\u202f" in source and "\u00a0;" not in source, repr(source)
