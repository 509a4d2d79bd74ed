"""Disclosure audit: scan everything the site publishes for what must never leave the build.

    python -m ctdc_story.tools.audit [_build/site]

It fails on
- a count of records below the privacy resolution that is not shown as "<10";
- a count that is not a multiple of the resolution (CSVs, zips, the briefs' data, hovers and
  source lines in each edition's own wording, "n = …" in pages and PDFs);
- a share that is not its rounded count over its rounded base (CSVs, briefs' data, hovers);
- a share computed on a base (or of a count) below the resolution;
- anything that looks like row-level records (the dataset's header or its rows).

main() then runs the linked-table attack (attack.py) on every published table together, and
fails if either finds anything.

It reads HTML pages (text, the attributes a reader gets — titles, accessible names, a traced
number's sentence —, chart data and hover labels), CSV files, the CSV files inside zip archives,
and the text of PDF files (pdftotext). A number is read whole whatever its edition's grouping
(17,584 · 17\u202f584): see GROUPS.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path

from ctdc_story.data import privacy, schema
from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from ctdc_story.text import i18n
from ctdc_story.tools import attack
from ctdc_story.tools.findings import Finding

ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"), None)
# What may group the thousands of a published number: each edition's own separator (i18n: "," in
# English, a narrow no-break space U+202F in French and Arabic), and the no-break and plain spaces
# that a hand-typed French number or pdftotext may give instead. A separator missing here would
# split "17 584" in two and hide a count ("7 of 17 584 records" read as "584 records").
GROUPS = sorted({i18n.number_symbols(lang)["group"] for lang in settings.LANGUAGES} | {"\u00a0", " "})
NUMBER_CORE = r"\d{1,3}(?:[" + re.escape("".join(GROUPS)) + r"]\d{3})+|\d+"
NUMBER = r"(?<![\d<])(" + NUMBER_CORE + r")(?![\d%])"
RECORDS = r"(?:records?|enregistrements?|سجل(?:ات|اً|ًا|ا)?)"
# "7 records", "n = 7", "(العدد = 7)", "7 of 12 records", "7 sur 12 enregistrements", "7 من أصل 12 سجلاً"
COUNT_BEFORE_RECORDS = re.compile(NUMBER + r"\s*" + RECORDS)
N_EQUALS = re.compile(r"(?:\bn|العدد)\s*=\s*" + NUMBER)
OF_BASE = re.compile(NUMBER + r"\s*(?:of|sur|من أصل|من)\s*" + NUMBER + r"\s*" + RECORDS)
ROW_FIELDS = len(schema.COLUMNS)
COUNT_COLUMNS = ("count", "base", "records", "not_recorded")
CSV_DECIMALS = 4  # shares are written as round(count / base, 4)
NOT_ROUNDED = "count not rounded down to a multiple of the resolution"
WRONG_SHARE = "share is not the rounded count over the rounded base"


def number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


SHARE = r"<?\d+(?:[.,]\d+)?\s?%"  # a percentage as fmt_pct writes it: 54.5%, 54,5\u202f%, <0.1% (and a PDF's 54,5 %)


def template_patterns(lang: str) -> list[re.Pattern]:
    """The edition's own sentences that carry counts (source lines, hovers) as patterns."""
    patterns = []
    for template, fields in charts.count_templates(lang):  # every plural form (Arabic: six)
        # A hover breaks its lines with <br>, which reaches the scanner as a space (tags are stripped);
        # any space of the template (U+00A0, U+202F in French) may reach it as a plain one (pdftotext).
        escaped = re.escape(template.replace("<br>", " "))
        pattern = re.sub(r"(?:\\ |[\u00a0\u202f])+", lambda _: r"\s+", escaped)
        for field in fields:
            pattern = pattern.replace(re.escape("{" + field + "}"), f"(?P<{field}><?(?:{NUMBER_CORE}))")
        pattern = pattern.replace(re.escape("{share}"), f"(?P<share>{SHARE})")
        patterns.append(re.compile(re.sub(r"\\{\w+\\}", ".*?", pattern)))
    return patterns


def scan_templates(text: str, where: str, lang: str) -> list[Finding]:
    found = []
    for pattern in template_patterns(lang):
        for match in pattern.finditer(text):
            values = {k: v for k, v in match.groupdict().items() if v and k != "share"}
            shown = match.group(0)[-80:]
            if any(v.startswith("<") for v in values.values()) and "count" in values:
                found.append(Finding(where, "share on a base below the resolution", shown))
            for field, value in values.items():
                if value.startswith("<"):
                    continue
                if not privacy.reportable(number(value)):
                    rule = "share on a base below the resolution" if field == "base" else "count below the resolution"
                    found.append(Finding(where, rule, shown))
                elif not privacy.is_published_count(number(value)):
                    found.append(Finding(where, NOT_ROUNDED, f"{field} = {value} in {shown}"))
            found += check_shown_share(match.groupdict(), where, shown)
    return found


def check_shown_share(values: dict, where: str, shown: str) -> list[Finding]:
    """A hover's percentage must be its (rounded) count over its (rounded) base, to the digits shown."""
    share, count, base = values.get("share"), values.get("count"), values.get("base")
    if not share or not count or not base or count.startswith("<") or base.startswith("<") or not number(base):
        return []
    digits = re.sub(r"[^\d.,]", "", share).replace(",", ".")
    decimals = len(digits.partition(".")[2])
    exact = 100 * number(count) / number(base)
    if share.startswith("<"):
        wrong = exact >= float(digits) / 2 + 1e-9  # fmt_pct writes <0.1% below 0.05%
    else:
        wrong = abs(float(digits) - exact) > 0.5 * 10**-decimals + 1e-9
    return (
        [Finding(where, WRONG_SHARE, f"{share} shown for {count} of {base} ({exact:.3f}%) in {shown}")] if wrong else []
    )


def scan_text(text: str, where: str, lang: str = "en") -> list[Finding]:
    """Counts and bases written in running text, chart hovers or PDF text."""
    text = re.sub(r"<br\s*/?>", " ", unescape(text).translate(ISOLATES))
    found = scan_templates(text, where, lang)
    for match in OF_BASE.finditer(text):
        count, base = number(match.group(1)), number(match.group(2))
        if not privacy.reportable(base):
            found.append(Finding(where, "share on a base below the resolution", match.group(0)))
        elif not privacy.reportable(count):
            found.append(Finding(where, "count below the resolution", match.group(0)))
    for pattern in (COUNT_BEFORE_RECORDS, N_EQUALS):
        for match in pattern.finditer(text):
            if not privacy.reportable(number(match.group(1))):
                found.append(Finding(where, "count below the resolution", match.group(0)))
    for match in N_EQUALS.finditer(text):  # the base of a brief's figure, or of a chart
        if privacy.reportable(number(match.group(1))) and not privacy.is_published_count(number(match.group(1))):
            found.append(Finding(where, NOT_ROUNDED, match.group(0)))
    found += scan_row_level(text, where)
    return found


# The dataset's header: column names next to one another, with only separators between them. A
# table that explains the columns (the glossary) puts a name and its description in each row.
_NAME = "|".join(sorted(map(re.escape, schema.COLUMNS), key=len, reverse=True))
HEADER_RUN = re.compile(rf"\b(?:{_NAME})\b(?:[\s,;|\"']+\b(?:{_NAME})\b)+")


def scan_row_level(text: str, where: str) -> list[Finding]:
    """The dataset's header (six or more of its column names in a row), or lines shaped like its
    rows (16 fields of its values)."""
    for run in HEADER_RUN.finditer(text):
        names = len(re.findall(rf"\b(?:{_NAME})\b", run.group(0)))
        if names >= 6:
            return [Finding(where, "row-level records", f"{names} of the dataset's column names in a row")]
    rows = [line for line in text.splitlines() if line.count(",") == ROW_FIELDS - 1 and _looks_like_row(line)]
    if len(rows) >= 3:
        return [Finding(where, "row-level records", f"{len(rows)} lines shaped like dataset rows")]
    return []


def _looks_like_row(line: str) -> bool:
    known = {v for values in schema.CATEGORICAL.values() for v in values} | {"1", ""}
    cells = line.split(",")
    return all(all(part in known for part in cell.split(";")) for cell in cells)


def scan_tables(html: str, where: str) -> list[Finding]:
    """Data tables: a share shown where the count or the base is suppressed."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [
            unescape(re.sub(r"<[^>]+>", "", c)).translate(ISOLATES).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        has_share = any(re.fullmatch(r"<?\d+([.,]\d+)?\s*%|%\s*\d+([.,]\d+)?", c) for c in cells)
        if has_share and privacy.SUPPRESSED in cells:
            found.append(Finding(where, "share shown beside a suppressed count or base", " | ".join(cells)))
    return found


def scan_csv(text: str, where: str) -> list[Finding]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.reader(lines)
    header = next(reader, [])
    return scan_row_level("\n".join(lines), where) + scan_rows(header, reader, where, first_line=2)


def scan_rows(header: list[str], rows, where: str, first_line: int = 1) -> list[Finding]:
    """Rows of aggregates (a CSV download, a brief's data): every count "<10" or a multiple of the
    resolution, no share beside a suppressed count, and every share its count over its base."""
    found = []
    kinds = {i: h for i, h in enumerate(header) if h in COUNT_COLUMNS}
    share_columns = [i for i, h in enumerate(header) if h == "share"]
    for line, row in enumerate(rows, start=first_line):
        cells = {h: "" if v is None else str(v).translate(ISOLATES).strip() for h, v in zip(header, row)}
        for name in kinds.values():
            value = cells.get(name, "")
            if re.fullmatch(r"\d+", value) and not privacy.reportable(int(value)):
                found.append(Finding(where, "count below the resolution", f"line {line}, {name} = {value}"))
            elif re.fullmatch(r"\d+", value) and not privacy.is_published_count(int(value)):
                found.append(Finding(where, NOT_ROUNDED, f"line {line}, {name} = {value}"))
        suppressed = any(cells.get(name) == privacy.SUPPRESSED for name in kinds.values())
        if suppressed and any(i < len(row) and cells[header[i]] not in ("", "–") for i in share_columns):
            found.append(Finding(where, "share on a base below the resolution", f"line {line}"))
        found += check_csv_share(cells, where, line)
    return found


def check_csv_share(cells: dict[str, str], where: str, line: int) -> list[Finding]:
    share, count, base = cells.get("share", ""), cells.get("count", ""), cells.get("base", "")
    if not (re.fullmatch(r"\d+", count) and re.fullmatch(r"\d+", base) and int(base)):
        return []
    try:
        value = float(share)
    except ValueError:
        return []
    if value != round(int(count) / int(base), CSV_DECIMALS):
        return [
            Finding(
                where,
                WRONG_SHARE,
                f"line {line}, share = {share} but count/base = {count}/{base} = {int(count) / int(base):.4f}",
            )
        ]
    return []


def scan_brief_data(text: str, where: str) -> list[Finding]:
    """<edition>/briefs/figures.json: the rows each brief draws on, by country."""
    found = []
    for country, entries in json.loads(text).items():
        for entry in entries:
            found += scan_rows(entry["columns"], entry["rows"], f"{where} ({country}, {entry['key']})")
    return found


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pdftotext could not read {path}: {done.stderr.strip()}")
    return done.stdout


def edition_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if parts and parts[0] in settings.LANGUAGES else "en"


# A tag, not a "<10" or "<0.1%" that a label or hover writes before one.
TAG = re.compile(r"</?[A-Za-z!][^>]*>")
# Attributes whose text a reader gets: a traced number's sentence ("27% = 4,090 of 15,150 records…")
# is its title and accessible name, and ctdc.js shows it from data-ctdc-num; an image's alt text.
READ_ATTRIBUTE = re.compile(r'\s(?:title|aria-label|alt|data-ctdc-num)="([^"]*)"')


def audit_file(path: Path, root: Path) -> list[Finding]:
    where = str(path.relative_to(root))
    lang = edition_of(path, root)
    suffix = path.suffix.lower()
    if suffix == ".html":
        html = path.read_text(encoding="utf-8")
        text = re.sub(r"<(script|style)\b.*?</\1>", lambda m: _script_strings(m.group(0)), html, flags=re.S)
        attributes = "\n".join(dict.fromkeys(READ_ATTRIBUTE.findall(text)))
        return scan_text(TAG.sub(" ", text) + "\n" + attributes, where, lang) + scan_tables(html, where)
    if suffix == ".svg":  # the static charts: their labels, values and summary (desc)
        return scan_text(TAG.sub(" ", path.read_text(encoding="utf-8")), where, lang)
    if suffix == ".csv":
        return scan_csv(path.read_text(encoding="utf-8"), where)
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return [
                f
                for name in archive.namelist()
                if name.endswith(".csv")
                for f in scan_csv(archive.read(name).decode("utf-8"), f"{where}!{name}")
            ]
    if suffix == ".pdf":
        return scan_text(pdf_text(path), where, lang)
    if path.name == "figures.json" and path.parent.name == "briefs":
        return scan_brief_data(path.read_text(encoding="utf-8"), where)
    return []


def _script_strings(script: str) -> str:
    """The string literals of a script (chart labels and hovers), one per line."""
    return "\n".join(
        s.encode().decode("unicode_escape", "ignore") if "\\u" in s else s
        for s in re.findall(r'"((?:[^"\\]|\\.)*)"', script)
    )


def audit(root: Path) -> list[Finding]:
    skip = {"_static", "_sources", "_sphinx_design_static"}
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and not skip & set(p.relative_to(root).parts)]
    return [finding for path in files for finding in audit_readable(path, root)]


def audit_readable(path: Path, root: Path) -> list[Finding]:
    """audit_file, or one finding when the file cannot be read as what its name says (an empty or
    truncated PDF, a broken zip, invalid UTF-8 or JSON): a file the audit cannot read is not
    shown to be safe, so it must not be published either."""
    if path.stat().st_size == 0 and path.suffix.lower() in (".pdf", ".zip", ".csv", ".json", ".html"):
        return [Finding(str(path.relative_to(root)), "unreadable file", "the file is empty")]
    try:
        return audit_file(path, root)
    except (RuntimeError, zipfile.BadZipFile, UnicodeDecodeError, ValueError, KeyError, OSError) as err:
        return [Finding(str(path.relative_to(root)), "unreadable file", " ".join(str(err).split())[:300])]


ADVICE = (
    "audit: nothing above may be published. Fix the code that writes it (counts and shares go through "
    "ctdc_story.data.privacy), rebuild (make book) and run make audit again."
)


def main(argv: list[str] | None = None) -> int:
    """Scan every file, then attack the published tables together; 1 if either finds anything."""

    root = attack.site_root(argv)
    if not root.is_dir():
        print(f"audit: no site at {root}; build it first (make book)", file=sys.stderr)
        return 2
    frame = attack.records("audit")
    if frame is None:
        return 2
    findings = audit(root)
    try:
        report = attack.run(root, frame)
    except (ValueError, KeyError, IndexError, OSError, UnicodeDecodeError) as err:
        for finding in findings:
            print(finding)
        print(f"audit: the published tables could not be read for the attack ({' '.join(str(err).split())[:300]})")
        print(ADVICE)
        return 1
    for finding in findings + report.findings:
        print(finding)
    count = sum(1 for p in root.rglob("*") if p.is_file())
    print(f"audit: {count} files under {root}, {len(findings)} finding(s)")
    print(report.summary() + f", {len(report.findings)} finding(s)")
    if findings or report.findings:
        print(ADVICE)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
