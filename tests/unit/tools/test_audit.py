"""The disclosure audit catches a planted violation of each kind, and passes clean files."""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from ctdc_story.data import schema
from ctdc_story.presentation import charts
from ctdc_story.text import i18n
from ctdc_story.tools import audit

CLEAN = "<p>Of the 17,580 records, 54% describe women (n = 17,580).</p>"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in a standard font (enough for pdftotext)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def findings(tmp_path, name: str, content: str | bytes) -> list[audit.Finding]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return audit.audit(tmp_path)


def rules(found) -> set[str]:
    return {f.rule for f in found}


def test_clean_files_pass(tmp_path):
    assert findings(tmp_path, "en/page.html", CLEAN) == []
    assert (
        findings(
            tmp_path,
            "en/data/fig.csv",
            "# title\ncategory,share,count,base\nFemale,0.5449,9580,17580\nMale,,<10,17580\n",
        )
        == []
    )


def test_small_count_in_text(tmp_path):
    assert rules(findings(tmp_path, "en/page.html", "<p>Only 7 records name a broker.</p>")) == {
        "count below the resolution"
    }


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_share_on_a_small_base_in_a_hover(tmp_path, lang):
    hover = i18n.ngettext(*charts.HOVER, 8, lang).format(label="X", share="50%", count="4", base="8")
    page = f'<script>Plotly.newPlot("p", [{{"hovertext": ["{hover}"]}}], {{}}, {{}});</script>'
    assert "share on a base below the resolution" in rules(findings(tmp_path, f"{lang}/notebooks/c.html", page))


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_small_base_in_a_source_line(tmp_path, lang):
    line = i18n.ngettext(*charts.SOURCE, 20, lang).format(date="1", base="x", n="7", missing="20")
    assert rules(findings(tmp_path, f"{lang}/notebooks/c.html", f"<p>{line}</p>")) == {"count below the resolution"}


def test_share_beside_a_suppressed_base_in_a_table(tmp_path):
    table = "<table><tr><th>Minor</th><td>54%</td><td><10</td><td><10</td></tr></table>"
    assert "share shown beside a suppressed count or base" in rules(findings(tmp_path, "en/p.html", table))


def test_small_count_in_a_csv(tmp_path):
    found = findings(tmp_path, "en/data/f.csv", "category,share,count,base\nMinor,0.05,5,100\n")
    assert rules(found) == {"count below the resolution"} and "line 2" in found[0].detail


def test_row_level_records_in_a_csv(tmp_path):
    rows = [",".join(schema.COLUMNS)] + ["2019,Female,Adult,1,,Asia,Asia,1,Male,,Asia,FriendAcquaintance,No,1,,"] * 3
    assert "row-level records" in rules(findings(tmp_path, "en/data/rows.csv", "\n".join(rows)))


def test_rows_without_header_are_still_row_level(tmp_path):
    rows = ["2019,Female,Adult,1,,Asia,Asia,1,Male,,Asia,FriendAcquaintance,No,1,,"] * 5
    assert "row-level records" in rules(findings(tmp_path, "en/page.html", "<pre>" + "\n".join(rows) + "</pre>"))


def test_violation_inside_a_zip(tmp_path):
    archive = tmp_path / "en" / "data" / "all.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("f.csv", "category,share,count,base\nMinor,0.05,5,100\n")
    found = audit.audit(tmp_path)
    assert rules(found) == {"count below the resolution"} and "all.zip!f.csv" in found[0].path


def test_small_count_in_a_pdf(tmp_path):
    assert "count below the resolution" in rules(findings(tmp_path, "en/briefs/x.pdf", minimal_pdf("Base: 7 records")))


def test_the_command_fails_on_a_violation(tmp_path, capsys, dataset_path_or_skip):
    findings(tmp_path, "en/page.html", "<p>Only 7 records.</p>")
    assert audit.main([str(tmp_path)]) == 1
    assert "count below the resolution" in capsys.readouterr().out


# --- every published count a multiple of the resolution, every share its count over its base ---


def hover_page(lang: str, share: str, count: str, base: str) -> str:
    hover = i18n.ngettext(*charts.HOVER, int(re.sub(r"\D", "", base) or 0), lang).format(
        label="X", share=share, count=count, base=base
    )
    return f'<script>Plotly.newPlot("p", [{{"hovertext": ["{hover}"]}}], {{}}, {{}});</script>'


# A share, a count and a base as each edition writes them (i18n): thousands grouped with "," in
# English and with a narrow no-break space (U+202F) in French and Arabic.
LOCALE_NUMBERS = {
    "en": ("54.5%", "9,580", "17,580"),
    "fr": ("54,5\u202f%", "9\u202f580", "17\u202f580"),
    "ar": ("54.5%", "9\u202f580", "17\u202f580"),
}


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_the_numbers_planted_are_those_the_edition_writes(lang):
    assert LOCALE_NUMBERS[lang] == (i18n.fmt_pct(0.5449, 1, lang), i18n.fmt_int(9580, lang), i18n.fmt_int(17580, lang))


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_rounded_hover_passes(tmp_path, lang):
    share, count, base = LOCALE_NUMBERS[lang]
    assert findings(tmp_path, f"{lang}/notebooks/c.html", hover_page(lang, share, count, base)) == []


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_an_unrounded_count_in_a_hover(tmp_path, lang):
    share, _count, base = LOCALE_NUMBERS[lang]
    found = findings(
        tmp_path,
        f"{lang}/notebooks/c.html",
        hover_page(lang, share, count=i18n.fmt_number(9589, lang), base=base),
    )
    assert audit.NOT_ROUNDED in rules(found)


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_hover_share_that_is_not_count_over_base(tmp_path, lang):
    _share, count, base = LOCALE_NUMBERS[lang]
    wrong = {"en": "54.6%", "fr": "54,6\u202f%", "ar": "54.6%"}[lang]  # 9,580 / 17,580 = 54.49%
    assert rules(findings(tmp_path, f"{lang}/notebooks/c.html", hover_page(lang, wrong, count, base))) == {
        audit.WRONG_SHARE
    }


def test_a_small_share_shown_as_below_the_smallest_step(tmp_path):
    assert findings(tmp_path, "en/notebooks/c.html", hover_page("en", "<0.1%", "10", "20,000")) == []
    assert rules(findings(tmp_path, "en/notebooks/d.html", hover_page("en", "<0.1%", "10", "2,000"))) == {
        audit.WRONG_SHARE
    }


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_an_unrounded_count_in_a_source_line(tmp_path, lang):
    n, missing = i18n.fmt_number(17580, lang), i18n.fmt_number(1027, lang)
    line = i18n.ngettext(*charts.SOURCE, 1027, lang).format(date="1", base="x", n=n, missing=missing)
    assert rules(findings(tmp_path, f"{lang}/notebooks/c.html", f"<p>{line}</p>")) == {audit.NOT_ROUNDED}


def test_an_arabic_suppressed_count_in_isolates_passes(tmp_path):
    page = hover_page("ar", *LOCALE_NUMBERS["ar"]) + "<p>(n = \u2066<10\u2069)</p>"
    assert findings(tmp_path, "ar/notebooks/c.html", page) == []


# --- numbers grouped with a narrow no-break space (French, Arabic) are read whole ---------------


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_small_count_of_a_base_grouped_as_the_edition_groups_is_found(tmp_path, lang):
    """A count of a base grouped with the edition's separator ("7 of 17 580 records"): read as two
    numbers, "17" and "580", the base would hide the count. The audit reads every edition's grouping."""
    base = i18n.fmt_int(17580, lang)
    assert ("\u202f" in base) == (lang != "en")
    sentence = i18n.ngettext(
        "{share} = {count} of {base} record with {variable} recorded",
        "{share} = {count} of {base} records with {variable} recorded",
        17580,
        lang,
    ).format(share=i18n.fmt_pct(0.0004, 1, lang), count=i18n.fmt_number(7, lang), base=base, variable="x")
    page = f'<p><a class="ctdc-num" aria-label="{sentence}">0%</a></p>'
    assert "count below the resolution" in rules(findings(tmp_path, f"{lang}/notebooks/c.html", page))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_small_count_in_a_hover_with_a_grouped_base_is_found(tmp_path, lang):
    page = hover_page(lang, i18n.fmt_pct(0.0004, 1, lang), i18n.fmt_number(7, lang), i18n.fmt_number(17584, lang))
    assert "\u202f" in page
    assert {"count below the resolution", audit.NOT_ROUNDED} <= rules(findings(tmp_path, f"{lang}/c.html", page))


@pytest.mark.parametrize("group", ["\u202f", "\u00a0", " "])
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_grouped_base_is_one_number(tmp_path, lang, group):
    """A grouped base is one number: "n = 17 580" is rounded (not "n = 17"), "n = 17 584" is not."""
    assert findings(tmp_path, f"{lang}/a.html", f"<p>(n = \u206617{group}580\u2069)</p>") == []
    found = findings(tmp_path / "b", f"{lang}/a.html", f"<p>(n = \u206617{group}584\u2069)</p>")
    assert rules(found) == {audit.NOT_ROUNDED} and "584" in found[0].detail


@pytest.mark.parametrize("column", ["count", "base", "records", "not_recorded"])
def test_an_unrounded_count_in_a_csv(tmp_path, column):
    row = {"share": "0.5", "count": "50", "base": "100", "records": "120", "not_recorded": "20"}
    row[column] = {"count": "51", "base": "101", "records": "121", "not_recorded": "21"}[column]
    if column in ("count", "base"):
        row["share"] = f"{int(row['count']) / int(row['base']):.4f}"
    text = "# t\n" + ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    found = findings(tmp_path, "en/data/f.csv", text)
    assert rules(found) == {audit.NOT_ROUNDED} and column in found[0].detail


def test_a_csv_share_that_is_not_count_over_base(tmp_path):
    found = findings(tmp_path, "en/data/f.csv", "category,share,count,base\nFemale,0.5453,9580,17580\n")
    assert rules(found) == {audit.WRONG_SHARE} and "line 2" in found[0].detail


def test_an_unrounded_count_in_a_zipped_csv(tmp_path):
    archive = tmp_path / "fr" / "data" / "fr-figures.zip"
    archive.parent.mkdir(parents=True)
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("f.csv", "category,share,count,base\nMinor,0.0605,1059,17500\n")
    assert audit.NOT_ROUNDED in rules(audit.audit(tmp_path))


def brief_data(rows) -> str:
    columns = ["group_code", "group", "category_code", "category", "share", "count", "base", "not_recorded"]
    return json.dumps(
        {
            "mli": [
                {
                    "key": "flows",
                    "query": {"of": "UN_COE_Region", "within": "UN_COO_Region", "where": []},
                    "columns": columns,
                    "rows": rows,
                }
            ]
        }
    )


def test_the_briefs_data(tmp_path):
    clean = [
        ["Africa", "Africa", "Africa", "Africa", 0.7694, 3270, 4250, 1020],
        ["Africa", "Africa", "Asia", "Asia", None, "<10", 4250, 1020],
    ]
    assert findings(tmp_path, "en/briefs/figures.json", brief_data(clean)) == []
    unrounded = [["Africa", "Africa", "Africa", "Africa", 0.7706, 3279, 4250, 1027]]
    found = findings(tmp_path, "fr/briefs/figures.json", brief_data(unrounded))
    assert rules(found) == {audit.NOT_ROUNDED, audit.WRONG_SHARE} and "(mli, flows)" in found[0].path


def test_an_unrounded_base_in_a_pdf(tmp_path):
    assert rules(findings(tmp_path, "en/briefs/x.pdf", minimal_pdf("Base: victims (n = 4,255)"))) == {audit.NOT_ROUNDED}


def test_no_stack_trace_without_the_dataset(tmp_path, monkeypatch, capsys):
    findings(tmp_path, "en/page.html", CLEAN)
    monkeypatch.setenv("CTDC_DATA", str(tmp_path / "missing.csv"))
    assert audit.main([str(tmp_path)]) == 2
    assert "needs the dataset" in capsys.readouterr().err


def test_no_stack_trace_without_a_site(tmp_path, capsys):
    assert audit.main([str(tmp_path / "nowhere")]) == 2
    assert "build it first (make book)" in capsys.readouterr().err


def test_the_header_is_found_with_any_separator_but_a_table_that_explains_the_columns_passes(tmp_path):
    spaced = "<pre>" + "  ".join(schema.COLUMNS) + "</pre>"
    assert "row-level records" in rules(findings(tmp_path, "en/a.html", spaced))
    glossary = (
        "<table>"
        + "".join(f"<tr><th>Name {i}</th><td>{c}</td><td>values</td></tr>" for i, c in enumerate(schema.COLUMNS))
        + "</table>"
    )
    assert findings(tmp_path / "clean", "en/glossary.html", glossary) == []


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_sentence_with_counts_is_read_whatever_spaces_reach_the_scanner(lang):
    """pdftotext gives a plain space for the French U+00A0 and U+202F: a template written with them
    must still match, or the scanner skips every French PDF's source lines."""
    for template, count_fields in charts.count_templates(lang):
        fields = {field: "7" for field in count_fields}
        text = template.replace("<br>", " ")
        text = re.sub(
            r"\{(\w+)\}", lambda m, f=fields: f.get(m.group(1), "5 %" if m.group(1) == "share" else "x"), text
        )
        for spaces in (text, text.replace("\u00a0", " ").replace("\u202f", " ")):
            found = audit.scan_templates(spaces, "brief.pdf", lang)
            assert any(f.rule == "count below the resolution" for f in found), (lang, spaces)
