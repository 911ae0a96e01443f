"""Comparing the station's chains with what the plant holds (``verify --upstream``)."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from app.store.anchors import outbox_cursor
from app.sync import countersign
from app.sync.push import refusal

PLANT_ROWS_SQL = "SELECT seq, hash FROM plant.journal WHERE station = %s ORDER BY seq"
LOCAL_ROWS_SQL = "SELECT seq, hash FROM journal WHERE station = ? ORDER BY seq"


def compare(conn: sqlite3.Connection, pg: psycopg.Connection[Any]) -> str | None:
    """The first row where a station chain here and the plant's copy disagree (None if none).

    Rows the plant holds that are missing here, or differ here, are named; rows here not yet at
    the plant are fine when they come after the outbox cursor (not yet sent). Then every
    countersignature receipt here must match a countersignature the plant made.
    """
    last = outbox_cursor(conn)
    stations = [r[0] for r in conn.execute("SELECT DISTINCT station FROM journal ORDER BY 1")]
    try:
        for station in stations:
            local = conn.execute(LOCAL_ROWS_SQL, (station,))
            mine = next(local, None)
            with pg.cursor(name="plant_chain") as cur:
                cur.itersize = 20_000
                cur.execute(PLANT_ROWS_SQL, (station,))
                for seq, digest in cur:
                    while mine is not None and mine[0] < seq:
                        if mine[0] <= last:
                            return (
                                f"station {station}: row {mine[0]} was acknowledged but the plant "
                                "does not hold it"
                            )
                        mine = next(local, None)
                    if mine is None or mine[0] != seq:
                        return (
                            f"station {station}: row {seq}, which the plant holds, is missing "
                            "here: the journal was truncated or a row deleted"
                        )
                    if mine[1] != digest:
                        return (
                            f"station {station}: row {seq} differs from the plant's copy "
                            f"(plant {digest[:16]}…, here {mine[1][:16]}…): it was rewritten"
                        )
                    mine = next(local, None)
            if mine is not None and mine[0] <= last:
                return (
                    f"station {station}: row {mine[0]} was acknowledged but the plant does not "
                    "hold it"
                )
        return countersign.forged_receipt(conn, pg)
    except psycopg.Error as exc:
        raise refusal(exc) from None
