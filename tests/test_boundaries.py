"""The core runs where Qt cannot be imported: every non-UI module imports and the CLI works without it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app
import drivers

ROOT = Path(__file__).resolve().parents[1]

BLOCK_QT = """
import importlib.abc, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):
            raise ImportError(f'{name} is not importable in the headless job')
        return None
sys.meta_path.insert(0, BlockQt())
"""


def core_modules() -> list[str]:
    names = []
    for package in (app, drivers):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.startswith("app.ui"):
                names.append(info.name)
    return names


def test_core_modules_import_without_qt() -> None:
    modules = core_modules()
    assert "app.capture.session" in modules and "app.store.journal" in modules
    code = (
        BLOCK_QT
        + "import importlib\n"
        + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_headless_verbs_run_without_qt(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    code = BLOCK_QT + (
        "import sys\nfrom app.cli import main\n"
        f"assert main(['init', '--db', {str(db)!r}]) == 0\n"
        f"assert main(['demo-data', '--db', {str(db)!r}, '--units', '20', '--quiet']) == 0\n"
        f"sys.exit(main(['verify', '--db', {str(db)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout
