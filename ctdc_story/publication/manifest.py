"""manifest.json: the edition date, the dataset used, and the sha256 of every published file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ctdc_story.data import loader
from ctdc_story.meta import settings
from ctdc_story.meta.console import write_atomic

NAME = "manifest.json"


def write(site: Path, dataset: loader.Dataset | None) -> None:
    """List every file of ``site`` (never the manifest itself) with its sha256."""
    files = {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p != site / NAME
    }
    manifest = {
        "edition": settings.edition_date(),
        "dataset": {
            "file": dataset.path.name,
            "sha256": dataset.sha256,
            "official_release": dataset.is_official_release,
        }
        if dataset
        else None,
        "files": files,
    }
    write_atomic(site / NAME, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
