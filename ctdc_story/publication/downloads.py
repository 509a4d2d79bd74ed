"""What the site publishes next to each figure: its data as CSV, one zip per edition, and a
self-contained folder ready for an iframe, <edition>/embed/<key>/: its page (index.html), its static SVGs
and PNG, its CSV, and its own copies of ctdc.js, ctdc.css (with the Arabic web fonts) and plotly.js, so
that copying that folder alone is enough. The page posts its height to the page that embeds it
(ctdc.js, embedResize), and the iframe code (figure_tools.snippet) resizes the frame.

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

Read it with ``pandas.read_csv(url, comment="#")`` (figure_tools.READ_CSV), which the site shows beside
every CSV link and each zip's README gives.
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
from ctdc_story.presentation import charts, figure_tools
from ctdc_story.presentation.templating import Displayable, render
from ctdc_story.publication import static_charts
from ctdc_story.text import edition, i18n
from ctdc_story.text.i18n import N_, _

COLUMN = N_("{column} = {label}")  # a column of a CSV file and what it holds, in its header block

# Every entry of the zip carries this date, so that the same figures give the same bytes.
ZIP_DATE = (2022, 12, 1, 0, 0, 0)
EXTRA_HEIGHT = figure_tools.EXTRA_HEIGHT  # title, guide, tools, source line and credit around the chart


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
            labels=i18n.fmt_series(
                [
                    _(COLUMN, lang).format(column=c, label=label)
                    for c, label in zip(figure["columns"], figure["labels"])
                ],
                lang,
            )
        ),
    ]
    out = io.StringIO()
    for line in head:
        out.write("# " + i18n.one_line(str(line)) + "\n")
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
        _("To read a file in Python (pandas):", lang),
        "    " + figure_tools.READ_CSV,
        figure_tools.read_csv_note(lang),
        "",
        *provenance(lang),
        _("Cite as: {citation}", lang).format(citation=citation(lang)),
        terms(lang),
        privacy_note(lang),
        "",
        _("Files:", lang),
    ]
    lines += ["- " + _("{file}: {title}", lang).format(file=f"{f['key']}.csv", title=f["title"]) for f in figures]
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


def local(html: str, key: str) -> str:
    """A figure's HTML (charts.Figure) with the addresses of its own files made local to its embed folder."""
    for prefix in ("../figures/", "../data/", f"../{figure_tools.EMBED}/{key}/"):
        html = html.replace(f'"{prefix}', '"')
    return html


def embed_page(figure: dict) -> str:
    """A figure's page for an iframe, <edition>/embed/<key>/index.html: the figure with its guide, tools,
    table and source, its static SVG first, then drawn by the folder's own plotly.js, and the credit. It asks
    for nothing outside its folder."""
    lang = figure["lang"]
    return render(
        "embed_page.html",
        lang=lang,
        dir=figure["dir"],
        key=figure["key"],
        title=figure["title"],
        font=charts.FONT,
        figure_html=local(figure["html"], figure["key"]),
        credit=_('From "{book}"', lang).format(book=book_title(lang)),
        credit_url=figure_tools.edition_url(lang),
    )


def embed_height(figure: dict) -> int:
    """The iframe's height before its page resizes it: the chart and the text around it."""
    return figure_tools.embed_height(figure["height"])


def snippet(src: str, title: str, height: int) -> str:
    """The iframe code of an embed (a chart ``height`` pixels high), with the few lines of script that
    resize the frame to its page: the same code as under each figure (figure_tools.html)."""
    return render("embed_iframe.html", src=src, title=title, height=figure_tools.embed_height(height))


# Files of the edition's _static/ that every embed folder holds its own copy of.
EMBED_ASSETS = ("ctdc.js", "ctdc.css", "plotly.min.js")
EMBED_FONTS = ("noto-naskh-arabic-arabic-400-normal.woff2", "noto-naskh-arabic-arabic-700-normal.woff2")


def _place(source: Path, target: Path) -> None:
    """A copy of ``source`` at ``target``, as a hard link where the file system allows (same bytes,
    no extra space in the build; a copy of the folder is a plain copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def publish_embed(figure: dict, edition: Path, csv: bytes) -> Path:
    """Write the embed folder of one figure (after static_charts.publish, whose files it copies)."""
    key = figure["key"]
    folder = edition / figure_tools.EMBED / key
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "index.html", embed_page(figure))
    write_atomic(folder / f"{key}.csv", csv)
    for image in sorted((edition / static_charts.FOLDER).glob(f"{key}-*")):
        if image.stem.removeprefix(f"{key}-") in charts.STATIC_WIDTHS:
            _place(image, folder / image.name)
    static = edition / "_static"
    for name in EMBED_ASSETS:
        _place(static / name, folder / name)
    for name in EMBED_FONTS:
        if (static / "fonts" / name).exists():
            _place(static / "fonts" / name, folder / "fonts" / name)
    return folder


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
    """Write <edition>/data/<key>.csv, figures.json, <lang>-figures.zip, the static charts,
    <edition>/figures/<key>-<narrow|wide>.svg and <key>-wide.png (static_charts), and each figure's embed
    folder, <edition>/embed/<key>/."""
    for folder in ("data", figure_tools.EMBED):
        shutil.rmtree(edition / folder, ignore_errors=True)
        (edition / folder).mkdir(parents=True)
    for figure in figures:
        write_atomic(edition / "data" / f"{figure['key']}.csv", csv_bytes(figure))
    write_atomic(edition / "data" / INDEX, index_json(figures))
    write_atomic(edition / "data" / zip_name(lang), zip_bytes(figures, lang))
    static_charts.publish(figures, lang, edition)
    for figure in figures:
        publish_embed(figure, edition, csv_bytes(figure))


# --- the Embed page of each edition --------------------------------------------

FIGURES_ENV = "CTDC_FIGURES"


def manifest(figures: list[dict]) -> str:
    """What the Embed page needs to know of the edition's figures (the build passes it in CTDC_FIGURES)."""
    return json.dumps(
        [{k: f[k] for k in ("key", "title", "height")} for f in figures], ensure_ascii=False, sort_keys=True, indent=1
    )


class EmbedIndex(Displayable):
    """The Embed page's list: for each figure, a live preview of its embed beside its iframe code (in the
    edition's language, with the edition's title), the CSV with the line that reads it, and the edition's
    zip. Addresses are the public ones; ctdc.js shows them as the page's own once it is served elsewhere."""

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
            code_text=_("Embed code"),
            open_text=_("Open the embed on its own"),
            csv_text=_("Download the data (CSV)"),
            read_csv=figure_tools.READ_CSV,
            read_csv_note=figure_tools.read_csv_note(),
        )

    def _item(self, figure: dict) -> dict:
        """One figure of the list: its preview, its iframe code (shown as text) and its recommended size."""
        lang = edition.current().lang
        height = embed_height(figure)
        src = f"../{figure_tools.embed_path(figure['key'])}"
        absolute = figure_tools.edition_url(lang) + figure_tools.embed_path(figure["key"])
        size = i18n.ngettext(
            "Width: the full width of the column, from 320 pixels. Height: set by the frame's own script "
            "({height} pixel until it runs).",
            "Width: the full width of the column, from 320 pixels. Height: set by the frame's own script "
            "({height} pixels until it runs).",
            height,
        ).format(height=i18n.fmt_number(height))
        return {
            "key": figure["key"],
            "title": figure["title"],
            "size": size,
            "src": src,
            "abs": absolute,
            "preview": render("embed_iframe.html", src=src, title=figure["title"], height=height),
            "code": snippet(absolute, figure["title"], figure["height"]),
        }
