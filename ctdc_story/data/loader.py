"""Read the CTDC file by column name and check every value.

A cell that is blank means "not recorded". A multi-valued cell becomes a
frozenset of its values, meaning "at least one perpetrator of each". Anything
unexpected stops with a DatasetError that names the file, line, column and value.
The columns, their kinds and their values are those of registry.yaml.
"""

from __future__ import annotations

import csv
import functools
import hashlib
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
            what += f", value {shown(value)}"
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


# A value quoted in a message is cut to this many characters (a cell may be any size).
SHOWN = 60


def shown(value: str) -> str:
    """A value as a message quotes it: its repr, cut with an ellipsis and its length when long."""
    if len(value) <= SHOWN:
        return repr(value)
    return f"{value[:SHOWN]!r}… ({len(value):,} characters)"


@functools.cache
def longest_allowed(column: str) -> int:
    """The length of all of ``column``'s values joined by ';': no cell can be right and longer (a
    shorter wrong one gets the message that names its unknown value)."""
    values = schema.allowed_values(column)
    return sum(map(len, values)) + len(values) - 1


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Which file an artifact is built from: its name, its sha256 and whether it is the release."""

    name: str
    sha256: str

    @property
    def is_official_release(self) -> bool:
        return self.sha256 == settings.DATA_SHA256


def provenance(path: Path | str | None = None) -> Provenance:
    """The provenance of the dataset file (``CTDC_DATA`` or data/raw when no path is given)."""
    path = Path(path) if path else settings.data_path()
    stat = path.stat()
    return _provenance(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _provenance(path: str, _mtime: int, _size: int) -> Provenance:
    return Provenance(name=Path(path).name, sha256=sha256_of(Path(path)))


def load(path: Path | str | None = None) -> Dataset:
    """Read and validate the dataset (``CTDC_DATA`` or data/raw when no path is given)."""
    path = Path(path) if path else settings.data_path()
    raw = _read(path)
    text = _decode(path, raw)
    if not text.strip():
        raise DatasetError(path, "the file is empty")
    lines = _lines(text)
    header = _check_header(path, _fields(path, 1, lines[0], None))
    records = [
        _parse_row(path, number, header, _fields(path, number, line, header))
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    ]
    if not records:
        raise DatasetError(path, "the file has a header but no records")
    frame = pd.DataFrame.from_records(records, columns=list(schema.COLUMNS))
    return Dataset(frame=frame, path=path, sha256=hashlib.sha256(raw).hexdigest())


def _read(path: Path) -> bytes:
    """The file's bytes, or a DatasetError that says why they cannot be read and what to do."""
    place = f"Run `make data`, place the file at {settings.DEFAULT_DATA_PATH}, or set CTDC_DATA to its path"
    if path.is_dir():
        raise DatasetError(path, f"this is a directory, not the dataset file. {place} (the .csv file itself)")
    if not path.exists():
        raise DatasetError(path, f"the dataset file does not exist. {place}")
    try:
        return path.read_bytes()
    except PermissionError:
        raise DatasetError(
            path,
            "the file cannot be read: permission denied. Give your user read permission "
            f"(e.g. chmod u+r {path}) or set CTDC_DATA to a copy you can read",
        ) from None
    except OSError as err:
        raise DatasetError(path, f"the file cannot be read: {err.strerror or err}") from None


def _lines(text: str) -> list[str]:
    """The physical lines of the file (LF or CRLF). No cell of the dataset holds a line break, so
    a record is one line and every message names the line where the problem is."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _fields(path: Path, number: int, line: str, header: list[str] | None) -> list[str]:
    """The comma-separated fields of one physical line. Quotes are read as CSV quotes; a quote left
    open (or stray inside a quoted cell) is reported at this line, in the column where it starts."""
    if '"' not in line:
        return line.split(",")
    try:
        return next(csv.reader([line], strict=True))
    except (csv.Error, StopIteration):
        pass
    index, column, start = 0, None, 0
    for index, part in enumerate(line.split(",")):
        if '"' in part:
            column = header[index] if header and index < len(header) else f"field {index + 1}"
            break
        start += len(part) + 1
    cell = line[start:].split(",", 1)[0] if column else line
    raise DatasetError(
        path,
        f'a lone quote (") in a cell: the file uses no quotes; remove it or close it on the same line'
        f" (field {index + 1}, character {start + cell.index(chr(34)) + 1})",
        line=number,
        column=column if header and column in header else None,
        value=cell,
    )


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
    for col, cell in zip(header, row):
        if len(cell) > longest_allowed(col) + 2:  # room for surrounding spaces, which are stripped
            raise DatasetError(path, "a cell longer than any allowed value", line, col, cell)
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
