"""Renders the user administration screen of a demo station at 1366 px to docs/screenshots/admin-users.png.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_admin_screens.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.store.database import open_database
from app.store.station_store import StationStore
from app.ui.admin.users import UsersWidget
from app.ui.context import StationContext
from app.ui.resources import style_sheet

OUT = Path(__file__).parent / "admin-users.png"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyleSheet(style_sheet())  # type: ignore[attr-defined]
    folder = Path(tempfile.mkdtemp(prefix="lineside-admin-"))
    db = open_database(folder / "demo.sqlite", create=True)
    demo_line.build(db.conn, 60, seed=11)
    db.close()
    store = StationStore(folder / "demo.sqlite")
    session = CaptureSession(store, "FA-01")
    session.login_password("admin", demo_line.DEMO_PASSWORD)
    session.create_account(
        {"username": "nina", "name": "Nina Novak", "badge": "BDG-1900",
         "qualifications": ["S20"], "qualification_expiry": {"S20": "2027-06-30"}},
        "new starter",
    )  # fmt: skip
    context = StationContext(store, session, "FA-01")
    widget = UsersWidget(context)
    widget.resize(1366, 700)  # a 1366×768 panel less the top bar
    widget.show()
    context.wait()
    for _ in range(50):
        app.processEvents()
    nina = next(
        r for r in range(widget.table.rowCount()) if widget.table.item(r, 0).text() == "nina"
    )
    widget.table.selectRow(nina)
    widget.reason.setText("S10 training done")
    app.processEvents()
    widget.grab().save(str(OUT))
    context.shutdown()
    store.close()
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
