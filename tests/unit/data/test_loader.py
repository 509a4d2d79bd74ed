"""The loader against the official dictionary, and its messages on bad files."""

from __future__ import annotations

import os

import openpyxl
import pandas as pd
import pytest

from ctdc_story.data import loader, schema
from ctdc_story.data.loader import DatasetError
from ctdc_story.meta import registry
from support.rows import dictionary_path, row


def tabstat() -> dict[str, dict[str, int]]:
    """The official frequency of every category, from the dictionary's TabStat sheet."""
    sheet = openpyxl.load_workbook(dictionary_path(), read_only=True)["TabStat"]
    counts: dict[str, dict[str, int]] = {}
    variable = None
    for first, second, freq, *_ in sheet.iter_rows(values_only=True):
        if first in schema.COLUMNS and freq is None:
            variable = first
            counts[variable] = {}
        elif variable and freq is not None and second not in (None, "Total", ".") and first != "Total":
            counts[variable][str(second)] = int(freq)
        elif variable and first == "Missing":
            counts[variable][""] = int(freq)
    return counts


@pytest.fixture(scope="module")
def official() -> dict[str, dict[str, int]]:
    return tabstat()


def test_dictionary_covers_every_column(official):
    assert set(official) == set(schema.COLUMNS)


@pytest.mark.parametrize("column", schema.COLUMNS)
def test_counts_match_the_official_tabstat(dataset, official, column):
    values = dataset.frame[column]
    if column in schema.FLAGS:
        counted = {"1": int(values.sum()), "": int((~values).sum())}
    else:
        counted = values.map(loader.canonical).fillna("").value_counts().to_dict()
    assert counted == official[column]


def test_the_release_is_recognised(dataset):
    assert len(dataset) == 21_195
    assert dataset.is_official_release


def test_multi_valued_cells_become_sets(dataset):
    relation = dataset.frame["IP_Relation"].dropna()
    assert all(isinstance(v, frozenset) for v in relation)
    assert frozenset({"FriendAcquaintance", "StrangerUnknownOther"}) in set(relation)


def test_blank_means_not_recorded(make_csv):
    frame = loader.load(make_csv([row(gender="Female"), row()])).frame
    assert frame.loc[0, "gender"] == "Female" and pd.isna(frame.loc[1, "gender"])
    assert frame["IP_Relation"].isna().all()
    assert frame["isForcedLabour"].tolist() == [False, False]


def test_bom_and_crlf_are_accepted(make_csv):
    path = make_csv([row(gender="Male", isForcedLabour="1")], bom=True, newline="\r\n")
    frame = loader.load(path).frame
    assert frame.loc[0, "gender"] == "Male" and frame.loc[0, "isForcedLabour"]


def test_columns_are_read_by_name(make_csv):
    path = make_csv([row(gender="Female", yearRegister="2019")], columns=tuple(reversed(schema.COLUMNS)))
    frame = loader.load(path).frame
    assert frame.loc[0, "gender"] == "Female" and frame.loc[0, "yearRegister"] == "2019"


def error_of(path) -> str:
    with pytest.raises(DatasetError) as caught:
        loader.load(path)
    return str(caught.value)


def test_unknown_value_names_file_line_column_value_and_allowed(make_csv):
    path = make_csv([row(gender="Female"), row(gender="Femme")])
    message = error_of(path)
    assert str(path) in message and "line 3" in message
    assert "'gender'" in message and "'Femme'" in message
    assert "allowed: blank or Female, Male" in message


def test_unknown_part_of_a_combined_value(make_csv):
    message = error_of(make_csv([row(IP_Relation="FriendAcquaintance;Neighbour")]))
    assert "line 2" in message and "'IP_Relation'" in message and "FriendAcquaintance;Neighbour" in message


def test_combined_value_in_a_single_valued_column(make_csv):
    message = error_of(make_csv([row(gender="Female;Male")]))
    assert "single-valued" in message and "'gender'" in message


def test_flag_other_than_one(make_csv):
    message = error_of(make_csv([row(isForcedLabour="0")]))
    assert "'isForcedLabour'" in message and "'0'" in message and "allowed: blank or 1" in message


def test_missing_column(make_csv):
    columns = tuple(c for c in schema.COLUMNS if c != "IP_PayMoney")
    message = error_of(make_csv([row()], columns=columns))
    assert "line 1" in message and "missing column(s) IP_PayMoney" in message


def test_unknown_column(make_csv):
    message = error_of(make_csv([row()], columns=schema.COLUMNS + ("country",)))
    assert "unknown column(s) 'country'" in message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert error_of(path) == f"{path}: the file is empty"


def test_header_only(make_csv):
    assert "no records" in error_of(make_csv([]))


def test_wrong_delimiter(make_csv):
    message = error_of(make_csv([row(gender="Female")], sep=";"))
    assert "line 1" in message and "separated by ';'" in message


def test_wrong_number_of_fields(make_csv, tmp_path):
    path = make_csv([row(gender="Female"), row()])
    path.write_text(path.read_text() + "\n2019,Female")
    message = error_of(path)
    assert "line 4" in message and "expected 16 comma-separated fields, found 2" in message


def test_not_utf8(tmp_path, make_csv):
    path = make_csv([row(gender="Female")])
    path.write_bytes(path.read_bytes() + b"\n\xff\xfe")
    assert "not UTF-8" in error_of(path)


def test_missing_file(tmp_path):
    message = error_of(tmp_path / "nowhere.csv")
    assert "does not exist" in message and "CTDC_DATA" in message


@pytest.mark.parametrize("column", schema.COLUMNS)
def test_registry_categories_match_the_official_tabstat(official, column):
    """registry.yaml lists exactly the single values the dictionary counts (combined cells split)."""
    variable = registry.get().variable(column)
    values = {part for value in official[column] if value for part in value.split(";")}
    if variable.kind == registry.FLAG:
        assert values == {"1"}
    else:
        assert values == set(variable.codes)


# --- Files that cannot be read as they are: a message, never a stack trace (issue 16).


def test_a_directory_is_not_reported_as_missing(tmp_path):
    message = error_of(tmp_path)
    assert str(tmp_path) in message and "is a directory" in message and "does not exist" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission(make_csv):
    path = make_csv([row(gender="Female")])
    path.chmod(0o200)
    try:
        message = error_of(path)
    finally:
        path.chmod(0o600)
    assert str(path) in message and "permission denied" in message and "chmod" in message


def test_an_unreadable_file_even_for_root(make_csv, monkeypatch):
    """The same message where the test runs as root, who may read any file: the read is refused."""
    path = make_csv([row(gender="Female")])

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    message = error_of(path)
    assert str(path) in message and "permission denied" in message


def test_a_lone_quote_names_its_own_line_column_and_value(make_csv):
    """A quote opens a quoted cell that runs on over the next lines: the message names the line
    where the quote is, not the line where the CSV reader gave up."""
    rows = [row(gender="Female") for _ in range(6)]
    rows[2]["gender"] = '"Female'
    message = error_of(make_csv(rows))
    assert "line 4" in message and "lone quote" in message
    assert "column 'gender'" in message and "value '\"Female'" in message


def test_a_lone_quote_at_the_end_of_the_file(make_csv):
    message = error_of(make_csv([row(gender="Female"), row(IP_PayMoney='Yes"')]))
    assert "line 3" in message and "'IP_PayMoney'" in message and "'Yes\"'" in message


def test_quoted_cells_are_read(make_csv, tmp_path):
    path = make_csv([row(gender="Female", IP_Relation="FriendAcquaintance;StrangerUnknownOther")])
    path.write_text(
        path.read_text().replace("FriendAcquaintance;StrangerUnknownOther", '"FriendAcquaintance;StrangerUnknownOther"')
    )
    assert loader.load(path).frame.loc[0, "IP_Relation"] == frozenset({"FriendAcquaintance", "StrangerUnknownOther"})


@pytest.mark.parametrize("quoted", [False, True])
def test_a_huge_cell_is_named_and_cut_in_the_message(make_csv, quoted):
    huge = "x" * 200_000
    message = error_of(make_csv([row(gender="Female"), row(majorityStatus=f'"{huge}"' if quoted else huge)]))
    assert "line 3" in message and "'majorityStatus'" in message
    assert "200,00" in message and len(message) < 1_000  # the length is named, the value cut
