"""Extract the messages of the book and merge them into the French and Arabic catalogs.

    python -m ctdc_story.tools.catalogs          # re-extract, merge, report new and stale entries
    python -m ctdc_story.tools.catalogs --check  # fail if a catalog lags behind the sources

Two domains: ``prose`` (headings, paragraphs, list items of every page and of
every notebook's markdown) and ``code`` (strings marked with _() or N_() in the
package and in notebook code cells, the labels of ctdc_story/registry.yaml with their
context as msgctxt, the book title and part captions).

Entries are keyed by (msgid, msgctxt): the same English under two contexts is two entries.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po

from ctdc_story.meta import project, registry, settings
from ctdc_story.text import prose

ROOT = settings.ROOT
FIXED_DATE = datetime.datetime(2022, 12, 1, tzinfo=datetime.UTC)
# ngettext and N_plural (a plural message kept in a constant), glue_count (a count glued with its
# noun, story.py): a plural entry
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "N_plural": (1, 2), "glue_count": (3, 4)}
TRANSLATED = ("fr", "ar")


def sources() -> list[Path]:
    """The markdown whose prose is translated: the book's pages and notebooks, and the briefs' policy text."""
    return sorted([*(ROOT / "book").rglob("*.md"), *(ROOT / "notebooks").glob("*.md"), *(ROOT / "briefs").glob("*.md")])


def _unnumbered(path: str) -> tuple[str, int]:
    """A location without a line number: written as the bare path in the catalog."""
    # babel annotates locations as (str, int) but its writer takes a None line number as
    # "no line" (pofile.write_po: ``if lineno and include_lineno``); the stub is too narrow.
    return (path, None)  # type: ignore[return-value]


def _new_catalog(domain: str, locale: str | None = None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=domain,
        project="ctdc-story",
        version="1",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
        charset="utf-8",
        msgid_bugs_address="",
    )


def prose_template() -> Catalog:
    catalog = _new_catalog("prose")
    for path in sources():
        rel = str(path.relative_to(ROOT))
        for unit in prose.units(path.read_text()):
            catalog.add(unit.text, locations=[_unnumbered(rel)])
    return catalog


def code_template() -> Catalog:
    catalog = _new_catalog("code")
    code = [(p, p.read_bytes()) for p in sorted((ROOT / "ctdc_story").rglob("*.py"))]
    code += [(p, notebook_code(p).encode()) for p in sources()]
    for path, text in code:
        found = [m for _line, m, _comments, _context in extract("python", io.BytesIO(text), keywords=KEYWORDS)]
        found += in_f_strings(text.decode("utf-8"))
        for message in found:
            plural = isinstance(message, tuple) and len(message) == 2 and all(isinstance(m, str) for m in message)
            if (isinstance(message, str) and message) or plural:  # skip _(variable)
                catalog.add(message, locations=[_unnumbered(str(path.relative_to(ROOT)))])
    registry_path = str(registry.PATH.relative_to(ROOT))
    for context, message, _where in registry.labels_for_translation():
        catalog.add(message, context=context, locations=[_unnumbered(registry_path)])
    catalog.add(project.title(), locations=[("_config.yml", 1)])
    catalog.add(project.author(), locations=[("_config.yml", 1)])
    for caption in project.part_captions():
        catalog.add(caption, locations=[("_toc.yml", 1)])
    return catalog


CALL_IN_F_STRING = re.compile(r"""(?<![\w.])N?_\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*[,)]""")


def in_f_strings(code: str) -> list[str]:
    """Messages marked inside f-strings, which Babel's extractor does not see on Python 3.11."""
    return [
        ast.literal_eval(literal)
        for line in code.splitlines()
        if re.search(r"\bf[\"']", line)
        for literal in CALL_IN_F_STRING.findall(line)
    ]


def notebook_code(path: Path) -> str:
    """The code cells of a MyST notebook, joined (empty for plain pages)."""
    lines, code, inside = path.read_text().split("\n"), [], False
    for line in lines:
        if line.startswith("```{code-cell}"):
            inside = True
        elif inside and line.startswith("```"):
            inside = False
        elif inside:
            code.append(line)
    return "\n".join(code)


# The theme's own interface strings: those the installed themes ship a template or a
# catalog for, and those the templates use without one (pinned versions: stable list).
THEME_EXTRA = (
    "By the {author}",
    "Search this book...",
    "Link to this heading",
    "Index",
    "Main",
    "Page",
    "Contents",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Download this page",
    "Fullscreen mode",
    "Print to PDF",
    "Download source file",
    "Download notebook file",
    "Searching",
    "Search Results",
    # Sphinx's search scripts (searchtools.js, sphinx_highlight.js), through translations.js.
    "Preparing search...",
    "Search finished, found ${resultCount} page(s) matching the search query.",
    "Your search did not match any documents. Please make sure that all words are spelled correctly and "
    "that you've selected enough categories.",
    "Hide Search Matches",
    ", in ",
    "Language",
    "Launch interactive content",
    # book/_templates/navbar-logo.html: the text mark, and the alternative text of IOM's logo.
    "IOM",
    "International Organization for Migration (IOM)",
)


def theme_template() -> Catalog:
    import pydata_sphinx_theme
    import sphinx_book_theme

    catalog = _new_catalog("theme")
    pydata = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"
    book = (
        Path(sphinx_book_theme.__file__).parent
        / "theme"
        / "sphinx_book_theme"
        / "static"
        / "locales"
        / "fr"
        / "LC_MESSAGES"
        / "booktheme.po"
    )
    for source, name in ((pydata, "pydata-sphinx-theme"), (book, "sphinx-book-theme")):
        for message in read(source):
            if message.id and isinstance(message.id, str):
                catalog.add(message.id, locations=[(name, 0)])
    for extra in THEME_EXTRA:
        catalog.add(extra, locations=[("templates", 0)])
    return catalog


TEMPLATES = {"prose": prose_template, "code": code_template, "theme": theme_template}


def po_path(lang: str, domain: str) -> Path:
    return settings.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def serialise(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False, omit_header=False, include_previous=False)
    return out.getvalue()


def merged(template: Catalog, lang: str, domain: str) -> tuple[Catalog, list[str], list[str]]:
    """The language's catalog brought up to date with the template: (catalog, new, stale).

    A new message close to a stale one (an edited sentence) inherits its translation, flagged
    fuzzy, so that a small change to the English costs the translator a review rather than a
    retranslation. New messages are only ever matched against stale ones.
    """
    import difflib

    path = po_path(lang, domain)
    catalog = read(path, lang) if path.exists() else _new_catalog(domain, lang)
    old = {_key(m): m for m in catalog if m.id}
    wanted = {_key(m) for m in template if m.id}
    new, stale = sorted(wanted - old.keys(), key=_sort), sorted(old.keys() - wanted, key=_sort)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.revision_date = FIXED_DATE
    stale_ids = [message_id for message_id, _context in stale]
    for message_id, context in new:
        close = difflib.get_close_matches(message_id, stale_ids, n=1, cutoff=0.75)
        previous = old[stale[stale_ids.index(close[0])]] if close else None
        if previous is not None and previous.string:
            message = catalog.get(message_id, context=context)
            assert message is not None, f"{message_id!r} is in the template, so update() added it"
            string = previous.string
            if isinstance(message.id, tuple | list) != isinstance(string, tuple | list):
                # a message that became a plural entry (ngettext) or stopped being one: every form
                # starts from the old translation (the plural one's last form), to review
                string = (string,) * catalog.num_plurals if isinstance(string, str) else string[-1]
            message.string, message.flags = string, message.flags | {"fuzzy"}
    return catalog, [describe(k) for k in new], [describe(k) for k in stale]


def _key(message) -> tuple[str, str | None]:
    """A catalog entry's identity: its msgid (a plural entry's singular) and its msgctxt (None without one)."""
    message_id = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return message_id, message.context


def _sort(key: tuple[str, str | None]) -> tuple[str, str]:
    return key[0], key[1] or ""


def describe(key: tuple[str, str | None]) -> str:
    """An entry as the report lists it: the msgid, with its context in brackets if it has one."""
    message_id, context = key
    return f"[{context}] {message_id}" if context else message_id


def update(check: bool = False) -> int:
    lagging = 0
    for domain, make_template in TEMPLATES.items():
        template = make_template()
        pot = settings.LOCALES / f"{domain}.pot"
        if check:
            lagging += not pot.exists() or pot.read_bytes() != serialise(template)
        else:
            pot.write_bytes(serialise(template))
        for lang in TRANSLATED:
            catalog, new, stale = merged(template, lang, domain)
            path = po_path(lang, domain)
            untranslated = [
                m.id
                for m in catalog
                if m.id and not (all(m.string) if isinstance(m.string, tuple | list) else m.string)
            ]
            fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
            print(
                f"{lang}/{domain}.po: {len(catalog)} entries, {len(new)} new, {len(stale)} stale "
                f"(removed), {len(untranslated)} untranslated, {len(fuzzy)} fuzzy (to review)"
            )
            for message in new:
                print(f"   new: {message[:100]}")
            for message in stale:
                print(f"   stale: {message[:100]}")
            data = serialise(catalog)
            if check:
                lagging += not path.exists() or path.read_bytes() != data
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    if check and lagging:
        print("The catalogs lag behind the sources: run `make catalogs` and translate the new entries.")
    return 1 if lagging else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if out of date")
    return update(check=parser.parse_args(argv).check)


if __name__ == "__main__":
    sys.exit(main())
