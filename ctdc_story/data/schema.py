"""The columns of the CTDC file and the values each may hold (GUIDE §1): a view of registry.yaml.

Categorical columns list their single values; a cell may join several of them
with ``;`` where a victim reported several perpetrators ("at least one of each").
Flag columns hold ``1`` or blank, and blank mixes "no" with "not recorded".
The facts are defined once in registry.yaml; these names are kept for the code that reads them.
"""

from __future__ import annotations

from ctdc_story.meta import registry

_REGISTRY = registry.get()

COLUMNS = tuple(v.key for v in _REGISTRY.columns)
# Column -> allowed single values, in display order.
CATEGORICAL: dict[str, tuple[str, ...]] = {v.key: v.codes for v in _REGISTRY.of_kind(registry.SINGLE, registry.MULTI)}
# Columns describing the perpetrators a victim reported: a cell may combine values.
MULTI_VALUED = frozenset(v.key for v in _REGISTRY.of_kind(registry.MULTI))

EXPLOITATION_FLAGS = _REGISTRY.flags_of("exploitation")
ROLE_FLAGS = _REGISTRY.flags_of("roles")
FLAGS = EXPLOITATION_FLAGS + ROLE_FLAGS
FLAGS += tuple(v.key for v in _REGISTRY.of_kind(registry.FLAG) if v.key not in FLAGS)

YEAR_BANDS = CATEGORICAL["yearRegister"]
REGIONS = _REGISTRY.category_sets["region"].codes
AGE_BANDS = CATEGORICAL["IP_ageBroad"]
RELATIONS = CATEGORICAL["IP_Relation"]

VICTIM_COLUMNS = COLUMNS[:7]
PERPETRATOR_COLUMNS = tuple(c for c in COLUMNS if c.startswith("IP_"))


def allowed_values(column: str) -> tuple[str, ...]:
    """What a non-blank cell of ``column`` may hold, for error messages."""
    return ("1",) if column in FLAGS else CATEGORICAL[column]
