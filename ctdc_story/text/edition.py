"""The edition being made: its language, direction, names and formats, as one explicit object.

Code that translates or formats asks for ``current()``; code that makes another edition's
text enters it with ``using(lang)``. Nothing swaps the edition through the environment: the
one place the environment names it is where a notebook kernel starts (``start_kernel``),
because a kernel is a separate process that the build starts with ``CTDC_LANG`` set.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from dataclasses import dataclass

from babel import Locale

from ctdc_story.meta import settings

LANGUAGES = settings.LANGUAGES
# Each language's name in itself, for the language switcher and the root chooser.
NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
DIRECTIONS = {"en": "ltr", "fr": "ltr", "ar": "rtl"}
# Western digits in every edition, as the Maghreb partner countries use in official documents.
NUMBERING_SYSTEM = "latn"
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
        return Locale.parse(self.lang)

    @property
    def date_locale(self) -> str:
        """The CLDR locale of long dates: British English writes 1 December 2022."""
        return "en_GB" if self.lang == "en" else self.lang


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
