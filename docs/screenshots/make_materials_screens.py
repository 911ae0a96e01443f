"""Renders the receiving and materials screens of a demo station at 1366×768 to
docs/screenshots/materials-receiving.png and materials-msd-reels.png.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_materials_screens.py
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.capture import demo_line, floor_life, lot_moves, receiving
from app.capture.session import CaptureSession
from app.codes.mh10 import compose
from app.domain.entry import EntryMethod
from app.domain.materials import Decision, PartSpec
from app.store.database import open_database
from app.store.station_store import StationStore
from app.ui.context import StationContext
from app.ui.materials.screens import MaterialsWidget, ReceivingWidget
from app.ui.resources import style_sheet

HERE = Path(__file__).parent
PDF = b"%PDF-1.4\n% certificate\n%%EOF\n"


def settle(app: QApplication, context: StationContext) -> None:
    context.wait()
    for _ in range(50):
        app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyleSheet(style_sheet())  # type: ignore[attr-defined]
    folder = Path(tempfile.mkdtemp(prefix="lineside-materials-"))
    db = open_database(folder / "demo.sqlite", create=True)
    demo_line.build(db.conn, 60, seed=11)
    db.close()
    store = StationStore(folder / "demo.sqlite")
    session = CaptureSession(store, "SMT-01")
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    now = datetime.now(UTC)
    for part, msl, package, hours in (
        ("IC-MCU-32", "3", "R-123", 150),
        ("IC-PWR-5", "4", "R-207", 30),
        ("CAP-REEL-100N", "2a", "R-311", 200),
    ):
        receiving.set_part_spec(
            session,
            PartSpec(part, "electronic", ("CoC",), msl=msl, thickness_mm=3.2),
            "moisture sensitive per the maker's data sheet",
        )
        text = compose(
            [
                ("1P", demo_line.SUPPLIER_PARTS[part]),
                ("Q", "3000"),
                ("1T", f"L{package}"),
                ("3S", package),
            ]
        )
        receipt = receiving.receive(session, text)
        cert = receiving.attach_certificate(
            session, receipt.lot_id, "coc.pdf", PDF, kind="CoC", number=f"COC-{package}"
        )
        receiving.decide(
            session, cert.id, Decision.ACCEPT, demo_line.DEMO_PASSWORD, username="supervisor"
        )
        pack = floor_life.pack_of(session, text, EntryMethod.KEYBOARD_WEDGE)
        floor_life.record(session, pack, "open", at=now - timedelta(hours=hours))
        if part == "IC-PWR-5":
            lot_moves.move(session, receipt.lot_id, "scrap", 2900, "reel damaged in the feeder")
    context = StationContext(store, session, "SMT-01")
    receiving_screen = ReceivingWidget(context)
    receiving_screen.resize(1366, 700)
    receiving_screen.show()
    receiving_screen.label.setText(
        compose([("1P", "AF-ISO7380-M3X8-A2"), ("Q", "500"), ("10D", "2547"), ("1T", "HX-7781")])
    )
    receiving_screen.quantity.setValue(500)
    receiving_screen._on_receive_clicked()
    settle(app, context)
    receiving_screen.file.setText(str(folder / "cert.pdf"))
    (folder / "cert.pdf").write_bytes(PDF)
    receiving_screen.kind.setCurrentIndex(2)
    receiving_screen.number.setText("3.1-22871")
    receiving_screen.heat.setText("H-4471")
    receiving_screen.issuer.setText("Alps Fasteners GmbH")
    receiving_screen.values.setText("Rm=612; Cr=18.2")
    receiving_screen._on_attach_clicked()
    settle(app, context)
    receiving_screen.username.setText("supervisor")
    receiving_screen.password.setText("secret-for-the-picture")
    settle(app, context)
    receiving_screen.grab().save(str(HERE / "materials-receiving.png"))
    materials = MaterialsWidget(context)
    materials.resize(1366, 700)
    materials.show()
    settle(app, context)
    materials.grab().save(str(HERE / "materials-msd-reels.png"))
    context.shutdown()
    store.close()
    print(HERE / "materials-receiving.png", HERE / "materials-msd-reels.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
