"""The package's layers, enforced: every module's imports are read with `ast` and checked against
the directions written once below (LAYERS); no two modules may import each other, directly or
round a loop. docs/architecture.md draws the same picture.

    domain ← definitions ← codec ← store, pdf, xlsx, samples ← gui ← launch ← cli ← __main__
    domain ← startup ← gui, launch            (the start-up measures: perfdesk/startup.py)

(pdf reads no JSON, so it sits on definitions alone; store, pdf, xlsx and samples never import
each other; cli and gui never import each other: the `perfdesk` command reaches the GUI only
through launch.)

How imports count:
- A module-level import and an import inside a function (a *lazy* import: the GUI defers many so
  that the first frame comes sooner, see docs/startup.md) count the same, for the direction and
  for cycles: deferring an import changes when a module loads, not what it depends on. Loading
  through `lazy_module("perfdesk.x.y")`, or naming "perfdesk.x.y" in perfdesk.startup's LAZY
  table (one lazy handle per module), counts as a lazy import of x.y too.
- An import under `if TYPE_CHECKING:` never runs: it counts for the direction (a type name from
  a higher layer is still a wrong-way dependency) but not for cycles (a module may name, for the
  type checker, the class of the module that uses it).
- `from package import name` where package.name is a module counts as importing that module.
"""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

import perfdesk

ROOT = Path(perfdesk.__file__).resolve().parent

# Each layer and the layers it may import (besides itself). Written once; everything else is wrong.
LAYERS: dict[str, set[str]] = {
    "perfdesk": set(),              # perfdesk/__init__.py: the version, imported by anyone
    "domain": set(),                # plain Python: values, model, figures, edits, checks, scoring
    "resources": set(),             # perfdesk/resources.py: finds resources/ (icon, font, Qt translation)
    "portable": set(),              # perfdesk/portable.py: portable.ini beside the program
    "definitions": {"domain", "portable"},  # forms/ and the user's folder → typed definitions
    "codec": {"domain", "definitions"},                     # workbook ↔ JSON (perfdesk/codec.py)
    "store": {"domain", "definitions", "codec"},            # the .perfdesk file
    "pdf": {"domain", "definitions", "resources"},          # printing
    "xlsx": {"domain", "definitions", "codec"},             # Excel export and import
    "samples": {"domain", "definitions", "codec"},          # the built-in sample workbooks
    "gui": {"domain", "definitions", "codec", "store", "pdf", "xlsx", "samples", "startup", "resources",
            "portable", "collect"},
    "startup": {"domain"},          # perfdesk/startup.py: collector, feature switch, lazy handles
    "launch": {"gui", "startup"},   # perfdesk/launch.py: the GUI's start (collector, first frame)
    "collect": {"domain", "definitions", "codec", "store", "xlsx"},  # 汇总: dispatch, collect, overview
    "cli": {"domain", "definitions", "codec", "store", "pdf", "xlsx", "samples", "launch", "collect"},
    "__main__": {"cli"},            # python -m perfdesk
    "selftest": {"cli", "launch", "gui", "resources"},      # perfdesk/selftest.py: installed/frozen self-test
}
for _layer, _below in LAYERS.items():
    _below.add("perfdesk")
LAYERS["perfdesk"].discard("perfdesk")

# Imports that break the rules, each with why it is tolerated for now. A stale entry fails too.
KNOWN: dict[tuple[str, str], str] = {}


# ---------------------------------------------------------------------------------- the checker

class Import:
    def __init__(self, source: str, target: str, line: int, lazy: bool, type_only: bool):
        self.source, self.target, self.line, self.lazy, self.type_only = source, target, line, lazy, type_only

    def __repr__(self) -> str:
        how = " (type only)" if self.type_only else " (lazy)" if self.lazy else ""
        return f"{self.source}:{self.line} imports {self.target}{how}"


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(module: str, source: str, modules: set[str], is_package: bool = False) -> list[Import]:
    """Every import of our own modules in `source`, wherever it stands in the file."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    seen: set[tuple[str, int]] = set()

    def add(target: str, node: ast.AST, lazy: bool, type_only: bool) -> None:
        while target and target not in modules:      # perfdesk.x.y.Name → perfdesk.x.y
            target = target.rpartition(".")[0]
        if target and target != module and (target, node.lineno) not in seen:
            seen.add((target, node.lineno))
            found.append(Import(module, target, node.lineno, lazy, type_only))

    def visit(node: ast.AST, lazy: bool, type_only: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "perfdesk":
                    add(alias.name, node, lazy, type_only)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.split(".")[0] == "perfdesk":
                for alias in node.names:
                    sub = f"{name}.{alias.name}"
                    add(sub if sub in modules else name, node, lazy, type_only)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "lazy_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            add(node.args[0].value, node, lazy, type_only)
        elif (isinstance(node, ast.Assign) and not lazy and isinstance(node.value, ast.Dict)
              and any(isinstance(t, ast.Name) and t.id == "LAZY" for t in node.targets)):
            for value in node.value.values:     # perfdesk.startup's table of lazy handles
                if isinstance(value, ast.Constant) and str(value.value).startswith("perfdesk."):
                    add(value.value, node, True, type_only)
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, lazy, True)
            for child in node.orelse:
                visit(child, lazy, type_only)
            return
        inner = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner, type_only)

    visit(ast.parse(source), False, False)
    return found


def read_package(root: Path = ROOT) -> dict[str, tuple[str, bool]]:
    """module name → (source, is a package), for every module under perfdesk/."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = ["perfdesk", *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path.read_text(encoding="utf-8"), is_package)
    return out


def wrong_way(imports: list[Import], layers: dict[str, set[str]]) -> list[Import]:
    """Imports to a layer their module's layer may not import (or from a module in no layer)."""
    bad = []
    for imp in imports:
        mine, theirs = layer_of(imp.source), layer_of(imp.target)
        if mine not in layers or (mine != theirs and theirs not in layers[mine]):
            bad.append(imp)
    return bad


def cycles(imports: list[Import]) -> list[list[str]]:
    """The groups of modules that import one another round a loop (runtime imports: module-level
    and lazy; TYPE_CHECKING ones never run). Tarjan's strongly connected components."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if not imp.type_only:
            graph.setdefault(imp.source, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return groups


def layer_cycles(layers: dict[str, set[str]]) -> list[str]:
    """Layers that may, through the table, import themselves back (the table must be a ladder)."""
    looped = []
    for start in layers:
        seen, todo = set(), list(layers[start])
        while todo:
            layer = todo.pop()
            if layer == start:
                looped.append(start)
                break
            if layer not in seen:
                seen.add(layer)
                todo.extend(layers.get(layer, ()))
    return looped


def all_imports(sources: dict[str, tuple[str, bool]]) -> list[Import]:
    modules = set(sources)
    return [imp for name, (text, is_package) in sources.items() for imp in imports_of(name, text, modules, is_package)]


# ---------------------------------------------------------------------------------- the package

@pytest.fixture(scope="module")
def package_imports() -> list[Import]:
    return all_imports(read_package())


def test_the_layer_table_has_no_loop():
    assert layer_cycles(LAYERS) == []


def test_every_module_belongs_to_a_layer():
    assert sorted({layer_of(m) for m in read_package()} - set(LAYERS)) == []


def test_no_import_goes_the_wrong_way(package_imports):
    bad = [imp for imp in wrong_way(package_imports, LAYERS) if (imp.source, imp.target) not in KNOWN]
    assert bad == [], "imports against the layers (tests/test_layers.py LAYERS):\n" + "\n".join(map(repr, bad))


def test_no_module_imports_itself_round_a_loop(package_imports):
    assert cycles(package_imports) == []


def test_known_exceptions_still_exist(package_imports):
    pairs = {(imp.source, imp.target) for imp in package_imports}
    assert [pair for pair in KNOWN if pair not in pairs] == [], "remove the entry from KNOWN: it is fixed"


def test_the_checker_sees_lazy_and_type_only_imports(package_imports):
    """On the real package: a lazy import (launch loads the GUI inside start()), a lazy handle
    (perfdesk.startup.LAZY) and a TYPE_CHECKING import are all found, with what they are."""
    found = {(imp.source, imp.target): imp for imp in package_imports}
    assert found[("perfdesk.launch", "perfdesk.gui.app")].lazy
    assert found[("perfdesk.startup", "perfdesk.domain.edits")].lazy        # the LAZY table
    assert ("perfdesk.gui.commands", "perfdesk.startup") in found
    assert found[("perfdesk.domain.kinds", "perfdesk.domain.model")].type_only


# ---------------------------------------------------------------------------------- the checker catches

def _synthetic(**modules: str) -> dict[str, tuple[str, bool]]:
    """A small package of made-up modules: name (dots as __) → source."""
    out = {"perfdesk": ("", True)}
    for name, text in modules.items():
        dotted = "perfdesk." + name.replace("__", ".")
        out[dotted] = (textwrap.dedent(text), False)
        parent = dotted.rpartition(".")[0]
        out.setdefault(parent, ("", True))
    return out


def test_a_wrong_way_import_is_caught():
    """A deliberately wrong import: the domain reaching up into the GUI, at module level and in a
    function (lazily), and the store reaching sideways into xlsx; the rightful imports pass."""
    sources = _synthetic(
        domain__model="import decimal\n",
        domain__figures="from .model import x\nfrom perfdesk.gui.window import Window\n",
        domain__checks="def run():\n    from ..gui import window\n",
        store__file="from ..xlsx.writer import write\nfrom ..domain.model import x\n",
        xlsx__writer="from ..domain import model\n",
        gui__window="from ..domain.model import x\nfrom ..store.file import y\n",
    )
    bad = wrong_way(all_imports(sources), LAYERS)
    assert sorted((imp.source, imp.target, imp.lazy) for imp in bad) == [
        ("perfdesk.domain.checks", "perfdesk.gui.window", True),
        ("perfdesk.domain.figures", "perfdesk.gui.window", False),
        ("perfdesk.store.file", "perfdesk.xlsx.writer", False),
    ]


def test_a_type_only_import_the_wrong_way_is_caught_but_is_no_cycle():
    sources = _synthetic(
        domain__kinds="from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..gui.window import W\n"
                      "    from .model import Form\n",
        domain__model="from .kinds import KindDef\n",
        gui__window="from ..domain import kinds\n",
    )
    imports = all_imports(sources)
    assert [(i.source, i.target, i.type_only) for i in wrong_way(imports, LAYERS)] == [
        ("perfdesk.domain.kinds", "perfdesk.gui.window", True)]
    assert cycles(imports) == []


def test_a_cycle_is_caught_also_through_a_lazy_import():
    sources = _synthetic(
        gui__derive_dialog="from .derive_actions import difference_label\n",
        gui__derive_actions="class A:\n    def show(self):\n        from .derive_dialog import Dialog\n",
        gui__app="from . import a\n",
        gui__a="from . import b\n",
        gui__b="from perfdesk.gui import lazy\nedits = lazy_module('perfdesk.gui.app')\n",
        gui__lazy="",
    )
    assert sorted(cycles(all_imports(sources))) == [
        ["perfdesk.gui.a", "perfdesk.gui.app", "perfdesk.gui.b"],
        ["perfdesk.gui.derive_actions", "perfdesk.gui.derive_dialog"],
    ]


def test_a_loop_in_the_layer_table_is_caught():
    assert sorted(layer_cycles({"domain": {"gui"}, "gui": {"domain"}, "pdf": {"domain"}})) == ["domain", "gui"]
