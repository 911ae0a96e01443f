"""The exception queue (flagged records, failed profiles, line conflicts) and dispositions.

A disposition is a row in the station's hash-chained journal; nothing is changed in place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from app.capture import rework
from app.capture.review import ReviewRefused, reviewer
from app.capture.session import CaptureSession
from app.capture.shifts import Shift
from app.domain.clock import iso_ms
from app.store import journal, wip

DISPOSITION_KIND = "disposition"


class ExceptionKind(StrEnum):
    """Why something is in the exception queue."""

    ENVIRONMENT = "environment"
    CALIBRATION = "calibration"
    STALE = "stale reading"
    PROFILE = "profile"
    CONFLICT = "line conflict"  # the plant found this record colliding with another station's
    OTHER = "other"


KIND_OF_RULE = {
    "environment-out-of-window": ExceptionKind.ENVIRONMENT,
    "environment-missing": ExceptionKind.STALE,
    "environment-stale": ExceptionKind.STALE,
    "environment-out-of-calibration": ExceptionKind.CALIBRATION,
    "profile-missing": ExceptionKind.PROFILE,
    "profile-failed": ExceptionKind.PROFILE,
}


@dataclass(frozen=True)
class ExceptionItem:
    """A flagged record (or failed profile, or line conflict) awaiting or having a disposition."""

    subject: str  # the journal key of the flagged row
    source: str  # record, profile, conflict
    recorded_at: str
    station: str
    unit: str
    operator_name: str
    kinds: tuple[ExceptionKind, ...]
    reasons: tuple[str, ...]
    disposition: dict[str, Any] | None = None

    @property
    def open(self) -> bool:
        """Whether nobody disposed of it yet."""
        return self.disposition is None


DISPOSED_SQL = (
    "SELECT content FROM journal WHERE kind = 'disposition' "
    "AND json_extract(content, '$.disposition.subject') = ? ORDER BY seq DESC LIMIT 1"
)
NOT_DISPOSED = (
    "NOT EXISTS (SELECT 1 FROM journal d WHERE d.kind = 'disposition' "
    "AND json_extract(d.content, '$.disposition.subject') = {key})"
)


def _reasons(
    findings: Iterable[dict[str, Any]],
) -> tuple[tuple[ExceptionKind, ...], tuple[str, ...]]:
    kinds: list[ExceptionKind] = []
    reasons: list[str] = []
    for f in findings:
        kind = KIND_OF_RULE.get(str(f.get("rule")), ExceptionKind.OTHER)
        if kind not in kinds:
            kinds.append(kind)
        reasons.append(str(f.get("message", f.get("rule", ""))))
    return tuple(kinds), tuple(reasons)


def disposition_of(conn: sqlite3.Connection, subject: str) -> dict[str, Any] | None:
    row = conn.execute(DISPOSED_SQL, (subject,)).fetchone()
    if row is None:
        return None
    data: dict[str, Any] = json.loads(row[0])
    result: dict[str, Any] = data["disposition"]
    return {**result, "key": data["key"], "recorded_at": data["recorded_at"]}


def exception_queue(
    conn: sqlite3.Connection,
    *,
    shift: Shift | None = None,
    station: str | None = None,
    include_disposed: bool = False,
    limit: int = 500,
) -> list[ExceptionItem]:
    """Flagged records, failed profiles and line conflicts, oldest first, with their reasons.

    A step the rules block is refused and never recorded, so no override of a block exists to
    list (a station that lets a supervisor go on despite a rule sets that rule to flag).
    """
    items: list[ExceptionItem] = []
    terms = [
        "a.status = 'flagged'",
        "NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key)",
    ]
    params: list[Any] = []
    if shift is not None:
        terms.append("a.recorded_at >= ? AND a.recorded_at < ?")
        params += [iso_ms(shift.start), iso_ms(shift.end)]
    if station:
        terms.append("a.station = ?")
        params.append(station)
    if not include_disposed:
        terms.append(NOT_DISPOSED.format(key="a.record_key"))
    sql = (
        "SELECT a.record_key, a.recorded_at, a.station, a.unit_serial, a.operator_name, j.content "
        f"FROM assemblies a JOIN journal j ON j.key = a.record_key WHERE {' AND '.join(terms)} "
        "ORDER BY a.recorded_at LIMIT ?"
    )
    for key, at, st, unit, name, content in conn.execute(sql, [*params, limit]):
        findings = json.loads(content)["verdict"]["findings"]
        kinds, reasons = _reasons(findings)
        items.append(ExceptionItem(key, "record", at, st, unit, name, kinds, reasons))
    # Failed profiles are few; read them by the partial index on failed runs.
    pterms = ["p.passed = 0"]
    pparams: list[Any] = []
    if shift is not None:
        pterms.append("p.recorded_at >= ? AND p.recorded_at < ?")
        pparams += [iso_ms(shift.start), iso_ms(shift.end)]
    if station:
        pterms.append("p.station = ?")
        pparams.append(station)
    if not include_disposed:
        pterms.append(NOT_DISPOSED.format(key="p.journal_key"))
    for key, at, st, boards, violations, spec in conn.execute(
        "SELECT p.journal_key, p.recorded_at, p.station, "
        "(SELECT group_concat(serial, ', ') FROM profile_boards b WHERE b.profile_id = p.id), "
        f"p.violations, p.spec_name FROM profiles p WHERE {' AND '.join(pterms)} "
        "ORDER BY p.recorded_at LIMIT ?",
        [*pparams, limit],
    ):
        messages = [v.get("message", "") for v in json.loads(violations)] or [f"failed {spec}"]
        items.append(
            ExceptionItem(
                key,
                "profile",
                at,
                st,
                boards or "",
                "",
                (ExceptionKind.PROFILE,),
                tuple(f"profile against {spec}: {m}" for m in messages),
            )
        )
    items += _line_conflicts(conn, shift, station, include_disposed)
    items.sort(key=lambda i: i.recorded_at)
    if include_disposed:
        items = [replace(i, disposition=disposition_of(conn, i.subject)) for i in items]
    return items[:limit]


def _line_conflicts(
    conn: sqlite3.Connection, shift: Shift | None, station: str | None, include_disposed: bool
) -> list[ExceptionItem]:
    """Conflicts the plant raised about this station's records (made offline, colliding)."""
    items = []
    for conflict in wip.conflicts(conn, station):
        stations, records = conflict.get("stations", []), conflict.get("records", [])
        mine = [r for s, r in zip(stations, records, strict=False) if station in (None, s)]
        for key in mine:
            row = conn.execute(
                "SELECT recorded_at, station, content FROM journal WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                continue  # the other station's record: that station's queue shows it
            at = str(row[0])
            if shift is not None and not (iso_ms(shift.start) <= at < iso_ms(shift.end)):
                continue
            if not include_disposed and disposition_of(conn, key) is not None:
                continue
            data = json.loads(row[2])
            items.append(
                ExceptionItem(
                    key,
                    "conflict",
                    at,
                    str(row[1]),
                    str((data.get("unit") or {}).get("serial", conflict.get("subject", ""))),
                    str((data.get("operator") or {}).get("name", "")),
                    (ExceptionKind.CONFLICT,),
                    (f"the plant raised a conflict: {conflict.get('detail', '')}",),
                )
            )
    return items


class Decision(StrEnum):
    """What the supervisor decided about an exception."""

    ACCEPT = "accept"  # use as is, with the justification in the comment
    REWORK = "rework"
    QUARANTINE = "quarantine"  # hold: refused at every station until released
    SCRAP = "scrap"  # refused at every station for good
    CONCESSION = "concession"  # accepted under a documented deviation permit


def dispose(
    session: CaptureSession,
    subject: str,
    decision: Decision | str,
    comment: str,
    password: str,
    *,
    username: str | None = None,
    rework_close: str = "signed",
) -> journal.JournalRow:
    """Records the supervisor's signed disposition of one exception (21 CFR Part 11).

    The supervisor signs through :func:`app.capture.signatures.sign` (user name and password at
    the first signing after a log-in, the password later); the signature row and the
    ``disposition`` row naming it are written in one transaction. Returns the disposition row.
    A ``rework`` decision also opens the rework order (:mod:`app.capture.rework`); ``rework_close``
    says whether closing it needs a signature (``signed``) or not (``unsigned``).

    Raises:
        ReviewRefused: not a supervisor, no comment, a missing or wrong signature component, or
            the subject was already disposed of.
        KeyError: no journal row ``subject``.
    """
    from app.capture.signatures import sign  # signatures reads this module's queue

    by = reviewer(session)
    decision = Decision(decision)
    if rework_close not in rework.CLOSE_MODES:
        raise ValueError(f"rework_close is one of {rework.CLOSE_MODES}, not {rework_close!r}")
    if not comment.strip():
        raise ReviewRefused("say why: a disposition needs a comment")
    found = session.store.reader.execute(
        "SELECT kind FROM journal WHERE key = ?", (subject,)
    ).fetchone()
    if found is None:
        raise KeyError(f"no journal row {subject}")
    if disposition_of(session.store.reader, subject) is not None:
        raise ReviewRefused(f"{subject} was already disposed of")
    decided = {
        "subject": subject,
        "subject_kind": str(found[0]),
        "decision": str(decision),
        "comment": comment.strip(),
    }

    def record(conn: sqlite3.Connection, signature: journal.JournalRow) -> journal.JournalRow:
        if disposition_of(conn, subject) is not None:
            raise ReviewRefused(f"{subject} was already disposed of")
        body = {"disposition": {**decided, "by": by, "signature": signature.key}}
        row = journal.append(conn, session.station.id, DISPOSITION_KIND, body, at=session.clock())
        if decision is Decision.REWORK:  # opens the rework record the rework steps will name
            rework.open_rework(conn, session, row, by, rework_close)
        return row

    return sign(
        session,
        f"disposition: {decision}",
        {"disposition": decided},
        password,
        username=username,
        record=record,
    )
