"""Printable A4 briefs for the COMPASS partner countries, one per country and language.

    python -m ctdc_story.publication.briefs [--site _build/site]   # rebuild only the briefs of an existing site

A brief shows, under the country's name, the figures of its UN region (the finest
geography in the data, GUIDE §1): headline findings with their bases, charts drawn by
the site's own chart code, what the evidence suggests, caveats, the citation and a QR
code to the country's section of the online edition. Each brief is an HTML page
(template and print CSS in briefs/) printed to PDF by Debian's Chromium through
Playwright. `make book` puts the briefs into the new site before it is swapped in;
`make briefs` rebuilds them alone, into a new release of the site that replaces the
published one in one step once all of them are printed (publication.release).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from ctdc_story.data import loader, privacy, stats
from ctdc_story.meta import project, settings
from ctdc_story.meta.console import BuildError, build_lock, env_set, fault_point, log, run_command, write_atomic
from ctdc_story.presentation import assets, charts
from ctdc_story.presentation.templating import Displayable, environment, render
from ctdc_story.publication import manifest, release
from ctdc_story.text import collation, compass, edition, i18n, labels, prose
from ctdc_story.text.i18n import N_, _, fmt_base, fmt_pct

ROOT = settings.ROOT
TEMPLATES = ROOT / "briefs"
FONTS = ROOT / "book" / "_static" / "fonts"  # the site's Latin web fonts (Cabin)
ARABIC_FONTS = ROOT / "briefs"  # the whole Arabic TrueType fonts the printer embeds (brief.html)
# Optional Arabic vowel marks (harakat, shadda, dagger alif). The web edition keeps them where they
# help; a printed brief leaves them out, as UN Arabic documents do, because a PDF's text layer gives
# each mark before its letter with a space (سُجّلت is copied as "ُس ّج لت"): copy, search and screen
# readers then get the words whole.
HARAKAT = re.compile("[\u064b-\u0652\u0670]")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
CHART_SCALE = 0.72  # charts keep the site's layout and type, printed smaller
# The charts' type on paper: the fonts brief.html embeds whole, never a system font. The site's
# stack (charts.FONT) would print Arabic labels in the system's DejaVu Sans, whose PDF text layer
# drops letters and dots (الاستغلال copied as االستغالل).
PRINT_FONTS = {"ar": "'Noto Naskh Arabic', Cabin, sans-serif"}
PRINT_FONT = "Cabin, 'Noto Naskh Arabic', sans-serif"  # the editions in Latin script
# <edition>/briefs/figures.json: the aggregates behind every brief (published_numbers), by country code.
DATA_INDEX = "figures.json"

# ISO 3166-1 alpha-3 codes (registry.yaml): the brief of a country is <edition>/briefs/<code in lower case>.pdf.
ISO3 = {c.name: c.iso3 for c in compass.PARTNERS}


# --- names and addresses -------------------------------------------------------


def pdf_name(country: str) -> str:
    return f"{ISO3[country].lower()}.pdf"


def anchor(country: str) -> str:
    """The target of the country's section in chapter 5: the same in every edition."""
    return f"compass-{country.lower()}"


def online_url(country: str, lang: str) -> str:
    """The country's page in the same edition (build.countries: <edition>/countries/<iso3>.html)."""
    return f"{project.base_url()}{lang}/countries/{ISO3[country].lower()}.html"


def brief_href(country: str, page_dir: str = "notebooks") -> str:
    """The brief in the same edition, relative to a page in ``page_dir`` (notebooks/ or book/)."""
    return os.path.relpath(f"briefs/{pdf_name(country)}", start=page_dir).replace(os.sep, "/")


class BriefLink(Displayable):
    """A link to a country's brief, shown in its section of chapter 5 (glued in)."""

    def __init__(self, country: str, page_dir: str = "notebooks"):
        self.country, self.page_dir = country, page_dir

    def text(self) -> str:
        return _("Printable brief for {country} (PDF, two A4 pages)").format(country=compass.country_name(self.country))

    def _repr_html_(self) -> str:
        return render("brief_link.html", href=brief_href(self.country, self.page_dir), text=self.text())


class BriefTable(Displayable):
    """The table of the Briefs page: every partner country, its region and its brief."""

    def __init__(self, page_dir: str = "book"):
        self.page_dir = page_dir

    def text(self) -> str:
        return "Country briefs: " + ", ".join(c for c, _r, _s in compass.COUNTRIES)

    def _repr_html_(self) -> str:
        headers = [_("Country"), _("UN region (finest geography in the data)"), _("Brief (PDF, two A4 pages)")]
        rows = collation.sorted_names(
            (
                {
                    "name": compass.country_name(country),
                    "region": labels.category("region", region),
                    "href": brief_href(country, self.page_dir),
                    "link": _("Brief for {country}").format(country=compass.country_name(country)),
                }
                for country, region, _sub in compass.COUNTRIES
            ),
            name=lambda row: row["name"],
        )
        return render("brief_table.html", headers=headers, rows=rows)


# --- content -------------------------------------------------------------------


def edition_date(lang: str) -> str:
    """The edition's date (settings.edition_date), in the edition's long format."""
    return i18n.fmt_date(settings.edition_date(), lang)


PDF_DATE = re.compile(rb"/(CreationDate|ModDate) ?\(D:(\d{14})")


def stamp_edition_date(pdf: bytes) -> bytes:
    """Chromium writes the time of printing into the PDF; write the edition date instead, at the
    same length, so that the same inputs give the same bytes."""
    day = settings.edition_date().replace("-", "").encode() + b"000000"
    return PDF_DATE.sub(lambda m: m.group(0)[:-14] + day, pdf)


def regional_tables(records: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Shares within each region of citizenship (coo) and of exploitation (coe), for every region."""
    coo, coe = "UN_COO_Region", "UN_COE_Region"
    return {
        "flows": stats.shares(records, coe, within=coo),
        "origins": stats.shares(records, coo, within=coe),
        "types": stats.shares(records, "exploitation", within=coo),
        "types_coe": stats.shares(records, "exploitation", within=coe),
        "gender": stats.shares(records, "gender", within=coo),
        "age": stats.shares(records, "majorityStatus", within=coo),
        "roles": stats.shares(records, "roles", within=coo),
        "relation": stats.shares(records, "IP_Relation", within=coo),
        "pay": stats.shares(records, "IP_PayMoney", within=coo),
    }


def n(base) -> str:
    """'n = 1,230' (rounded to 10, '<10' below the resolution) in the brief's language: «العدد = 1 230»
    reads right to left like the sentence around it, so only "<10" is isolated (fmt_base)."""
    return _("n = {n}").format(n=fmt_base(None if pd.isna(base) else int(base)))


@dataclass
class Finding:
    lead: str
    text: str
    bases: list[str] = field(default_factory=list)
    base_line: str = ""

    def __post_init__(self):
        # 'Base: …; ….' with the punctuation of the brief's language (a catalog pattern: « ; » in
        # French, « ؛ » in Arabic), made now, while the brief's language is set, not later when the
        # template is rendered.
        self.base_line = _("Base: {bases}.").format(bases=i18n.fmt_series(self.bases))


@dataclass
class RegionFigures:
    """A region's rows of the regional tables, as the findings quote them: shares and bases."""

    tables: dict[str, pd.DataFrame]
    region: str

    @property
    def name(self) -> str:
        return labels.category("region", self.region)

    def pick(self, key: str, category: str) -> pd.Series:
        return stats.pick(self.tables[key], category, self.region)

    def sentence(self, message: str, shares: dict[str, tuple[str, str]], **values: str) -> str:
        """``message`` (translated) with {region} and ``values`` filled in, and each field of
        ``shares`` with the share of (table key, category) as a percentage."""
        percentages = {field: fmt_pct(self.pick(key, c)["share"]) for field, (key, c) in shares.items()}
        return message.format(region=self.name, **percentages, **values)

    def base(self, phrase: str, key: str, category: str) -> str:
        """One of a finding's bases: ``phrase`` (translated) with {region}, and {n} the base of the
        share of ``category`` in table ``key``."""
        return phrase.format(region=self.name, n=n(self.pick(key, category)["base"]))


@dataclass(frozen=True)
class FindingText:
    """One headline finding as the brief words it: its lead, its sentence, which (table, category)
    each share field quotes, and its bases as (phrase, table, category). Marked with N_ here and
    translated when the brief is made, in the brief's language."""

    lead: str
    sentence: str
    shares: dict[str, tuple[str, str]]
    bases: tuple[tuple[str, str, str], ...]


REGION = "{region}"  # a category that stands for the brief's own region


def _pair(r: RegionFigures, key: str, category: str) -> tuple[str, str]:
    return key, r.region if category == REGION else category


# The brief's headline findings, in the order it shows them.
FINDINGS = (
    FindingText(
        N_("Where victims from the region were exploited"),
        N_("{share} of records of citizens of {region} show exploitation in {region}."),
        {"share": ("flows", REGION)},
        ((N_("records of citizens of {region} with the region of exploitation recorded ({n})"), "flows", REGION),),
    ),
    FindingText(
        N_("Types of exploitation"),
        N_(
            "Forced labour is recorded on {fl} of these records with a type of exploitation and sexual "
            "exploitation on {se}; a record can show both."
        ),
        {"fl": ("types", "isForcedLabour"), "se": ("types", "isSexualExploit")},
        (
            (
                N_("records of citizens of {region} with a type of exploitation recorded ({n})"),
                "types",
                "isForcedLabour",
            ),
        ),
    ),
    FindingText(
        N_("Gender and majority status of victims"),
        N_(
            "{female} of records of citizens of {region} describe female victims, and {minor} describe minors "
            "at registration by IOM."
        ),
        {"female": ("gender", "Female"), "minor": ("age", "Minor")},
        (
            (N_("records of citizens of {region} with the victim's gender recorded ({n})"), "gender", "Female"),
            (N_("with the majority status recorded ({n})"), "age", "Minor"),
        ),
    ),
    FindingText(
        N_("Perpetrators and their relationship to the victim"),
        N_(
            "{recruiter} of records of citizens of {region} with any perpetrator detail name at least one "
            "recruiter or broker, and {exploiter} at least one exploiter. {stranger} of those with the "
            "relationship recorded name at least one perpetrator who was a stranger to the victim or whose "
            "relationship was other or unknown, and {family} at least one family member or intimate partner."
        ),
        {
            "recruiter": ("roles", "IP_RecruiterBroker"),
            "exploiter": ("roles", "IP_Exploiter"),
            "stranger": ("relation", "StrangerUnknownOther"),
            "family": ("relation", "FamilyIntimatePartner"),
        },
        (
            (N_("records of citizens of {region} with any perpetrator detail recorded ({n})"), "roles", "IP_Exploiter"),
            (N_("with the relationship recorded ({n})"), "relation", "StrangerUnknownOther"),
        ),
    ),
    FindingText(
        N_("Payment"),
        N_(
            "{paid} of records of citizens of {region} with payment recorded say the victim paid at least one "
            "perpetrator; they do not say whom or what for."
        ),
        {"paid": ("pay", "Yes")},
        ((N_("records of citizens of {region} with payment to a perpetrator recorded ({n})"), "pay", "Yes"),),
    ),
    FindingText(
        N_("Victims exploited in the region"),
        N_(
            "Among records of victims exploited in {region}, {own} are of citizens of {region} and {other} "
            "of citizens of {other_region}. Forced labour is recorded on {fl} of those with a type of "
            "exploitation."
        ),
        {"own": ("origins", REGION), "fl": ("types_coe", "isForcedLabour")},
        (
            (
                N_("records of victims exploited in {region} with the region of citizenship recorded ({n})"),
                "origins",
                REGION,
            ),
            (N_("with a type of exploitation recorded ({n})"), "types_coe", "isForcedLabour"),
        ),
    ),
)


def other_origin(r: RegionFigures) -> dict[str, str]:
    """The region that, after the region itself, most often holds the citizenship of victims exploited there."""
    others = stats.leading(r.tables["origins"], 4, group=r.region)
    others = others[others["category"] != r.region]
    if others.empty:  # no other region with a reportable share: the first other region, as "<…%" or "–"
        table = r.tables["origins"]
        others = table[(table["group"] == r.region) & (table["category"] != r.region)]
    other = others.iloc[0]
    share = i18n.fmt_share(
        None if pd.isna(other["share"]) else float(other["share"]),
        None if pd.isna(other["base"]) else int(other["base"]),
    )
    return {"other": share, "other_region": labels.category("region", other["category"])}


def finding(r: RegionFigures, text: FindingText) -> Finding:
    """A finding in the brief's language, with its shares and bases filled in for the region."""
    shares = {name: _pair(r, key, category) for name, (key, category) in text.shares.items()}
    extra = other_origin(r) if "{other}" in text.sentence else {}
    bases = [r.base(_(phrase), *_pair(r, key, category)) for phrase, key, category in text.bases]
    return Finding(_(text.lead), r.sentence(_(text.sentence), shares, **extra), bases)


def findings(tables: dict[str, pd.DataFrame], region: str) -> list[Finding]:
    """The headline findings for a region, each with its base; wording per GUIDE §1–2."""
    figures = RegionFigures(tables, region)
    return [finding(figures, text) for text in FINDINGS]


def clear_lead(table: pd.DataFrame, of: str) -> str | None:
    """The category named most often, if it leads the next by 5 points or more (else no claim)."""
    top = stats.leading(table, 2)
    if len(top) < 2 or top.iloc[0]["share"] - top.iloc[1]["share"] < 0.05:
        return None
    return labels.category(of, top.iloc[0]["category"])


def missing_bars(table: pd.DataFrame) -> list[str]:
    """A note under a chart where the privacy rule leaves a bar out."""
    if table["share"].isna().any():
        return [
            i18n.ngettext(
                "A bar marked “{suppressed}” holds fewer than {resolution} record: its share is not "
                "shown (privacy rule).",
                "A bar marked “{suppressed}” holds fewer than {resolution} records: its share is not "
                "shown (privacy rule).",
                privacy.RESOLUTION,
            ).format(resolution=privacy.RESOLUTION, suppressed=i18n.isolate(privacy.SUPPRESSED))
        ]
    return []


def citizens(region: str) -> tuple[tuple[str, str], ...]:
    """The records of the region's citizens (the ``where`` of stats.shares)."""
    return (("UN_COO_Region", region),)


def types_title(by_gender: pd.DataFrame, name: str) -> str:
    """The title of the types chart: the finding where sexual exploitation is recorded more often
    for female than for male victims, a plain description otherwise."""
    se = {g: stats.pick(by_gender, "isSexualExploit", g)["share"] for g in ("Female", "Male")}
    if pd.notna(se["Female"]) and pd.notna(se["Male"]) and se["Female"] > se["Male"]:
        title = _("Sexual exploitation is recorded more often for female than for male victims from {region}")
    else:
        title = _("Types of exploitation recorded for female and male victims from {region}")
    return title.format(region=name)


def perpetrator_title(table: pd.DataFrame, of: str, name: str) -> str:
    """The title of a chart of perpetrators (``of``: roles or IP_Relation): the category named
    most often where it leads clearly (clear_lead), a plain description otherwise."""
    titles = {
        "roles": (
            "role",
            _("Role named most often on records of citizens of {region}: {role}"),
            _("Roles of the perpetrators named on records of citizens of {region}"),
        ),
        "IP_Relation": (
            "relation",
            _("Relationship named most often on records of citizens of {region}: {relation}"),
            _("Relationships to the perpetrators named on records of citizens of {region}"),
        ),
    }
    lead, named_most, otherwise = titles[of]
    top = clear_lead(table, of)
    return named_most.format(region=name, **{lead: top}) if top else otherwise.format(region=name)


def perpetrator_chart(records: pd.DataFrame, region: str, key: str, of: str, *, guide: str, base: str) -> charts.Figure:
    """Bars of the perpetrators named on records of the region's citizens (``of``: roles or
    IP_Relation); ``guide`` and ``base`` come translated, ``base`` with {region} to fill in."""
    name = labels.category("region", region)
    table = stats.shares(records, of, where=citizens(region))
    at_least = _(
        "A record can name several perpetrators: shares count records naming at least one of each "
        "kind and can add up to more than 100%."
    )
    return charts.bar_chart(
        key,
        table,
        of,
        title=perpetrator_title(table, of, name),
        guide=guide + " " + at_least,
        base=base.format(region=name),
        notes=missing_bars(table),
    )


def types_chart(records: pd.DataFrame, region: str) -> charts.Figure:
    """Types of exploitation recorded for female and male victims from the region."""
    name = labels.category("region", region)
    by_gender = stats.shares(records, "exploitation", within="gender", where=citizens(region))
    return charts.grouped_bar_chart(
        "brief-types",
        by_gender,
        "exploitation",
        "gender",
        title=types_title(by_gender, name),
        guide=_(
            "Each bar shows, among records of female or male victims from {region}, the share on which the "
            "type of exploitation is recorded; a record can show both types."
        ).format(region=name),
        base=_("records of citizens of {region} with the victim's gender and a type of exploitation recorded").format(
            region=name
        ),
        notes=missing_bars(by_gender),
    )


def figures(records: pd.DataFrame, region: str) -> list[charts.Figure]:
    """The brief's charts, made by the site's chart code on the records of the region's citizens."""
    return [
        types_chart(records, region),
        perpetrator_chart(
            records,
            region,
            "brief-roles",
            "roles",
            guide=_("Share of records naming at least one perpetrator in each role."),
            base=_("records of citizens of {region} with any perpetrator detail recorded"),
        ),
        perpetrator_chart(
            records,
            region,
            "brief-relation",
            "IP_Relation",
            guide=_("Share of records naming at least one perpetrator with each relationship to the victim."),
            base=_("records of citizens of {region} with the relationship recorded"),
        ),
    ]


# The briefs' policy text: paragraphs of a markdown source that the prose catalogs take in
# (catalogs.sources()), with {fields} filled in for each brief.
POLICY = TEMPLATES / "policy.md"
POLICY_SECTION = re.compile(r"^\(([\w-]+)\)=\s*$")


def policy(section: str, **fields) -> list[str]:
    """The paragraphs of one section of briefs/policy.md, translated for the edition, fields filled in."""
    source = POLICY.read_text()
    starts = [(i, m.group(1)) for i, line in enumerate(source.split("\n")) if (m := POLICY_SECTION.match(line))]
    translations = i18n.catalog(edition.current().lang, "prose")
    return [
        translations.get(unit.text, unit.text).format(**fields)
        for unit in prose.units(source)
        if next((name for i, name in reversed(starts) if i < unit.start), None) == section
    ]


def suggestions(tables: dict[str, pd.DataFrame], country: str, region: str) -> list[str]:
    return policy(
        "suggestions",
        country=compass.country_name(country),
        in_country=compass.country_form(country, "in"),
        of_country=compass.country_form(country, "of"),
        region=labels.category("region", region),
        own=fmt_pct(stats.pick(tables["flows"], region, region)["share"]),
        recruiter=fmt_pct(stats.pick(tables["roles"], "IP_RecruiterBroker", region)["share"]),
        paid=fmt_pct(stats.pick(tables["pay"], "Yes", region)["share"]),
    )


def caveats() -> list[str]:
    return policy("caveats", resolution=privacy.RESOLUTION, suppressed=i18n.isolate(privacy.SUPPRESSED))


def qr_svg(url: str) -> str:
    """A QR code for ``url`` as inline SVG (made offline; vector in the PDF)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        url, image_factory=qrcode.image.svg.SvgPathImage, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M
    )
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


# Sources of the regional tables (regional_tables), so that published rows name what they count.
TABLE_MEASURES = {
    "flows": ("UN_COE_Region", "UN_COO_Region"),
    "origins": ("UN_COO_Region", "UN_COE_Region"),
    "types": ("exploitation", "UN_COO_Region"),
    "types_coe": ("exploitation", "UN_COE_Region"),
    "gender": ("gender", "UN_COO_Region"),
    "age": ("majorityStatus", "UN_COO_Region"),
    "roles": ("roles", "UN_COO_Region"),
    "relation": ("IP_Relation", "UN_COO_Region"),
    "pay": ("IP_PayMoney", "UN_COO_Region"),
}


def _rows(data: pd.DataFrame) -> list[list]:
    return [
        [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row]
        for row in data.itertuples(index=False)
    ]


def published_numbers(records: pd.DataFrame, tables: dict[str, pd.DataFrame], region: str) -> list[dict]:
    """Every aggregate a region's brief draws on, as rows of the site's CSV columns with their query:
    the regional tables' rows for the region, and the rows of each brief chart."""
    out = []
    for name, table in tables.items():
        of, within = TABLE_MEASURES[name]
        data = charts.aggregate_table(table[table["group"] == region], of, within)
        out.append({"key": name, "query": table.attrs["query"], "columns": list(data.columns), "rows": _rows(data)})
    for figure in figures(records, region):
        assert figure.data is not None, f"brief chart {figure.key} has no aggregates (bar charts always set them)"
        out.append(
            {"key": figure.key, "query": figure.query, "columns": list(figure.data.columns), "rows": _rows(figure.data)}
        )
    return out


def in_print_fonts(plot_json: str, family: str) -> str:
    """A chart's data or layout (JSON) with every font family set to ``family``."""

    def refont(node):
        if isinstance(node, dict):
            return {key: family if key == "family" else refont(value) for key, value in node.items()}
        if isinstance(node, list):
            return [refont(item) for item in node]
        return node

    return json.dumps(refont(json.loads(plot_json)), sort_keys=True, ensure_ascii=False)


def chart_context(figure: charts.Figure, lang: str) -> dict:
    """What the brief's template shows of one chart, drawn in the brief's embedded fonts."""
    family = PRINT_FONTS.get(lang, PRINT_FONT)
    data, layout = (in_print_fonts(part, family) for part in figure.plot_json())
    return {
        "key": figure.key,
        "title": figure.title,
        "guide": figure.guide,
        "notes": figure.notes,
        "source": figure.source,
        "data": data,
        "layout": layout,
        "height": figure.height,
        "summary": figure.summary,
    }


def dataset_line(lang: str) -> str:
    """'Data: CTDC …, release of …', or for a file that is not the release its name and sha256."""
    other = charts.other_file(lang)
    if other is None:
        return _("Data: CTDC Global Victim-Perpetrator Synthetic Dataset, release of {date}").format(
            date=charts.release_date(lang)
        )
    return _("Data: the file {file} (sha256 {sha256}), not the CTDC release of {date}").format(
        date=charts.release_date(lang), **other
    )


def heading_context(country: str, lang: str) -> dict:
    """The top of the brief: its titles, the country and its geography, the edition and the data."""
    region = compass.region_of(country)
    subregion = next(s for c, _r, s in compass.COUNTRIES if c == country)
    cname, rname = compass.country_name(country), labels.category("region", region)
    logo = project.logo(lang)
    return {
        # IOM's logo (or, until _config.yml names one, a text mark) at the top, where reading starts.
        "mark": _("IOM"),
        "logo": (ROOT / "book" / "_static" / logo).as_uri() if logo else "",
        "logo_alt": _("International Organization for Migration (IOM)"),
        "doc_title": _("Country brief: {country}").format(country=cname),
        "kicker": _("Country brief"),
        "book_title": i18n.translate(project.title(), lang),
        "country": cname,
        "geography": _("UN region: {region} · UN subregion: {subregion} (not in the data)").format(
            region=rname, subregion=compass.subregion_name(subregion)
        ),
        "edition": _("Edition of {date}").format(date=edition_date(lang)),
        "dataset": dataset_line(lang),
        "note_title": _("Regional figures, not national ones"),
        "note": _(
            "The data contain no country-level figures: they record where victims come from and where "
            "they were exploited only by UN region. Every figure in this brief is that of {region} as a "
            "whole, shown under the name of {country}, and may differ widely from the situation {in_country}."
        ).format(region=rname, country=cname, in_country=compass.country_form(country, "in")),
    }


def context(records: pd.DataFrame, tables: dict[str, pd.DataFrame], country: str, lang: str) -> dict:
    """Everything the template shows for one brief, translated and formatted for ``lang``."""
    with edition.using(lang):
        region = compass.region_of(country)
        return {
            "lang": lang,
            "dir": i18n.direction(lang),
            "fonts": FONTS.as_uri(),
            "arabic_fonts": ARABIC_FONTS.as_uri(),
            "scale": CHART_SCALE,
            "config": json.dumps({**charts.PLOT_CONFIG, "staticPlot": True}),
            **heading_context(country, lang),
            "findings_title": _("Headline findings for {region}").format(region=labels.category("region", region)),
            "findings": findings(tables, region),
            "charts": [chart_context(figure, lang) for figure in figures(records, region)],
            "suggests_title": _("What this evidence suggests"),
            "suggests": suggestions(tables, country, region),
            **closing_context(country, lang),
        }


def closing_context(country: str, lang: str) -> dict:
    """The end of the brief: the caveats, the citation, and the link (and QR code) to the country's page."""
    url = online_url(country, lang)
    return {
        "caveats_title": _("Caveats"),
        "caveats": caveats(),
        "cite_title": _("How to cite the data"),
        "citation": _(
            "International Organization for Migration and Microsoft Research, Global Victim-"
            "Perpetrator Synthetic Dataset, Counter Trafficking Data Collaborative, release of "
            "{date}."
        ).format(date=charts.release_date(lang)),
        "online_title": _("Online: the page {for_country}, with every chart and its data").format(
            for_country=compass.country_form(country, "for")
        ),
        "url": url,
        "qr": qr_svg(url),
        "qr_label": _("QR code linking to the online page {for_country}").format(
            for_country=compass.country_form(country, "for")
        ),
    }


# --- printing ------------------------------------------------------------------


def template():
    """The brief's page (briefs/brief.html), from the package's one template environment."""
    return environment().get_template("brief.html")


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise BuildError("Chromium prints the briefs: apt-get install chromium (see README)")
    return path


def prepare_work() -> Path:
    """A fresh folder for the briefs' HTML pages, with the plotly.js and the CSS they load."""
    work = settings.BUILD / "briefs-html"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "plotly.min.js").write_bytes(assets.plotly_js())
    shutil.copy(TEMPLATES / "brief.css", work / "brief.css")
    return work


def open_page(browser, errors: list[str]):
    """An A4 page printed as for print media, which records script errors into ``errors`` and
    loads nothing but local files."""
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort(),
    )
    return page


def write_numbers(records: pd.DataFrame, tables: dict[str, pd.DataFrame], lang: str, out: Path) -> None:
    """<out>/figures.json: the aggregates behind every brief of the edition, by country code."""
    with edition.using(lang):
        numbers = {ISO3[c].lower(): published_numbers(records, tables, r) for c, r, _s in compass.COUNTRIES}
    write_atomic(out / DATA_INDEX, json.dumps(numbers, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


@dataclass
class Printer:
    """What printing one brief needs: the browser page and its errors, the HTML folder and template,
    and the data."""

    page: Any  # playwright's Page
    errors: list[str]
    work: Path
    page_template: jinja2.Template
    records: pd.DataFrame
    tables: dict[str, pd.DataFrame]

    def print_brief(self, country: str, lang: str, out: Path) -> None:
        """Render the brief's page, print it to <out>/<code>.pdf and stamp the edition date in."""
        one = time.monotonic()
        source = self.work / f"{lang}-{ISO3[country].lower()}.html"
        page = self.page_template.render(**context(self.records, self.tables, country, lang))
        source.write_text(HARAKAT.sub("", page) if lang == "ar" else page, encoding="utf-8")
        self.page.goto(source.as_uri())
        self.page.wait_for_function("window.briefReady === true", timeout=30_000)
        if self.errors:
            raise BuildError(f"the {lang} brief for {country} failed in the browser: {self.errors}")
        printed = self.page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=False)
        fault_point("brief-print")
        # A temporary name, then a rename: a full disk or a crash never leaves half a PDF.
        write_atomic(out / pdf_name(country), stamp_edition_date(printed))
        log(f"{lang} · brief {pdf_name(country)} ({country}) in {time.monotonic() - one:.1f}s")


# The longest temporary folder Chromium was seen to start in (measured: 62 bytes start, 68 do not).
BROWSER_TEMP_MAX = 62


@contextlib.contextmanager
def browser_temp():
    """Playwright's driver and Chromium put their profile and temporary files in
    <build>/tmp/browser-<pid>, removed afterwards (or by the next build, if this one is killed).
    Chromium's sockets live there, and a Unix socket's path may not pass 107 bytes: below a deep build
    folder, the folder is made in the system's temporary folder instead."""
    folder = settings.BUILD / "tmp" / f"browser-{os.getpid()}"
    if len(str(folder)) > BROWSER_TEMP_MAX:
        folder = Path(tempfile.mkdtemp(prefix=f"ctdc-browser-{os.getpid()}-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with env_set("TMPDIR", str(folder)):  # read by the driver when it starts
            yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make(dataset: loader.Dataset, languages: list[str], site: Path) -> None:
    """Print every brief of ``languages`` into <site>/<lang>/briefs/."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    work = prepare_work()
    page_template = template()
    tables = regional_tables(dataset.frame)
    started = time.monotonic()
    try:
        with browser_temp(), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            try:
                errors: list[str] = []
                printer = Printer(open_page(browser, errors), errors, work, page_template, dataset.frame, tables)
                for lang in languages:
                    out = site / lang / "briefs"
                    out.mkdir(parents=True, exist_ok=True)
                    write_numbers(dataset.frame, tables, lang, out)
                    for country, _region, _sub in compass.COUNTRIES:
                        printer.print_brief(country, lang, out)
            finally:
                with contextlib.suppress(PlaywrightError):
                    browser.close()
    except PlaywrightError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise BuildError(
            f"Chromium stopped while printing the briefs ({first}): it was closed, killed or ran out of "
            f"memory; run the command again (Chromium: {chromium()})"
        ) from None
    log(f"{len(languages) * len(compass.COUNTRIES)} briefs printed in {time.monotonic() - started:.1f}s")


def rebuild(site: Path) -> None:
    """Reprint every brief of the published site into a new release (the other files linked from
    the current one), and publish it in one step: the site changes only once all are printed."""
    with build_lock():
        release.clean_leftovers(site)
        published = release.current(site)
        languages = [lang for lang in settings.LANGUAGES if published and (published / lang / "index.html").exists()]
        if published is None or not languages:
            raise BuildError(f"no edition in {site}: run `make book` first")
        log(f"reading the dataset {settings.data_path()}")
        dataset = loader.load()
        fresh = release.new_release(site)
        try:
            release.copy_release(published, fresh)
            printed = fresh / ".briefs-new"
            make(dataset, languages, printed)
            for lang in languages:
                shutil.rmtree(fresh / lang / "briefs", ignore_errors=True)
                (printed / lang / "briefs").rename(fresh / lang / "briefs")
            shutil.rmtree(printed)
            manifest.write(fresh, dataset)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        release.publish(site, fresh)
    log(f"briefs ready in {', '.join(str(site / lang / 'briefs') for lang in languages)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=settings.BUILD / "site", help="the built site")
    args = parser.parse_args(argv)
    site = Path(os.path.abspath(args.site))  # not resolved: the site is a link to its release
    return run_command(
        lambda: rebuild(site),
        "BRIEFS",
        lambda: release.describe(site),
        errors=(loader.DatasetError, BuildError),
        again="make briefs",
    )


if __name__ == "__main__":
    sys.exit(main())
