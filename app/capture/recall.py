"""Trace and recall lists: forward (lot to units) and backward (unit to components)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.capture.review import ReviewRefused
from app.codes.interpret import udi_with_serial
from app.codes.mh10 import SupplierLabel
from app.store import genealogy
from app.store.masterdata import MasterData


@dataclass(frozen=True)
class Trace:
    """A forward (lot → units) or backward (unit → components) trace."""

    direction: str  # forward, backward
    start: str
    rows: list[dict[str, Any]]
    columns: tuple[str, ...]
    traced_at: datetime

    @property
    def title(self) -> str:
        """E.g. ``Recall impact list — lot ML-000123``."""
        if self.direction == "forward":
            return f"Recall impact list — {self.start}"
        return f"Components of unit {self.start}"

    @property
    def units(self) -> list[str]:
        """The distinct units reached (forward) or the unit itself (backward)."""
        return list(dict.fromkeys(str(r["unit"]) for r in self.rows))


FORWARD_EXPORT = (
    "depth", "unit", "via", "product", "di", "work_order", "step", "station", "line",
    "operator_name", "recorded_at", "status",
)  # fmt: skip
BACKWARD_EXPORT = (
    "depth", "unit", "component", "kind", "part_number", "description", "supplier_lot",
    "supplier", "lot_status", "certificate", "certificate_revision", "step", "station",
    "recorded_at",
)  # fmt: skip


def resolve_unit(conn: sqlite3.Connection, text: str) -> str:
    """A unit serial from a serial or a scanned/typed UDI (GS1 element string or HRI).

    Raises:
        ReviewRefused: the UDI's serial is not recorded here.
    """
    udi = udi_with_serial(text)
    if udi is None or udi.serial is None:
        return text.strip()
    serial = genealogy.serial_for_udi(conn, udi.di, udi.serial)
    if serial is None:
        raise ReviewRefused(
            f"no unit with device identifier {udi.di} and serial {udi.serial} is "
            "recorded at this station"
        )
    return serial


def lot_of_supplier_label(conn: sqlite3.Connection, label: SupplierLabel) -> str:
    """The plant lot a supplier's reel label was received as (trace a reel by its label).

    Raises:
        LookupError: the reel was never received; the message says what the label says.
    """
    parts = tuple(p for p in (label.manufacturer_part, label.first("P", "30P")) if p)
    lot, _part, why = MasterData(conn).lot_by_supplier_label(parts, label.lot, label.package_id)
    if lot is None:
        raise LookupError(f"reel never received ({why}); its label says: {label.describe()}")
    return lot.id


def trace(conn: sqlite3.Connection, direction: str, start: str) -> Trace:
    """Traces forward from a lot (or subassembly serial) or backward from a unit serial or UDI."""
    start = start.strip()
    if direction == "forward":
        return Trace("forward", start, genealogy.trace_forward(conn, start), FORWARD_EXPORT,
                     datetime.now(UTC))  # fmt: skip
    serial = resolve_unit(conn, start)
    return Trace("backward", serial, genealogy.trace_backward(conn, serial), BACKWARD_EXPORT,
                 datetime.now(UTC))  # fmt: skip
