"""Read the CTDC file by column name and check every value.

A cell that is blank means "not recorded". A multi-valued cell becomes a
frozenset of its values, meaning "at least one perpetrator of each". Anything
unexpected stops with a DatasetError that names the file, line, column and value.
The columns, their kinds and their values are those of registry.yaml.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ctdc_story.data import schema
from ctdc_story.meta import registry, settings


class DatasetError(ValueError):
    """The dataset file cannot be used as it is."""

    def __init__(
        self, path, problem: str, line: int | None = None, column: str | None = None, value: str | None = None
    ):
        self.path, self.line, self.column, self.value = str(path), line, column, value
        where = self.path + (f", line {line}" if line else "")
        what = f"column {column!r}" if column else ""
        if value is not None:
            what += f", value {value!r}"
        if column and value is not None:
            what += f" (allowed: blank or {', '.join(schema.allowed_values(column))}"
            what += ", or several joined by ';')" if column in schema.MULTI_VALUED else ")"
        super().__init__(f"{where}: {problem}" + (f": {what}" if what else ""))


@dataclass(frozen=True)
class Dataset:
    """The validated records and the file they came from."""

    frame: pd.DataFrame
    path: Path
    sha256: str

    @property
    def is_official_release(self) -> bool:
        return self.sha256 == settings.DATA_SHA256

    def __len__(self) -> int:
        return len(self.frame)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load(path: Path | str | None = None) -> Dataset:
    """Read and validate the dataset (``CTDC_DATA`` or data/raw when no path is given)."""
    path = Path(path) if path else settings.data_path()
    if not path.is_file():
        raise DatasetError(
            path,
            "the dataset file does not exist. Run `make data`, place the "
            f"file at {settings.DEFAULT_DATA_PATH}, or set CTDC_DATA to its path",
        )
    raw = path.read_bytes()
    text = _decode(path, raw)
    if not text.strip():
        raise DatasetError(path, "the file is empty")
    rows = csv.reader(io.StringIO(text, newline=""))
    header = _check_header(path, next(rows))
    records = [_parse_row(path, rows.line_num, header, row) for row in rows if row]
    if not records:
        raise DatasetError(path, "the file has a header but no records")
    frame = pd.DataFrame.from_records(records, columns=list(schema.COLUMNS))
    return Dataset(frame=frame, path=path, sha256=hashlib.sha256(raw).hexdigest())


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DatasetError(path, f"the file is not UTF-8 text (byte {err.start})", line=line) from None


def _check_header(path: Path, header: list[str]) -> list[str]:
    header = [name.strip() for name in header]
    if len(header) == 1:
        for sep in (";", "\t", "|"):
            if sep in header[0]:
                raise DatasetError(
                    path, f"the header is separated by {sep!r}, but the file must be comma-separated", line=1
                )
    missing = [c for c in schema.COLUMNS if c not in header]
    if missing:
        raise DatasetError(
            path,
            "missing column(s) " + ", ".join(missing) + " in the header; expected " + ", ".join(schema.COLUMNS),
            line=1,
        )
    extra = [c for c in header if c not in schema.COLUMNS]
    if extra:
        raise DatasetError(
            path,
            "unknown column(s) "
            + ", ".join(map(repr, extra))
            + " in the header; this release has only "
            + ", ".join(schema.COLUMNS),
            line=1,
        )
    if len(set(header)) != len(header):
        dupes = sorted({c for c in header if header.count(c) > 1})
        raise DatasetError(path, "duplicate column(s) " + ", ".join(dupes), line=1)
    return header


def _parse_row(path: Path, line: int, header: list[str], row: list[str]) -> dict:
    if len(row) != len(header):
        raise DatasetError(path, f"expected {len(header)} comma-separated fields, found {len(row)}", line=line)
    return {col: _parse_cell(path, line, col, cell.strip()) for col, cell in zip(header, row)}


def _parse_cell(path: Path, line: int, column: str, cell: str):
    variable = registry.get().variable(column)
    is_flag, multi = variable.kind == registry.FLAG, variable.kind == registry.MULTI
    if cell == "":
        return False if is_flag else None
    if is_flag:
        if cell != "1":
            raise DatasetError(path, "unknown value", line, column, cell)
        return True
    parts = cell.split(";")
    allowed = variable.codes
    if any(p not in allowed for p in parts) or len(set(parts)) != len(parts):
        raise DatasetError(path, "unknown value", line, column, cell)
    if len(parts) > 1 and not multi:
        raise DatasetError(path, "a combined value in a single-valued column", line, column, cell)
    return frozenset(parts) if multi else cell


def canonical(value) -> str | None:
    """The cell as the file writes it: values of a set joined by ';' in sorted order."""
    if value is None:
        return None
    if isinstance(value, frozenset):
        return ";".join(sorted(value))
    return value
