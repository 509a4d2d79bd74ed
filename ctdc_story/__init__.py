"""Shared logic of the CTDC victim-perpetrator data story.

Notebooks import from here: loading and validating the dataset, shares with
their bases, the privacy rule, translation and number formatting, and charts.
"""
