"""What a partner country's page says: its region's findings, whether the region's records show it
mainly as a region of origin or of exploitation, the IOM regional office, and the guidance for each
sector of government ("What this means for your ministry").

Every number here is computed from the records through stats (and so through the privacy rule:
counts rounded down to a multiple of 10, "<10" where that gives 0, shares of rounded counts over
rounded bases) and formatted by i18n. The sector guidance is written once, here, and translated
through the code catalog. It follows who uses trafficking data for what in the IOM/UNODC manual
(table 14: prosecutors need details on perpetrators, the police recruitment patterns and routes,
front-line responders who the victims are, the international community indicators by sex and age)
and what the codebook records: each point names the finding it rests on, with its base, and says
what the records suggest a ministry consider, never a cause, a prevalence or a trend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from ctdc_story.data import stats
from ctdc_story.text import compass, labels
from ctdc_story.text.i18n import N_, fmt_int, fmt_share, gettext

COO, COE = "UN_COO_Region", "UN_COE_Region"

# The IOM regional offices of the registry (registry.yaml, countries: iom_office), as a reader reads them.
OFFICE_NAME = {
    "RO Bangkok": N_("IOM Regional Office for Asia and the Pacific, Bangkok"),
    "RO Cairo": N_("IOM Regional Office for the Middle East and North Africa, Cairo"),
    "RO Dakar": N_("IOM Regional Office for West and Central Africa, Dakar"),
    "RO Nairobi": N_("IOM Regional Office for East and Horn of Africa, Nairobi"),
}


def office_name(code: str) -> str:
    return gettext(OFFICE_NAME[code])


# --- origin or exploitation ----------------------------------------------------

ORIGIN, EXPLOITATION, BOTH = "origin", "exploitation", "both"
# How much more often (rounded counts) a region must be named in one role than in the other for the
# page to say it is "mainly" a region of that role; closer than this, the page says "about as often".
MAINLY = (11, 10)  # 10% more, compared in whole numbers


def classify(as_origin: int | None, as_exploitation: int | None) -> str | None:
    """ORIGIN, EXPLOITATION or BOTH from the published (rounded) counts of records that name the
    region as the victim's region of citizenship and as the region of exploitation; None where a
    count is not reportable."""
    if as_origin is None or as_exploitation is None:
        return None
    more, than = MAINLY
    if as_origin * than >= as_exploitation * more:
        return ORIGIN
    if as_exploitation * than >= as_origin * more:
        return EXPLOITATION
    return BOTH


@dataclass(frozen=True)
class Roles:
    """Among records with both regions recorded (``base``): how many name the region as the victim's
    region of citizenship, how many as the region of exploitation (published counts)."""

    region: str
    base: int | None
    as_origin: int | None
    as_exploitation: int | None

    @property
    def kind(self) -> str | None:
        return classify(self.as_origin, self.as_exploitation)


def roles(frame: pd.DataFrame, region: str) -> Roles:
    both = frame[COO].notna() & frame[COE].notna()
    origin, base, _s = stats.share_of(frame, frame[COO] == region, both)
    exploited, _b, _s2 = stats.share_of(frame, frame[COE] == region, both)
    return Roles(region, base, origin, exploited)


ROLE_SENTENCE = {
    ORIGIN: N_(
        "Of the {base} records with both regions recorded, {origin} name {region} as the victim's region of "
        "citizenship and {exploited} as the region of exploitation: the records show {region} mainly as a "
        "region of origin."
    ),
    EXPLOITATION: N_(
        "Of the {base} records with both regions recorded, {origin} name {region} as the victim's region of "
        "citizenship and {exploited} as the region of exploitation: the records show {region} mainly as a "
        "region of exploitation."
    ),
    BOTH: N_(
        "Of the {base} records with both regions recorded, {origin} name {region} as the victim's region of "
        "citizenship and {exploited} as the region of exploitation: the records show {region} about as often "
        "as a region of origin as of exploitation."
    ),
}


def role_sentence(r: Roles) -> str:
    if r.kind is None:  # a count shown as "<10": no comparison is made
        return ""
    return gettext(ROLE_SENTENCE[r.kind]).format(
        base=fmt_int(r.base),
        origin=fmt_int(r.as_origin),
        exploited=fmt_int(r.as_exploitation),
        region=labels.category("region", r.region),
    )


# --- the region's findings -----------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One share of the records of the region, with its published count and base."""

    key: str
    count: int | None
    base: int | None
    share: float | None

    @property
    def pct(self) -> str:
        return fmt_share(self.share, self.base)


INDICATORS = (
    ("gender", "Female"),
    ("majorityStatus", "Minor"),
    ("exploitation", "isForcedLabour"),
    ("exploitation", "isSexualExploit"),
    ("roles", "IP_RecruiterBroker"),
    ("perpetrator_region", "same"),
    ("IP_PayMoney", "Yes"),
)


def profile(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicators of every region's citizens (one table for all regions: it is the slow part)."""
    return stats.indicator_table(frame, INDICATORS, COO)


def findings(frame: pd.DataFrame, region: str, table: pd.DataFrame | None = None) -> dict[str, Finding]:
    """The region's findings by key: the indicators (``measure:category``) of its citizens' records,
    and ``own`` (exploited in their own region), ``abroad`` (in another region), ``coe_recorded``
    (region of exploitation recorded) and ``foreign`` (of victims exploited in the region, citizens
    of another region)."""
    table = profile(frame) if table is None else table
    out: dict[str, Finding] = {}
    for key, category in INDICATORS:
        row = stats.pick(table, f"{key}:{category}", region)
        out[f"{key}:{category}"] = Finding(
            f"{key}:{category}", _int(row["count"]), _int(row["base"]), _float(row["share"])
        )
    citizens = frame[COO] == region
    exploited_recorded = citizens & frame[COE].notna()
    out["own"] = Finding("own", *stats.share_of(frame, frame[COE] == region, exploited_recorded))
    out["abroad"] = Finding("abroad", *stats.share_of(frame, frame[COE] != region, exploited_recorded))
    out["coe_recorded"] = Finding("coe_recorded", *stats.share_of(frame, frame[COE].notna(), citizens))
    exploited_here = (frame[COE] == region) & frame[COO].notna()
    out["foreign"] = Finding("foreign", *stats.share_of(frame, frame[COO] != region, exploited_here))
    return out


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# The headline figures of a country page: (finding, what it says, with {share} and {base}).
HEADLINES = (
    (
        "own",
        N_(
            "{share} of the {base} records of citizens of {region} with the region of exploitation recorded show exploitation in {region}."
        ),
    ),
    (
        "exploitation:isForcedLabour",
        N_(
            "{share} of the {base} records of citizens of {region} with a type of exploitation recorded show forced labour."
        ),
    ),
    (
        "exploitation:isSexualExploit",
        N_(
            "{share} of the {base} records of citizens of {region} with a type of exploitation recorded show sexual exploitation."
        ),
    ),
    (
        "gender:Female",
        N_(
            "{share} of the {base} records of citizens of {region} with the victim's gender recorded describe women or girls."
        ),
    ),
    (
        "majorityStatus:Minor",
        N_("{share} of the {base} records of citizens of {region} with majority status recorded describe children."),
    ),
)


def _pct(finding: Finding) -> str:
    return finding.pct


def headlines(found: dict[str, Finding], region: str, shown: Callable[[Finding], str] = _pct) -> list[dict]:
    """The region's headline figures, as HTML: ``shown`` writes a share in the sentence (e.g. marked up
    as HTML, to be traced to its count and base); the rest of the sentence is escaped."""
    rname = labels.category("region", region)
    return [
        {
            "share": found[key].pct,
            "text": Markup.escape(gettext(text)).format(
                share=shown(found[key]), base=fmt_int(found[key].base), region=rname
            ),
        }
        for key, text in HEADLINES
    ]


# --- what this means for your ministry -------------------------------------------


@dataclass(frozen=True)
class Sector:
    key: str
    name: str  # the sector, as a heading (N_)
    finding: str  # the finding it rests on (a key of findings())
    evidence: str  # the finding as a sentence, with {share}, {base} and {region} (N_)
    consider: str  # what the records suggest the ministry consider (N_)


SECTORS = (
    Sector(
        "justice",
        N_("Justice and prosecution"),
        "roles:IP_RecruiterBroker",
        N_(
            "{share} of the {base} records of citizens of {region} with any perpetrator detail name at least "
            "one recruiter or broker."
        ),
        N_(
            "Prosecutors may consider looking, in each case, beyond the person who exploited the victim to "
            "those who recruited or brokered, and recording every perpetrator's role in the case file."
        ),
    ),
    Sector(
        "interior",
        N_("Interior and police"),
        "perpetrator_region:same",
        N_(
            "{share} of the {base} records of citizens of {region} with the perpetrators' region of citizenship "
            "recorded name at least one perpetrator from the victim's own region."
        ),
        N_(
            "Police services may consider cooperation with the police of neighbouring countries of the region, "
            "and recording the recruitment and movement described in each case, which the data can show only "
            "by region."
        ),
    ),
    Sector(
        "labour",
        N_("Labour"),
        "exploitation:isForcedLabour",
        N_(
            "{share} of the {base} records of citizens of {region} with a type of exploitation recorded show "
            "forced labour."
        ),
        N_(
            "A ministry of labour may consider training labour inspectors to recognise the indicators of forced "
            "labour, and referring the victims they identify to assistance."
        ),
    ),
    Sector(
        "social",
        N_("Social affairs and child protection"),
        "majorityStatus:Minor",
        N_("{share} of the {base} records of citizens of {region} with majority status recorded describe children."),
        N_(
            "Child protection services may consider whether their referral procedures reach child victims, "
            "and recording each child's age group and care arrangements in the same way as other cases."
        ),
    ),
    Sector(
        "foreign",
        N_("Foreign affairs and consular services"),
        "abroad",
        N_(
            "{share} of the {base} records of citizens of {region} with the region of exploitation recorded "
            "show exploitation in another region."
        ),
        N_(
            "Consular services may consider training their staff in countries of destination to identify and "
            "refer nationals who may be victims, and agreeing return and assistance procedures with those "
            "countries."
        ),
    ),
    Sector(
        "health",
        N_("Health"),
        "exploitation:isSexualExploit",
        N_(
            "{share} of the {base} records of citizens of {region} with a type of exploitation recorded show "
            "sexual exploitation."
        ),
        N_(
            "A ministry of health may consider training health workers to recognise possible victims, and "
            "including sexual and reproductive health and mental health care in the services offered to them."
        ),
    ),
    Sector(
        "statistics",
        N_("Statistics offices"),
        "coe_recorded",
        N_("The region of exploitation is recorded on {share} of the {base} records of citizens of {region}."),
        N_(
            "A national statistics office may consider recording the country of citizenship and the country of "
            "exploitation of every case, with the same definitions as IOM's case form, so that the country, "
            "and not only its region, can be seen in the data."
        ),
    ),
)


def guidance(found: dict[str, Finding], region: str, shown: Callable[[Finding], str] = _pct) -> list[dict]:
    """Each sector's point for the region: its name, the finding (a sentence with the share and its
    base) and what the records suggest the ministry consider."""
    rname = labels.category("region", region)
    out = []
    for sector in SECTORS:
        f = found[sector.finding]
        out.append(
            {
                "key": sector.key,
                "name": gettext(sector.name),
                "share": f.pct,
                "base": fmt_int(f.base),
                "evidence": Markup.escape(gettext(sector.evidence)).format(
                    share=shown(f), base=fmt_int(f.base), region=rname
                ),
                "consider": gettext(sector.consider),
            }
        )
    return out


def neighbours(country: str) -> list[str]:
    """The other partner countries of the same UN subregion (registry), in the registry's order."""
    mine = compass.PARTNERS[[c.name for c in compass.PARTNERS].index(country)]
    return [c.name for c in compass.PARTNERS if c.subregion == mine.subregion and c.name != country]
