"""Plant-wide trace over the plant database: the station's forward and backward trace, all stations."""

from __future__ import annotations

import json
from typing import Any

import psycopg

from app.codes.interpret import udi_with_serial
from app.store.genealogy import (
    BACKWARD_COLUMNS,
    FORWARD_COLUMNS,
    MAX_DEPTH,
    environment_summary,
)

NOT_SUPERSEDED = "NOT EXISTS (SELECT 1 FROM plant.supersessions s WHERE s.old_key = c.record_key)"

# The station's SQL with PostgreSQL's spelling; text sorts bytewise (COLLATE "C") as in SQLite, so
# both traces list rows in the same order.
FORWARD_SQL = f"""
WITH RECURSIVE hits(record_key, serial, via, depth) AS (
    SELECT c.record_key, c.unit_serial, c.component, 1 FROM plant.components c
    WHERE c.component = %(start)s AND {NOT_SUPERSEDED}
    UNION
    SELECT c.record_key, c.unit_serial, c.component, h.depth + 1 FROM hits h
    JOIN plant.components c ON c.component = h.serial
    WHERE c.kind = 'unit' AND h.depth < {MAX_DEPTH} AND {NOT_SUPERSEDED}
)
SELECT h.depth, h.serial, h.via, a.product, a.di, a.work_order, a.step, a.station, a.line, a.operator,
       a.operator_name, a.recorded_at, a.status, a.environment, a.record_key::text
FROM hits h JOIN plant.assemblies a ON a.record_key = h.record_key
ORDER BY a.recorded_at COLLATE "C", h.serial COLLATE "C"
"""

BACKWARD_SQL = f"""
WITH RECURSIVE parts_of(record_key, unit, component, kind, part_number, quantity, certificate,
                        certificate_type, certificate_revision, depth) AS (
    SELECT c.record_key, c.unit_serial, c.component, c.kind, c.part_number, c.quantity, c.certificate,
           c.certificate_type, c.certificate_revision, 1
    FROM plant.components c WHERE c.unit_serial = %(start)s AND {NOT_SUPERSEDED}
    UNION ALL
    SELECT c.record_key, c.unit_serial, c.component, c.kind, c.part_number, c.quantity, c.certificate,
           c.certificate_type, c.certificate_revision, p.depth + 1
    FROM parts_of p JOIN plant.components c ON c.unit_serial = p.component
    WHERE p.kind = 'unit' AND p.depth < {MAX_DEPTH} AND {NOT_SUPERSEDED}
)
SELECT p.depth, p.unit, p.component, p.kind, p.part_number, pt.description, p.quantity,
       l.supplier_lot, s.name, l.status, l.expires_on, p.certificate, p.certificate_type,
       p.certificate_revision,
       (SELECT max(revision) FROM plant.certificates ce WHERE ce.lot_id = p.component),
       a.step, a.station, a.recorded_at, a.operator
FROM parts_of p
JOIN plant.assemblies a ON a.record_key = p.record_key
LEFT JOIN plant.parts pt ON pt.part_number = p.part_number
LEFT JOIN plant.lots l ON l.id = p.component AND p.kind = 'lot'
LEFT JOIN plant.suppliers s ON s.id = l.supplier_id
ORDER BY p.depth, a.recorded_at COLLATE "C", p.part_number COLLATE "C"
"""


def trace_forward(pg: psycopg.Connection[Any], lot_or_serial: str) -> list[dict[str, Any]]:
    """Every unit of every station that contains ``lot_or_serial`` (rows as the local trace's)."""
    result = []
    for r in pg.execute(FORWARD_SQL, {"start": lot_or_serial}):
        row = dict(zip(FORWARD_COLUMNS, r, strict=True))
        # The plant keeps the full readings: show the station's summary, in its key order.
        row["environment"] = json.loads(environment_summary(row["environment"]))
        result.append(row)
    return result


def trace_backward(pg: psycopg.Connection[Any], serial: str) -> list[dict[str, Any]]:
    """Every component lot and subassembly in ``serial``, whichever station built each level."""
    return [
        dict(zip(BACKWARD_COLUMNS, r, strict=True))
        for r in pg.execute(BACKWARD_SQL, {"start": serial})
    ]


def unit_serial(pg: psycopg.Connection[Any], text: str) -> str:
    """A unit serial from a plain serial or a scanned UDI, looked up plant-wide."""
    udi = udi_with_serial(text)
    if udi is None or udi.serial is None:
        return text.strip()
    row = pg.execute(
        "SELECT unit_serial FROM plant.assemblies WHERE unit_serial = %s AND di = %s LIMIT 1",
        (udi.serial, udi.di),
    ).fetchone()
    return str(row[0]) if row else udi.serial


# PostgreSQL cannot estimate how many rows a recursive trace reaches and plans for millions: hash
# and merge joins over whole tables (2.3 s for a lot in 1,000,000 units). A trace follows a few
# edges per unit, so nested loops over the indexes are right (0.15 s); JIT only adds compile time.
TRACE_SETTINGS = (
    "SET LOCAL enable_hashjoin = off",
    "SET LOCAL enable_mergejoin = off",
    "SET LOCAL jit = off",
)


def line_scope(pg: psycopg.Connection[Any]) -> list[str] | None:
    """The lines a station role's trace covers (row-level security), or None for a plant reader
    (the plant's supervisors, the schema's owner, a superuser) who sees every line."""
    row = pg.execute(
        "SELECT r.rolsuper OR pg_has_role(current_user, t.tableowner, 'USAGE') "
        "OR pg_has_role(current_user, left(current_database(), 40) || '_supervisor', 'USAGE') "
        "FROM pg_roles r, pg_tables t WHERE r.rolname = current_user "
        "AND t.schemaname = 'plant' AND t.tablename = 'assemblies'"
    ).fetchone()
    if row is None or row[0]:
        return None
    return [str(r[0]) for r in pg.execute("SELECT plant.lines_of(current_user) ORDER BY 1")]


def trace_rows(
    pg: psycopg.Connection[Any], lot: str | None, unit: str | None
) -> tuple[str, list[dict[str, Any]]]:
    """The direction and rows of a plant-wide trace."""
    with pg.transaction():
        for setting in TRACE_SETTINGS:
            pg.execute(setting)
        if lot is not None:
            return "forward", trace_forward(pg, lot)
        assert unit is not None
        return "backward", trace_backward(pg, unit_serial(pg, unit))
