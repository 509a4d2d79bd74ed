"""Download the dataset from CTDC, check its checksum and place it in data/raw.

python -m ctdc_story.tools.fetch [--if-missing]

With --if-missing (what `make book` and `make test` run first) it does nothing when CTDC_DATA is set
(the loader then reads that file, and says so if it is not there) or data/raw already holds a file;
otherwise it says that it fetches the dataset, and does.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.request

from ctdc_story.meta import settings

HOW_TO_PLACE = (
    "Download {name} from {page} and save it as {target}, "
    "or set CTDC_DATA to the path of a copy you already have, e.g.\n"
    "    export CTDC_DATA=/path/to/{name}"
)


def fetch(url: str = settings.DATA_URL, target=settings.DEFAULT_DATA_PATH, timeout: float = 60) -> int:
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == settings.DATA_SHA256:
        print(f"{target} is already the release of {settings.DATA_RELEASE}; nothing to do.")
        return 0
    how = HOW_TO_PLACE.format(name=settings.DATA_FILENAME, page=settings.DATA_PAGE, target=target)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as err:
        print(f"Could not download {url}: {err}.\n{how}", file=sys.stderr)
        return 1
    digest = hashlib.sha256(data).hexdigest()
    if digest != settings.DATA_SHA256:
        print(
            f"The file downloaded from {url} has sha256 {digest}, not the expected "
            f"{settings.DATA_SHA256} of the release of {settings.DATA_RELEASE}. Nothing was written.\n{how}",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, prefix=".download-") as tmp:
        tmp.write(data)
    os.replace(tmp.name, target)  # atomic: a reader never sees half a file
    print(f"Saved {target} ({len(data):,} bytes, sha256 verified).")
    return 0


def fetch_if_missing(url: str = settings.DATA_URL, target=settings.DEFAULT_DATA_PATH, timeout: float = 60) -> int:
    """Fetch the dataset only when neither CTDC_DATA nor ``target`` holds it, and say so."""
    if os.environ.get("CTDC_DATA") or target.exists():
        return 0
    print(
        f"The dataset is not at {target} and CTDC_DATA is not set: downloading it from CTDC "
        f"({url}), checked against the sha256 of the release of {settings.DATA_RELEASE}.",
        flush=True,
    )
    return fetch(url, target, timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--if-missing", action="store_true", help="only when neither CTDC_DATA nor data/raw holds the dataset"
    )
    args = parser.parse_args(argv)
    return fetch_if_missing() if args.if_missing else fetch()


if __name__ == "__main__":
    sys.exit(main())
