"""Reader-facing names of the dataset's variables and categories (English source): a view of
registry.yaml.

Translated through the ``code`` catalog with the variable's context (msgctxt), so that two
labels with the same English can be translated differently.
"""

from __future__ import annotations

import pandas as pd

from ctdc_story.meta import registry
from ctdc_story.text.i18n import N_, fmt_series, gettext, pgettext

_REGISTRY = registry.get()

# Label sets by key: every variable and measure with categories, the shared category sets
# (e.g. "region"), the headline indicators and "variable" (the completeness charts' names).
CATEGORY: dict[str, dict[str, str]] = {}
CONTEXT: dict[str, str] = {}
_SETS: tuple[registry.Labelled, ...] = (
    *_REGISTRY.category_sets.values(),
    *_REGISTRY.variables.values(),
    _REGISTRY.indicators,
)
for _set in _SETS:
    if _set.categories:
        CATEGORY[_set.key], CONTEXT[_set.key] = _set.labels(), _set.context

VARIABLE = {v.key: v.label for v in _REGISTRY.variables.values() if v.label}
# In completeness charts "roles" is recorded when any perpetrator field is (the base of role shares).
CATEGORY["variable"] = {k: _REGISTRY.variable(k).base_label or label for k, label in VARIABLE.items()}
CONTEXT["variable"] = registry.VARIABLE_CONTEXT


def category(measure_key: str, value: str) -> str:
    """The translated label of one category of a measure or column."""
    return pgettext(CONTEXT[measure_key], CATEGORY[measure_key][value])


def variable(key: str) -> str:
    return pgettext(registry.VARIABLE_CONTEXT, VARIABLE[key])


def values_text(key: str) -> str:
    """What a column of the file holds, in words: its categories, or what a flag's 1 means."""
    var = _REGISTRY.variable(key)
    if not var.categories:
        return gettext(N_("1 where it applies; blank otherwise, which also covers “not recorded”"))
    # A series, not a list with "and": a value may hold "and" or "or" itself ("Americas and Oceania").
    names = fmt_series([category(key, c.code) for c in var.categories])
    if var.multi:
        return gettext(N_("{values}. A cell can name several (at least one perpetrator of each).")).format(values=names)
    return names


def variable_table() -> pd.DataFrame:
    """The dataset's columns, in the file's order: name, column and values, in the edition's language."""
    columns = [v for v in _REGISTRY.variables.values() if v.is_column]
    return pd.DataFrame(
        {
            gettext(N_("Variable")): [variable(v.key) for v in columns],
            gettext(N_("Column in the file")): [v.key for v in columns],
            gettext(N_("Values")): [values_text(v.key) for v in columns],
        }
    )
