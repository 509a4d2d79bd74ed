"""A brief's sentences carry the country's name with the grammar the edition needs (issue 15):
French says "au Niger" and "en Algérie", never a bare name in brackets."""

from __future__ import annotations

import pytest

from ctdc_story.publication import briefs
from ctdc_story.text import edition


@pytest.mark.parametrize(
    "lang, country, says",
    [
        ("en", "Niger", "from the situation in Niger."),
        ("fr", "Niger", "de la situation au Niger."),
        ("fr", "Algeria", "de la situation en Algérie."),
        ("fr", "Egypt", "de la situation en Égypte."),
        ("ar", "Niger", "عن الوضع في النيجر."),
    ],
)
def test_the_regional_note_names_the_country_as_a_sentence_does(lang, country, says):
    with edition.using(lang):
        note = briefs.heading_context(country, lang)["note"]
    assert note.endswith(says), note


@pytest.mark.parametrize(
    "lang, country, phrases",
    [
        ("en", "Niger", ("the context of Niger,", "recording cases in Niger with")),
        ("fr", "Niger", ("le contexte du Niger,", "enregistrer les cas au Niger selon")),
        ("fr", "Algeria", ("le contexte de l’Algérie,", "enregistrer les cas en Algérie selon")),
        ("ar", "Niger", ("وضع النيجر،", "تسجيل الحالات في النيجر وفق")),
    ],
)
def test_the_suggestions_name_the_country_as_a_sentence_does(lang, country, phrases):
    from ctdc_story.text import compass

    with edition.using(lang):
        text = " ".join(
            briefs.policy(
                "suggestions",
                country=compass.country_name(country),
                in_country=compass.country_form(country, "in"),
                of_country=compass.country_form(country, "of"),
                region="R",
                own="1%",
                recruiter="2%",
                paid="3%",
            )
        )
    for phrase in phrases:
        assert phrase in text, text
