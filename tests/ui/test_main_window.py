"""Screen discovery in the main window: a screen package that does not import is reported, not dropped."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.ui
from app.capture import demo_line
from app.domain.roles import Role
from app.ui import main_window
from app.ui.context import StationContext
from app.ui.main_window import MainWindow, ScreenImportError, discover_screens
from app.ui.resources import SoundPlayer
from tests.helpers.stations import DemoStation

AREA = "brokenarea"


@pytest.fixture
def broken_area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A screen package ``app.ui.brokenarea`` with one good screen module and one broken import."""
    package = tmp_path / AREA
    package.mkdir()
    (package / "__init__.py").write_text('"""Test screens."""\n')
    (package / "good.py").write_text(
        '"""A screen that imports."""\n'
        "from PySide6.QtWidgets import QWidget\n\n\n"
        "class GoodWidget(QWidget):\n"
        "    def __init__(self, context, parent=None):\n"
        "        super().__init__(parent)\n"
    )
    (package / "bad.py").write_text(
        '"""A screen whose import is broken."""\nimport app.ui.no_such\n'
    )
    monkeypatch.setattr(app.ui, "__path__", [*app.ui.__path__, str(tmp_path)])
    yield AREA
    for name in [n for n in sys.modules if n.startswith(f"app.ui.{AREA}")]:
        del sys.modules[name]


def test_a_screen_module_that_does_not_import_raises_and_names_itself(broken_area: str):
    with pytest.raises(ScreenImportError) as caught:
        discover_screens(broken_area)
    assert caught.value.module == f"app.ui.{AREA}.bad"
    assert "app.ui.no_such" in str(caught.value)


def test_a_missing_screen_package_raises():
    with pytest.raises(ScreenImportError, match=r"app\.ui\.nowhere"):
        discover_screens("nowhere")


def test_the_real_screen_packages_import():
    assert [t for t, _ in discover_screens("supervisor")] == [
        "Shift log",
        "Exceptions",
        "Trace",
        "Search",
    ]
    assert [t for t, _ in discover_screens("access")] == ["Access"]
    assert [t for t, _ in discover_screens("admin")] == ["Users"]
    assert [t for t, _ in discover_screens("technician")] == [
        "Instruments",
        "Scanners",
        "Station settings",
        "Health",
    ]


def test_the_window_shows_a_failed_screen_package_as_a_tab_that_says_why(
    broken_area: str, station: DemoStation, qtbot, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(main_window.ROLE_AREAS, Role.SUPERVISOR, ("supervisor", broken_area))
    session = station.session("FA-01")
    context = StationContext(station.store, session, "FA-01")
    win = MainWindow(context, sounds=SoundPlayer(muted=True), idle_minutes=10).install()
    qtbot.addWidget(win)
    try:
        win.login.username.setText("supervisor")
        win.login.password.setText(demo_line.DEMO_PASSWORD)
        win.login.login_button.click()
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.tabs, timeout=5_000)
        titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
        assert "Brokenarea (failed to load)" in titles
        assert "Shift log" in titles  # the working screens are still there
        note = win.screens["Brokenarea (failed to load)"]
        assert f"app.ui.{AREA}.bad" in note.text() and "no_such" in note.text()
    finally:
        win.shutdown()
        context.shutdown()
