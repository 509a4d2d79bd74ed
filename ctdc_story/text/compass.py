"""The 14 COMPASS partner countries and the UN regions whose figures apply to them.

The dataset's finest geography is the UN continental region (GUIDE §1): a
country is shown with its region's figures, and the text says so.
"""

from __future__ import annotations

import pandas as pd

from ctdc_story.meta import registry
from ctdc_story.text.i18n import N_, fmt_list, gettext, pgettext

_REGISTRY = registry.get()
# The partner countries as registry.Country (name, iso3, region, subregion, iom_office).
PARTNERS: tuple[registry.Country, ...] = _REGISTRY.countries

# (country, UN region as written in the dataset, UN subregion), in alphabetical order (registry.yaml).
COUNTRIES: tuple[tuple[str, str, str], ...] = tuple((c.name, c.region, c.subregion) for c in _REGISTRY.countries)

# Reader-facing names (English; translated with the contexts "country" and "subregion").
COUNTRY_NAME = {c.name: c.name for c in _REGISTRY.countries}
SUBREGION_NAME = _REGISTRY.subregions.labels()
REGIONS = tuple(dict.fromkeys(region for _, region, _ in COUNTRIES))  # Africa, Asia


def region_of(country: str) -> str:
    """The dataset's region (as written in the file) for a COMPASS country."""
    return _REGISTRY.country(country).region


def countries_in(region: str) -> tuple[str, ...]:
    return tuple(name for name, r, _ in COUNTRIES if r == region)


def country_name(country: str) -> str:
    return pgettext(registry.COUNTRY_CONTEXT, COUNTRY_NAME[country])


def country_form(country: str, form: str) -> str:
    """A phrase that carries the country's name with its grammar, e.g. "Chad lies in" (registry forms)."""
    partner = next(c for c in PARTNERS if c.name == country)
    return pgettext(registry.form_context(form), partner.forms[form])


def subregion_name(subregion: str) -> str:
    return pgettext(registry.SUBREGION_CONTEXT, SUBREGION_NAME[subregion])


def subregions_in(region: str) -> list[str]:
    """The UN subregions of a region's partner countries, by name, in the edition's alphabetical order."""
    from ctdc_story.text import collation

    return collation.sorted_names({subregion_name(c.subregion) for c in PARTNERS if c.region == region})


def country_table() -> pd.DataFrame:
    """The partner countries with their region and subregion, translated for the edition, in its
    alphabetical order (text.collation)."""
    from ctdc_story.text import collation, labels

    rows = collation.sorted_names(COUNTRIES, name=lambda row: country_name(row[0]))
    return pd.DataFrame(
        {
            gettext(N_("Country")): [country_name(c) for c, _, _ in rows],
            gettext(N_("UN region (finest geography in the data)")): [labels.category("region", r) for _, r, _ in rows],
            gettext(N_("UN subregion (not in the data)")): [subregion_name(s) for _, _, s in rows],
        }
    )


def names_list(names: list[str]) -> str:
    """Names joined as the edition's language joins a list ("A, B and C"; Babel's CLDR patterns)."""
    return fmt_list(names)
