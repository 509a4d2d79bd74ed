"""Rows and files the unit tests write themselves, and where the official dictionary is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ctdc_story.data import schema
from ctdc_story.meta import settings

DICTIONARY_NAME = "CTDC_VPsynthetic_dict_20221201.xlsx"


def dictionary_path() -> Path:
    """The official dictionary: CTDC_DICTIONARY, else beside the dataset, else in ../shared."""
    candidates = [Path(os.environ["CTDC_DICTIONARY"])] if os.environ.get("CTDC_DICTIONARY") else []
    candidates += [
        settings.data_path().parent / DICTIONARY_NAME,
        settings.ROOT.parent / "shared" / "data" / "ctdc" / DICTIONARY_NAME,
    ]
    for path in candidates:
        if path.exists():
            return path
    pytest.fail(
        f"The official dictionary {DICTIONARY_NAME} is needed: set CTDC_DICTIONARY "
        f"(looked in {', '.join(map(str, candidates))})"
    )


def blank_row() -> dict[str, str]:
    return {c: "" for c in schema.COLUMNS}


def row(**values: str) -> dict[str, str]:
    r = blank_row()
    r.update(values)
    return r


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    columns=schema.COLUMNS,
    sep: str = ",",
    newline: str = "\n",
    bom: bool = False,
) -> Path:
    lines = [sep.join(columns)] + [sep.join(r.get(c, "") for c in columns) for r in rows]
    text = newline.join(lines)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path
