"""Slimming a rendered edition (ctdc_story.build.slim) on a small made-up one: styles purged and
inline with their addresses rebased, scripts deferred or left out where unused, the Arabic font
subset to the edition's characters."""

from __future__ import annotations

import re
import shutil

import pytest

from ctdc_story.build import slim
from ctdc_story.meta import settings

needs_node = pytest.mark.skipif(
    not (settings.ROOT / "node_modules" / "purgecss").is_dir() or not shutil.which("node"),
    reason="purgecss is installed by npm ci (make node_modules/.installed)",
)

CSS = """
@import "../basic.css";
.used { color: red; background: url("../images/dot.png"); }
.never-in-any-page { color: blue; }
.is-open { display: block; }
html[data-theme="dark"] .used { color: white; }
@font-face { font-family: "Noto Naskh Arabic"; font-display: swap; src: url("../fonts/x.woff2"); }
@font-face { font-family: "Font Awesome 6 Free"; font-display: block; src: url("../fonts/fa.woff2"); }
html[lang="ar"] { --pst-font-family-base: "Noto Naskh Arabic", Tahoma, sans-serif; }
body { font-family: var(--pst-font-family-base); }
"""
HEAD = """<!DOCTYPE html><html lang="{lang}"><head>
<link href="{root}_static/styles/theme.css?digest=1" rel="stylesheet" />
<link rel="stylesheet" type="text/css" href="{root}_static/styles/extra.css?v=2" />
<link rel="preload" as="script" href="{root}_static/scripts/bootstrap.js" />
<script src="{root}_static/documentation_options.js?v=1"></script>
<script src="{root}_static/copybutton.js"></script>
<script>let toggleHintShow = 'Click to show';</script>
<script src="{root}_static/togglebutton.js"></script>
<script src="{root}_static/plotly.min.js"></script>
<script src="{root}_static/ctdc.js"></script>
<script src="{root}_static/searchtools.js"></script>
<script src="{root}searchindex.js"></script>
</head><body><div class="used">{body}</div></body></html>"""


def edition(tmp_path, lang="en"):
    html = tmp_path / lang
    for name, text in {
        "_static/styles/theme.css": CSS,
        "_static/basic.css": ".basic-rule { margin: 0; } .unused-basic { margin: 1px; }\n",
        "_static/styles/extra.css": ".highlight pre { color: green; }\n",
        "_static/images/dot.png": "png",
        "_static/documentation_options.js": "",
        "_static/copybutton.js": "",
        "_static/togglebutton.js": "",
        "_static/plotly.min.js": "",
        "_static/ctdc.js": "el.classList.toggle('is-open');",
        "_static/searchtools.js": "",
        "searchindex.js": "Search.setIndex({})",
    }.items():
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(text)
    pages = {
        "search.html": ("", '<p class="basic-rule">مرحبا بالعالم</p>'),
        "notebooks/one.html": ("../", '<div class="highlight"><pre>x</pre></div><p>عدد السجلات</p>'),
    }
    for name, (root, body) in pages.items():
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(HEAD.format(lang=lang, root=root, body=body))
    return html


def styles(page):
    return "".join(re.findall(r"<style>(.*?)</style>", page.read_text(), re.S))


def scripts(page):
    return re.findall(r"<script([^>]*)>", page.read_text())


@needs_node
def test_styles_are_purged_and_inline_with_their_addresses_rebased(tmp_path):
    html = edition(tmp_path)
    slim.slim(html, "en")
    chapter, search = html / "notebooks" / "one.html", html / "search.html"
    for page in (chapter, search):
        assert 'rel="stylesheet"' not in page.read_text()
        assert 'rel="preload"' not in page.read_text()
    css = styles(chapter)
    assert ".used{" in css.replace(" ", "")
    assert 'url("../_static/images/dot.png")' in css  # from the page in notebooks/
    assert 'url("_static/images/dot.png")' in styles(search)  # from the page at the root
    assert ".is-open" in css, "a class a script sets is kept"
    assert ".highlight pre" in css
    assert ".highlight pre" not in styles(search), "each page carries only what it uses"
    assert ".basic-rule" in styles(search), "imports are followed"
    for gone in ("never-in-any-page", "unused-basic", "dark", "Font Awesome", "Noto Naskh"):
        assert gone not in css, gone


@needs_node
def test_scripts_are_deferred_and_unused_ones_left_out(tmp_path):
    html = edition(tmp_path)
    slim.slim(html, "en")
    chapter = " ".join(scripts(html / "notebooks" / "one.html"))
    search = " ".join(scripts(html / "search.html"))
    assert "searchtools.js" in search and "searchindex.js" in search
    assert "searchtools.js" not in chapter and "searchindex.js" not in chapter
    assert "copybutton.js" in chapter and "copybutton.js" not in search  # only where code is shown
    assert "togglebutton.js" not in chapter + search and "toggleHintShow" not in (html / "search.html").read_text()
    for attrs in scripts(html / "notebooks" / "one.html"):
        if "src=" in attrs and "plotly.min.js" not in attrs:
            assert "defer" in attrs, attrs


@needs_node
def test_arabic_edition_keeps_its_font_face_and_gets_a_subset_font(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont

    monkeypatch.setattr(settings, "BUILD", tmp_path / "build")
    html = edition(tmp_path, "ar")
    (html / "_static" / "fonts").mkdir()
    sizes = slim.slim(html, "ar")
    assert re.search(r"@font-face\s*\{[^}]*Noto Naskh Arabic", styles(html / "search.html")), "the face is kept"
    fonts = sorted((html / "_static" / "fonts").glob("*.woff2"))
    assert [f.name for f in fonts] == sorted(f.name for f in slim.FONT_SOURCE.glob("*.woff2"))
    assert sizes["font_bytes"] == sum(f.stat().st_size for f in fonts) < 40_000
    naskh = [f for f in fonts if f.name.startswith("noto-naskh-arabic")]  # the others: Cabin, for Latin runs
    assert len(naskh) == 2
    for font_file in naskh:
        font = TTFont(font_file)
        cmap = font.getBestCmap()
        assert all(ord(c) in cmap for c in "مرحبا بالعالم عدد السجلات".replace(" ", ""))
        assert ord("ڤ") not in cmap, "a letter no page uses is left out"
        assert "GSUB" in font and "GPOS" in font
    cached = sorted((tmp_path / "build" / "cache" / "fonts").rglob("*.woff2"))
    assert len(cached) == len(fonts)
    before = [c.stat().st_mtime_ns for c in cached]
    slim.slim(edition(tmp_path / "again", "ar"), "ar")
    assert [c.stat().st_mtime_ns for c in cached] == before, "the subsets come from the cache"
