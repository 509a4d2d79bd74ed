"""Shares with their bases.

A *measure* says which records form the base (those where the thing is
recorded) and which records count for each category. Multi-valued columns count
a record under every value it names ("at least one perpetrator"), so shares of
one measure can add up to more than 100%. Every count leaves this module through
the privacy rule.

Which measures exist, their categories and whether a record can fall in several come from
registry.yaml; how each derived measure is counted (its masks) is defined here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd

from ctdc_story.data import privacy, schema
from ctdc_story.meta import registry

# A boolean Series aligned with a frame's rows: which records are in.
Mask: TypeAlias = pd.Series


@dataclass(frozen=True)
class Measure:
    """A variable as the story counts it: its base and its categories."""

    key: str
    categories: tuple[str, ...]
    recorded: Callable[[pd.DataFrame], Mask]
    hits: Callable[[pd.DataFrame, str], Mask]
    multi: bool = False  # a record can fall in several categories
    # Completeness measures count how often each variable is recorded: there, "not recorded"
    # means the category's own variable is blank, not the base.
    missing_per_category: bool = False

    def recorded_mask(self, frame: pd.DataFrame) -> Mask:
        return self.recorded(frame).astype(bool)

    def hit_mask(self, frame: pd.DataFrame, category: str) -> Mask:
        return self.hits(frame, category).astype(bool)

    def missing_mask(self, frame: pd.DataFrame, category: str) -> Mask:
        """Records left out of the category's share as not recorded."""
        if self.missing_per_category:
            return ~self.hit_mask(frame, category)
        return ~self.recorded_mask(frame)


def _has(frame: pd.DataFrame, column: str, value: str) -> Mask:
    if column in schema.MULTI_VALUED:
        return frame[column].map(lambda cell: isinstance(cell, frozenset) and value in cell)
    return frame[column] == value


def column_measure(column: str) -> Measure:
    """A categorical column: the base is the records where it is recorded."""
    variable = registry.get().variable(column)
    return Measure(
        key=column,
        categories=variable.codes,
        recorded=lambda f: f[column].notna(),
        hits=lambda f, value: _has(f, column, value),
        multi=variable.multi,
    )


_DERIVED: dict[str, Measure] = {}


def derived(key: str, recorded: Callable[[pd.DataFrame], Mask], hits: Callable[[pd.DataFrame, str], Mask]) -> Measure:
    """A derived measure of registry.yaml: its categories and ``multi`` from the registry, its
    base (``recorded``) and its categories' records (``hits``) defined here."""
    variable = registry.get().variable(key)
    if variable.kind != registry.DERIVED:
        raise ValueError(f"{key!r} is a {variable.kind} column in registry.yaml, not a derived measure")
    _DERIVED[key] = Measure(key=key, categories=variable.codes, recorded=recorded, hits=hits, multi=variable.multi)
    return _DERIVED[key]


def any_perpetrator_field(frame: pd.DataFrame) -> Mask:
    """Records that carry at least one perpetrator field."""
    cols = list(schema.PERPETRATOR_COLUMNS)
    recorded = frame[cols].apply(lambda s: s.astype(bool) if s.dtype == bool else s.notna())
    return recorded.any(axis=1)


def flag_measure(key: str, recorded: Callable[[pd.DataFrame], Mask]) -> Measure:
    """A group of 1/blank flags (the categories of ``key`` in the registry); blank is not 'no', so
    the base must be stated."""
    return derived(key, recorded=recorded, hits=lambda f, flag: f[flag])


EXPLOITATION = flag_measure(
    "exploitation",
    recorded=lambda f: f[list(schema.EXPLOITATION_FLAGS)].any(axis=1),
)
ROLES = flag_measure("roles", recorded=any_perpetrator_field)

# Every measure of the registry by key, filled at the end of this module (_registered).
MEASURES: dict[str, Measure] = {}


def measure(key: str | Measure) -> Measure:
    return key if isinstance(key, Measure) else MEASURES[key]


Filters = tuple[tuple[str, str], ...]


def filter_mask(frame: pd.DataFrame, where: Filters = ()) -> Mask:
    """Records that meet every (measure, category) filter; a multi-valued cell meets a filter on any value."""
    mask = pd.Series(True, index=frame.index)
    for key, value in where:
        mask &= measure(key).hit_mask(frame, value)
    return mask


def shares(
    frame: pd.DataFrame, of: str | Measure, within: str | Measure | None = None, where: Filters = ()
) -> pd.DataFrame:
    """Share of records in each category of ``of``, within each group of ``within``, among the
    records that meet the ``where`` filters.

    One row per (group, category) with: ``count`` and ``base`` (None below the
    privacy resolution), ``share`` (None where not reportable), ``records`` in the
    group and ``not_recorded`` (group records left out because ``of`` is blank, None
    below the resolution). Without ``within`` the single group is called "all".
    Every count is rounded down by the privacy rule. ``attrs`` hold the figure-level
    ``n`` (distinct records in any base), ``not_recorded`` (records that meet ``where``
    but are in no base) and the ``query`` that defines every row (see cell_masks).
    """
    of = measure(of)
    selected = filter_mask(frame, where)
    groups = [(g, in_group & selected) for g, in_group in _groups(frame, within)]
    table = _typed(pd.DataFrame([row for group, in_group in groups for row in _group_rows(frame, of, group, in_group)]))
    table.attrs.update(_coverage(frame, of, groups, selected))
    table.attrs["query"] = query(of, within, where)
    return table


def _group_rows(frame: pd.DataFrame, of: Measure, group: str, in_group: Mask) -> list[dict]:
    """The rows of shares() for one group: one per category of ``of``, privacy applied."""
    recorded = in_group & of.recorded_mask(frame)
    rows = []
    for category in of.categories:
        count, base, share = share_of(frame, of.hit_mask(frame, category), recorded)
        rows.append(
            {
                "group": group,
                "category": category,
                "count": count,
                "base": base,
                "share": share,
                "records": privacy.safe_count(int(in_group.sum())),
                "not_recorded": privacy.safe_count(int((in_group & of.missing_mask(frame, category)).sum())),
            }
        )
    return rows


def _coverage(frame: pd.DataFrame, of: Measure, groups: list[tuple[str, Mask]], selected: Mask) -> dict:
    """A table's ``n`` (distinct records in any base) and ``not_recorded`` (selected records in no
    base): groups may overlap, so bases do not add up."""
    in_any = pd.Series(False, index=frame.index)
    for _group, in_group in groups:
        in_any |= in_group
    in_base = in_any & of.recorded_mask(frame)
    return {
        "n": privacy.safe_count(int(in_base.sum())),
        "not_recorded": privacy.safe_count(int((selected & ~in_base).sum())),
    }


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for col in ("count", "base", "records", "not_recorded"):
        table[col] = table[col].astype("Int64")
    table["share"] = table["share"].astype("Float64")
    return table


def query(of: str | Measure, within: str | Measure | None, where: Filters = (), **extra) -> dict:
    """What defines every row of a table: enough for cell_masks to find its records again."""

    def key(m: str | Measure | None) -> str | None:
        return m.key if isinstance(m, Measure) else m

    return {"of": key(of), "within": key(within), "where": [list(f) for f in where], **extra}


def transpose(table: pd.DataFrame) -> pd.DataFrame:
    """The table with groups and categories swapped (e.g. to draw it the other way round)."""
    out = table.rename(columns={"group": "category", "category": "group"})
    out.attrs = {
        **table.attrs,
        "query": {**table.attrs["query"], "transposed": not table.attrs["query"].get("transposed", False)},
    }
    return out


def cell_masks(frame: pd.DataFrame, query: dict, group: str, category: str) -> dict[str, Mask]:
    """The records behind one published row of a table made by shares() or indicator_table():
    ``count``, ``base``, ``not_recorded`` and ``records`` (the row's universe)."""
    if query.get("transposed"):
        group, category = category, group
    of_key = query["of"]
    if of_key == "indicator":
        of_key, category = category.split(":", 1)
    of = completeness_measure((category,)) if of_key == "variable" else measure(of_key)
    universe = filter_mask(frame, tuple(map(tuple, query["where"])))
    if query["within"] is not None:
        universe &= measure(query["within"]).hit_mask(frame, group)
    base = universe & of.recorded_mask(frame)
    return {
        "count": base & of.hit_mask(frame, category),
        "base": base,
        "not_recorded": universe & of.missing_mask(frame, category),
        "records": universe,
    }


def _groups(frame: pd.DataFrame, within: str | Measure | None):
    everyone = pd.Series(True, index=frame.index)
    if within is None:
        return [("all", everyone)]
    within = measure(within)
    return [(g, within.hit_mask(frame, g)) for g in within.categories]


def share_of(frame: pd.DataFrame, mask: Mask, base: Mask) -> tuple[int | None, int | None, float | None]:
    """(count, base, share) for records in ``mask`` among those in ``base``, privacy applied."""
    base = base.astype(bool)
    count = int((mask.astype(bool) & base).sum())
    n = int(base.sum())
    return privacy.safe_count(count), privacy.safe_count(n), privacy.safe_share(count, n)


def recorded_mask(frame: pd.DataFrame, key: str) -> Mask:
    """Records where a column, or a measure such as 'exploitation', is recorded."""
    return measure(key).recorded_mask(frame)


def completeness_measure(keys: tuple[str, ...]) -> Measure:
    """How often each variable is recorded, on the base of all records in the group."""
    return Measure(
        key="variable",
        categories=tuple(keys),
        recorded=lambda f: pd.Series(True, index=f.index),
        hits=lambda f, key: recorded_mask(f, key),
        multi=True,
        missing_per_category=True,
    )


# The variables a reader meets, in the order the story introduces them (registry.yaml: story).
STORY_VARIABLES = tuple(v.key for v in registry.get().story_variables)


# --- Measures and helpers for the chapters on victims, perpetrators, relationships
# and the COMPASS countries. Derived measures of the registry, like the measures above.


def _everyone(frame: pd.DataFrame) -> Mask:
    return pd.Series(True, index=frame.index)


def _role_count(frame: pd.DataFrame) -> pd.Series:
    return frame[list(schema.ROLE_FLAGS)].astype(int).sum(axis=1)


def _any_role(frame: pd.DataFrame) -> Mask:
    return frame[list(schema.ROLE_FLAGS)].any(axis=1)


def role_combination_key(flags) -> str:
    """The key of a set of role flags, in the order of schema.ROLE_FLAGS, joined by '+'."""
    return "+".join(f for f in schema.ROLE_FLAGS if f in set(flags))


def _role_combinations() -> tuple[str, ...]:
    from itertools import combinations

    flags = schema.ROLE_FLAGS
    return tuple(role_combination_key(c) for k in range(1, len(flags) + 1) for c in combinations(flags, k))


def _combination_hits(frame: pd.DataFrame, key: str) -> Mask:
    wanted = set(key.split("+"))
    return frame[list(schema.ROLE_FLAGS)].apply(lambda col: col == (col.name in wanted)).all(axis=1)


def _perpetrator_region_hits(frame: pd.DataFrame, category: str) -> Mask:
    def hit(row) -> bool:
        victim, perpetrators = row["UN_COO_Region"], row["IP_citizen_UNRegion"]
        if victim is None or perpetrators is None:
            return False
        return victim in perpetrators if category == "same" else bool(perpetrators - {victim})

    return frame.apply(hit, axis=1)


# Victims by gender and by majority status in one set of (overlapping) groups.
VICTIM_GROUP = derived(
    "victim_group",
    recorded=lambda f: f["gender"].notna() | f["majorityStatus"].notna(),
    hits=lambda f, g: (f["gender"] == g) | (f["majorityStatus"] == g),
)
# How many of the four roles the perpetrators named on a record cover; base: any perpetrator field.
ROLE_COUNT = derived(
    "role_count",
    recorded=any_perpetrator_field,
    hits=lambda f, n: _role_count(f) == int(n),
)
# The exact set of roles named on a record; base: records with at least one role.
ROLE_COMBINATION = derived(
    "role_combination",
    recorded=_any_role,
    hits=_combination_hits,
)
# At least one perpetrator from the victim's own region / from another region;
# base: records with both the victim's and the perpetrators' citizenship recorded.
PERPETRATOR_REGION = derived(
    "perpetrator_region",
    recorded=lambda f: f["UN_COO_Region"].notna() & f["IP_citizen_UNRegion"].notna(),
    hits=_perpetrator_region_hits,
)


def pick(table: pd.DataFrame, category: str, group: str = "all") -> pd.Series:
    """The row of a shares() table for one category in one group."""
    rows = table[(table["group"] == group) & (table["category"] == category)]
    if len(rows) != 1:
        raise KeyError(f"no single row for group {group!r}, category {category!r}")
    return rows.iloc[0]


def leading(table: pd.DataFrame, n: int, group: str = "all") -> pd.DataFrame:
    """The ``n`` reportable categories with the largest shares in one group, largest first."""
    part = table[(table["group"] == group) & table["share"].notna()]
    return part.sort_values("share", ascending=False, kind="stable").head(n)


def indicator_table(
    frame: pd.DataFrame, indicators: tuple[tuple[str, str], ...], within: str | Measure
) -> pd.DataFrame:
    """Shares of several (measure, category) indicators within each group, each on its own base.

    The category of each row is "measure:category", so one table can feed a heatmap.
    """
    parts = []
    for key, category in indicators:
        table = shares(frame, key, within)
        table = table[table["category"] == category].copy()
        table["category"] = f"{key}:{category}"
        parts.append(table)
    table = pd.concat(parts, ignore_index=True)
    order = {g: i for i, g in enumerate(dict.fromkeys(table["group"]))}
    table = table.sort_values("group", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    in_base = measure(within).recorded_mask(frame)
    table.attrs = {
        "n": privacy.safe_count(int(in_base.sum())),
        "not_recorded": privacy.safe_count(int((~in_base).sum())),
        "query": query("indicator", within),
    }
    return table


# The victim's gender under its own key, so charts can label it "female victims" next to perpetrators' gender.
VICTIM_GENDER = derived("victim_gender", recorded=lambda f: f["gender"].notna(), hits=lambda f, g: f["gender"] == g)


def _registered() -> dict[str, Measure]:
    """Every variable of registry.yaml that has categories, as a Measure, in the registry's order."""
    measures = {}
    for variable in registry.get().variables.values():
        if variable.kind in (registry.SINGLE, registry.MULTI):
            measures[variable.key] = column_measure(variable.key)
        elif variable.kind == registry.DERIVED:
            if variable.key not in _DERIVED:
                raise RuntimeError(
                    f"registry.yaml defines the derived measure {variable.key!r}, but stats.py "
                    "does not say how to count it: define it with stats.derived()"
                )
            measures[variable.key] = _DERIVED[variable.key]
    return measures


MEASURES.update(_registered())
