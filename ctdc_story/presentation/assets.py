"""The one front-end library the site serves: plotly.js, from npm, checked against plotly.py."""

from __future__ import annotations

import re
from pathlib import Path

from ctdc_story.meta import settings
from ctdc_story.meta.console import BuildError

PLOTLY_BUNDLE = settings.ROOT / "node_modules" / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"


def plotly_js() -> bytes:
    """plotly.js with the cartesian traces only (bar, heatmap): a third of the full bundle.

    Installed from npm (package.json) at the version plotly.py ships, so that the figures'
    JSON and the library agree.
    """
    import plotly

    if not PLOTLY_BUNDLE.exists():
        raise BuildError(f"{PLOTLY_BUNDLE.relative_to(settings.ROOT)} is missing: run `npm ci` (make book does)")
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    bundle = PLOTLY_BUNDLE.read_bytes()
    found = re.search(r"plotly\.js v([\d.]+)", full[:300])
    wanted = found.group(1) if found else "?"
    if not re.search(rb"plotly\.js (\([^)]*\) )?v" + wanted.encode() + rb"\b", bundle[:300]):
        raise BuildError(
            f"{PLOTLY_BUNDLE.name} is not plotly.js v{wanted}, the version plotly.py {plotly.__version__} "
            "draws for: update package.json"
        )
    return bundle
