"""Genealogy: the assembly projection of the journal and the forward and backward trace over it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from app.domain.canonical import canonical_json

MAX_DEPTH = 8
NOT_SUPERSEDED = "NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = c.record_key)"

ASSEMBLY_SQL = (
    "INSERT INTO assemblies (record_key, unit_serial, di, product, work_order, step, station, line, operator, "
    "operator_name, recorded_at, status, environment) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
COMPONENT_SQL = (
    "INSERT INTO components (record_key, unit_serial, component, kind, part_number, quantity, certificate, "
    "certificate_type, certificate_revision) VALUES (?,?,?,?,?,?,?,?,?)"
)


def environment_summary(environment: list[dict[str, Any]]) -> str:
    """The compact environment kept beside each assembly for fast traces."""
    return canonical_json(
        [
            {
                k: e.get(k)
                for k in ("quantity", "value", "unit", "instrument", "status", "calibration")
            }
            for e in environment
        ]
    )


def assembly_rows(content: dict[str, Any]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """The assembly row and component rows projected from a record's content."""
    unit = content["unit"]["serial"]
    assembly = (
        content["key"],
        unit,
        content["unit"].get("di"),
        content["product"],
        content["work_order"],
        content["step"],
        content["station"],
        content["line"],
        content["operator"]["badge"] or content["operator"]["user_id"],
        content["operator"]["name"],
        content["recorded_at"],
        content["verdict"]["status"],
        environment_summary(content["environment"]),
    )
    components = []
    for c in content["components"]:
        cert = c.get("certificate") or {}
        components.append(
            (
                content["key"],
                unit,
                c["id"],
                c["kind"],
                c["part_number"],
                c["quantity"],
                cert.get("id"),
                cert.get("type"),
                cert.get("revision"),
            )
        )
    return assembly, components


@dataclass(frozen=True)
class UnitStep:
    """A step already recorded for a unit serial."""

    record_key: str
    di: str | None
    step: str
    product: str


def unit_steps(conn: sqlite3.Connection, serial: str) -> list[UnitStep]:
    """The live (not superseded) records of ``serial``."""
    return [
        UnitStep(*r)
        for r in conn.execute(
            "SELECT a.record_key, a.di, a.step, a.product FROM assemblies a WHERE a.unit_serial = ? AND NOT EXISTS "
            "(SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key)",
            (serial,),
        )
    ]


FORWARD_SQL = f"""
WITH RECURSIVE hits(record_key, serial, via, depth) AS (
    SELECT c.record_key, c.unit_serial, c.component, 1 FROM components c
    WHERE c.component = :start AND {NOT_SUPERSEDED}
    UNION
    SELECT c.record_key, c.unit_serial, c.component, h.depth + 1 FROM hits h
    JOIN components c ON c.component = h.serial
    WHERE c.kind = 'unit' AND h.depth < {MAX_DEPTH} AND {NOT_SUPERSEDED}
)
SELECT h.depth, h.serial, h.via, a.product, a.di, a.work_order, a.step, a.station, a.line, a.operator,
       a.operator_name, a.recorded_at, a.status, a.environment, a.record_key
FROM hits h JOIN assemblies a ON a.record_key = h.record_key
ORDER BY a.recorded_at, h.serial
"""

FORWARD_COLUMNS = (
    "depth",
    "unit",
    "via",
    "product",
    "di",
    "work_order",
    "step",
    "station",
    "line",
    "operator",
    "operator_name",
    "recorded_at",
    "status",
    "environment",
    "record_key",
)


def trace_forward(conn: sqlite3.Connection, lot_or_serial: str) -> list[dict[str, Any]]:
    """Every unit that contains ``lot_or_serial``, directly or through subassemblies.

    Each row names the unit, the component it was reached through (``via``), its depth, and the
    station, operator, time and environmental context of the step that consumed it.
    """
    result = []
    for r in conn.execute(FORWARD_SQL, {"start": lot_or_serial}):
        row = dict(zip(FORWARD_COLUMNS, r, strict=True))
        row["environment"] = json.loads(row["environment"])
        result.append(row)
    return result


BACKWARD_SQL = f"""
WITH RECURSIVE parts_of(record_key, unit, component, kind, part_number, quantity, certificate,
                        certificate_type, certificate_revision, depth) AS (
    SELECT c.record_key, c.unit_serial, c.component, c.kind, c.part_number, c.quantity, c.certificate,
           c.certificate_type, c.certificate_revision, 1
    FROM components c WHERE c.unit_serial = :start AND {NOT_SUPERSEDED}
    UNION ALL
    SELECT c.record_key, c.unit_serial, c.component, c.kind, c.part_number, c.quantity, c.certificate,
           c.certificate_type, c.certificate_revision, p.depth + 1
    FROM parts_of p JOIN components c ON c.unit_serial = p.component
    WHERE p.kind = 'unit' AND p.depth < {MAX_DEPTH} AND {NOT_SUPERSEDED}
)
SELECT p.depth, p.unit, p.component, p.kind, p.part_number, pt.description, p.quantity,
       l.supplier_lot, s.name, l.status, l.expires_on, p.certificate, p.certificate_type, p.certificate_revision,
       (SELECT max(revision) FROM certificates ce WHERE ce.lot_id = p.component),
       a.step, a.station, a.recorded_at, a.operator
FROM parts_of p
JOIN assemblies a ON a.record_key = p.record_key
LEFT JOIN parts pt ON pt.part_number = p.part_number
LEFT JOIN lots l ON l.id = p.component AND p.kind = 'lot'
LEFT JOIN suppliers s ON s.id = l.supplier_id
ORDER BY p.depth, a.recorded_at, p.part_number
"""

BACKWARD_COLUMNS = (
    "depth",
    "unit",
    "component",
    "kind",
    "part_number",
    "description",
    "quantity",
    "supplier_lot",
    "supplier",
    "lot_status",
    "expires_on",
    "certificate",
    "certificate_type",
    "certificate_revision",
    "current_certificate_revision",
    "step",
    "station",
    "recorded_at",
    "operator",
)


def trace_backward(conn: sqlite3.Connection, serial: str) -> list[dict[str, Any]]:
    """Every component lot and subassembly that went into ``serial``, down through subassemblies."""
    return [
        dict(zip(BACKWARD_COLUMNS, r, strict=True))
        for r in conn.execute(BACKWARD_SQL, {"start": serial})
    ]


def serial_for_udi(conn: sqlite3.Connection, di: str, serial: str) -> str | None:
    """The unit serial recorded for a scanned UDI's DI and serial, or None."""
    row = conn.execute(
        "SELECT unit_serial FROM assemblies WHERE unit_serial = ? AND di = ? LIMIT 1", (serial, di)
    ).fetchone()
    return None if row is None else str(row[0])
