"""The partner countries' pages, generated at staging from the registry and one template.

Each edition gets ``countries/<iso3>.md`` for every partner country (registry.yaml): a MyST page
rendered from presentation/templates/country_page.md, in the edition's language. Nothing on it is
typed for one country: the name, UN region, subregion, IOM regional office and the other partner
countries of the subregion come from the registry; the figures are those of the region, computed
from the records (text.ministries, through the privacy rule) and drawn by the site's chart code
(the same charts as the country's brief, publication.briefs.figures). The region's charts are
published once per edition, under keys of their own (``region-<region>-…``), through the same
pipeline as the chapters' figures (CSV, static SVGs, embeddable page, audit).

No notebook runs for these pages: they are rendered in the build's own process, in seconds.
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from ctdc_story.presentation import charts
from ctdc_story.presentation.templating import render
from ctdc_story.publication import briefs, downloads
from ctdc_story.text import compass, edition, i18n, labels, ministries
from ctdc_story.text.i18n import N_, _

FOLDER = "countries"  # the pages' folder in each edition: one folder deep, like book/ and notebooks/
# Where a page (book/intro.md, chapter 5) shows the picker: a block that staging replaces (an unknown
# directive, so that Sphinx stops the build if it were ever left in place).
PICKER_MARK = "```{ctdc-country-picker}\n```"


def page_name(country: str) -> str:
    return briefs.ISO3[country].lower()


def page_file(country: str) -> str:
    """The page's source in the staged edition, e.g. countries/ner.md (the toc names it without .md)."""
    return f"{FOLDER}/{page_name(country)}.md"


@contextmanager
def site_build() -> Iterator[None]:
    """Figures made here link to their CSV and static SVGs, as in the site's notebooks."""
    before = os.environ.get("CTDC_SITE_BUILD")
    os.environ["CTDC_SITE_BUILD"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CTDC_SITE_BUILD", None)
        else:
            os.environ["CTDC_SITE_BUILD"] = before


def region_figures(records: pd.DataFrame, region: str) -> list[charts.Figure]:
    """The brief's charts of the region, under the region's own keys (one set per region and edition)."""
    slug = region.lower().replace("/", "-")
    return [
        dataclasses.replace(figure, key=f"region-{slug}-{figure.key.removeprefix('brief-')}")
        for figure in briefs.figures(records, region)
    ]


def sort_key(name: str) -> str:
    """Alphabetical order in the edition's language, accents aside (É with E)."""
    return "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))


def picker() -> str:
    """The country picker: a disclosure of plain links to every country page, which needs no script
    and works by touch. Its HTML, for a page one folder deep."""
    items = sorted(
        (
            {"name": compass.country_name(c.name), "href": f"../{FOLDER}/{page_name(c.name)}.html", "lang": ""}
            for c in compass.PARTNERS
        ),
        key=lambda item: sort_key(item["name"]),
    )
    return render(
        "country_picker.html",
        label=_("Find your country"),
        hint=_("A page for each of the {n} partner countries").format(n=i18n.fmt_number(len(items))),
        items=items,
    )


def with_picker(text: str, lang: str) -> str:
    """A page's MyST text with the picker, in the edition's language, where it has PICKER_MARK."""
    if PICKER_MARK not in text:
        return text
    with edition.using(lang):
        block = "```{raw} html\n" + picker() + "\n```"
    return text.replace(PICKER_MARK, block)


STATEMENT = N_(
    "The data record where victims come from and where they were exploited only by UN region. The figures "
    "on this page are those of {region} as a whole, shown {for_country}: they are regional figures, not "
    "national ones, and may differ widely from the situation in the country itself."
)


def page(country: str, records: pd.DataFrame, found: dict, roles: ministries.Roles, figures: list[dict]) -> str:
    """One country's page (MyST markdown), in the current edition."""
    partner = next(c for c in compass.PARTNERS if c.name == country)
    region, cname = partner.region, compass.country_name(country)
    rname = labels.category("region", region)
    others = [compass.country_name(c) for c in ministries.neighbours(country)]
    if others:
        neighbours = _("Other partner countries in {subregion}: {countries}.").format(
            subregion=compass.subregion_name(partner.subregion),
            countries=compass.names_list(sorted(others, key=sort_key)),
        )
    else:
        neighbours = _("No other partner country lies in {subregion}.").format(
            subregion=compass.subregion_name(partner.subregion)
        )
    embeds = [
        {
            "title": f["title"],
            "code": render(
                "embed_iframe.html",
                src=f"../embed/{f['key']}.html",
                title=f["title"],
                height=downloads.embed_height(f),
            ),
            "preview": f"../embed/{f['key']}.html",
        }
        for f in figures
    ]
    return render(
        "country_page.md",
        anchor=f"country-{page_name(country)}",
        country=cname,
        facts=[
            (_("UN region (finest geography in the data)"), rname),
            (_("UN subregion (not in the data)"), compass.subregion_name(partner.subregion)),
            (_("IOM regional office"), ministries.office_name(partner.iom_office)),
        ],
        statement_title=_("Regional figures, not national ones"),
        statement=_(STATEMENT).format(region=rname, for_country=compass.country_form(country, "for")),
        neighbours=neighbours,
        role=ministries.role_sentence(roles),
        headlines_title=_("Headline figures for {region}").format(region=rname),
        headlines=ministries.headlines(found, region),
        charts_title=_("Charts for {region}").format(region=rname),
        figures=[f["html"] for f in figures],
        brief_title=_("Country brief"),
        brief=briefs.BriefLink(country, FOLDER)._repr_html_(),
        ministry_title=_("What this means for your ministry"),
        ministry_intro=_(
            "Each point below rests on one finding of the records of {region}, with its base. The records "
            "describe cases assisted by IOM: they do not show how common trafficking is, nor its causes, nor "
            "a trend. They suggest what a ministry may consider, to be checked against national data."
        ).format(region=rname),
        sectors=ministries.guidance(found, region),
        finding_label=_("What the records show"),
        consider_label=_("What a ministry may consider"),
        embed_title=_("Embed these charts"),
        embed_intro=_("Copy the code of a chart to show it on another website; each embed has its source line."),
        embeds=embeds,
        preview_label=_("Preview"),
    )


def pages(lang: str, records: pd.DataFrame) -> tuple[dict[str, str], list[dict]]:
    """Every country page of the edition (staged path: MyST text) and the payloads of the region
    charts they show, made once per region."""
    out: dict[str, str] = {}
    payloads: list[dict] = []
    with edition.using(lang), site_build():
        by_region: dict[str, tuple[dict, ministries.Roles, list[dict]]] = {}
        profile = ministries.profile(records)
        for region in compass.REGIONS:
            made = [f.payload() for f in region_figures(records, region)]
            payloads += made
            by_region[region] = (ministries.findings(records, region, profile), ministries.roles(records, region), made)
        for partner in compass.PARTNERS:
            found, roles, made = by_region[partner.region]
            out[page_file(partner.name)] = page(partner.name, records, found, roles, made)
    return out, payloads


PART_CAPTION = N_("Partner countries")


def toc_part(lang: str) -> dict:
    """The country pages, as a part of their own in the table of contents (a flat list: chapters with
    sections get the theme's expand toggle, an icon with no name)."""
    return {
        "caption": i18n.translate(PART_CAPTION, lang),
        "chapters": [{"file": page_file(c.name).removesuffix(".md")} for c in compass.PARTNERS],
    }
