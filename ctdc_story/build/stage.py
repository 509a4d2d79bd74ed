"""Staging: an edition's sources in _build/stage/<lang>, prose translated, notebooks executed,
with the edition's own _config.yml, _toc.yml and theme catalog."""

from __future__ import annotations

from pathlib import Path

import yaml

from ctdc_story.build import countries, landing
from ctdc_story.build.execute import executed_notebook
from ctdc_story.build.sources import is_notebook, page_options, translated_markdown
from ctdc_story.data import loader
from ctdc_story.meta import project, settings
from ctdc_story.meta.console import BuildError, write_if_changed
from ctdc_story.presentation.assets import plotly_js
from ctdc_story.publication import downloads
from ctdc_story.text import edition, i18n

ROOT = settings.ROOT
BUILD = settings.BUILD
COUNTRY_PAGES_AFTER = "notebooks/05_compass"  # the country pages follow the part of this chapter


class Staged:
    """One edition's staging folder: files are written only when they change, and whatever was
    not put there by this staging is removed at the end (``remove_stale``)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.expected: set[Path] = set()

    def put(self, rel: str, content: str | bytes) -> None:
        self.expected.add(self.target / rel)
        write_if_changed(self.target / rel, content)

    def remove_stale(self) -> None:
        for stale in [p for p in self.target.rglob("*") if p.is_file() and p not in self.expected]:
            stale.unlink()


def stage(lang: str, dataset: loader.Dataset) -> tuple[Path, list[dict]]:
    """Write the edition's sources (translated prose, executed notebooks) to _build/stage/<lang>.

    Returns the folder and the payloads of the edition's figures. Pages whose front matter says
    ``ctdc: {book: false}`` (the interactive explorer) are left out; pages that list the figures
    (``ctdc: {needs_figures: true}``, the Embed page) run last, with the list in CTDC_FIGURES.
    """
    staged = Staged(BUILD / "stage" / lang)
    translations = i18n.catalog(lang, "prose")
    figures: list[dict] = []
    late: list[Path] = []
    notebooks: list[tuple[Path, str]] = []  # staged once every figure is known (their shares link to them)
    put_edition_files(staged, lang, dataset)
    for path in book_sources():
        if page_options(path).get("needs_figures"):
            late.append(path)
        else:
            put_source(staged, path, lang, dataset, translations, figures, notebooks)
    put_country_pages(staged, lang, dataset, figures)
    for path, notebook in notebooks:
        put_notebook(staged, path, linked_numbers(path, notebook, figures), lang)
    listing = BUILD / "figures" / f"{lang}.json"
    write_if_changed(listing, downloads.manifest(figures))
    for path in late:
        executed = executed_notebook(path, lang, dataset, translations, [], listing)
        put_notebook(staged, path, linked_numbers(path, executed, figures), lang, figures)
    staged.remove_stale()
    return staged.target, figures


def put_edition_files(staged: Staged, lang: str, dataset: loader.Dataset) -> None:
    """The edition's own configuration, table of contents, theme catalogs and plotly.js."""
    staged.put("_config.yml", edition_config(lang, dataset))
    staged.put("_toc.yml", edition_toc(lang))
    for domain in ("sphinx", "booktheme"):
        staged.put(f"_locale/{lang}/LC_MESSAGES/{domain}.mo", compiled_theme_catalog(lang))
    if lang != settings.LANGUAGES[0]:  # the English of the scripts is the source
        staged.put(f"_locale/{lang}/LC_MESSAGES/sphinx.js", search_translations(lang))
    staged.put("book/_static/plotly.min.js", plotly_js())


def book_sources() -> list[Path]:
    """The files of book/ and the notebooks, in order, less the pages kept out of the book."""
    paths = sorted([*(ROOT / "book").rglob("*"), *(ROOT / "notebooks").glob("*.md")])
    return [p for p in paths if p.is_file() and page_options(p).get("book") is not False]


def put_source(
    staged: Staged,
    path: Path,
    lang: str,
    dataset: loader.Dataset,
    translations: dict,
    figures: list[dict],
    notebooks: list[tuple[Path, str]] | None = None,
) -> None:
    """Stage one source: a notebook executed, a page translated, any other file as it is. Given
    ``notebooks``, an executed notebook is added to it, to be staged later, rather than staged now."""
    rel = path.relative_to(ROOT)
    if is_notebook(path):
        executed = executed_notebook(path, lang, dataset, translations, figures)
        if notebooks is not None:
            notebooks.append((path, executed))
        else:
            put_notebook(staged, path, executed, lang)
    elif path.suffix == ".md":
        text = translated_markdown(path.read_text(), translations, path, lang)
        staged.put(str(rel), countries.with_picker(text, lang))
    else:
        staged.put(str(rel), path.read_bytes())


def linked_numbers(path: Path, notebook: str, figures: list[dict]) -> str:
    """The executed notebook with its glued shares linked to the figures and CSV rows that show
    them (build/numbers.py)."""
    import nbformat

    from ctdc_story.build import numbers

    parsed = nbformat.reads(notebook, as_version=4)
    numbers.link(parsed, str(path.relative_to(ROOT)), figures)
    return nbformat.writes(parsed) + "\n"


def put_notebook(staged: Staged, path: Path, notebook: str, lang: str, figures: list[dict] | None = None) -> None:
    """Stage an executed notebook, with the country picker and the landing page's blocks (build.landing,
    from the edition's ``figures``) where a markdown cell asks for them."""
    if "{ctdc-country-picker}" in notebook or "{ctdc-landing-" in notebook:
        import nbformat

        parsed = nbformat.reads(notebook, as_version=4)
        for cell in parsed.cells:
            if cell.cell_type == "markdown":
                cell.source = landing.with_blocks(countries.with_picker(cell.source, lang), lang, figures or [])
        notebook = nbformat.writes(parsed) + "\n"
    staged.put(str(path.relative_to(ROOT).with_suffix(".ipynb")), notebook)


def put_country_pages(staged: Staged, lang: str, dataset: loader.Dataset, figures: list[dict]) -> None:
    """The partner countries' pages (build.countries), with their region charts added to the edition's
    figures, so that they are published like every other figure."""
    import time

    from ctdc_story.meta.console import log

    started = time.monotonic()
    pages, payloads = countries.pages(lang, dataset.frame)
    clash = {f["key"] for f in figures} & {p["key"] for p in payloads}
    if clash:
        raise BuildError(f"country pages: figure keys already used by a chapter: {sorted(clash)}")
    figures.extend(payloads)
    for rel, text in pages.items():
        staged.put(rel, text)
    log(f"{lang} · {len(pages)} country pages staged in {time.monotonic() - started:.1f}s")


def theme_strings(lang: str) -> dict[str, str]:
    return i18n.catalog(lang, "theme")


def search_translations(lang: str) -> str:
    """The messages of Sphinx's search scripts (its sphinx.js, which the build copies as
    translations.js), with theme.po in front: Sphinx's own Arabic leaves "Searching" and "Search
    finished, found … page(s)" empty, so the search page spoke English."""
    import json

    import sphinx

    shipped = Path(sphinx.__file__).parent / "locale" / lang / "LC_MESSAGES" / "sphinx.js"
    data: dict = {"locale": lang, "messages": {}, "plural_expr": "(n != 1)"}
    if shipped.is_file():
        text = shipped.read_text(encoding="utf-8")
        data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    data["messages"].update({k: v for k, v in theme_strings(lang).items() if v})
    return f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)});\n"


def compiled_theme_catalog(lang: str) -> bytes:
    """theme.po as a .mo file, for both the Sphinx/pydata and the book theme's catalogs."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale=lang, domain="theme")
    for message, translation in sorted(theme_strings(lang).items()):
        catalog.add(message, translation)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def edition_toc(lang: str) -> str:
    """The table of contents with its part captions translated."""
    toc = project.toc()
    parts = toc.get("parts", [])
    for part in parts:
        part["caption"] = i18n.translate(part["caption"], lang)
    # The generated country pages: a part of their own, after the part that holds chapter 5.
    after = next(
        (
            i
            for i, part in enumerate(parts)
            if any(c.get("file") == COUNTRY_PAGES_AFTER for c in part.get("chapters", []))
        ),
        len(parts) - 1,
    )
    parts.insert(after + 1, countries.toc_part(lang))
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False)


def edition_config(lang: str, dataset: loader.Dataset) -> str:
    config = project.config()
    config["title"] = i18n.translate(config["title"], lang)
    config["author"] = i18n.translate(config["author"], lang)  # the footer names it in the edition's language
    # Each edition lives under <baseurl><lang>/: its canonical addresses say so.
    config["html"]["baseurl"] = config["html"]["baseurl"].rstrip("/") + f"/{lang}/"
    config["sphinx"]["recursive_update"] = True  # merge, do not replace, jupyter-book's theme options
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = lang
    # The theme's interface strings come from locales/<lang>/LC_MESSAGES/theme.po, compiled at staging.
    sphinx["locale_dirs"] = ["_locale"]
    # French translations carry their own typographic apostrophe (’); Sphinx's smart quotes made
    # « d”enregistrements » of one before markup. Docutils' default exclusions stay.
    sphinx["smartquotes_excludes"] = {"languages": ["ja", "fr"], "builders": ["man", "text"]}
    sphinx.setdefault("html_theme_options", {})["search_bar_text"] = theme_strings(lang).get(
        "Search this book...", "Search this book..."
    )
    config["sphinx"].setdefault("extra_extensions", []).append("ctdc_story.build.sphinx_ext")
    sphinx.setdefault("html_context", {}).update(
        {
            "ctdc_languages": [{"code": code, "name": name} for code, name in edition.NAMES.items()],
            "ctdc_direction": i18n.DIRECTION[lang],
            "ctdc_data_sha256": dataset.sha256,
        }
    )
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True)
