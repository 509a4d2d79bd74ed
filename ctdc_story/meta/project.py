"""The one reader of the book's _config.yml and _toc.yml.

Every module that needs the title, the public address, the repository or the table of
contents asks here; each file is parsed once per process.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import yaml

from ctdc_story.meta import settings


@functools.cache
def _read(name: str) -> dict[str, Any]:
    return yaml.safe_load((settings.ROOT / name).read_text(encoding="utf-8")) or {}


def config() -> dict[str, Any]:
    """_config.yml, as a copy the caller may change."""
    return copy.deepcopy(_read("_config.yml"))


def toc() -> dict[str, Any]:
    """_toc.yml, as a copy the caller may change."""
    return copy.deepcopy(_read("_toc.yml"))


def title() -> str:
    """The book's title in English (the msgid of its translations)."""
    return str(_read("_config.yml")["title"])


def author() -> str:
    """The book's author in English, as the page footer names it (the msgid of its translations)."""
    return str(_read("_config.yml")["author"])


def part_captions() -> list[str]:
    return [part["caption"] for part in _read("_toc.yml").get("parts", [])]


def base_url() -> str:
    """The site's public address (html.baseurl), ending with '/'."""
    url = (_read("_config.yml").get("html") or {}).get("baseurl")
    if not url:
        raise ValueError("_config.yml has no html: baseurl:, the public address the briefs link to")
    return str(url).rstrip("/") + "/"


def logo(lang: str) -> str:
    """The file name, in book/_static, of IOM's logo for the edition in ``lang``, or "" while
    _config.yml sets none (html_context: ctdc_logo, which IOM's web team fills)."""
    context = ((_read("_config.yml").get("sphinx") or {}).get("config") or {}).get("html_context") or {}
    return str((context.get("ctdc_logo") or {}).get(lang) or "")
