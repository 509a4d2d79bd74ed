"""The partner countries' pages (issue 14, section 3), as a reader gets them, in every edition.

A reader on a phone (360 px, touch) taps the country picker on the landing page and on chapter 5
and lands on each of the 14 country pages. Each page shows, before any script runs, the country's
name, its subregion and IOM regional office, the statement that its figures are regional, its
region's charts as static pictures, a link to its brief (an existing PDF) and the guidance for
the seven sectors, each point with a number. Pages of the same region say what differs."""

from __future__ import annotations

import itertools
import re
from urllib.parse import unquote, urlparse

import pytest

from ctdc_story.meta import settings
from ctdc_story.publication import briefs
from ctdc_story.text import compass, edition, ministries
from support.browsing import SITE, watch

pytestmark = pytest.mark.site

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
PICKER_PAGES = ["book/intro.html", "notebooks/05_compass.html"]
SECTORS = {"justice", "interior", "labour", "social", "foreign", "health", "statistics"}


def page_path(lang: str, country: str):
    return SITE / lang / "countries" / f"{briefs.ISO3[country].lower()}.html"


def expected(lang: str, country: str) -> dict:
    partner = next(c for c in compass.PARTNERS if c.name == country)
    with edition.using(lang):
        return {
            "name": compass.country_name(country),
            "subregion": compass.subregion_name(partner.subregion),
            "office": ministries.office_name(partner.iom_office),
            "statement": compass.country_form(country, "for"),
            "region": partner.region,
        }


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = watch(context.new_page())
    yield page
    context.close()


@pytest.fixture(scope="module")
def no_script(browser):
    """A reader whose browser runs no script: what the page shows before ctdc.js draws anything."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_country_has_its_page(lang):
    for partner in compass.PARTNERS:
        assert page_path(lang, partner.name).is_file(), page_path(lang, partner.name)


@pytest.mark.parametrize("path", PICKER_PAGES)
@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_the_picker_leads_to_every_country_page_by_touch(phone, lang, path):
    for partner in compass.PARTNERS:
        name = expected(lang, partner.name)["name"]
        phone.goto((SITE / lang / path).as_uri(), wait_until="load")
        summary = phone.locator(".ctdc-countries__summary").first
        summary.scroll_into_view_if_needed()
        summary.tap()
        link = phone.locator(".ctdc-countries__list a", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).first
        assert link.is_visible(), f"{lang} {path}: tapping the picker does not show {name}"
        box = link.bounding_box()
        assert box and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 361, (name, box)
        link.tap()
        phone.wait_for_url(re.compile(re.escape(page_path(lang, partner.name).name) + "$"))
        assert name in phone.locator("main h1, article h1").first.inner_text(), (lang, path, name)
    assert not phone.errors, phone.errors


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_each_page_shows_what_a_ministry_needs_before_any_script(no_script, lang):
    for partner in compass.PARTNERS:
        want = expected(lang, partner.name)
        path = page_path(lang, partner.name)
        no_script.goto(path.as_uri(), wait_until="load")
        h1 = no_script.locator("main h1, article h1").first.inner_text()
        assert want["name"] in h1, (lang, partner.name, h1)
        facts = no_script.locator(".ctdc-country__facts").inner_text()
        assert want["subregion"] in facts and want["office"] in facts, (lang, partner.name, facts)
        statement = no_script.locator(".ctdc-country__statement")
        assert statement.is_visible() and want["statement"] in statement.inner_text(), (lang, partner.name)
        # The region's charts: each a static picture that has loaded, with no script.
        figures = no_script.locator(".ctdc-figure")
        assert 2 <= figures.count() <= 3, (lang, partner.name, figures.count())
        for i in range(figures.count()):
            img = figures.nth(i).locator(".ctdc-figure__static img")
            img.scroll_into_view_if_needed()
            img.evaluate("i => i.decode()")
            assert img.is_visible() and img.evaluate("i => i.naturalWidth") > 0, (lang, partner.name, i)
        # The brief: a link to a PDF that exists in the same edition.
        href = no_script.locator(".ctdc-country__brief a").get_attribute("href")
        pdf = (path.parent / unquote(urlparse(href).path)).resolve()
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", (lang, partner.name, pdf)
        # What this means for your ministry: the seven sectors, each tied to a number with its base.
        sectors = no_script.locator(".ctdc-sector")
        keys = {sectors.nth(i).get_attribute("data-sector") for i in range(sectors.count())}
        assert keys == SECTORS, (lang, partner.name, keys)
        for i in range(sectors.count()):
            finding = sectors.nth(i).locator(".ctdc-sector__finding")
            text, share, base = (
                finding.inner_text(),
                finding.get_attribute("data-share"),
                finding.get_attribute("data-base"),
            )
            assert re.search(r"\d", share) and share in text and base in text, (lang, partner.name, text)
            assert sectors.nth(i).locator("h3").inner_text().strip(), (lang, partner.name, i)
        # The embed code of each chart.
        codes = no_script.locator(".ctdc-country__embed-code").all_inner_texts()
        assert len(codes) == figures.count() and all("<iframe" in c for c in codes), (lang, partner.name)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_pages_of_one_region_differ_by_more_than_the_name(no_script, lang):
    texts, facts = {}, {}
    for partner in compass.PARTNERS:
        no_script.goto(page_path(lang, partner.name).as_uri(), wait_until="load")
        name = expected(lang, partner.name)["name"]
        body = no_script.locator(".ctdc-country").inner_text()
        with edition.using(lang):
            form = compass.country_form(partner.name, "for")
        texts[partner.name] = body.replace(form, "FOR").replace(name, "NAME")
        facts[partner.name] = no_script.locator(".ctdc-country__fact dd").all_inner_texts()
    for a, b in itertools.combinations(compass.PARTNERS, 2):
        if a.region != b.region:
            continue
        assert texts[a.name] != texts[b.name], f"{lang}: the pages of {a.name} and {b.name} differ only by the name"
        # facts: region, subregion, office
        assert (facts[a.name][1] != facts[b.name][1]) == (a.subregion != b.subregion), (lang, a.name, b.name)
        assert (facts[a.name][2] != facts[b.name][2]) == (a.iom_office != b.iom_office), (lang, a.name, b.name)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_origin_or_exploitation_is_said(no_script, lang):
    """The region's role comes from the data and is the same on every page of the region."""
    seen: dict[str, set[str]] = {}
    for partner in compass.PARTNERS:
        no_script.goto(page_path(lang, partner.name).as_uri(), wait_until="load")
        role = no_script.locator(".ctdc-country__role")
        assert role.count() == 1 and re.search(r"\d", role.inner_text()), (lang, partner.name)
        seen.setdefault(partner.region, set()).add(role.inner_text())
    assert all(len(v) == 1 for v in seen.values()), seen


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_brief_links_to_its_country_page(lang):
    import subprocess

    for partner in compass.PARTNERS:
        pdf = SITE / lang / "briefs" / briefs.pdf_name(partner.name)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        url = briefs.online_url(partner.name, lang)
        assert url.endswith(f"/{lang}/countries/{briefs.ISO3[partner.name].lower()}.html")
        assert "".join(url.split()) in "".join(text.split()), (lang, partner.name)
