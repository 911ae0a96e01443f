"""The demo's receiving inspection: part specs, certificate documents, signed acceptances.

The demo supervisor, who is the line's receiving inspector, gives every demo part a spec with the
certificate kind its category needs (:func:`receiving.set_part_spec`), attaches each lot's
certificate document (a small PDF, kept by its SHA-256) through :func:`receiving.attach_certificate`
and accepts the lots received on one day with one signed decision
(:func:`receiving.decide_many`), so every component entry of a demo record carries its
acceptance. The quarantined demo lot's certificate is accepted and the lot then held again (a
supplier's notice), so the line refuses it as quarantined; the lot without a certificate keeps
none.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from app.capture import receiving
from app.capture.demo_master import DEMO_PASSWORD, SUPPLIERS, DemoPlan
from app.capture.session import CaptureSession
from app.domain.materials import Decision, PartSpec
from app.store import masterdata_write
from app.store.masterdata_write import Change
from app.store.station_store import StationStore

RECEIVING_STATION = "FA-01"

# part -> (category, kind the spec asks for, kind the supplier issues, shelf life)
SPECS = {
    "PCB-BARE-200": ("electronic", "CoC", "CoC", False),
    "PASTE-SAC305": ("material", "2.2", "2.2", True),
    "IC-MCU-32": ("electronic", "CoC", "CoC", False),
    "IC-PWR-5": ("electronic", "CoC", "CoC", False),
    "CONN-USB-C": ("electronic", "CoC", "CoC", False),
    "CAP-REEL-100N": ("electronic", "CoC", "CoC", False),
    "RES-REEL-10K": ("electronic", "CoC", "CoC", False),
    "HSG-TOP-200": ("material", "3.1", "3.1", False),
    "HSG-BOT-200": ("material", "3.1", "3.1", False),
    "DSP-35-TFT": ("electronic", "CoC", "CoC", False),
    "BAT-LI-2S": ("sub-tier", "CoC", "CoC", False),
    "MOT-PUMP-12": ("sub-tier", "CoC", "CoC", False),
    "TUBE-SET-IV": ("material", "3.1", "3.1", False),
    "SCR-M3-8": ("metal", "3.1", "MTR", False),  # the mill's MTR, stating EN 10204 3.1
    "LBL-UDI-PET": ("material", "2.2", "2.2", False),
}


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _document(lot: str, kind: str, number: str, supplier: str, revision: int) -> bytes:
    """A one-page certificate as a supplier's PDF would state it (its text is what is signed)."""
    text = f"{kind} certificate {number} revision {revision} for lot {lot}, issued by {supplier}"
    stream = f"BT /F1 10 Tf 40 800 Td ({text}) Tj ET".encode("latin-1", "replace")
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(stream)} >> stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def inspect_lots(conn: sqlite3.Connection, plan: DemoPlan) -> None:
    """Specs, certificates and signed acceptances for the demo lots, through receiving.

    Runs between the demo's transactions on the same database file (a station store of its own),
    at receiving times from 30 days before production to an hour before it, in order.
    """
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if not path:
        raise ValueError("demo data goes into a database file, not an in-memory database")
    first = plan.start - timedelta(days=30) + timedelta(hours=1)
    last = plan.start - timedelta(hours=1)
    clock = _Clock(first)
    store = StationStore(path)
    try:
        session = CaptureSession(store, RECEIVING_STATION, clock=clock)
        session.login_password("supervisor", DEMO_PASSWORD)
        for part, (category, kind, _issued, shelf_life) in SPECS.items():
            receiving.set_part_spec(
                session,
                PartSpec(part, category, (kind,), shelf_life=shelf_life),
                f"materials spec: {category} part, {kind} certificate",
            )
        names = {sid: name for sid, name, _country in SUPPLIERS}
        lots = conn.execute(  # the demo's lots are all of parts in SPECS
            "SELECT id, part_number, supplier_id, status, received_on, expires_on FROM lots "
            "ORDER BY received_on, id"
        ).fetchall()

        def day(row: tuple[str, ...]) -> datetime:
            at = datetime.combine(date.fromisoformat(row[4]), time(9), UTC)
            return min(max(at, first), last)

        for at, group in groupby(lots, key=day):
            clock.now = at
            accept: list[str] = []
            held: list[str] = []
            for lot, part, supplier, status, _received, expires in group:
                revisions = plan.certified.get(lot, 0)
                if not revisions:
                    continue  # the demo's lot that arrived without a certificate
                _category, _kind, issued, shelf_life = SPECS[part]
                for revision in range(1, revisions + 1):
                    number = f"{supplier[4:]}-{issued.replace('.', '')}-{lot[3:]}"
                    receiving.attach_certificate(
                        session,
                        lot,
                        f"{lot}-r{revision}.pdf",
                        _document(lot, issued, number, names[supplier], revision),
                        kind=issued,
                        number=number,
                        heat="" if issued == "CoC" else f"H{lot[3:]}",
                        issuer=names[supplier],
                        issuer_role="manufacturer",
                        states_31=issued == "MTR",
                        expires_on=date.fromisoformat(expires) if shelf_life else None,
                        reason=""
                        if revision == 1
                        else "the supplier reissued it: heat number corrected",
                    )
                accept.append(f"CERT-{lot}-{revisions}")
                if status == "quarantined":
                    held.append(lot)
            if accept:
                receiving.decide_many(
                    session, accept, Decision.ACCEPT, DEMO_PASSWORD, username="supervisor"
                )
            if held:  # accepted, then put on hold again: the line refuses it as quarantined
                _hold(session, held, clock())
        session.logout("receiving inspection done")
    finally:
        store.close()


def _hold(session: CaptureSession, lots: list[str], at: datetime) -> None:
    """Puts accepted lots on hold again (a master-data change with its reason)."""
    changes = [Change("lots", {"id": lot}, {"status": "quarantined"}) for lot in lots]
    by = session.operator.as_content() if session.operator else "demo-data"

    def work(c: sqlite3.Connection) -> None:
        masterdata_write.write(
            c,
            RECEIVING_STATION,
            changes,
            by=by,
            why="held: the supplier's notice on these lots is being investigated",
            at=at,
        )

    session.store.write(work)
