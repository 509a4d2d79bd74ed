"""What translators see of the sources, and how translations replace it."""

from __future__ import annotations

import re

from ctdc_story.text import collation, prose
from ctdc_story.tools import catalogs

SOURCE = """---
jupytext:
  text_representation:
    format_name: myst
---
# The dataset

(a-target)=
A paragraph over
two lines with {glue}`n_records` records.

- First item
  continued.
- Second [item](other.md).

```{code-cell} ipython3
title = "not prose"
```

:::{admonition} Key findings
:class: important
Inside the box.
:::

| Region | Records |
|---|---|
| Africa | 12 |
"""


def test_units_are_headings_paragraphs_items_titles_and_cells():
    texts = [u.text for u in prose.units(SOURCE)]
    assert texts == [
        "The dataset",
        "A paragraph over two lines with {glue}`n_records` records.",
        "First item continued.",
        "Second [item](other.md).",
        "Key findings",
        "Inside the box.",
        "Region",
        "Records",
        "Africa",
    ]


def test_code_front_matter_and_options_are_not_prose():
    texts = " ".join(u.text for u in prose.units(SOURCE))
    assert "not prose" not in texts and "jupytext" not in texts and ":class:" not in texts


def test_translation_replaces_units_and_keeps_structure():
    french = {
        "The dataset": "Les données",
        "Inside the box.": "Dans l'encadré.",
        "Africa": "Afrique",
        "A paragraph over two lines with {glue}`n_records` records.": "Un paragraphe avec {glue}`n_records` enregistrements.",
    }
    text, missing = prose.translate(SOURCE, french)
    assert "# Les données" in text
    assert "Un paragraphe avec {glue}`n_records` enregistrements.\n" in text
    assert ":::{admonition} Key findings\n:class: important\nDans l'encadré.\n:::" in text
    assert "| Afrique | 12 |" in text
    assert 'title = "not prose"' in text and "(a-target)=" in text
    assert "First item continued." in missing and "The dataset" not in missing


def test_placeholders_are_glue_roles_links_and_fields():
    assert prose.placeholders("See {glue}`a` and [this](b.md), {share}.") == ["](b.md)", "{glue}`a`", "{share}"]


# Numbers a page may type: fixed facts from the codebook and CTDC's conventions, not computed
# figures. 17,000 victims, 123 countries, 37,000 perpetrators, 14 partner countries, 16 variables,
# majority at 18, the privacy resolution of 10, "more than 100%", SHA-256, the age bands' bounds.
FIXED_FACTS = {"17,000", "123", "37,000", "14", "16", "18", "10", "100", "256", "30", "38", "39", "47", "48"}
YEAR = re.compile(r"(19|20)\d\d")


def test_prose_types_no_computed_number():
    typed = []
    for path in catalogs.sources():
        for unit in prose.units(path.read_text()):
            text = prose.PLACEHOLDER.sub("", unit.text)
            for number in re.findall(r"\d[\d,.]*\d|\d", text):
                if not YEAR.fullmatch(number) and number not in FIXED_FACTS:
                    typed.append((path.name, unit.start + 1, number))
    assert not typed, f"numbers typed into the prose instead of glued: {typed}"


def test_the_glossary_lists_every_column_of_the_file_from_the_registry():
    from ctdc_story.data import schema
    from ctdc_story.text import edition, labels

    table = labels.variable_table()
    assert list(table.iloc[:, 1]) == list(schema.COLUMNS)
    with edition.using("fr"):
        french = labels.variable_table()
    assert french.columns[2] == "Valeurs" and "Afrique" in " ".join(french.iloc[:, 2])
    assert "au moins un auteur" in french.set_index(french.columns[1]).loc["IP_Relation"].iloc[-1]


def test_a_sorted_list_takes_the_order_of_the_key_and_other_lists_keep_theirs():
    source = "\n".join(
        [
            "# Glossaire",
            "",
            prose.SORTED,
            "",
            "- **Victime.** Une personne.",
            "- **Auteur.** Une personne qui",
            "  recrute.",
            "- **Écart.** Un autre terme.",
            "",
            "- Zèbre",
            "- Âne",
        ]
    )
    done = prose.sorted_lists(source, key=lambda text: collation.sort_key(text, "fr"))
    assert done.split("\n")[4:11] == [
        "- **Auteur.** Une personne qui",
        "  recrute.",
        "- **Écart.** Un autre terme.",
        "- **Victime.** Une personne.",
        "",
        "- Zèbre",
        "- Âne",
    ]
