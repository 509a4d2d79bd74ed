"""Sphinx extension for the editions.

- Our theme.po fills the gaps in the book theme's own catalog. The theme registers its
  catalog first, so ours is added as a fallback: the theme's translations stay where it
  has them, ours supply the strings it lacks.
- myst-nb writes its stylesheet only when the build finishes, so a first build links it
  without the cache-busting checksum that later builds add; writing it at the start makes
  cold and warm builds identical.
- jupyter-book always loads sphinx-thebe, which writes a third-party script address
  into every page; the book runs no live code, so its assets are dropped.
"""
from __future__ import annotations

from pathlib import Path


def setup(app):
    app.connect("builder-inited", _add_catalog)
    app.connect("builder-inited", _write_mystnb_css_early)
    app.connect("html-page-context", _drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _add_catalog(app):
    locale_dir = Path(app.srcdir) / "_locale"
    if locale_dir.is_dir():
        app.add_message_catalog("booktheme", str(locale_dir))


def _write_mystnb_css_early(app):
    from myst_nb.sphinx_ext import add_global_html_resources

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def _is_thebe(asset) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in (name or "").lower() or "THEBE" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]
