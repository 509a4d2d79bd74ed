"""The metadata registry: complete, consistent with the data, and clear when it is not."""

from __future__ import annotations

import csv

import pytest

from ctdc_story.data import stats
from ctdc_story.meta import registry
from ctdc_story.meta.registry import RegistryError
from ctdc_story.publication import explorer
from ctdc_story.text import i18n, labels

REG = registry.get()


def test_every_column_of_the_file_is_defined_once(dataset_path):
    with dataset_path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    columns = [v.key for v in REG.columns]
    assert len(columns) == len(set(columns))
    assert columns == header, "registry.yaml lists the columns in the file's order"


def test_every_measure_of_the_registry_is_counted_by_stats():
    with_categories = [v.key for v in REG.variables.values() if v.kind != registry.FLAG]
    assert list(stats.MEASURES) == with_categories
    for key, measure in stats.MEASURES.items():
        assert measure.categories == REG.variable(key).codes
        assert measure.multi == REG.variable(key).multi


def test_role_combinations_are_every_non_empty_set_of_roles():
    assert stats.ROLE_COMBINATION.categories == stats._role_combinations()


def test_lists_of_variables_come_from_the_registry():
    assert stats.STORY_VARIABLES == (
        "yearRegister",
        "gender",
        "majorityStatus",
        "exploitation",
        "UN_COO_Region",
        "UN_COE_Region",
        "roles",
        "IP_Gender",
        "IP_ageBroad",
        "IP_citizen_UNRegion",
        "IP_Relation",
        "IP_PayMoney",
    )
    assert set(explorer.VARIABLES) == set(stats.STORY_VARIABLES)
    assert explorer.FILTERS == ("gender", "majorityStatus", "UN_COO_Region", "UN_COE_Region", "exploitation")


def test_countries():
    assert len(REG.countries) == 14
    assert [c.name for c in REG.countries] == sorted(c.name for c in REG.countries)
    office = {c.name: c.iom_office for c in REG.countries}
    assert {n for n, o in office.items() if o == "RO Dakar"} == {"Mali", "Niger", "Nigeria", "Chad"}
    assert REG.country("Chad").subregion == "Middle Africa"
    assert REG.country("Lebanon").region == "Asia"


def test_labels_are_translated_under_their_context():
    assert labels.category("UN_COE_Region", "Africa") == "Africa"
    assert i18n.pgettext("region", "Africa", "fr") == "Afrique"
    assert i18n.pgettext("no such context", "Africa", "fr") == "Africa"
    assert i18n.gettext("Africa", "fr") == "Africa", "the label has no entry without a context"
    assert {c for c, _m, _w in registry.labels_for_translation()} >= {
        "variable",
        "region",
        "gender",
        "IP_Gender",
        "country",
    }


# --- errors ---------------------------------------------------------------------


def broken(tmp_path, old: str, new: str):
    text = registry.PATH.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "registry.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "  gender:\n    kind: single",
            "  gender:\n    kind: singel",
            r"variables\.gender: unknown kind 'singel' \(expected one of single, multi, flag, derived\)",
        ),
        ("  majorityStatus:\n", "  gender:\n", r"duplicate key 'gender'.*line \d+"),
        (
            "    categories: region\n    story: 5",
            "    categories: regions\n    story: 5",
            r"variables\.UN_COO_Region: unknown category set 'regions'",
        ),
        (
            '  IP_Exploiter:\n    kind: flag\n    label: "Perpetrator role: exploiter"\n    group: roles',
            '  IP_Exploiter:\n    kind: flag\n    label: "Perpetrator role: exploiter"\n    group: exploitation',
            r"variables\.exploitation: its categories .* must be the flags of group 'exploitation'",
        ),
        ("    story: 12", "    story: 11", r"story: positions must be 1 to 12, each once"),
        ("    IP_PayMoney:Yes: Paid", "    IP_PayMoney:Maybe: Paid", r"indicators: 'IP_PayMoney:Maybe' does not name"),
        ("iso3: TCD", "iso3: DZA", r"countries\.Chad: iso3 DZA is given to two countries"),
        ('      "Yes": Paid', "      Yes: Paid", r"variables\.IP_PayMoney\.categories: category True needs"),
        (
            "  gender:\n    kind: single\n",
            "  gender:\n    kind: single\n    colour: red\n",
            r"variables\.gender: unknown field\(s\) colour",
        ),
    ],
)
def test_a_registry_error_names_the_entry_and_the_problem(tmp_path, old, new, message):
    with pytest.raises(RegistryError, match=message) as err:
        registry.load(broken(tmp_path, old, new))
    assert str(err.value).startswith("registry.yaml: ")


def test_a_derived_measure_without_masks_is_refused(monkeypatch):
    monkeypatch.delitem(stats._DERIVED, "role_count")
    with pytest.raises(RuntimeError, match="derived measure 'role_count'.*stats.derived"):
        stats._registered()
