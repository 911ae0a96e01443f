"""Every screen at the panel PC's 1366×768 and at 1920×1080: the window keeps its size, no text is
cropped, and a screenshot of each is taken (look at them: ``LINESIDE_SHOTS=dir pytest ...``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from app.capture import demo_line
from app.ui.context import StationContext
from app.ui.main_window import MainWindow
from app.ui.resources import SoundPlayer, style_sheet
from tests.helpers.stations import DemoStation
from tests.helpers.window import logged_in

SIZES = [(1366, 768), (1920, 1080)]


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text is wider (or, wrapped, taller) than their rectangle."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            text = widget.text()
            if not text or (widget.pixmap() is not None and not widget.pixmap().isNull()):
                continue
            width = widget.contentsRect().width()
            if widget.wordWrap():
                need_h = widget.heightForWidth(widget.width())
                if need_h > widget.height() + 1:
                    found.append(f"label {_name(widget)}: {need_h} px of text in {widget.height()}")
            elif widget.sizeHint().width() > widget.width() + 1:
                found.append(
                    f"label {_name(widget)}: {widget.sizeHint().width()} px of text in {width}"
                )
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.sizeHint().width()
            if isinstance(widget, QCheckBox | QRadioButton):
                hint = widget.minimumSizeHint().width()
            if hint > widget.width() + 1:
                found.append(f"button {_name(widget)}: {hint} px of text in {widget.width()}")
    for area in root.findChildren(QScrollArea):
        # Content wider than a scroll area that never scrolls sideways is cut off at its edge.
        inner = area.widget()
        if (
            inner is not None
            and area.isVisible()
            and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and inner.minimumSizeHint().width() > area.viewport().width() + 1
        ):
            found.append(
                f"scroll area {area.objectName()}: {inner.minimumSizeHint().width()} px of "
                f"content in {area.viewport().width()}"
            )
    return found


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{widget.objectName() or type(widget).__name__} “{text[:40]}”"


LANGUAGES = ["en", "de", "es"]  # German and Spanish are long: they must fit too


@pytest.fixture(params=LANGUAGES)
def admin_window(station: DemoStation, qtbot, request) -> Iterator[MainWindow]:
    app = QApplication.instance()
    app.setStyleSheet(style_sheet())
    session = station.session("FA-01")
    context = StationContext(station.store, session, "FA-01")
    win = MainWindow(
        context, sounds=SoundPlayer(muted=True), idle_minutes=0, language=request.param
    )
    qtbot.addWidget(win)
    win.show()
    context.run_session(lambda: session.login_password("admin", demo_line.DEMO_PASSWORD))
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.tabs, timeout=10_000)
    try:
        yield win
    finally:
        win.shutdown()
        context.shutdown()
        app.setStyleSheet("")


def pages(win: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Every screen of the window, inner tabs included, each brought to the front."""
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        page = win.current_screen()
        assert page is not None
        inner = [page] if isinstance(page, QTabWidget) else page.findChildren(QTabWidget)
        if not inner:
            yield win.tabs.tabText(i), page
            continue
        for tabs in inner:
            for j in range(tabs.count()):
                tabs.setCurrentIndex(j)
                yield f"{win.tabs.tabText(i)} · {tabs.tabText(j)}", tabs.widget(j)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_and_crops_no_text(admin_window: MainWindow, qtbot, width, height):
    win = admin_window
    shots = os.environ.get("LINESIDE_SHOTS")
    problems: dict[str, list[str]] = {}
    win.resize(width, height)
    qtbot.wait(100)
    bar = win.tabs.tabBar()
    # every screen's tab is in view: no scroll arrows hiding the last ones
    assert bar.sizeHint().width() <= win.tabs.width(), (
        f"the screens' tabs need {bar.sizeHint().width()} px of {win.tabs.width()}"
    )
    for title, _page in pages(win):
        qtbot.wait(300)  # the screen's first load and its layout
        found = clipped(win)
        if (win.width(), win.height()) != (width, height):
            found.append(f"the window grew to {win.width()}×{win.height()}")
            win.resize(width, height)
        if found:
            problems[title] = found
        if shots:
            name = title.lower().replace(" · ", "-").replace(" ", "-")
            lang = win.languages.current
            win.grab().save(str(Path(shots) / f"{width}x{height}-{lang}-{name}.png"))
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_smt_operator_screen_in_the_demo_fits(
    station: DemoStation, qtbot, width, height, language
):
    # Three environment values, the demo badge and scanner strip: the fullest operator screen.
    app = QApplication.instance()
    app.setStyleSheet(style_sheet())
    context = StationContext(station.store, station.session("SMT-01"), "SMT-01")
    win = MainWindow(
        context,
        sounds=SoundPlayer(muted=True),
        idle_minutes=0,
        demo=True,
        environment_label="simulated instruments on virtual serial ports",
        language=language,
    )
    qtbot.addWidget(win)
    win.show()
    try:
        logged_in(qtbot, win)
        assert win.operator is not None
        win.resize(width, height)
        qtbot.waitUntil(lambda: len(win.operator.environment.values) == 3, timeout=5_000)
        failed = {
            "passed": False,
            "spec": "SAC305 paste window",
            "recipe": "PCBA-200-N2",
            "measured_at": "2026-11-30T13:07:00Z",
            "violations": ["time above liquidus 38 s < 45 s on TC3 (BGA)", "peak 262 °C > 250 °C"],
        }
        win.operator.profile.show_profile("PCB-200-DEMO0001", failed)
        qtbot.wait(200)
        found = clipped(win)
        if (win.width(), win.height()) != (width, height):
            found.append(f"the window grew to {win.width()}×{win.height()}")
        shots = os.environ.get("LINESIDE_SHOTS")
        if shots:
            win.grab().save(str(Path(shots) / f"{width}x{height}-{language}-smt-operator.png"))
        assert found == []
    finally:
        win.shutdown()
        context.shutdown()
        app.setStyleSheet("")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_record_detail_and_sign_off_dialogs_fit(station: DemoStation, qtbot, width, height):
    from app.ui.supervisor.record_detail import RecordDetailDialog
    from app.ui.supervisor.signoff import SignOffDialog
    from tests.helpers.review import busiest_shift, record_profile_run

    app = QApplication.instance()
    app.setStyleSheet(style_sheet())
    session = station.session("FA-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    context = StationContext(station.store, session, "FA-01")
    shots = os.environ.get("LINESIDE_SHOTS")
    try:
        board = station.free_pcb()
        record_profile_run(station, board, cold_by=12.0)
        key = station.conn.execute(
            "SELECT record_key FROM assemblies WHERE unit_serial = ?", (board,)
        ).fetchone()[0]
        detail = RecordDetailDialog(context, key)
        qtbot.addWidget(detail)
        # the dialog inside the panel's screen, less its title bar
        detail.resize(min(detail.width(), width - 40), min(detail.height(), height - 60))
        with qtbot.waitSignal(detail.loaded, timeout=10_000):
            detail.show()
        problems = {}
        for t in range(detail.tabs.count()):
            detail.tabs.setCurrentIndex(t)
            qtbot.wait(150)
            found = clipped(detail)
            if found:
                problems[detail.tabs.tabText(t)] = found
            if shots:
                detail.grab().save(str(Path(shots) / f"{width}x{height}-record-detail-{t}.png"))
        dialog = SignOffDialog(
            context, busiest_shift(station), None, records=120, open_exceptions=2
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(150)
        if clipped(dialog) or dialog.height() > height - 60:
            problems["sign-off"] = [*clipped(dialog), f"{dialog.height()} px high"]
        assert problems == {}
    finally:
        context.wait()
        app.setStyleSheet("")
