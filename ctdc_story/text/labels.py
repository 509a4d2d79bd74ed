"""Reader-facing names of the dataset's variables and categories (English source): a view of
registry.yaml.

Translated through the ``code`` catalog with the variable's context (msgctxt), so that two
labels with the same English can be translated differently.
"""

from __future__ import annotations

from ctdc_story.meta import registry
from ctdc_story.text.i18n import pgettext

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
