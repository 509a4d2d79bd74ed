"""Compare two built sites file by file, as a reader and a machine see them.

    python -m ctdc_story.tools.compare OLD_SITE NEW_SITE

Prints, for every file that is not byte-identical, whether its visible text changed (HTML
pages: text with tags and scripts removed; PDFs: pdftotext) or only its markup or source, and
ends with one line per kind. Exit code 1 when any visible text, CSV, zip or PDF text differs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

SOURCES = "_sources"  # the notebooks' sources, shown by "view source": code, not the page


def visible_text(path: Path) -> str:
    if path.suffix == ".html":
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
        # A tag removed leaves a space: "<span>Asia</span>." and "Asia." read the same.
        return re.sub(r" ([,.;:!?،؛)])", r"\1", text)
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
        return done.stdout
    return path.read_bytes().decode("utf-8", "replace")


def kind(old: Path, new: Path, rel: Path) -> str:
    if SOURCES in rel.parts:
        return "notebook source only"
    if rel.name == "manifest.json":
        return "manifest (checksums of the files above)"
    if old.suffix in (".html", ".pdf") and visible_text(old) == visible_text(new):
        return "markup only, same visible text" if old.suffix == ".html" else "PDF bytes only, same text"
    return "CONTENT"


def compare(old_root: Path, new_root: Path) -> dict[str, list[str]]:
    old = {p.relative_to(old_root) for p in old_root.rglob("*") if p.is_file()}
    new = {p.relative_to(new_root) for p in new_root.rglob("*") if p.is_file()}
    found: dict[str, list[str]] = {}
    for rel in sorted(old - new):
        found.setdefault("only in the old site", []).append(str(rel))
    for rel in sorted(new - old):
        found.setdefault("only in the new site", []).append(str(rel))
    for rel in sorted(old & new):
        if (old_root / rel).read_bytes() != (new_root / rel).read_bytes():
            found.setdefault(kind(old_root / rel, new_root / rel, rel), []).append(str(rel))
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or not all(Path(a).is_dir() for a in argv):
        print("usage: python -m ctdc_story.tools.compare OLD_SITE NEW_SITE (two built sites)", file=sys.stderr)
        return 2
    found = compare(Path(argv[0]), Path(argv[1]))
    for label, files in found.items():
        for rel in files:
            print(f"{label}: {rel}")
    total = sum(1 for p in Path(argv[1]).rglob("*") if p.is_file())
    print(f"compare: {total} files; " + ("; ".join(f"{len(v)} {k}" for k, v in found.items()) or "identical"))
    changed = any(k in ("CONTENT", "only in the old site", "only in the new site") for k in found)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
