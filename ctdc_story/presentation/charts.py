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

from ctdc_story.data import privacy
from ctdc_story.meta import settings
from ctdc_story.presentation.templating import Displayable, render
from ctdc_story.text import edition, i18n, labels
from ctdc_story.text.i18n import N_, _, fmt_base, fmt_int, fmt_pct

# A figure's aggregates and metadata travel in the notebook output under this type, next to
# its HTML; the build collects them for the downloads and the embeddable pages.
FIGURE_MIME = "application/vnd.ctdc.figure+json"

# Colour-blind-safe (Okabe-Ito hues, darkened where needed): every mark has at
# least 3:1 contrast on white. Patterns back up colour for print and for readers
# who cannot tell the hues apart.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#9A6A00", "#6B6B6B")
PATTERNS = ("", "/", ".", "x", "-", "\\")
TEXT = "#1A1A1A"
GRID = "#D9D9D9"
# Heatmap cells run from a blue with 3:1 contrast on white (so that every cell stands out from
# the page, whatever its value) to a dark navy; each cell's value is written in black or white,
# whichever keeps 4.5:1 on that cell (see heat_text_colour).
HEAT = ("#5E94C8", "#08306B")
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
SOURCE = N_(
    "Source: CTDC Global Victim-Perpetrator Synthetic Dataset, release of {date}; "
    "synthetic data. Base: {base} (n = {n}). Left out as not recorded: {missing} records."
)
HOVER = N_("{label}: {share} ({count} of {base} records)")
HOVER_SUPPRESSED = N_("{label}: fewer than {resolution} records, not shown")
COUNT_TEMPLATES = {SOURCE: ("n", "missing"), HOVER: ("count", "base")}  # template -> its count fields


def release_date(lang: str | None = None) -> str:
    return i18n.fmt_date(settings.DATA_RELEASE, lang)


def source_line(base: str, table: pd.DataFrame) -> str:
    """'Source: …, synthetic data. Base: <base> (n = …). Left out as not recorded: … records.'
    The counts come from the table's attrs (stats.shares), already rounded by the privacy rule."""
    return _(SOURCE).format(
        date=release_date(),
        base=base,
        n=fmt_base(table.attrs.get("n")),
        missing=fmt_base(table.attrs.get("not_recorded")),
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

    def text(self) -> str:  # the plain-text form of the output: stable, and readable
        return f"{self.title}\n{self.source}"

    def plot_json(self) -> tuple[str, str]:
        spec = self.plot.to_plotly_json()
        data = to_json_plotly(spec.get("data", []))
        layout = json.loads(to_json_plotly(spec.get("layout", {})))
        return data, json.dumps(layout, sort_keys=True, ensure_ascii=False)

    def spec_json(self) -> str:
        """What plotly.js draws, as one JSON object: {"data": [...], "layout": {...}, "config": {...}}."""
        data, layout = self.plot_json()
        return f'{{"data": {data}, "layout": {layout}, "config": {json.dumps(PLOT_CONFIG, sort_keys=True)}}}'

    def static_images(self) -> list[dict]:
        """The static SVGs of the chart that the build writes to <edition>/figures/ (narrow first), each
        with its size in CSS pixels and its address from a page (pages are one folder deep)."""
        return [
            {"name": name, "width": width, "height": self.height, "src": f"../figures/{self.key}-{name}.svg"}
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
        separators=".," if i18n.locale().number_symbols["latn"]["decimal"] == "." else ", ",
    )
    layout.update(extra)
    return layout


def _share_axis(max_share: float) -> dict:
    """A 0–100% axis with ticks formatted for the edition's locale."""
    top = min(1.0, max(0.25, (int(max_share * 4) + 1) / 4))
    ticks = [t / 100 for t in range(0, int(top * 100) + 1, 25)]
    return dict(
        range=[0, top * 1.15],
        tickvals=ticks,
        ticktext=[fmt_pct(t) for t in ticks],
        gridcolor=GRID,
        zeroline=True,
        zerolinecolor="#737373",
        fixedrange=True,
        automargin=True,
    )


def _hover(label: str, share: float | None, count: int | None, base: int | None) -> str:
    if share is None or pd.isna(share):
        return _(HOVER_SUPPRESSED).format(label=label, resolution=fmt_int(privacy.RESOLUTION))
    return _(HOVER).format(label=label, share=fmt_pct(share, 1), count=fmt_int(count), base=fmt_int(base))


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


def _category_axis() -> dict:
    # type=category keeps labels that look like numbers ("2019") as categories.
    # A small gap between the labels and the bars: labels end where the bars begin otherwise.
    return dict(type="category", autorange="reversed", automargin=True, fixedrange=True, ticklabelstandoff=6)


def wrap(label: str, width: int = 22) -> str:
    """Break a long axis label over lines so that charts stay readable on a phone."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _share_text(share: float | None) -> str:
    """A share as the chart writes it: a rounded percentage, or "<10" where the privacy rule hides it."""
    return fmt_pct(share) if share is not None else privacy.SUPPRESSED


def _bars(
    names: list[str],
    part: pd.DataFrame,
    colour: str = PALETTE[0],
    pattern: str = "",
    name: str | None = None,
    hover_prefix: str = "",
) -> go.Bar:
    shares = [_value(s) for s in part["share"]]
    return go.Bar(
        # A suppressed share sits at the axis with the label "<10", so that the reader sees a
        # hidden value rather than a missing category; it has no length and no share in its hover.
        name=name,
        x=[0 if s is None else s for s in shares],
        y=[wrap(n) for n in names],
        orientation="h",
        cliponaxis=False,
        text=[_share_text(s) for s in shares],
        textposition="outside",
        textfont=dict(color=TEXT),
        # "overlay" keeps the colour under the pattern; without a template plotly.js would
        # draw the pattern alone on a transparent bar.
        marker=dict(color=colour, pattern=dict(shape=pattern, fillmode="overlay", fgcolor="#FFFFFF", solidity=0.3)),
        hovertext=[
            hover_prefix + _hover(n, s, _value(c), _value(b))
            for n, s, c, b in zip(names, shares, part["count"], part["base"])
        ],
        hoverinfo="text",
    )


def _plot(traces: go.Bar | go.Heatmap | list[go.Bar], height: int, **layout) -> go.Figure:
    """A Plotly figure of ``traces`` with the book's layout, ``height`` pixels high."""
    plot = go.Figure(traces)
    plot.update_layout(**_layout(height, **layout))
    return plot


def _bar_axes(traces: list[go.Bar]) -> dict:
    """The share axis (up to the longest bar) and the category axis of a bar chart."""
    shares = [x for t in traces for x in t.x if x is not None]
    return dict(xaxis=_share_axis(max(shares, default=1)), yaxis=_category_axis())


def _listing(names: list[str], texts) -> str:
    """'name: value, name: value' — one group's part of a chart's text summary."""
    return ", ".join(f"{n}: {t}" for n, t in zip(names, texts))


def _summary(parts: list[str]) -> str:
    """A chart's text summary: its parts, one sentence."""
    return "; ".join(parts) + "."


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

    def figure(self, plot: go.Figure, summary: str, height: int, part: pd.DataFrame, within: str | None) -> Figure:
        """The Figure of ``plot``, with the aggregates of ``part`` (the rows of the table it draws)."""
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
    bar = _bars(names, part)
    height = 100 + 48 * len(names)
    plot = _plot(bar, height, **_bar_axes([bar]))
    summary = _summary([f"{n}: {t}" for n, t in zip(names, bar.text)])
    chart = _Chart(key, table, of, title, guide, base, notes)
    return chart.figure(plot, summary, height, part, within if category else None)


def _group_bars(table: pd.DataFrame, of: str, within: str) -> tuple[list[go.Bar], list[str]]:
    """One trace per group of ``within`` (its own colour and pattern), and each group's summary."""
    traces, summary = [], []
    for i, group in enumerate(dict.fromkeys(table["group"])):
        part = table[table["group"] == group]
        gname = labels.category(within, group)
        names = [labels.category(of, c) for c in part["category"]]
        bar = _bars(names, part, PALETTE[i % len(PALETTE)], PATTERNS[i % len(PATTERNS)], gname, f"{gname} · ")
        traces.append(bar)
        summary.append(gname + " — " + _listing(names, bar.text))
    return traces, summary


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
    """Bars of the share of each category within each group, one colour and pattern per group."""
    traces, summary = _group_bars(table, of, within)
    height = 120 + table["category"].nunique() * (26 * len(traces) + 24)
    plot = _plot(
        traces,
        height,
        barmode="group",
        showlegend=True,
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom", traceorder="normal"),
        margin=dict(l=8, r=8, t=40, b=32),
        **_bar_axes(traces),
    )
    chart = _Chart(key, table, of, title, guide, base, notes)
    return chart.figure(plot, _summary(summary), height, table, within)


@dataclass
class _HeatCells:
    """A heatmap's grid: a row per group, a column per category; shares, their text and hovers."""

    groups: list
    cats: list
    z: list[list] = field(default_factory=list)
    text: list[list[str]] = field(default_factory=list)
    hover: list[list[str]] = field(default_factory=list)


def _heat_cells(table: pd.DataFrame, of: str, within: str) -> _HeatCells:
    cells = _HeatCells(list(dict.fromkeys(table["group"])), list(dict.fromkeys(table["category"])))
    cell = {(g, c): r for g, c, r in zip(table["group"], table["category"], table.itertuples())}
    for g in cells.groups:
        row = [cell[(g, c)] for c in cells.cats]
        cells.z.append([_value(r.share) for r in row])
        cells.text.append([_share_text(_value(r.share)) for r in row])
        cells.hover.append(
            [
                labels.category(within, g)
                + " → "
                + _hover(labels.category(of, c), _value(r.share), _value(r.count), _value(r.base))
                for c, r in zip(cells.cats, row)
            ]
        )
    return cells


def _heatmap(cells: _HeatCells, of: str, within: str) -> go.Heatmap:
    """The heatmap trace: each cell's value written in black or white, whichever reads better."""
    return go.Heatmap(
        z=cells.z,
        x=[labels.category(of, c) for c in cells.cats],
        y=[labels.category(within, g) for g in cells.groups],
        text=[
            [f'<span style="color:{heat_text_colour(v)}">{t}</span>' for v, t in zip(zs, ts)]
            for zs, ts in zip(cells.z, cells.text)
        ],
        texttemplate="%{text}",
        hovertext=cells.hover,
        hoverinfo="text",
        zmin=0,
        zmax=1,
        colorscale=[[0, HEAT[0]], [1, HEAT[1]]],
        showscale=False,
        xgap=2,
        ygap=2,
        textfont=dict(size=14),
    )


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
    """A grid of shares within each row group; every cell carries its value as text."""
    cells = _heat_cells(table, of, within)
    height = 120 + 56 * len(cells.groups)
    plot = _plot(
        _heatmap(cells, of, within),
        height,
        margin=dict(l=8, r=8, t=8, b=8),
        xaxis=dict(title=dict(text=x_title), side="top", type="category", fixedrange=True, automargin=True),
        yaxis=dict(title=dict(text=y_title), type="category", autorange="reversed", fixedrange=True, automargin=True),
    )
    names = [labels.category(of, c) for c in cells.cats]
    summary = _summary(
        [labels.category(within, g) + " — " + _listing(names, row) for g, row in zip(cells.groups, cells.text)]
    )
    chart = _Chart(key, table, of, title, guide, base, notes)
    return chart.figure(plot, summary, height, table, within)


def heat_colour(share: float) -> str:
    """The colour plotly.js gives a heatmap cell: HEAT interpolated channel by channel in sRGB."""
    lo, hi = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in HEAT)
    return "#" + "".join(f"{round(a + (b - a) * share):02X}" for a, b in zip(lo, hi))


def heat_text_colour(share: float | None) -> str:
    """Black or white, whichever reads better on the cell (an empty cell shows the page)."""
    if share is None:
        return TEXT
    return (
        "#000000" if contrast(heat_colour(share), "#000000") >= contrast(heat_colour(share), "#FFFFFF") else "#FFFFFF"
    )


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
