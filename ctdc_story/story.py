"""The story API: what a chapter notebook needs to put computed numbers into its prose.

A chapter opens with one line, ``from ctdc_story.story import *``, which gives it:

- ``records`` (the dataset's records as a DataFrame) and ``dataset`` (the loaded file),
  read once, on first use;
- the modules it draws and computes with: ``charts``, ``stats``, ``compass``, ``labels``,
  ``briefs``, ``privacy``, ``schema``, and for the book's other pages ``binder``, ``downloads``,
  ``edition``, ``explorer``, ``loader`` and ``settings``;
- the formatters ``_``, ``fmt_int``, ``fmt_pct`` (every glued number goes through them, and so
  through the privacy rule: counts and bases rounded down to a multiple of 10);
- ``share`` and ``base`` (one cell of a ``stats.shares`` table), ``glue_share`` and ``glue_pct``
  (glue that cell formatted), ``glue``, ``glue_md`` and ``claim``.
"""

from __future__ import annotations

import functools

from ctdc_story.data import loader, privacy, schema, stats
from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from ctdc_story.presentation.templating import Displayable
from ctdc_story.publication import binder, briefs, downloads, explorer
from ctdc_story.text import compass, edition, labels
from ctdc_story.text.i18n import _, fmt_date, fmt_int, fmt_pct

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
    "fmt_int",
    "fmt_pct",
    "share",
    "base",
    "glue",
    "glue_share",
    "glue_pct",
    "glue_md",
    "claim",
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
    """Make ``value`` available to the prose as {glue}`name`."""
    from myst_nb import glue as nb_glue

    nb_glue(name, Text(value), display=False)


def glue_md(name: str, text: str) -> None:
    """Make a markdown paragraph available to the page as ```{glue:md} name```."""
    from IPython.display import Markdown
    from myst_nb import glue as nb_glue

    nb_glue(name, Markdown(text), display=False)


def share(table, category: str, group: str = "all") -> float:
    """The share of ``category`` within ``group`` in a ``stats.shares`` table."""
    return stats.pick(table, category, group)["share"]


def base(table, category: str, group: str = "all") -> int:
    """The base (records with the item recorded) of that share."""
    return stats.pick(table, category, group)["base"]


def glue_pct(name: str, table, category: str, group: str = "all") -> float:
    """Glue one share of a ``stats.shares`` table as ``name`` (formatted); return the share."""
    value = share(table, category, group)
    glue(name, fmt_pct(value))
    return value


def glue_share(name: str, table, category: str, group: str = "all", base: str | None = None) -> float:
    """Glue a share as ``name`` and its base as ``base`` (default ``<name>_n``), both formatted."""
    row = stats.pick(table, category, group)
    glue(name, fmt_pct(row["share"]))
    glue(base or f"{name}_n", fmt_int(row["base"]))
    return row["share"]


def claim(holds: bool, statement: str) -> None:
    """Stop the build when the data no longer support a statement made in the prose."""
    if not holds:
        raise AssertionError(f"The text states that {statement}, but the data do not support it.")
