"""Sphinx extension for the editions.

- Our theme.po fills the gaps in the book theme's own catalog. The theme registers its
  catalog first, so ours is added as a fallback: the theme's translations stay where it
  has them, ours supply the strings it lacks.
- jupyter-book always loads sphinx-thebe, which writes a third-party script address
  into every page; the book runs no live code, so its assets are dropped.
- Chapters are staged as .ipynb, but the repository holds them as MyST .md notebooks: the
  launch buttons (Binder) are pointed at the .md file that exists in the repository.
"""
from __future__ import annotations

from pathlib import Path


def setup(app):
    app.connect("builder-inited", _add_catalog)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _launch_markdown_source, priority=600)  # after the theme's (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _add_catalog(app):
    locale_dir = Path(app.srcdir) / "_locale"
    if locale_dir.is_dir():
        app.add_message_catalog("booktheme", str(locale_dir))


def _is_thebe(asset) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in (name or "").lower() or "THEBE" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def _launch_markdown_source(app, pagename, templatename, context, doctree):
    from .settings import ROOT

    if not (ROOT / f"{pagename}.md").exists():
        return
    staged, source = f"/{pagename}.ipynb", f"/{pagename}.md"

    def fix(buttons):
        for button in buttons or []:
            if isinstance(button, dict):
                if "urlpath=" in button.get("url", ""):
                    button["url"] = button["url"].replace(staged, source)
                fix(button.get("buttons"))
    fix(context.get("header_buttons"))
