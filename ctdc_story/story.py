"""Helpers the chapter notebooks call to put computed numbers into the prose."""
from __future__ import annotations

from ctdc_story.text import edition

# A notebook's kernel is a process of its own: it starts in the edition its environment names.
edition.start_kernel()
from ctdc_story.presentation.templating import Displayable


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


def claim(holds: bool, statement: str) -> None:
    """Stop the build when the data no longer support a statement made in the prose."""
    if not holds:
        raise AssertionError(f"The text states that {statement}, but the data do not support it.")
