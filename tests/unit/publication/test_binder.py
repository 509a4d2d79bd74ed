"""What Binder reads agrees with the project, and every chapter runs in an environment built
only from those files (a clean virtual environment, as Binder would build it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from ctdc_story.meta import settings
from ctdc_story.publication import binder

ROOT = settings.ROOT
POST_BUILD = ROOT / "postBuild"
# Files repo2docker would read as a second list of requirements or a second environment.
OTHER_ENVIRONMENTS = (
    "environment.yml",
    "Pipfile",
    "Pipfile.lock",
    "setup.py",
    "install.R",
    "apt.txt",
    "Project.toml",
    "binder",
    ".binder",
)


def supported_python() -> str:
    required = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    return re.fullmatch(r">=\s*(\d+\.\d+)", required.strip()).group(1)


def test_runtime_is_the_python_the_project_supports():
    assert (ROOT / "runtime.txt").read_text().strip() == f"python-{supported_python()}"


def test_one_list_of_requirements():
    assert not [name for name in OTHER_ENVIRONMENTS if (ROOT / name).exists()]
    assert "dependencies" not in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    for package in ("ipywidgets", "jupytext", "nbclient", "plotly", "pandas", "babel"):
        assert any(line.lower().startswith(package + "==") for line in lines), package


def test_post_build_installs_the_package_and_fetches_the_verified_data():
    assert os.access(POST_BUILD, os.X_OK), "postBuild must be executable"
    commands = [
        line.strip() for line in POST_BUILD.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]
    assert "set -euo pipefail" in commands
    assert "pip install --no-deps -e ." in commands
    assert "python -m ctdc_story.tools.fetch" in commands
    # Nothing else is installed: requirements.txt stays the only list.
    assert [c for c in commands if "pip install" in c] == ["pip install --no-deps -e ."]
    from ctdc_story.tools import fetch

    assert "settings.DATA_SHA256" in Path(fetch.__file__).read_text()


def test_markdown_notebooks_open_as_notebooks():
    config = tomllib.loads((ROOT / "jupytext.toml").read_text())
    assert "md" in config["notebook_extensions"]
    assert config["preferred_jupytext_formats_read"] == "md:myst"


def test_launch_links_use_the_configured_hub_and_repository():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    url = binder.launch_url("notebooks/explorer.md")
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    assert (
        url == f"https://mybinder.org/v2/gh/{repo}/{config['repository']['branch']}?urlpath=tree/notebooks/explorer.md"
    )


RUN = """
import sys, jupytext
from nbclient import NotebookClient
for path in sys.argv[1:]:
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": "notebooks"}}).execute()
    print("ran", path, flush=True)
"""


@pytest.mark.binder
def test_every_chapter_runs_in_a_clean_environment_built_from_the_binder_files(tmp_path, dataset_path):
    """A copy of the repository, a new venv, `pip install -r requirements.txt`, postBuild (the
    dataset comes from a local copy through CTDC_DATA_URL), then every notebook with that venv's python."""
    repo = tmp_path / "repo"
    files = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
        "CTDC_DATA_URL": dataset_path.as_uri(),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "CTDC_LANG": "en",
    }
    for key in ("CTDC_DATA", "CTDC_BUILD_DIR", "CTDC_SITE_BUILD", "PYTHONPATH"):
        env.pop(key, None)
    subprocess.run(
        [str(bin_dir / "pip"), "install", "--quiet", "--no-compile", "-r", "requirements.txt"],
        cwd=repo,
        env=env,
        check=True,
    )
    done = subprocess.run(["./postBuild"], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = repo / "data" / "raw" / settings.DATA_FILENAME
    assert data.exists() and "sha256 verified" in done.stdout
    notebooks = sorted(str(p.relative_to(repo)) for p in (repo / "notebooks").glob("*.md"))
    notebooks.append("book/explorer.md")
    done = subprocess.run(
        [str(bin_dir / "python"), "-c", RUN, *notebooks],
        cwd=repo,
        env={**env, "CTDC_DATA": str(data)},
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert done.stdout.count("ran ") == len(notebooks)
