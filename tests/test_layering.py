"""The house in layers, held by a test (docs/architecture.md draws it).

- ``zwgk`` (the application) is the only package that imports more than one stage;
- the stages ``crawler`` and ``checks`` import only the ground, never each other;
- ``reports`` imports the ground and reads the checks' types (findings, catalog, run records);
- ``ground`` imports no stage and not the application;
- no import cycle between first-party modules; no Python file over 600 lines.

Imports are read with ``ast`` from the source, inside functions and ``TYPE_CHECKING`` blocks
too: a dependency hidden in a function is still a dependency. The rules are data
(``MAY_IMPORT``) and a newcomer who breaks one reads in the failure which import, where, and why
the rule exists.
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("zwgk", "ground", "crawler", "checks", "reports")

# What each first-party package may import besides itself. A module of ``reports`` may read
# the checks' types, listed module by module: never their rules, engine, linker or loaders.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "zwgk": frozenset(PACKAGES),
    "ground": frozenset(),
    "crawler": frozenset({"ground"}),
    "checks": frozenset({"ground"}),
    "reports": frozenset({"ground", "checks.findings", "checks.catalog", "checks.records"}),
}
WHY = {
    "ground": "the ground is what every stage stands on; it can know none of them",
    "crawler": "a stage knows only the ground: crawl results reach checks through the store",
    "checks": "a stage knows only the ground: checks read stored records, never the crawler",
    "reports": "reports render findings; they may read the checks' types, not run checks",
}
MAX_LINES = 600
# Alembic revisions are generated and append-only: they are read once, not maintained.
LONG_FILES_ALLOWED = ("ground/store/migrations/versions/",)


@dataclass(frozen=True, slots=True)
class Import:
    importer: str  # dotted module name
    path: Path
    line: int
    target: str  # dotted name as written (absolute)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def first_party_files(root: Path) -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((root / package).rglob("*.py"))


def imports_of(path: Path, root: Path) -> Iterator[Import]:
    name = module_name(path, root)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # ``from checks.rules import interpretation`` imports a submodule.
                yield Import(name, path, node.lineno, f"{base}.{alias.name}")


def resolve(target: str, modules: set[str]) -> str | None:
    """The first-party module an import loads: the longest dotted prefix that is a module."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def package_of(module: str) -> str:
    return module.split(".", 1)[0]


def allowed(importer: str, target: str) -> bool:
    home = package_of(importer)
    if package_of(target) == home:
        return True
    return any(target == rule or target.startswith(rule + ".") for rule in MAY_IMPORT[home])


def crossing_violations(root: Path) -> list[str]:
    files = list(first_party_files(root))
    modules = {module_name(f, root) for f in files}
    problems = []
    for path in files:
        for imp in imports_of(path, root):
            target = resolve(imp.target, modules)
            if target is None or allowed(imp.importer, target):
                continue
            home = package_of(imp.importer)
            may = ", ".join(sorted(MAY_IMPORT[home])) or "nothing outside itself"
            problems.append(
                f"{imp.path.relative_to(root)}:{imp.line}: {imp.importer} imports {target}, but "
                f"{home}/ may import only {may} ({WHY.get(home, '')}). "
                "Move the shared piece into ground/, or do the wiring in zwgk/."
            )
    return problems


def import_graph(root: Path) -> dict[str, set[str]]:
    files = list(first_party_files(root))
    modules = {module_name(f, root) for f in files}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for path in files:
        for imp in imports_of(path, root):
            target = resolve(imp.target, modules)
            if target is not None and target != imp.importer:
                graph[imp.importer].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def python_files(root: Path) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [root / name for name in listed if (root / name).is_file()]


def long_files(root: Path) -> list[str]:
    problems = []
    for path in python_files(root):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(LONG_FILES_ALLOWED):
            continue
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_LINES:
            problems.append(
                f"{relative}: {count} lines (at most {MAX_LINES}: split it into modules that "
                "each do one thing, so one rule can be changed without reading all of it)"
            )
    return problems


# --- the rules hold on this code base ----------------------------------------------------------


def test_no_import_crosses_the_layers() -> None:
    problems = crossing_violations(ROOT)
    assert problems == [], "\n".join(problems)


def test_no_import_cycle_between_modules() -> None:
    found = cycles(import_graph(ROOT))
    assert found == [], "import cycles:\n" + "\n".join(" ⇄ ".join(c) for c in found)


def test_no_python_file_is_over_600_lines() -> None:
    problems = long_files(ROOT)
    assert problems == [], "\n".join(problems)


# --- and the test itself catches what it is for (negative controls on a copy) ------------------


def make_tree(root: Path, files: dict[str, str]) -> Path:
    for package in PACKAGES:
        (root / package).mkdir(parents=True, exist_ok=True)
        (root / package / "__init__.py").write_text("", encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "source", "target"),
    [
        ("checks/engine.py", "from crawler.items import DocumentItem\n", "crawler.items"),
        ("crawler/pipelines.py", "def f():\n    import reports.render\n", "reports.render"),
        ("ground/store/db.py", "from zwgk.cli import main\n", "zwgk.cli"),
        ("reports/render.py", "from checks.engine import run_checks\n", "checks.engine"),
        (
            "checks/context.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from crawler import items\n",
            "crawler.items",
        ),
    ],
)
def test_an_import_across_the_layers_is_named_with_the_rule(
    tmp_path: Path, name: str, source: str, target: str
) -> None:
    files = {
        name: source,
        "crawler/items.py": "",
        "reports/render.py": source if name == "reports/render.py" else "",
        "checks/engine.py": source if name == "checks/engine.py" else "",
        "zwgk/cli.py": "",
    }
    problems = crossing_violations(make_tree(tmp_path, files))
    assert len(problems) == 1
    assert f"imports {target}, but {name.split('/')[0]}/ may import only" in problems[0]
    assert problems[0].startswith(f"{name}:")


def test_allowed_imports_are_not_reported(tmp_path: Path) -> None:
    files = {
        "zwgk/cli.py": "import crawler.items\nimport checks.engine\nimport reports.render\n",
        "crawler/items.py": "from ground.store import models\n",
        "checks/engine.py": "from ground.errors import ZwgkError\n",
        "reports/render.py": "from checks.findings import Finding\nfrom ground import timestamps\n",
        "checks/findings.py": "",
        "ground/errors.py": "",
        "ground/timestamps.py": "",
        "ground/store/models.py": "",
    }
    assert crossing_violations(make_tree(tmp_path, files)) == []


def test_an_import_cycle_is_found_even_inside_a_function(tmp_path: Path) -> None:
    files = {
        "checks/registry.py": "def all_checks():\n    from checks import rules\n",
        "checks/rules.py": "from checks.registry import check\n",
        "checks/engine.py": "from checks.registry import all_checks\n",
    }
    assert cycles(import_graph(make_tree(tmp_path, files))) == [["checks.registry", "checks.rules"]]


def test_a_long_module_is_named(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    make_tree(tmp_path, {"crawler/long.py": "x = 1\n" * 601, "crawler/short.py": "x = 1\n" * 600})
    problems = long_files(tmp_path)
    assert [p.split(":")[0] for p in problems] == ["crawler/long.py"]
    assert "601 lines" in problems[0]
