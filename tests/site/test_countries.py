"""The partner countries' pages (issue 14, section 3), as a reader gets them, in every edition.

A reader on a phone (360 px, touch) taps the country picker on the landing page and on chapter 5
and lands on each of the 14 country pages. Each page shows, before any script runs, the country's
name, its subregion and IOM regional office, the statement that its figures are regional, its
region's charts as static pictures, a link to its brief (an existing PDF) and the guidance for
the seven sectors, each point with a number. Pages of the same region say what differs."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from ctdc_story.meta import settings
from ctdc_story.publication import briefs
from ctdc_story.text import compass, edition, ministries
from support.browsing import SITE, watch
from support.orders import EXPECTED

pytestmark = pytest.mark.site

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
CHAPTER_5 = "notebooks/05_compass.html"
PICKER_PAGES = ["book/intro.html", CHAPTER_5]
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
    """The landing page's menu opens by a tap; chapter 5's list is shown at once: one tap to a page."""
    for partner in compass.PARTNERS:
        name = expected(lang, partner.name)["name"]
        phone.goto((SITE / lang / path).as_uri(), wait_until="load")
        summary = phone.locator(".ctdc-countries__summary")
        if path == CHAPTER_5:
            assert summary.count() == 0, "chapter 5 shows its countries without a menu to open"
            scope = phone.locator(".ctdc-countries--grid")
        else:
            summary.first.scroll_into_view_if_needed()
            summary.first.tap()
            scope = phone.locator(".ctdc-countries").first
        link = scope.locator(".ctdc-countries__list a", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).first
        link.scroll_into_view_if_needed()
        assert link.is_visible(), f"{lang} {path}: {name} is not shown"
        box = link.bounding_box()
        assert box and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 361, (name, box)
        link.tap()
        phone.wait_for_url(re.compile(re.escape(page_path(lang, partner.name).name) + "$"))
        assert name in phone.locator("main h1, article h1").first.inner_text(), (lang, path, name)
    assert not phone.errors, phone.errors


@pytest.mark.parametrize("path", PICKER_PAGES)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_picker_lists_the_countries_in_the_editions_order(no_script, lang, path):
    """French: accents with their base letter; Arabic: the UN's order, the article set aside."""
    no_script.goto((SITE / lang / path).as_uri(), wait_until="load")
    shown = [t.strip() for t in no_script.locator(".ctdc-countries").first.locator("li a").all_text_contents()]
    assert sorted(shown, key=EXPECTED[lang].index) == EXPECTED[lang] and len(shown) == 14, shown
    if path == CHAPTER_5:
        # The list is grouped by region: each region's countries in the edition's order, and so are the
        # regional sections' lists.
        for group in no_script.locator(".ctdc-countries--grid .ctdc-countries__group, .ctdc-countries--region").all():
            names = [t.strip() for t in group.locator("a:not(.ctdc-countries__brief)").all_text_contents()]
            assert names == [n for n in EXPECTED[lang] if n in names], names
    else:
        assert shown == EXPECTED[lang], shown


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_chapter_5_says_each_regions_figures_once(no_script, lang):
    """The region's figures are given once, in its section, which lists its countries' pages and briefs."""
    no_script.goto((SITE / lang / CHAPTER_5).as_uri(), wait_until="load")
    for region in compass.REGIONS:
        target = f"compass-{region.lower()}"  # the section's id, or a target at its top (ASCII headings)
        section = no_script.locator(f"section#{target}, section:has(> span#{target})")
        assert section.count() == 1, region
        entries = section.locator(".ctdc-countries__entry")
        assert entries.count() == len(compass.countries_in(region)), region
        assert len(re.findall(r"\d+\s?%|%\s?\d+|\d+[.,]?\d*\s?٪", section.inner_text())) >= 3, region
        for country in compass.countries_in(region):
            entry = section.locator(f"#{briefs.anchor(country)}")
            href = entry.locator("a.ctdc-countries__page").get_attribute("href")
            assert (SITE / lang / "notebooks" / href).resolve() == page_path(lang, country).resolve(), href
    assert no_script.locator("h3").count() == len(compass.REGIONS), "one section per region, not per country"


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_country_pages_embed_code_is_the_sites_own_hooked_for_ctdc_js(phone, lang):
    """No inline script on a country page: ctdc.js (localAddresses) shows the embed code's public address
    as this copy's own, and that address is the chart's embed page."""
    page = page_path(lang, "Niger")
    phone.goto(page.as_uri(), wait_until="load")
    inline = phone.evaluate(
        """() => [...document.querySelectorAll('article section script:not([src])')]
        .filter(s => !s.type || /javascript|module/.test(s.type)).map(s => s.textContent.slice(0, 80))"""
    )
    assert phone.locator("article section .ctdc-country__embed").count() >= 2
    assert inline == [], f"inline scripts in the country page: {inline}"
    codes = phone.locator(".ctdc-country__embed-code code")
    assert codes.count() >= 2
    for i in range(codes.count()):
        code = codes.nth(i)
        src = code.get_attribute("data-ctdc-src")
        here = Path(os.path.normpath(page.parent / src))  # as the browser resolves it (no symlinks followed)
        assert here.is_file(), f"the embed page {here} does not exist"
        text = code.inner_text()
        assert f'src="{here.as_uri()}"' in text, (lang, text[:200])
        assert code.get_attribute("data-ctdc-abs") not in text, "the public address is still shown"
        preview = phone.locator(".ctdc-country__embed-preview a").nth(i).get_attribute("href")
        assert Path(os.path.normpath(page.parent / preview)) == here
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
