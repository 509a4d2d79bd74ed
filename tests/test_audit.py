"""The disclosure audit catches a planted violation of each kind, and passes clean files."""
from __future__ import annotations

import zipfile

import pytest

from ctdc_story import audit, charts, i18n, schema

CLEAN = "<p>Of the 17,584 records, 54% describe women (n = 17,580).</p>"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in a standard font (enough for pdftotext)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
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
    assert findings(tmp_path, "en/data/fig.csv", "# title\ncategory,share,count,base\nFemale,0.55,9589,17584\n"
                    "Male,,<10,17584\n") == []


def test_small_count_in_text(tmp_path):
    assert rules(findings(tmp_path, "en/page.html", "<p>Only 7 records name a broker.</p>")) == {"count below the resolution"}


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_share_on_a_small_base_in_a_hover(tmp_path, lang):
    hover = i18n.translate(charts.HOVER, lang).format(label="X", share="50%", count="4", base="8")
    page = f'<script>Plotly.newPlot("p", [{{"hovertext": ["{hover}"]}}], {{}}, {{}});</script>'
    assert "share on a base below the resolution" in rules(findings(tmp_path, f"{lang}/notebooks/c.html", page))


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_small_base_in_a_source_line(tmp_path, lang):
    line = i18n.translate(charts.SOURCE, lang).format(date="1", base="x", n="7")
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


def test_the_command_fails_on_a_violation(tmp_path, capsys):
    findings(tmp_path, "en/page.html", "<p>Only 7 records.</p>")
    assert audit.main([str(tmp_path)]) == 1
    assert "count below the resolution" in capsys.readouterr().out
