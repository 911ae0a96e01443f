"""The operator screen shows the views session events carry and never reads the live session."""

from __future__ import annotations

import threading
from typing import Any

from app.capture.events import Event, SessionView
from app.capture.session import CaptureSession
from app.ui.context import StationContext
from app.ui.operator import OperatorStationWidget
from tests.helpers.stations import DemoStation


class GuardedSession:
    """A capture session that notes every attribute the GUI thread reads once ``armed``."""

    def __init__(self, session: CaptureSession) -> None:
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "armed", False)
        object.__setattr__(self, "gui_reads", [])

    def __getattr__(self, name: str) -> Any:
        if self.armed and threading.current_thread() is threading.main_thread():
            self.gui_reads.append(name)
        return getattr(self._session, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("armed", "gui_reads"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._session, name, value)


def test_a_whole_unit_is_shown_without_the_gui_thread_reading_the_session(
    station: DemoStation, qtbot
):
    guarded = GuardedSession(station.session("FA-01"))
    context = StationContext(station.store, guarded, "FA-01")  # type: ignore[arg-type]
    widget = OperatorStationWidget(context)  # its own muted player, parented to it
    qtbot.addWidget(widget)
    guarded.armed = True
    try:
        serial = "SN-IP-200-7200001"
        widget.handle_scan("BDG-1002")
        widget.handle_scan(station.udi(serial))
        qtbot.waitUntil(lambda: serial in widget.unit.text(), timeout=5_000)
        widget.handle_scan(station.free_pcb())
        qtbot.waitUntil(lambda: "·    1 of" in widget.unit.text(), timeout=5_000)
        model = widget.checklist_model
        assert sum(1 for i in range(model.rowCount()) if model.row_at(i).scanned) == 1
        with qtbot.waitSignal(widget.record_committed, timeout=10_000):
            for lot in station.final_components():
                widget.handle_scan(lot)
        qtbot.waitUntil(lambda: widget.feedback.state == "done", timeout=5_000)
        widget.environment.refresh()
        assert "scan the unit" in widget.unit.text()
        assert guarded.gui_reads == []
    finally:
        context.shutdown()


def test_the_screen_renders_the_view_the_event_carries_not_the_session(station: DemoStation, qtbot):
    session = station.session("FA-01")
    context = StationContext(station.store, session, "FA-01")
    widget = OperatorStationWidget(context, auto_commit=False)
    qtbot.addWidget(widget)
    try:
        assert session.unit_serial is None
        view = SessionView("FA-01", "Event station", unit_serial="SN-ONLY-IN-THE-EVENT")
        assert context.signals is not None
        context.signals.any_event.emit(Event("unit", "unit accepted", view=view))
        context.signals.accepted.emit(
            Event("unit", "unit accepted", data={"serial": "SN-ONLY-IN-THE-EVENT"}, view=view)
        )
        assert "SN-ONLY-IN-THE-EVENT" in widget.unit.text()
        assert "Event station" in widget.header.text()
        assert session.unit_serial is None  # the live session never had it
    finally:
        context.shutdown()
