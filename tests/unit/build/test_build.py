"""A bad dataset stops the build with a precise message and leaves the site as it was."""

from __future__ import annotations

import os
import subprocess
import sys

from ctdc_story.build import assemble as build
from support.rows import row, write_csv


def run_build(tmp_path, data):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    env = {**os.environ, "CTDC_DATA": str(data), "CTDC_BUILD_DIR": str(tmp_path / "build")}
    done = subprocess.run(
        [sys.executable, "-m", "ctdc_story.build", "--site", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return done, site


def test_corrupt_dataset_stops_the_build_and_keeps_the_previous_site(tmp_path):
    data = write_csv(tmp_path / "corrupt.csv", [row(gender="Female")] * 3 + [row(majorityStatus="Adlt")])
    done, site = run_build(tmp_path, data)
    assert done.returncode == 1
    assert f"{data}, line 5" in done.stderr
    assert "column 'majorityStatus', value 'Adlt'" in done.stderr
    assert "allowed: blank or Adult, Minor" in done.stderr
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site"
    assert not (tmp_path / "build" / "stage").exists()


def test_assembly_swaps_in_a_complete_site(tmp_path):
    edition = tmp_path / "html"
    edition.mkdir()
    (edition / "index.html").write_text("new")
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old")
    build.assemble({"en": edition}, site)
    assert (site / "en" / "index.html").read_text() == "new"
    assert not (site / "stale.html").exists()
    assert 'hreflang="ar"' in (site / "index.html").read_text()
    assert not site.with_name("site.new").exists() and not site.with_name("site.old").exists()
