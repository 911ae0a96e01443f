"""Shift sign-off: electronic signatures (21 CFR Part 11 §11.50, §11.70) and their checks.

A signature carries the printed name, UTC time and meaning, the chain heads it covers, and is
bound to the SHA-256 over the journal hashes of the records it covers; a correction of any of them
made after it, or any change to them, shows it as broken (a correction made before it was signed
as it stood). Each signature keeps a proof of the signer's password for the plant to countersign
(``app.store.countersignatures``); its status shows with it until the plant has answered.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.capture import exceptions
from app.capture.review import ReviewRefused, reviewer
from app.capture.session import CaptureSession
from app.capture.shifts import Shift
from app.domain.clock import iso_ms
from app.store import countersignatures, journal, passwords

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
    countersign: countersignatures.Status | None = None

    def manifestation(self) -> str:
        """The signature as shown with the records (11.50): name, time, meaning."""
        return f"{self.printed_name} — {self.meaning} — {self.signed_at[:19].replace('T', ' ')} UTC"


MEANING_TEXT = {
    Meaning.REVIEWED: "Reviewed — I reviewed these records",
    Meaning.APPROVED: "Approved — I release these records",
}


def chain_heads(conn: sqlite3.Connection, through_seq: int) -> dict[str, dict[str, Any]]:
    """Each station's newest journal row up to ``through_seq``: ``{station: {seq, hash}}``."""
    return {
        str(station): {"seq": int(seq), "hash": str(hashed)}
        for station, seq, hashed in conn.execute(
            "SELECT j.station, j.seq, j.hash FROM journal j JOIN ("
            "SELECT station, max(seq) AS seq FROM journal WHERE seq <= ? GROUP BY station"
            ") m ON m.seq = j.seq ORDER BY j.station",
            (through_seq,),
        )
    }


def _failed(session: CaptureSession, by: dict[str, Any], what: dict[str, Any], why: str) -> None:
    session.store.write(
        lambda conn: journal.append(
            conn,
            session.station.id,
            SIGNATURE_FAILED_KIND,
            {"by": by, **what, "reason": why},
            at=session.clock(),
        )
    )


def sign(
    session: CaptureSession,
    meaning: str,
    subject: dict[str, Any],
    password: str,
    *,
    username: str | None = None,
    body: Callable[[sqlite3.Connection], dict[str, Any]] | None = None,
    kind: str = SIGNATURE_KIND,
    record: Callable[[sqlite3.Connection, journal.JournalRow], journal.JournalRow] | None = None,
) -> journal.JournalRow:
    """The one electronic signature of the station (21 CFR 11.50, 11.100, 11.200).

    The signer is the logged-in person. The first signing after a log-in takes both components,
    user name and password; later ones in the same session take the password (passing the user
    name again is always allowed). A failed attempt is journalled. The row carries the printed
    name, role, meaning, ``subject`` (what is signed) and the chain heads it covers; ``body``
    may add what it computes inside the write transaction (it may raise to refuse). ``record``
    writes the row the signature is for (a disposition, a release) in the same transaction, after
    the signature row and naming it; that row is returned then.

    Raises:
        ReviewRefused: nobody logged in, a missing or wrong component.
    """
    op = session.operator
    if op is None:
        raise ReviewRefused("log in before signing")
    by = op.as_content()
    own_name = _username(session.store.reader, op.user_id)
    what = {"meaning": str(meaning), "subject": subject}
    if username is None and not session.signed_in_session:
        raise ReviewRefused("the first signature after a log-in needs your user name and password")
    if username is not None and username.strip() != own_name:
        _failed(session, by, what, "user name is not the logged-in user's")
        raise ReviewRefused(f"sign as the logged-in user ({op.name}): the user name does not match")
    if not session.verify_password(password):
        _failed(session, by, what, "wrong password")
        raise ReviewRefused("the password is wrong: nothing was signed")
    # The proof the plant countersigns with: the password's key under the plant's parameters for
    # this account (known from the last sync); without them the signature cannot be countersigned.
    params = countersignatures.cached_params(session.store.reader, own_name)
    try:
        plant_key = None if params is None else passwords.plant_key(password, params)
    except ValueError:
        plant_key = None

    def work(conn: sqlite3.Connection) -> journal.JournalRow:
        through = int(conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])
        extra = {} if body is None else body(conn)
        content = {
            "signature": {
                "printed_name": by["name"],
                "user_id": by["user_id"],
                "role": by["role"],
                "username": own_name,
                "meaning": str(meaning),
                "meaning_text": MEANING_TEXT.get(Meaning(meaning), str(meaning))
                if str(meaning) in {m.value for m in Meaning}
                else str(meaning),
                "components": "user name and password" if username is not None else "password",
                "subject": subject,
                "through_seq": through,
                "heads": chain_heads(conn, through),
                **extra,
            }
        }
        signed = journal.append(conn, session.station.id, kind, content, at=session.clock())
        if plant_key is not None:
            countersignatures.keep_request(conn, signed, own_name, str(meaning), plant_key)
        return signed if record is None else record(conn, signed)

    row = session.store.write(work)
    session.signed_in_session = True
    if session.countersign_now is not None:
        session.countersign_now()  # the plant countersigns it now if it is reachable
    return row


def open_exceptions(
    conn: sqlite3.Connection, shift: Shift, station: str | None
) -> list[exceptions.ExceptionItem]:
    """The exceptions of a shift nobody has disposed of yet."""
    return [i for i in exceptions.exception_queue(conn, shift=shift, station=station) if i.open]


def sign_shift(
    session: CaptureSession,
    shift: Shift,
    password: str,
    meaning: Meaning | str,
    *,
    line: str | None = None,
    station: str | None = None,
    username: str | None = None,
    acknowledged: Iterable[str] = (),
) -> Signature:
    """Signs a shift's records with :func:`sign`: a ``signature`` row bound to their hashes.

    Approving (releasing) a shift with open exceptions is refused, or under the station's
    ``release_with_open_exceptions = acknowledge`` policy allowed when every open exception is
    listed in ``acknowledged``; the row then names them.

    Raises:
        ReviewRefused: wrong password or user name (the attempt is journalled), not a
            supervisor, open exceptions, or nothing to sign.
    """
    reviewer(session)
    meaning = Meaning(meaning)
    acknowledged = set(acknowledged)
    scope_base = {"shift": shift.as_content(), "line": line, "station": station}

    def body(conn: sqlite3.Connection) -> dict[str, Any]:
        through = int(conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])
        scope = {**scope_base, "through_seq": through}
        records = _signed_records(conn, scope)
        if not records:
            raise ReviewRefused(f"no records in {shift.label}: nothing to sign")
        extra: dict[str, Any] = {
            "scope": scope,
            "records": len(records),
            "first": records[0][0],
            "last": records[-1][0],
            "digest": signed_digest(h for _, h in records),
            "algorithm": "sha256 over the journal hashes of the signed records, one per line",
        }
        if meaning is Meaning.APPROVED:
            still_open = [i.subject for i in open_exceptions(conn, shift, station)]
            if still_open:
                policy = session.policy.release_with_open_exceptions
                missing = [k for k in still_open if k not in acknowledged]
                if policy == "refuse" or missing:
                    how = (
                        "dispose of them first"
                        if policy == "refuse"
                        else f"acknowledge each one ({len(missing)} not acknowledged)"
                    )
                    raise ReviewRefused(
                        f"{len(still_open)} exception(s) of {shift.label} are still open: "
                        f"{how} before approving the release"
                    )
                extra["acknowledged_open_exceptions"] = still_open
        return extra

    row = sign(
        session, str(meaning), {"shift": shift.as_content()}, password, username=username, body=body
    )
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
            f"WHERE s.old_key IN ({','.join('?' * len(chunk))}) AND j.seq > ?",
            [*chunk, int(scope["through_seq"])],
        ):
            moment = str(at)[:19].replace("T", " ")
            problems.append(
                f"record {old} was corrected at {moment} UTC ({reason}) by record {new}"
            )
    for st, head in sig.get("heads", {}).items():
        found = conn.execute(
            "SELECT hash FROM journal WHERE seq = ? AND station = ?", (head["seq"], st)
        ).fetchone()
        if found is None or found[0] != head["hash"]:
            problems.append(
                f"the chain of station {st} no longer holds the head it had when signed "
                f"(row {head['seq']}, hash {str(head['hash'])[:12]}…)"
            )
    shift = scope["shift"]
    return Signature(
        key=key,
        printed_name=sig["printed_name"],
        username=sig.get("username", ""),
        meaning=sig["meaning"],
        signed_at=row[1],
        shift=Shift.from_content(shift),
        line=scope.get("line"),
        station=scope.get("station"),
        records=int(sig["records"]),
        digest=sig["digest"],
        intact=not problems,
        problems=tuple(problems),
        countersign=countersignatures.status(conn, key),
    )


def signatures(conn: sqlite3.Connection, shift: Shift | None = None) -> list[Signature]:
    """Every shift sign-off (of one shift), oldest first, each checked (a second signature on a
    correction, a disposition or a release signs that row, not a shift, and is not among them)."""
    sql = "SELECT key FROM journal WHERE kind = ? AND json_extract(content, '$.signature.scope') IS NOT NULL"
    params: list[Any] = [SIGNATURE_KIND]
    if shift is not None:
        sql += " AND json_extract(content, '$.signature.scope.shift.start') = ?"
        params.append(iso_ms(shift.start))
    keys = [r[0] for r in conn.execute(sql + " ORDER BY seq", params).fetchall()]
    return [check_signature(conn, key) for key in keys]


def approve_correction(
    session: CaptureSession, pending_key: str, password: str, *, username: str | None = None
) -> str:
    """A supervisor's second signature on an operator's pending correction; it then takes effect.

    Returns the key of the correction row written.

    Raises:
        ReviewRefused: not a supervisor, a wrong component, or the supervisor made the correction.
        KeyError: no such pending correction.
    """
    by = reviewer(session)
    pending = next((p for p in session.pending_corrections() if p["key"] == pending_key), None)
    if pending is None:
        raise KeyError(f"no pending correction {pending_key}")
    if (pending.get("by") or {}).get("user_id") == by["user_id"]:
        raise ReviewRefused("the second signature must be someone else's")
    row = sign(
        session,
        "approved correction",
        {"pending_correction": pending_key, "corrects": pending["corrects"]},
        password,
        username=username,
    )
    committed = session.approve_correction(
        pending_key, {"signature": row.key, "by": by["name"], "user_id": by["user_id"]}
    )
    return committed.key
