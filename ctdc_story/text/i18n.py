"""Translation of text made by code, and number formatting per locale.

Messages are looked up in ``locales/<lang>/LC_MESSAGES/code.po``; the English
source is the message id. Numbers are formatted with CLDR data (Babel). The
Arabic edition uses Western digits (0-9), as the Maghreb partner countries do
in official documents, and groups thousands with a narrow no-break space
(17\u202f584, not CLDR's 17,584, which reads as a decimal in the Maghreb); both
choices are made once, in the edition's locale (edition.NUMBER_SYMBOLS), for
text, charts and tables alike.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from ctdc_story.data import privacy
from ctdc_story.meta import settings
from ctdc_story.text import edition
from ctdc_story.text.edition import NUMBERING_SYSTEM

DIRECTION = edition.DIRECTIONS


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def catalog_path(lang: str, domain: str) -> Path:
    return settings.LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def catalog(lang: str, domain: str) -> dict[str, str]:
    """Translated, non-fuzzy entries of one catalog as {msgid: msgstr}."""
    path = catalog_path(lang, domain)
    if lang == "en" or not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    # babel types id and string as str | tuple | list (the tuple/list for plural entries); the
    # story's catalogs have no plurals (no ngettext), so every entry's id and string are str.
    return {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy and m.context is None}  # type: ignore[misc]


@functools.cache
def contextual_catalog(lang: str, domain: str) -> dict[tuple[str, str], str]:
    """Translated, non-fuzzy entries that carry a msgctxt, as {(context, msgid): msgstr}."""
    path = catalog_path(lang, domain)
    if lang == "en" or not path.exists():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    # As in catalog(): no plural entries, so id and string are str despite babel's union type.
    return {
        (m.context, m.id): m.string  # type: ignore[misc]
        for m in cat
        if m.id and m.string and not m.fuzzy and m.context is not None
    }


def gettext(message: str, lang: str | None = None) -> str:
    return catalog(edition.get(lang).lang, "code").get(message, message)


_ = gettext


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """gettext within a context (msgctxt): the same English may be translated differently in two
    contexts. Registry labels use their variable's context (see registry.yaml)."""
    return contextual_catalog(edition.get(lang).lang, "code").get((context, message), message)


def translate(message: str, lang: str) -> str:
    """gettext for a message held in a variable (not extracted: its source is marked elsewhere)."""
    return gettext(message, lang)


def locale(lang: str | None = None) -> Locale:
    """Babel's locale of the edition, with its own number symbols (edition.NUMBER_SYMBOLS)."""
    return edition.get(lang).locale


def number_symbols(lang: str | None = None) -> dict[str, str]:
    """The symbols the edition writes numbers with: "decimal", "group", "percentSign"…"""
    return edition.get(lang).number_symbols


def missing(value) -> bool:
    """Whether a value is not there: None, pandas' NA or NaN (a suppressed count or share)."""
    if value is None:
        return True
    try:
        return bool(value != value) or str(value) == "<NA>"
    except TypeError:  # pandas' NA: its comparisons are NA, and NA has no truth value
        return True


def fmt_number(n: int, lang: str | None = None) -> str:
    """A whole number that is not a count of records (a size in pixels, a year), in the locale's format."""
    return format_decimal(int(n), locale=locale(lang), numbering_system=NUMBERING_SYSTEM)


# Counts below this are spelled out in running text, as UN editorial style writes them.
SPELLED_BELOW = 10


def fmt_few(n: int, lang: str | None = None) -> str:
    """A count of things other than records (countries, say) in running text: in words below ten
    ("the three Asian partner countries", « les trois pays », «وعددها ثلاثة»), in figures from ten.
    ICU spells it, in the form for a masculine noun where the language has one."""
    if n >= SPELLED_BELOW:
        return fmt_number(n, lang)
    return _spellout(edition.get(lang).lang).format(int(n))


@functools.cache
def _spellout(lang: str):
    import icu

    speller = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale(lang))
    names = {speller.getRuleSetName(i) for i in range(speller.getNumberOfRuleSetNames())}
    speller.setDefaultRuleSet(next(r for r in ("%spellout-cardinal-masculine", "%spellout-cardinal") if r in names))
    return speller


def fmt_int(n: int | None, lang: str | None = None) -> str:
    """A count of records as published: rounded down by the privacy rule; "<10" where that gives 0."""
    published = None if n is None or missing(n) else privacy.safe_count(int(n))
    if published is None:
        return isolate(privacy.SUPPRESSED, lang)
    return fmt_number(published, lang)


def fmt_base(n: int | None, lang: str | None = None) -> str:
    """The base of a share in a source line: a count like any other (GUIDE §2)."""
    return fmt_int(n, lang)


def fmt_pct(share: float | None, digits: int = 0, lang: str | None = None) -> str:
    """A share in [0, 1] as a percentage, e.g. 54 % (fr) or 54% (en); '–' if not reportable."""
    if share is None or missing(share):  # None, NA or NaN: not reportable
        return "–"
    share = float(share)
    smallest = 10 ** -(digits + 2)  # the smallest step shown, e.g. 1% with no decimals
    if 0 < share < smallest / 2:
        return isolate("<" + fmt_pct(smallest, digits, lang), lang)
    # The locale's own pattern (spacing, sign position) with our number of decimals.
    pattern = locale(lang).percent_formats[None].pattern
    pattern = pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
    return format_percent(share, format=pattern, locale=locale(lang), numbering_system=NUMBERING_SYSTEM)


def fmt_share(share: float | None, base: int | None, lang: str | None = None) -> str:
    """A share as the text shows it: the percentage; where only its count is shown as "<10" (its
    base is reportable), "<" and the smallest whole percentage above 10 over the base (e.g. <1%),
    which the published base and the resolution alone give; "–" where the base is not reportable."""
    if share is not None and not missing(share):
        return fmt_pct(share, lang=lang)
    if base is None or missing(base) or int(base) < privacy.RESOLUTION:
        return fmt_pct(None, lang=lang)
    bound = math.ceil(100 * privacy.RESOLUTION / int(base)) / 100
    return isolate("<" + fmt_pct(min(bound, 1.0), lang=lang), lang)


ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def one_line(text: str) -> str:
    """Text on one line, each run of ASCII white space as one space. The no-break spaces the
    typography put there (French before ":" and "%", the narrow space grouping digits) stay, where
    str.split() would make them plain spaces."""
    return ASCII_SPACE.sub(" ", text).strip(" ")


def isolate(text: str, lang: str | None = None) -> str:
    """Keep a left-to-right run such as "<10" in its order inside right-to-left text (LRI…PDI)."""
    return f"\u2066{text}\u2069" if direction(lang) == "rtl" else text


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
DATE = N_("{day} {month} {year}")  # a date in words, e.g. 15 December 2022
DATE_FIRST = N_("1 {month} {year}")  # the first day of a month: French writes 1er décembre 2022


def fmt_date(iso: str, lang: str | None = None) -> str:
    """A date in words, from the catalog: 1 December 2022, 1er décembre 2022, and in Arabic the
    paired month names of UN usage, 1 كانون الأول/ديسمبر 2022."""
    import datetime

    date = datetime.date.fromisoformat(iso)
    month = gettext(MONTHS[date.month - 1], lang)
    if date.day == 1:
        return gettext(DATE_FIRST, lang).format(month=month, year=date.year)
    return gettext(DATE, lang).format(day=date.day, month=month, year=date.year)


def fmt_list(items: list[str], lang: str | None = None) -> str:
    """Items joined as the edition joins a list: A, B and C; A, B et C; A وB وC (CLDR, with British
    English's list without a comma before "and", as UN English writes it)."""
    from babel.lists import format_list

    return format_list(list(items), locale=edition.get(lang).date_locale)


SERIES = N_("{items}; {item}")  # one more statement in a series whose parts may hold commas


def fmt_series(items: list[str], lang: str | None = None) -> str:
    """Statements joined as a series, each of which may hold a comma ("Control, abuse or kidnap:
    2%"): A; B; C in English, A ; B ; C in French, A؛ B؛ C in Arabic (a catalog pattern; a list
    with "and" between every item reads ambiguously in Arabic)."""
    if not items:
        return ""
    return functools.reduce(lambda listed, item: gettext(SERIES, lang).format(items=listed, item=item), items)


def direction(lang: str | None = None) -> str:
    return edition.get(lang).direction


# --- plural messages (ngettext) ----------------------------------------------------------


@functools.cache
def plural_catalog(lang: str, domain: str) -> tuple[dict[str, tuple[str, ...]], object]:
    """The translated, non-fuzzy plural entries of one catalog as {msgid (singular): (msgstr[0], …)},
    and the catalog's plural rule (its Plural-Forms header, e.g. six forms in Arabic) as a function
    of n giving the index of the form."""
    import gettext as _gettext

    path = catalog_path(lang, domain)
    if lang == "en" or not path.exists():
        return {}, (lambda n: int(n != 1))
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    entries = {
        m.id[0]: tuple(m.string)
        for m in cat
        if isinstance(m.id, tuple | list) and m.string and all(m.string) and not m.fuzzy and m.context is None
    }
    return entries, _gettext.c2py(cat.plural_expr)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form of a message for the number ``n`` in the edition's language: the catalog's plural
    entry and its language's plural rule (French: 0 and 1 take the singular; Arabic: six forms);
    the English singular for n == 1, else the plural, where the catalog has no translation."""
    entries, rule = plural_catalog(edition.get(lang).lang, "code")
    forms = entries.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    index = rule(int(n))  # type: ignore[operator]
    return forms[index] if index < len(forms) else forms[-1]
