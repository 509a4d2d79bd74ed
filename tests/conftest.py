"""Shared fixtures: the official files, and small CSV files the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctdc_story.meta import settings
from ctdc_story.text import edition
from support.rows import write_csv


@pytest.fixture(scope="session")
def dataset_path() -> Path:
    path = settings.data_path()
    if not path.exists():
        pytest.fail(f"The dataset is needed for this test: set CTDC_DATA or run `make data` ({path} missing)")
    return path


@pytest.fixture(scope="session")
def dataset(dataset_path):
    from ctdc_story.data import loader

    return loader.load(dataset_path)


@pytest.fixture(scope="session")
def records(dataset_path_or_skip):
    """The dataset's records, for tests that attack the real tables; skipped without the dataset."""
    from ctdc_story.data import loader

    return loader.load(dataset_path_or_skip).frame


@pytest.fixture(scope="session")
def dataset_path_or_skip() -> Path:
    path = settings.data_path()
    if not path.exists():
        pytest.skip(f"needs the dataset: set CTDC_DATA ({path} missing)")
    return path


@pytest.fixture
def make_csv(tmp_path):
    """Write a small dataset file and return its path."""

    def make(rows, name="fixture.csv", **kwargs):
        return write_csv(tmp_path / name, rows, **kwargs)

    return make


@pytest.fixture(autouse=True)
def english():
    """Every test starts in the English edition; a test enters another with edition.using()."""
    with edition.using("en"):
        yield


@pytest.fixture(scope="session")
def browser():
    """One Chromium (Debian's, through Playwright) for every browser test of the run."""
    from support.browsing import ARGS, CHROMIUM

    if not CHROMIUM:
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop page that records errors, failed requests and requests leaving the site."""
    from support.browsing import DESKTOP, watch

    context = browser.new_context(viewport=DESKTOP)
    yield watch(context.new_page())
    context.close()


@pytest.fixture
def phone(browser):
    from support.browsing import PHONE, watch

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield watch(context.new_page())
    context.close()
