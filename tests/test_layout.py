"""The package layout, checked from the source alone: every module of src/govgraph is parsed with ``ast``
(nothing is imported or run), relative imports are resolved, and these rules are asserted:

(a) no import cycles between modules, counting the imports a module runs when it is imported (its top-level
    ones); an import inside a function is deferred on purpose (the store registry loads its backends so) and
    counts for the rules below but not for cycles;
(b) no module imports a stage that comes after its own. The stages, bottom to top (``_STAGES``): _native (which
    build of the extraction modules loads; imports nothing of govgraph), text and vocab;
    errors and model; read, sections, extract, resolve, link, json_contract, rdf, store, corpus, pipeline, query,
    views, serve; the package ``__init__`` (the public API, which may import any stage); then cli, which is built
    on the public API only (``import govgraph``), and ``__main__``. A subpackage's ``__init__`` belongs to its
    stage; modules of one stage may import each other;
(c) rdflib, pyoxigraph and pyshacl are imported only under govgraph.rdf, govgraph.vocab and govgraph.store, but
    for the modules in ``_PENDING`` (each with its reason), which must still break the rule: mend one and take it
    off the list;
(d) click is imported only by govgraph.cli;
(e) no module outside govgraph.store reaches into a store: it touches no attribute ``_store``, ``_lock`` or
    ``_location`` of an object other than ``self``/``cls``.

Imports under ``if TYPE_CHECKING:`` do not count anywhere, nor do imports in doctests (docstrings are text).
``from package import name`` counts as an import of ``package.name`` when that is a module, else of ``package``;
``importlib.import_module("...")`` with a literal name counts too.

The layout in figures (modules, lines and imports per stage), for docs/decisions.md::

    python tests/test_layout.py
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = "govgraph"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

# Bottom to top; the stages in one tuple share a rank. "__init__" is the package's own __init__.py.
_STAGES: tuple[tuple[str, ...], ...] = (
    ("_native", "text", "vocab"),
    ("errors", "model"),
    ("read",),
    ("sections",),
    ("extract",),
    ("resolve",),
    ("link",),
    ("json_contract",),
    ("rdf",),
    ("store",),
    ("corpus",),
    ("pipeline",),
    ("query",),
    ("views",),
    ("serve",),
    ("__init__",),
    ("cli",),
    ("__main__",),
)
_RANK = {stage: rank for rank, stages in enumerate(_STAGES) for stage in stages}

RDF_LIBRARIES = ("rdflib", "pyoxigraph", "pyshacl")
RDF_STAGES = ("rdf", "vocab", "store")

# Modules outside RDF_STAGES that still import an RDF library: {module: why, until it moves}.
_PENDING: dict[str, str] = {}

STORE_PRIVATE = ("_store", "_lock", "_location")


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    lines: int
    imports: dict[str, bool] = field(default_factory=dict)  # absolute name -> imported at top level
    private_reads: list[tuple[int, str]] = field(default_factory=list)  # (line, attribute) off another object

    @property
    def stage(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else "__init__"

    def internal(self, modules: dict[str, Module], top_level_only: bool = False) -> set[str]:
        """The govgraph modules this one imports (a name that is no module counts as its longest module
        prefix: ``from x import y`` where y is a function)."""
        found = set()
        for name, top in self.imports.items():
            if top_level_only and not top:
                continue
            target = _as_module(name, modules)
            if target and target != self.name:
                found.add(target)
        return found

    def external(self) -> set[str]:
        """Top-level names of the other distributions and standard modules it imports."""
        return {name.split(".")[0] for name in self.imports if name.split(".")[0] != PACKAGE}


def _as_module(name: str, modules: dict[str, Module]) -> str | None:
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Reader(ast.NodeVisitor):
    def __init__(self, module: Module, names: set[str]) -> None:
        self.module = module
        self.names = names  # every module name of the package, for `from pkg import submodule`
        self.depth = 0  # > 0 inside a function: the import is deferred

    def _add(self, name: str) -> None:
        self.module.imports[name] = self.module.imports.get(name, False) or self.depth == 0

    def _base(self, level: int, module: str | None) -> str:
        if not level:
            return module or ""
        parts = self.module.name.split(".")
        if not self.module.is_package:
            parts = parts[:-1]
        parts = parts[: len(parts) - (level - 1)]
        return ".".join(parts + ([module] if module else []))

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for stmt in node.orelse:
                self.visit(stmt)
            return
        self.generic_visit(node)

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._base(node.level, node.module)
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            self._add(sub if sub in self.names else base)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        first = node.args[0] if node.args else None
        if (
            called in ("import_module", "__import__")
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            if not first.value.startswith("."):  # a relative name needs its package argument: not worth it
                self._add(first.value)
        if called in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2:
            target, attr = node.args[0], node.args[1]
            if isinstance(attr, ast.Constant) and attr.value in STORE_PRIVATE and not _is_self(target):
                self.module.private_reads.append((node.lineno, str(attr.value)))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in STORE_PRIVATE and not _is_self(node.value):
            self.module.private_reads.append((node.lineno, node.attr))
        self.generic_visit(node)


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def read_package(src: Path = SRC) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src.parent).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        text = path.read_text(encoding="utf-8")
        modules[".".join(parts)] = Module(".".join(parts), path, is_package, text.count("\n"))
    names = set(modules)
    for module in modules.values():
        _Reader(module, names).visit(ast.parse(module.path.read_text(encoding="utf-8"), str(module.path)))
    return modules


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    found = read_package()
    assert len(found) > 20, f"too few modules under {SRC}"
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# Each rule gives its problems, one line each naming the modules; the tests below assert there are none.


def unstaged(modules: dict[str, Module]) -> list[str]:
    return sorted(f"{m.name} (add its stage to _STAGES)" for m in modules.values() if m.stage not in _RANK)


def cycle_problems(modules: dict[str, Module]) -> list[str]:
    graph = {name: m.internal(modules, top_level_only=True) for name, m in modules.items()}
    found = []
    for component in _cycles(graph):
        members = set(component)
        edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
        found.append(f"{', '.join(component)}: {'; '.join(edges)}")
    return found


def stage_problems(modules: dict[str, Module]) -> list[str]:
    found = []
    for name, module in sorted(modules.items()):
        if module.stage not in _RANK:
            continue  # reported by unstaged
        for target in sorted(module.internal(modules)):
            stage = modules[target].stage
            if _RANK.get(stage, -1) > _RANK[module.stage]:
                found.append(f"{name} ({module.stage}) imports {target} ({stage})")
    return found


def rdf_problems(modules: dict[str, Module], pending: dict[str, str] = _PENDING) -> list[str]:
    found = {}
    for name, module in sorted(modules.items()):
        libraries = sorted(module.external() & set(RDF_LIBRARIES))
        if libraries and module.stage not in RDF_STAGES:
            found[name] = libraries
    problems = [f"{name} imports {', '.join(libs)}" for name, libs in found.items() if name not in pending]
    problems += [f"{name} imports none now: take it off _PENDING" for name in sorted(set(pending) - set(found))]
    return problems


def click_problems(modules: dict[str, Module]) -> list[str]:
    return sorted(f"{n} imports click" for n, m in modules.items() if "click" in m.external() and n != f"{PACKAGE}.cli")


def store_problems(modules: dict[str, Module]) -> list[str]:
    return [
        f"{name}:{line} reads .{attr} of another object"
        for name, m in sorted(modules.items())
        if m.stage != "store"
        for line, attr in m.private_reads
    ]


def _lines(problems: list[str]) -> str:
    return "\n  " + "\n  ".join(problems)


def test_every_module_has_a_stage(modules: dict[str, Module]) -> None:
    problems = unstaged(modules)
    assert not problems, "modules of no stage in tests/test_layout.py:" + _lines(problems)


def test_no_import_cycles(modules: dict[str, Module]) -> None:
    problems = cycle_problems(modules)
    assert not problems, "import cycles among top-level imports:" + _lines(problems)


def test_no_module_imports_a_later_stage(modules: dict[str, Module]) -> None:
    problems = stage_problems(modules)
    assert not problems, "imports of a later stage:" + _lines(problems)


def test_rdf_libraries_only_under_rdf_vocab_store(modules: dict[str, Module]) -> None:
    problems = rdf_problems(modules)
    where = ", ".join(f"{PACKAGE}.{s}" for s in RDF_STAGES)
    assert not problems, f"{', '.join(RDF_LIBRARIES)} may be imported only under {where}:" + _lines(problems)


def test_click_only_in_cli(modules: dict[str, Module]) -> None:
    problems = click_problems(modules)
    assert not problems, f"click may be imported only by {PACKAGE}.cli:" + _lines(problems)


def test_nothing_outside_store_reaches_into_a_store(modules: dict[str, Module]) -> None:
    problems = store_problems(modules)
    assert not problems, f"outside {PACKAGE}.store, no {', '.join(STORE_PRIVATE)} of another object:" + _lines(problems)


_BROKEN = {  # a package that breaks each rule once, and keeps it where it may
    "__init__.py": "from .cli import main\n",  # the public API may not import cli ...
    "cli.py": "import click\nimport govgraph as gg\n",  # ... but cli may import the public API
    "text/__init__.py": "from ..extract import x\n",  # a bottom layer imports a later stage
    "extract/__init__.py": "from .a import y\nx = 1\n",
    "extract/a.py": "from . import b\ny = 1\n",  # a cycle a <-> b ...
    "extract/b.py": "from .a import y\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import click\n",
    "extract/c.py": "def f():\n    from . import d\n",  # ... but a deferred import makes none
    "extract/d.py": "from . import c\nfrom ..store import s\n",
    "read/__init__.py": "def f(store):\n    import pyshacl\n    return store._lock, getattr(store, '_store'), self._store\n",
    "store/__init__.py": "import rdflib\n\n\ndef f(other):\n    return other._location\n",
    "query.py": 'import click\n\n"""\n>>> import rdflib\n"""\n',  # a doctest's import does not count
    "model.py": "import importlib\n\nimportlib.import_module('govgraph.read')\n",
}


def test_the_rules_catch_violations(tmp_path: Path) -> None:
    for rel, text in _BROKEN.items():
        path = tmp_path / PACKAGE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    mods = read_package(tmp_path / PACKAGE)
    assert unstaged(mods) == []
    assert cycle_problems(mods) == [
        "govgraph, govgraph.cli: govgraph -> govgraph.cli; govgraph.cli -> govgraph",
        "govgraph.extract.a, govgraph.extract.b: govgraph.extract.a -> govgraph.extract.b; "
        "govgraph.extract.b -> govgraph.extract.a",
    ]
    assert stage_problems(mods) == [
        "govgraph (__init__) imports govgraph.cli (cli)",
        "govgraph.extract.d (extract) imports govgraph.store (store)",
        "govgraph.model (model) imports govgraph.read (read)",
        "govgraph.text (text) imports govgraph.extract (extract)",
    ]
    assert rdf_problems(mods, {"govgraph.query": "a reason"}) == [
        "govgraph.read imports pyshacl",
        "govgraph.query imports none now: take it off _PENDING",
    ]
    assert click_problems(mods) == ["govgraph.query imports click"]
    assert store_problems(mods) == [
        "govgraph.read:3 reads ._lock of another object",
        "govgraph.read:3 reads ._store of another object",
    ]
    (tmp_path / PACKAGE / "extra.py").write_text("", encoding="utf-8")
    assert unstaged(read_package(tmp_path / PACKAGE)) == ["govgraph.extra (add its stage to _STAGES)"]


def summary(modules: dict[str, Module]) -> str:
    """A table, bottom stage first: modules and lines per stage; its imports of govgraph modules (one per
    importing and imported module) inside the stage, out to other stages, and in from them; the libraries it
    imports (not the standard library)."""
    edges = [(m, modules[t]) for m in modules.values() for t in sorted(m.internal(modules))]
    stdlib = set(getattr(sys, "stdlib_module_names", ())) | {"__future__"}
    head = ("stage", "modules", "lines", "within", "out", "in", "libraries")
    rows: list[tuple[str, ...]] = [head]
    for stage in [s for stages in _STAGES for s in stages] + sorted({m.stage for m in modules.values()} - set(_RANK)):
        mods = [m for m in modules.values() if m.stage == stage]
        if not mods:
            continue
        name = "__init__.py" if stage == "__init__" else f"{stage}/" if mods[0].is_package else f"{stage}.py"
        counts = (
            len(mods),
            sum(m.lines for m in mods),
            sum(1 for a, b in edges if a.stage == b.stage == stage),
            sum(1 for a, b in edges if a.stage == stage != b.stage),
            sum(1 for a, b in edges if b.stage == stage != a.stage),
        )
        libraries = sorted({lib for m in mods for lib in m.external()} - stdlib)
        rows.append((name, *map(str, counts), ", ".join(libraries) or "-"))
    rows.append(("total", str(len(modules)), str(sum(m.lines for m in modules.values())), str(len(edges)), "", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows)


if __name__ == "__main__":
    print(summary(read_package()))
