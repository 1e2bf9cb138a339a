"""The consultations app imports without a cycle.

pages.py used to reach views.py (and through it participation's views) with
imports inside functions, because moving them to the top raised ImportError.
These tests read the source, so they fail as soon as such an import or a cycle
comes back, whatever order a test run happens to import modules in.
"""

import ast
from pathlib import Path

import consultations

APP = Path(consultations.__file__).parent
PACKAGE = "consultations"


def _modules() -> dict[str, ast.Module]:
    """Every module of the app by dotted name (packages by their own name)."""
    trees = {}
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(APP).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        name = ".".join([PACKAGE, *parts])
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        tree.is_package = path.name == "__init__.py"
        trees[name] = tree
    return trees


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _top_level_imports(module: str, tree: ast.Module) -> set[str]:
    """Modules imported when ``module`` runs (not those only for type checkers)."""
    package = module if tree.is_package else module.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(body):
        for node in body:
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue
            if isinstance(node, ast.If | ast.Try):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module
                found.add(target)
                # "from . import selectors" imports the module consultations.selectors
                for alias in node.names:
                    found.add(f"{target}.{alias.name}")

    visit(tree.body)
    return found


def test_no_function_local_imports_in_consultations():
    offenders = []
    for module, tree in _modules().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            # AppConfig.ready() runs before nothing else can: Django imports
            # apps.py before any model exists, so its imports must wait.
            if module == f"{PACKAGE}.apps" and node.name == "ready":
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    offenders.append(f"{module}:{inner.lineno} in {node.name}()")
    assert offenders == []


def test_consultations_modules_import_without_a_cycle():
    trees = _modules()
    graph = {
        module: {
            target
            for target in _top_level_imports(module, tree)
            if target in trees and target != module
        }
        for module, tree in trees.items()
    }
    cycles = []

    def walk(module, stack):
        if module in stack:
            cycles.append(" -> ".join([*stack[stack.index(module) :], module]))
            return
        for target in sorted(graph[module]):
            walk(target, [*stack, module])

    for module in graph:
        walk(module, [])
    assert cycles == []


def test_consultations_does_not_import_other_apps_views():
    imported = set()
    for module, tree in _modules().items():
        imported |= _top_level_imports(module, tree)
    assert not any(name.startswith("participation.views") for name in imported)
