"""The one template environment: escaping on output, no missing value, JSON that cannot close its
<script>; and the plain-text form every notebook output takes from Displayable."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import jinja2
import pandas as pd
import plotly.graph_objects as go
import pytest

from ctdc_story import story
from ctdc_story.presentation import charts, templating
from ctdc_story.publication import binder, briefs, downloads

ATTACK = '<script>alert("x")</script>'
BREAKOUT = "</script><img src=x onerror=alert(1)><!--<script>"  # would end the chart's script early
PACKAGE = Path(templating.__file__).parent


def outside_scripts(html: str) -> str:
    """What a browser reads as markup: the page without its script elements, each ending at the
    first "</script" (HTML's rule)."""
    return re.sub(r"<script\b[^>]*>.*?</script", "", html, flags=re.S | re.I)


def figure(title: str = ATTACK, **extra) -> charts.Figure:
    plot = go.Figure(go.Bar(x=[0.5], y=[ATTACK], hovertext=[ATTACK]))
    plot.update_layout(title=dict(text=BREAKOUT))  # the layout is written by json.dumps, unescaped
    table = pd.DataFrame({"Category": [ATTACK], "Share": ["50%"]})
    return charts.Figure(
        key="k",
        title=title,
        guide=ATTACK,
        source=ATTACK,
        plot=plot,
        table=table,
        summary=ATTACK,
        notes=[ATTACK],
        **extra,
    )


def test_the_environment_escapes_and_refuses_missing_values():
    env = templating.environment()
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    assert env.trim_blocks and env.lstrip_blocks
    out = templating.render("brief_link.html", href='x" onclick="alert(1)', text=ATTACK)
    assert "<script>" not in out and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert 'href="x&quot; onclick=&quot;alert(1)"' in out
    with pytest.raises(jinja2.UndefinedError):
        templating.render("brief_link.html", href="x")


def test_escaping_writes_what_html_escape_writes():
    """&quot; and &#x27; as the pages had them when Python wrote them (markupsafe would write &#34;, &#39;)."""
    out = templating.render("brief_link.html", href="a'b\"c", text="l'exploitation & <b>")
    assert out == (
        '<p class="ctdc-brief-link"><a href="a&#x27;b&quot;c" type="application/pdf">'
        "l&#x27;exploitation &amp; &lt;b&gt;</a></p>"
    )


def test_a_title_with_a_script_comes_out_escaped():
    for html in (
        figure()._repr_html_(),
        charts.HTMLTable(figure().table, ATTACK, ATTACK)._repr_html_(),
        binder.LaunchLink("notebooks/explorer.md", text=ATTACK)._repr_html_(),
        downloads.EmbedIndex([{"key": "k", "title": ATTACK, "height": 300}])._repr_html_(),
    ):
        assert 'alert("x")' not in outside_scripts(html)
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in outside_scripts(html)


def test_inline_json_cannot_close_its_script():
    html = figure()._repr_html_()
    script = re.search(r"<script>if \(window\.Plotly\).*?</script>", html, re.S).group(0)
    assert script.count("</") == 1 and script.endswith("</script>")  # only its own end tag
    assert "<\\/script>" in script  # the layout's title, still the same string to JavaScript
    assert "onerror" not in outside_scripts(html)
    assert templating.script_json('{"a": "</script><!--<script>"}') == '{"a": "<\\/script>\\u003c!--<script>"}'
    page = downloads.embed_page({"key": "k", "lang": "en", "dir": "ltr", "title": ATTACK, "html": html})
    assert 'alert("x")' not in outside_scripts(page) and page.endswith("</html>\n")


def test_the_site_shows_a_static_chart_and_keeps_the_spec_inert(monkeypatch):
    """In the site a figure is a picture of its two static SVGs, sized so that nothing moves, and its
    plot spec is JSON that no browser runs and no value can break out of; no script runs inline."""
    monkeypatch.setenv("CTDC_SITE_BUILD", "1")
    shown = figure(height=300)
    html = shown._repr_html_()
    ((plot_id, spec),) = charts.SPEC_SCRIPT.findall(html)  # an element ends at the first "</script" (HTML's rule)
    assert plot_id == "plot-k" and f'id="{plot_id}"' in html
    assert "<script" not in charts.SPEC_SCRIPT.sub("", html)  # no script that runs, inline or fetched
    assert "</" not in spec and json.loads(spec) == json.loads(shown.spec_json())
    assert json.loads(spec)["layout"]["title"]["text"] == BREAKOUT
    assert '<source media="(min-width: 600px)" srcset="../figures/k-wide.svg" width="688" height="300">' in html
    assert '<img src="../figures/k-narrow.svg" width="328" height="300" alt="&lt;script&gt;' in html
    assert 'alert("x")' not in outside_scripts(html) and "onerror" not in outside_scripts(html)
    assert [i["src"] for i in shown.payload()["static"]] == ["../figures/k-narrow.svg", "../figures/k-wide.svg"]
    monkeypatch.delenv("CTDC_SITE_BUILD")
    assert "<picture" not in figure()._repr_html_()  # Jupyter and Binder draw with their plotly.js


def test_the_brief_uses_the_same_environment():
    assert briefs.template().environment is templating.environment()


def test_every_template_compiles():
    env = templating.environment()
    for path in sorted((PACKAGE / "templates").glob("*.html")):
        env.get_template(path.name)


def test_plain_text_forms_come_from_displayable():
    shown = [
        figure(title="T"),
        charts.HTMLTable(pd.DataFrame({"a": [1]}), "C", "S"),
        binder.LaunchLink("notebooks/explorer.md"),
        briefs.BriefLink("Chad"),
        briefs.BriefTable(),
        downloads.EmbedIndex([]),
        story.Text("12%"),
    ]
    for item in shown:
        assert isinstance(item, templating.Displayable)
        assert repr(item) == item.text() and " at 0x" not in repr(item)
    assert repr(shown[0]) == f"T\n{shown[0].source}" and repr(shown[-1]) == "12%"


def test_no_class_of_the_package_writes_its_own_repr():
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.name != "Displayable":
                found += [
                    f"{path.name}:{node.name}"
                    for f in node.body
                    if isinstance(f, ast.FunctionDef) and f.name == "__repr__"
                ]
    assert not found
