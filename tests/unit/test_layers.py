"""The package's layers import one way: registry (meta) → data → text → presentation →
publication → build. Tools may import anything; nothing imports them. Notebooks reach the
package through the story API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ctdc_story.meta import settings

PACKAGE = settings.ROOT / "ctdc_story"
ORDER = ("meta", "data", "text", "presentation", "publication", "story", "build")
TOOLS = "tools"


def layer(module: str) -> str:
    """ctdc_story.text.i18n -> text; ctdc_story.story -> story."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "package"


def module_name(path: Path) -> str:
    rel = path.relative_to(settings.ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """The ctdc_story modules a file imports, anywhere in it (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("ctdc_story"):
                found |= {
                    f"{node.module}.{a.name}" if _is_module(f"{node.module}.{a.name}") else node.module
                    for a in node.names
                }
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ctdc_story")}
        assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: relative import"
    return found


def _is_module(name: str) -> bool:
    base = settings.ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


GRAPH = {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_down_the_layers(module):
    if layer(module) in (TOOLS, "package"):
        return
    for target in GRAPH[module]:
        assert layer(target) != TOOLS, f"{module} imports the tool {target}"
        assert ORDER.index(layer(target)) <= ORDER.index(layer(module)), (
            f"{module} ({layer(module)}) imports {target} ({layer(target)}), against the direction {' → '.join(ORDER)}"
        )


def test_no_import_cycle():
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH.get(module, ())):
            if target == module or target not in GRAPH:
                continue
            assert state.get(target) != "open", "import cycle: " + " → ".join([*path, module, target])
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for module in GRAPH:
        if module not in state:
            visit(module, [])


def test_notebooks_import_only_the_story_api():
    pages = [*sorted((settings.ROOT / "notebooks").glob("*.md")), *sorted((settings.ROOT / "book").glob("*.md"))]
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith(("from ctdc_story", "import ctdc_story")):
                assert line.startswith("from ctdc_story.story import"), f"{page.name}: {line}"
