"""The book's source pages: their options, which of them are notebooks, and their links."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ctdc_story.text import collation, prose


def page_options(path: Path) -> dict:
    """The ``ctdc:`` entry of a MyST page's front matter (empty when there is none)."""
    text = path.read_text() if path.suffix == ".md" else ""
    if not text.startswith("---"):
        return {}
    head = text.split("\n---", 1)[0].removeprefix("---")
    return (yaml.safe_load(head) or {}).get("ctdc") or {}


def is_notebook(path: Path) -> bool:
    """A MyST page is executed when its front matter declares jupytext."""
    if path.suffix != ".md":
        return False
    head = path.read_text().split("\n---", 1)[0]
    return head.startswith("---") and "jupytext:" in head


LINK = re.compile(r"\]\(([^)#]+)\.md(#[^)]*)?\)")


def translated_markdown(text: str, translations: dict[str, str], source: Path, lang: str) -> str:
    """Markdown of ``source`` in the edition's language: its prose translated, its sorted lists in
    the edition's alphabetical order, its links retargeted."""
    translated = prose.translate(text, translations)[0]
    ordered = prose.sorted_lists(translated, lambda item: collation.sort_key(item, lang))
    return retarget_links(ordered, source)


def retarget_links(text: str, source: Path) -> str:
    """Links to a notebook's .md source point at the .ipynb the edition is built from."""

    def fix(match: re.Match) -> str:
        target = (source.parent / (match.group(1) + ".md")).resolve()
        suffix = ".ipynb" if target.exists() and is_notebook(target) else ".md"
        return f"]({match.group(1)}{suffix}{match.group(2) or ''})"

    return LINK.sub(fix, text)
