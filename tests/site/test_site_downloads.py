"""Downloads, embeddable pages, the Embed page and the Binder buttons of the built site."""

from __future__ import annotations

import csv
import re
import zipfile

import pytest
import yaml

from ctdc_story.meta import settings
from ctdc_story.presentation import charts
from ctdc_story.publication import downloads
from support.aggregates import check_private
from support.site import CHAPTERS, SITE, is_external, pages, parse

pytestmark = pytest.mark.site


def figure_keys(lang: str) -> set[str]:
    """The keys of the figures on the edition's book pages (embeddable pages excluded)."""
    keys = set()
    for path in pages(lang):
        if path.parent.parent.name != "embed":
            keys |= set(re.findall(r'<figure class="ctdc-figure" id="fig-([\w-]+)"', path.read_text()))
    return keys


def read_csv(path):
    text = path.read_bytes().decode("utf-8-sig")
    head = [line for line in text.splitlines() if line.startswith("#")]
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    return head, rows[0], rows[1:]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_figure_links_to_its_csv_which_is_private(lang):
    keys = figure_keys(lang)
    assert len(keys) >= 15
    for path in pages(lang):
        folder = "" if path.parent.parent.name == "embed" else "../data/"  # an embed has its own copy
        for key in re.findall(r'<figure class="ctdc-figure" id="fig-([\w-]+)"', path.read_text()):
            assert f'href="{folder}{key}.csv"' in path.read_text(), (path, key)
    for key in keys:
        head, columns, rows = read_csv(SITE / lang / "data" / f"{key}.csv")
        assert rows, key
        check_private(columns, rows)
        assert len(head) >= 6 and head[0].startswith("# ") and settings.DATA_PAGE in "".join(head)


def test_columns_are_stable_and_labels_follow_the_edition():
    english = read_csv(SITE / "en" / "data" / "victims-flows.csv")
    for lang in ("fr", "ar"):
        other = read_csv(SITE / lang / "data" / "victims-flows.csv")
        assert other[1] == english[1] == list(charts.DATA_COLUMNS)
        assert [r[0] for r in other[2]] == [r[0] for r in english[2]]  # codes stay
        assert other[0][0] != english[0][0]  # the title is the edition's


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_zip_holds_every_csv_and_a_readme(lang):
    path = SITE / lang / "data" / downloads.zip_name(lang)
    archive = zipfile.ZipFile(path)
    names = set(archive.namelist())
    assert names == {f"{k}.csv" for k in figure_keys(lang)} | {"README.txt"}
    for key in figure_keys(lang):
        assert archive.read(f"{key}.csv") == (SITE / lang / "data" / f"{key}.csv").read_bytes()
    assert all(info.date_time == downloads.ZIP_DATE for info in archive.infolist())


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
def test_embed_pages_are_standalone(lang, direction):
    for key in figure_keys(lang):
        path = SITE / lang / "embed" / key / "index.html"
        found = parse(path)
        assert found.html_attrs == {"lang": lang, "dir": direction, "data-ctdc-embed": key}, path
        assert "ctdc.js" in found.urls and not any("plotly" in u for u in found.urls), path  # ctdc.js fetches it
        assert not [u for u in found.urls if is_external(u)]
        for url in found.urls:  # every address is a file of the embed's own folder
            assert (path.parent / url).resolve().parent == path.parent.resolve() and (path.parent / url).exists(), url
        assert (path.parent / "plotly.min.js").exists() and (path.parent / f"{key}.csv").exists()
        text = path.read_text()
        for part in ("ctdc-figure__title", "ctdc-figure__guide", "ctdc-figure__source", "<details", "<table"):
            assert part in text, (path, part)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_embed_page_lists_a_preview_and_a_snippet_per_figure(lang):
    text = (SITE / lang / "book" / "embed.html").read_text()
    for key in figure_keys(lang):
        assert f'data-ctdc-src="../embed/{key}/index.html"' in text, key
        assert f'<iframe src="../embed/{key}/index.html"' in text, key  # the preview
    assert f'href="../data/{downloads.zip_name(lang)}"' in text


def test_launch_buttons_point_at_the_repository_and_the_notebook():
    config = yaml.safe_load((settings.ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    for lang in settings.LANGUAGES:
        for chapter in CHAPTERS:
            text = (SITE / lang / "notebooks" / f"{chapter}.html").read_text()
            url = (
                f"{config['launch_buttons']['binderhub_url']}/v2/gh/{repo}/{config['repository']['branch']}"
                f"?urlpath=tree/notebooks/{chapter}.md"
            )
            assert f'href="{url}"' in text, (lang, chapter)
        explorer = (SITE / lang / "book" / "explorer.html").read_text()
        assert "?urlpath=tree/notebooks/explorer.md" in explorer
    assert not (SITE / "en" / "notebooks" / "explorer.html").exists()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_embed_pages_draw_in_a_browser_with_nothing_from_outside(page, lang):
    for key in sorted(figure_keys(lang)):
        page.goto((SITE / lang / "embed" / key / "index.html").as_uri())
        page.wait_for_selector(".ctdc-plot .main-svg")  # a figure alone: on screen, so drawn at once
        assert (
            page.locator(".ctdc-plot g.point path, .ctdc-plot g.hm image, .ctdc-plot g.heatmaplayer image").count() > 0
        ), key
        assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    assert not page.outside, page.outside
    assert not page.errors, page.errors
