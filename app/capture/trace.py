"""The station's own trace: forward from a lot, backward from a unit serial or a scanned UDI."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.codes.interpret import udi_with_serial
from app.store import genealogy


def unit_serial(conn: sqlite3.Connection, text: str) -> str:
    """A unit serial from a plain serial or a scanned UDI."""
    udi = udi_with_serial(text)
    if udi is None or udi.serial is None:
        return text.strip()
    return genealogy.serial_for_udi(conn, udi.di, udi.serial) or udi.serial


def trace_rows(
    conn: sqlite3.Connection, lot: str | None, unit: str | None
) -> tuple[str, list[dict[str, Any]]]:
    """The direction and rows of a trace (the plant-wide trace gives the same shape)."""
    if lot is not None:
        return "forward", genealogy.trace_forward(conn, lot)
    assert unit is not None
    return "backward", genealogy.trace_backward(conn, unit_serial(conn, unit))
