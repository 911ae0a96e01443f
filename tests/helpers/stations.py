"""Demo stations for tests: a real SQLite file, a capture session and handy master data."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.capture.sources import FixedEnvironment
from app.domain.environment import Calibration, Measurement
from app.store.database import open_database
from app.store.station_store import StationStore

PRODUCT = demo_line.PRODUCTS[0]


def build_template(path: Path, units: int) -> Path:
    """Builds a demo database at ``path``."""
    db = open_database(path, create=True)
    demo_line.build(db.conn, units, seed=11)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def good_environment(station: str = "FA-01", at: datetime | None = None) -> FixedEnvironment:
    """Fresh, calibrated, in-window readings of everything the demo steps require."""
    now = at or datetime.now(UTC)
    return FixedEnvironment(
        [
            Measurement(
                f"{station}-HMT330", "relative_humidity", 45.0, "%RH", now, Calibration.VALID
            ),
            Measurement(f"{station}-HMT330", "temperature", 22.0, "°C", now, Calibration.VALID),
            Measurement(f"{station}-O2", "o2_ppm", 350.0, "ppm", now, Calibration.VALID),
        ]
    )


class DemoStation:
    """A demo station database opened for a test."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store = StationStore(path)
        self.conn = self.store.reader

    def session(self, station: str = "FA-01", **kwargs: object) -> CaptureSession:
        """A capture session at ``station`` with good readings unless told otherwise."""
        kwargs.setdefault("environment", good_environment(station))
        return CaptureSession(self.store, station, **kwargs)  # type: ignore[arg-type]

    def free_pcb(self, product: str = "IP-200") -> str:
        """A reflowed board not yet built into a device."""
        row = self.conn.execute(
            "SELECT unit_serial FROM assemblies WHERE step = 'S10' AND product = ? AND unit_serial NOT IN "
            "(SELECT component FROM components WHERE kind = 'unit') ORDER BY recorded_at LIMIT 1",
            (product,),
        ).fetchone()
        assert row, "the demo data has no free boards left"
        return str(row[0])

    def lot(self, part: str, status: str = "released") -> str:
        """A lot of ``part`` in ``status`` with a certificate."""
        row = self.conn.execute(
            "SELECT l.id FROM lots l WHERE l.part_number = ? AND l.status = ? AND EXISTS (SELECT 1 FROM "
            "certificates c WHERE c.lot_id = l.id) AND (l.expires_on IS NULL OR l.expires_on > date('now')) "
            "ORDER BY l.id LIMIT 1",
            (part, status),
        ).fetchone()
        assert row, f"no {status} lot of {part}"
        return str(row[0])

    def final_components(self) -> list[str]:
        """One good lot of each material of IP-200's final assembly step."""
        return [self.lot(pn) for pn in PRODUCT.final_bom]

    def udi(self, serial: str) -> str:
        """A full GS1 UDI (HRI form) for an IP-200 with ``serial``."""
        return f"(01){PRODUCT.di}(11)261101(17)311101(10)B261101(21){serial}"

    def journal_count(self, kind: str | None = None) -> int:
        """Rows in the journal (of one kind)."""
        if kind is None:
            return int(self.conn.execute("SELECT count(*) FROM journal").fetchone()[0])
        return int(
            self.conn.execute("SELECT count(*) FROM journal WHERE kind = ?", (kind,)).fetchone()[0]
        )

    def close(self) -> None:
        """Closes the store."""
        self.store.close()


def set_policy(station: DemoStation, station_id: str = "FA-01", **access: object) -> None:
    """Writes an ``access`` station setting straight into the test database."""
    row = station.conn.execute(
        "SELECT settings FROM stations WHERE id = ?", (station_id,)
    ).fetchone()
    settings = json.loads(row[0])
    settings["access"] = access
    station.store.write(
        lambda conn: conn.execute(
            "UPDATE stations SET settings = ? WHERE id = ?", (json.dumps(settings), station_id)
        )
    )


def service_token(path: Path, station: str = "FA-01", name: str = "test-script") -> str:
    """A service identity of ``station`` for scripted capture in tests; returns its token."""
    from app.domain.clock import utc_now
    from app.store import accounts

    store = StationStore(path)
    try:
        return store.write(
            lambda conn: accounts.create_service(
                conn,
                station,
                f"{name}-{station}",
                by={"user_id": "U4001", "name": "Alex Admin", "role": "admin"},
                reason="scripted capture in the tests",
                at=utc_now(),
            )
        )
    finally:
        store.close()


def assembly_seq(conn: sqlite3.Connection, nth: int = 20) -> int:
    """The journal seq of the demo's ``nth`` assembly record (past the receiving rows)."""
    return int(
        conn.execute(
            "SELECT seq FROM journal WHERE kind = 'assembly' ORDER BY seq LIMIT 1 OFFSET ?", (nth,)
        ).fetchone()[0]
    )
