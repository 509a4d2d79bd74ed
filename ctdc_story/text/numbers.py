"""The sentence that explains a glued share: what it is a share of, in the edition's language.

"27% = 4,090 of 15,150 records with payment to a perpetrator recorded": the share as the text shows
it, its count and its base as published (rounded down by the privacy rule; never the exact counts),
and what the base holds, named after the variable of the table it comes from (registry.yaml). A
share of one group of a table (e.g. forced labour records) names that group. Where the count is shown
as "<10" the sentence says "fewer than 10"; where the base itself is, it says no share is reported.

The plural of "records" follows the base (ngettext: Arabic has six forms, French two).
"""

from __future__ import annotations

from ctdc_story.data import privacy
from ctdc_story.text import i18n, labels
from ctdc_story.text.i18n import N_, fmt_int, isolate, ngettext

# A variable of the registry without a label (a derived measure): what the sentence names instead.
SOME_VARIABLE = N_("this item")
GROUP = N_("{sentence} ({group})")  # the sentence of a share within one group of a table
AXIS_VALUE = N_("{axis}: {value}")  # the same pattern as a chart panel's heading (charts.AXIS_VALUE)


def _missing(value) -> bool:
    return i18n.missing(value)


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message (singular, plural) for extraction as a plural entry without translating
    it yet; ``ngettext(*message, n)`` then gives its form for n."""
    return (singular, plural)


def plural_forms(singular: str, plural: str, lang: str | None = None) -> tuple[str, ...]:
    """Every form of a plural message in the edition's language (English: the two; Arabic: six)."""
    entries, _rule = i18n.plural_catalog(i18n.edition.get(lang).lang, "code")
    return tuple(entries.get(singular) or (singular, plural))


def plural_n(count: int | None) -> int:
    """The number that chooses the plural form of a noun counted by a published count: the count as
    published (rounded down by the privacy rule), or the resolution where it is shown as "<10"
    ("fewer than 10 records": Arabic سجلات, not سجلاً)."""
    published = None if count is None or _missing(count) else privacy.safe_count(int(count))
    return privacy.RESOLUTION if published is None else published


def counted(singular: str, plural: str, count: int | None, lang: str | None = None) -> str:
    """A published count with its noun, from a plural entry whose {count} is the count as the text
    shows it ("17,580 records", "17 580 enregistrements", "17 580 سجلاً"; fmt_int isolates "<10")."""
    number = fmt_int(count, lang)
    return ngettext(singular, plural, plural_n(count), lang).format(count=number)


def variable_key(query: dict, category: str) -> str:
    """The variable a share's base is about: the table's ``of``, or for an indicator table (whose
    category is "measure:category") the indicator's measure."""
    of = query.get("of") or ""
    if of == "indicator":
        return category.split(":", 1)[0]
    if of == "variable":  # a completeness table: the category is the variable
        return category
    return of


def variable_name(key: str, lang: str | None = None) -> str:
    """The variable's name as the sentence writes it after "with": its registry label, in lower case
    in English ("records with payment to a perpetrator recorded"; French and Arabic quote or keep it)."""
    # The name of the share's base, where the registry gives one (roles: "Any perpetrator detail",
    # the records a role's share is counted on), else the variable's label.
    label = labels.CATEGORY["variable"].get(key) or labels.VARIABLE.get(key)
    if not label:
        return i18n.gettext(SOME_VARIABLE, lang)
    name = i18n.pgettext(labels.CONTEXT.get("variable", "variable"), label, lang)
    if i18n.edition.get(lang).lang == "en":
        name = name[:1].lower() + name[1:]
    return name


def group_name(query: dict, group: str, lang: str | None = None) -> str | None:
    """The group a share lies in, e.g. "Type of exploitation: Forced labour" (None for a table of
    one group)."""
    within = query.get("within")
    if within is None or group == "all":
        return None
    value = i18n.pgettext(labels.CONTEXT[within], labels.CATEGORY[within][group], lang)
    axis = labels.VARIABLE.get(within)
    if not axis:
        return value
    return i18n.gettext(AXIS_VALUE, lang).format(
        axis=i18n.pgettext(labels.CONTEXT["variable"], axis, lang), value=value
    )


def sentence(
    share_text: str,
    count: int | None,
    base: int | None,
    variable: str,
    group: str | None = None,
    lang: str | None = None,
) -> str:
    """The explanation of one share: its text (as the prose shows it), its count and base (already
    through the privacy rule: None where shown as "<10"), the variable's name and, for a share within
    a group, the group's name."""
    resolution = fmt_int(privacy.RESOLUTION, lang)
    share = isolate(share_text, lang)
    if _missing(base) or base is None:
        text = ngettext(
            "Not reported: fewer than {resolution} record with {variable} recorded",
            "Not reported: fewer than {resolution} records with {variable} recorded",
            privacy.RESOLUTION,
            lang,
        ).format(resolution=isolate(resolution, lang), variable=variable)
    elif _missing(count) or count is None:
        text = ngettext(
            "{share} = fewer than {resolution} of {base} record with {variable} recorded",
            "{share} = fewer than {resolution} of {base} records with {variable} recorded",
            int(base),
            lang,
        ).format(
            share=share,
            resolution=isolate(resolution, lang),
            base=isolate(fmt_int(int(base), lang), lang),
            variable=variable,
        )
    else:
        text = ngettext(
            "{share} = {count} of {base} record with {variable} recorded",
            "{share} = {count} of {base} records with {variable} recorded",
            int(base),
            lang,
        ).format(
            share=share,
            count=isolate(fmt_int(int(count), lang), lang),
            base=isolate(fmt_int(int(base), lang), lang),
            variable=variable,
        )
    if group:
        text = i18n.gettext(GROUP, lang).format(sentence=text, group=group)
    return text


def explain(row, query: dict, lang: str | None = None) -> str:
    """The sentence of one row of a ``stats.shares`` table (its share, count and base as published),
    given the table's query (``table.attrs["query"]``)."""
    from ctdc_story.text.i18n import fmt_share

    count = None if _missing(row["count"]) else int(row["count"])
    base = None if _missing(row["base"]) else int(row["base"])
    share = None if _missing(row["share"]) else float(row["share"])
    category, group = str(row["category"]), str(row["group"])
    return sentence(
        fmt_share(share, base, lang),
        count,
        base,
        variable_name(variable_key(query, category), lang),
        group_name(query, group, lang),
        lang,
    )
