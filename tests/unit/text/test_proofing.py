"""The catalog proofing (issue 15, "Gates"): each check finds the defect it is for, leaves correct
text alone, and the published catalogs pass them all; the build refuses a catalog that fails."""

from __future__ import annotations

import pytest

from ctdc_story.build import cli
from ctdc_story.meta.console import BuildError
from ctdc_story.text import proofing
from ctdc_story.text.proofing import FINE, NBSP, Problem, Term, french_spacing, term_problems, typography_problems

FRENCH_DEFECTS = {
    "Base : {base}": "before :",
    "Fichiers:": "before :",
    "les parts totalisent 100 %.": "before %",
    "les parts totalisent 100%.": "before %",
    f"totalisent 100{NBSP}%.": "before %",
    f"données{NBSP}; base": "before ; ? !",
    "Les auteurs sont-ils de la région ?": "before ; ? !",
    f"«non{NBSP}»": "inside « »",
    "la victime d'un auteur": "straight apostrophe",
}


@pytest.mark.parametrize("text", FRENCH_DEFECTS)
def test_each_french_typography_defect_is_found_and_french_spacing_mends_it(text):
    found = typography_problems("fr", text)
    assert any(FRENCH_DEFECTS[text] in why for why in found), found
    if "'" not in text:
        assert typography_problems("fr", french_spacing(text)) == []


def test_french_spacing_leaves_markup_urls_and_placeholders_alone_and_is_stable():
    text = "Voir https://example.org/a?b=1 ; {glue:text}`n_records` ! ![logo](x.png) « oui » : fin"
    fixed = french_spacing(text)
    assert fixed == (
        f"Voir https://example.org/a?b=1{FINE}; {{glue:text}}`n_records`{FINE}! ![logo](x.png) "
        f"«{NBSP}oui{NBSP}»{NBSP}: fin"
    )
    assert french_spacing(fixed) == fixed
    assert typography_problems("fr", fixed) == []


ARABIC_DEFECTS = [
    "النساء, والرجال",
    "سجلات الضحايا; وسجلات الجناة",
    "هل ينتمي الجناة إلى منطقة الضحية?",
    "{female}, {male}، والأطفال",
    "من أفريقيا → آسيا",
]
ARABIC_CORRECT = [
    "النساء، والرجال؛ والأطفال",
    "هل ينتمي الجناة إلى منطقة الضحية؟",
    "17,584 سجلاً",
    "المنظمة الدولية للهجرة (IOM, CTDC)",
    "Counter Trafficking Data Collaborative, 2022",
]


@pytest.mark.parametrize("text", ARABIC_DEFECTS)
def test_latin_punctuation_and_arrows_in_arabic_text_are_found(text):
    assert typography_problems("ar", text), text


@pytest.mark.parametrize("text", ARABIC_CORRECT)
def test_arabic_punctuation_digits_and_latin_runs_pass(text):
    assert typography_problems("ar", text) == []


def test_a_rendering_listed_as_not_used_is_found():
    terms = [
        Term("the publication", "fr", "publication", ("récit", "ouvrage")),
        Term("recruitment", "ar", "التوظيف", ("التجنيد",)),
    ]
    assert term_problems("fr", "Les chiffres de cet ouvrage", terms)
    assert term_problems("fr", "Les chiffres de cette publication", terms) == []
    assert term_problems("ar", "ولأغراض التجنيد", terms)
    assert term_problems("ar", "تنظيم التوظيف", terms) == []


def test_terms_md_lists_renderings_not_used_in_both_languages():
    listed = proofing.terms()
    assert {t.lang for t in listed} == {"fr", "ar"}
    assert all(t.kept and t.not_used for t in listed)
    for term in listed:  # the kept term is not itself listed as not used
        assert not term_problems(term.lang, term.kept, [term]), term


def test_a_waiver_that_waives_nothing_is_a_problem(monkeypatch, tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text('- {lang: fr, check: unchanged, msgid: "No such message", why: "test"}\n', encoding="utf-8")
    monkeypatch.setattr(proofing, "WAIVERS", waivers)
    stale = [p for p in proofing.all_problems() if p.domain == "waivers"]
    assert [p.msgid for p in stale] == ["No such message"]


def test_a_merge_conflict_left_in_a_catalog_is_a_problem(monkeypatch, tmp_path):
    po = tmp_path / "fr" / "LC_MESSAGES" / "code.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\n<<<<<<< HEAD\nmsgstr "b"\n=======\nmsgstr "c"\n>>>>>>> branch\n', encoding="utf-8")
    monkeypatch.setattr(proofing.settings, "LOCALES", tmp_path)
    found = list(proofing.conflict_problems("fr", "code"))
    assert [p.detail for p in found] == [f"a merge conflict marker at line {n}" for n in (2, 4, 6)]


def test_the_published_catalogs_pass_every_check():
    problems = proofing.all_problems()
    assert not problems, "\n".join(map(str, problems))


def test_the_build_refuses_catalogs_that_fail(monkeypatch):
    problem = Problem("fr", "code", "variables", "{n} records", "Do not translate: {n}")
    monkeypatch.setattr(proofing, "all_problems", lambda: [problem])
    with pytest.raises(BuildError, match=r"proofing \(1 found\), so no edition is built(.|\n)*\{n\} records"):
        cli.check_catalogs()
