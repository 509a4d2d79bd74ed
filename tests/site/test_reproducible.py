"""Two builds from the same inputs publish byte-identical files, listed in the release manifest."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest

from ctdc_story.meta import settings

pytestmark = pytest.mark.site
SITE = settings.BUILD / "site"


def tree(root):
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_manifest_lists_every_published_file_and_the_dataset(dataset):
    manifest = json.loads((SITE / "manifest.json").read_text())
    files = tree(SITE)
    files.pop("manifest.json")
    assert manifest["files"] == files
    assert manifest["dataset"]["sha256"] == dataset.sha256
    assert manifest["edition"] == settings.edition_date()


def test_a_second_build_from_scratch_is_identical(tmp_path):
    """A cold build in a separate build folder (no cache) against the site make book built. One
    edition is enough to catch what varies between builds, and keeps the run short: the Arabic one,
    which has every step the others have, and more (the web-font subset, right-to-left briefs)."""
    env = {**os.environ, "CTDC_BUILD_DIR": str(tmp_path / "build")}
    done = subprocess.run(
        [sys.executable, "-m", "ctdc_story.build", "--lang", "ar", "--site", str(tmp_path / "site")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    first, second = tree(SITE / "ar"), tree(tmp_path / "site" / "ar")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"files that differ between two builds: {differing[:10]}"


def test_no_output_carries_a_memory_address():
    """An object printed without a __repr__ of its own would differ from build to build."""
    found = [
        str(p.relative_to(SITE))
        for p in SITE.rglob("*")
        if p.suffix in (".html", ".ipynb") and re.search(r" at 0x[0-9a-f]{6,}>", p.read_text(encoding="utf-8"))
    ]
    assert not found
