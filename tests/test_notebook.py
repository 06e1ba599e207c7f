"""notebooks/explore.ipynb: it runs from top to bottom (nbclient; a failing cell fails the test), with the
shared corpus and without it, uses only the public API, and is committed with its outputs."""

from __future__ import annotations

import ast
import re
import shutil

import nbformat
import pytest
from conftest import CORPUS, HAIKOU, ROOT

import govgraph

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _code(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _outputs(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or showed as text."""
    parts = []
    for o in _outputs(nb):
        parts.append(o.get("text", ""))
        parts.append(o.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _execute(path, cwd) -> nbformat.NotebookNode:
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in _outputs(nb) if o.get("output_type") == "error"]


def test_notebook_runs():
    nb = _execute(NOTEBOOK, NOTEBOOK.parent)
    assert not _errors(nb)
    assert any("image/png" in o.get("data", {}) for o in _outputs(nb))  # the charts were drawn
    text = _text(nb)
    nodes = re.search(r"460100-2022-fazhi\.graphml: (\d+) nodes, (\d+) edges", text)
    assert nodes and int(nodes[1]) > 50 and int(nodes[2]) > 50  # the GraphML file was written and read back
    assert "'value': 'Decimal'" in text  # figures come back typed
    if CORPUS.is_dir():
        assert re.search(r"海南省\s+6\s+approx\s+地区生产总值增长6%左右", text)  # 2026 target, from its sentence


def test_notebook_runs_without_the_corpus(tmp_path):
    """Beside a checkout without ../shared/corpus, the notebook works on the sample report alone."""
    root = tmp_path / "checkout"
    (root / "notebooks").mkdir(parents=True)
    (root / "data" / "reports").mkdir(parents=True)
    shutil.copy(NOTEBOOK, root / "notebooks" / NOTEBOOK.name)
    shutil.copy(HAIKOU, root / "data" / "reports" / HAIKOU.name)
    assert not (tmp_path / "shared" / "corpus").exists()
    nb = _execute(root / "notebooks" / NOTEBOOK.name, root / "notebooks")
    assert not _errors(nb)
    text = _text(nb)
    assert text.startswith("1 reports, ")
    assert "no provincial work reports in the store" in text
    assert any("image/png" in o.get("data", {}) for o in _outputs(nb))


def test_notebook_uses_only_the_public_api():
    """No internal module is imported, every ``govgraph.NAME`` is in ``govgraph.__all__``, and no number is
    converted by hand (query results are typed)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    used = set()
    for source in _code(nb):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("govgraph"), f"from {node.module} import …"
            if isinstance(node, ast.Import):
                assert all(a.name == "govgraph" or not a.name.startswith("govgraph.") for a in node.names)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "govgraph":
                used.add(node.attr)
        assert "to_numeric" not in source
        assert not re.search(r"\bfloat\(", source)
    assert {"open_store", "ingest", "query_text", "network", "build_view"} <= used
    assert used <= set(govgraph.__all__), used - set(govgraph.__all__)


def test_notebook_is_committed_with_its_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "run the notebook before committing it"
    assert not _errors(nb)
    assert any("image/png" in o.get("data", {}) for o in _outputs(nb))
