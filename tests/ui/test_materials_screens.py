"""The receiving inspector's screen (label, certificate, signed decision) and the line lead's
materials screen (open MSD reels with their floor life, lots running low), through real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line, floor_life
from app.codes.mh10 import compose
from app.domain.entry import EntryMethod
from app.store import materials as store
from app.ui.context import StationContext
from app.ui.materials.screens import MaterialsWidget, ReceivingWidget
from tests.helpers.stations import DemoStation

LABEL = compose([("1P", "KS32F401RCT6"), ("Q", "2000"), ("1T", "KX-0042"), ("3S", "R-123")])


@pytest.fixture
def context(station: DemoStation, qtbot) -> Iterator[StationContext]:
    session = station.session("SMT-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    ctx = StationContext(station.store, session, "SMT-01")
    yield ctx
    ctx.wait()


def settle(qtbot, context: StationContext) -> None:
    qtbot.waitUntil(
        lambda: context.session_tasks.pending == 0 and context.tasks.pending == 0, timeout=20_000
    )


def test_a_reel_received_certified_and_signed_on_the_screen(
    context: StationContext, station: DemoStation, qtbot, tmp_path: Path
) -> None:
    widget = ReceivingWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.label.setText(LABEL)
    qtbot.mouseClick(widget.receive_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert (
        widget.banner.tone == "ok"
        and "on hold until its certificate is accepted" in widget.banner.text()
    )
    lot = widget.lot
    assert lot is not None
    # Sign before attaching: told what to do first.
    qtbot.mouseClick(widget.sign_button, Qt.MouseButton.LeftButton)
    assert widget.banner.tone == "warn"
    document = tmp_path / "coc.pdf"
    document.write_bytes(b"%PDF-1.4\n% CoC\n%%EOF\n")
    widget.file.setText(str(document))
    widget.kind.setCurrentIndex(widget.kind.findData("CoC"))
    qtbot.keyClicks(widget.number, "COC-9")
    qtbot.mouseClick(widget.attach_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert widget.banner.tone == "ok", widget.banner.text()
    qtbot.keyClicks(widget.username, "supervisor")
    qtbot.keyClicks(widget.password, "wrong password")
    qtbot.mouseClick(widget.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert widget.banner.tone == "bad" and "password is wrong" in widget.banner.text()
    assert widget.password.text() == ""  # never kept
    qtbot.keyClicks(widget.password, demo_line.DEMO_PASSWORD)
    qtbot.mouseClick(widget.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert "released for the line" in widget.banner.text(), widget.banner.text()
    facts = store.newest_certificate(station.conn, lot)
    assert facts is not None and facts.decision == "accept" and facts.kind == "CoC"


def test_the_line_lead_sees_open_reels_and_low_lots(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    from app.capture import lot_moves, receiving
    from app.domain.materials import Decision, PartSpec

    session = context.session
    receiving.set_part_spec(
        session, PartSpec("IC-MCU-32", "electronic", ("CoC",), msl="3", thickness_mm=1.4), "MSL 3"
    )
    receipt = receiving.receive(session, LABEL)
    cert = receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", b"%PDF-1.4\n%%EOF\n", kind="CoC", number="C"
    )
    receiving.decide(
        session, cert.id, Decision.ACCEPT, demo_line.DEMO_PASSWORD, username="supervisor"
    )
    pack = floor_life.pack_of(session, LABEL, EntryMethod.KEYBOARD_WEDGE)
    floor_life.record(session, pack, "open", at=datetime.now(UTC) - timedelta(hours=200))
    lot_moves.move(session, receipt.lot_id, "scrap", 1950, "reel damaged")
    widget = MaterialsWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    assert widget.reels.rowCount() == 1
    assert widget.reels.item(0, 0).text() == "reel R-123"
    left = widget.reels.item(0, 5).text()
    assert left == "exceeded: bake it" or "cannot" in left or "outside" in left
    lots = [widget.low.item(r, 0).text() for r in range(widget.low.rowCount())]
    assert receipt.lot_id in lots


def test_a_floor_life_refusal_reaches_the_operator_in_german(
    context: StationContext, station: DemoStation, qapp
) -> None:
    from app.capture import receiving
    from app.capture.events import CaptureRefused
    from app.domain.materials import Decision, PartSpec
    from app.ui.i18n import Languages
    from app.ui.refusals import refusal_text

    session = context.session
    receiving.set_part_spec(
        session, PartSpec("IC-MCU-32", "electronic", ("CoC",), msl="5a", thickness_mm=3.5), "5a"
    )
    receipt = receiving.receive(session, LABEL)
    cert = receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", b"%PDF-1.4\n%%EOF\n", kind="CoC", number="C"
    )
    receiving.decide(
        session, cert.id, Decision.ACCEPT, demo_line.DEMO_PASSWORD, username="supervisor"
    )
    pack = floor_life.pack_of(session, LABEL, EntryMethod.KEYBOARD_WEDGE)
    floor_life.record(session, pack, "open", at=datetime.now(UTC) - timedelta(hours=200))
    operator = station.session("SMT-01")
    operator.scan("BDG-1002")
    with pytest.raises(CaptureRefused) as caught:
        operator.scan(LABEL)
    languages = Languages()
    languages.use("de")
    try:
        text = refusal_text(caught.value.finding, caught.value.finding.message)
    finally:
        languages.use("en")
    why, todo = text.splitlines()
    assert why.startswith("MSL 5a reel R-123 geöffnet ") and "überschritten" in why
    assert todo == "→ Vor der Verwendung backen."


def test_the_opening_of_a_reel_is_recorded_on_the_materials_screen(
    context: StationContext, station: DemoStation, qtbot
) -> None:
    from app.capture import receiving
    from app.domain.materials import Decision, PartSpec

    session = context.session
    receiving.set_part_spec(
        session, PartSpec("IC-MCU-32", "electronic", ("CoC",), msl="3", thickness_mm=3.5), "MSL 3"
    )
    receipt = receiving.receive(session, LABEL)
    cert = receiving.attach_certificate(
        session, receipt.lot_id, "c.pdf", b"%PDF-1.4\n%%EOF\n", kind="CoC", number="C"
    )
    receiving.decide(
        session, cert.id, Decision.ACCEPT, demo_line.DEMO_PASSWORD, username="supervisor"
    )
    widget = MaterialsWidget(context)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    settle(qtbot, context)
    assert widget.reels.rowCount() == 0
    widget.pack.setText(LABEL)
    qtbot.mouseClick(widget.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert widget.reels.rowCount() == 1, widget.banner.text()
    assert widget.reels.item(0, 0).text() == "reel R-123"
    events = store.msd_events(station.conn, "R-123")
    assert [e.kind for e in events] == ["open"] and events[0].lot_id == receipt.lot_id
    # Opening it again is refused, saying since when.
    widget.pack.setText(LABEL)
    qtbot.mouseClick(widget.record_button, Qt.MouseButton.LeftButton)
    settle(qtbot, context)
    assert widget.banner.tone == "bad" and "already open" in widget.banner.text()
