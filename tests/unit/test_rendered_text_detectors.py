"""The detectors of tests/site/test_rendered_text.py find each defect they are for, on crafted
strings, and pass the correct forms: a gate that cannot fail is a defect."""

from __future__ import annotations

import json

import pytest

from support import rendered

ENGLISH_PAGE = [
    "The share of records with a recruiter",
    "Toggle primary sidebar",
    "Main",
    "Source: Counter Trafficking Data Collaborative (CTDC), release of 1 December 2022",
]
GRAMS = rendered.english_ngrams(ENGLISH_PAGE)
WHOLE = set(ENGLISH_PAGE)


@pytest.mark.parametrize(
    "text",
    [
        "La part des enregistrements : the share of records with a recruiter",  # a run of the English page
        "Main",  # a whole string of the English page
        "Basculer la barre Toggle",  # a function word
        "Download",
        "1 200 of records",
    ],
)
def test_english_is_found(text):
    assert rendered.english_in(text, GRAMS, WHOLE, kept=set())


@pytest.mark.parametrize(
    "text",
    [
        "La part des enregistrements qui mentionnent un recruteur",
        "Source : Counter Trafficking Data Collaborative (CTDC), version du 1er décembre 2022",
        "Fichier CTDC_VPsynthetic_condensed.csv, https://www.ctdcdata.org/the-data",
        "Organisation internationale pour les migrations (OIM), 2026, Plotly",
        "Mali",
    ],
)
def test_french_names_codes_and_addresses_pass(text):
    assert rendered.english_in(text, GRAMS, WHOLE | {"Mali"}, kept={"Mali"}) is None


def test_latin_words_in_arabic():
    assert rendered.latin_words_in_arabic("شريط Toggle primary sidebar") == "Toggle primary sidebar"
    assert rendered.latin_words_in_arabic("المصدر: CTDC، ملف CTDC_VPsynthetic_condensed.csv") is None


@pytest.mark.parametrize(
    "text, hit",
    [
        ("أفريقيا, آسيا", ","),
        ("أفريقيا ,آسيا", ","),
        ("العمل القسري; الاستغلال الجنسي", ";"),
        ("أفريقيا\u2069, \u2066آسيا", ","),
        ("ما هي المصادر?", "?"),
    ],
)
def test_latin_punctuation_in_arabic_is_found(text, hit):
    assert any(hit in found for found in rendered.arabic_punctuation(text))


@pytest.mark.parametrize(
    "text",
    ["أفريقيا، آسيا؛ أوروبا؟", "17,584 سجلاً", "بلغ عددها 17,584; 2,000", "Afrique, Asie ; Europe ?"],
)
def test_arabic_punctuation_and_digit_grouping_pass(text):
    assert rendered.arabic_punctuation(text) == []


@pytest.mark.parametrize(
    "text, lang",
    [
        ("أفريقيا: 10> سجلات", "ar"),
        ("Afrique : 10> enregistrements", "fr"),
        ("أفريقيا: 10\u2069>", "ar"),
        ("أفريقيا: >10", "ar"),
        (">10 سجلات", "ar"),
        ("أفريقيا: <10 سجلات", "ar"),  # shows as "10>" among Arabic words
    ],
)
def test_reversed_less_than_is_found(text, lang):
    assert rendered.reversed_less_than(text, lang)


@pytest.mark.parametrize(
    "text, lang",
    [("أفريقيا: \u2066<10\u2069 سجلات", "ar"), ("<10", "ar"), ("Afrique : <10", "fr"), ("\u200e<10 سجلات", "ar")],
)
def test_isolated_less_than_passes(text, lang):
    assert rendered.reversed_less_than(text, lang) == []


@pytest.mark.parametrize("arrow", ["→", "←", "⟶", "➔", "⇒", "➡"])
def test_arrow_in_arabic_is_found(arrow):
    assert rendered.arrows_in_arabic(f"أفريقيا {arrow} آسيا") == [arrow]


def test_arrow_outside_arabic_or_vertical_passes():
    assert rendered.arrows_in_arabic("Africa → Asia") == []
    assert rendered.arrows_in_arabic("العودة إلى الأعلى ↑") == []
    assert rendered.arrows_in_arabic("من أفريقيا إلى آسيا") == []


def test_chart_strings_are_the_shown_ones():
    spec = {
        "data": [
            {"hovertext": ["أفريقيا → آسيا<br>76.9%"], "name": "أنثى", "marker": {"color": "#0033A0"}, "type": "bar"}
        ],
        "layout": {
            "title": {"text": "<b>Titre</b>"},
            "xaxis": {"title": {"text": "Axe"}, "ticktext": ["10%"]},
            "annotations": [{"text": "&lt;10", "xref": "paper"}],
            "font": {"family": "Noto Sans"},
        },
    }
    strings = rendered.spec_strings(json.loads(json.dumps(spec)))
    assert sorted(strings) == sorted(["أفريقيا → آسيا 76.9%", "أنثى", "Titre", "Axe", "10%", "<10"])


def test_static_svg_texts(tmp_path):
    svg = tmp_path / "chart.svg"
    svg.write_text(
        "<svg><title>العنوان</title><desc>أفريقيا, آسيا</desc><text><tspan>منطقة</tspan><tspan>أفريقيا</tspan></text>"
        "<text>&#60;10</text></svg>",
        encoding="utf-8",
    )
    assert rendered.svg_strings(svg) == ["العنوان", "أفريقيا, آسيا", "منطقة أفريقيا", "<10"]
    assert rendered.snippet_strings('<iframe src="x" title="Le travail forcé &amp; co"></iframe>') == [
        "Le travail forcé & co"
    ]
