"""The story API: what a chapter notebook needs to put computed numbers into its prose.

A chapter opens with one line, ``from ctdc_story.story import *``, which gives it:

- ``records`` (the dataset's records as a DataFrame) and ``dataset`` (the loaded file),
  read once, on first use;
- the modules it draws and computes with: ``charts``, ``stats``, ``compass``, ``labels``,
  ``briefs``, ``privacy``, ``schema``, and for the book's other pages ``binder``, ``downloads``,
  ``edition``, ``explorer``, ``loader`` and ``settings``;
- the formatters ``_``, ``fmt_int``, ``fmt_pct`` (every glued number goes through them, and so
  through the privacy rule: counts and bases rounded down to a multiple of 10), and ``fmt_few`` for
  counts of other things, such as countries (in words below ten);
- ``share`` and ``base`` (one cell of a ``stats.shares`` table), ``glue_share`` and ``glue_pct``
  (glue that cell formatted, traced: in the site a tap, hover or focus on it gives its count and base
  and links to its figure and CSV row), ``glue``, ``glue_md`` and ``claim``;
- ``glue_count`` (a published count glued with its noun, "17,580 records", through ngettext: the
  prose cannot inflect a noun after a glued number, and Arabic has six forms: 10 سجلات, 20 سجلاً,
  100 سجل); ``glue_share(..., counted=True)`` glues the base so too;
- for prose and claims that must hold when a group is small: ``suppressed`` (is a value not
  reportable), ``reported`` (the reportable values of several), ``at_most`` (a share, or its upper
  bound where the count is shown as "<10") and ``fmt_share`` (a row's share as the text shows it).

A share that is not reportable (its count or base is shown as "<10") is NaN: every comparison with
it is false, so a claim that rests on it stops the build with a ClaimError, never a type error.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from ctdc_story.data import loader, privacy, schema, stats
from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError
from ctdc_story.presentation import charts
from ctdc_story.presentation.numbers import TracedNumber
from ctdc_story.presentation.templating import Displayable
from ctdc_story.publication import binder, briefs, downloads, explorer
from ctdc_story.text import compass, edition, i18n, labels, numbers
from ctdc_story.text.i18n import _, fmt_date, fmt_few, fmt_int, fmt_pct

# A notebook's kernel is a process of its own: it starts in the edition its environment names.
edition.start_kernel()

__all__ = [
    "records",  # noqa: F822 (module __getattr__ reads it on first use)
    "dataset",  # noqa: F822
    "briefs",
    "charts",
    "compass",
    "labels",
    "privacy",
    "schema",
    "stats",
    "binder",
    "downloads",
    "edition",
    "explorer",
    "loader",
    "settings",
    "_",
    "fmt_date",
    "fmt_few",
    "fmt_int",
    "fmt_pct",
    "share",
    "base",
    "glue",
    "glue_share",
    "glue_pct",
    "glue_md",
    "glue_count",
    "claim",
    "ClaimError",
    "suppressed",
    "reported",
    "at_most",
    "fmt_share",
]


@functools.lru_cache(maxsize=1)
def _dataset() -> loader.Dataset:
    return loader.load()


def __getattr__(name: str):
    """``records`` and ``dataset`` are read on first use (importing the module reads no data)."""
    if name == "dataset":
        return _dataset()
    if name == "records":
        return _dataset().frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Text(Displayable):
    """A ready-formatted value; its plain-text form is the value itself (no quotes)."""

    def __init__(self, value: str):
        self.value = str(value)

    def text(self) -> str:
        return self.value


def glue(name: str, value: str) -> None:
    """Make ``value`` available to the prose as {glue}`name` (a traced share, TracedNumber, keeps
    its explanation and its link to the figure; any other value is plain text)."""
    from myst_nb import glue as nb_glue

    nb_glue(name, value if isinstance(value, TracedNumber) else Text(value), display=False)


# A count of records as the prose reads it: the count with its noun, in the form its number takes.
RECORDS = numbers.N_plural("{count} record", "{count} records")


def glue_count(name: str, count: int | None, singular: str = RECORDS[0], plural: str = RECORDS[1]) -> None:
    """Glue a count of records WITH its noun as ``name``: "17,580 records", "17 580 enregistrements",
    "17 580 سجلاً" (published through the privacy rule, "<10" as fewer than 10). Another noun is a
    plural message of the call: ``glue_count("n", n, "{count} synthetic record", "{count} synthetic records")``."""
    glue(name, numbers.counted(singular, plural, count))


def traced(table, category: str, group: str = "all") -> TracedNumber:
    """One share of a ``stats.shares`` table as the prose shows it, with the sentence that explains
    it ("27% = 4,090 of 15,150 records with …", text/numbers.py: published counts only) and what the
    build needs to link it to the figure and the CSV row that show the same cell (build/numbers.py)."""
    row = stats.pick(table, category, group)
    query = table.attrs.get("query") or {}
    lang = edition.current().lang
    sentence = numbers.explain(row, query, lang)
    data = {"query": query, "group": str(group), "category": str(category), "sentence": sentence, "lang": lang}
    return TracedNumber(fmt_share(row), sentence, data)


def glue_md(name: str, text: str) -> None:
    """Make a markdown paragraph available to the page as ```{glue:md} name```."""
    from IPython.display import Markdown
    from myst_nb import glue as nb_glue

    nb_glue(name, Markdown(text), display=False)


def suppressed(value) -> bool:
    """Whether a count or share is not reportable (None, pandas' NA or NaN)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def reported(values) -> list:
    """The reportable values among ``values``: a statement about "every group" covers the groups
    with enough records to report."""
    return [v for v in values if not suppressed(v)]


def _float(value) -> float:
    return math.nan if suppressed(value) else float(value)


# The numbers the prose read since the last claim, which a failed claim names: (text, reportable).
_READ: list[tuple[str, bool]] = []


def _note(table, category: str, group: str, row) -> None:
    where = category if group == "all" else f"{category} in {group}"
    count, base = fmt_int(_int(row["count"])), fmt_int(_int(row["base"]))
    _READ.append((f"share of {where} = {fmt_share(row)} (count {count}, base {base})", not suppressed(row["share"])))


def _int(value) -> int | None:
    return None if suppressed(value) else int(value)


def share(table, category: str, group: str = "all") -> float:
    """The share of ``category`` within ``group`` in a ``stats.shares`` table (NaN if not reportable)."""
    row = stats.pick(table, category, group)
    _note(table, category, group, row)
    return _float(row["share"])


def base(table, category: str, group: str = "all") -> int | None:
    """The base (records with the item recorded) of that share (None where shown as "<10")."""
    return _int(stats.pick(table, category, group)["base"])


def at_most(table, category: str, group: str = "all") -> float:
    """The share, or where its count is shown as "<10" an upper bound from the published base: fewer
    than 10 records of at least that many (NaN when the base itself is not reportable)."""
    row = stats.pick(table, category, group)
    _note(table, category, group, row)
    if not suppressed(row["share"]):
        return float(row["share"])
    if suppressed(row["base"]):
        return math.nan
    return privacy.RESOLUTION / int(row["base"])


def fmt_share(row) -> str:
    """A row of a ``stats.shares`` table as the text shows its share: the percentage; where the count
    is shown as "<10" but the base is reportable, "<" and the smallest whole percentage above the
    bound (e.g. <1%); "–" where the base is not reportable (i18n.fmt_share)."""
    return i18n.fmt_share(_float(row["share"]), _int(row["base"]))


def glue_pct(name: str, table, category: str, group: str = "all") -> float:
    """Glue one share of a ``stats.shares`` table as ``name`` (formatted); return the share (NaN if
    not reportable)."""
    row = stats.pick(table, category, group)
    _note(table, category, group, row)
    glue(name, traced(table, category, group))
    return _float(row["share"])


def glue_share(
    name: str, table, category: str, group: str = "all", base: str | None = None, counted: bool = False
) -> float:
    """Glue a share as ``name`` and its base as ``base`` (default ``<name>_n``), both formatted; with
    ``counted``, the base with its noun ("8,890 records", as glue_count)."""
    row = stats.pick(table, category, group)
    _note(table, category, group, row)
    glue(name, traced(table, category, group))
    if counted:
        glue_count(base or f"{name}_n", _int(row["base"]))
    else:
        glue(base or f"{name}_n", fmt_int(_int(row["base"])))
    return _float(row["share"])


class ClaimError(BuildError):
    """The data no longer support a statement of the prose: the message names it, the numbers it
    rests on and what to do."""


def claim(holds: object, statement: str, **numbers) -> None:
    """Stop the build with a ClaimError when the data no longer support a statement of the prose.

    ``holds`` is the check, best given as a function of no argument (``lambda: a > b``): a number
    that is not reportable then stops it cleanly however the check uses it. A check that is NaN or
    NA, or that fails because a number is None or NA, does not support the statement either. The
    error names the statement, the numbers read since the last claim (``share``, ``glue_pct`` …) and
    any given as keywords, and says what to revise."""
    problem = None
    if callable(holds):
        try:
            holds = holds()
        except TypeError as err:  # a comparison with None or NA: a number is not reportable
            holds, problem = math.nan, str(err)
    read = list(dict.fromkeys(_READ))[-8:]  # the last ones: those the check compares
    _READ.clear()
    if not suppressed(holds) and bool(holds):
        return
    given = [f"{k} = {v}" for k, v in numbers.items()]
    facts = "; ".join(given + [text for text, _reportable in read]) or "none read through the story API"
    if suppressed(holds) or not all(reportable for _text, reportable in read):
        why = "a number it rests on is not reportable: fewer than 10 records, shown as <10 or –"
        if problem:
            why += f" ({problem})"
    else:
        why = "the numbers say otherwise"
    raise ClaimError(
        f"a claim no longer holds: the text states that {statement}, but the data do not support it "
        f"({why}). Numbers: {facts}. Revise the sentence that states it, and this claim() beside it, "
        "in the notebook named above; or, if the dataset file is not the one you meant, check CTDC_DATA."
    )
