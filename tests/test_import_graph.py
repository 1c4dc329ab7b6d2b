"""The stage boundaries, read from the source (ast; nothing is imported).

The flow is extract/ → normalise/ → output/, with schemas/ (the contract and every
vocabulary) and raw.py (the cells extract/ hands over) below both: an arrow the other
way, or a circle, makes a stage impossible to change or test on its own.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "catalogue"

# Libraries that read PDFs, Office files and images: extract/ owns them.
READER_LIBRARIES = frozenset(
    (
        *("pdfplumber", "pdfminer", "pypdfium2", "camelot", "fitz", "reportlab"),
        *("openpyxl", "docx", "xlrd", "odf", "olefile", "msoffcrypto", "lxml"),
        *("rapidocr", "onnxruntime", "cv2", "PIL"),
    )
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _type_checking_only(node: ast.AST) -> bool:
    """`if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`): its body never runs."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _nodes(tree: ast.AST, *, run_only: bool) -> Iterator[ast.AST]:
    """Every node of the tree; with `run_only`, not those under `if TYPE_CHECKING:`
    (its `else:` runs, and is kept)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        if run_only and _type_checking_only(node):
            assert isinstance(node, ast.If)
            pending.extend(node.orelse)
        else:
            pending.extend(ast.iter_child_nodes(node))


def _imports(path: Path, *, run_only: bool = False) -> Iterator[str]:
    """Every module the file imports, at its top or inside a function: `from a.b import c`
    is a.b.c where c is a module, a.b where it is a name. With `run_only`, the imports
    for the type checker alone are left out."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    for node in _nodes(tree, run_only=run_only):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            assert node.module is not None
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                yield sub if node.module.startswith("catalogue") and _is_module(sub) else node.module


GRAPH: dict[str, set[str]] = {
    _module_name(path): set(_imports(path)) for path in sorted(PACKAGE.rglob("*.py"))
}
# The imports that run (at a module's top or, lazily, in a function), between the
# package's own modules.
RUN_GRAPH: dict[str, set[str]] = {
    _module_name(path): {imported for imported in _imports(path, run_only=True) if imported in GRAPH}
    for path in sorted(PACKAGE.rglob("*.py"))
}


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _arrows(source: str, target: str | Callable[[str], bool]) -> list[str]:
    """The imports of modules under `source` of modules under `target` (or that it accepts)."""
    accept = target if callable(target) else lambda imported: _under(imported, target)
    return [
        f"{module} → {imported}"
        for module, imports in sorted(GRAPH.items())
        if _under(module, source)
        for imported in sorted(imports)
        if accept(imported)
    ]


def test_the_graph_is_read():
    # A test that reads nothing passes whatever the code does.
    assert len(GRAPH) > 50
    assert "catalogue.schemas.headers" in GRAPH["catalogue.extract.html"]
    assert "catalogue.normalise.columns" in GRAPH["catalogue.normalise.rows"]


def test_extract_never_imports_normalise():
    assert _arrows("catalogue.extract", "catalogue.normalise") == []


def test_normalise_imports_no_reader_library_and_nothing_of_extract():
    assert _arrows("catalogue.normalise", lambda imported: imported.split(".")[0] in READER_LIBRARIES) == []
    assert _arrows("catalogue.normalise", "catalogue.extract") == []


def test_schemas_import_no_other_part_of_the_package():
    # catalogue.version (the tool's and the contract's version, importing nothing) is not a stage.
    def outside(imported: str) -> bool:
        return (_under(imported, "catalogue") and imported != "catalogue.version"
                and not _under(imported, "catalogue.schemas"))

    assert _arrows("catalogue.schemas", outside) == []


@pytest.mark.parametrize(
    ("kind", "others"),
    [
        # What two input kinds share sits beside them in extract/ (pdfium_fonts.py,
        # symbol_fonts.py), not inside one of them.
        ("catalogue.extract.office", ("catalogue.extract.pdf", "catalogue.extract.ocr", "catalogue.extract.ofd")),
        ("catalogue.extract.ocr", ("catalogue.extract.pdf", "catalogue.extract.office", "catalogue.extract.ofd")),
    ],
)
def test_an_input_kind_does_not_reach_into_another(kind: str, others: tuple[str, ...]):
    assert [arrow for other in others for arrow in _arrows(kind, other)] == []


def _package_graph() -> dict[str, set[str]]:
    """The rooms of the package (extract, normalise, schemas, output, inspect, raw,
    batch, cli …) and the arrows between them; the package's door is left out."""
    rooms: dict[str, set[str]] = {}
    for module, imports in GRAPH.items():
        if module == "catalogue":
            continue
        room = ".".join(module.split(".")[:2])
        arrows = rooms.setdefault(room, set())
        for imported in imports:
            if _under(imported, "catalogue") and imported != "catalogue":
                target = ".".join(imported.split(".")[:2])
                if target != room:
                    arrows.add(target)
    return rooms


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of the graph, or None (depth-first, iterative)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path: list[str] = [start]
        pending: list[Iterator[str]] = [iter(sorted(graph[start]))]
        state[start] = 1
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                pending.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                pending.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_the_package_graph_has_no_cycle():
    graph = _package_graph()
    assert {"catalogue.extract", "catalogue.normalise", "catalogue.schemas", "catalogue.output"} <= graph.keys()
    assert _cycle(graph) is None


def test_no_module_is_in_an_import_cycle():
    # Module by module, lazy imports included: a lazy import hides a circle from the
    # interpreter, not from a reader, and the two modules can still be neither changed
    # nor tested apart. What both sides need goes into a third module both import.
    assert len(RUN_GRAPH) == len(GRAPH)
    assert "catalogue.extract.pdf.tables" in RUN_GRAPH["catalogue.extract.ofd"]
    assert _cycle(RUN_GRAPH) is None


def test_only_type_checking_imports_are_left_out(tmp_path: Path):
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import hidden\nelse:\n    import shown_else\n"
        "if not TYPE_CHECKING:\n    import shown_not\n"
        "def f():\n    import lazy\n",
        "utf-8",
    )
    assert set(_imports(source, run_only=True)) == {"typing", "shown_else", "shown_not", "lazy"}
    assert "hidden" in set(_imports(source))


def test_a_cycle_is_found():
    # The finder itself, on a graph with a circle and one without.
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
