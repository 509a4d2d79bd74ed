"""The edition being made: its language, direction, names and formats, as one explicit object.

Code that translates or formats asks for ``current()``; code that makes another edition's
text enters it with ``using(lang)``. Nothing swaps the edition through the environment: the
one place the environment names it is where a notebook kernel starts (``start_kernel``),
because a kernel is a separate process that the build starts with ``CTDC_LANG`` set.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass

from babel import Locale
from babel.numbers import parse_pattern

from ctdc_story.meta import settings

LANGUAGES = settings.LANGUAGES
# Each language's name in itself, for the language switcher and the root chooser.
NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
DIRECTIONS = {"en": "ltr", "fr": "ltr", "ar": "rtl"}
# Western digits in every edition, as the Maghreb partner countries use in official documents.
NUMBERING_SYSTEM = "latn"
# Where an edition writes numbers with other symbols than CLDR gives its language (locales/TERMS.md).
# Arabic groups thousands with a narrow no-break space, as French does (17\u202f584): CLDR's
# "17,584" reads as a decimal in the Maghreb and Lebanon, where "17.584" is written. Its decimal
# sign stays CLDR's "." (23.3%). Like "," the narrow space is a number separator for the bidi
# algorithm (class CS), so a grouped number stays one left-to-right run in Arabic text, and it
# never breaks a line.
NUMBER_SYMBOLS: dict[str, dict[str, str]] = {"ar": {"group": "\u202f"}}
# The space before % where CLDR writes a no-break space (U+00A0): French typography puts an espace
# fine insécable (U+202F) there, as before ; ? and ! (locales/TERMS.md, "Numbers").
PERCENT_SPACE: dict[str, str] = {"fr": "\u202f"}
KERNEL_VARIABLE = "CTDC_LANG"


@dataclass(frozen=True)
class Edition:
    """One language edition of the book."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"{self.lang!r} is not an edition: choose one of {', '.join(LANGUAGES)}")

    @property
    def direction(self) -> str:
        return DIRECTIONS[self.lang]

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def name(self) -> str:
        return NAMES[self.lang]

    @property
    def locale(self) -> Locale:
        """Babel's locale of the language, with the edition's number symbols (NUMBER_SYMBOLS): every
        Babel function given it (format_decimal, format_percent, get_group_symbol) writes the
        edition's numbers."""
        return _edition_locale(self.lang)

    @property
    def number_symbols(self) -> dict[str, str]:
        """The symbols of the edition's numbers: decimal, group, percentSign, minusSign…"""
        return dict(self.locale.number_symbols[NUMBERING_SYSTEM])

    @property
    def date_locale(self) -> str:
        """The CLDR locale of long dates: British English writes 1 December 2022."""
        return "en_GB" if self.lang == "en" else self.lang


class EditionLocale(Locale):
    """A Babel locale whose Western-digit number symbols are CLDR's with the edition's own over them."""

    def __init__(self, language: str, symbols: dict[str, str], percent_space: str | None = None) -> None:
        super().__init__(language)
        self._symbols = symbols
        self._percent_space = percent_space

    @property
    def number_symbols(self):  # the type of Babel's own: a mapping of numbering system to symbols
        cldr = super().number_symbols
        return {**cldr, NUMBERING_SYSTEM: {**cldr[NUMBERING_SYSTEM], **self._symbols}}

    @property
    def percent_formats(self):  # as Babel's: a mapping of format length to NumberPattern
        cldr = super().percent_formats
        if self._percent_space is None:
            return cldr
        space = self._percent_space
        return {length: parse_pattern(p.pattern.replace("\u00a0", space)) for length, p in cldr.items()}


@functools.cache
def _edition_locale(lang: str) -> Locale:
    return EditionLocale(lang, NUMBER_SYMBOLS.get(lang, {}), PERCENT_SPACE.get(lang))


ENGLISH = Edition("en")
_kernel_default = ENGLISH
_current: contextvars.ContextVar[Edition | None] = contextvars.ContextVar("ctdc_edition", default=None)


def current() -> Edition:
    """The edition entered with using(), else the one the kernel started in, else English."""
    return _current.get() or _kernel_default


def get(lang: str | Edition | None = None) -> Edition:
    """An edition by code, or the current one when none is given."""
    if lang is None:
        return current()
    return lang if isinstance(lang, Edition) else Edition(lang)


@contextlib.contextmanager
def using(lang: str | Edition) -> Iterator[Edition]:
    """Translate and format for ``lang`` inside the block."""
    token = _current.set(get(lang))
    try:
        yield _current.get() or ENGLISH
    finally:
        _current.reset(token)


def start_kernel() -> Edition:
    """Called once where a notebook kernel starts: the build names the edition in CTDC_LANG."""
    global _kernel_default
    _kernel_default = Edition(os.environ.get(KERNEL_VARIABLE, "en"))
    return _kernel_default


def kernel_environment(lang: str) -> dict[str, str]:
    """What the build puts in a kernel's environment so that it starts in ``lang``."""
    return {KERNEL_VARIABLE: get(lang).lang}
