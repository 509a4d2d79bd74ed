"""Alphabetical order in the edition's language: the one sort of every list of names a reader sees.

Names are compared by ICU's collation for the edition's language (PyICU, CLDR's rules): in French an
accented letter sorts with its base letter ("Égypte" under E); in Arabic the hamza forms of alif
(أ، إ، آ) sort with alif. Arabic lists also follow the United Nations' usage, which sorts a name as if
it had no definite article: "الأرجنتين" between "أذربيجان" and "أرمينيا", "النيجر" under nūn, not all the
names with "ال" under alif. ICU's Arabic rules do not do that (it is an editorial convention, not a
collation), so the article is taken off the front of the name before ICU compares it; the full name
breaks ties.

Every country list (the picker, chapter 5, the briefs page, a country page's neighbours) sorts with
``sort_key`` or ``sorted_names``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu

from ctdc_story.text import edition

T = TypeVar("T")

# The Arabic definite article at the start of a name (and of no shorter word than two letters after it).
ARTICLE = re.compile(r"^ال(?=\S{2})")


@functools.cache
def _collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(lang))


def _sortable(name: str, lang: str) -> str:
    return ARTICLE.sub("", name) if lang == "ar" else name


def sort_key(name: str, lang: str | None = None) -> tuple[bytes, bytes]:
    """The key that puts ``name`` in its place in the edition's alphabetical order."""
    code = edition.get(lang).lang
    collator = _collator(code)
    return collator.getSortKey(_sortable(name, code)), collator.getSortKey(name)


def sorted_names(items: Iterable[T], name: Callable[[T], str] = str, lang: str | None = None) -> list[T]:
    """``items`` in the alphabetical order of their names (``name(item)``) in the edition's language."""
    return sorted(items, key=lambda item: sort_key(name(item), lang))
