"""Sphinx extension for the editions.

- Our theme.po comes before the book theme's own catalog, which stays as the fallback: the
  theme's Arabic and French wording ("قم بتنزيل", « Téléchargez ») is not the official register
  of the editions. The theme registers its catalog first, so ours is put in front of it.
- myst-nb writes its stylesheet only when the build finishes, so a first build links it
  without the cache-busting checksum that later builds add; writing it at the start makes
  cold and warm builds identical.
- The theme draws its icons with Font Awesome's script (543 kB gzipped); the book shows a
  dozen icons, written here as CSS masks from the same icon data (ctdc-icons.css), and
  book/_templates/static/webpack-macros.html no longer loads the script.
- jupyter-book always loads sphinx-thebe, which writes a third-party script address
  into every page; the book runs no live code, so its assets are dropped.
- Chapters are staged as .ipynb, but the repository holds them as MyST .md notebooks: the
  launch buttons (Binder) are pointed at the .md file that exists in the repository. The theme
  writes their tooltip as "Launch on" + " Binder" and their image's text as "Binder logo", in
  English order: the tooltip comes from the catalog, and the button keeps its name without the image.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from ctdc_story.text.i18n import N_

LAUNCH_ON = N_("Launch on {service}")  # a launch button's tooltip, e.g. "Launch on Binder"
ICONS = (
    "angle-left",
    "angle-right",
    "arrow-up",
    "bars",
    "list",
    "magnifying-glass",
    "outdent",
    "rocket",
    "download",
    "expand",
    "file",
    "file-pdf",
    "sun",
    "moon",
    "circle-half-stroke",
    "xmark",
)
# Icons the theme's stylesheet draws with the icon font in pseudo-elements: selector -> icon.
PSEUDO_ICONS = {
    ".admonition>.admonition-title:after,div.admonition>.admonition-title:after": "circle-exclamation",
    ".nav-link.nav-external:after,nav.bd-links li>a.reference.external:after": "arrow-up-right-from-square",
    "a.reference.download:before": "download",
}
PSEUDO_BASE = (
    '{font:inherit!important;content:""!important;display:inline-block;width:1em;height:1em;'
    "background-color:currentColor;-webkit-mask:no-repeat center/contain;mask:no-repeat center/contain;"
    '-webkit-mask-image:url("%s");mask-image:url("%s")}'
)
ICON_BASE = (
    # font-family: the theme's stylesheet would otherwise fetch the Font Awesome font (156 kB).
    ".fa-solid,.fas{display:inline-block;width:1em;height:1em;line-height:1;vertical-align:-.125em;"
    "font-family:inherit!important}"
    ".fa-solid.fa-lg,.fas.fa-lg{width:1.25em;height:1.25em;vertical-align:-.2em}"
    '.fa-solid::before,.fas::before{content:""!important;display:block;width:100%;height:100%;'
    "background-color:currentColor;-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat;"
    "-webkit-mask-position:center;mask-position:center;-webkit-mask-size:contain;mask-size:contain}"
)


def setup(app):
    app.setup_extension("ctdc_story.build.sharing")  # Open Graph and Twitter card metadata (issue 14)
    app.connect("builder-inited", _add_catalog)
    app.connect("builder-inited", _write_mystnb_css_early)
    app.connect("builder-inited", _write_icons)
    app.connect("builder-inited", _keep_no_break_spaces_in_titles)
    app.add_css_file("ctdc-icons.css")
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _launch_markdown_source, priority=600)  # after the theme's (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _add_catalog(app):
    import gettext

    from sphinx.locale import translators

    locale_dir = Path(app.srcdir) / "_locale"
    if not locale_dir.is_dir():
        return
    try:
        ours = gettext.translation("booktheme", str(locale_dir), [app.config.language])
    except OSError:
        return
    theirs = translators.get(("general", "booktheme"))
    if theirs is not None:
        ours.add_fallback(theirs)
    translators["general", "booktheme"] = ours


def _keep_no_break_spaces_in_titles(app):
    """The templates write each page's <title> and its next/previous links through Jinja's
    striptags, which makes every no-break space a plain one (« liens : » lost its U+00A0): the
    same filter, but only ASCII white space is collapsed."""
    import markupsafe

    from ctdc_story.text import i18n

    def striptags(value) -> str:
        return i18n.one_line(markupsafe.Markup(MARKUP_TAG.sub("", str(value))).unescape())

    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        environment.filters["striptags"] = striptags


MARKUP_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def _write_mystnb_css_early(app):
    from myst_nb.sphinx_ext import add_global_html_resources

    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def icon_css() -> str:
    """CSS masks for the theme's icons, from the solid set inside the theme's fontawesome.js."""
    import pydata_sphinx_theme

    script = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "scripts"
        / "fontawesome.js"
    ).read_text(encoding="utf-8")
    solid = script[script.index('d("far",p)') : script.index('d("fas",p)')]
    rules = [ICON_BASE]
    for name in ICONS:
        uri = _icon_uri(solid, name)
        rules.append(f'.fa-{name}::before{{-webkit-mask-image:url("{uri}");mask-image:url("{uri}")}}')
    for selector, name in PSEUDO_ICONS.items():
        uri = _icon_uri(solid, name)
        rules.append(selector + PSEUDO_BASE % (uri, uri))
    return "\n".join(rules) + "\n"


def _icon_uri(solid: str, name: str) -> str:
    pattern = r'[{,]"?' + re.escape(name) + r'"?:\[(\d+),(\d+),\[[^\]]*\],"\w+","([^"]+)"'
    found = re.search(pattern, solid)
    if not found:
        raise ValueError(f"icon {name!r} is not in the theme's fontawesome.js")
    width, height, path = found.groups()
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return "data:image/svg+xml," + urllib.parse.quote(svg)


def _write_icons(app):
    target = Path(app.outdir) / "_static" / "ctdc-icons.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(icon_css(), encoding="utf-8")


def _is_thebe(asset) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    body = getattr(asset, "attributes", {}).get("body", "")
    return "thebe" in (name or "").lower() or "THEBE" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def _launch_markdown_source(app, pagename, templatename, context, doctree):
    from ctdc_story.meta.settings import ROOT

    if not (ROOT / f"{pagename}.md").exists():
        return
    from ctdc_story.text import i18n

    staged, source = f"/{pagename}.ipynb", f"/{pagename}.md"

    def fix(buttons):
        for button in buttons or []:
            if isinstance(button, dict):
                if "urlpath=" in button.get("url", ""):
                    button["url"] = button["url"].replace(staged, source)
                    service = button.get("text") or "Binder"
                    button["tooltip"] = i18n.gettext(LAUNCH_ON, app.config.language).format(service=service)
                    button["icon"] = None
                fix(button.get("buttons"))

    fix(context.get("header_buttons"))
