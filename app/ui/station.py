"""Putting a station together: the demo database, the session, the instruments and the main window."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.capture.sources import EnvironmentProvider, FixedEnvironment, ProfileSource
from app.domain.environment import Calibration, Measurement
from app.store.database import open_database
from app.store.station_store import StationStore

DEMO_UNITS = 500
DEMO_STATION = "FA-01"


def demo_path() -> Path:
    """Where ``lineside demo`` keeps its database (the user data folder)."""
    return Path(platformdirs.user_data_dir("lineside", "Lineside")) / "demo-station.sqlite"


def ensure_demo_database(
    path: Path, units: int = DEMO_UNITS, progress: Callable[[str], None] = print
) -> Path:
    """Builds the demo database at ``path`` unless a usable one is already there."""
    if path.exists():
        try:
            conn = sqlite3.connect(path)
            ready = conn.execute("SELECT count(*) FROM stations").fetchone()[0] > 0
            conn.close()
            if ready:
                return path
        except sqlite3.DatabaseError:
            pass
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    progress(f"building the demo station database ({units} units): {path}")
    db = open_database(path, create=True)
    demo_line.build(db.conn, units)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def good_readings(station: str) -> FixedEnvironment:
    """Fresh calibrated readings (the upstream SMT line the demo does not show)."""
    now = datetime.now(UTC)
    due = now.date() + timedelta(days=90)
    return FixedEnvironment(
        [
            Measurement(
                f"{station}-HMT330", "relative_humidity", 44.0, "%RH", now, Calibration.VALID, due
            ),
            Measurement(
                f"{station}-HMT330", "temperature", 22.5, "°C", now, Calibration.VALID, due
            ),
            Measurement(f"{station}-O2", "o2_ppm", 380.0, "ppm", now, Calibration.VALID, due),
        ]
    )


def released_lot(conn: sqlite3.Connection, part: str, status: str = "released") -> str:
    """A usable lot of ``part`` (``status`` released) with a certificate."""
    row = conn.execute(
        "SELECT l.id FROM lots l WHERE l.part_number = ? AND l.status = ? AND EXISTS (SELECT 1 FROM "
        "certificates c WHERE c.lot_id = l.id) AND (l.expires_on IS NULL OR l.expires_on > date('now')) "
        "ORDER BY l.id DESC LIMIT 1",
        (part, status),
    ).fetchone()
    if row is None:
        raise LookupError(f"the demo database has no {status} lot of {part}")
    return str(row[0])


def quarantined_lot(conn: sqlite3.Connection, part: str) -> str | None:
    """A lot of ``part`` that may not be used (for the refusal the demo shows)."""
    row = conn.execute(
        "SELECT id FROM lots WHERE part_number = ? AND status != 'released' LIMIT 1", (part,)
    ).fetchone()
    return None if row is None else str(row[0])


def provision_boards(store: StationStore, count: int, tag: str) -> list[str]:
    """Reflows ``count`` boards at SMT-01 headless (with a passing reported profile each), so final
    assembly has boards to build in. The demo data leaves only a few boards unused.
    """
    from app.capture.stored_profiles import StoredProfiles

    product = demo_line.PRODUCTS[0]
    profiles: ProfileSource = StoredProfiles(store, "SMT-01")
    environment: EnvironmentProvider = good_readings("SMT-01")
    session = CaptureSession(store, "SMT-01", environment=environment, profiles=profiles)
    badge = "BDG-1002"
    session.login_badge(badge)
    conn = store.reader
    lots = [released_lot(conn, pn) for pn in product.pcb_bom]
    boards = []
    for i in range(count):
        board = f"PCB-{product.pcb[5:]}-{tag}{i:04d}"
        StoredProfiles(store, "SMT-01").record_reported(
            spec_name="SAC305 paste window",
            passed=True,
            measured_at=datetime.now(UTC) - timedelta(minutes=5),
            boards=[board],
            recipe=f"{product.pcb}-N2",
            instrument="SMT-01-PROFILER",
            source="simulated",
        )
        session.scan(board)
        for lot in lots:
            session.scan(lot)
        session.commit()
        boards.append(board)
    session.logout("upstream boards provisioned")
    return boards


@dataclass
class UnitScans:
    """What an operator scans for one unit at final assembly."""

    serial: str
    udi: str
    board: str
    lots: list[str]

    def codes(self) -> list[str]:
        """In the order scanned."""
        return [self.udi, self.board, *self.lots]


def unit_scans(conn: sqlite3.Connection, boards: list[str], tag: str) -> list[UnitScans]:
    """A GS1 UDI as a scanner sends it (GS-separated), a board and the lots, for each board."""
    product = demo_line.PRODUCTS[0]
    lots = [released_lot(conn, pn) for pn in product.final_bom]
    today = datetime.now(UTC).date()
    made, expiry = today.strftime("%y%m%d"), (today + timedelta(days=5 * 365)).strftime("%y%m%d")
    out = []
    for i, board in enumerate(boards):
        serial = f"SN-{product.part_number}-{tag}{i:04d}"
        udi = f"01{product.di}11{made}17{expiry}10B{made}\x1d21{serial}"
        out.append(UnitScans(serial, udi, board, lots))
    return out
