"""Links that open a notebook of the repository on the BinderHub configured in _config.yml
(``repository: url:`` and ``launch_buttons: binderhub_url:``), the same settings the launch
buttons of the chapter pages use."""

from __future__ import annotations

from urllib.parse import quote, urlparse

from ctdc_story.meta import project
from ctdc_story.presentation.templating import Displayable, render
from ctdc_story.text.i18n import _


def launch_url(path: str) -> str:
    """The BinderHub address that opens ``path`` (relative to the repository root) as a notebook."""
    conf = project.config()
    hub = conf["launch_buttons"]["binderhub_url"].rstrip("/")
    repo = conf["repository"]["url"].rstrip("/")
    branch = conf["repository"].get("branch", "main")
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[
        conf["launch_buttons"].get("notebook_interface", "classic")
    ]
    parsed = urlparse(repo)
    if parsed.netloc == "github.com":
        spec = "gh" + parsed.path.removesuffix(".git")
    else:
        spec = "git/" + quote(repo, safe="")
    return f"{hub}/v2/{spec}/{branch}?urlpath={interface}/{path}"


class LaunchLink(Displayable):
    """A "Launch Binder" button, as notebook output (the target is not a page of the book)."""

    def __init__(self, path: str, text: str | None = None):
        self.path, self.label = path, text

    def text(self) -> str:
        return f"Binder: {self.path}"

    def _repr_html_(self) -> str:
        return render(
            "launch_link.html", href=launch_url(self.path), text=self.label or _("Launch the explorer on Binder")
        )
