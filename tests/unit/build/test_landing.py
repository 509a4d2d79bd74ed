"""The landing page's blocks (build.landing) and every page's share card (build.sharing), without a build."""

from __future__ import annotations

import re

import pytest

from ctdc_story.build import landing, sharing
from ctdc_story.meta.console import BuildError
from ctdc_story.text import i18n

PAGE = f"# Title\n\nOne sentence.\n\n{landing.ACTIONS_MARK}\n\n- a card\n\n{landing.CHART_MARK}\n"


def payload(key: str = landing.CHART, title: str = "Recruiters are named most often") -> dict:
    return {
        "key": key,
        "title": title,
        "guide": "Each bar shows a share.",
        "summary": "Recruiter 61%, exploiter 49%.",
        "source": "Source: CTDC (n = 19,380).",
        "static": [
            {"name": "narrow", "width": 328, "height": 196, "src": f"../figures/{key}-narrow.svg"},
            {"name": "wide", "width": 688, "height": 196, "src": f"../figures/{key}-wide.svg"},
        ],
    }


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_marks_become_the_actions_and_the_chart_in_the_edition(lang):
    text = landing.with_blocks(PAGE, lang, [payload("other"), payload()])
    assert "{ctdc-landing-" not in text and text.count("```{raw} html") == 2
    # the picker, whose summary is the first call to action, and the briefs page
    assert f'<summary class="ctdc-countries__summary">{i18n.translate("Find your country", lang)}</summary>' in text
    assert f'href="../{landing.BRIEFS_PAGE}.html">{i18n.translate("Download your country brief", lang)}</a>' in text
    assert text.count('href="../countries/') == 14
    # the chart: the figure's own static picture, described by its summary, linked to its chapter
    assert f'src="../figures/{landing.CHART}-narrow.svg" width="328" height="196"' in text
    assert 'alt="Recruiter 61%, exploiter 49%."' in text
    assert f'href="../{landing.CHART_PAGE}.html#fig-{landing.CHART}">Recruiters are named most often</a>' in text
    assert "Source: CTDC (n = 19,380)." in text
    # the prose around the marks is left as it was
    assert text.startswith("# Title\n\nOne sentence.\n\n```{raw} html\n") and "\n- a card\n" in text


def test_a_page_without_the_marks_is_left_alone():
    assert landing.with_blocks("# Chapter\n\nText.\n", "fr", []) == "# Chapter\n\nText.\n"


def test_a_missing_chart_stops_the_build_with_its_key():
    with pytest.raises(BuildError, match=re.escape(repr(landing.CHART))):
        landing.with_blocks(PAGE, "en", [payload("other")])


BODY = """<section><h1>Who the victims are</h1>
<p class="admonition-title">Key findings</p>
<p>Short.</p>
<p>Women and girls make up <span>54%</span> of the records. Children make up 7% of them. A third sentence that
is long enough to take the description well past its length of two hundred characters or so, which stops here. A fourth one.</p>
<figure class="ctdc-figure" id="fig-victims-table" aria-labelledby="x"></figure>
<figure class="ctdc-figure" id="fig-victims-exploitation" aria-labelledby="y"></figure>
</section>"""


def test_the_description_is_the_first_sentences_of_the_first_paragraph_of_prose():
    text = sharing.description(BODY, "fallback")
    assert text.startswith("Women and girls make up 54% of the records. Children make up 7% of them. A third sentence")
    assert text.endswith("which stops here.") and "fourth" not in text and "<" not in text
    assert sharing.description("<div><p>Too short.</p></div>", "fallback") == "fallback"
    # sentences end with Arabic's question mark too
    long = "تمثل النساء والفتيات 54% من السجلات التي سُجّل فيها نوع جنس الضحية " * 4
    arabic = f"<p>{long.strip()}؟ جملة ثانية.</p>"
    assert sharing.description(arabic, "") == long.strip() + "؟"


def test_the_card_shows_the_first_figure_that_has_a_picture_or_else_the_landing_chart():
    titles = {"victims-exploitation": "Forced labour is the most common type", landing.CHART: "Recruiters"}
    card = sharing.card(
        "notebooks/02_victims", "Who the <em>victims</em> are", BODY, "fr", "https://example.org/s/fr/", "Site", titles
    )
    assert card["image"] == "https://example.org/s/fr/figures/victims-exploitation-wide.png"
    assert card["image_alt"] == "Forced labour is the most common type"
    assert card["url"] == "https://example.org/s/fr/notebooks/02_victims.html"
    assert card["title"] == "Who the victims are" and card["locale"] == "fr_FR"
    assert card["alternates"] == ["en_GB", "ar_AR"]
    plain = sharing.card("genindex", "", "<div></div>", "ar", "https://example.org/s/ar", "الموقع", titles)
    assert plain["image"] == f"https://example.org/s/ar/figures/{landing.CHART}-wide.png"
    assert plain["title"] == "الموقع" and plain["locale"] == "ar_AR"
    # a page without prose is described in its edition's language
    assert plain["description"] == i18n.translate(sharing.FALLBACK, "ar") != sharing.FALLBACK
    assert re.search("[\u0600-\u06ff]", plain["description"])
