"""Instrument configurations and calibration records, each change also a ``config`` journal row.

The ``instruments`` table holds each instrument's current configuration (driver, port, line
settings, poll interval, driver options such as a register map or scaling, alarm windows) with a
revision number; every change is a ``config`` journal row carrying the full new configuration and,
through the master-data writer, the table rows' old and new values, so the tables are projections
``verify`` re-derives. Calibration records are append-only: a new calibration is a new row, and the
newest one decides the due date.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from app.domain.canonical import canonical_json
from app.domain.clock import iso_ms, new_key, parse_iso, utc_now
from app.domain.environment import EnvWindow, calibration_state
from app.domain.instruments import (
    CalibrationPoint,
    CalibrationRecord,
    CalibrationStatus,
    InstrumentConfig,
    InstrumentError,
)
from app.store import journal, masterdata_write
from app.store.masterdata_write import Change

JOURNAL_KIND = "config"
WARN_DAYS = 14


_COLUMNS = "id, name, driver, port, serial, poll_interval_s, stale_after_s, options, alarms, active, revision"


def _config(row: tuple[Any, ...]) -> InstrumentConfig:
    return InstrumentConfig(
        id=row[0],
        name=row[1],
        driver=row[2],
        port=row[3],
        serial=row[4],
        poll_interval_s=float(row[5]),
        stale_after_s=float(row[6]),
        options=json.loads(row[7]),
        alarms=tuple(EnvWindow.from_content(w) for w in json.loads(row[8])),
        active=bool(row[9]),
        revision=int(row[10]),
    )


def get(conn: sqlite3.Connection, instrument: str) -> InstrumentConfig | None:
    """The current configuration of ``instrument``."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM instruments WHERE id = ?", (instrument,)).fetchone()
    return None if row is None else _config(row)


def configured(
    conn: sqlite3.Connection, station: str | None = None, *, active_only: bool = True
) -> list[InstrumentConfig]:
    """Instruments configured (at ``station``, or everywhere), by id."""
    sql = f"SELECT {_COLUMNS} FROM instruments WHERE 1=1"
    params: list[Any] = []
    if station is not None:
        sql += " AND station = ?"
        params.append(station)
    if active_only:
        sql += " AND active = 1"
    return [_config(r) for r in conn.execute(sql + " ORDER BY id", params)]


def save(
    conn: sqlite3.Connection,
    station: str,
    config: InstrumentConfig,
    *,
    by: str,
    reason: str = "",
    at: datetime | None = None,
) -> InstrumentConfig:
    """Adds or changes an instrument's configuration and journals it. Call in a write transaction.

    Returns:
        The configuration as stored, with its new revision.

    Raises:
        InstrumentError: the configuration cannot work, or the instrument belongs to another
            station.
    """
    config.check()
    old = conn.execute(
        "SELECT station, revision FROM instruments WHERE id = ?", (config.id,)
    ).fetchone()
    if old is not None and old[0] != station:
        raise InstrumentError(f"instrument {config.id} belongs to station {old[0]}, not {station}")
    stored = replace(config, revision=1 if old is None else int(old[1]) + 1)
    action = "add" if old is None else ("remove" if not stored.active else "change")
    body = {
        "config": "instrument",
        "action": action,
        "by": by,
        "reason": reason,
        "instrument": stored.as_content(),
    }
    key = new_key()
    values = {
        "station": station,
        "name": stored.name,
        "driver": stored.driver,
        "port": stored.port,
        "serial": stored.serial,
        "poll_interval_s": stored.poll_interval_s,
        "stale_after_s": stored.stale_after_s,
        "options": canonical_json(stored.options),
        "alarms": canonical_json([w.as_content() for w in stored.alarms]),
        "active": int(stored.active),
        "revision": stored.revision,
        "journal_key": key,
    }
    masterdata_write.write(
        conn,
        station,
        [Change("instruments", {"id": stored.id}, values, replace=True)],
        by=by,
        why=reason,
        kind=JOURNAL_KIND,
        body=body,
        at=at,
        key=key,
    )
    return stored


def retire(
    conn: sqlite3.Connection, station: str, instrument: str, *, by: str, reason: str
) -> InstrumentConfig:
    """Takes an instrument out of use (kept, with its history and calibrations).

    Raises:
        InstrumentError: no such instrument.
    """
    config = get(conn, instrument)
    if config is None:
        raise InstrumentError(f"no instrument {instrument!r} is configured")
    return save(conn, station, replace(config, active=False), by=by, reason=reason)


def add_calibration(
    conn: sqlite3.Connection,
    station: str,
    instrument: str,
    *,
    performed_on: date,
    due_on: date,
    certificate: str,
    performed_by: str,
    by: str,
    at: datetime | None = None,
    points: tuple[CalibrationPoint, ...] = (),
) -> CalibrationRecord:
    """Records a calibration and journals it (with its as-found/as-left test points and their
    pass/fail, when given). Call in a write transaction.

    Raises:
        InstrumentError: unknown instrument, a due date not after the calibration, no
            certificate reference, a point without a positive tolerance, or an instrument left
            out of tolerance (it cannot go back into service).
    """
    if get(conn, instrument) is None:
        raise InstrumentError(f"no instrument {instrument!r} is configured: add it first")
    if due_on <= performed_on:
        raise InstrumentError(
            f"calibration of {instrument}: due date {due_on} must be after {performed_on}"
        )
    if not certificate.strip():
        raise InstrumentError(f"calibration of {instrument}: give the certificate reference")
    if not performed_by.strip():
        raise InstrumentError(f"calibration of {instrument}: say who performed it")
    for point in points:
        if not point.tolerance > 0:
            raise InstrumentError(
                f"calibration of {instrument}: {point.quantity} at {point.reference:g} needs a "
                "tolerance above 0"
            )
        if not point.left_ok:
            raise InstrumentError(
                f"calibration of {instrument}: {point.quantity} left at {point.as_left:g} "
                f"{point.unit} against {point.reference:g} ± {point.tolerance:g}: out of "
                "tolerance, so it cannot go back into service. Adjust it and record the new "
                "as-left value, or take the instrument out of service"
            )
    recorded = at or utc_now()
    record = CalibrationRecord(
        new_key(),
        instrument,
        performed_on,
        due_on,
        certificate.strip(),
        performed_by.strip(),
        recorded,
        tuple(points),
    )
    body = {"config": "calibration", "action": "add", "by": by, "calibration": record.as_content()}
    key = new_key()
    values = {
        "instrument": instrument,
        "performed_on": performed_on.isoformat(),
        "due_on": due_on.isoformat(),
        "certificate": record.certificate,
        "performed_by": record.performed_by,
        "recorded_at": iso_ms(recorded),
        "journal_key": key,
    }
    masterdata_write.write(
        conn,
        station,
        [Change("calibrations", {"id": record.id}, values, replace=True)],
        by=by,
        why=f"calibration of {instrument}",
        kind=JOURNAL_KIND,
        body=body,
        at=recorded,
        key=key,
    )
    return record


def calibrations(conn: sqlite3.Connection, instrument: str) -> list[CalibrationRecord]:
    """Every calibration of ``instrument``, oldest first."""
    # The test points live in the calibration's journal row (the hashed truth), not in a column.
    rows = conn.execute(
        "SELECT c.id, c.instrument, c.performed_on, c.due_on, c.certificate, c.performed_by, "
        "c.recorded_at, json_extract(j.content, '$.calibration.points') FROM calibrations c "
        "LEFT JOIN journal j ON j.key = c.journal_key "
        "WHERE c.instrument = ? ORDER BY c.performed_on, c.recorded_at",
        (instrument,),
    )
    return [
        CalibrationRecord(
            r[0],
            r[1],
            date.fromisoformat(r[2]),
            date.fromisoformat(r[3]),
            r[4],
            r[5],
            parse_iso(r[6]),
            tuple(CalibrationPoint.from_content(p) for p in json.loads(r[7] or "[]")),
        )
        for r in rows
    ]


def calibration_due(conn: sqlite3.Connection, instrument: str) -> date | None:
    """The due date set by the newest calibration (None: never calibrated)."""
    records = calibrations(conn, instrument)
    return records[-1].due_on if records else None


def due_dates(conn: sqlite3.Connection, station: str | None = None) -> dict[str, date | None]:
    """Each active instrument's calibration due date (for the live environment)."""
    return {c.id: calibration_due(conn, c.id) for c in configured(conn, station)}


def calibration_report(
    conn: sqlite3.Connection, on: date, station: str | None = None, warn_days: int = WARN_DAYS
) -> list[CalibrationStatus]:
    """Each active instrument's calibration state on day ``on``; the station warns on
    ``due-soon``, ``overdue`` and ``none``."""
    out: list[CalibrationStatus] = []
    for instrument, due in due_dates(conn, station).items():
        state = calibration_state(due, on, warn_days)
        days = None if due is None else (due - on).days
        out.append(CalibrationStatus(instrument, state, due, days))
    return out


def history(conn: sqlite3.Connection, instrument: str) -> list[dict[str, Any]]:
    """Every journalled change of ``instrument``'s configuration and calibration, oldest first."""
    out: list[dict[str, Any]] = []
    for _, row in journal.rows(conn, kind=JOURNAL_KIND):
        data = row.data
        subject = data.get("instrument") or data.get("calibration") or {}
        name = (
            subject.get("id") if data.get("config") == "instrument" else subject.get("instrument")
        )
        if name == instrument:
            out.append(data)
    return out
