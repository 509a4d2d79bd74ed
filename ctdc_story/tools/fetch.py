"""Download the dataset from CTDC, check its checksum and place it in data/raw.

python -m ctdc_story.tools.fetch
"""

from __future__ import annotations

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


if __name__ == "__main__":
    sys.exit(fetch())
