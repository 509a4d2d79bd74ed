"""The logic of the explorer notebook (notebooks/explorer.md), with no widget in it.

A *selection* names one variable to count (``of``), optionally a second one whose groups
the shares are taken within (``within``), and filters (variable, category) that narrow the
records first. The steps are: apply the filters, refuse when fewer than the privacy
resolution remain, then take the shares with stats.shares, which applies the privacy rule to
every cell and counts multi-valued cells under each value ("at least one perpetrator").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ctdc_story.data import privacy, stats
from ctdc_story.meta import registry
from ctdc_story.presentation import charts
from ctdc_story.text import i18n, labels
from ctdc_story.text.i18n import N_, _, fmt_int, fmt_pct, isolate

FILTER = N_("{variable}: {value}")  # one filter of the explorer, e.g. "Victim's gender: Female"

# The explorer's variables and filters, in drop-down order (registry.yaml: explorer).
# Every explorer variable has an entry; the test only narrows Explorer | None for the checker.
_EXPLORED = [(v.key, v.explorer) for v in registry.get().explorer_variables if v.explorer]
VICTIM_VARIABLES = tuple(key for key, entry in _EXPLORED if entry.group == "victim")
PERPETRATOR_VARIABLES = tuple(key for key, entry in _EXPLORED if entry.group == "perpetrator")
VARIABLES = tuple(key for key, _entry in _EXPLORED)
FILTERS = tuple(key for key, entry in _EXPLORED if entry.filter)


class Refused(ValueError):
    """The selection would show fewer records than the privacy rule allows, or makes no sense."""


@dataclass(frozen=True)
class Selection:
    of: str
    within: str | None = None
    filters: tuple[tuple[str, str], ...] = ()  # (variable, category), all of which must hold

    @classmethod
    def make(cls, of: str, within: str | None = None, filters: dict[str, str | None] | None = None) -> Selection:
        """A checked selection; filters set to None (\"any\") are dropped."""
        kept = tuple(sorted((k, v) for k, v in (filters or {}).items() if v is not None))
        selection = cls(of, within or None, kept)
        selection.check()
        return selection

    def check(self) -> None:
        for key in (self.of, self.within):
            if key is not None and key not in VARIABLES:
                raise KeyError(f"{key!r} is not one of the explorer's variables: {', '.join(VARIABLES)}")
        for key, value in self.filters:
            if key not in FILTERS or value not in stats.measure(key).categories:
                raise KeyError(f"no filter {key}={value!r}")
        if self.of == self.within:
            raise Refused(_("Choose two different variables."))

    @property
    def key(self) -> str:
        return "-".join(["explorer", self.of, *([self.within] if self.within else [])])


def options(keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, key) pairs for a drop-down of variables, in the reader's language."""
    return [(labels.variable(k), k) for k in keys]


def filter_options(key: str) -> list[tuple[str, str | None]]:
    """(label, category) pairs for a filter's drop-down; None means no filter."""
    return [(_("Any"), None)] + [(labels.category(key, c), c) for c in stats.measure(key).categories]


def filter_mask(frame: pd.DataFrame, filters: tuple[tuple[str, str], ...]) -> pd.Series:
    """Records that meet every filter (a multi-valued cell meets a filter on any of its values)."""
    return stats.filter_mask(frame, filters)


def describe(filters: tuple[tuple[str, str], ...]) -> str:
    """The filters in words, e.g. "Victim's gender: Female; Region of exploitation: Asia"."""
    return i18n.fmt_series(
        [_(FILTER).format(variable=labels.variable(k), value=labels.category(k, v)) for k, v in filters]
    )


def crosstab(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """stats.shares of the selection on the filtered records; refused below the privacy resolution."""
    kept = filter_mask(frame, selection.filters)
    if not privacy.reportable(int(kept.sum())):
        raise Refused(
            i18n.ngettext(
                "These filters leave fewer than {resolution} record, so nothing can be shown. "
                "Remove or change a filter.",
                "These filters leave fewer than {resolution} records, so nothing can be shown. "
                "Remove or change a filter.",
                privacy.RESOLUTION,
            ).format(resolution=fmt_int(privacy.RESOLUTION))
        )
    table = stats.shares(frame, selection.of, selection.within, where=selection.filters)
    if table.attrs["n"] is None:
        raise Refused(
            _(
                "Fewer than {resolution} of the selected records have {variable} recorded, so nothing "
                "can be shown. Remove or change a filter."
            ).format(resolution=fmt_int(privacy.RESOLUTION), variable=labels.variable(selection.of))
        )
    return table


def wide_table(table: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The cross-tabulation as a reader sees it: one row per category, one column per group, with
    each group's base and its records where the variable is not recorded."""
    of, within = selection.of, selection.within
    columns = {}
    for group, part in table.groupby("group", sort=False):
        name = labels.category(within, group) if within else _("All records")
        cells = [_cell(r) for r in part.itertuples()]
        first = part.iloc[0]
        columns[name] = cells + [fmt_int(_na(first["base"])), fmt_int(_na(first["not_recorded"]))]
    rows = [labels.category(of, c) for c in dict.fromkeys(table["category"])]
    rows += [_("Base (records)"), _("Not recorded (records)")]
    out = pd.DataFrame(columns)
    out.insert(0, labels.variable(of), rows)
    return out


def _na(value):
    return None if pd.isna(value) else value


def _cell(row) -> str:
    if not pd.isna(row.share):
        return fmt_pct(row.share, 1)
    # No share: either the group's base or the count itself is below the resolution.
    return "–" if pd.isna(row.base) else isolate(privacy.SUPPRESSED)


def base_text(selection: Selection) -> str:
    """The records a share is counted on: the variable recorded and, for shares within groups, the
    grouping variable too (a record with no group is in none), then the filters."""
    variable = labels.variable(selection.of)
    if selection.within:
        base = _("records with {variable} and {group} recorded").format(
            variable=variable, group=labels.variable(selection.within)
        )
    else:
        base = _("records with {variable} recorded").format(variable=variable)
    if selection.filters:
        base = _(FILTERED_BASE).format(base=base, filters=describe(selection.filters))
    return base


FILTERED_BASE = N_("{base} ({filters})")  # a base narrowed by the explorer's filters


def guide_text(selection: Selection) -> str:
    of = labels.variable(selection.of)
    if selection.within:
        guide = _(
            "Each bar shows, among the records of one group on which {variable} is recorded, the share "
            "in each category."
        ).format(variable=of)
    else:
        guide = _(
            "Each bar shows the share of records in each category, among those on which {variable} is recorded."
        ).format(variable=of)
    if stats.measure(selection.of).multi:
        guide += " " + _(
            "A record counts under every category it names (for perpetrators: at least one "
            "perpetrator of each), so the shares can add up to more than 100%."
        )
    if selection.within and stats.measure(selection.within).multi:
        guide += " " + _("A record can belong to several groups.")
    return guide


def figure(table: pd.DataFrame, selection: Selection) -> charts.Figure:
    """The chart of a crosstab, with its title, reading guide, data table and source line."""
    of = labels.variable(selection.of)
    guide, base = guide_text(selection), base_text(selection)
    if selection.within is None:
        return charts.bar_chart(
            selection.key,
            table,
            selection.of,
            title=_("{variable}: share of records in each category").format(variable=of),
            guide=guide,
            base=base,
        )
    return charts.grouped_bar_chart(
        selection.key,
        table,
        selection.of,
        selection.within,
        title=_("{variable}, within each group of {group}").format(
            variable=of, group=labels.variable(selection.within)
        ),
        guide=guide,
        base=base,
    )


@dataclass
class Result:
    selection: Selection
    table: pd.DataFrame  # stats.shares, privacy applied
    crosstab: charts.HTMLTable
    figure: charts.Figure


def explore(frame: pd.DataFrame, selection: Selection) -> Result:
    """Everything the explorer shows for a selection; raises Refused instead of showing too little."""
    table = crosstab(frame, selection)
    fig = figure(table, selection)
    shown = charts.HTMLTable(wide_table(table, selection), caption=fig.title, source=fig.source)
    return Result(selection, table, shown, fig)


# The fixed example the static book shows on its explorer page.
EXAMPLE = Selection("IP_Relation", "gender")


def example(frame: pd.DataFrame) -> Result:
    return explore(frame, EXAMPLE)
