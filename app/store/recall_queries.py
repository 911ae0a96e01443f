"""Recall look-ups: what a recall names (supplier lot, certificate, instrument, profile run) to units.

Every look-up answers from the projections and the journal's own component entries, so a lot
received under one label and printed on the certificate under another is still found.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

NOT_SUPERSEDED = "NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key)"
PUNCTUATION = re.compile(r"[\s\-_./]")


def normalized(text: str) -> str:
    """A lot number as compared: upper case, without spaces, dashes, dots, slashes or underscores."""
    return PUNCTUATION.sub("", text).upper()


def supplier_ids(conn: sqlite3.Connection, supplier: str) -> list[str]:
    """The supplier ids whose id or name matches ``supplier`` (case-insensitive, name by substring)."""
    text = supplier.strip()
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT id FROM suppliers WHERE upper(id) = upper(?) OR instr(upper(name), upper(?)) > 0",
            (text, text),
        )
    ]


def lots_by_supplier_lot(
    conn: sqlite3.Connection, supplier_lot: str, supplier: str | None = None
) -> list[dict[str, Any]]:
    """Our lots received under ``supplier_lot`` as printed (punctuation and case aside).

    Also finds lots whose component entries in the journal (or their shared parts) carry the
    supplier lot from a scanned reel label, in case the plant received it under another number.
    """
    wanted = normalized(supplier_lot)
    suppliers = supplier_ids(conn, supplier) if supplier else None
    found: dict[str, dict[str, Any]] = {}
    conn.create_function("lineside_norm", 1, lambda t: normalized(t or ""), deterministic=True)
    for lot_id, part, sup, sup_lot in conn.execute(
        "SELECT id, part_number, supplier_id, supplier_lot FROM lots "
        "WHERE supplier_lot = ? OR lineside_norm(supplier_lot) = ?",
        (supplier_lot.strip(), wanted),
    ):
        if suppliers is None or sup in suppliers:
            found[lot_id] = {"lot": lot_id, "part": part, "supplier": sup, "supplier_lot": sup_lot}
    if found:
        return list(found.values())
    # Not received under that number: a reel label scanned at a station may still name it.
    for lot_id, part, sup, sup_lot in conn.execute(
        "SELECT DISTINCT json_extract(c.value, '$.id'), json_extract(c.value, '$.part_number'), "
        "json_extract(c.value, '$.supplier'), json_extract(c.value, '$.supplier_lot') "
        "FROM (SELECT c.value FROM journal j, json_each(j.content, '$.components') c "
        "WHERE j.kind = 'assembly' AND (instr(j.content, ?1) > 0 OR instr(j.content, ?2) > 0) "
        "UNION ALL SELECT p.content FROM shared_parts p "
        "WHERE instr(p.content, ?1) > 0 OR instr(p.content, ?2) > 0) c "
        "WHERE json_extract(c.value, '$.id') IS NOT NULL "
        "AND json_extract(c.value, '$.supplier_lot') IS NOT NULL",
        (supplier_lot.strip(), supplier_lot.strip().upper()),
    ):
        if lot_id in found or normalized(str(sup_lot)) != wanted:
            continue
        if suppliers is not None and not (
            sup in suppliers or any(s.upper() == str(sup).upper() for s in suppliers)
        ):
            continue
        found[lot_id] = {"lot": lot_id, "part": part, "supplier": sup, "supplier_lot": sup_lot}
    return list(found.values())


def lots_by_supplier_part(
    conn: sqlite3.Connection, supplier_part: str, date_code: str | None
) -> list[dict[str, Any]]:
    """Our lots whose scanned reel labels carried ``supplier_part`` (and ``date_code``)."""
    found: dict[str, dict[str, Any]] = {}
    for lot_id, part, sup, sup_lot, sup_part, code in conn.execute(
        "SELECT DISTINCT json_extract(c.value, '$.id'), json_extract(c.value, '$.part_number'), "
        "json_extract(c.value, '$.supplier'), json_extract(c.value, '$.supplier_lot'), "
        "json_extract(c.value, '$.supplier_part'), json_extract(c.value, '$.date_code') "
        "FROM (SELECT c.value FROM journal j, json_each(j.content, '$.components') c "
        "WHERE j.kind = 'assembly' AND (instr(j.content, ?1) > 0 OR instr(j.content, ?2) > 0) "
        "UNION ALL SELECT p.content FROM shared_parts p "
        "WHERE instr(p.content, ?1) > 0 OR instr(p.content, ?2) > 0) c "
        "WHERE json_extract(c.value, '$.id') IS NOT NULL",
        (supplier_part.strip(), supplier_part.strip().upper()),
    ):
        if normalized(str(sup_part or "")) != normalized(supplier_part):
            continue
        if date_code and normalized(str(code or "")) != normalized(date_code):
            continue
        found.setdefault(
            lot_id,
            {
                "lot": lot_id,
                "part": part,
                "supplier": sup,
                "supplier_lot": sup_lot,
                "date_code": code,
            },
        )
    return list(found.values())


def lots_by_certificate(conn: sqlite3.Connection, certificate: str) -> list[dict[str, Any]]:
    """The lot a certificate (any revision, by id or document name) belongs to."""
    return [
        {"lot": r[0], "part": r[1], "supplier": r[2], "supplier_lot": r[3], "certificate": r[4]}
        for r in conn.execute(
            "SELECT DISTINCT l.id, l.part_number, l.supplier_id, l.supplier_lot, c.id "
            "FROM certificates c JOIN lots l ON l.id = c.lot_id "
            "WHERE upper(c.id) = upper(?) OR upper(c.document) = upper(?) "
            "OR upper(c.id) LIKE upper(?) || '-%'",
            (certificate.strip(), certificate.strip(), certificate.strip()),
        )
    ]


def lot_exists(conn: sqlite3.Connection, lot: str) -> bool:
    """Whether ``lot`` is one of our lots or a recorded component (lot id or subassembly serial)."""
    return (
        conn.execute("SELECT 1 FROM lots WHERE id = ?", (lot,)).fetchone() is not None
        or conn.execute("SELECT 1 FROM components WHERE component = ? LIMIT 1", (lot,)).fetchone()
        is not None
    )


def records_by_instrument(
    conn: sqlite3.Connection,
    instrument: str,
    start: str | None,
    end: str | None,
    *,
    out_of_calibration: bool = False,
) -> list[dict[str, Any]]:
    """The live records whose environment was read from ``instrument`` in [start, end).

    With ``out_of_calibration``, only those recorded while no calibration of the instrument was
    valid (by the calibration records), or that say so themselves.
    """
    terms = [NOT_SUPERSEDED, "instr(a.environment, ?) > 0"]
    params: list[Any] = [json.dumps(instrument)]
    if start:
        terms.append("a.recorded_at >= ?")
        params.append(start)
    if end:
        terms.append("a.recorded_at < ?")
        params.append(end)
    periods = [
        (str(p), str(d))
        for p, d in conn.execute(
            "SELECT performed_on, due_on FROM calibrations WHERE instrument = ?", (instrument,)
        )
    ]
    result = []
    for key, serial, recorded_at, environment in conn.execute(
        "SELECT a.record_key, a.unit_serial, a.recorded_at, a.environment FROM assemblies a "
        f"WHERE {' AND '.join(terms)} ORDER BY a.recorded_at",
        params,
    ):
        readings = [e for e in json.loads(environment) if e.get("instrument") == instrument]
        if not readings:
            continue
        day = str(recorded_at)[:10]
        covered = any(p <= day < d for p, d in periods)
        stated = [str(e.get("calibration")) for e in readings]
        if out_of_calibration and covered and all(s == "valid" for s in stated):
            continue
        result.append(
            {
                "record_key": key,
                "serial": serial,
                "recorded_at": recorded_at,
                "calibration": "valid" if covered else "none valid",
                "stated": stated[0] if stated else None,
            }
        )
    return result


def instrument_known(conn: sqlite3.Connection, instrument: str) -> bool:
    """Whether ``instrument`` is configured here or named by any record."""
    if conn.execute("SELECT 1 FROM instruments WHERE id = ?", (instrument,)).fetchone():
        return True
    return (
        conn.execute(
            "SELECT 1 FROM assemblies WHERE instr(environment, ?) > 0 LIMIT 1",
            (json.dumps(instrument),),
        ).fetchone()
        is not None
    )


def boards_of_profile(conn: sqlite3.Connection, profile: str) -> list[str]:
    """The boards and panels a profile run (by id or journal key, a unique prefix will do) covered."""
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT b.serial FROM profile_boards b JOIN profiles p ON p.id = b.profile_id "
            "WHERE p.id = ? OR p.journal_key = ? OR p.id LIKE ? || '%' ORDER BY b.serial",
            (profile, profile, profile),
        )
    ]


def close_matches(conn: sqlite3.Connection, text: str, limit: int = 5) -> list[str]:
    """Lot numbers, supplier lots, certificates, instruments and serials that look like ``text``."""
    wanted = normalized(text)
    if not wanted:
        return []
    stem = wanted[: max(3, len(wanted) // 2)]
    candidates: set[str] = set()
    queries = (
        "SELECT id FROM lots UNION SELECT supplier_lot FROM lots",
        "SELECT id FROM certificates",
        "SELECT id FROM instruments",
    )
    for sql in queries:
        candidates.update(str(r[0]) for r in conn.execute(sql) if r[0])
    candidates.update(
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT unit_serial FROM assemblies WHERE unit_serial LIKE ? LIMIT 200",
            (f"{text.strip()[: max(3, len(text.strip()) - 3)]}%",),
        )
    )
    by_norm = {normalized(c): c for c in candidates}
    near = difflib.get_close_matches(wanted, list(by_norm), n=limit, cutoff=0.6)
    extra = [c for n, c in sorted(by_norm.items()) if stem in n and n not in near]
    return list(dict.fromkeys([by_norm[n] for n in near] + extra))[:limit]


def unit_states(conn: sqlite3.Connection, serials: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each unit's product status from the journal: scrapped, held, released or WIP.

    A disposition of one of the unit's records (or of the unit itself) decides: ``scrap`` scraps
    it, ``quarantine``/``hold`` holds it until a later ``release`` row names it.
    """
    wanted = list(dict.fromkeys(serials))
    states = {s: {"status": "WIP", "reason": None, "by": None, "at": None} for s in wanted}
    if not wanted:
        return states
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS recall_units (serial TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM recall_units")
    conn.executemany("INSERT OR IGNORE INTO recall_units VALUES (?)", ((s,) for s in wanted))
    rows = conn.execute(
        """
        SELECT COALESCE(a.unit_serial, json_extract(d.content, '$.disposition.unit')),
               d.seq, d.kind, d.recorded_at, d.content
        FROM journal d
        LEFT JOIN assemblies a ON a.record_key = json_extract(d.content, '$.disposition.subject')
        WHERE d.kind = 'disposition'
          AND COALESCE(a.unit_serial, json_extract(d.content, '$.disposition.unit'))
              IN (SELECT serial FROM recall_units)
        UNION ALL
        """
        + (
            # A few units (a scan at a station): find the release rows naming them by text.
            """
        SELECT u.serial, r.seq, r.kind, r.recorded_at, r.content
        FROM recall_units u JOIN journal r
          ON r.kind = 'release' AND instr(r.content, '"' || u.serial || '"') > 0
          AND EXISTS (SELECT 1 FROM json_each(r.content, '$.release.units') e
                      WHERE e.value = u.serial)
        ORDER BY 2
        """
            if len(wanted) <= 8
            else """
        SELECT u.serial, r.seq, r.kind, r.recorded_at, r.content
        FROM journal r, json_each(r.content, '$.release.units') e
        JOIN recall_units u ON u.serial = e.value
        WHERE r.kind = 'release'
        ORDER BY 2
        """
        )
    ).fetchall()
    for serial, _seq, kind, at, content in rows:
        data = json.loads(content)
        state = states[serial]
        if kind == "release":
            if state["status"] != "scrapped":
                by = data["release"].get("by") or {}
                state.update(status="released", reason=None, by=by.get("name"), at=at)
            continue
        d = data["disposition"]
        by = d.get("by") or {}
        decision = d.get("decision")
        if decision == "scrap":
            state.update(status="scrapped", reason=d.get("comment"), by=by.get("name"), at=at)
        elif decision in ("quarantine", "hold") and state["status"] != "scrapped":
            state.update(status="held", reason=d.get("comment"), by=by.get("name"), at=at)
    return states


def unit_state(conn: sqlite3.Connection, serial: str) -> dict[str, Any]:
    """One unit's product status (see :func:`unit_states`), by the indexed disposition subject."""
    return unit_states(conn, [serial])[serial]


def device_udis(conn: sqlite3.Connection, record_keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The UDI (DI, lot, serial, expiry) each record states for its unit, by record key."""
    result: dict[str, dict[str, Any]] = {}
    for key, udi in conn.execute(
        "SELECT key, json_extract(content, '$.unit.udi') FROM journal "
        "WHERE key IN (SELECT value FROM json_each(?))",
        (json.dumps(list(record_keys)),),
    ):
        if udi:
            result[str(key)] = json.loads(udi)
    return result


FORWARD_ALL_SQL = """
WITH RECURSIVE hits(serial, via, depth) AS (
    SELECT c.unit_serial, c.component, 1 FROM recall_starts s
    JOIN components c ON c.component = s.start
    WHERE NOT EXISTS (SELECT 1 FROM supersessions x WHERE x.old_key = c.record_key)
    UNION
    SELECT c.unit_serial, c.component, h.depth + 1 FROM hits h
    JOIN components c ON c.component = h.serial
    WHERE c.kind = 'unit' AND h.depth < :max_depth
      AND NOT EXISTS (SELECT 1 FROM supersessions x WHERE x.old_key = c.record_key)
)
SELECT serial, min(depth), via FROM hits GROUP BY serial
"""


def forward_units(
    conn: sqlite3.Connection, starts: Iterable[str], max_depth: int = 8
) -> list[tuple[str, int, str]]:
    """Every unit that contains one of ``starts`` (lots or serials), at every level, in one walk.

    Returns (serial, the shallowest depth it was reached at, the component it was reached through).
    Unlike :func:`app.store.genealogy.trace_forward` it reads no record content: a recall of a lot
    in 10,000 units walks the component index only.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS recall_starts (start TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM recall_starts")
    conn.executemany("INSERT OR IGNORE INTO recall_starts VALUES (?)", ((s,) for s in starts))
    return [
        (str(r[0]), int(r[1]), str(r[2]))
        for r in conn.execute(FORWARD_ALL_SQL, {"max_depth": max_depth})
    ]


def unit_records(
    conn: sqlite3.Connection, serials: Iterable[str]
) -> dict[str, list[tuple[Any, ...]]]:
    """The live records of each unit, oldest first: (key, di, product, work order, station, line,
    recorded at), in one query over the unit index."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS recall_units (serial TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM recall_units")
    conn.executemany("INSERT OR IGNORE INTO recall_units VALUES (?)", ((s,) for s in serials))
    out: dict[str, list[tuple[Any, ...]]] = {}
    for serial, *row in conn.execute(
        "SELECT a.unit_serial, a.record_key, a.di, a.product, a.work_order, a.station, a.line, "
        "a.recorded_at FROM recall_units u JOIN assemblies a ON a.unit_serial = u.serial "
        f"WHERE {NOT_SUPERSEDED} ORDER BY a.unit_serial, a.recorded_at"
    ):
        out.setdefault(str(serial), []).append(tuple(row))
    return out
