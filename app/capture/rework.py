"""Rework: a "rework" disposition opens a rework order; the rework steps done on the line name it.

The rework record (journal kind ``rework``) names the disposition that opened it, the original
records it reworks, the units concerned and how it is closed (``close``: ``signed``, a person
signs that the rework is complete; ``unsigned``, whoever did it closes it). Each rework step is
recorded by the person who did it, at the station where it was done, naming the rework record and
saying what was done:

- a step that changes no component is a ``rework-step`` row;
- a step that removes components and fits new lots in their place is a ``correction`` of the
  unit's live record of that step (the components as they are now, ``reason`` saying it is
  rework) carrying the same ``rework_step`` block. Genealogy, trace, recall, the plant and
  ``verify`` already read corrections: the removed lot no longer reaches the unit, the new one does.
  The lot balance counts a corrected record's components no more, so the removed quantity would be
  back in stock; a part taken off in rework is not (desoldered, unplugged, often damaged). The
  step therefore says what became of each removed lot (``to``): ``scrap``, the default, writes a
  ``scrap`` lot movement of the removed quantity in the same transaction, naming the order and
  the unit; ``stock``, only when the person says the part is fit to use again, writes none and the
  quantity counts as the lot's again. A plain correction of a mis-scan (the part was never fitted)
  gives its quantity back as before.

A ``rework-closed`` row closes the order (with the signature row naming it when ``close`` is
``signed``). The device history record lists the order, its steps under the step they reworked
and the close; a unit with an open rework is not released. Rework records written before
``close`` existed count as closed by their first step, as they did then.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import Any

from app import __version__
from app.capture import lot_moves, records
from app.capture.review import ReviewRefused
from app.capture.session import CaptureSession
from app.codes.interpret import interpret
from app.codes.scan import CodeError
from app.domain.clock import new_key
from app.domain.entry import EntryMethod
from app.store import countersignatures, journal, lot_balance, parts

REWORK_KIND = "rework"
STEP_KIND = "rework-step"
CLOSED_KIND = "rework-closed"
CLOSE_MODES = ("signed", "unsigned")
CLOSE_MEANING = "rework completed"
#: What becomes of a lot removed in rework: scrapped (a ``scrap`` lot movement), or back in stock.
REMOVED_TO = ("scrap", "stock")
STEP_FIELDS = ("record_key", "recorded_at", "station", "operator", "action", "record", "removed",
               "added")  # fmt: skip


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
    close: str = "signed",
) -> journal.JournalRow:
    """Writes the rework record a rework disposition opens. Call in the disposition's transaction."""
    if close not in CLOSE_MODES:
        raise ValueError(f"a rework is closed {' or '.join(CLOSE_MODES)}, not {close!r}")
    decided = disposition.data["disposition"]
    subject = str(decided["subject"])
    body = {
        "rework": {
            "disposition": disposition.key,
            "original": [subject],
            "units": units_of(conn, subject),
            "reason": decided["comment"],
            "opened_by": by,
            "close": close,
        }
    }
    return journal.append(conn, session.station.id, REWORK_KIND, body, at=session.clock())


def _rework(conn: sqlite3.Connection, rework_key: str) -> dict[str, Any]:
    row = conn.execute(
        "SELECT content FROM journal WHERE key = ? AND kind = ?", (rework_key, REWORK_KIND)
    ).fetchone()
    if row is None:
        raise ReviewRefused(
            f"no rework record {rework_key}: a supervisor opens rework with a rework disposition "
            "(`lineside rework list` shows the open ones)"
        )
    rework: dict[str, Any] = json.loads(row[0])["rework"]
    return rework


def _closed(conn: sqlite3.Connection, rework_key: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT key, recorded_at, station, content FROM journal WHERE kind = ? "
        "AND json_extract(content, '$.rework_closed.rework') = ? ORDER BY seq LIMIT 1",
        (CLOSED_KIND, rework_key),
    ).fetchone()
    if row is None:
        return None
    said = json.loads(row[3])["rework_closed"]
    return {
        "record_key": str(row[0]),
        "at": str(row[1]),
        "station": str(row[2]),
        "by": (said.get("by") or {}).get("name"),
        "comment": said.get("comment") or "",
        "signature": said.get("signature"),
    }


def _steps(conn: sqlite3.Connection, rework_key: str) -> list[dict[str, Any]]:
    out = []
    for s_key, s_kind, s_at, s_station, s_content in conn.execute(
        "SELECT key, kind, recorded_at, station, content FROM journal WHERE kind IN (?, "
        "'correction') AND json_extract(content, '$.rework_step.rework') = ? ORDER BY seq",
        (STEP_KIND, rework_key),
    ):
        step = json.loads(s_content)["rework_step"]
        out.append(
            {
                "record_key": str(s_key),
                "kind": str(s_kind),
                "recorded_at": str(s_at),
                "station": str(s_station),
                "operator": (step.get("by") or {}).get("name"),
                "action": step["action"],
                "record": step.get("record"),
                "removed": [dict(c) for c in step.get("removed") or []],
                "added": [dict(c) for c in step.get("added") or []],
            }
        )
    return out


def state(conn: sqlite3.Connection, rework_key: str) -> dict[str, Any]:
    """A rework order as it stands: its record, steps, close mode, whether and how it was closed."""
    rework = _rework(conn, rework_key)
    row = conn.execute(
        "SELECT recorded_at, station FROM journal WHERE key = ?", (rework_key,)
    ).fetchone()
    steps = _steps(conn, rework_key)
    closed = _closed(conn, rework_key)
    close = rework.get("close")
    # A record written before rework orders were closed was closed by its first step.
    is_open = not steps if close is None else closed is None
    return {
        "record_key": rework_key,
        "opened_at": str(row[0]),
        "station": str(row[1]),
        "opened_by": (rework.get("opened_by") or {}).get("name"),
        "reason": rework["reason"],
        "disposition": rework["disposition"],
        "original": list(rework["original"]),
        "units": list(rework.get("units") or []),
        "close": close or "first step",
        "open": is_open,
        "steps": steps,
        "closed": closed,
    }


def open_reworks(conn: sqlite3.Connection, unit: str | None = None) -> list[dict[str, Any]]:
    """Every rework order not closed yet (of ``unit`` when given), oldest first."""
    out = []
    for (key,) in conn.execute(
        "SELECT key FROM journal WHERE kind = ? ORDER BY seq", (REWORK_KIND,)
    ).fetchall():
        found = state(conn, str(key))
        if found["open"] and (unit is None or unit in found["units"]):
            out.append(found)
    return out


def _live_record(
    conn: sqlite3.Connection, units: Sequence[str], component: str
) -> tuple[str, dict[str, Any]]:
    """The live (not superseded) record of one of ``units`` that holds ``component``."""
    marks = ", ".join("?" * len(units))
    rows = conn.execute(
        "SELECT a.record_key, a.unit_serial, a.step FROM components c JOIN assemblies a "
        f"ON a.record_key = c.record_key WHERE c.component = ? AND a.unit_serial IN ({marks}) "
        "AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key)",
        (component, *units),
    ).fetchall()
    if not rows:
        raise ReviewRefused(
            f"{component} is not a component of {', '.join(units)} as recorded now: remove a lot "
            "or serial the unit's record lists"
        )
    key = str(rows[0][0])
    content = conn.execute("SELECT content FROM journal WHERE key = ?", (key,)).fetchone()[0]
    return key, parts.expand(conn, content)


def record_step(
    session: CaptureSession,
    rework_key: str,
    action: str,
    *,
    remove: Sequence[str] = (),
    add: Sequence[str] = (),
    removed_to: str = "scrap",
) -> journal.JournalRow:
    """The logged-in person records a rework step done at this station for an open rework.

    Args:
        rework_key: the rework record (``open_reworks`` lists them).
        action: what was done, in words; required.
        remove: the lots (or serials) taken out of the unit, as its record lists them.
        add: the scanned lots fitted in their place, one of the same part for each removed one;
            each is checked as at a scan (certificate accepted, floor life, lot status).
        removed_to: what became of the removed lots' quantities: ``scrap`` (a ``scrap`` lot
            movement in the step's transaction, its reason naming the order and the unit) or
            ``stock`` (fit to use again: no movement, the quantity counts as the lot's again).

    Raises:
        ReviewRefused: nobody logged in, no action described, no such or a closed rework
            record, a removed component the unit does not hold, parts removed and added that do
            not match, a fate other than scrap or stock, a lot to scrap not known here.
        app.capture.events.CaptureRefused: a rule refuses an added lot (journalled).
    """
    operator = session.operator
    if operator is None:
        raise ReviewRefused("log in before recording a rework step")
    if not action.strip():
        raise ReviewRefused("say what was reworked: a rework step needs a description")
    if removed_to not in REMOVED_TO:
        raise ReviewRefused(
            f"a removed lot goes to scrap or back to stock, not {removed_to!r}: say scrap unless "
            "the part is fit to use again"
        )
    conn = session.store.reader
    current = state(conn, rework_key)
    if current["closed"] is not None:
        closed = current["closed"]
        raise ReviewRefused(
            f"rework {rework_key} was closed at {closed['at'][:16].replace('T', ' ')} UTC by "
            f"{closed['by']}: a new defect needs a new disposition"
        )
    remove = [r.strip() for r in remove if r.strip()]
    add = [a.strip() for a in add if a.strip()]
    body: dict[str, Any] = {
        "rework": rework_key,
        "original": current["original"],
        "units": current["units"],
        "action": action.strip(),
        "by": operator.as_content(),
        "removed": [],
        "added": [],
    }
    if not remove and not add:
        original = current["original"][0] if current["original"] else None
        kind = conn.execute("SELECT kind FROM journal WHERE key = ?", (original,)).fetchone()
        body["record"] = original if kind and kind[0] in ("assembly", "correction") else None
        step_body = {"rework_step": body}
        return session.store.write(
            lambda c: journal.append(
                c, session.station.id, STEP_KIND, step_body, at=session.clock()
            )
        )
    if not remove:
        raise ReviewRefused(
            "a rework step fits new lots in place of removed ones: name what was removed too"
        )
    if not current["units"]:
        raise ReviewRefused(f"rework {rework_key} names no unit whose components could change")
    records_of = [_live_record(conn, current["units"], r) for r in remove]
    record_key, content = records_of[0]
    if any(k != record_key for k, _ in records_of):
        raise ReviewRefused(
            "the removed components belong to different steps: record one rework step per step"
        )
    components = [dict(c) for c in content["components"]]
    by_id = {c["id"]: i for i, c in enumerate(components)}
    removed_parts = Counter(components[by_id[r]]["part_number"] for r in remove)
    if len(set(remove)) != len(remove):
        raise ReviewRefused("a component is named twice among those removed")
    if any(components[by_id[r]]["kind"] != "lot" for r in remove):
        raise ReviewRefused(
            "a subassembly is exchanged by a new build step, not by a rework step: remove lots only"
        )
    fitted: list[dict[str, Any]] = []
    for text in add:
        part = _part_for(session, text, removed_parts, fitted)
        quantity = next(components[by_id[r]]["quantity"] for r in remove
                        if components[by_id[r]]["part_number"] == part)  # fmt: skip
        fitted.append(session.replacement_lot(text, part, quantity))
    missing = removed_parts - Counter(c["part_number"] for c in fitted)
    if missing:
        raise ReviewRefused(
            "nothing fitted in place of "
            + ", ".join(f"{n} × {p}" for p, n in sorted(missing.items()))
            + ": scan the new lot of each removed part"
        )
    kept = [c for c in components if c["id"] not in set(remove)]
    body["record"] = record_key
    unit = content.get("unit")
    serial = str(unit.get("serial") if isinstance(unit, dict) else unit)
    body["removed"] = [
        {
            "part": components[by_id[r]]["part_number"],
            "lot": r,
            "quantity": components[by_id[r]]["quantity"],
            "to": removed_to,
            "movement": new_key() if removed_to == "scrap" else None,
        }
        for r in remove
    ]
    body["added"] = [{"part": c["part_number"], "lot": c["id"]} for c in fitted]
    new = {k: v for k, v in content.items() if k not in journal.HEADER_FIELDS}
    new.update(
        {
            "components": kept + fitted,
            "reason": f"rework {rework_key}: {action.strip()}",
            "corrected_by": operator.as_content(),
            "app_version": __version__,
            "config_revision": session.station.config_revision,
            "rework_step": body,
        }
    )

    def work(c: sqlite3.Connection) -> journal.JournalRow:
        if c.execute("SELECT 1 FROM supersessions WHERE old_key = ?", (record_key,)).fetchone():
            raise ReviewRefused(f"record {record_key} changed meanwhile: record the step again")
        at = session.clock()
        row = records.write(c, session.station.id, "correction", new, at=at, corrects=record_key)
        for r in body["removed"]:
            if r["movement"] is None:
                continue
            stocked = lot_balance.stock(c, r["lot"])
            if stocked is None:
                raise ReviewRefused(
                    f"lot {r['lot']} is not known at this station, so its scrap cannot be "
                    "recorded here: sync the station, or record the step where the lot is known"
                )
            lot_moves.write_movement(
                c,
                session.station.id,
                r["lot"],
                "scrap",
                float(r["quantity"]),
                f"removed in rework {rework_key} of unit {serial}: {action.strip()}",
                by=operator.as_content(),
                at=at,
                unit=stocked.unit,
                key=r["movement"],
            )
        return row

    return session.store.write(work)


def _part_for(
    session: CaptureSession, text: str, removed: Counter[str], fitted: list[dict[str, Any]]
) -> str:
    """The removed part a scanned lot replaces (the lot's own part)."""
    try:
        value = interpret(text, EntryMethod.KEYBOARD_WEDGE, session.formats).value
    except CodeError as exc:
        raise ReviewRefused(f"{text!r} does not read as a lot: {exc.message}") from None
    lot = session.master.lot(value)
    if lot is None:
        raise ReviewRefused(f"lot {value} is not known at this station: scan the new lot's label")
    left = removed - Counter(c["part_number"] for c in fitted)
    if left[lot.part_number] <= 0:
        raise ReviewRefused(
            f"lot {lot.id} is {lot.part_number}, which replaces nothing removed "
            f"({', '.join(sorted(removed)) or 'nothing'} was removed)"
        )
    return lot.part_number


def close(
    session: CaptureSession,
    rework_key: str,
    comment: str = "",
    *,
    password: str | None = None,
    username: str | None = None,
) -> journal.JournalRow:
    """Closes a rework order once its steps are recorded: the unit may then be released.

    A rework whose disposition asks for a signature (``close`` = ``signed``) is closed with the
    logged-in person's electronic signature (meaning "rework completed", through
    :func:`app.capture.signatures.sign`); the ``rework-closed`` row names it. Returns that row.

    Raises:
        ReviewRefused: nobody logged in, no such or an already closed rework, no step recorded
            yet, or a missing or wrong signature component.
    """
    from app.capture.signatures import sign  # signatures reads the capture modules

    operator = session.operator
    if operator is None:
        raise ReviewRefused("log in before closing a rework")
    conn = session.store.reader
    current = state(conn, rework_key)
    if current["closed"] is not None or current["close"] == "first step":
        raise ReviewRefused(f"rework {rework_key} is already closed")
    if not current["steps"]:
        raise ReviewRefused(
            f"rework {rework_key} has no rework step yet: record what was done before closing it"
        )
    body = {
        "rework": rework_key,
        "units": current["units"],
        "steps": [s["record_key"] for s in current["steps"]],
        "comment": comment.strip(),
        "by": operator.as_content(),
    }

    def write(c: sqlite3.Connection, signature: str | None) -> journal.JournalRow:
        if _closed(c, rework_key) is not None:
            raise ReviewRefused(f"rework {rework_key} is already closed")
        said = {"rework_closed": {**body, "signature": signature}}
        return journal.append(c, session.station.id, CLOSED_KIND, said, at=session.clock())

    if current["close"] == "signed":
        if not password:
            raise ReviewRefused(
                "closing this rework needs your electronic signature: give your user name and "
                "password"
            )
        return sign(
            session,
            CLOSE_MEANING,
            {"rework": rework_key, "units": current["units"]},
            password,
            username=username,
            record=lambda c, signed: write(c, signed.key),
        )
    return session.store.write(lambda c: write(c, None))


def reworks_of(conn: sqlite3.Connection, serial: str) -> list[dict[str, Any]]:
    """The rework orders naming ``serial``, oldest first, with steps and close (for the DHR)."""
    out = []
    for (key,) in conn.execute(
        "SELECT j.key FROM journal j WHERE j.kind = ? AND EXISTS (SELECT 1 FROM "
        "json_each(j.content, '$.rework.units') u WHERE u.value = ?) ORDER BY j.seq",
        (REWORK_KIND, serial),
    ).fetchall():
        found = state(conn, str(key))
        closed = found["closed"]
        if closed is not None:
            closed = {
                **closed,
                "signature": None
                if not closed["signature"]
                else signature_of(conn, str(closed["signature"])),
            }
        out.append(
            {
                "record_key": found["record_key"],
                "opened_at": found["opened_at"],
                "station": found["station"],
                "opened_by": found["opened_by"],
                "reason": found["reason"],
                "disposition": found["disposition"],
                "original": found["original"],
                "close": found["close"],
                "open": found["open"],
                "steps": [{k: s[k] for k in STEP_FIELDS} for s in found["steps"]],
                "closed": closed,
            }
        )
    return out


def signature_of(conn: sqlite3.Connection, signature_key: str) -> dict[str, Any] | None:
    """A signature row as the DHR shows it: who, meaning, when, and the plant's countersignature."""
    row = conn.execute(
        "SELECT recorded_at, content FROM journal WHERE key = ? AND kind = 'signature'",
        (signature_key,),
    ).fetchone()
    if row is None:
        return None
    sig = json.loads(row[1])["signature"]
    status = countersignatures.status(conn, signature_key)
    return {
        "key": signature_key,
        "printed_name": sig.get("printed_name"),
        "role": sig.get("role"),
        "meaning": sig.get("meaning"),
        "signed_at": str(row[0]),
        "countersign": {
            "state": status.state,
            "text": status.text,
            "plant_time": status.plant_time,
        },
    }
