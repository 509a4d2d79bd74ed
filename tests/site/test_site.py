"""Checks on the built site: three editions, language markup, figures with data, nothing fetched
from outside the site. Run after the build (make test does)."""

from __future__ import annotations

import re

import pytest

from ctdc_story.meta import settings
from support.site import CHAPTERS, SITE, is_external, pages, parse, plots

pytestmark = pytest.mark.site


@pytest.fixture(scope="module", autouse=True)
def built():
    if not (SITE / "index.html").exists():
        pytest.fail(f"No site at {SITE}: run `make book` first")


def test_three_editions_and_a_chooser():
    chooser = (SITE / "index.html").read_text()
    for lang in settings.LANGUAGES:
        assert (SITE / lang / "index.html").exists()
        assert f'href="{lang}/index.html"' in chooser
        for chapter in CHAPTERS:
            assert (SITE / lang / "notebooks" / f"{chapter}.html").exists()
    assert "navigator.languages" in chooser


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")])
def test_language_and_direction_on_every_page(lang, direction):
    for page in pages(lang):
        attrs = parse(page).html_attrs
        assert attrs.get("lang") == lang, page
        assert attrs.get("dir") == direction, page


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_nothing_is_loaded_from_outside_the_site(lang):
    offenders = []
    for page in pages(lang):
        offenders += [(page.name, u) for u in parse(page).urls if is_external(u)]
    for css in (SITE / lang).rglob("*.css"):
        offenders += [(css.name, u) for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text())]
        offenders += [(css.name, u) for u in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", css.read_text())]
    assert not offenders


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_local_resource_exists(lang):
    missing = []
    for page in pages(lang):
        for url in parse(page).urls:
            if not is_external(url) and not url.startswith(("data:", "#")):
                target = (page.parent / url.split("?")[0].split("#")[0]).resolve()
                if not target.exists():
                    missing.append((str(page.relative_to(SITE)), url))
    assert not missing


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_chapter_has_figures_drawn_by_the_local_plotly(lang):
    """Each figure carries its plot spec and its static SVGs; the page itself loads no plotly.js (ctdc.js
    fetches the edition's own copy, which is there, once a chart nears the screen)."""
    assert (SITE / lang / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    for chapter in CHAPTERS:
        page = SITE / lang / "notebooks" / f"{chapter}.html"
        text = page.read_text()
        found = plots(text)
        assert found, f"{page} has no figure"
        for plot_id, traces, _layout in found:
            values = [v for t in traces for key in ("x", "z") for v in _flat(t.get(key, [])) if v is not None]
            assert values, f"{page}: {plot_id} has no data"
            assert f'id="{plot_id}"' in text
            key = plot_id.removeprefix("plot-")
            for name in ("narrow", "wide"):
                assert (SITE / lang / "figures" / f"{key}-{name}.svg").stat().st_size > 1000, (page, key, name)
        scripts = parse(page).urls
        assert not any("plotly" in u for u in scripts), page
        assert any(u.split("?")[0].endswith("_static/ctdc.js") for u in scripts), page


def _flat(values):
    for v in values:
        yield from (_flat(v) if isinstance(v, list) else [v])


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_figure_has_title_guide_source_and_table(lang):
    figures = []
    for page in pages(lang):
        figures += [
            (page.name, f) for f in re.findall(r'<figure class="ctdc-figure".*?</figure>', page.read_text(), re.S)
        ]
    assert len(figures) >= len(CHAPTERS)
    for name, figure in figures:
        for part in (
            "ctdc-figure__title",
            "ctdc-figure__guide",
            "ctdc-figure__summary",
            "ctdc-figure__source",
            "<table",
            '<th scope="col"',
            "ctdc-plot-spec",
            "<picture",
        ):
            assert part in figure, (name, part)
            title = re.search(r'class="ctdc-figure__title"[^>]*>([^<]+)<', figure)
            assert title and title.group(1).strip()


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_language_switcher_leads_to_the_same_page(lang):
    for page in pages(lang):
        if page.parent.parent.name == "embed":  # pages made for an iframe carry no navigation
            continue
        text = page.read_text()
        links = re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"', text)
        assert {code for _, code in links} == set(settings.LANGUAGES) - {lang}, page
        for href, code in links:
            target = (page.parent / href).resolve()
            assert target.exists(), (page, href)
            # The site is a link to its release: compare the paths it resolves to.
            assert target.relative_to((SITE / code).resolve()) == page.resolve().relative_to((SITE / lang).resolve())


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_about_page_names_the_data_file_and_checksum(lang, dataset):
    text = (SITE / lang / "book" / "about.html").read_text()
    assert dataset.sha256 in text and dataset.path.name in text


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_no_unresolved_glue_or_raw_markup(lang):
    for page in pages(lang):
        text = page.read_text()
        assert "{glue}" not in text and "```{" not in text and ":::{" not in text, page
