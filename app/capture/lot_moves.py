"""Lot movements: issued to the line, scrapped, returned, and balance corrections, each with a
reason, through the master-data writer (``lot_movements``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.domain.clock import iso_ms, new_key
from app.domain.materials import MOVEMENT_KINDS, Balance
from app.store import lot_balance, masterdata_write
from app.store.masterdata_write import Change

if TYPE_CHECKING:
    from app.capture.session import CaptureSession


class MovementError(ValueError):
    """A movement that cannot be recorded; the message says why and what to do."""


def move(session: CaptureSession, lot_id: str, kind: str, quantity: float, reason: str) -> Balance:
    """Records a movement of a lot and returns its new balance.

    ``issue``, ``scrap`` and ``return`` take a positive quantity; ``adjust`` (a correction of the
    balance: a recount, a mis-scan) may be positive or negative. Every movement needs a reason.

    Raises:
        MovementError: nobody logged in, an unknown lot or kind, a quantity that makes no sense,
            no reason, or scrapping/returning more than the lot holds.
    """
    if session.operator is None:
        raise MovementError("nobody is logged in: log in first")
    if kind not in MOVEMENT_KINDS:
        raise MovementError(f"unknown movement {kind!r}: one of {', '.join(MOVEMENT_KINDS)}")
    if not reason.strip():
        raise MovementError(f"say why ({kind} of lot {lot_id} needs a reason)")
    before = lot_balance.balance(session.store.reader, lot_id)
    if before is None:
        raise MovementError(f"lot {lot_id} is not known here")
    if (kind == "adjust" and quantity == 0) or (kind != "adjust" and quantity <= 0):
        raise MovementError(
            f"a {kind} of {quantity:g} {before.unit} changes nothing: give the quantity"
        )
    if kind in ("scrap", "return") and quantity > before.remaining + 1e-9:
        raise MovementError(
            f"lot {lot_id} holds {before.remaining:g} {before.unit}; a {kind} of {quantity:g} is "
            "more than that: count it, and adjust the balance first if the count differs"
        )
    by = session.operator.as_content()
    now = session.clock()
    session.store.write(
        lambda c: write_movement(
            c, session.station.id, lot_id, kind, quantity, reason, by=by, at=now, unit=before.unit
        )
    )
    after = lot_balance.balance(session.store.reader, lot_id)
    assert after is not None
    return after


def write_movement(
    conn: sqlite3.Connection,
    station: str,
    lot_id: str,
    kind: str,
    quantity: float,
    reason: str,
    *,
    by: dict[str, Any],
    at: datetime,
    unit: str,
    key: str | None = None,
) -> str:
    """Journals one lot movement (a ``lot-movement`` master-data row) in the caller's write
    transaction, unchecked: :func:`move` checks a person's movement first; a rework step records
    the fate of the lot it removed with it. Returns the movement's id."""
    key = key or new_key()
    values = {
        "lot_id": lot_id,
        "kind": kind,
        "quantity": quantity,
        "reason": reason.strip(),
        "done_by": by["user_id"],
        "at": iso_ms(at),
        "station": station,
    }
    masterdata_write.write(
        conn,
        station,
        [Change("lot_movements", {"id": key}, values)],
        by=by,
        why=f"{kind} {quantity:g} {unit} of lot {lot_id}: {reason.strip()}",
        kind="lot-movement",
        at=at,
    )
    return key
