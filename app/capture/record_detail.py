"""Everything bound to one record: corrections, profile, disposition, signatures, nearby environment."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app.capture.exceptions import disposition_of
from app.capture.shifts import Shift, shift_plan
from app.capture.signatures import SIGNATURE_KIND, Signature, check_signature
from app.domain.clock import iso_ms, parse_iso
from app.store import parts


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
    content: dict[str, Any] = parts.expand(conn, row[1])
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
        shift = Shift.at(moment, shift_plan(conn, station))
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
        disposition=disposition_of(conn, key),
        signatures=sigs,
        neighbours=neighbours,
    )
