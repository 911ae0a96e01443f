"""Supervisor review without Qt: shift log pages, exception queue, dispositions, shift sign-off, recall lists.

The shift log is paged by keyset (the sort value, the time and the row id of the last row shown),
so the next page costs the same on the millionth row as on the first. Dispositions and
signatures are rows in the station's hash-chained journal. A signature (21 CFR Part 11 §11.50,
§11.70) carries the printed name, UTC time and meaning, and is bound to the SHA-256 over the
journal hashes of the records it covers; a later correction of any of them, or any change to
them, shows it as broken.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.capture.session import CaptureSession
from app.codes.interpret import udi_with_serial
from app.domain.clock import iso_ms, parse_iso
from app.domain.roles import Role
from app.store import genealogy, journal

SHIFT_HOURS = 8
SHIFTS_PER_DAY = 24 // SHIFT_HOURS
PAGE_SIZE = 200
REVIEWERS = (Role.SUPERVISOR, Role.ADMIN)
DISPOSITION_KIND = "disposition"
SIGNATURE_KIND = "signature"
SIGNATURE_FAILED_KIND = "signature-failed"


class ReviewRefused(Exception):
    """A review action the rules refuse (wrong password, wrong role, no comment); says why."""


# -- shifts -----------------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Shift:
    """One production shift: a day and its number (1: 00–08, 2: 08–16, 3: 16–24 UTC)."""

    day: date
    number: int

    @classmethod
    def at(cls, moment: datetime) -> Shift:
        """The shift ``moment`` falls in."""
        moment = moment.astimezone(UTC)
        return cls(moment.date(), moment.hour // SHIFT_HOURS + 1)

    @property
    def start(self) -> datetime:
        """UTC start (inclusive)."""
        return datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC) + timedelta(
            hours=(self.number - 1) * SHIFT_HOURS
        )

    @property
    def end(self) -> datetime:
        """UTC end (exclusive)."""
        return self.start + timedelta(hours=SHIFT_HOURS)

    def previous(self) -> Shift:
        """The shift before this one."""
        return Shift.at(self.start - timedelta(seconds=1))

    def next(self) -> Shift:
        """The shift after this one."""
        return Shift.at(self.end)

    @property
    def label(self) -> str:
        """E.g. ``2026-11-27 shift 2 (08:00–16:00 UTC)``."""
        end_hour = self.start.hour + SHIFT_HOURS
        return (
            f"{self.day.isoformat()} shift {self.number} ({self.start:%H:%M}–{end_hour:02d}:00 UTC)"
        )

    def as_content(self) -> dict[str, Any]:
        """The shift as bound into a signature."""
        return {
            "day": self.day.isoformat(),
            "number": self.number,
            "start": iso_ms(self.start),
            "end": iso_ms(self.end),
        }


def recent_shifts(conn: sqlite3.Connection, count: int = 9) -> list[Shift]:
    """The newest shift with records and the ``count - 1`` before it, newest first."""
    row = conn.execute("SELECT max(recorded_at) FROM assemblies").fetchone()
    newest = Shift.at(parse_iso(row[0])) if row and row[0] else Shift.at(datetime.now(UTC))
    out = [newest]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


# -- the shift log ------------------------------------------------------------------------------------
class SortColumn(StrEnum):
    """Columns the shift log can be sorted by (each backed by an index ending in recorded_at)."""

    TIME = "recorded_at"
    UNIT = "unit_serial"
    STATION = "station"
    OPERATOR = "operator_name"
    WORK_ORDER = "work_order"
    STATUS = "status"
    LINE = "line"


@dataclass(frozen=True)
class LogFilter:
    """What the shift log shows; ``None`` means any."""

    line: str | None = None
    station: str | None = None
    shift: Shift | None = None
    operator: str | None = None  # badge or user id, as in ``assemblies.operator``
    work_order: str | None = None
    status: str | None = None  # accepted, flagged
    descending: bool = False
    sort: SortColumn = SortColumn.TIME

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``assemblies a`` and their parameters.

        Without a shift, a sort other than time reads the sort column's index in order and
        filters as it goes (``+column`` keeps SQLite from sorting every match instead): a page
        then costs about ``page size / share of matching rows`` index steps at any database
        size. Within a shift the time index bounds the work to the shift's records.
        """
        terms: list[str] = []
        params: list[Any] = []
        walk_sort_index = self.shift is None and SortColumn(self.sort) is not SortColumn.TIME
        for column, value in (
            ("line", self.line),
            ("station", self.station),
            ("operator", self.operator),
            ("work_order", self.work_order),
            ("status", self.status),
        ):
            if value:
                unary = "+" if walk_sort_index and column != SortColumn(self.sort).value else ""
                terms.append(f"{unary}a.{column} = ?")
                params.append(value)
        if self.shift is not None:
            terms.append("a.recorded_at >= ? AND a.recorded_at < ?")
            params += [iso_ms(self.shift.start), iso_ms(self.shift.end)]
        return terms, params


@dataclass(frozen=True)
class LogRow:
    """One record in the shift log."""

    key: str
    recorded_at: str
    unit_serial: str
    product: str
    work_order: str
    step: str
    station: str
    line: str
    operator: str
    operator_name: str
    status: str
    superseded: bool
    rowid: int

    def sort_value(self, column: SortColumn) -> Any:
        """This row's value of a sort column."""
        return getattr(self, column.value)


@dataclass(frozen=True)
class Page:
    """One page of the shift log and where the next one starts."""

    rows: list[LogRow]
    cursor: tuple[Any, ...] | None  # None: this was the last page


LOG_COLUMNS = (
    "a.record_key, a.recorded_at, a.unit_serial, a.product, a.work_order, a.step, a.station, "
    "a.line, a.operator, a.operator_name, a.status, "
    "EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key), a.rowid"
)


def shift_log_sql(
    filters: LogFilter, after: tuple[Any, ...] | None, limit: int
) -> tuple[str, list[Any]]:
    """The SQL of one keyset page (exposed for EXPLAIN QUERY PLAN and the benchmark)."""
    terms, params = filters.where()
    op = "<" if filters.descending else ">"
    direction = "DESC" if filters.descending else "ASC"
    sort = SortColumn(filters.sort)
    if sort is SortColumn.TIME:
        keys = ["a.recorded_at", "a.rowid"]
    else:
        keys = [f"a.{sort.value}", "a.recorded_at", "a.rowid"]
    if after is not None:
        if len(after) != len(keys):
            raise ValueError(f"a cursor for sort {sort} has {len(keys)} values, not {len(after)}")
        terms.append(f"({', '.join(keys)}) {op} ({', '.join('?' * len(keys))})")
        params += list(after)
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    order = ", ".join(f"{k} {direction}" for k in keys)
    sql = f"SELECT {LOG_COLUMNS} FROM assemblies a{where} ORDER BY {order} LIMIT ?"
    return sql, [*params, limit]


def _log_row(r: Sequence[Any]) -> LogRow:
    return LogRow(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], bool(r[11]), int(r[12])
    )


def shift_log_page(
    conn: sqlite3.Connection,
    filters: LogFilter,
    after: tuple[Any, ...] | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of the shift log after ``after`` (the previous page's cursor), in sort order."""
    sql, params = shift_log_sql(filters, after, limit + 1)
    raw = conn.execute(sql, params).fetchall()
    rows = [_log_row(r) for r in raw[:limit]]
    if len(raw) <= limit or not rows:
        return Page(rows, None)
    last = rows[-1]
    sort = SortColumn(filters.sort)
    cursor: tuple[Any, ...] = (
        (last.recorded_at, last.rowid)
        if sort is SortColumn.TIME
        else (last.sort_value(sort), last.recorded_at, last.rowid)
    )
    return Page(rows, cursor)


def shift_log_count(conn: sqlite3.Connection, filters: LogFilter) -> int:
    """How many records the filters match (for the status line; run it off the GUI thread)."""
    terms, params = filters.where()
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    return int(conn.execute(f"SELECT count(*) FROM assemblies a{where}", params).fetchone()[0])


def query_plan(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN lines for ``sql``."""
    return [str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", list(params))]


@dataclass(frozen=True)
class FilterChoices:
    """The values each shift-log filter offers."""

    lines: list[str]
    stations: list[str]
    operators: list[tuple[str, str]]  # (operator id as recorded, name)
    work_orders: list[str]
    statuses: list[str] = field(default_factory=lambda: ["accepted", "flagged"])


def filter_choices(conn: sqlite3.Connection) -> FilterChoices:
    """Filter values from master data (small tables, never the million assemblies)."""
    operators = [
        (str(r[0] or r[1]), str(r[2]))
        for r in conn.execute("SELECT badge, id, name FROM users ORDER BY name")
    ]
    return FilterChoices(
        lines=[r[0] for r in conn.execute("SELECT id FROM lines ORDER BY id")],
        stations=[r[0] for r in conn.execute("SELECT id FROM stations ORDER BY id")],
        operators=operators,
        work_orders=[r[0] for r in conn.execute("SELECT id FROM work_orders ORDER BY id")],
    )


# -- the exception queue ------------------------------------------------------------------------------
class ExceptionKind(StrEnum):
    """Why something is in the exception queue."""

    ENVIRONMENT = "environment"
    CALIBRATION = "calibration"
    STALE = "stale reading"
    PROFILE = "profile"
    OVERRIDE = "overridden block"
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
    """A flagged record (or failed profile, or overridden block) awaiting or having a disposition."""

    subject: str  # the journal key of the flagged row
    source: str  # record, profile, override
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


def _disposition(conn: sqlite3.Connection, subject: str) -> dict[str, Any] | None:
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
    """Flagged records, failed profiles and overridden blocks, oldest first, with their reasons."""
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
    # Failed profiles and overridden blocks are few; read them from the journal by kind.
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
    oterms = ["j.kind = 'override'"]
    oparams: list[Any] = []
    if shift is not None:
        oterms.append("j.recorded_at >= ? AND j.recorded_at < ?")
        oparams += [iso_ms(shift.start), iso_ms(shift.end)]
    if station:
        oterms.append("j.station = ?")
        oparams.append(station)
    if not include_disposed:
        oterms.append(NOT_DISPOSED.format(key="j.key"))
    for key, at, st, content in conn.execute(
        f"SELECT j.key, j.recorded_at, j.station, j.content FROM journal j "
        f"WHERE {' AND '.join(oterms)} ORDER BY j.seq LIMIT ?",
        [*oparams, limit],
    ):
        data = json.loads(content)
        finding = data.get("finding") or {}
        items.append(
            ExceptionItem(
                key,
                "override",
                at,
                st,
                str(data.get("unit") or ""),
                str((data.get("operator") or {}).get("name", "")),
                (ExceptionKind.OVERRIDE,),
                (f"block overridden: {finding.get('message', data.get('reason', ''))}",),
            )
        )
    items.sort(key=lambda i: i.recorded_at)
    if include_disposed:
        items = [replace(i, disposition=_disposition(conn, i.subject)) for i in items]
    return items[:limit]


class Decision(StrEnum):
    """What the supervisor decided about an exception."""

    ACCEPT = "accept"  # use as is: the deviation has no effect on the unit
    REWORK = "rework"
    QUARANTINE = "quarantine"
    SCRAP = "scrap"


def _reviewer(session: CaptureSession) -> dict[str, Any]:
    op = session.operator
    if op is None:
        raise ReviewRefused("log in as a supervisor first")
    if op.role not in REVIEWERS:
        raise ReviewRefused(f"{op.name} is a {op.role}: only supervisors may do this")
    return op.as_content()


def dispose(
    session: CaptureSession, subject: str, decision: Decision | str, comment: str
) -> journal.JournalRow:
    """Records the supervisor's disposition of one exception as a ``disposition`` journal row.

    Raises:
        ReviewRefused: not a supervisor, no comment, or the subject was already disposed of.
        KeyError: no journal row ``subject``.
    """
    by = _reviewer(session)
    decision = Decision(decision)
    if not comment.strip():
        raise ReviewRefused("say why: a disposition needs a comment")
    store = session.store

    def work(conn: sqlite3.Connection) -> journal.JournalRow:
        row = conn.execute("SELECT kind FROM journal WHERE key = ?", (subject,)).fetchone()
        if row is None:
            raise KeyError(f"no journal row {subject}")
        if _disposition(conn, subject) is not None:
            raise ReviewRefused(f"{subject} was already disposed of")
        body = {
            "disposition": {
                "subject": subject,
                "subject_kind": row[0],
                "decision": str(decision),
                "comment": comment.strip(),
                "by": by,
            }
        }
        return journal.append(conn, session.station.id, DISPOSITION_KIND, body, at=session.clock())

    return store.write(work)


# -- electronic signatures -----------------------------------------------------------------------------
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
    by = _reviewer(session)
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


# -- record detail -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordDetail:
    """Everything bound to one record."""

    key: str
    kind: str
    content: dict[str, Any]
    hash: str
    superseded_by: str | None
    corrects: str | None
    profile_id: str | None
    profile: dict[str, Any] | None  # the stored profile row (spec, verdict, metrics), if any
    disposition: dict[str, Any] | None
    signatures: list[Signature]
    neighbours: list[dict[str, Any]]  # environment of nearby records at the station, in time order


def record_detail(conn: sqlite3.Connection, key: str, around_min: float = 60) -> RecordDetail:
    """The record, its corrections, profile, disposition, signatures and nearby environment.

    Raises:
        KeyError: no such record.
    """
    row = conn.execute(
        "SELECT kind, content, hash, corrects FROM journal WHERE key = ?", (key,)
    ).fetchone()
    if row is None:
        raise KeyError(f"no record {key}")
    content: dict[str, Any] = json.loads(row[1])
    newer = conn.execute("SELECT new_key FROM supersessions WHERE old_key = ?", (key,)).fetchone()
    serial = (content.get("unit") or {}).get("serial")
    profile_row = None
    if serial:
        profile_row = conn.execute(
            "SELECT p.id, p.spec_name, p.spec, p.passed, p.violations, p.metrics, p.sample_count, "
            "p.measured_at, p.recipe, p.instrument FROM profile_boards b JOIN profiles p "
            "ON p.id = b.profile_id WHERE b.serial = ? ORDER BY p.measured_at DESC LIMIT 1",
            (serial,),
        ).fetchone()
    profile = None
    if profile_row is not None:
        profile = {
            "id": profile_row[0],
            "spec_name": profile_row[1],
            "spec": json.loads(profile_row[2]),
            "passed": bool(profile_row[3]),
            "violations": [v.get("message", "") for v in json.loads(profile_row[4])],
            "metrics": json.loads(profile_row[5]),
            "samples": profile_row[6],
            "measured_at": profile_row[7],
            "recipe": profile_row[8],
            "instrument": profile_row[9],
        }
    sigs = []
    at = content.get("recorded_at")
    station = content.get("station")
    neighbours: list[dict[str, Any]] = []
    if at and station and row[0] in ("assembly", "correction"):
        moment = parse_iso(at)
        lo, hi = moment - timedelta(minutes=around_min), moment + timedelta(minutes=around_min)
        for n_at, env in conn.execute(
            "SELECT recorded_at, environment FROM assemblies WHERE station = ? "
            "AND recorded_at >= ? AND recorded_at <= ? ORDER BY recorded_at LIMIT 2000",
            (station, iso_ms(lo), iso_ms(hi)),
        ):
            neighbours.append({"recorded_at": n_at, "environment": json.loads(env)})
        shift = Shift.at(moment)
        for (skey,) in conn.execute(
            "SELECT key FROM journal WHERE kind = ? AND "
            "json_extract(content, '$.signature.scope.shift.start') = ?",
            (SIGNATURE_KIND, iso_ms(shift.start)),
        ).fetchall():
            sigs.append(check_signature(conn, skey))
    return RecordDetail(
        key=key,
        kind=row[0],
        content=content,
        hash=row[2],
        superseded_by=None if newer is None else str(newer[0]),
        corrects=row[3],
        profile_id=None if profile is None else profile["id"],
        profile=profile,
        disposition=_disposition(conn, key),
        signatures=sigs,
        neighbours=neighbours,
    )


# -- trace and recall lists ----------------------------------------------------------------------------
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


def trace(conn: sqlite3.Connection, direction: str, start: str) -> Trace:
    """Traces forward from a lot (or subassembly serial) or backward from a unit serial or UDI."""
    start = start.strip()
    if direction == "forward":
        return Trace("forward", start, genealogy.trace_forward(conn, start), FORWARD_EXPORT,
                     datetime.now(UTC))  # fmt: skip
    serial = resolve_unit(conn, start)
    return Trace("backward", serial, genealogy.trace_backward(conn, serial), BACKWARD_EXPORT,
                 datetime.now(UTC))  # fmt: skip


def export_csv(result: Trace, path: Path | str) -> int:
    """Writes the trace as CSV (UTF-8 with BOM, so spreadsheets read the ° and Ω). Returns rows."""
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in result.columns])
    return len(result.rows)


PDF_CHUNK_ROWS = 150


def export_pdf(result: Trace, path: Path | str, *, station: str = "", prepared_by: str = "") -> int:
    """Writes the trace as a landscape A4 PDF table with a header for the recall file."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=result.title,
        author=prepared_by or "Lineside",
    )
    units = result.units
    devices = {r["unit"] for r in result.rows if r.get("di")}
    summary = (
        f"{len(result.rows)} rows, {len(units)} units"
        + (f" ({len(devices)} finished devices)" if result.direction == "forward" else "")
        + f". Traced {result.traced_at:%Y-%m-%d %H:%M} UTC"
        + (f" at station {station}" if station else "")
        + (f" by {prepared_by}" if prepared_by else "")
        + "."
    )
    columns = [c for c in result.columns if c not in ("line",)]
    data: list[list[str]] = [[c.replace("_", " ") for c in columns]]
    for row in result.rows:
        data.append(
            [
                str(row.get(c) if row.get(c) is not None else "").replace("T", " ")[:23]
                if c == "recorded_at"
                else str(row.get(c) if row.get(c) is not None else "")
                for c in columns
            ]
        )
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 6.5),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 6.5),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c5ccd6")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    # Tables of a few pages each: reportlab splits one long table in quadratic time.
    header, body = data[0], data[1:]
    widths = [
        min(120.0, max(24.0, 3.6 * max(len(row[i]) for row in data[:2000])))
        for i in range(len(header))
    ]
    available = landscape(A4)[0] - 24 * mm
    if sum(widths) > available:
        widths = [w * available / sum(widths) for w in widths]
    tables = []
    for start in range(0, max(len(body), 1), PDF_CHUNK_ROWS):
        table = LongTable(
            [header, *body[start : start + PDF_CHUNK_ROWS]], colWidths=widths, repeatRows=1
        )
        table.setStyle(style)
        tables.append(table)
    story = [
        Paragraph(result.title, styles["Title"]),
        Paragraph(summary, styles["Normal"]),
        Spacer(1, 4 * mm),
        *tables,
    ]

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(12 * mm, 6 * mm, f"{result.title} — page {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return len(result.rows)
