"""Every user requirement is traced to tests that exist and every IQ/OQ check to a requirement."""

from __future__ import annotations

import ast
from pathlib import Path

from app.validation.checks import CHECKS
from app.validation.requirements import Requirement, load

ROOT = Path(__file__).resolve().parents[2]


def test_functions(path: Path) -> set[str]:
    """The names of the test functions defined at the top of a test module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


test_functions.__test__ = False  # type: ignore[attr-defined] - a helper, not a test


def problems(requirements: list[Requirement], root: Path) -> list[str]:
    """What is wrong with the trace: requirements without tests, tests that do not exist."""
    found: list[str] = []
    ids = [r.id for r in requirements]
    found += [f"{i} is listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for req in requirements:
        if not req.tests:
            found.append(f"{req.id} has no test")
        for test in req.tests:
            file, _, name = test.partition("::")
            path = root / file
            if not path.is_file() or name not in test_functions(path):
                found.append(f"{req.id}: {test} does not exist")
    return found


def test_every_requirement_is_traced_to_tests_that_exist() -> None:
    requirements = load()
    assert len(requirements) >= 10
    assert problems(requirements, ROOT) == []


def test_a_requirement_without_a_test_or_with_a_missing_one_is_named() -> None:
    untested = Requirement("URS-98", "untested", "", (), ())
    renamed = Requirement(
        "URS-99", "renamed", "", ("tests/store/test_journal.py::test_no_longer_here",), ()
    )
    assert problems([untested, renamed, renamed], ROOT) == [
        "URS-99 is listed twice",
        "URS-98 has no test",
        "URS-99: tests/store/test_journal.py::test_no_longer_here does not exist",
        "URS-99: tests/store/test_journal.py::test_no_longer_here does not exist",
    ]


def test_every_check_traces_to_a_requirement_and_every_traced_check_exists() -> None:
    traced = {c for r in load() for c in r.checks}
    assert traced == {c.id for c in CHECKS}
