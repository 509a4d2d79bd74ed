"""Proof the French and Arabic catalogs (ctdc_story.text.proofing); exit 1 on any problem.

python -m ctdc_story.tools.proof          # report every problem
python -m ctdc_story.tools.proof --fix    # first apply French spacing to the French catalogs
"""

from __future__ import annotations

import argparse
import sys

from ctdc_story.meta.console import write_atomic
from ctdc_story.text import proofing
from ctdc_story.tools import catalogs


def fix_french_spacing() -> None:
    for domain in proofing.DOMAINS:
        path = proofing.catalog_path("fr", domain)
        catalog = catalogs.read(path, locale="fr")
        changed = 0
        for message in catalog:
            if not message.id or not message.string:
                continue
            if isinstance(message.string, str):
                fixed: str | tuple[str, ...] = proofing.french_spacing(message.string)
            else:  # a plural entry: each form
                fixed = tuple(proofing.french_spacing(s) for s in message.string)
            if fixed != message.string:
                message.string = fixed
                changed += 1
        write_atomic(path, catalogs.serialise(catalog))
        print(f"fr/{domain}.po: French spacing applied to {changed} entries")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="apply French spacing to the French catalogs first")
    if parser.parse_args(argv).fix:
        fix_french_spacing()
    problems = proofing.all_problems()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} catalog problems (locales/; a hit that is right as it is goes in locales/waivers.yaml)")
        return 1
    print("catalogs: no problem found (translate-toolkit checks, typography, terms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
