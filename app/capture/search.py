"""The supervisor's search: records by serial, UDI, lot or operator within a date range, and refusals.

Each search reads an index (unit, component, operator or time), never the whole journal, and
returns the newest matches first. Refusals are read from the journal itself (kind ``refusal``,
indexed by kind and time): they are the scans and captures the station turned away, with the
scan as it was read and the rule that refused it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.capture.shift_log import LOG_COLUMNS, LogRow
from app.codes.interpret import udi_with_serial
from app.domain.clock import iso_ms
from app.store.recall_queries import lots_by_supplier_lot

LIMIT = 500


class SearchBy(StrEnum):
    """What the searched text is."""

    SERIAL = "serial"
    UDI = "udi"
    LOT = "lot"
    OPERATOR = "operator"


class SearchRefused(ValueError):
    """The search cannot run as asked; ``message`` says what was wrong and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RecordSearch:
    """A search of the assembly records; ``by`` None searches by the date range alone."""

    by: SearchBy | None = None
    text: str = ""
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    limit: int = LIMIT


@dataclass(frozen=True)
class SearchResult:
    """Matching records, newest first, and what the text was read as."""

    rows: list[LogRow]
    looked_for: str  # e.g. "unit SN-1 (DI 0888…, from the UDI)"
    more: bool  # more records match than ``limit``


def _range_terms(since: datetime | None, until: datetime | None) -> tuple[list[str], list[Any]]:
    if since is not None and until is not None and until <= since:
        raise SearchRefused(
            f"The date range ends ({until:%Y-%m-%d %H:%M}) before it starts "
            f"({since:%Y-%m-%d %H:%M}): choose an end after the start."
        )
    terms: list[str] = []
    params: list[Any] = []
    if since is not None:
        terms.append("a.recorded_at >= ?")
        params.append(iso_ms(since))
    if until is not None:
        terms.append("a.recorded_at < ?")
        params.append(iso_ms(until))
    return terms, params


def _operators(conn: sqlite3.Connection, text: str) -> list[tuple[str, str]]:
    """Operators (id as recorded, name) whose badge, user id or name matches ``text``."""
    wanted = text.strip().lower()
    out = []
    for badge, ident, name in conn.execute("SELECT badge, id, name FROM users ORDER BY name"):
        keys = {str(badge or "").lower(), str(ident).lower()}
        if wanted in keys or wanted in str(name).lower():
            out.append((str(badge or ident), str(name)))
    return out


def _condition(conn: sqlite3.Connection, query: RecordSearch) -> tuple[str, list[Any], str]:
    """The SQL condition of the searched text, its parameters and what it was read as."""
    text = query.text.strip()
    if query.by is None:
        return "", [], "every record"
    if not text:
        raise SearchRefused(f"Type or scan the {query.by} to search for, or choose 'Date range'.")
    if query.by is SearchBy.SERIAL:
        return "a.unit_serial = ?", [text], f"unit {text}"
    if query.by is SearchBy.UDI:
        udi = udi_with_serial(text)
        if udi is None or not udi.serial or not udi.di:
            raise SearchRefused(
                f"'{text}' is not a UDI with a serial number: scan the unit's label or type it "
                "whole, e.g. (01)08881234567892(21)SN-1; search by serial for a bare serial."
            )
        return (
            "a.unit_serial = ? AND a.di = ?",
            [udi.serial, udi.di],
            f"unit {udi.serial} (DI {udi.di}, from the UDI)",
        )
    if query.by is SearchBy.LOT:
        known = conn.execute("SELECT 1 FROM lots WHERE id = ?", (text,)).fetchone()
        # A supplier's lot number as printed on the reel finds the lots it was received as.
        lots = (
            [text] if known else [text, *(str(x["lot"]) for x in lots_by_supplier_lot(conn, text))]
        )
        marks = ", ".join("?" * len(lots))
        names = ", ".join(lots)
        return (
            f"a.record_key IN (SELECT c.record_key FROM components c WHERE c.component IN ({marks}))",
            lots,
            f"records that used lot {names}",
        )
    operators = _operators(conn, text)
    if not operators:
        raise SearchRefused(
            f"No operator's name, badge or user id matches '{text}': check the spelling "
            "or scan the operator's badge."
        )
    marks = ", ".join("?" * len(operators))
    names = ", ".join(name for _, name in operators)
    return f"a.operator IN ({marks})", [ident for ident, _ in operators], f"operator {names}"


def search_records(conn: sqlite3.Connection, query: RecordSearch) -> SearchResult:
    """The records matching ``query``, newest first (run it off the GUI thread).

    Raises:
        SearchRefused: empty text, a text that is not what ``by`` says, or a backwards range.
    """
    terms, params = _range_terms(query.since, query.until)
    condition, values, looked_for = _condition(conn, query)
    if condition:
        terms.insert(0, condition)
        params[:0] = values
    where = f" WHERE {' AND '.join(terms)}" if terms else ""
    raw = conn.execute(
        f"SELECT {LOG_COLUMNS} FROM assemblies a{where} "
        "ORDER BY a.recorded_at DESC, a.rowid DESC LIMIT ?",
        [*params, query.limit + 1],
    ).fetchall()
    rows = [
        LogRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            bool(r[11]),
            int(r[12]),
        )
        for r in raw[: query.limit]
    ]
    return SearchResult(rows, looked_for, len(raw) > query.limit)


@dataclass(frozen=True)
class Refusal:
    """One scan or capture the station refused, as journalled."""

    key: str
    recorded_at: str
    station: str
    operator_name: str
    unit: str
    scanned: str  # the scan's text as read ("" for a refused capture, which has no scan)
    rule: str
    message: str
    subject: str


def _refusal(key: str, recorded_at: str, station: str, content: str) -> Refusal:
    body = json.loads(content)
    finding = body.get("finding") or {}
    scan = body.get("scan") or {}
    operator = body.get("operator") or {}
    scanned = str(scan.get("text") or "")
    if not scanned and "verdict" not in body:
        # A scan refused before it could be read (unreadable, wrong entry) has no scan object;
        # its finding's subject is the text as read. A refused capture carries a verdict instead.
        scanned = str(finding.get("subject") or "")
    return Refusal(
        key,
        recorded_at,
        station,
        str(operator.get("name") or ""),
        str(body.get("unit") or ""),
        scanned,
        str(finding.get("rule") or ""),
        str(finding.get("message") or ""),
        str(finding.get("subject") or ""),
    )


def refusals(
    conn: sqlite3.Connection,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    station: str | None = None,
    text: str = "",
    limit: int = LIMIT,
) -> tuple[list[Refusal], bool]:
    """Refusals in the range, newest first, and whether more than ``limit`` matched.

    ``text`` keeps refusals whose scan, unit, subject, rule or operator contains it.

    Raises:
        SearchRefused: a range that ends before it starts.
    """
    range_terms, params = _range_terms(since, until)
    terms = ["j.kind = 'refusal'"] + [t.replace("a.", "j.") for t in range_terms]
    if station:
        terms.append("j.station = ?")
        params.append(station)
    sql = (
        "SELECT j.key, j.recorded_at, j.station, j.content FROM journal j "
        f"WHERE {' AND '.join(terms)} ORDER BY j.recorded_at DESC, j.seq DESC"
    )
    wanted = text.strip().lower()
    out: list[Refusal] = []
    for row in conn.execute(sql, params):
        refusal = _refusal(str(row[0]), str(row[1]), str(row[2]), str(row[3]))
        if wanted and not any(
            wanted in value.lower()
            for value in (
                refusal.scanned,
                refusal.unit,
                refusal.subject,
                refusal.rule,
                refusal.operator_name,
            )
        ):
            continue
        if len(out) == limit:
            return out, True
        out.append(refusal)
    return out, False
