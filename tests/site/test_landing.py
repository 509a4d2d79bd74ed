"""The campaign's landing page (issue 14, section 1) as a reader gets it, and every page's share card.

In each edition, on a 360×740 phone (touch) and a 1366×768 desktop, with and without JavaScript, the
first screen holds the message, at least three headline cards (each a share with its base, as the
records give them), the static chart and both calls to action. "Find your country" opens the list of
country pages on screen; "Download your country brief" leads to the briefs; each card leads to an
existing chapter page. Every page's head says what a site shows of a shared link: an existing PNG
of its headline chart, its title and description in the edition's language, and the edition's locale.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from ctdc_story.build import landing, sharing
from ctdc_story.data import loader, stats
from ctdc_story.meta import project, settings
from ctdc_story.text import edition, i18n
from support.browsing import SITE, pages, watch

pytestmark = pytest.mark.site

PAGE = f"{landing.PAGE}.html"
SIZES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
CARDS = ".ctdc-landing__actions + ul > li"
# The landing page's cards, in order: the table, category and group of each share (book/intro.md).
SHARES = [("gender", "Female", "all"), ("exploitation", "isForcedLabour", "all"), ("IP_PayMoney", "Yes", "all")]
SHARES += [("UN_COE_Region", "Africa", "Africa")]
WITHIN = {"UN_COE_Region": "UN_COO_Region"}
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def expected_cards(dataset_path):
    """Each card's share and base as the edition must print them, computed here from the records."""
    records = loader.load(dataset_path).frame
    out = {}
    for lang in settings.LANGUAGES:
        with edition.using(lang):
            rows = []
            for table, category, group in SHARES:
                within = WITHIN.get(table)
                shares = stats.shares(records, table, within=within) if within else stats.shares(records, table)
                row = stats.pick(shares, category, group)
                rows.append((i18n.fmt_pct(float(row["share"])), i18n.fmt_int(int(row["base"]))))
            out[lang] = rows
    return out


@pytest.fixture(params=[(size, js) for size in SIZES for js in (True, False)], ids=lambda p: f"{p[0]}-js-{p[1]}")
def reader(browser, request):
    size, js = request.param
    context = browser.new_context(**SIZES[size], java_script_enabled=js)
    page = watch(context.new_page())
    page.size = size
    yield page
    context.close()


def open_landing(page, lang: str):
    page.goto((SITE / lang / PAGE).as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    return page


def in_first_screen(page, locator) -> dict:
    """The element's box, which must lie whole within the first screen (no scrolling)."""
    assert page.evaluate("window.scrollY") == 0
    box = locator.bounding_box()
    view = page.viewport_size
    assert box is not None, locator
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= view["width"] + 0.5 and box["y"] + box["height"] <= view["height"] + 0.5, (
        f"{locator} ends outside the first screen: {box}"
    )
    return box


def tap(page, locator):
    if page.size == "phone":
        locator.tap()
    else:
        locator.click()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_the_first_screen_holds_the_message_the_cards_the_chart_and_both_calls(reader, lang, expected_cards):
    page = open_landing(reader, lang)
    with edition.using(lang):
        find, brief = i18n.translate("Find your country", lang), i18n.translate("Download your country brief", lang)
    title = page.locator("article h1").first
    assert title.inner_text().strip() and in_first_screen(page, title)
    message = page.locator(":is(section:has(> #ctdc-landing), section#ctdc-landing) > p").first
    assert len(message.inner_text()) > 40
    in_first_screen(page, message)
    # at least three cards, whole on the first screen, each with its share and its base
    cards = page.locator(CARDS)
    assert cards.count() == len(SHARES)
    shown = 0
    for i, (share, base) in enumerate(expected_cards[lang]):
        text = cards.nth(i).inner_text()
        assert share in text and base in text, (lang, i, share, base, text)
        assert re.search(r"\d\s?%|%\s?\d", share), share
        box = cards.nth(i).bounding_box()
        shown += box["y"] + box["height"] <= page.viewport_size["height"]
    assert shown >= 3, f"{lang}: only {shown} cards are whole on the first screen"
    for i in range(min(shown, 3)):
        in_first_screen(page, cards.nth(i))
    # the static chart: the figure's SVG, drawn, whole on the first screen
    img = page.locator(".ctdc-landing__chart img")
    assert img.get_attribute("src").endswith(f"/figures/{landing.CHART}-narrow.svg")
    img.evaluate("i => i.decode()")
    assert img.evaluate("i => i.naturalWidth") > 0
    in_first_screen(page, img)
    in_first_screen(page, page.locator(".ctdc-landing__chart-title"))
    # the two calls to action, in the edition's language
    summary = page.locator(".ctdc-landing__actions .ctdc-countries__summary")
    cta = page.locator(".ctdc-landing__actions .ctdc-landing__cta")
    assert summary.inner_text().strip() == find and cta.inner_text().strip() == brief
    for button in (summary, cta):
        box = in_first_screen(page, button)
        assert box["height"] >= 44 and box["width"] >= 44, box
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert not reader.errors and not reader.outside, (reader.errors, reader.outside)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_find_your_country_opens_the_list_of_countries_on_screen(reader, lang):
    page = open_landing(reader, lang)
    links = page.locator(".ctdc-landing__actions .ctdc-countries__list a")
    assert not links.first.is_visible()
    tap(page, page.locator(".ctdc-landing__actions .ctdc-countries__summary"))
    assert page.locator(".ctdc-landing__actions details").evaluate("d => d.open")
    assert links.count() == 14
    first = links.first
    assert first.is_visible()
    in_first_screen(page, first)
    href = first.get_attribute("href")
    assert (SITE / lang / landing.PAGE).parent.joinpath(href).resolve().is_file(), href
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_download_your_country_brief_leads_to_the_briefs(reader, lang):
    page = open_landing(reader, lang)
    tap(page, page.locator(".ctdc-landing__actions .ctdc-landing__cta"))
    page.wait_for_url(re.compile(re.escape(f"/{lang}/{landing.BRIEFS_PAGE}.html") + "$"))
    hrefs = page.locator('a[href$=".pdf"]').evaluate_all("as => as.map(a => a.href)")
    assert len(hrefs) >= 14, hrefs
    for href in hrefs:
        pdf = Path(unquote(urlparse(href).path))
        assert pdf.resolve().is_relative_to((SITE / lang).resolve()), pdf
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_cards_and_chart_lead_to_their_chapters(lang):
    text = (SITE / lang / PAGE).read_text(encoding="utf-8")
    section = text[text.index('id="ctdc-landing"') : text.index('id="ctdc-landing-data"')]
    cards = re.findall(r"<li><p><strong>.*?</p>\s*</li>", section, re.S)
    assert len(cards) == len(SHARES)
    here = (SITE / lang / PAGE).parent
    for card in cards:
        hrefs = re.findall(r'<a class="reference internal" href="([^"]+)"', card)
        assert len(hrefs) == 1, card
        target = (here / hrefs[0].split("#")[0]).resolve()
        assert target.is_file() and target.parent.name in ("notebooks", "book"), target
        assert re.search(r"<article[^>]*>.*<h1>", target.read_text(encoding="utf-8"), re.S), target
    chart = re.search(r'<p class="ctdc-landing__chart-title"[^>]*><a href="([^"]+)"', section).group(1)
    page, anchor = chart.split("#")
    assert f'id="{anchor}"' in (here / page).resolve().read_text(encoding="utf-8")


class Head(HTMLParser):
    """The <meta> tags of a page's head, by property or name."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content") or "")


def head(path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def shared_pages(lang: str):
    """The edition's pages that a reader can share: every page but the embeddable figures, which are
    documents for an iframe on another site (embed/<key>/index.html), not pages of the book."""
    return [p for p in pages(lang) if "embed" not in p.relative_to(SITE / lang).parts]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_page_has_a_share_card_in_its_edition(lang):
    base = project.config()["html"]["baseurl"].rstrip("/") + f"/{lang}/"
    english = {p.relative_to(SITE / "en"): head(p).meta for p in shared_pages("en")}
    found = shared_pages(lang)
    assert len(found) > 20
    for path in found:
        rel = path.relative_to(SITE / lang)
        page = head(path)
        meta = {k: v[0] for k, v in page.meta.items()}
        assert page.lang == lang, rel
        for key in ("og:title", "og:description", "og:image", "og:url", "og:locale", "twitter:card"):
            assert len(page.meta.get(key, [])) == 1 and meta[key].strip(), (lang, rel, key)
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:locale"] == sharing.LOCALES[lang], (rel, meta["og:locale"])
        assert meta["og:url"] == base + rel.as_posix(), (rel, meta["og:url"])
        # the preview: a PNG of the site, the page's first chart when it has one
        image = meta["og:image"]
        assert image.startswith(base + "figures/") and image.endswith("-wide.png"), (rel, image)
        png = SITE / lang / image.removeprefix(base)
        assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", (rel, png)
        figures = re.findall(r'<figure class="ctdc-figure" id="fig-([\w-]+)"', path.read_text(encoding="utf-8"))
        expected = figures[0] if figures else landing.CHART
        assert image == base + f"figures/{expected}-wide.png", (rel, image, figures[:1])
        # in the edition's language
        if lang == "ar":
            assert ARABIC.search(meta["og:title"]) and ARABIC.search(meta["og:description"]), (rel, meta["og:title"])
        elif lang != "en" and rel in english:
            assert meta["og:description"] != english[rel]["og:description"][0], (lang, rel, meta["og:description"])
