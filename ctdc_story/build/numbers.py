"""Linking every glued share of an edition to the figure and the CSV row that show the same cell.

A traced share (presentation/numbers.py) is glued with the query of its table and its row's group and
category. Once every notebook of the edition has run, its figures are known, each with its query and
its page: the share links to the figure whose table has the same query and a row for that (group,
category), on the share's own page if one is there, else on the first page that draws it; and to that
row of the figure's CSV (<edition>/data/<key>.csv#row=N, RFC 7111: N counts the file's lines from 1, its
comment lines and header included, so that line N is the row). A share no figure draws keeps its
count and base, with no link. The share's data are then removed from the page.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from ctdc_story.presentation import numbers
from ctdc_story.publication import downloads


def _query_key(query: dict | None) -> str:
    return json.dumps(query or {}, sort_keys=True)


def csv_row(figure: dict, group: str, category: str) -> int | None:
    """The line of the figure's CSV (1 for the first) that holds the row of ``group`` and ``category``,
    or None when the figure has no such row."""
    columns = figure["columns"]
    if "group_code" not in columns or "category_code" not in columns:
        return None
    g, c = columns.index("group_code"), columns.index("category_code")
    index = next((i for i, r in enumerate(figure["rows"]) if str(r[g]) == group and str(r[c]) == category), None)
    if index is None:
        return None
    lines = downloads.csv_text(figure).split("\n")
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return header + 1 + index + 1


def find(figures: list[dict], query: dict, group: str, category: str, page: str) -> tuple[dict, int] | None:
    """The figure (with a page) that shows this cell, preferring one on ``page``, and its CSV line."""
    wanted = _query_key(query)
    found = []
    for figure in figures:
        if figure.get("page") and _query_key(figure.get("query")) == wanted:
            row = csv_row(figure, group, category)
            if row is not None:
                found.append((page_html(figure["page"]) != page_html(page), figure, row))
    if not found:
        return None
    _elsewhere, figure, row = min(found, key=lambda f: f[0])
    return figure, row


def page_html(page: str) -> str:
    """A staged source (notebooks/04_relationships.ipynb) as the page Sphinx makes of it."""
    return str(Path(page).with_suffix(".html"))


def link(notebook, page: str, figures: list[dict]) -> int:
    """Give every traced share of a notebook (nbformat node; ``page`` its staged path) its links;
    return how many were linked to a figure."""
    linked = 0
    here = page_html(page)
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            for mime in [k for k in data if k.endswith(numbers.NUMBER_MIME)]:
                prefix = mime[: -len(numbers.NUMBER_MIME)]
                info = data.pop(mime)
                text = data.get(prefix + "text/plain", "")
                hit = find(figures, info["query"], info["group"], info["category"], page)
                if hit is None:
                    continue
                figure, row = hit
                there = page_html(figure["page"])
                target = "" if there == here else posixpath.relpath(there, posixpath.dirname(here))
                csv = posixpath.relpath(f"data/{figure['key']}.csv", posixpath.dirname(here))
                data[prefix + "text/html"] = numbers.html(
                    text, info["sentence"], f"{target}#fig-{figure['key']}", csv, row, info.get("lang")
                )
                linked += 1
    return linked
