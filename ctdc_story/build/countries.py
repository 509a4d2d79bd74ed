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

import contextlib
import dataclasses
import re
from typing import Any

import pandas as pd
from markupsafe import Markup

from ctdc_story.meta import console
from ctdc_story.presentation import charts, figure_tools
from ctdc_story.presentation import numbers as number_markup
from ctdc_story.presentation.templating import render
from ctdc_story.publication import briefs, downloads
from ctdc_story.text import collation, compass, edition, i18n, labels, ministries, numbers
from ctdc_story.text.i18n import N_, _

FOLDER = "countries"  # the pages' folder in each edition: one folder deep, like book/ and notebooks/
# Where a page (book/intro.md, chapter 5) shows the picker: a block that staging replaces (an unknown
# directive, so that Sphinx stops the build if it were ever left in place).
PICKER_MARK = "```{ctdc-country-picker}"
# Its options, one a line: ``:layout: menu|grid|region`` (picker) and ``:region: Africa``.
PICKER_BLOCK = re.compile(r"^```\{ctdc-country-picker\}\n((?::[\w-]+:.*\n)*)```$", re.MULTILINE)
PICKER_OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$", re.MULTILINE)
LAYOUTS = ("menu", "grid", "region")  # picker(): where and how it is shown


def page_name(country: str) -> str:
    return briefs.ISO3[country].lower()


def page_file(country: str) -> str:
    """The page's source in the staged edition, e.g. countries/ner.md (the toc names it without .md)."""
    return f"{FOLDER}/{page_name(country)}.md"


def site_build() -> contextlib.AbstractContextManager[None]:
    """Figures made here link to their CSV and static SVGs, as in the site's notebooks."""
    return console.env_set("CTDC_SITE_BUILD", "1")


def region_figures(records: pd.DataFrame, region: str) -> list[charts.Figure]:
    """The brief's charts of the region, under the region's own keys (one set per region and edition)."""
    slug = region.lower().replace("/", "-")
    return [
        dataclasses.replace(figure, key=f"region-{slug}-{figure.key.removeprefix('brief-')}")
        for figure in briefs.figures(records, region)
    ]


def picker(layout: str = "menu", region: str | None = None) -> str:
    """The country picker, for a page one folder deep: plain links to the country pages, which need no
    script and work by touch, in the edition's alphabetical order (text.collation).

    - ``menu`` (the landing page): a disclosure, closed until tapped, of every country.
    - ``grid`` (the top of chapter 5): every country shown at once, by region: one tap to a page.
    - ``region`` (chapter 5's section on ``region``): that region's countries, each with its brief; each
      entry keeps the address of the country's former section of the chapter (``#compass-<name>``,
      briefs.anchor), so that links made to it still land on the country.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"country picker: layout {layout!r}, not one of {', '.join(LAYOUTS)}")
    regions = [region] if region else sorted(compass.REGIONS)  # as the dataset codes them: Africa, Asia
    unknown = set(regions) - set(compass.REGIONS)
    if unknown:
        raise ValueError(f"country picker: no partner country in {sorted(unknown)}")
    groups: list[dict[str, Any]] = [
        {
            "name": labels.category("region", r),
            "countries": collation.sorted_names(
                (
                    {
                        "name": compass.country_name(c.name),
                        "href": f"../{FOLDER}/{page_name(c.name)}.html",
                        "anchor": briefs.anchor(c.name),
                        "brief": briefs.brief_href(c.name),
                    }
                    for c in compass.PARTNERS
                    if c.region == r
                ),
                name=lambda item: item["name"],
            ),
        }
        for r in regions
    ]
    every = collation.sorted_names((i for g in groups for i in g["countries"]), name=lambda item: item["name"])
    rname = labels.category("region", region) if region else ""
    return render(
        "country_picker.html",
        layout=layout,
        label=_("Country pages and briefs: {region}").format(region=rname) if region else _("Find your country"),
        hint=i18n.ngettext(
            "A page for each of the {n} partner country", "A page for each of the {n} partner countries", len(every)
        ).format(n=i18n.fmt_number(len(every))),
        items=every,
        groups=groups,
        brief_text=_("Brief (PDF)"),
    )


def _picker_block(match: re.Match) -> str:
    options = dict(PICKER_OPTION.findall(match.group(1)))
    unknown = set(options) - {"layout", "region"}
    if unknown:
        raise ValueError(f"country picker: unknown option(s) {sorted(unknown)} in {match.group(0)!r}")
    html = picker(options.get("layout", "menu").strip(), (options.get("region") or "").strip() or None)
    return "```{raw} html\n" + html + "\n```"


def with_picker(text: str, lang: str) -> str:
    """A page's MyST text with the picker, in the edition's language, wherever it has a picker block."""
    if PICKER_MARK not in text:
        return text
    with edition.using(lang):
        return PICKER_BLOCK.sub(_picker_block, text)


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
        neighbours = i18n.ngettext(
            "The other partner country in {subregion}: {countries}.",
            "Other partner countries in {subregion}: {countries}.",
            len(others),
        ).format(
            subregion=compass.subregion_name(partner.subregion),
            countries=compass.names_list(collation.sorted_names(others)),
        )
    else:
        neighbours = _("No other partner country lies in {subregion}.").format(
            subregion=compass.subregion_name(partner.subregion)
        )
    # The same embed code and hooks as under each figure and on the Embed page (figure_tools.html,
    # embed_list.html): the public address, which ctdc.js (localAddresses) shows as this copy's own.
    lang = edition.current().lang
    embeds = [
        {
            "title": f["title"],
            "code": downloads.snippet(
                figure_tools.edition_url(lang) + figure_tools.embed_path(f["key"]), f["title"], f["height"]
            ),
            "src": f"../{figure_tools.embed_path(f['key'])}",
            "abs": figure_tools.edition_url(lang) + figure_tools.embed_path(f["key"]),
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
        headlines=ministries.headlines(found, region, traced_share(region)),
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
        sectors=ministries.guidance(found, region, traced_share(region)),
        finding_label=_("What the records show"),
        consider_label=_("What a ministry may consider"),
        embed_title=_("Embed these charts"),
        embed_intro=_("Copy the code of a chart to show it on another website; each embed has its source line."),
        embeds=embeds,
        preview_label=_("Preview"),
    )


# What each finding's base is about, for the sentence that traces its share (text.numbers): the
# variable recorded and the table grouping the share lies in. A finding not listed here is a share
# of all the region's records (its base is no variable recorded) and is shown as it is.
TRACED = {"own": ("UN_COE_Region", "UN_COO_Region"), "abroad": ("UN_COE_Region", "UN_COO_Region")}
TRACED.update({"foreign": ("UN_COO_Region", "UN_COE_Region")})
TRACED.update({f"{measure}:{category}": (measure, "UN_COO_Region") for measure, category in ministries.INDICATORS})


def traced_share(region: str):
    """How a country page writes a share in its sentences: marked up, as the chapters' glued shares are,
    so that a tap, a hover or a screen reader gives its count and base (presentation.numbers)."""

    def shown(finding: ministries.Finding) -> str:
        if finding.key not in TRACED:
            return finding.pct
        variable, within = TRACED[finding.key]
        sentence = numbers.sentence(
            finding.pct,
            finding.count,
            finding.base,
            numbers.variable_name(variable),
            numbers.group_name({"within": within}, region),
        )
        return Markup(number_markup.html(finding.pct, sentence))

    return shown


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
    """The country pages, as a part of their own in the table of contents, in the edition's alphabetical
    order (a flat list: chapters with sections get the theme's expand toggle, an icon with no name)."""
    with edition.using(lang):
        ordered = collation.sorted_names(compass.PARTNERS, name=lambda c: compass.country_name(c.name))
    return {
        "caption": i18n.translate(PART_CAPTION, lang),
        "chapters": [{"file": page_file(c.name).removesuffix(".md")} for c in ordered],
    }
