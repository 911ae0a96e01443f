"""Each session event carries a frozen view of the session: what the screens show, never the live object."""

from __future__ import annotations

import dataclasses

import pytest

from app.capture.events import Event, SessionView
from tests.helpers.stations import DemoStation


def test_every_event_carries_a_frozen_view_that_later_scans_do_not_change(
    station: DemoStation,
) -> None:
    session = station.session("FA-01")
    events: list[Event] = []
    session.subscribe(events.append)
    session.scan("BDG-1002")
    serial = "SN-IP-200-7100001"
    session.scan(station.udi(serial))
    pcb = station.free_pcb()
    session.scan(pcb)
    assert all(e.view is not None for e in events)
    unit_view = next(e.view for e in events if e.kind == "unit")
    board_view = events[-1].view
    assert unit_view is not None and board_view is not None
    assert unit_view.unit_serial == serial and unit_view.components == ()
    assert [c.id for c in board_view.components] == [pcb]
    assert isinstance(board_view.checklist, tuple)
    assert all(isinstance(line.scanned, tuple) for line in board_view.checklist)
    assert board_view.left == len(board_view.checklist) - 1 and not board_view.complete
    with pytest.raises(dataclasses.FrozenInstanceError):
        board_view.unit_serial = "SN-OTHER"  # type: ignore[misc]

    for lot in station.final_components():
        session.scan(lot)
    complete = events[-1].view
    assert complete is not None and complete.complete and complete.left == 0
    session.commit()
    committed = events[-1]
    assert committed.kind == "committed" and committed.view is not None
    # The committed event shows the station ready for the next unit; the earlier views stay.
    assert committed.view.unit_serial is None and committed.view.components == ()
    assert complete.complete and [c.id for c in board_view.components] == [pcb]


def test_starting_a_unit_over_is_an_event_with_an_empty_view(station: DemoStation) -> None:
    session = station.session("FA-01")
    session.scan("BDG-1002")
    session.scan(station.udi("SN-IP-200-7100002"))
    events: list[Event] = []
    session.subscribe(events.append)
    session.clear()
    assert [e.kind for e in events] == ["cleared"]
    view = events[0].view
    assert isinstance(view, SessionView)
    assert view.unit_serial is None and view.operator is not None
    assert view.step is not None and view.station_id == "FA-01"
