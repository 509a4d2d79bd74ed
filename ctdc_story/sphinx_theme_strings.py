"""Sphinx extension: our theme.po fills the gaps in the book theme's own catalog.

The theme registers its catalog first, so ours is added as a fallback: the theme's
translations stay where it has them, ours supply the strings it lacks (all of them
for Arabic sidebar and navigation labels).
"""
from __future__ import annotations

from pathlib import Path


def setup(app):
    app.connect("builder-inited", _add_catalog)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _add_catalog(app):
    locale_dir = Path(app.srcdir) / "_locale"
    if locale_dir.is_dir():
        app.add_message_catalog("booktheme", str(locale_dir))
