"""The metadata registry: registry.yaml read once into frozen dataclasses, and checked.

Every fact about a variable lives in ``registry.yaml`` (its column, kind, categories in
order, English labels, translation context, base, and where the story and the explorer use
it), as do the COMPASS partner countries. The schema the loader validates against, the
labels, the measures of stats.py, the explorer's lists, the briefs and compass.py are views
of this registry. It is the bottom layer: it imports nothing else from the package.

    >>> get().variable("IP_Relation").codes
    ('FamilyIntimatePartner', 'FriendAcquaintance', 'StrangerUnknownOther')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeAlias

import yaml

PATH = Path(__file__).with_name("registry.yaml")

SINGLE, MULTI, FLAG, DERIVED = "single", "multi", "flag", "derived"
KINDS = (SINGLE, MULTI, FLAG, DERIVED)
COLUMN_KINDS = (SINGLE, MULTI, FLAG)  # kinds that are columns of the file
EXPLORER_GROUPS = ("victim", "perpetrator")
# Translation contexts (msgctxt) of the labels that are not categories of one variable.
VARIABLE_CONTEXT, COUNTRY_CONTEXT, SUBREGION_CONTEXT = "variable", "country", "subregion"

_TOP = {"category_sets", "variables", "indicators", "subregions", "countries"}
_VARIABLE_FIELDS = {
    "kind",
    "label",
    "base",
    "base_label",
    "context",
    "categories",
    "multi",
    "group",
    "story",
    "explorer",
}
_EXPLORER_FIELDS = {"group", "position", "filter"}
_COUNTRY_FIELDS = {"iso3", "region", "subregion", "iom_office", "forms"}
# Phrases that carry a country's name with its grammar (French articles, Arabic agreement and
# prepositions), translated whole: "Chad lies in", "for Chad".
COUNTRY_FORMS = ("lies_in", "for", "in", "of")


class RegistryError(ValueError):
    """registry.yaml is malformed or inconsistent; the message names the entry and the problem."""

    def __init__(self, path: Path | str, where: str, problem: str):
        self.path, self.where, self.problem = str(path), where, problem
        super().__init__(f"{Path(path).name}: {where}: {problem}")


@dataclass(frozen=True)
class Category:
    code: str  # the value as the file (or the measure) writes it
    label: str  # English, translated with the owner's context


@dataclass(frozen=True)
class LabelSet:
    """Categories with labels under one translation context (a shared category set, the indicators)."""

    key: str
    context: str
    categories: tuple[Category, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)

    def labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.categories}


@dataclass(frozen=True)
class Explorer:
    group: str  # victim | perpetrator
    position: int  # order in the explorer's drop-downs
    filter: bool  # also offered as a filter


@dataclass(frozen=True)
class Variable:
    """A column of the file, or a measure derived from several columns."""

    key: str
    kind: str
    label: str | None  # English name (context "variable")
    base: str | None  # the records that form the base of its shares
    base_label: str | None  # its name in completeness charts, if not its label
    context: str  # msgctxt of its category labels
    categories: tuple[Category, ...]
    multi: bool  # a record can fall in several categories
    group: str | None = None  # for a flag: the derived measure it is a category of
    story: int | None = None  # position among the story's variables
    explorer: Explorer | None = None

    @property
    def is_column(self) -> bool:
        return self.kind in COLUMN_KINDS

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)

    def labels(self) -> dict[str, str]:
        return {c.code: c.label for c in self.categories}


# Anything with categories labelled under one context: a label set or a variable.
Labelled: TypeAlias = LabelSet | Variable


@dataclass(frozen=True)
class Country:
    name: str  # English name (context "country"), also the key used in code
    iso3: str  # ISO 3166-1 alpha-3
    region: str  # UN region as written in the data
    subregion: str  # UN subregion (not in the data)
    iom_office: str  # IOM regional office (not in the data)
    forms: dict[str, str]  # COUNTRY_FORMS -> English phrase (context "country:<form>")


@dataclass(frozen=True)
class Registry:
    variables: dict[str, Variable]
    category_sets: dict[str, LabelSet]
    indicators: LabelSet
    subregions: LabelSet
    countries: tuple[Country, ...]

    def variable(self, key: str) -> Variable:
        try:
            return self.variables[key]
        except KeyError:
            raise KeyError(f"{key!r} is not a variable of the registry") from None

    def of_kind(self, *kinds: str) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables.values() if v.kind in kinds)

    @property
    def columns(self) -> tuple[Variable, ...]:
        """The columns of the file, in the file's order."""
        return self.of_kind(*COLUMN_KINDS)

    @property
    def story_variables(self) -> tuple[Variable, ...]:
        ranked = [(v.story, v) for v in self.variables.values() if v.story]
        return tuple(v for _, v in sorted(ranked, key=lambda pair: pair[0]))

    @property
    def explorer_variables(self) -> tuple[Variable, ...]:
        ranked = [(v.explorer.position, v) for v in self.variables.values() if v.explorer]
        return tuple(v for _, v in sorted(ranked, key=lambda pair: pair[0]))

    def flags_of(self, group: str) -> tuple[str, ...]:
        """The flag columns a derived measure counts, in the measure's order."""
        return self.variable(group).codes

    def country(self, name: str) -> Country:
        for country in self.countries:
            if country.name == name:
                return country
        raise KeyError(f"{name!r} is not a COMPASS partner country")


# --- reading and checking ------------------------------------------------------


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (defined twice)", key_node.start_mark
            )
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@functools.cache
def get() -> Registry:
    """The project's registry, read and checked once."""
    return load(PATH)


def load(path: Path | str = PATH) -> Registry:
    """Read and check a registry file; raises RegistryError naming the entry at fault."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as err:
        raise RegistryError(path, "YAML", str(err).replace("\n", " ")) from None
    return _build(path, raw)


def _fail(path, where, problem) -> NoReturn:
    raise RegistryError(path, where, problem)


def _need_mapping(path, where, value) -> dict:
    if not isinstance(value, dict):
        _fail(path, where, f"expected a mapping, found {type(value).__name__}")
    return value


def _unknown_fields(path, where, entry: dict, allowed: set[str]) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        _fail(path, where, f"unknown field(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")


def _categories(path, where, value) -> tuple[Category, ...]:
    value = _need_mapping(path, where, value)
    if not value:
        _fail(path, where, "no categories")
    out = []
    for code, label in value.items():
        if not isinstance(code, str) or not isinstance(label, str) or not label.strip():
            _fail(
                path,
                where,
                f"category {code!r} needs a code and a label written as text "
                f"(found {code!r}: {label!r}; quote values such as Yes, No or 2019)",
            )
        out.append(Category(code, label))
    return tuple(out)


def _label_set(path, where, key, value) -> LabelSet:
    value = _need_mapping(path, where, value)
    _unknown_fields(path, where, value, {"context", "categories"})
    if not isinstance(value.get("context"), str):
        _fail(path, where, "needs a context (the msgctxt of its labels)")
    return LabelSet(key, value["context"], _categories(path, f"{where}.categories", value.get("categories")))


def _build(path: Path, raw) -> Registry:
    raw = _need_mapping(path, "top level", raw)
    _unknown_fields(path, "top level", raw, _TOP)
    for section in sorted(_TOP - {"category_sets"} - set(raw)):
        _fail(path, "top level", f"missing section {section!r}")

    sets = {
        key: _label_set(path, f"category_sets.{key}", key, value)
        for key, value in _need_mapping(path, "category_sets", raw.get("category_sets") or {}).items()
    }
    variables = {
        key: _variable(path, key, entry, sets)
        for key, entry in _need_mapping(path, "variables", raw["variables"]).items()
    }
    clash = sorted(set(sets) & set(variables))
    if clash:
        _fail(path, "category_sets", f"{', '.join(clash)} is also a variable")
    _check_links(path, variables)
    indicators = _label_set(path, "indicators", "indicator", raw["indicators"])
    for category in indicators.categories:
        measure, _, code = category.code.partition(":")
        if measure not in variables or code not in variables[measure].codes:
            _fail(path, "indicators", f"{category.code!r} does not name a measure:category of the registry")
    subregions = LabelSet("subregion", SUBREGION_CONTEXT, _categories(path, "subregions", raw["subregions"]))
    countries = _countries(path, raw["countries"], sets, subregions)
    return Registry(variables, sets, indicators, subregions, countries)


def _variable_categories(path, where, key, kind, entry, sets):
    """A variable's categories and translation context: its own, a shared set's, or none (a flag)."""
    raw = entry.get("categories")
    if kind == FLAG:
        if raw is not None:
            _fail(path, where, "a flag holds 1 or blank: it has no categories")
        return (), entry.get("context", key)
    if raw is None:
        _fail(path, where, f"a {kind} variable needs categories")
    if isinstance(raw, str):
        if raw not in sets:
            _fail(path, where, f"unknown category set {raw!r} (defined: {', '.join(sets) or 'none'})")
        shared = sets[raw]
        if "context" in entry and entry["context"] != shared.context:
            _fail(path, where, f"a variable using the category set {raw!r} takes its context")
        return shared.categories, shared.context
    return _categories(path, f"{where}.categories", raw), entry.get("context", key)


def _variable_explorer(path, where, entry):
    """Where the explorer offers the variable, if it does."""
    if entry.get("explorer") is None:
        return None
    spec = _need_mapping(path, f"{where}.explorer", entry["explorer"])
    _unknown_fields(path, f"{where}.explorer", spec, _EXPLORER_FIELDS)
    if spec.get("group") not in EXPLORER_GROUPS:
        _fail(path, f"{where}.explorer", f"group must be one of {', '.join(EXPLORER_GROUPS)}")
    if not isinstance(spec.get("position"), int) or spec["position"] < 1:
        _fail(path, f"{where}.explorer", "needs a position (1, 2, ...)")
    return Explorer(spec["group"], spec["position"], bool(spec.get("filter", False)))


def _variable(path, key, entry, sets) -> Variable:
    where = f"variables.{key}"
    if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        _fail(path, where, "a variable's key must be an identifier (the column name)")
    entry = _need_mapping(path, where, entry)
    _unknown_fields(path, where, entry, _VARIABLE_FIELDS)
    kind = entry.get("kind")
    if kind not in KINDS:
        _fail(path, where, f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    label = entry.get("label")
    if kind in COLUMN_KINDS and not (isinstance(label, str) and label.strip()):
        _fail(path, where, "a column needs a label")
    categories, context = _variable_categories(path, where, key, kind, entry, sets)
    if "multi" in entry and kind != DERIVED:
        _fail(path, where, "only a derived measure states 'multi'; a column's kind says it")
    if "group" in entry and kind != FLAG:
        _fail(path, where, "only a flag belongs to a group")
    multi = bool(entry.get("multi", False)) if kind == DERIVED else kind == MULTI
    story = entry.get("story")
    if story is not None and (not isinstance(story, int) or isinstance(story, bool) or story < 1):
        _fail(path, where, f"story must be a position (1, 2, ...), not {story!r}")
    explorer = _variable_explorer(path, where, entry)
    if (story or explorer) and not label:
        _fail(path, where, "a variable the reader meets needs a label")
    return Variable(
        key,
        kind,
        label,
        entry.get("base"),
        entry.get("base_label"),
        context,
        categories,
        multi,
        entry.get("group"),
        story,
        explorer,
    )


def _check_positions(path, where, positions: dict[str, int]) -> None:
    expected = list(range(1, len(positions) + 1))
    if sorted(positions.values()) != expected:
        listed = ", ".join(f"{k}={p}" for k, p in positions.items())
        _fail(path, where, f"positions must be 1 to {len(positions)}, each once (found {listed})")


def _check_links(path, variables: dict[str, Variable]) -> None:
    groups: dict[str, list[str]] = {}
    for v in variables.values():
        if v.kind == FLAG and v.group:
            groups.setdefault(v.group, []).append(v.key)
    for group, flags in groups.items():
        owner = variables.get(group)
        if owner is None or owner.kind != DERIVED:
            _fail(path, f"variables.{flags[0]}", f"group {group!r} is not a derived measure of the registry")
        if set(owner.codes) != set(flags):
            _fail(
                path,
                f"variables.{group}",
                f"its categories {', '.join(owner.codes)} must be the flags of group {group!r}: {', '.join(flags)}",
            )
    _check_positions(path, "story", {v.key: v.story for v in variables.values() if v.story})
    _check_positions(path, "explorer", {v.key: v.explorer.position for v in variables.values() if v.explorer})


def _countries(path, raw, sets, subregions: LabelSet) -> tuple[Country, ...]:
    raw = _need_mapping(path, "countries", raw)
    regions = sets["region"].codes if "region" in sets else ()
    out, codes = [], set()
    for name, entry in raw.items():
        where = f"countries.{name}"
        entry = _need_mapping(path, where, entry)
        _unknown_fields(path, where, entry, _COUNTRY_FIELDS)
        missing = sorted(_COUNTRY_FIELDS - set(entry))
        if missing:
            _fail(path, where, f"missing {', '.join(missing)}")
        iso3 = entry["iso3"]
        if not (isinstance(iso3, str) and re.fullmatch(r"[A-Z]{3}", iso3)):
            _fail(path, where, f"iso3 must be three capital letters, not {iso3!r}")
        if iso3 in codes:
            _fail(path, where, f"iso3 {iso3} is given to two countries")
        codes.add(iso3)
        if entry["region"] not in regions:
            _fail(path, where, f"unknown region {entry['region']!r} (the data's regions: {', '.join(regions)})")
        if entry["subregion"] not in subregions.codes:
            _fail(path, where, f"unknown subregion {entry['subregion']!r}")
        forms = _need_mapping(path, f"{where}.forms", entry["forms"])
        if sorted(forms) != sorted(COUNTRY_FORMS) or not all(isinstance(v, str) and v for v in forms.values()):
            _fail(path, f"{where}.forms", f"needs exactly the phrases {', '.join(COUNTRY_FORMS)}")
        out.append(Country(name, iso3, entry["region"], entry["subregion"], entry["iom_office"], dict(forms)))
    return tuple(out)


def form_context(form: str) -> str:
    """The gettext context of one of a country's phrases, e.g. country:lies_in."""
    return f"{COUNTRY_CONTEXT}:{form}"


def labels_for_translation() -> list[tuple[str, str, str]]:
    """Every reader-facing label of the registry as (context, English, where), for the catalogs."""
    reg = get()
    out: list[tuple[str, str, str]] = []
    for v in reg.variables.values():
        if v.label:
            out.append((VARIABLE_CONTEXT, v.label, v.key))
        if v.base_label:
            out.append((VARIABLE_CONTEXT, v.base_label, v.key))
    label_sets: tuple[Labelled, ...] = (*reg.category_sets.values(), *reg.variables.values())
    for label_set in label_sets:
        out += [(label_set.context, c.label, label_set.key) for c in label_set.categories]
    out += [(reg.indicators.context, c.label, "indicators") for c in reg.indicators.categories]
    out += [(COUNTRY_CONTEXT, c.name, "countries") for c in reg.countries]
    out += [(form_context(f), c.forms[f], "countries") for c in reg.countries for f in COUNTRY_FORMS]
    out += [(reg.subregions.context, c.label, "subregions") for c in reg.subregions.categories]
    seen: set[tuple[str, str]] = set()  # a shared set's labels once, under its context
    unique: list[tuple[str, str, str]] = []
    for m in out:
        if (m[0], m[1]) not in seen:
            seen.add((m[0], m[1]))
            unique.append(m)
    return unique
