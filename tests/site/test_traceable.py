"""Every glued share is traceable, in every edition (issue 14, §4): on a phone a tap on a share shows,
on the screen, the sentence with its count and base in the edition's language, whose numbers are those
of the figure's CSV row it links to; on a desktop a hover shows it, and so does a keyboard focus
(Tab); the share's accessible name is that sentence; its links lead to a figure that is on the page
named and to a CSV file whose line is that row. Without script the sentence is the link's title and
accessible name."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

from ctdc_story.meta import settings
from support.browsing import SITE, watch

pytestmark = pytest.mark.site

SHOTS = settings.BUILD / "screenshots" / "traceable"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
CHAPTER = "notebooks/04_relationships.html"
# A word that the sentence has in each edition between the count and the base.
OF = {"en": " of ", "fr": " sur ", "ar": "من أصل"}
ARABIC = re.compile(r"[\u0600-\u06FF]")
TIP = ".ctdc-num-tip"
SHOWN = """e => { const r = e.getBoundingClientRect();
  return {visible: e.checkVisibility(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          vw: document.documentElement.clientWidth, vh: window.innerHeight}; }"""


def digits(text: str) -> list[int]:
    """The whole numbers of a text, whatever the locale's grouping (4,090 · 4 090 · 4 090)."""
    cleaned = re.sub(r"(?<=\d)[\s\u00a0\u202f,.](?=\d{3}\b)", "", text.replace("\u2066", "").replace("\u2069", ""))
    return [int(n) for n in re.findall(r"\d+", cleaned)]


# How each edition groups thousands (locales/TERMS.md): "," in English; a narrow no-break space in
# French and in Arabic, where "4,090" would read as a decimal in the Maghreb and Lebanon.
GROUP = {"en": ",", "fr": "\u202f", "ar": "\u202f"}


def separators(text: str) -> list[str]:
    """The characters that group thousands in a text (4,090 · 4 090 · 4.090 · 4 090)."""
    plain = text.replace("\u2066", "").replace("\u2069", "")
    return re.findall(r"(?<=\d)[\s\u00a0\u202f,.](?=\d{3}(?!\d))", plain)


def csv_row(page_path: Path, data_csv: str) -> tuple[Path, int, dict]:
    """The CSV file a share points to, the line (RFC 7111 #row=) and that row, read with pandas."""
    address, fragment = data_csv.split("#", 1)
    assert fragment.startswith("row="), data_csv
    line = int(fragment.removeprefix("row="))
    path = (page_path.parent / unquote(address)).resolve()
    assert path.is_file(), f"{data_csv}: no CSV file at {path}"
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    assert not lines[line - 1].startswith("#"), f"line {line} of {path.name} is a comment, not a row"
    fields = next(csv.reader(io.StringIO(lines[line - 1])))
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    header = next(i for i, text in enumerate(lines) if not text.startswith("#"))
    row = frame.iloc[line - 1 - header - 1].to_dict()
    assert list(row.values()) == fields, f"line {line} is not row {line - header - 2} as pandas reads it"
    return path, line, row


def check_numbers(sentence: str, row: dict) -> None:
    """The count and base of the sentence are the CSV row's ("<10" reads "fewer than 10"), and so is the share."""
    found = digits(sentence)
    base = int(row["base"])
    assert base in found, f"base {base} not in {sentence!r}"
    if row["count"] != "<10":
        assert int(row["count"]) in found, f"count {row['count']} not in {sentence!r}"
    if row["share"]:
        assert any(abs(n - 100 * float(row["share"])) <= 0.5 for n in found), (
            f"share {row['share']} not in {sentence!r}"
        )


def norm(text: str) -> str:
    """Text as compared: every kind of space one space, without bidi isolates."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text.replace("\u2066", "").replace("\u2069", "")).strip()


def first_linked(page):
    number = page.locator("a.ctdc-num[data-csv]").first
    number.scroll_into_view_if_needed()
    return number


def tip_text(page) -> str:
    tip = page.locator(TIP)
    tip.wait_for(state="visible", timeout=5000)
    return tip.inner_text()


def assert_on_screen(page, width_too: bool = True) -> dict:
    box = page.locator(TIP).evaluate(SHOWN)
    assert box["visible"], box
    assert box["top"] >= 0 and box["bottom"] <= box["vh"] + 1, f"the tip leaves the screen: {box}"
    if width_too:
        assert box["left"] >= 0 and box["right"] <= box["vw"] + 1, f"the tip is wider than the screen: {box}"
    return box


@pytest.fixture
def context(browser, request):
    ctx = browser.new_context(**request.param)
    yield ctx
    ctx.close()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("context", [PHONE], indirect=True, ids=["phone"])
def test_a_tap_on_a_share_shows_its_count_and_base_from_the_csv_row(context, lang):
    page = watch(context.new_page())
    path = SITE / lang / CHAPTER
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    number = first_linked(page)
    sentence, data_csv, text = (
        number.get_attribute("data-ctdc-num"),
        number.get_attribute("data-csv"),
        number.inner_text(),
    )
    before = page.url
    number.tap()
    shown = tip_text(page)
    assert page.url == before, "the first tap opens the tip, it does not leave the page"
    assert norm(sentence) in norm(shown) and norm(text) in norm(sentence), (sentence, shown)
    assert OF[lang] in shown, f"the tip is not in the {lang} edition's language: {shown!r}"
    if lang == "ar":
        assert ARABIC.search(shown), shown
    else:
        assert not ARABIC.search(shown), shown
    _csv, _line, row = csv_row(path, data_csv)
    check_numbers(shown, row)
    assert set(separators(shown)) <= {GROUP[lang]}, f"thousands grouped otherwise than {GROUP[lang]!r}: {shown!r}"
    box = assert_on_screen(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{lang}-phone-tap.png"))
    # The figure the tip links to is on the page; the CSV link is the number's.
    figure = page.locator(f"{TIP} a").first.get_attribute("href")
    assert figure.startswith("#fig-") and page.locator(figure).count() == 1, figure
    assert page.locator(f"{TIP} a[href='{data_csv}']").count() == 1
    # A tap elsewhere (the page's margin, beside the tip) closes it: it covers nothing it cannot uncover.
    y = box["bottom"] + 20 if box["bottom"] + 20 < box["vh"] - 10 else box["top"] - 20
    page.touchscreen.tap(3, y)
    page.locator(TIP).wait_for(state="hidden", timeout=3000)
    assert box["right"] - box["left"] <= 360
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("context", [DESKTOP], indirect=True, ids=["desktop"])
def test_hover_and_keyboard_focus_show_the_tip_and_escape_closes_it(context, lang):
    page = watch(context.new_page())
    page.goto((SITE / lang / CHAPTER).as_uri(), wait_until="load")
    number = first_linked(page)
    sentence = number.get_attribute("data-ctdc-num")
    number.hover()
    assert norm(sentence) in norm(tip_text(page))
    assert_on_screen(page)
    page.mouse.move(2, 2)
    page.locator(TIP).wait_for(state="hidden", timeout=3000)
    # Tab from the top of the page until a share has the focus: its tip opens.
    page.locator("h1").first.evaluate("h => { h.tabIndex = -1; h.focus(); }")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ctdc-num')"):
            break
    else:
        pytest.fail("no glued share is reached by Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-ctdc-num')")
    assert norm(focused) in norm(tip_text(page))
    assert_on_screen(page)
    page.keyboard.press("Escape")
    page.locator(TIP).wait_for(state="hidden", timeout=3000)
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("context", [DESKTOP], indirect=True, ids=["desktop"])
def test_the_accessible_name_is_the_sentence_without_script(context, lang):
    context.route("**/ctdc.js*", lambda route: route.abort())
    page = context.new_page()
    page.goto((SITE / lang / CHAPTER).as_uri(), wait_until="load")
    number = first_linked(page)
    sentence = number.get_attribute("data-ctdc-num")
    assert number.get_attribute("title") == sentence, "without script the title gives the sentence on hover"
    # The name a screen reader announces, as the browser computes it.
    assert page.get_by_role("link", name=sentence, exact=True).count() >= 1
    assert OF[lang] in sentence


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("page_path", [CHAPTER, "book/key_findings.html", "notebooks/02_victims.html"])
def test_every_share_links_to_a_figure_and_a_csv_row_that_exist(lang, page_path):
    """Every glued share of the page: its sentence starts with the share as shown; a share with a link
    points to a figure id on the page it names, and to a CSV line that holds the same numbers."""
    from html.parser import HTMLParser

    path = SITE / lang / page_path

    class Numbers(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.current = [], None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "ctdc-num" in (a.get("class") or "").split():
                self.current = {**a, "text": ""}

        def handle_data(self, data):
            if self.current is not None:
                self.current["text"] += data

        def handle_endtag(self, tag):
            if self.current is not None and tag in ("a", "span"):
                self.found.append(self.current)
                self.current = None

    parser = Numbers()
    parser.feed(path.read_text())
    assert parser.found, f"{page_path}: no traced share"
    linked = [n for n in parser.found if n.get("href")]
    assert linked, f"{page_path}: no share links to its figure"
    for n in parser.found:
        assert norm(n["data-ctdc-num"]).startswith(norm(n["text"]) + " ") or n["text"] == "–", n
    for n in linked:
        target = urlparse(n["href"])
        html_path = (path.parent / unquote(target.path)).resolve() if target.path else path
        assert html_path.is_file(), n["href"]
        assert f'id="{target.fragment}"' in html_path.read_text(), f"{n['href']}: no figure with that id"
        _csv, _line, row = csv_row(path, n["data-csv"])
        check_numbers(n["data-ctdc-num"], row)
    # Every sentence groups its thousands as the edition does, and some base of the page has thousands.
    grouped = [sep for n in parser.found for sep in separators(n["data-ctdc-num"])]
    assert grouped and set(grouped) == {GROUP[lang]}, f"{page_path}: thousands grouped with {set(grouped)}"


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("context", [PHONE], indirect=True, ids=["phone"])
def test_a_country_page_s_shares_are_traced_too(context, lang):
    """On a country page, a tap on the share of a ministry's finding shows its count and base, the
    same base as the sentence states; every share of the page's headline cards and sectors is marked."""
    page = watch(context.new_page())
    page.goto((SITE / lang / "countries" / "ner.html").as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    marked = page.locator(".ctdc-sector__finding .ctdc-num")
    assert marked.count() >= 6, "the sectors' shares are marked"
    finding = page.locator(".ctdc-sector__finding").filter(has=page.locator(".ctdc-num")).first
    base, share = finding.get_attribute("data-base"), finding.get_attribute("data-share")
    number = finding.locator(".ctdc-num").first
    number.scroll_into_view_if_needed()
    number.tap()
    shown = tip_text(page)
    assert OF[lang] in shown, f"the tip is not in the {lang} edition's language: {shown!r}"
    assert digits(base)[0] in digits(shown) and digits(share)[0] in digits(shown), (base, share, shown)
    assert_on_screen(page)
    assert not page.errors, page.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("context", [PHONE], indirect=True, ids=["phone"])
def test_a_landing_card_s_share_opens_its_tip_not_the_chapter(context, lang):
    """A headline card is one link to its chapter, but a tap on its share shows the share's count and
    base first: the share lies above the card's link."""
    page = watch(context.new_page())
    page.goto((SITE / lang / "book" / "intro.html").as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    number = page.locator(".ctdc-landing__actions + ul .ctdc-num").first
    before = page.url
    number.tap()
    shown = tip_text(page)
    assert page.url == before, "the tap on the share followed the card's link"
    assert OF[lang] in shown, shown
    assert_on_screen(page)
