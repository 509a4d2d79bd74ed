"""Linked-table attack: what an attacker can prove about small cells from everything the site publishes.

    python -m ctdc_story.tools.attack [_build/site]      (make audit runs it after the scanner)

The scanner (audit.py) checks each published number on its own. This module checks them together,
as an attacker who holds every table would: each published count, base and not-recorded count
says that the records it sums number between its value and its value plus the resolution (a
count shown as "<10" says 0 to 10). The records behind each number are found again on the raw
data (stats.cell_masks). Records that fall in exactly the same published numbers are
indistinguishable to the attacker and form one *atom*; the attacker's unknowns are the atom
sizes (continuous, at least 0). For each small target cell, two linear programs give the least
and the greatest number of records it can hold under every published interval at once.

The attack fails the audit when a cell with fewer than 10 records gets bounds narrower than the
resolution: the site then tells more about that cell than "fewer than 10".

Targets are every published number that sums 1 to 9 records and the non-empty cells below 10 of
each figure's cross-tabulation (records in exactly the same groups and categories of one query),
plain cells first, up to MAX_TARGETS. Empty cells are not bounded (see empty_cells).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

from ctdc_story.data import privacy, stats
from ctdc_story.meta import settings
from ctdc_story.tools.findings import Finding

FIELDS = ("count", "base", "not_recorded")
TOLERANCE = 1e-6
MAX_TARGETS = 160  # about 1 s per target and core: the attack takes 2 to 3 minutes on 2 cores


@dataclass(frozen=True)
class Cell:
    """One published number's place: the query of its table, its row, and its column."""

    query: str  # canonical JSON of the table's query (stats.query)
    group: str
    category: str
    field: str

    def describe(self) -> str:
        return f"{self.field} of ({self.group}, {self.category}) in {describe_query(self.query)}"


@dataclass
class Number:
    """A published value (None for "<10") and the files that publish it."""

    value: int | None
    places: list[str] = field(default_factory=list)

    @property
    def interval(self) -> tuple[float, float]:
        return interval(self.value)


@dataclass
class Target:
    description: str
    mask: np.ndarray  # the records the cell holds
    true: int
    rows: int = 1  # for a cross-tabulation cell: how many rows of its table it lies in


@dataclass
class Bound:
    target: Target
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def __str__(self) -> str:
        return (
            f"{self.target.description}: true count {self.target.true}, "
            f"the published numbers pin it to [{self.low:.2f}, {self.high:.2f}] (width {self.width:.2f})"
        )


@dataclass
class Report:
    numbers: int = 0
    constraints: int = 0
    atoms: int = 0
    targets: int = 0
    skipped_targets: int = 0
    empty: int = 0
    lps: int = 0
    seconds: float = 0.0
    narrowest: Bound | None = None
    findings: list[Finding] = field(default_factory=list)

    def summary(self) -> str:
        narrowest = "none" if self.narrowest is None else str(self.narrowest)
        skipped = (
            f" ({self.skipped_targets} cross-tabulation cells of several rows left out)" if self.skipped_targets else ""
        )
        return (
            f"attack: {self.numbers} published numbers ({self.constraints} distinct record sets), "
            f"{self.atoms} atoms, {self.targets} target cells{skipped}, {self.empty} empty published "
            f"cells not bounded, {self.lps} LPs solved "
            f"in {self.seconds:.1f} s; narrowest bound: {narrowest}"
        )


# --- what the site publishes -------------------------------------------------


def interval(value: int | None) -> tuple[float, float]:
    """What a published value tells about the true count. Rounded down to a multiple of the
    resolution, v means [v, v + resolution]; "<10" means [0, resolution]. A value the rounding
    rule cannot produce (not a multiple of the resolution) can only be exact."""
    if value is None:
        return 0.0, float(privacy.RESOLUTION)
    if value % privacy.RESOLUTION:
        return float(value), float(value)
    return float(value), float(value + privacy.RESOLUTION)


def parse_value(text) -> int | None | str:
    """A published count: an int, None for "<10", or "" where the cell is blank (nothing published)."""
    if text is None:
        return ""
    if isinstance(text, (int, np.integer)):
        return int(text)
    text = str(text).strip().replace("\u2066", "").replace("\u2069", "")
    if text == privacy.SUPPRESSED:
        return None
    return int(text) if text.isdigit() else ""


def canonical(query: dict) -> str:
    return json.dumps(query, sort_keys=True, ensure_ascii=False)


def describe_query(query: str) -> str:
    q = json.loads(query)
    text = f"shares of {q['of']}" + (f" within {q['within']}" if q.get("within") else "")
    text += f" where {q['where']}" if q.get("where") else ""
    extra = {k: v for k, v in q.items() if k not in ("of", "within", "where")}
    return text + (f" {extra}" if extra else "")


class Collector:
    """Published numbers by cell, with the first disagreement between two places as a finding."""

    def __init__(self):
        self.numbers: dict[Cell, Number] = {}
        self.findings: list[Finding] = []

    def add_rows(self, query: dict, rows: list[dict], where: str) -> None:
        key = canonical(query)
        for row in rows:
            for name in FIELDS:
                value = parse_value(row.get(name))
                if not isinstance(value, str):  # "" (the only str parse_value returns): nothing published
                    self.add(Cell(key, str(row["group_code"]), str(row["category_code"]), name), value, where)

    def add(self, cell: Cell, value: int | None, where: str) -> None:
        known = self.numbers.setdefault(cell, Number(value))
        if known.value != value:
            self.findings.append(
                Finding(
                    where,
                    "published numbers disagree",
                    (f"{cell.describe()} is {_show(value)} here but {_show(known.value)} in {known.places[0]}"),
                )
            )
        known.places.append(where)


def _show(value: int | None) -> str:
    return privacy.SUPPRESSED if value is None else str(value)


def read_csv_rows(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def collect(root: Path) -> Collector:
    """Every count, base and not-recorded count of the CSV downloads and the briefs' data, in every edition."""
    found = Collector()
    for edition in sorted(p for p in root.iterdir() if p.is_dir() and p.name in settings.LANGUAGES):
        index = edition / "data" / "figures.json"
        for figure in json.loads(index.read_text(encoding="utf-8")) if index.is_file() else []:
            if figure.get("query"):
                path = edition / "data" / figure["csv"]
                found.add_rows(figure["query"], read_csv_rows(path), str(path.relative_to(root)))
        briefs = edition / "briefs" / "figures.json"
        for country, entries in json.loads(briefs.read_text(encoding="utf-8")).items() if briefs.is_file() else []:
            for entry in entries:
                rows = [dict(zip(entry["columns"], row)) for row in entry["rows"]]
                found.add_rows(entry["query"], rows, f"{briefs.relative_to(root)} ({country}, {entry['key']})")
    return found


# --- the records behind each number ------------------------------------------


def cell_masks(frame: pd.DataFrame, cells) -> dict[Cell, np.ndarray]:
    """The records each published cell sums, one stats.cell_masks call per table row."""
    rows: dict[tuple[str, str, str], dict] = {}
    out = {}
    for cell in cells:
        row = (cell.query, cell.group, cell.category)
        if row not in rows:
            rows[row] = stats.cell_masks(frame, json.loads(cell.query), cell.group, cell.category)
        out[cell] = rows[row][cell.field].to_numpy(dtype=bool)
    return out


def signatures(masks: list[np.ndarray], size: int) -> np.ndarray:
    """Each record's atom: records in exactly the same masks share an id (0..atoms-1)."""
    ids = np.zeros(size, dtype=np.int64)
    for start in range(0, len(masks), 24):
        chunk = masks[start : start + 24]
        bits = sum(m.astype(np.int64) << i for i, m in enumerate(chunk))
        ids = pd.factorize(ids * (1 << len(chunk)) + bits)[0].astype(np.int64)
    return ids


def distinct(masks) -> dict[bytes, np.ndarray]:
    return {np.packbits(m).tobytes(): m for m in masks}


# --- targets -----------------------------------------------------------------


def empty_cells(cells: dict[Cell, np.ndarray]) -> int:
    """Published numbers that sum no record. Atoms are built from the records there are, so the
    programs have no variable for a record in such a cell: they would always pin it to 0, and that
    reflects the model, not the site. These cells are counted in the summary, not bounded."""
    return len({np.packbits(m).tobytes() for m in cells.values() if not m.any()})


def published_targets(cells: dict[Cell, np.ndarray], numbers: dict[Cell, Number]) -> list[Target]:
    """Every published number that sums 1 to 9 records (one target per record set). An empty cell
    has no atom, so its bounds would say nothing about what the attacker can prove: see empty_cells."""
    out = {}
    for cell, mask in cells.items():
        true = int(mask.sum())
        key = np.packbits(mask).tobytes()
        if 0 < true < privacy.RESOLUTION and key not in out:
            out[key] = Target(
                f"{cell.describe()}, published as {_show(numbers[cell].value)} in {numbers[cell].places[0]}", mask, true
            )
    return list(out.values())


def cross_targets(cells: dict[Cell, np.ndarray]) -> list[Target]:
    """The non-empty cells below the resolution of each query's cross-tabulation: records in
    exactly the same (group, category) rows of that query, e.g. victims of exactly these forms
    of exploitation from exactly this region."""
    by_query: dict[str, list[Cell]] = {}
    for cell in cells:
        if cell.field == "count":
            by_query.setdefault(cell.query, []).append(cell)
    out = []
    for query, members in by_query.items():
        ids = signatures([cells[c] for c in members], len(cells[members[0]]))
        inside = np.zeros(len(ids), dtype=bool)
        for c in members:
            inside |= cells[c]
        sizes = np.bincount(ids[inside], minlength=ids.max() + 1)
        for atom in np.flatnonzero((sizes > 0) & (sizes < privacy.RESOLUTION)):
            mask = inside & (ids == atom)
            rows = [f"({c.group}, {c.category})" for c in members if cells[c][mask][0]]
            out.append(
                Target(
                    f"records in exactly {' '.join(rows)} of {describe_query(query)}", mask, int(sizes[atom]), len(rows)
                )
            )
    return out


# --- the linear programs -----------------------------------------------------


def incidence(masks: list[np.ndarray], ids: np.ndarray, atoms: int) -> sparse.csr_matrix:
    """Rows: masks; columns: atoms; 1 where the atom lies in the mask (atoms lie wholly in or out)."""
    cols = [np.unique(ids[m]) for m in masks]
    indptr = np.cumsum([0] + [len(c) for c in cols])
    data = np.ones(indptr[-1])
    return sparse.csr_matrix((data, np.concatenate(cols) if cols else [], indptr), shape=(len(masks), atoms))


@dataclass
class Program:
    """The attacker's polytope: atom sizes x >= 0 and, for each published record set, a slack
    s = A x bounded by its interval (A x - s = 0; ranged rows as bounded slacks solve twice as
    fast as pairs of inequalities)."""

    a_eq: sparse.csr_matrix
    bounds: np.ndarray
    atoms: int

    @classmethod
    def build(cls, a: sparse.csr_matrix, low: np.ndarray, high: np.ndarray) -> Program:
        rows, atoms = a.shape
        a_eq = sparse.hstack([a, -sparse.identity(rows)]).tocsr()
        bounds = np.vstack([np.column_stack([np.zeros(atoms), np.full(atoms, np.inf)]), np.column_stack([low, high])])
        return cls(a_eq, bounds, atoms)

    def extreme(self, objective: np.ndarray) -> float | None:
        """The least value of objective·x, or None where it has none (unbounded)."""
        c = np.concatenate([objective, np.zeros(self.a_eq.shape[0])])
        # Presolve costs more than it saves on these small, dense programs.
        done = linprog(
            c,
            A_eq=self.a_eq,
            b_eq=np.zeros(self.a_eq.shape[0]),
            bounds=self.bounds,
            method="highs",
            options={"presolve": False},
        )
        if done.status == 2:
            raise RuntimeError("the published intervals admit no solution: the attack's model is wrong")
        if done.status not in (0, 3):
            raise RuntimeError(f"linprog failed: {done.message}")
        return done.fun if done.status == 0 else None

    def bounds_of(self, objective: np.ndarray) -> tuple[float, float]:
        """(least, greatest) number of records the target can hold under every published interval."""
        least = self.extreme(objective)
        greatest = self.extreme(-objective)
        return (0.0 if least is None else least), (np.inf if greatest is None else -greatest)


_PROGRAM: Program | None = None  # the program each worker process solves, set before the fork


def _solve(objective: np.ndarray) -> tuple[float, float]:
    assert _PROGRAM is not None, "solve_all sets the program before any objective is solved"
    return _PROGRAM.bounds_of(objective)


def solve_all(program: Program, objectives: list[np.ndarray]) -> list[tuple[float, float]]:
    """Bounds for every target, on every core (the programs are independent)."""
    global _PROGRAM
    _PROGRAM = program
    workers = min(len(objectives), os.cpu_count() or 1)
    if workers <= 1:
        return [_solve(o) for o in objectives]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        return pool.map(_solve, objectives, chunksize=4)


def choose(published: list[Target], cross: list[Target]) -> tuple[list[Target], int]:
    """Every published small number, then the cross-tabulation cells: plain cells (one row of one
    table) first, then combinations of fewer rows, smaller counts first, up to MAX_TARGETS."""
    cross = sorted(cross, key=lambda t: (t.rows, t.true))
    room = max(0, MAX_TARGETS - len(published))
    return published + cross[:room], max(0, len(cross) - room)


def attack(frame: pd.DataFrame, collector: Collector) -> Report:
    started = time.perf_counter()
    report = Report(numbers=len(collector.numbers), findings=list(collector.findings))
    cells = cell_masks(frame, collector.numbers)
    targets, report.skipped_targets = choose(published_targets(cells, collector.numbers), cross_targets(cells))
    report.empty = empty_cells(cells)
    constraints = intervals_by_mask(cells, collector.numbers, report)
    masks = [m for m, _low, _high in constraints.values()]
    ids = signatures(masks + [t.mask for t in targets], len(frame))
    atoms = int(ids.max()) + 1 if len(ids) else 0
    low = np.array([lo for _m, lo, _h in constraints.values()])
    high = np.array([h for _m, _lo, h in constraints.values()])
    program = Program.build(incidence(masks, ids, atoms), low, high)
    objectives = [row.toarray().ravel() for row in incidence([t.mask for t in targets], ids, atoms)]
    for target, (least, greatest) in zip(targets, solve_all(program, objectives)):
        found = Bound(target, least, greatest)
        if report.narrowest is None or found.width < report.narrowest.width:
            report.narrowest = found
        if target.true < privacy.RESOLUTION and found.width < privacy.RESOLUTION - TOLERANCE:
            report.findings.append(Finding("linked tables", "small cell narrowed below the resolution", str(found)))
    report.constraints, report.atoms, report.targets = len(constraints), atoms, len(targets)
    report.lps = 2 * len(targets)
    report.seconds = time.perf_counter() - started
    return report


def intervals_by_mask(
    cells: dict[Cell, np.ndarray], numbers: dict[Cell, Number], report: Report
) -> dict[bytes, tuple[np.ndarray, float, float]]:
    """One interval per distinct record set: the intersection of what each number on it says."""
    out: dict[bytes, tuple[np.ndarray, float, float]] = {}
    for cell, mask in cells.items():
        key = np.packbits(mask).tobytes()
        low, high = numbers[cell].interval
        _m, known_low, known_high = out.get(key, (mask, -np.inf, np.inf))
        out[key] = (mask, max(low, known_low), min(high, known_high))
        true = int(mask.sum())
        if not low <= true <= high:
            report.findings.append(
                Finding(
                    numbers[cell].places[0],
                    "published number off its records",
                    (f"{cell.describe()} is published as {_show(numbers[cell].value)} but sums {true} records"),
                )
            )
    return out


def site_root(argv: list[str] | None) -> Path:
    argv = sys.argv[1:] if argv is None else argv
    return Path(argv[0]) if argv else settings.BUILD / "site"


def records(tool: str):
    """The raw records the attack maps published numbers to, or None (with a message) without the dataset."""
    from ctdc_story.data import loader

    try:
        return loader.load().frame
    except loader.DatasetError as error:
        print(f"{tool}: the linked-table attack needs the dataset: {error}", file=sys.stderr)
        return None


def run(root: Path, frame: pd.DataFrame) -> Report:
    return attack(frame, collect(root))


def main(argv: list[str] | None = None) -> int:
    """The attack alone (make audit runs it with the scanner)."""
    root = site_root(argv)
    if not root.is_dir():
        print(f"attack: no site at {root}; build it first (make book)", file=sys.stderr)
        return 2
    frame = records("attack")
    if frame is None:
        return 2
    report = run(root, frame)
    for finding in report.findings:
        print(finding)
    print(report.summary() + f", {len(report.findings)} finding(s)")
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
