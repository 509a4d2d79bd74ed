"""A glued share as the site shows it (number.html): the number, and its explanation a tap, a hover,
a keyboard focus or a screen reader gives ("27% = 4,090 of 15,150 records with …"), with links to the
figure that draws it and to its row in that figure's CSV.

A notebook glues a TracedNumber (story.glue_pct, story.glue_share) whose plain-text form is the
number alone, so that notebook outputs and the text the prose is compared with do not change. Its HTML
has no link yet: which figure draws the same table is known only once every notebook of the edition
has run (the build links them, build/numbers.py, from the figures' queries)."""

from __future__ import annotations

from ctdc_story.presentation.templating import Displayable, render
from ctdc_story.text.i18n import N_, _

# A glued share's data travel in the notebook output under this type, next to its text and HTML; the
# build reads it to link the share to its figure and removes it from the page.
NUMBER_MIME = "application/vnd.ctdc.number+json"
FIGURE_TEXT = N_("See the figure")
CSV_TEXT = N_("Row {row} of the figure's CSV file")
CLOSE_TEXT = N_("Close")


def html(text: str, sentence: str, href: str = "", csv: str = "", row: int = 0, lang: str | None = None) -> str:
    """The share's markup: a link to ``href`` (the figure, e.g. "#fig-key") when there is one, with its
    CSV row (``csv`` is the file's address, ``row`` its line, 1 for the first), else a focusable span."""
    from ctdc_story.text.i18n import fmt_number

    return render(
        "number.html",
        text=text,
        sentence=sentence,
        href=href,
        csv=f"{csv}#row={row}" if csv else "",
        figure_text=_(FIGURE_TEXT, lang),
        csv_text=_(CSV_TEXT, lang).format(row=fmt_number(row, lang)) if csv else "",
        close_text=_(CLOSE_TEXT, lang),
    ).strip()


class TracedNumber(Displayable, str):
    """A glued share: equal to its text ("27%"), which is its plain-text form; its HTML carries the
    sentence that explains it, and ``data`` what the build needs to link it (the table's query, the
    row's group and category, the sentence and the edition)."""

    sentence: str
    data: dict

    def __new__(cls, text: str, sentence: str, data: dict):
        self = super().__new__(cls, text)
        self.sentence, self.data = sentence, data
        return self

    def text(self) -> str:  # also its repr (Displayable), without quotes
        return str.__str__(self)

    def _repr_html_(self) -> str:
        return html(self.text(), self.sentence, lang=self.data.get("lang"))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": self.text(), "text/html": self._repr_html_(), NUMBER_MIME: self.data}
