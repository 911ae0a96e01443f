"""Rework: a "rework" disposition opens a rework record; the rework steps done on the line name it.

The rework record (journal kind ``rework``) names the disposition that opened it, the original
records it reworks and the units concerned. Each rework step (kind ``rework-step``) is recorded by
the operator who did it, at the station where it was done, naming the rework record and saying
what was done. The device history record lists both; a unit with a rework that has no step yet is
not released.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.capture.review import ReviewRefused
from app.capture.session import CaptureSession
from app.store import journal

REWORK_KIND = "rework"
STEP_KIND = "rework-step"


def units_of(conn: sqlite3.Connection, subject: str) -> list[str]:
    """The units a journal row concerns: a record's unit, or the boards of a profile run."""
    row = conn.execute("SELECT kind, content FROM journal WHERE key = ?", (subject,)).fetchone()
    if row is None:
        return []
    data = json.loads(row[1])
    if row[0] == "profile":
        profile = data.get("profile") or {}
        return [str(s) for s in (profile.get("boards") or []) + (profile.get("panels") or [])]
    unit = data.get("unit")
    serial = unit.get("serial") if isinstance(unit, dict) else unit
    return [str(serial)] if serial else []


def open_rework(
    conn: sqlite3.Connection,
    session: CaptureSession,
    disposition: journal.JournalRow,
    by: dict[str, Any],
) -> journal.JournalRow:
    """Writes the rework record a rework disposition opens. Call in the disposition's transaction."""
    decided = disposition.data["disposition"]
    subject = str(decided["subject"])
    body = {
        "rework": {
            "disposition": disposition.key,
            "original": [subject],
            "units": units_of(conn, subject),
            "reason": decided["comment"],
            "opened_by": by,
        }
    }
    return journal.append(conn, session.station.id, REWORK_KIND, body, at=session.clock())


def record_step(session: CaptureSession, rework_key: str, action: str) -> journal.JournalRow:
    """The logged-in person records a rework step done at this station for an open rework.

    Raises:
        ReviewRefused: nobody logged in, no action described, or no such rework record.
    """
    operator = session.operator
    if operator is None:
        raise ReviewRefused("log in before recording a rework step")
    if not action.strip():
        raise ReviewRefused("say what was reworked: a rework step needs a description")
    row = session.store.reader.execute(
        "SELECT content FROM journal WHERE key = ? AND kind = ?", (rework_key, REWORK_KIND)
    ).fetchone()
    if row is None:
        raise ReviewRefused(
            f"no rework record {rework_key}: a supervisor opens rework with a rework disposition"
        )
    rework = json.loads(row[0])["rework"]
    body = {
        "rework_step": {
            "rework": rework_key,
            "original": rework["original"],
            "units": rework["units"],
            "action": action.strip(),
            "by": operator.as_content(),
        }
    }
    return session.store.write(
        lambda conn: journal.append(conn, session.station.id, STEP_KIND, body, at=session.clock())
    )


def reworks_of(conn: sqlite3.Connection, serial: str) -> list[dict[str, Any]]:
    """The rework records naming ``serial``, oldest first, each with its steps (for the DHR)."""
    out = []
    for key, at, station, content in conn.execute(
        "SELECT j.key, j.recorded_at, j.station, j.content FROM journal j "
        "WHERE j.kind = ? AND EXISTS (SELECT 1 FROM json_each(j.content, '$.rework.units') u "
        "WHERE u.value = ?) ORDER BY j.seq",
        (REWORK_KIND, serial),
    ):
        rework = json.loads(content)["rework"]
        steps = [
            {
                "record_key": str(s_key),
                "recorded_at": str(s_at),
                "station": str(s_station),
                "operator": (json.loads(s_content)["rework_step"].get("by") or {}).get("name"),
                "action": json.loads(s_content)["rework_step"]["action"],
            }
            for s_key, s_at, s_station, s_content in conn.execute(
                "SELECT key, recorded_at, station, content FROM journal WHERE kind = ? "
                "AND json_extract(content, '$.rework_step.rework') = ? ORDER BY seq",
                (STEP_KIND, key),
            )
        ]
        out.append(
            {
                "record_key": str(key),
                "opened_at": str(at),
                "station": str(station),
                "opened_by": (rework.get("opened_by") or {}).get("name"),
                "reason": rework["reason"],
                "disposition": rework["disposition"],
                "original": list(rework["original"]),
                "steps": steps,
            }
        )
    return out
