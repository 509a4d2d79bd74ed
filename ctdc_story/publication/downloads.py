"""What the site publishes next to each figure: its data as CSV, one zip per edition, and a
standalone page ready for an iframe.

The build collects each figure's payload (charts.Figure.payload) from the executed notebooks
of an edition and calls publish(). Only aggregates leave here: the payload holds the table
behind the chart, already through the privacy rule (counts below 10 read "<10", no share on
fewer than 10 records).

CSV format (one file per figure, UTF-8 with a byte-order mark so that spreadsheet programs
read Arabic and accents correctly):

- a header block of comment lines starting with '#': title, source line (dataset, release,
  base and n), citation, terms of use, privacy note, reading guide, and the translated label
  of each column;
- then a header row of stable column ids, the same in every edition (charts.DATA_COLUMNS),
  and one row per group and category. Codes are the dataset's own values; labels follow the
  edition's language; shares are fractions with a '.' decimal point in every edition.

Read it with e.g. ``pandas.read_csv(path, comment="#")``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

from ctdc_story.data import privacy
from ctdc_story.meta import project, settings
from ctdc_story.meta.console import write_atomic
from ctdc_story.presentation import charts
from ctdc_story.presentation.templating import Displayable, render
from ctdc_story.publication import static_charts
from ctdc_story.text import edition, i18n
from ctdc_story.text.i18n import _

# Every entry of the zip carries this date, so that the same figures give the same bytes.
ZIP_DATE = (2022, 12, 1, 0, 0, 0)
EXTRA_HEIGHT = 260  # title, reading guide, source line and links around the chart, in pixels


def citation(lang: str | None = None) -> str:
    return _(
        "International Organization for Migration and Microsoft Research, Global Victim-Perpetrator "
        "Synthetic Dataset, Counter Trafficking Data Collaborative, release of {date}, {page}.",
        lang,
    ).format(date=charts.release_date(lang), page=settings.DATA_PAGE)


def provenance(lang: str | None = None) -> list[str]:
    """The line that names the dataset file and its sha256 when it is not the CTDC release (none
    for the release)."""
    note = charts.provenance_note(lang)
    return [] if note is None else [note]


def terms(lang: str | None = None) -> str:
    return _(
        "The data are published by CTDC under its terms of use, which ask users to credit the source "
        "and not to attempt to identify any person.",
        lang,
    )


def privacy_note(lang: str | None = None) -> str:
    return _(
        "Privacy: every count is rounded down to a multiple of {resolution}; a count that rounds down "
        'to 0 is shown as "{suppressed}", and a share is the rounded count over the rounded base, '
        "given only where both are at least {resolution}. Aggregates only.",
        lang,
    ).format(resolution=privacy.RESOLUTION, suppressed=privacy.SUPPRESSED)


# --- one figure's CSV ---------------------------------------------------------


def csv_text(figure: dict) -> str:
    """The figure's aggregate table with its header block (see the module's docstring)."""
    lang = figure["lang"]
    head = [
        figure["title"],
        figure["source"],
        *provenance(lang),
        _("Cite as: {citation}", lang).format(citation=citation(lang)),
        terms(lang),
        privacy_note(lang),
        figure["guide"],
        *figure["notes"],
        _("Columns: {labels}", lang).format(
            labels="; ".join(f"{c} = {label}" for c, label in zip(figure["columns"], figure["labels"]))
        ),
    ]
    out = io.StringIO()
    for line in head:
        out.write("# " + " ".join(str(line).split()) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(figure["columns"])
    writer.writerows([["" if v is None else v for v in row] for row in figure["rows"]])
    return out.getvalue()


def csv_bytes(figure: dict) -> bytes:
    return csv_text(figure).encode("utf-8-sig")


# --- the edition's zip --------------------------------------------------------


def zip_name(lang: str) -> str:
    return f"{lang}-figures.zip"


def readme(figures: list[dict], lang: str) -> str:
    lines = [
        _('Data behind the figures of "{book}"', lang).format(book=book_title(lang)),
        "",
        _(
            "Each CSV file holds the aggregate table behind one figure of the book. It starts with "
            "comment lines (beginning with #) that give the figure's title, the source and its base, "
            "the citation and the terms of use. Then comes a row of column names, which are the same "
            "in every language edition, and the data. Codes are the values used in the dataset; labels "
            "are in the language of this edition; shares are fractions between 0 and 1.",
            lang,
        ),
        "",
        *provenance(lang),
        _("Cite as: {citation}", lang).format(citation=citation(lang)),
        terms(lang),
        privacy_note(lang),
        "",
        _("Files:", lang),
    ]
    lines += [f"- {f['key']}.csv: {f['title']}" for f in figures]
    return "\n".join(lines) + "\n"


def zip_bytes(figures: list[dict], lang: str) -> bytes:
    """Every figure's CSV and a README, sorted, with fixed dates: the same input gives the same bytes."""
    entries = {f"{f['key']}.csv": csv_bytes(f) for f in figures}
    entries["README.txt"] = readme(figures, lang).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


# --- one figure's embeddable page --------------------------------------------


def book_title(lang: str) -> str:
    return i18n.translate(project.title(), lang)


def embed_page(figure: dict) -> str:
    """A standalone page for an iframe: the figure with its guide, table and source, its static SVG
    first, then drawn by the edition's own plotly.js. It lives in <edition>/embed/, next to _static/
    and figures/."""
    lang = figure["lang"]
    return render(
        "embed_page.html",
        lang=lang,
        dir=figure["dir"],
        title=figure["title"],
        font=charts.FONT,
        figure_html=figure["html"],
        credit=_('From "{book}"', lang).format(book=book_title(lang)),
    )


def embed_height(figure: dict) -> int:
    """The recommended iframe height: the chart and the text around it."""
    return int(figure["height"]) + EXTRA_HEIGHT


# --- writing an edition's files ----------------------------------------------

INDEX = "figures.json"


def index_json(figures: list[dict]) -> str:
    """<edition>/data/figures.json: each figure's key, title, CSV and the query that defines its rows
    (stats.cell_masks), so that a machine, the disclosure audit among them, can tell what each row counts."""
    return (
        json.dumps(
            [{"key": f["key"], "title": f["title"], "csv": f"{f['key']}.csv", "query": f["query"]} for f in figures],
            ensure_ascii=False,
            sort_keys=True,
            indent=1,
        )
        + "\n"
    )


def publish(figures: list[dict], lang: str, edition: Path) -> None:
    """Write <edition>/data/<key>.csv, figures.json, <lang>-figures.zip, <edition>/embed/<key>.html and
    the static charts, <edition>/figures/<key>-<narrow|wide>.svg (static_charts)."""
    for folder in ("data", "embed"):
        shutil.rmtree(edition / folder, ignore_errors=True)
        (edition / folder).mkdir(parents=True)
    for figure in figures:
        write_atomic(edition / "data" / f"{figure['key']}.csv", csv_bytes(figure))
        write_atomic(edition / "embed" / f"{figure['key']}.html", embed_page(figure))
    write_atomic(edition / "data" / INDEX, index_json(figures))
    write_atomic(edition / "data" / zip_name(lang), zip_bytes(figures, lang))
    static_charts.publish(figures, lang, edition)


# --- the Embed page of each edition --------------------------------------------

FIGURES_ENV = "CTDC_FIGURES"


def manifest(figures: list[dict]) -> str:
    """What the Embed page needs to know of the edition's figures (the build passes it in CTDC_FIGURES)."""
    return json.dumps(
        [{k: f[k] for k in ("key", "title", "height")} for f in figures], ensure_ascii=False, sort_keys=True, indent=1
    )


class EmbedIndex(Displayable):
    """The Embed page's list: for each figure, a preview link, the iframe snippet of each edition,
    the recommended size and the CSV. Addresses are relative to the page; a small script shows them
    as absolute addresses once the page is on the web."""

    def __init__(self, figures: list[dict] | None = None):
        if figures is None:
            path = os.environ.get(FIGURES_ENV)
            figures = json.loads(Path(path).read_text()) if path else []
        self.figures = figures

    def text(self) -> str:  # plain-text output: stable from build to build
        return f"{len(self.figures)} figures to embed"

    def _repr_html_(self) -> str:
        lang = edition.current().lang
        return render(
            "embed_list.html",
            figures=[self._item(f) for f in self.figures],
            empty=_("The list of figures is made when the site is built."),
            zip=zip_name(lang),
            zip_text=_("Download the data of every figure (zip)"),
            preview=_("Preview"),
            csv_text=_("Download the data (CSV)"),
        )

    def _item(self, figure: dict) -> dict:
        """One figure of the list: its size, and the iframe code of each edition (shown as text)."""
        height = embed_height(figure)
        snippets = []
        for code in settings.LANGUAGES:
            src = f"../../{code}/embed/{figure['key']}.html"
            snippets.append(
                {
                    "lang": code,
                    "name": edition.NAMES[code],
                    "src": src,
                    "code": render("embed_iframe.html", src=src, title=figure["title"], height=height),
                }
            )
        size = _("Recommended size: full width of the column (at least 320 pixels), {height} pixels high.").format(
            height=i18n.fmt_number(height)
        )
        return {"key": figure["key"], "title": figure["title"], "size": size, "snippets": snippets}
