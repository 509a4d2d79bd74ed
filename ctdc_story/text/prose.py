"""Translatable units of the MyST sources, and their replacement by translations.

A unit is what a translator sees as one message: a heading, a paragraph, a list
item, a table cell or an admonition title. Code cells, front matter, directive
options, targets and comments are not translated. Glue roles and links stay in
the message as they are, and a translation must keep them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})\s*(\{([\w:-]+)\})?\s*(.*)$")
HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
OPTION = re.compile(r"^\s*:[\w-]+:")
TARGET = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# Directives whose body is prose; every other fenced block is left alone.
PROSE_DIRECTIVES = {
    "note",
    "important",
    "warning",
    "tip",
    "caution",
    "attention",
    "hint",
    "seealso",
    "admonition",
    "dropdown",
    "epigraph",
    "topic",
    "sidebar",
}
SORTED = "<!-- sorted -->"  # before a list whose items each edition puts in its alphabetical order
EMPHASIS = re.compile(r"[*_]+")
PLACEHOLDER = re.compile(r"\{[\w:-]+\}`[^`]*`|\]\([^)]*\)|\{[\w]*\}")


@dataclass
class Unit:
    start: int  # first line (0-based)
    end: int  # one past the last line
    prefix: str  # kept before the translated text
    text: str  # the message id
    suffix: str = ""


def units(source: str) -> list[Unit]:
    """The translatable units of a MyST markdown document."""
    lines = source.split("\n")
    found: list[Unit] = []
    fences: list[str] = []  # open prose directives
    i = _after_front_matter(lines)
    while i < len(lines):
        i, more = _units_at(lines, i, fences)
        found.extend(more)
    return found


def _after_front_matter(lines: list[str]) -> int:
    """The first line after the front matter (0 without one)."""
    if lines and lines[0].strip() == "---":
        return next((j + 1 for j in range(1, len(lines)) if lines[j].strip() == "---"), len(lines))
    return 0


def _units_at(lines: list[str], i: int, fences: list[str]) -> tuple[int, list[Unit]]:
    """The line after whatever starts at line ``i``, and the units it holds."""
    line = lines[i]
    stripped = line.strip()
    fence = FENCE.match(line)
    if fences and stripped == fences[-1]:
        fences.pop()
        return i + 1, []
    if fence and (fence.group(3) or fence.group(2).startswith("`")):
        return _fenced(lines, i, fence, fences)
    if _is_untranslated(line):
        return i + 1, []
    if stripped.startswith("|"):
        return i + 1, _table_cells(line, i)
    if m := HEADING.match(line):
        return i + 1, [Unit(i, i + 1, m.group(1), m.group(2).strip())]
    return _paragraph(lines, i, fences)


def _fenced(lines: list[str], i: int, fence: re.Match, fences: list[str]) -> tuple[int, list[Unit]]:
    """A fenced block: a prose directive opens (its title is a unit, its options are skipped);
    any other block is skipped whole."""
    marker, name, arg = fence.group(2), fence.group(4), fence.group(5).strip()
    if name not in PROSE_DIRECTIVES:
        return _skip_block(lines, i + 1, marker), []
    fences.append(marker)
    line = lines[i]
    found = [Unit(i, i + 1, line[: line.index(arg)], arg)] if arg else []
    i += 1
    while i < len(lines) and OPTION.match(lines[i]):
        i += 1
    return i, found


def _is_untranslated(line: str) -> bool:
    """Blank lines, cell breaks, targets, comments and table rules."""
    stripped = line.strip()
    return bool(
        not stripped
        or stripped.startswith("+++")
        or TARGET.match(line)
        or stripped.startswith("<!--")
        or TABLE_RULE.match(line)
    )


def _paragraph(lines: list[str], i: int, fences: list[str]) -> tuple[int, list[Unit]]:
    """A paragraph or list item, with the lines that continue it, as one unit."""
    line = lines[i]
    m = ITEM.match(line)
    prefix, first = (m.group(1), m.group(2)) if m else (line[: len(line) - len(line.lstrip())], line.strip())
    j = i + 1
    while j < len(lines) and _continues(lines[j], fences):
        j += 1
    text = " ".join([first] + [following.strip() for following in lines[i + 1 : j]])
    return j, [Unit(i, j, prefix, text)]


def _continues(line: str, fences: list[str]) -> bool:
    s = line.strip()
    return bool(s) and not (
        ITEM.match(line)
        or HEADING.match(line)
        or FENCE.match(line)
        or s.startswith(("|", "+++", "<!--"))
        or TARGET.match(line)
        or (fences and s == fences[-1])
    )


def _skip_block(lines: list[str], i: int, marker: str) -> int:
    while i < len(lines) and lines[i].strip() != marker:
        i += 1
    return i + 1


def _table_cells(line: str, i: int) -> list[Unit]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return [Unit(i, i + 1, "", c) for c in cells if c and not c.isdigit()]


def translate(source: str, translations: dict[str, str]) -> tuple[str, list[str]]:
    """The document with each unit replaced by its translation, and the ids left untranslated."""
    lines = source.split("\n")
    missing: list[str] = []
    done_rows: set[int] = set()
    for unit in reversed(units(source)):
        if lines[unit.start].strip().startswith("|"):
            if unit.start not in done_rows:
                done_rows.add(unit.start)
                lines[unit.start] = _translate_row(lines[unit.start], translations, missing)
            continue
        new = translations.get(unit.text)
        if not new:
            missing.append(unit.text)
            continue
        lines[unit.start : unit.end] = [unit.prefix + new + unit.suffix]
    return "\n".join(lines), missing[::-1]


def _translate_row(row: str, translations: dict[str, str], missing: list[str]) -> str:
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    out = []
    for cell in cells:
        if cell and not cell.isdigit() and not translations.get(cell):
            missing.append(cell)
        out.append(translations.get(cell) or cell)
    return "| " + " | ".join(out) + " |"


def sorted_lists(source: str, key: Callable[[str], Any]) -> str:
    """Each list that follows the comment ``<!-- sorted -->`` with its items ordered by ``key`` of
    their text without emphasis (a glossary, ordered in each edition after translation). An item
    runs on over its indented lines."""
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        i += 1
        if lines[i - 1].strip() != SORTED:
            continue
        while i < len(lines) and not lines[i].strip():
            out.append(lines[i])
            i += 1
        items: list[list[str]] = []
        while i < len(lines) and (ITEM.match(lines[i]) or (items and lines[i].startswith((" ", "\t")))):
            if ITEM.match(lines[i]) and not lines[i].startswith((" ", "\t")):
                items.append([])
            items[-1].append(lines[i])
            i += 1
        items.sort(key=lambda item: key(EMPHASIS.sub("", ITEM.sub(r"\2", item[0]))))
        out += [line for item in items for line in item]
    return "\n".join(out)


def placeholders(message: str) -> list[str]:
    """Glue roles, link targets and {name} fields that a translation must keep."""
    return sorted(PLACEHOLDER.findall(message))
