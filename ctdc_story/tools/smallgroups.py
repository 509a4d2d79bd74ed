"""Write a valid dataset, derived from the real one, in which several groups are small.

    python -m ctdc_story.tools.smallgroups OUT.csv [--size 9]

A future CTDC release will have groups of fewer than 10 records, which the privacy rule shows as
"<10" with no share. This file lets the whole book be built on such data (``make small-build``):
in each group below, the variable that defines the group is left blank (not recorded) on every
record of the group but the first ``--size`` (9 by default; 10 and 11 probe the edge of the
rule), so the records stay and every other count moves as little as possible.

- male victims of sexual exploitation (the victim's gender);
- victims who are citizens of the Americas/Oceania (the victim's region of citizenship);
- the registration band 2019 (the year of registration).

The file is written under _build only: it is a row-level copy and is never committed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from ctdc_story.data import loader, schema
from ctdc_story.meta.console import BuildError, run_command, write_atomic

# (what the group is, the column blanked, which records are in the group)
GROUPS = (
    (
        "male victims of sexual exploitation",
        "gender",
        lambda f: (f["gender"] == "Male") & f["isSexualExploit"],
    ),
    (
        "victims who are citizens of the Americas/Oceania",
        "UN_COO_Region",
        lambda f: f["UN_COO_Region"] == "Americas/Oceania",
    ),
    ("records registered in 2019", "yearRegister", lambda f: f["yearRegister"] == "2019"),
)


def small_groups(frame: pd.DataFrame, size: int = 9) -> tuple[pd.DataFrame, list[str]]:
    """The records with every group of GROUPS cut to ``size`` records, and what was done."""
    frame = frame.copy()
    done = []
    for what, column, members in GROUPS:
        index = frame.index[members(frame).astype(bool)]
        if len(index) < size:
            raise BuildError(f"the dataset has only {len(index)} {what}; {size} are needed")
        frame.loc[index[size:], column] = None
        done.append(f"{what}: {len(index):,} -> {size} ({column} left blank on the others)")
    return frame, done


def to_csv(frame: pd.DataFrame) -> str:
    """The records in the file's own format: columns by name, flags 1 or blank, sets joined by ';'."""

    def cell(column: str, value) -> str:
        if column in schema.FLAGS:
            return "1" if value else ""
        if not isinstance(value, frozenset) and pd.isna(value):  # blanked: pandas holds it as NaN
            return ""
        return loader.canonical(value) or ""

    lines = [",".join(schema.COLUMNS)]
    for record in frame[list(schema.COLUMNS)].itertuples(index=False):
        lines.append(",".join(cell(c, v) for c, v in zip(schema.COLUMNS, record)))
    return "\n".join(lines) + "\n"


def write(out: Path, size: int = 9, source: Path | None = None) -> list[str]:
    dataset = loader.load(source)
    frame, done = small_groups(dataset.frame, size)
    write_atomic(out, to_csv(frame))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the CSV file to write (keep it under _build)")
    parser.add_argument("--size", type=int, default=9, help="records left in each small group (default 9)")
    args = parser.parse_args(argv)

    def run() -> None:
        for line in write(args.out, args.size):
            print(line)
        print(f"wrote {args.out}")

    return run_command(run, "SMALL GROUPS", "Nothing was written.", errors=(loader.DatasetError, BuildError))


if __name__ == "__main__":
    sys.exit(main())
