"""console.env_set: a variable set for a block, then as it was, whether the block ends or raises."""

from __future__ import annotations

import os

import pytest

from ctdc_story.meta import console

NAME = "CTDC_TEST_ENV_SET"


@pytest.mark.parametrize("before", [None, "", "old"])
def test_the_variable_is_set_inside_and_restored_after(monkeypatch, before):
    if before is None:
        monkeypatch.delenv(NAME, raising=False)
    else:
        monkeypatch.setenv(NAME, before)
    with console.env_set(NAME, "new"):
        assert os.environ[NAME] == "new"
    assert os.environ.get(NAME) == before


def test_restored_when_the_block_raises(monkeypatch):
    monkeypatch.setenv(NAME, "old")
    with pytest.raises(KeyError), console.env_set(NAME, "new"):
        raise KeyError("x")
    assert os.environ[NAME] == "old"


def test_nested_blocks_unwind_in_order(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)
    with console.env_set(NAME, "a"):
        with console.env_set(NAME, "b"):
            assert os.environ[NAME] == "b"
        assert os.environ[NAME] == "a"
    assert NAME not in os.environ
