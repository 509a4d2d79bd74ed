"""Every piece of HTML the package writes comes from a Jinja template in ctdc_story/templates/
(the printable briefs' page from briefs/), rendered by the one environment made here: values are
escaped on output, a missing value is an error, and JSON put into a <script> cannot close it.

The plain-text form of every notebook output comes from Displayable: a stable text, with no
memory address, so that the same figures give the same notebooks from build to build.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

import jinja2
import markupsafe

TEMPLATES = Path(__file__).with_name("templates")
BRIEF_TEMPLATES = Path(__file__).resolve().parents[2] / "briefs"  # the briefs' page, next to its print CSS


def _escape(value) -> markupsafe.Markup:
    """Output escaping as html.escape does it (&quot; and &#x27;, where markupsafe writes &#34; and
    &#39;), so that the pages keep the bytes they had when Python wrote them; markup (a |safe value,
    the output of a macro) passes as it is."""
    if hasattr(value, "__html__"):
        return markupsafe.Markup(value.__html__())
    return markupsafe.Markup(html.escape(str(value)))


def script_json(text: str) -> markupsafe.Markup:
    """JSON text to put inside <script>: "</" becomes "<\\/" and "<!--" becomes "\\u003c!--", the same
    strings to JSON and to JavaScript, so that no value (a label, a title) can close the script
    element, or keep its own end tag from closing it."""
    return markupsafe.Markup(str(text).replace("</", "<\\/").replace("<!--", "\\u003c!--"))


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, BRIEF_TEMPLATES]),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    from ctdc_story.presentation import figure_tools  # a figure's row of tools (figure_tools.html)

    env.globals["figure_tools"] = figure_tools.context
    return env


def render(name: str, **context) -> str:
    """The template ``name`` filled with ``context``, as a plain string."""
    return environment().get_template(name).render(**context)


class Displayable:
    """An object shown as notebook output: its plain-text form (``__repr__``) is ``text()``, stable
    from build to build; its HTML form, if any, is its own ``_repr_html_``."""

    def text(self) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.text()
