"""Every artifact names the file it was built from (issue 16): when the site's manifest says the
dataset is not the CTDC release, a page's source line, the CSV headers, the zip's README and the
briefs give the file's name and sha256 in every edition; for the release, none says so.

`make small-build` runs this on its site (built from a generated file that is not the release);
`make site-tests` on the official build."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest

from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from ctdc_story.text import i18n
from support.site import SITE, chart_pages

pytestmark = pytest.mark.site

LTR_MARKS = str.maketrans("", "", "\u2066\u2069")


@pytest.fixture(scope="module")
def built_from() -> dict:
    return json.loads((SITE / "manifest.json").read_text())["dataset"]


def says_other_file(text: str, dataset: dict) -> bool:
    text = text.translate(LTR_MARKS)
    return dataset["file"] in text and dataset["sha256"] in text


def release_wording(lang: str) -> str:
    """The edition's own words for 'not the CTDC release', taken from its OTHER_FILE sentence."""
    return i18n.translate(charts.OTHER_FILE, lang).split("{date}")[0].split("{sha256}")[-1].strip(" ),")


def source_lines(lang: str) -> list[str]:
    page = next(p for p in chart_pages(lang) if "notebooks" in p.parts)
    return re.findall(r'<p class="ctdc-figure__source">(.*?)</p>', page.read_text(), re.S)


def brief_text(lang: str) -> str:
    pdf = sorted((SITE / lang / "briefs").glob("*.pdf"))[0]
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_artifacts_name_the_file_they_were_built_from(built_from, lang):
    csv_head = next((SITE / lang / "data").glob("*.csv")).read_text(encoding="utf-8-sig").split("\n#", 3)[:3]
    with zipfile.ZipFile(SITE / lang / "data" / f"{lang}-figures.zip") as archive:
        readme = next(archive.read(n).decode() for n in archive.namelist() if not n.endswith(".csv"))
    lines = source_lines(lang)
    assert lines, "no source line on the chapter page"
    texts = {"source line": lines[0], "CSV header": "\n".join(csv_head), "zip README": readme}
    if built_from["official_release"]:
        for where, text in texts.items():
            assert built_from["sha256"] not in text and release_wording(lang) not in text, where
        return
    for where, text in texts.items():
        assert says_other_file(text, built_from), f"{where} ({lang}) does not name {built_from['file']}"
    assert all(says_other_file(line, built_from) for line in lines)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_briefs_name_the_file_they_were_built_from(built_from, lang):
    text = " ".join(brief_text(lang).split())
    if built_from["official_release"]:
        assert built_from["sha256"] not in text
    else:
        # pdftotext may break the 64-character checksum over two lines: compare without spaces
        assert built_from["file"] in text and built_from["sha256"] in text.replace(" ", "")
