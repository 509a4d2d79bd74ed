"""Facts about the dataset release and where the project keeps things."""

from __future__ import annotations

import os
from pathlib import Path

LANGUAGES = ("en", "fr", "ar")  # the editions, in the order the site lists them

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
BUILD = Path(os.environ.get("CTDC_BUILD_DIR", ROOT / "_build")).resolve()

DATA_FILENAME = "CTDC_VPsynthetic_condensed.csv"
DATA_SHA256 = "1ce1c5a7bccab2e8baeab7dd8f06f70e657aabf411ebaf5d3fb9c2d15064fb8f"
DATA_SIZE = 1_407_512
DATA_RELEASE = "2022-12-01"
DATA_PAGE = "https://www.ctdatacollaborative.org/global-victim-perpetrator-synthetic-dataset"
DATA_URL = os.environ.get(
    "CTDC_DATA_URL",
    "https://www.ctdatacollaborative.org/sites/default/files/" + DATA_FILENAME,
)
DEFAULT_DATA_PATH = ROOT / "data" / "raw" / DATA_FILENAME


def data_path() -> Path:
    """The dataset to read: ``CTDC_DATA`` if set, else the copy under data/raw."""
    given = os.environ.get("CTDC_DATA")
    return Path(given).expanduser().resolve() if given else DEFAULT_DATA_PATH


def edition_date() -> str:
    """The date the edition carries (ISO): CTDC_EDITION_DATE, else the last commit's date.

    Builds write no other date or time, so the same inputs give the same files.
    """
    import datetime
    import subprocess

    given = os.environ.get("CTDC_EDITION_DATE")
    if given:
        return datetime.date.fromisoformat(given).isoformat()
    done = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    return datetime.date.today().isoformat()


def in_site_build() -> bool:
    """Whether notebooks run for the static site (the build sets CTDC_SITE_BUILD=1): only there
    do the files a figure links to (its CSV, its embeddable page) exist."""
    return os.environ.get("CTDC_SITE_BUILD") == "1"
