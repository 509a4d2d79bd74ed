"""Figures as the book shows them (GUIDE §2).

Each figure carries a title that states the finding, a one-line reading guide,
the chart, a text summary, the aggregate table behind it and a source line with
the base. Charts are Plotly figures drawn by the site's own plotly.js: the HTML
here never embeds or fetches the library.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from ctdc_story.data import loader, privacy
from ctdc_story.meta import settings
from ctdc_story.presentation.templating import Displayable, render
from ctdc_story.text import edition, i18n, labels, numbers
from ctdc_story.text.i18n import N_, _, fmt_base, fmt_int, fmt_pct, ngettext
from ctdc_story.text.numbers import N_plural

# A figure's aggregates and metadata travel in the notebook output under this type, next to
# its HTML; the build collects them for the downloads and the embeddable pages.
FIGURE_MIME = "application/vnd.ctdc.figure+json"

# IOM's palette (Brand Style Guide, 2nd edition, 2021): IOM blue, UN blue and IOM red as they are,
# IOM yellow and IOM green darkened in the same hue to reach 3:1 contrast on white (GUIDE §2), and
# IOM's dark grey. In this order every pair stays apart for protan, deutan and tritan readers
# (tests/unit/presentation/test_palette.py simulates them). Patterns back up colour for print and
# for readers who cannot tell the hues apart.
IOM_BLUE = "#0033A0"
PALETTE = (IOM_BLUE, "#B87E00", "#418FDE", "#D22630", "#2F7F7A", "#404040")
PATTERNS = ("", "/", ".", "x", "-", "\\")
TEXT = "#1A1A1A"
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Naskh Arabic', Tahoma, sans-serif"
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}
# In the site, every chart is first a static SVG drawn at build time (publication/static_charts.py),
# which the page shows with no script; ctdc.js swaps in the interactive chart. Each is drawn at the
# width of the chart box where it is shown: a 360-pixel phone (328 px) and a 1280-pixel desktop
# (688 px); the wide one is shown from a viewport of STATIC_WIDE_FROM pixels.
STATIC_WIDTHS = {"narrow": 328, "wide": 688}
STATIC_WIDE_FROM = 600
# A chart's plot spec in a site page (figure.html): its plot id and the JSON text of spec_json(), in
# which "</" is written "<\/" (templating.script_json), so the element ends at the first "</script".
SPEC_SCRIPT = re.compile(
    r'<script type="application/json" class="ctdc-plot-spec" data-plot="(plot-[\w-]+)">(.*?)</script>', re.S
)

# Sentences that carry counts; the disclosure audit reads them back in every edition.
# Each is a plural entry (singular, plural): its noun follows the count it names (``missing``, the
# hover's ``base``, the resolution), in the two forms of French and the six of Arabic.
SOURCE = N_plural(
    "Source: CTDC Global Victim-Perpetrator Synthetic Dataset, release of {date}; "
    "synthetic data. Base: {base} (n = {n}). Left out as not recorded: {missing} record.",
    "Source: CTDC Global Victim-Perpetrator Synthetic Dataset, release of {date}; "
    "synthetic data. Base: {base} (n = {n}). Left out as not recorded: {missing} records.",
)
# The same for a file that is not the CTDC release (loader.provenance): its name and sha256.
SOURCE_OTHER_FILE = N_plural(
    "Source: the file {file} (sha256 {sha256}), not the CTDC release of {date} of the Global "
    "Victim-Perpetrator Synthetic Dataset; synthetic data. Base: {base} (n = {n}). Left out as not "
    "recorded: {missing} record.",
    "Source: the file {file} (sha256 {sha256}), not the CTDC release of {date} of the Global "
    "Victim-Perpetrator Synthetic Dataset; synthetic data. Base: {base} (n = {n}). Left out as not "
    "recorded: {missing} records.",
)
# What the downloads and briefs add when the file is not the release.
OTHER_FILE = N_(
    "Built from the file {file} (sha256 {sha256}), which is not the CTDC release of {date}: "
    "figures may differ from those of the official release."
)
# Hovers are broken over short lines (<br>) so that they stay on a phone's screen beside the bar they point at.
HOVER = N_plural("{label}: {share}<br>({count} of {base} record)", "{label}: {share}<br>({count} of {base} records)")
HOVER_SUPPRESSED = N_plural(
    "{label}:<br>fewer than {resolution} record,<br>not shown",
    "{label}:<br>fewer than {resolution} records,<br>not shown",
)
COUNT_TEMPLATES = {
    SOURCE: ("n", "missing"),
    SOURCE_OTHER_FILE: ("n", "missing"),
    HOVER: ("count", "base"),
}  # template (singular, plural) -> its count fields


def count_templates(lang: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Every form, in the edition's language, of the sentences that carry counts, with their count
    fields: what the disclosure audit reads back (all the plural forms: the Arabic six)."""
    return [
        (form, fields)
        for template, fields in COUNT_TEMPLATES.items()
        for form in dict.fromkeys(numbers.plural_forms(*template, lang))
    ]


def release_date(lang: str | None = None) -> str:
    return i18n.fmt_date(settings.DATA_RELEASE, lang)


def other_file(lang: str | None = None) -> dict[str, str] | None:
    """The name and sha256 of the dataset file, ready for a sentence, when it is not the CTDC
    release; None for the release."""
    used = loader.provenance()
    if used.is_official_release:
        return None
    return {"file": i18n.isolate(used.name, lang), "sha256": i18n.isolate(used.sha256, lang)}


def provenance_note(lang: str | None = None) -> str | None:
    """'Built from the file …, which is not the CTDC release …' or None for the release."""
    other = other_file(lang)
    return None if other is None else _(OTHER_FILE, lang).format(date=release_date(lang), **other)


def source_line(base: str, table: pd.DataFrame) -> str:
    """'Source: …, synthetic data. Base: <base> (n = …). Left out as not recorded: … records.'
    The counts come from the table's attrs (stats.shares), already rounded by the privacy rule.
    A file that is not the CTDC release is named with its sha256."""
    other = other_file()
    missing = table.attrs.get("not_recorded")
    return ngettext(*(SOURCE if other is None else SOURCE_OTHER_FILE), numbers.plural_n(missing)).format(
        date=release_date(),
        base=base,
        n=fmt_base(table.attrs.get("n")),
        missing=fmt_base(missing),
        **(other or {}),
    )


@dataclass(repr=False)  # its plain-text form is Displayable's
class Figure(Displayable):
    """A chart with everything a reader needs to read it correctly."""

    key: str
    title: str
    guide: str
    source: str
    plot: go.Figure
    table: pd.DataFrame
    summary: str
    height: int = 360
    notes: list[str] = field(default_factory=list)
    data: pd.DataFrame | None = None  # aggregates for download (aggregate_table)
    base: str = ""
    query: dict | None = None  # what defines each row of data (stats.cell_masks)
    # Small multiples: their layout for a wide chart box (panels in two columns) and its height.
    wide: go.Figure | None = None
    wide_height: int = 0

    def text(self) -> str:  # the plain-text form of the output: stable, and readable
        return f"{self.title}\n{self.source}"

    def plot_json(self) -> tuple[str, str]:
        return _plot_json(self.plot)

    def spec_json(self) -> str:
        """What plotly.js draws, as one JSON object: {"data": [...], "layout": {...}, "config": {...}};
        small multiples add "wide": {"data": [...], "layout": {...}}, their layout for a chart box at
        least STATIC_WIDE_FROM pixels wide (the wide static SVG, and ctdc.js in such a box)."""
        data, layout = self.plot_json()
        config = json.dumps(PLOT_CONFIG, sort_keys=True)
        if self.wide is None:
            return f'{{"data": {data}, "layout": {layout}, "config": {config}}}'
        wide_data, wide_layout = _plot_json(self.wide)
        wide = f'{{"data": {wide_data}, "layout": {wide_layout}}}'
        return f'{{"data": {data}, "layout": {layout}, "config": {config}, "wide": {wide}}}'

    def static_images(self) -> list[dict]:
        """The static SVGs of the chart that the build writes to <edition>/figures/ (narrow first), each
        with its size in CSS pixels and its address from a page (pages are one folder deep)."""
        heights = {"narrow": self.height, "wide": self.wide_height if self.wide is not None else self.height}
        return [
            {"name": name, "width": width, "height": heights[name], "src": f"../figures/{self.key}-{name}.svg"}
            for name, width in STATIC_WIDTHS.items()
        ]

    def _repr_html_(self) -> str:
        data, layout = self.plot_json()
        site = settings.in_site_build()
        narrow, wide = self.static_images()
        return render(
            "figure.html",
            key=self.key,
            title=self.title,
            guide=self.guide,
            height=self.height,
            data=data,
            layout=layout,
            config=json.dumps(PLOT_CONFIG, sort_keys=True),
            static=site,
            spec=self.spec_json() if site else "",
            narrow=narrow,
            wide=wide,
            wide_from=STATIC_WIDE_FROM,
            activate=_("Make this chart interactive"),
            activating=_("Loading the interactive chart…"),
            summary=self.summary,
            notes=self.notes,
            show_data=_("Show the data behind this chart"),
            **table_context(self.table),
            source=self.source,
            download=self._download_text(),
        )

    def _download_text(self) -> str:
        """The text of the link to the figure's CSV, which the build writes to <edition>/data/ (pages are
        one folder deep); none outside the site build."""
        if self.data is None or not settings.in_site_build():
            return ""
        return _("Download the data (CSV)")

    def payload(self) -> dict:
        """Everything the build needs to publish the figure's data and its embeddable page."""
        data = self.data if self.data is not None else pd.DataFrame(columns=list(DATA_COLUMNS))
        return {
            "key": self.key,
            "lang": edition.current().lang,
            "dir": i18n.direction(),
            "title": self.title,
            "guide": self.guide,
            "base": self.base,
            "source": self.source,
            "summary": self.summary,
            "notes": list(self.notes),
            "height": self.height,
            "query": self.query,
            "spec": self.spec_json(),
            "static": self.static_images(),
            "html": self._repr_html_(),
            "columns": list(data.columns),
            "labels": [_(DATA_COLUMNS[c]) for c in data.columns],
            "rows": [[_value(v) for v in row] for row in data.itertuples(index=False)],
        }

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self._repr_html_(), FIGURE_MIME: self.payload()}


def _plot_json(plot: go.Figure) -> tuple[str, str]:
    """A plot's data and layout as JSON texts."""
    spec = plot.to_plotly_json()
    data = to_json_plotly(spec.get("data", []))
    layout = json.loads(to_json_plotly(spec.get("layout", {})))
    return data, json.dumps(layout, sort_keys=True, ensure_ascii=False)


def drawn_spec(spec: str, image: str) -> str:
    """The spec (JSON text, Figure.spec_json) of what one static image (a name of STATIC_WIDTHS) shows:
    the spec itself for a chart with one layout; for small multiples, their narrow or their wide layout."""
    parsed = json.loads(spec)
    wide = parsed.pop("wide", None)
    if wide is None:
        return spec
    if image == "wide":
        parsed.update(wide)
    return json.dumps(parsed, sort_keys=True, ensure_ascii=False)


def table_context(table: pd.DataFrame) -> dict:
    """What table.html needs: the column headers, and the rows (the first cell of each is its header)."""
    return {"columns": list(table.columns), "rows": list(table.itertuples(index=False))}


def html_table(table: pd.DataFrame) -> str:
    """An accessible HTML table: column headers, and the first column as row headers."""
    return render("table.html", **table_context(table))


def _layout(height: int, **extra) -> dict:
    rtl = i18n.direction() == "rtl"
    layout = dict(
        template=go.layout.Template(),
        height=height,
        margin=dict(l=8, r=8, t=8, b=32),
        font=dict(family=FONT, size=14, color=TEXT),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        # Hover labels on white, not on the mark's colour: dark text on every palette colour
        # would otherwise fall below 4.5:1.
        hoverlabel=dict(
            bgcolor="#FFFFFF",
            bordercolor=TEXT,
            font=dict(family=FONT, size=14, color=TEXT),
            align="right" if rtl else "left",
        ),
        showlegend=False,
        # Plotly's own numbers (none is shown today: values and hovers are written by i18n) take
        # the edition's decimal and group symbols, e.g. 17\u202f584 in Arabic and French.
        separators=i18n.number_symbols()["decimal"] + i18n.number_symbols()["group"],
    )
    layout.update(extra)
    return layout


def _value(v):
    return None if v is None or pd.isna(v) else v


def share_table(table: pd.DataFrame, of: str, within: str | None = None) -> pd.DataFrame:
    """The aggregate table behind a share chart, with translated headers and labels."""
    out = pd.DataFrame()
    if within:
        out[_("Group")] = [labels.category(within, g) for g in table["group"]]
    out[_("Category")] = [labels.category(of, c) for c in table["category"]]
    out[_("Share")] = [fmt_pct(_value(s), 1) for s in table["share"]]
    out[_("Records")] = [fmt_int(_value(c)) for c in table["count"]]
    out[_("Base (records)")] = [fmt_int(_value(b)) for b in table["base"]]
    return out


# Columns of a figure's downloadable aggregates: stable ids in every edition, translated labels.
DATA_COLUMNS = {
    "group_code": N_("Group (code in the dataset)"),
    "group": N_("Group"),
    "category_code": N_("Category (code in the dataset)"),
    "category": N_("Category"),
    "share": N_("Share (0 to 1)"),
    "count": N_("Records"),
    "base": N_("Base (records)"),
    "not_recorded": N_("Records of the group where the variable is not recorded"),
}


def aggregate_table(table: pd.DataFrame, of: str, within: str | None = None) -> pd.DataFrame:
    """The aggregates behind a share chart, for download: codes and translated labels, shares as
    fractions and counts as integers, or "<10" below the privacy resolution."""

    def count(values):
        return [privacy.SUPPRESSED if pd.isna(v) else int(v) for v in values]

    groups = list(table["group"]) if within else ["all"] * len(table)
    return pd.DataFrame(
        {
            "group_code": groups,
            "group": [labels.category(within, g) if within else _("All records") for g in groups],
            "category_code": list(table["category"]),
            "category": [labels.category(of, c) for c in table["category"]],
            "share": [None if pd.isna(s) else round(float(s), 4) for s in table["share"]],
            "count": count(table["count"]),
            "base": count(table["base"]),
            "not_recorded": count(table["not_recorded"]),
        },
        columns=list(DATA_COLUMNS),
    )


# Charts are laid out for a phone first: a chart box is NARROW pixels wide on a 360 px screen (the page
# has a margin), and the same layout must read at any wider box. Every bar has its name written above
# it and its value written at its end, so no axis labels, legend or colour scale compete for the width.
# The vertical axis counts pixels from the top: names, bars and gaps are placed where they are drawn.
NARROW = 328
NAME_FONT, HEAD_FONT, VALUE_FONT = 13, 14, 13
NAME_LINE, HEAD_LINE = 17, 19  # pixels per line of a bar's name, of a panel's heading
BAR, GAP, PANEL_GAP = 16, 9, 12  # a bar's thickness; the space below it; the space after a panel
NAME_WIDTH, HEAD_WIDTH, HOVER_WIDTH = 40, 34, 24  # characters per line that fit NARROW pixels
VALUE_ROOM = 52  # pixels kept at the end of the longest bar for its value ("100 %")
MARGIN = 4
# Short names (every one of a chart at most INLINE characters) are written beside their bars, in a
# column of at most INLINE * CHAR pixels, which saves a line per bar; longer ones go above their bars.
INLINE, CHAR, INLINE_GAP = 21, 7.6, 6
# A wide chart box (the wide static SVG) shows small multiples in two columns, COLUMN_GAP pixels apart;
# each column is a little wider than a phone's chart, and writes names of up to WIDE_INLINE characters
# beside their bars (the Arabic "Americas and Oceania" is 22), which halves the height of a panel.
WIDE, COLUMN_GAP, WIDE_INLINE = STATIC_WIDTHS["wide"], 24, 24
WIDE_HEAD_GAP = 4  # more room under a heading when Arabic names stand beside their bars (Naskh's tall glyphs)


def wrap(label: str, width: int = 22) -> str:
    """Break a long label over lines (<br>) so that it fits a phone's width, only at plain spaces:
    French keeps its no-break space before ":" (never a line that opens with ":")."""
    lines, line = [], ""
    for word in i18n.ASCII_SPACE.split(label.strip()):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _lines(text: str) -> int:
    return text.count("<br>") + 1


def _share_text(share: float | None) -> str:
    """A share as the chart writes it: a rounded percentage, or "<10" where the privacy rule hides it."""
    return fmt_pct(share) if share is not None else privacy.SUPPRESSED


@dataclass
class _Row:
    """One bar: its name, its share (None where the privacy rule hides it), its hover and its series."""

    name: str
    share: float | None
    hover: str
    series: int = 0


@dataclass
class _Panel:
    """A heading (or none) and the bars under it."""

    heading: str | None
    rows: list[_Row]


@dataclass
class _Drawing:
    """Where everything of a bar chart goes: the bars of each series, and the texts."""

    bars: dict[int, list[tuple[float, float, str, str]]] = field(default_factory=dict)  # y, share, value, hover
    annotations: list[dict] = field(default_factory=list)
    height: float = 0


def _text(text: str, y: float, size: int, rtl: bool, axes: tuple[str, str] = ("paper", "y"), **extra) -> dict:
    """A name or heading at the start of the chart's width (the right in Arabic), its top at y; ``axes``
    are what x and y are measured on (a column of a wide layout: its axis's domain and its y axis)."""
    return dict(
        text=text,
        xref=axes[0],
        x=1 if rtl else 0,
        xanchor="right" if rtl else "left",
        align="right" if rtl else "left",
        yref=axes[1],
        y=y,
        yanchor="top",
        showarrow=False,
        font=dict(family=FONT, size=size, color=TEXT),
        **extra,
    )


def _draw(
    panels: list[_Panel],
    rtl: bool,
    caption: str = "",
    column: int = 0,
    axis: str | None = None,
    top: float = 0.0,
    caption_width: int = NAME_WIDTH,
) -> _Drawing:
    """Place the texts and bars from the top down (from ``top``); with a ``column`` (pixels) for names
    beside the bars, the caption and headings start at the chart's edge, over that column. Given an
    ``axis`` ("" or "2": a column of the wide layout), everything is placed on the axes x<axis>, y<axis>,
    names at the edge of that x axis's domain rather than of the chart; the caption is wrapped at
    ``caption_width`` characters (the wide layout's spans both columns)."""
    drawing, y = _Drawing(), top
    axes = ("paper", "y") if axis is None else (f"x{axis} domain", f"y{axis}")
    edge = dict(xshift=column if rtl else -column) if column else {}
    if caption:
        caption = wrap(caption, caption_width)
        drawing.annotations.append(_text(caption, y, NAME_FONT, rtl, axes, **edge))
        y += NAME_LINE * _lines(caption) + 6
    for panel in panels:
        if panel.heading:
            heading = wrap(panel.heading, HEAD_WIDTH)
            bold = f"<b>{heading}</b>".replace("<br>", "</b><br><b>")
            drawing.annotations.append(_text(bold, y, HEAD_FONT, rtl, axes, **edge))
            y += HEAD_LINE * _lines(heading) + 3 + (WIDE_HEAD_GAP if axis is not None and column and rtl else 0)
        for row in panel.rows:
            if column:  # the name in the column beside the bar, ending where the bar begins
                centre = y + BAR / 2
                beside = _text(row.name, centre, NAME_FONT, rtl, axes, xshift=INLINE_GAP if rtl else -INLINE_GAP)
                beside.update(yanchor="middle", xanchor="left" if rtl else "right", align="left" if rtl else "right")
                drawing.annotations.append(beside)
            else:
                name = wrap(row.name, NAME_WIDTH)
                drawing.annotations.append(_text(name, y, NAME_FONT, rtl, axes))
                y += NAME_LINE * _lines(name) + 5  # descenders clear the bar and the value beside it
                centre = y + BAR / 2
            value = _share_text(row.share)
            drawing.bars.setdefault(row.series, []).append((centre, row.share or 0.0, value, row.hover))
            drawing.annotations.append(
                dict(
                    text=value,
                    xref=f"x{axis or ''}",
                    x=row.share or 0.0,
                    xanchor="right" if rtl else "left",
                    xshift=-4 if rtl else 4,
                    yref=f"y{axis or ''}",
                    y=centre,
                    yanchor="middle",
                    showarrow=False,
                    font=dict(family=FONT, size=VALUE_FONT, color=TEXT),
                )
            )
            y += BAR + (INLINE_GAP if column else GAP)
        y += PANEL_GAP if panel.heading else 0
    drawing.height = y
    return drawing


def _traces(drawing: _Drawing, names: dict[int, str], axis: str = "") -> list[go.Bar]:
    """One trace per series, in its own colour and pattern; each bar hovers its sentence. Given an
    ``axis`` ("2"), the traces are drawn on the axes x<axis>, y<axis>."""
    traces = []
    on = dict(xaxis=f"x{axis}", yaxis=f"y{axis}") if axis else {}
    for series, bars in sorted(drawing.bars.items()):
        traces.append(
            go.Bar(
                name=names.get(series),
                x=[b[1] for b in bars],
                y=[b[0] for b in bars],
                width=BAR,
                orientation="h",
                text=[b[2] for b in bars],
                textposition="none",
                hovertext=[_in_reading_order(b[3]) for b in bars],
                hoverinfo="text",
                # "overlay" keeps the colour under the pattern; without a template plotly.js would
                # draw the pattern alone on a transparent bar.
                marker=dict(
                    color=PALETTE[series % len(PALETTE)],
                    pattern=dict(
                        shape=PATTERNS[series % len(PATTERNS)], fillmode="overlay", fgcolor="#FFFFFF", solidity=0.3
                    ),
                ),
                **on,
            )
        )
    return traces


def _name_column(panels: list[_Panel], inline: int = INLINE) -> int:
    """The width in pixels of the column of names beside the bars, for names of at most ``inline``
    characters (0: every name goes above its bar)."""
    longest = max(len(r.name) for p in panels for r in p.rows)
    return int(longest * CHAR) + 2 * INLINE_GAP if longest <= inline else 0


def _bars_plot(panels: list[_Panel], names: dict[int, str] | None = None, caption: str = "") -> tuple[go.Figure, int]:
    """A chart of labelled bars, panel under panel (under a caption, if any), and its height in pixels."""
    rtl = i18n.direction() == "rtl"
    column = _name_column(panels)
    drawing = _draw(panels, rtl, caption, column)
    top = max([r.share or 0.0 for p in panels for r in p.rows] + [0.01])
    width = NARROW - 2 * MARGIN - column
    end = top * width / (width - VALUE_ROOM)  # the longest bar leaves room for its value
    height = int(drawing.height) + 2 * MARGIN
    side = dict(r=MARGIN + column, l=MARGIN) if rtl else dict(l=MARGIN + column, r=MARGIN)
    plot = go.Figure(_traces(drawing, names or {}))
    plot.update_layout(
        **_layout(
            height,
            margin=dict(t=MARGIN, b=MARGIN, **side),
            barmode="overlay",
            bargap=0,
            annotations=drawing.annotations,
            xaxis=dict(range=[end, 0] if rtl else [0, end], visible=False, fixedrange=True),
            yaxis=dict(range=[drawing.height, 0], visible=False, fixedrange=True),
        )
    )
    return plot, height


def _balanced(heights: list[float]) -> int:
    """Where to cut panels of these heights into two columns (the first k in the first column) so that
    the taller column is as short as it can be."""
    return min(range(1, len(heights)), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))


def _wide_plot(
    panels: list[_Panel], names: dict[int, str] | None = None, caption: str = ""
) -> tuple[go.Figure, int] | None:
    """Small multiples (two panels or more) for a wide chart box (WIDE pixels, the wide static SVG and
    the interactive chart in a box at least STATIC_WIDE_FROM wide): the panels in two columns of
    about NARROW pixels, each laid out as on a phone, balanced by height and read column after column,
    the first column on the left (on the right in Arabic), under the caption (across both columns);
    about half as tall as
    the narrow layout. Both columns share one scale, so bars compare across them. None for one panel."""
    if len(panels) < 2:
        return None
    rtl = i18n.direction() == "rtl"
    column = _name_column(panels, WIDE_INLINE)
    head = _draw([], rtl, caption, column, axis="", caption_width=2 * NAME_WIDTH).height
    cut = _balanced([_draw([p], rtl, "", column, axis="").height for p in panels])
    first = _draw(panels[:cut], rtl, caption, column, axis="", caption_width=2 * NAME_WIDTH)
    second = _draw(panels[cut:], rtl, "", column, axis="2", top=head)
    tall = max(first.height, second.height)
    width = WIDE - 2 * MARGIN
    box = (width - COLUMN_GAP) / 2  # a column: its names and its bars
    top = max([r.share or 0.0 for p in panels for r in p.rows] + [0.01])
    end = top * (box - column) / (box - column - VALUE_ROOM)
    axes = {}
    for i, name in enumerate(("", "2")):
        start = width - box - i * (box + COLUMN_GAP) if rtl else i * (box + COLUMN_GAP)
        bars = (start, start + box - column) if rtl else (start + column, start + box)
        axes[f"xaxis{name}"] = dict(
            domain=[bars[0] / width, bars[1] / width],
            range=[end, 0] if rtl else [0, end],
            anchor=f"y{name}",
            visible=False,
            fixedrange=True,
        )
        axes[f"yaxis{name}"] = dict(range=[tall, 0], anchor=f"x{name}", visible=False, fixedrange=True)
    height = int(tall) + 2 * MARGIN
    plot = go.Figure(_traces(first, names or {}) + _traces(second, names or {}, axis="2"))
    plot.update_layout(
        **_layout(
            height,
            margin=dict(t=MARGIN, b=MARGIN, l=MARGIN, r=MARGIN),
            barmode="overlay",
            bargap=0,
            annotations=first.annotations + second.annotations,
            **axes,
        )
    )
    return plot, height


def _hover(label: str, share: float | None, count: int | None, base: int | None) -> str:
    """The sentence a bar hovers, its label broken over short lines so that it stays on a phone's screen."""
    label = wrap(label, HOVER_WIDTH)
    if share is None or pd.isna(share):
        return ngettext(*HOVER_SUPPRESSED, privacy.RESOLUTION).format(
            label=label, resolution=fmt_int(privacy.RESOLUTION)
        )
    # The share is isolated left to right: drawn alone, plotly.js's SVG text puts an Arabic "61.2%"'s
    # sign on the left of its number, where the prose (HTML) has it on the right.
    return ngettext(*HOVER, numbers.plural_n(base)).format(
        label=label, share=i18n.isolate(fmt_pct(share, 1)), count=fmt_int(count), base=fmt_int(base)
    )


def _in_reading_order(hover: str) -> str:
    """A hover as the edition reads it. plotly.js draws each line (<br>) as an SVG text of its own,
    whose base direction comes from its first strong letter: an Arabic line that opens with a
    number or a Latin name is laid out left to right, which sends its closing ":" or ")" to the
    wrong end and parts a "%" from its number. Each line is isolated right to left (RLI…PDI)."""
    if i18n.direction() != "rtl":
        return hover
    return "<br>".join(f"\u2067{line}\u2069" for line in hover.split("<br>"))


def _rows(names: list[str], part: pd.DataFrame) -> list[_Row]:
    return [
        _Row(n, _value(s), _hover(n, _value(s), _value(c), _value(b)))
        for n, s, c, b in zip(names, part["share"], part["count"], part["base"])
    ]


SUMMARY_ITEM = N_("{name}: {value}")  # one bar in a chart's text summary, e.g. "Forced labour: 54%"
SUMMARY_GROUP = N_("{group} — {values}.")  # one panel's sentence in a chart's text summary: its heading, its bars
SUMMARY = N_("{values}.")  # the text summary of a chart of one panel


def _summary_value(share: float | None) -> str:
    """A bar's value in a text summary, where "<10" keeps its order inside right-to-left text."""
    return _share_text(share) if share is not None else i18n.isolate(privacy.SUPPRESSED)


def _listing(names: list[str], shares) -> str:
    """Each bar's name and value, as a series ("A: 1%; B: 2%; C: 3%"): a name may hold a comma."""
    items = [_(SUMMARY_ITEM).format(name=n, value=_summary_value(s)) for n, s in zip(names, shares)]
    return i18n.fmt_series(items)


def _summary(names: list[str], shares) -> str:
    """The text summary of a chart of one panel: one sentence."""
    return _(SUMMARY).format(values=_listing(names, shares))


def _group_summary(groups: list[tuple[str, list[str], list]]) -> str:
    """The text summary of small multiples: a sentence per panel, (its name, its bars' names, their shares)."""
    return " ".join(_(SUMMARY_GROUP).format(group=g, values=_listing(n, s)) for g, n, s in groups)


@dataclass
class _Chart:
    """What every chart kind shares: its key, its table, what it counts and its words."""

    key: str
    table: pd.DataFrame
    of: str
    title: str
    guide: str
    base: str
    notes: list[str] | None = None

    def figure(
        self,
        plot: go.Figure,
        summary: str,
        height: int,
        part: pd.DataFrame,
        within: str | None,
        wide: tuple[go.Figure, int] | None = None,
    ) -> Figure:
        """The Figure of ``plot``, with the aggregates of ``part`` (the rows of the table it draws) and,
        for small multiples, their ``wide`` layout and its height."""
        return Figure(
            key=self.key,
            title=self.title,
            guide=self.guide,
            source=source_line(self.base, self.table),
            query=self.table.attrs.get("query"),
            plot=plot,
            table=share_table(part, self.of, within),
            summary=summary,
            height=height,
            notes=self.notes or [],
            data=aggregate_table(part, self.of, within),
            base=self.base,
            wide=wide[0] if wide else None,
            wide_height=wide[1] if wide else 0,
        )


def bar_chart(
    key: str,
    table: pd.DataFrame,
    of: str,
    *,
    title: str,
    guide: str,
    base: str,
    within: str | None = None,
    category: str | None = None,
    notes: list[str] | None = None,
) -> Figure:
    """Horizontal bars of shares: the categories of ``of`` (one group), or, given ``category``
    and ``within``, that one category across the groups of ``within``."""
    if category is None:
        part = table[table["group"] == "all"]
        names = [labels.category(of, c) for c in part["category"]]
    else:
        assert within is not None, f"{key}: a chart of one category needs within, the groups it compares"
        part = table[table["category"] == category]
        names = [labels.category(within, g) for g in part["group"]]
    rows = _rows(names, part)
    plot, height = _bars_plot([_Panel(None, rows)])
    summary = _summary([r.name for r in rows], [r.share for r in rows])
    chart = _Chart(key, table, of, title, guide, base, notes)
    return chart.figure(plot, summary, height, part, within if category else None)


def _panels(table: pd.DataFrame, of: str, within: str, by_group: bool, heading: str = "") -> list[_Panel]:
    """The bars of a table of shares within groups, a panel per category of ``of`` (each group a
    series: its colour, pattern and name under every heading) or, ``by_group``, a panel per group."""
    groups, cats = list(dict.fromkeys(table["group"])), list(dict.fromkeys(table["category"]))
    cell = {(g, c): r for g, c, r in zip(table["group"], table["category"], table.itertuples())}
    gname = {g: labels.category(within, g) for g in groups}
    cname = {c: labels.category(of, c) for c in cats}
    outer, inner = (groups, cats) if by_group else (cats, groups)
    panels = []
    for o in outer:
        rows = []
        for k, i in enumerate(inner):
            g, c = (o, i) if by_group else (i, o)
            r = cell[(g, c)]
            name = cname[c] if by_group else gname[g]
            title = gname[o] if by_group else cname[o]
            heading_line = _(AXIS_VALUE).format(axis=heading, value=title) if heading else title
            # The panel's heading on a line of its own above the bar's own hover: two names joined
            # by an arrow or a dot read backwards in right-to-left text, and say nothing of which is which.
            hover = (
                wrap(heading_line, HOVER_WIDTH)
                + "<br>"
                + _hover(name, _value(r.share), _value(r.count), _value(r.base))
            )
            rows.append(_Row(name, _value(r.share), hover, k))
        title = gname[o] if by_group else cname[o]
        panels.append(_Panel(_(AXIS_VALUE).format(axis=heading, value=title) if heading else title, rows))
    return panels


AXIS_VALUE = N_("{axis}: {value}")  # a panel's heading: what its bars share, e.g. "Region of exploitation: Africa"
EACH_BAR = N_("Each bar: {axis}")  # the caption of small multiples: what their bars are


def grouped_bar_chart(
    key: str,
    table: pd.DataFrame,
    of: str,
    within: str,
    *,
    title: str,
    guide: str,
    base: str,
    notes: list[str] | None = None,
) -> Figure:
    """Bars of the share of each category within each group: a panel per category, one bar per group,
    each group in its own colour and pattern and named above its bar (no legend to look up)."""
    panels = _panels(table, of, within, by_group=False)
    series = {k: r.name for k, r in enumerate(panels[0].rows)}
    plot, height = _bars_plot(panels, series)
    summary = _group_summary(
        [
            (
                labels.category(within, g),
                [labels.category(of, c) for c in part["category"]],
                [_value(s) for s in part["share"]],
            )
            for g, part in ((g, table[table["group"] == g]) for g in dict.fromkeys(table["group"]))
        ]
    )
    chart = _Chart(key, table, of, title, guide, base, notes)
    return chart.figure(plot, summary, height, table, within, _wide_plot(panels, series))


def heatmap_chart(
    key: str,
    table: pd.DataFrame,
    of: str,
    within: str,
    *,
    x_title: str,
    y_title: str,
    title: str,
    guide: str,
    base: str,
    notes: list[str] | None = None,
) -> Figure:
    """A grid of shares within each row group, drawn as small multiples that fit a phone: a panel per
    row group (headed by ``y_title`` and the group), a bar per column category, each named above
    its bar and its value written at its end. ``x_title`` names what the bars are."""
    panels = _panels(table, of, within, by_group=True, heading=y_title)
    caption = _(EACH_BAR).format(axis=x_title) if x_title else ""
    series = {k: r.name for k, r in enumerate(panels[0].rows)}
    plot, height = _bars_plot(panels, series, caption)
    cats = list(dict.fromkeys(table["category"]))
    names = [labels.category(of, c) for c in cats]
    summary = _group_summary([(p.heading or "", names, [r.share for r in p.rows]) for p in panels])
    chart = _Chart(key, table, of, title, guide, base, notes)
    return chart.figure(plot, summary, height, table, within, _wide_plot(panels, series, caption))


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class HTMLTable(Displayable):
    """An accessible table shown in a notebook, with a caption and a source line."""

    def __init__(self, table: pd.DataFrame, caption: str, source: str):
        self.table, self.caption, self.source = table, caption, source

    def text(self) -> str:
        return f"{self.caption}\n{self.source}"

    def _repr_html_(self) -> str:
        return render("table_figure.html", caption=self.caption, **table_context(self.table), source=self.source)
