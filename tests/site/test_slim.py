"""A first visit on a slow phone connection (issue 13, section 1), checked on the built site:
nothing the browser fetches holds back the first paint, the styles each page needs travel in
the page, and the Arabic web font is a small subset that still draws, and joins, every
character the edition shows, with text shown before it arrives."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ctdc_story.meta import settings
from ctdc_story.tools.bench import Served
from support.browsing import SITE, name, pages

pytestmark = pytest.mark.site

# Figures call Plotly.newPlot inline while plotly.js is linked from every page (_config.yml
# html_js_files); static charts (issue 13) take it out of the head, and this set becomes empty.
BLOCKING_UNTIL_STATIC_CHARTS = {"plotly.min.js"}
PAGE_TYPES = ["book/intro.html", "notebooks/02_victims.html", "book/key_findings.html", "notebooks/05_compass.html"]
FONTS = SITE / "ar" / "_static" / "fonts"
FONT_BUDGET = 60_000
LATIN_BUDGET = 30_000  # the Latin editions' Cabin, regular and bold (woff2 does not gzip further)


@pytest.fixture(scope="module")
def site_url():
    """The site over HTTP (Resource Timing has no entries for file: pages)."""
    with Served(SITE) as served:
        yield served.url


class Head(HTMLParser):
    """The stylesheets and scripts of a page's <head>, with their attributes."""

    def __init__(self):
        super().__init__()
        self.in_head, self.sheets, self.scripts, self.styles = False, [], [], 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        if not self.in_head:
            return
        if tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.sheets.append(a)
        if tag == "script" and "src" in a:
            self.scripts.append(a)
        if tag == "style":
            self.styles += 1

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_of(path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def basename(url: str) -> str:
    return url.split("?", 1)[0].rsplit("/", 1)[-1]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_no_stylesheet_or_script_in_the_head_blocks_rendering(lang):
    problems = []
    for path in pages(lang):
        if path.parent.parent.name == "embed":  # a figure alone, for an iframe (publication.downloads)
            continue
        head = head_of(path)
        problems += [(name(path), "stylesheet", s["href"]) for s in head.sheets if s.get("media", "all") != "print"]
        problems += [
            (name(path), "script", s["src"])
            for s in head.scripts
            if not ({"defer", "async"} & s.keys() or s.get("type") == "module")
            and basename(s["src"]) not in BLOCKING_UNTIL_STATIC_CHARTS
        ]
        if not head.styles:
            problems.append((name(path), "no inline styles", ""))
    assert not problems, problems


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_search_scripts_only_on_the_search_page(lang):
    for path in pages(lang):
        loaded = {basename(s["src"]) for s in head_of(path).scripts}
        if path.name == "search.html" and path.parent == SITE / lang:
            assert {"searchtools.js", "searchindex.js"} <= loaded, name(path)
        else:
            assert not loaded & {"searchtools.js", "language_data.js", "searchindex.js"}, name(path)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_the_browser_meets_no_render_blocking_request(phone, site_url, lang, path):
    """Chromium's own judgement (Resource Timing's renderBlockingStatus) of every request."""
    missing = []
    phone.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    phone.goto(f"{site_url}{lang}/{path}", wait_until="load")
    phone.evaluate("document.fonts.ready.then(() => true)")
    entries = phone.evaluate("""() => performance.getEntriesByType('resource')
        .map(e => [e.name.split('/').pop().split('?')[0], e.renderBlockingStatus])""")
    assert entries, "the page loads no resource at all?"
    blocking = [n for n, status in entries if status == "blocking" and n not in BLOCKING_UNTIL_STATIC_CHARTS]
    assert not blocking, blocking
    # The page is styled all the same: the theme's layout is there (the header bar is a flex row).
    assert phone.evaluate("getComputedStyle(document.querySelector('.bd-header-article')).display") != "block"
    assert not missing and not phone.errors, (missing, phone.errors)


def test_arabic_font_is_subset_within_budget_and_keeps_its_licence():
    fonts = sorted(FONTS.glob("noto-naskh-arabic-*.woff2"))
    assert len(fonts) == 2, fonts  # regular and bold
    total = sum(f.stat().st_size for f in fonts)
    assert total <= FONT_BUDGET, f"{total:,} bytes of web fonts"
    assert (FONTS / "OFL-NotoNaskhArabic.txt").is_file()


def test_arabic_subset_covers_every_character_the_edition_shows_and_keeps_its_joining_forms():
    from fontTools.ttLib import TTFont

    shown = set()
    for path in pages("ar"):
        shown |= set(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    arabic = {c for c in shown if "\u0600" <= c <= "\u06ff"}
    assert len(arabic) > 30, "the Arabic edition shows Arabic letters"
    for font_file in sorted(FONTS.glob("noto-naskh-arabic-*.woff2")):
        font = TTFont(font_file)
        cmap = font.getBestCmap()
        missing = sorted(c for c in arabic if ord(c) not in cmap)
        assert not missing, (font_file.name, missing)
        features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"init", "medi", "fina", "rlig"} <= features, (font_file.name, features)


def test_each_edition_loads_only_its_own_web_fonts(phone, site_url):
    """English and French: the Latin Cabin (issue 14, IOM's identity), two weights at most, within
    LATIN_BUDGET; Arabic: Noto Naskh Arabic, and Cabin only for Latin runs. Never the Arabic font
    outside the Arabic edition."""
    for lang in settings.LANGUAGES:
        if not (SITE / lang / "notebooks/02_victims.html").exists():
            continue
        phone.goto(f"{site_url}{lang}/notebooks/02_victims.html", wait_until="load")
        phone.evaluate("document.fonts.ready.then(() => true)")
        fetched = phone.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => /\\.(woff2?|ttf|otf)(\\?|$)/.test(e.name)).map(e => [e.name, e.encodedBodySize])""")
        names = [name.rsplit("/", 1)[-1].split("?")[0] for name, _size in fetched]
        if lang == "ar":
            assert any(n.startswith("noto-naskh-arabic") for n in names), names
            assert all(n.startswith(("noto-naskh-arabic", "cabin-")) for n in names), names
        else:
            assert names and all(n.startswith("cabin-latin-") for n in names), (lang, names)
            assert len(names) <= 2, names  # regular and bold
            assert sum(size for _name, size in fetched) <= LATIN_BUDGET, fetched


def test_arabic_text_is_drawn_with_the_web_font_and_shaped_as_with_the_full_font(phone):
    """The platform font Chromium used for a paragraph is the web font, and a sentence of the
    edition is as wide in the subset as in the full font (lost joining forms change the width)."""
    phone.goto((SITE / "ar" / "notebooks/02_victims.html").as_uri(), wait_until="load")
    phone.evaluate("document.fonts.ready.then(() => true)")
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article.bd-article p"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    web = [f for f in used if f.get("isCustomFont")]
    # Most of it in the Arabic web font; Cabin may draw a Latin character or a punctuation mark.
    assert web and max(web, key=lambda f: f["glyphCount"])["familyName"] == "Noto Naskh Arabic", used
    # Fonts are swapped in, never waited for.
    assert phone.evaluate("""() => [...document.styleSheets].flatMap(s => [...s.cssRules])
        .filter(r => r instanceof CSSFontFaceRule).every(r => r.style.getPropertyValue('font-display') === 'swap')""")
    sentence = phone.evaluate("document.querySelector('article.bd-article p').textContent.trim().slice(0, 120)")
    full = settings.ROOT / "book" / "_static" / "fonts" / "noto-naskh-arabic-arabic-400-normal.woff2"
    subset = FONTS / full.name
    widths = phone.evaluate(
        """async ([text, full, subset]) => {
            const width = async (url, family) => {
                const face = new FontFace(family, `url(${url})`);
                await face.load(); document.fonts.add(face);
                const c = document.createElement('canvas').getContext('2d');
                c.font = `32px "${family}"`; c.direction = 'rtl';
                return c.measureText(text).width;
            };
            return [await width(full, 'bench-full'), await width(subset, 'bench-subset')];
        }""",
        [sentence, full.as_uri(), subset.as_uri()],
    )
    assert abs(widths[0] - widths[1]) < 0.5, (sentence, widths)
