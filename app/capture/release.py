"""Release of units and work orders: signed by a role allowed to release, refused while anything
awaits a decision, freezing the device history record by its hash in the journal."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.capture.dhr import dhr_for_unit, dhr_for_work_order, frozen_hash, open_exceptions
from app.capture.review import ReviewRefused, reviewer
from app.capture.session import CaptureSession
from app.capture.signatures import sign
from app.store import journal, recall_queries

RELEASE_KIND = "release"


def release(
    session: CaptureSession,
    *,
    unit: str | None = None,
    work_order: str | None = None,
    comment: str = "",
    password: str,
    username: str | None = None,
) -> journal.JournalRow:
    """Releases one unit (serial or UDI) or every unit of a work order, signed (Part 11).

    The release row carries the released units, the SHA-256 of their device history record as
    released (:func:`app.capture.dhr.frozen_hash`), the chain heads it covers and the key of the
    signature (:func:`app.capture.signatures.sign`) written with it in one transaction.

    Raises:
        ReviewRefused: not allowed to release, a missing or wrong signature component, an
            exception or failed profile run is still open, a unit is scrapped, or nothing to
            release.
        app.capture.dhr.DhrNotFound: no such unit or work order here.
    """
    by = reviewer(session)
    if (unit is None) == (work_order is None):
        raise ValueError("release one unit or one work order")

    def record(conn: sqlite3.Connection, signature: journal.JournalRow) -> journal.JournalRow:
        document = (
            dhr_for_unit(conn, unit)
            if unit is not None
            else dhr_for_work_order(conn, str(work_order))
        )
        return _release(conn, session, document, by, comment, signature.key)

    subject = {"release": {"unit": unit} if unit is not None else {"work_order": work_order}}
    return sign(session, "approved: release", subject, password, username=username, record=record)


def _release(
    conn: sqlite3.Connection,
    session: CaptureSession,
    document: dict[str, Any],
    by: dict[str, Any],
    comment: str,
    signature: str,
) -> journal.JournalRow:
    pending = open_exceptions(document["units"])
    if pending:
        more = f" (and {len(pending) - 3} more)" if len(pending) > 3 else ""
        raise ReviewRefused(
            f"cannot release: {len(pending)} exception(s) await a decision: "
            + "; ".join(pending[:3])
            + more
        )
    serials = [u["serial"] for u in document["units"]]
    states = recall_queries.unit_states(conn, serials)
    scrapped = [s for s in serials if states[s]["status"] == "scrapped"]
    if scrapped:
        raise ReviewRefused(f"cannot release scrapped units: {', '.join(scrapped[:5])}")
    released = [s for s in serials if states[s]["status"] == "released"]
    if released and len(released) == len(serials):
        raise ReviewRefused(f"already released: {', '.join(released[:5])}")
    body = {
        "release": {
            "units": serials,
            "work_order": document["subject"].get("work_order"),
            "dhr_sha256": frozen_hash(document),
            "chain_heads": document["chain_heads"],
            "comment": comment.strip(),
            "by": by,
            "signature": signature,
        }
    }
    return journal.append(conn, session.station.id, RELEASE_KIND, body, at=session.clock())
