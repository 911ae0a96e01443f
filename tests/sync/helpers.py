"""Helpers for the sync tests: capturing on a demo station, reading the plant, breaking things."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from typing import Any

import psycopg

from app.store.database import connect
from tests.helpers.stations import DemoStation

BADGE = "BDG-1002"


def capture(station: DemoStation, serial: str) -> str:
    """Records one final assembly of an IP-200 at FA-01; returns the record key."""
    session = station.session("FA-01")
    session.login_badge(BADGE)
    session.scan(station.udi(serial))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot)
    return session.commit().key


def plant_rows(conn: psycopg.Connection[Any]) -> list[tuple[str, str, int]]:
    """(key, hash, seq) of every row the plant holds, in station sequence order."""
    return [
        (str(r[0]), r[1], r[2])
        for r in conn.execute("SELECT key, hash, seq FROM plant.journal ORDER BY seq")
    ]


def station_rows(path: Path, kind: str | None = None) -> list[tuple[str, str, int]]:
    """(key, hash, seq) of every row in the station journal (of one kind when given)."""
    conn = sqlite3.connect(path)
    where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
    try:
        return [
            tuple(r)  # type: ignore[misc]
            for r in conn.execute(
                f"SELECT key, hash, seq FROM journal {where} ORDER BY seq", params
            )
        ]
    finally:
        conn.close()


def tamper(path: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Changes the station journal behind Lineside's back (drops its append-only triggers)."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DROP TRIGGER IF EXISTS journal_no_update")
        conn.execute("DROP TRIGGER IF EXISTS journal_no_delete")
        conn.execute(sql, params)
    finally:
        conn.close()


def reset_cursor(path: Path, seq: int = 0) -> None:
    """Moves the outbox cursor back, as if the plant's acknowledgement had been lost."""
    conn = connect(path)
    try:
        conn.execute("UPDATE sync_outbox SET last_seq = ?", (seq,))
    finally:
        conn.close()


def cursor(path: Path) -> int:
    """The station's outbox cursor."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT last_seq FROM sync_outbox").fetchone()[0])
    finally:
        conn.close()


def dead_dsn() -> str:
    """A DSN of a port where nothing listens: the plant database is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"host=127.0.0.1 port={port} user=postgres dbname=test"
