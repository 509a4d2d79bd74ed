"""Proofing of the French and Arabic catalogs: what a translation unit checks before it publishes.

Three kinds of check, over every translated entry of ``locales/{fr,ar}/LC_MESSAGES/*.po``:

- translate-toolkit's own (the checks ``pofilter`` runs), for the edition's language: placeholders,
  brackets, end punctuation, double spaces, untranslated and unchanged text, markup, white space;
- the editions' typography: in French the espace fine insécable (U+202F) before ; ? ! and %, the
  espace insécable (U+00A0) before : and inside « », the apostrophe ’; in Arabic the Arabic comma,
  semicolon and question mark (، ؛ ؟) in Arabic text;
- the term list (``locales/TERMS.md``): a rendering listed there as not used is a second rendering
  of one concept.

A hit that is right as it is (the Arabic name of IOM has no acronym) is waived in
``locales/waivers.yaml``, with its reason; a waiver that no longer matches anything is itself a problem.
The build refuses to start while any problem remains (``ctdc_story.build``); ``make test`` runs the
same checks (``python -m ctdc_story.tools.proof``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from translate.filters import checks
from translate.storage import po

from ctdc_story.meta import settings

LANGUAGES = ("fr", "ar")
DOMAINS = ("prose", "code", "theme")
TERMS = settings.LOCALES / "TERMS.md"
WAIVERS = settings.LOCALES / "waivers.yaml"

# translate-toolkit's checks that bear on these catalogs (pofilter -t …). Left out: its acronym,
# capitals and number checks, which do not know that a French or Arabic sentence may spell out
# what the English abbreviates.
TOOLKIT_CHECKS = [
    "variables",
    "pythonbraceformat",
    "printf",
    "brackets",
    "xmltags",
    "endpunc",
    "doublespacing",
    "startwhitespace",
    "endwhitespace",
    "newlines",
    "untranslated",
    "unchanged",
]

FINE = "\u202f"  # espace fine insécable
NBSP = "\u00a0"  # espace insécable
ARABIC_LETTER = "\u0621-\u064a\u0671-\u06d3"

# What is not running text: a URL, inline code, a MyST role's target, a link target, an HTML tag,
# a placeholder. Removed before the typography checks.
NOT_TEXT = re.compile(r"https?://\S+|`[^`]*`|!?\[|\]\([^)]*\)|<[^>]+>|&#?\w+;|\{[\w:.-]*\}|%\(\w+\)[sd]|#[\w-]+")
PLACE = "§"  # what stands for a placeholder or markup in the running text: neither a space nor a letter
FRENCH_RULES = [
    (re.compile(rf"(?<!{FINE})[;?!]"), "needs an espace fine insécable (U+202F) before ; ? !"),
    (re.compile(rf"(?<=[\d\s{PLACE}])(?<!{FINE})%"), "needs an espace fine insécable (U+202F) before %"),
    (re.compile(rf"(?<![{NBSP}{FINE}]):(?=\s|$)"), "needs an espace insécable (U+00A0) before :"),
    (re.compile(rf"«(?![{NBSP}{FINE}])|(?<![{NBSP}{FINE}])»"), "needs an espace insécable inside « »"),
    (re.compile(r"(?<=\w)'(?=\w)"), "uses a straight apostrophe where French uses ’"),
]
ARABIC_RULES = [
    (
        re.compile(rf"(?<=[{ARABIC_LETTER}\u064b-\u0652])\s*[,;?]|[,;?]\s*(?=[{ARABIC_LETTER}])"),
        "uses a Latin , ; or ? in Arabic text (، ؛ ؟)",
    ),
    (re.compile(rf"(?<={PLACE})\s*[,;]\s*(?={PLACE})"), "uses a Latin , or ; between two parts of Arabic text (، ؛)"),
    (re.compile(r"[→←⟶⟵➔➜]"), "has an arrow, which the direction of Arabic text reverses"),
]


@dataclass(frozen=True)
class Problem:
    lang: str
    domain: str
    check: str
    msgid: str
    detail: str

    def __str__(self) -> str:
        source = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + "…"
        return f"{self.lang}/{self.domain}.po [{self.check}] {source!r}: {self.detail}"


@dataclass(frozen=True)
class Term:
    concept: str
    lang: str
    kept: str
    not_used: tuple[str, ...]


def catalog_path(lang: str, domain: str) -> Path:
    return settings.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


def entries(lang: str, domain: str) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) of every translated, current entry; each plural form on its own."""
    for unit in po.pofile.parsefile(str(catalog_path(lang, domain))).units:
        if unit.isheader() or unit.isobsolete() or not unit.istranslated():
            continue
        targets = unit.target.strings if unit.hasplural() else [unit.target]
        for target in targets:
            yield str(unit.source), str(target)


CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.M)


def conflict_problems(lang: str, domain: str) -> Iterator[Problem]:
    """Lines a merge left in the file (the .po readers skip them without a word)."""
    text = catalog_path(lang, domain).read_text(encoding="utf-8")
    for match in CONFLICT_MARKER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        yield Problem(lang, domain, "conflict", match.group(1), f"a merge conflict marker at line {line}")


def toolkit_problems(lang: str, domain: str) -> Iterator[Problem]:
    checker = checks.StandardChecker(
        checkerconfig=checks.CheckerConfig(targetlanguage=lang), limitfilters=TOOLKIT_CHECKS
    )
    for unit in po.pofile.parsefile(str(catalog_path(lang, domain))).units:
        if unit.isheader() or unit.isobsolete():
            continue
        for name, detail in checker.run_filters(unit).items():
            if name == "unchanged" and not re.search(r"[^\W\d_]", NOT_TEXT.sub("", str(unit.source))):
                continue  # a pattern of placeholders and punctuation, the same in every language
            yield Problem(lang, domain, name, str(unit.source), str(detail))


def running_text(text: str) -> str:
    return NOT_TEXT.sub(PLACE, text)


def french_spacing(text: str) -> str:
    """French spacing applied to the running text of one translation (markup and placeholders
    untouched): U+202F before ; ? ! %, U+00A0 before : and inside « »."""
    parts = []
    at = 0
    for match in NOT_TEXT.finditer(text):
        parts += [_french_spacing(text[at : match.start()]), match.group()]
        at = match.end()
    return "".join([*parts, _french_spacing(text[at:])])


def _french_spacing(text: str) -> str:
    text = re.sub(rf"(?<!{FINE})[ {NBSP}]?([;?!])", rf"{FINE}\1", text)
    text = re.sub(rf"(^|\d)[ {NBSP}]?%", rf"\1{FINE}%", text)
    text = re.sub(rf"(?<!{NBSP})[ {FINE}]?:(?=\s|$)", f"{NBSP}:", text)
    text = re.sub(rf"«[ {FINE}]?(?!{NBSP})", f"«{NBSP}", text)
    return re.sub(rf"(?<!{NBSP})[ {FINE}]?»", f"{NBSP}»", text)


def typography_problems(lang: str, msgstr: str) -> list[str]:
    """What the edition's typography finds wrong in one translation."""
    text = running_text(msgstr)
    if lang == "fr":
        return [why for rule, why in FRENCH_RULES if rule.search(text)]
    if lang == "ar" and re.search(f"[{ARABIC_LETTER}]", text):
        return [why for rule, why in ARABIC_RULES if rule.search(text)]
    return []


def terms() -> list[Term]:
    """The renderings not used, from the table "One term per concept" of TERMS.md: its rows are
    | concept | language | term kept | renderings not used (comma-separated) |."""
    found: list[Term] = []
    section = TERMS.read_text(encoding="utf-8").split("## One term per concept", 1)
    if len(section) < 2:
        return found
    for line in section[1].split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[1] not in LANGUAGES:
            continue
        not_used = tuple(v.strip() for v in cells[3].split(",") if v.strip())
        found.append(Term(cells[0], cells[1], cells[2], not_used))
    return found


def term_problems(lang: str, msgstr: str, listed: list[Term]) -> list[str]:
    found = []
    for term in listed:
        if term.lang != lang:
            continue
        for variant in term.not_used:
            if re.search(rf"(?<!\w){re.escape(variant)}" if lang == "fr" else re.escape(variant), msgstr, re.I):
                found.append(f"«{variant}» for {term.concept}: TERMS.md keeps «{term.kept}»")
    return found


def waivers() -> list[dict[str, str]]:
    if not WAIVERS.exists():
        return []
    return yaml.safe_load(WAIVERS.read_text(encoding="utf-8")) or []


def waived(problem: Problem, listed: list[dict[str, str]]) -> dict[str, str] | None:
    for waiver in listed:
        if (
            waiver["lang"] == problem.lang
            and waiver["check"] == problem.check
            and problem.msgid.startswith(waiver["msgid"])
        ):
            return waiver
    return None


def all_problems() -> list[Problem]:
    """Every problem of every catalog, waived ones left out, and every waiver that waives nothing."""
    listed_terms = terms()
    found: list[Problem] = []
    for lang in LANGUAGES:
        for domain in DOMAINS:
            found.extend(conflict_problems(lang, domain))
            found.extend(toolkit_problems(lang, domain))
            for msgid, msgstr in entries(lang, domain):
                for detail in typography_problems(lang, msgstr):
                    found.append(Problem(lang, domain, "typography", msgid, f"{detail}: {msgstr!r}"))
                for detail in term_problems(lang, msgstr, listed_terms):
                    found.append(Problem(lang, domain, "terms", msgid, detail))
    listed = waivers()
    used: set[int] = set()
    kept = []
    for problem in found:
        waiver = waived(problem, listed)
        if waiver is None:
            kept.append(problem)
        else:
            used.add(id(waiver))
    for waiver in listed:
        if id(waiver) not in used:
            kept.append(
                Problem(waiver["lang"], "waivers", waiver["check"], waiver["msgid"], "waives nothing: remove it")
            )
    return kept
