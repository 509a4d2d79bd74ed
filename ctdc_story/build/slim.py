"""A rendered edition made light for a first visit on a slow phone connection.

Run on Sphinx's HTML folder of one edition, after rendering (render.Render.wait):

- Styles: the theme's stylesheets, the extensions' and ours are joined, purged with purgecss
  (purge.mjs) against the edition's pages and the scripts they load, then purged again per
  page; each page carries what it needs inline in its <head> (a few kB gzipped) and links no
  stylesheet, so the first paint waits for no request.
- Scripts: none blocks the parser (``defer``). What a page does not use is not loaded: the
  search scripts and index outside the search page, the copy button where no code is shown,
  the toggle button and the tabs script where the page has none.
- Fonts: the Arabic edition's web font is subset with fontTools (pyftsubset) to the characters
  its pages, search index and scripts use, keeping every layout feature (GSUB/GPOS: the
  joining forms and ligatures of Arabic script); the subsets are cached. The other editions
  drop the Arabic @font-face rules.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
from pathlib import Path

from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError, digest, write_atomic

PURGE = Path(__file__).with_name("purge.mjs")
FONT_SOURCE = settings.ROOT / "book" / "_static" / "fonts"
# Chosen at run time by scripts, never written in a page: kept whatever the pages hold.
SAFELIST = {
    "standard": [
        "re:^(show|showing|hiding|collapsing|collapse|fade|active|disabled|open|is-idle|pst-sidebar-hidden)$",
        "re:^(dropdown|tooltip|bs-tooltip)",  # bootstrap's, built by the theme's script
        "re:plotly|modebar|hovertext|hoverlayer|main-svg|js-",
        "re:^(search|sidebar|bd-sidebar|pst-|highlighted)",
        "dialog",
    ],
    "deep": ["re:^(bd-search|search-button|tooltip)"],
    "greedy": ["re:data-mode", "re:sidebar-toggle"],
}
# The book has one colour scheme (book/_templates/theme-switcher.html): the dark one is not shipped.
DROP = [r're:\[data-theme="?dark"?\]']
STYLESHEET = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")[^>]*>\s*')
SCRIPT_PRELOAD = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="preload")(?=[^>]*\bas="script")[^>]*>\s*')
SCRIPT = re.compile(r"([ \t]*)<script\b([^>]*)>(.*?)</script>\s*", re.S)
HREF = re.compile(r'\bhref="([^"]+)"')
SRC = re.compile(r'\bsrc="([^"]+)"')
URL = re.compile(r'url\((["\']?)(?!data:|https?:|#)([^)"\']+)\1\)')
IMPORT = re.compile(r'@import\s+(?:url\()?["\']([^"\']+)["\'][^;]*;')
SEARCH = ("searchtools.js", "language_data.js", "searchindex.js")
COPY = ("clipboard.min.js", "copybutton.js")
# Figures call Plotly.newPlot inline as the page is read; while plotly.js is linked from every page
# (html_js_files) it must be there first. Static charts drop it from the head altogether.
KEEP_BLOCKING = {"plotly.min.js"}
NOT_CONTENT = {"bootstrap.js", "plotly.min.js", "searchindex.js", "language_data.js", "clipboard.min.js"}
CLASS = re.compile(r'\bclass="([^"]*)"')
ARABIC_FONT = re.compile(r"@font-face\s*\{[^}]*Noto Naskh Arabic[^}]*\}\s*")
# The icons are CSS masks (sphinx_ext.icon_css): the theme's icon font is never needed.
ICON_FONT = re.compile(r"@font-face\s*\{[^}]*Font Awesome[^}]*\}\s*")


def slim(html_dir: Path, lang: str) -> dict[str, int]:
    """Slim every page of one rendered edition in place; return a few sizes for the log."""
    pages = [p for p in sorted(html_dir.rglob("*.html")) if "_static" not in p.relative_to(html_dir).parts]
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    styled = {p: t for p, t in texts.items() if STYLESHEET.search(head(t))}
    sheets: list[Path] = []
    for page, text in styled.items():
        for link in STYLESHEET.findall(head(text)):
            found = HREF.search(link)
            if found:
                sheet = local(page, found.group(1))
                if sheet and sheet not in sheets:
                    sheets.append(sheet)
    css = ICON_FONT.sub("", "\n".join(stylesheet(sheet, html_dir) for sheet in sheets))
    if lang != "ar":
        css = ARABIC_FONT.sub("", css)
    ids = {page: page.relative_to(html_dir).as_posix() for page in styled}
    scripted = {page: scripts(text, ids[page]) for page, text in styled.items()}
    jobs = [
        {"id": ids[page], "html": text, "scripts": [str(s) for s in content_scripts(page, text)]}
        for page, text in scripted.items()
    ]
    purged = purge(css, jobs)
    for page, text in scripted.items():
        folder = posixpath.dirname(ids[page])
        root = posixpath.relpath(".", folder) + "/" if folder else ""
        write_atomic(page, inline_styles(text, purged[ids[page]].replace("/__ROOT__/", root)))
    sizes = {"stylesheets": len(css), "inline_max": max((len(c) for c in purged.values()), default=0)}
    if lang == "ar":
        sizes["font_bytes"] = subset_fonts(html_dir, texts.values())
    return sizes


def content_scripts(page: Path, text: str) -> list[Path]:
    """The scripts a page loads whose source names the classes they set (not data, not libraries
    whose every component name would keep that component's styles: their states are safelisted)."""
    found = []
    for src in SRC.findall(text):
        script = local(page, src)
        if script and script.suffix == ".js" and script.name not in NOT_CONTENT and script not in found:
            found.append(script)
    return found


def head(text: str) -> str:
    return text.split("</head>", 1)[0]


def body_scripts(text: str) -> str:
    return "".join(m.group(0) for m in SCRIPT.finditer(text.split("</head>", 1)[-1]))


def local(page: Path, url: str) -> Path | None:
    """The file a relative address of a page points to, if it is one of the site's files."""
    if re.match(r"^([a-z]+:|//|#)", url):
        return None
    target = (page.parent / url.split("?", 1)[0].split("#", 1)[0]).resolve()
    return target if target.is_file() else None


def stylesheet(sheet: Path, html_dir: Path) -> str:
    """A stylesheet's text with its imports inlined and its addresses made root-relative
    (/__ROOT__/…), so that the text can be placed in a page at any depth."""
    text = sheet.read_text(encoding="utf-8")
    text = IMPORT.sub(lambda m: stylesheet((sheet.parent / m.group(1)).resolve(), html_dir), text)

    def rebase(match: re.Match) -> str:
        path, _, rest = match.group(2).partition("?")
        target = (sheet.parent / path).resolve()
        try:
            relative = target.relative_to(html_dir.resolve())
        except ValueError:
            return match.group(0)
        return f'url("/__ROOT__/{relative.as_posix()}{"?" + rest if rest else ""}")'

    return URL.sub(rebase, text)


def purge(css: str, pages: list[dict]) -> dict[str, str]:
    """purgecss (purge.mjs): the CSS the pages together need, then the CSS each page needs."""
    job = {
        "css": css,
        "pages": pages,
        "safelist": SAFELIST,
        "drop": DROP,
    }
    env = {**os.environ, "NODE_PATH": str(settings.ROOT / "node_modules")}
    done = subprocess.run(
        ["node", str(PURGE)], input=json.dumps(job), capture_output=True, text=True, env=env, cwd=settings.ROOT
    )
    if done.returncode != 0:
        raise BuildError(f"purgecss failed ({PURGE.name}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)["pages"]


def inline_styles(text: str, css: str) -> str:
    """The page's styles inline where its first stylesheet was linked; no stylesheet is linked."""
    top, sep, rest = text.partition("</head>")
    first = STYLESHEET.search(top)
    assert first is not None
    top = top[: first.start()] + "\x00" + STYLESHEET.sub("", top[first.start() :])
    return top.replace("\x00", f"<style>{css}</style>\n", 1) + sep + rest


def scripts(text: str, page_id: str) -> str:
    """Every script of the head deferred, no script preloads, and the scripts the page does not
    use left out."""
    top, sep, rest = text.partition("</head>")
    top = SCRIPT_PRELOAD.sub("", top)
    classes = [set(found.split()) for found in CLASS.findall(rest)]
    uses = {
        "search": page_id == "search.html",
        "copy": 'class="highlight' in rest,
        "toggle": any("toggle" in c or {"admonition", "dropdown"} <= c for c in classes),
        "tabs": "sd-tab-set" in rest,
    }

    def script(match: re.Match) -> str:
        indent, attrs, body = match.groups()
        src = SRC.search(attrs)
        if not src:  # inline: the toggle button's settings go with it
            if "toggleHint" in body or "toggleOpenOnPrint" in body or "togglebuttonSelector" in body:
                return match.group(0) if uses["toggle"] else ""
            return match.group(0)
        name = posixpath.basename(src.group(1).split("?", 1)[0])
        if (
            (name in SEARCH and not uses["search"])
            or (name in COPY and not uses["copy"])
            or (name == "togglebutton.js" and not uses["toggle"])
            or (name == "design-tabs.js" and not uses["tabs"])
        ):
            return ""
        if re.search(r"\b(defer|async)\b", attrs) or 'type="module"' in attrs or name in KEEP_BLOCKING:
            return match.group(0)
        return f"{indent}<script defer{attrs}>{body}</script>\n"

    return SCRIPT.sub(script, top) + sep + rest


def subset_fonts(html_dir: Path, texts) -> int:
    """Subset the Arabic web font (both weights) to the characters the edition uses; return the
    total size. Subsets are cached by the font and the text."""
    characters = set()
    for text in texts:
        characters |= set(text)
    for extra in [html_dir / "searchindex.js", *sorted((html_dir / "_static").glob("*.js"))]:
        if extra.is_file() and extra.stat().st_size < 1_000_000:
            characters |= set(extra.read_text(encoding="utf-8", errors="ignore"))
    # Digits, Arabic punctuation and the joiners, whatever the text holds today.
    characters |= set("0123456789٠١٢٣٤٥٦٧٨٩،؛؟٪٫٬\u200c\u200d\u200e\u200f")
    wanted = "".join(sorted(c for c in characters if ord(c) >= 0x20))
    total = 0
    fonts = html_dir / "_static" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for source in sorted(FONT_SOURCE.glob("*.woff2")):
        key = digest(source.read_bytes(), wanted.encode("utf-8"))
        cached = settings.BUILD / "cache" / "fonts" / key / source.name
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            text_file = cached.parent / "text.txt"
            text_file.write_text(wanted, encoding="utf-8")
            from fontTools import subset

            subset.main(
                [
                    str(source),
                    f"--text-file={text_file}",
                    "--layout-features=*",
                    "--flavor=woff2",
                    f"--output-file={cached}.tmp",
                ]
            )
            os.replace(f"{cached}.tmp", cached)
        (fonts / source.name).write_bytes(cached.read_bytes())
        total += cached.stat().st_size
    return total
