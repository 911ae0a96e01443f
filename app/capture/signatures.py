"""Shift sign-off: electronic signatures (21 CFR Part 11 §11.50, §11.70) and their checks.

A signature carries the printed name, UTC time and meaning, and is bound to the SHA-256 over the
journal hashes of the records it covers; a later correction of any of them, or any change to
them, shows it as broken.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.capture.review import ReviewRefused, reviewer
from app.capture.session import CaptureSession
from app.capture.shifts import Shift
from app.domain.clock import iso_ms
from app.store import journal

SIGNATURE_KIND = "signature"
SIGNATURE_FAILED_KIND = "signature-failed"


class Meaning(StrEnum):
    """The meaning of a signature (21 CFR 11.50(a)(3))."""

    REVIEWED = "reviewed"
    APPROVED = "approved"


SIGNED_SQL = (
    "SELECT a.record_key, j.hash, j.seq FROM assemblies a JOIN journal j ON j.key = a.record_key "
    "WHERE a.recorded_at >= ? AND a.recorded_at < ? AND j.seq <= ?{extra} "
    "ORDER BY a.recorded_at, a.record_key"
)


def _scope_sql(scope: dict[str, Any]) -> tuple[str, list[Any]]:
    shift = scope["shift"]
    extra = ""
    params: list[Any] = [shift["start"], shift["end"], scope["through_seq"]]
    for column in ("line", "station"):
        if scope.get(column):
            extra += f" AND a.{column} = ?"
            params.append(scope[column])
    return SIGNED_SQL.format(extra=extra), params


def signed_digest(hashes: Iterable[str]) -> str:
    """SHA-256 over the signed records' journal hashes, in order, one per line."""
    h = hashlib.sha256()
    for value in hashes:
        h.update(value.encode("ascii") + b"\n")
    return h.hexdigest()


def _signed_records(conn: sqlite3.Connection, scope: dict[str, Any]) -> list[tuple[str, str]]:
    sql, params = _scope_sql(scope)
    return [(r[0], r[1]) for r in conn.execute(sql, params)]


@dataclass(frozen=True)
class Signature:
    """A shift sign-off as recorded, and whether it still holds."""

    key: str
    printed_name: str
    username: str
    meaning: str
    signed_at: str
    shift: Shift
    line: str | None
    station: str | None
    records: int
    digest: str
    intact: bool
    problems: tuple[str, ...] = ()

    def manifestation(self) -> str:
        """The signature as shown with the records (11.50): name, time, meaning."""
        return f"{self.printed_name} — {self.meaning} — {self.signed_at[:19].replace('T', ' ')} UTC"


def sign_shift(
    session: CaptureSession,
    shift: Shift,
    password: str,
    meaning: Meaning | str,
    *,
    line: str | None = None,
    station: str | None = None,
) -> Signature:
    """Signs a shift's records: re-checks the password, journals a ``signature`` row.

    Raises:
        ReviewRefused: wrong password (the attempt is journalled), not a supervisor, or nothing
            to sign.
    """
    by = reviewer(session)
    meaning = Meaning(meaning)
    if not session.verify_password(password):
        session.store.write(
            lambda conn: journal.append(
                conn,
                session.station.id,
                SIGNATURE_FAILED_KIND,
                {"by": by, "shift": shift.as_content(), "reason": "wrong password"},
                at=session.clock(),
            )
        )
        raise ReviewRefused("the password is wrong: the shift was not signed")

    def work(conn: sqlite3.Connection) -> journal.JournalRow:
        through = int(conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])
        scope = {
            "shift": shift.as_content(),
            "line": line,
            "station": station,
            "through_seq": through,
        }
        records = _signed_records(conn, scope)
        if not records:
            raise ReviewRefused(f"no records in {shift.label}: nothing to sign")
        body = {
            "signature": {
                "printed_name": by["name"],
                "user_id": by["user_id"],
                "role": by["role"],
                "username": _username(conn, str(by["user_id"])),
                "meaning": str(meaning),
                "scope": scope,
                "records": len(records),
                "first": records[0][0],
                "last": records[-1][0],
                "digest": signed_digest(h for _, h in records),
                "algorithm": "sha256 over the journal hashes of the signed records, one per line",
            }
        }
        return journal.append(conn, session.station.id, SIGNATURE_KIND, body, at=session.clock())

    row = session.store.write(work)
    return check_signature(session.store.reader, row.key)


def _username(conn: sqlite3.Connection, user_id: str) -> str:
    row = conn.execute("SELECT username FROM users WHERE id = ?", (user_id,)).fetchone()
    return "" if row is None else str(row[0])


def check_signature(conn: sqlite3.Connection, key: str) -> Signature:
    """Re-computes what a signature signed and says whether it still holds.

    Raises:
        KeyError: no signature row ``key``.
    """
    row = conn.execute(
        "SELECT content, recorded_at FROM journal WHERE key = ? AND kind = ?", (key, SIGNATURE_KIND)
    ).fetchone()
    if row is None:
        raise KeyError(f"no signature {key}")
    sig = json.loads(row[0])["signature"]
    scope = sig["scope"]
    records = _signed_records(conn, scope)
    problems: list[str] = []
    if signed_digest(h for _, h in records) != sig["digest"]:
        problems.append(
            f"the signed records changed: {len(records)} now match, {sig['records']} were signed, "
            "and their hashes differ"
        )
    keys = [k for k, _ in records]
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        for old, new, at, reason in conn.execute(
            "SELECT s.old_key, s.new_key, j.recorded_at, json_extract(j.content, '$.reason') "
            f"FROM supersessions s JOIN journal j ON j.key = s.new_key "
            f"WHERE s.old_key IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            moment = str(at)[:19].replace("T", " ")
            problems.append(
                f"record {old} was corrected at {moment} UTC ({reason}) by record {new}"
            )
    shift = scope["shift"]
    return Signature(
        key=key,
        printed_name=sig["printed_name"],
        username=sig.get("username", ""),
        meaning=sig["meaning"],
        signed_at=row[1],
        shift=Shift(date.fromisoformat(shift["day"]), int(shift["number"])),
        line=scope.get("line"),
        station=scope.get("station"),
        records=int(sig["records"]),
        digest=sig["digest"],
        intact=not problems,
        problems=tuple(problems),
    )


def signatures(conn: sqlite3.Connection, shift: Shift | None = None) -> list[Signature]:
    """Every signature (of one shift), oldest first, each checked."""
    sql = "SELECT key FROM journal WHERE kind = ?"
    params: list[Any] = [SIGNATURE_KIND]
    if shift is not None:
        sql += " AND json_extract(content, '$.signature.scope.shift.start') = ?"
        params.append(iso_ms(shift.start))
    keys = [r[0] for r in conn.execute(sql + " ORDER BY seq", params).fetchall()]
    return [check_signature(conn, key) for key in keys]
