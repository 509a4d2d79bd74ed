"""The 14 COMPASS partner countries and the UN regions whose figures apply to them.

The dataset's finest geography is the UN continental region (GUIDE §1): a
country is shown with its region's figures, and the text says so.
"""
from __future__ import annotations

import pandas as pd

from .i18n import N_, gettext

# (country, UN region as written in the dataset, UN subregion), in alphabetical order.
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("Afghanistan", "Asia", "Southern Asia"),
    ("Algeria", "Africa", "Northern Africa"),
    ("Chad", "Africa", "Middle Africa"),
    ("Egypt", "Africa", "Northern Africa"),
    ("Ethiopia", "Africa", "Eastern Africa"),
    ("Iraq", "Asia", "Western Asia"),
    ("Lebanon", "Asia", "Western Asia"),
    ("Libya", "Africa", "Northern Africa"),
    ("Mali", "Africa", "Western Africa"),
    ("Morocco", "Africa", "Northern Africa"),
    ("Niger", "Africa", "Western Africa"),
    ("Nigeria", "Africa", "Western Africa"),
    ("Sudan", "Africa", "Northern Africa"),
    ("Tunisia", "Africa", "Northern Africa"),
)

# Reader-facing names, translated through the code catalog.
COUNTRY_NAME = {
    "Afghanistan": N_("Afghanistan"), "Algeria": N_("Algeria"), "Chad": N_("Chad"),
    "Egypt": N_("Egypt"), "Ethiopia": N_("Ethiopia"), "Iraq": N_("Iraq"), "Lebanon": N_("Lebanon"),
    "Libya": N_("Libya"), "Mali": N_("Mali"), "Morocco": N_("Morocco"), "Niger": N_("Niger"),
    "Nigeria": N_("Nigeria"), "Sudan": N_("Sudan"), "Tunisia": N_("Tunisia"),
}
SUBREGION_NAME = {
    "Northern Africa": N_("Northern Africa"), "Western Africa": N_("Western Africa"),
    "Middle Africa": N_("Middle Africa"), "Eastern Africa": N_("Eastern Africa"),
    "Southern Asia": N_("Southern Asia"), "Western Asia": N_("Western Asia"),
}
REGIONS = tuple(dict.fromkeys(region for _, region, _ in COUNTRIES))  # Africa, Asia


def region_of(country: str) -> str:
    """The dataset's region (as written in the file) for a COMPASS country."""
    for name, region, _ in COUNTRIES:
        if name == country:
            return region
    raise KeyError(f"{country!r} is not a COMPASS partner country")


def countries_in(region: str) -> tuple[str, ...]:
    return tuple(name for name, r, _ in COUNTRIES if r == region)


def country_name(country: str) -> str:
    return gettext(COUNTRY_NAME[country])


def subregion_name(subregion: str) -> str:
    return gettext(SUBREGION_NAME[subregion])


def country_table() -> pd.DataFrame:
    """The partner countries with their region and subregion, translated for the edition."""
    from . import labels

    return pd.DataFrame({
        gettext(N_("Country")): [country_name(c) for c, _, _ in COUNTRIES],
        gettext(N_("UN region (finest geography in the data)")): [
            labels.category("region", r) for _, r, _ in COUNTRIES],
        gettext(N_("UN subregion (not in the data)")): [subregion_name(s) for _, _, s in COUNTRIES],
    })
