"""Linking glued shares to their figure and CSV row (build/numbers.py): the figure with the same query
and a row for the share's cell, on the share's page first; the CSV line that is that row (RFC 7111
#row= counts the file's lines); no link where no figure draws the cell; the share's data never reach
the page."""

from __future__ import annotations

import nbformat
import pytest

from ctdc_story.build import numbers
from ctdc_story.presentation.numbers import NUMBER_MIME
from ctdc_story.publication import downloads

PREFIX = "application/papermill.record/"
QUERY = {"of": "IP_PayMoney", "within": "IP_Relation", "where": []}


def figure(key: str, page: str, query=QUERY) -> dict:
    return {
        "key": key,
        "page": page,
        "lang": "en",
        "title": "A title, with a comma",
        "source": "Source: …",
        "guide": "A guide",
        "notes": ["A note"],
        "query": query,
        "columns": ["group_code", "group", "category_code", "category", "share", "count", "base", "not_recorded"],
        "labels": ["g", "G", "c", "C", "s", "n", "b", "nr"],
        "rows": [
            ["FamilyIntimatePartner", "Family", "Yes", "Paid", 0.1, 100, 1000, 20],
            ["StrangerUnknownOther", "Stranger", "Yes", "Paid", 0.3, 300, 1000, "<10"],
        ],
    }


def notebook(group: str, category: str = "Yes", query=QUERY):
    data = {
        PREFIX + "text/plain": "30%",
        PREFIX + "text/html": "<span>30%</span>",
        PREFIX + NUMBER_MIME: {"query": query, "group": group, "category": category, "sentence": "30% = 300 of 1,000"},
    }
    output = nbformat.v4.new_output("display_data", data=data, metadata={"scrapbook": {"name": "x"}})
    cell = nbformat.v4.new_code_cell("glue_pct(...)", outputs=[output])
    return nbformat.v4.new_notebook(cells=[cell])


def html_of(nb) -> str:
    return nb.cells[0].outputs[0]["data"][PREFIX + "text/html"]


def test_the_csv_line_is_the_row_pandas_reads():
    import io

    import pandas as pd

    fig = figure("pay", "notebooks/04.md")
    line = numbers.csv_row(fig, "StrangerUnknownOther", "Yes")
    text = downloads.csv_text(fig)
    assert text.split("\n")[line - 1].startswith("StrangerUnknownOther,")
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert frame.iloc[1]["group_code"] == "StrangerUnknownOther"
    assert numbers.csv_row(fig, "Nobody", "Yes") is None


def test_a_share_links_to_the_figure_on_its_own_page_first():
    nb = notebook("StrangerUnknownOther")
    figures = [figure("elsewhere", "notebooks/05.md"), figure("here", "notebooks/04.md")]
    assert numbers.link(nb, "notebooks/04.ipynb", figures) == 1
    html = html_of(nb)
    line = numbers.csv_row(figures[1], "StrangerUnknownOther", "Yes")
    assert 'href="#fig-here"' in html and f'data-csv="../data/here.csv#row={line}"' in html
    assert 'aria-label="30% = 300 of 1,000"' in html
    assert PREFIX + NUMBER_MIME not in nb.cells[0].outputs[0]["data"], "the share's data leave the page"


def test_a_share_of_another_page_links_there():
    nb = notebook("FamilyIntimatePartner")
    numbers.link(nb, "book/key_findings.ipynb", [figure("pay", "notebooks/04_relationships.md")])
    assert 'href="../notebooks/04_relationships.html#fig-pay"' in html_of(nb)


@pytest.mark.parametrize("query", [{"of": "IP_PayMoney", "within": None, "where": []}])
def test_a_share_no_figure_draws_keeps_its_text_without_link(query):
    nb = notebook("all", query=query)
    assert numbers.link(nb, "notebooks/04.ipynb", [figure("pay", "notebooks/04.md")]) == 0
    assert html_of(nb) == "<span>30%</span>"
    assert PREFIX + NUMBER_MIME not in nb.cells[0].outputs[0]["data"]
