"""The sidebar's mark (book/_templates/navbar-logo.html) as each edition renders it: IOM's logo once
_config.yml names one for the edition, with its alternative text translated; a text mark until then.
And the site's icon: the committed files are what tools/favicon.py draws."""

from __future__ import annotations

import html.parser
import struct

import jinja2
import pytest

from ctdc_story.meta import project, settings
from ctdc_story.presentation import charts
from ctdc_story.text import i18n
from ctdc_story.tools import favicon

TEMPLATE = settings.ROOT / "book" / "_templates" / "navbar-logo.html"
ALT = {
    "en": "International Organization for Migration (IOM)",
    "fr": "Organisation internationale pour les migrations (OIM)",
    "ar": "المنظمة الدولية للهجرة",
}
MARK = {"en": "IOM", "fr": "OIM", "ar": "المنظمة الدولية للهجرة"}


class Parsed(html.parser.HTMLParser):
    """The elements of a fragment (tag, attributes) and its text."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


def render_mark(lang: str, logo: dict[str, str] | None) -> Parsed:
    """The template rendered as Sphinx renders it for a page of chapter 2 (its own gettext: the theme catalog)."""
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    theme = i18n.catalog(lang, "theme")
    depth = "../"
    out = template.render(
        _=lambda message: theme.get(message, message),
        language=lang,
        ctdc_logo=logo,
        root_doc="book/intro",
        docstitle="Title",
        pathto=lambda name, resource=0: depth + (name if resource else f"{name}.html"),
    )
    parsed = Parsed()
    parsed.feed(out)
    return parsed


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_logo_set_for_the_edition_is_an_image_with_translated_alt_text(lang):
    parsed = render_mark(lang, {"en": "iom-en.svg", "fr": "iom-fr.svg", "ar": "iom-ar.svg"})
    images = [attrs for tag, attrs in parsed.elements if tag == "img"]
    assert len(images) == 1
    assert images[0]["src"] == f"../_static/iom-{lang}.svg"
    assert images[0]["alt"] == ALT[lang]
    assert parsed.text == ["Title"]  # the text mark gives way to the logo; the title stays


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("logo", [None, {"en": "", "fr": "", "ar": ""}, {"en": "iom-en.svg"}])
def test_without_a_logo_for_the_edition_the_mark_is_text(lang, logo):
    if logo and logo.get(lang):
        pytest.skip("this edition has a logo")
    parsed = render_mark(lang, logo)
    assert not [tag for tag, _attrs in parsed.elements if tag == "img"]
    assert parsed.text == [MARK[lang], "Title"]
    link = parsed.elements[0]
    assert link[0] == "a" and link[1]["href"] == "../book/intro.html"


def test_the_shipped_config_names_no_logo_and_no_logo_file_is_shipped():
    """IOM's web team fills the setting; until then the book carries no IOM logo."""
    assert all(project.logo(lang) == "" for lang in ("en", "fr", "ar"))
    static = settings.ROOT / "book" / "_static"
    assert not [p for p in static.rglob("*") if "logo" in p.name.lower()]


def test_the_committed_icons_are_the_drawn_ones():
    assert favicon.SVG.read_text() == favicon.svg()
    assert favicon.ICO.read_bytes() == favicon.ico()
    assert charts.IOM_BLUE in favicon.svg()


def test_the_icon_file_holds_its_sizes_as_png():
    data = favicon.ico()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(favicon.SIZES))
    for n, size in enumerate(favicon.SIZES):
        width, height, _c, _r, _p, _b, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * n)
        assert width == height == size
        image = data[offset : offset + length]
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
        assert struct.unpack(">II", image[16:24]) == (size, size)


def test_the_icon_draws_white_bars_on_iom_blue():
    rows = favicon.pixels(32)
    blue = tuple(int(charts.IOM_BLUE[i : i + 2], 16) for i in (1, 3, 5))
    assert rows[0][0][3] == 0  # the rounded corner is transparent
    assert rows[16][28][:3] == blue and rows[16][28][3] == 255  # beside the middle bar's end
    assert rows[9][10] == (255, 255, 255, 255)  # on the first bar
