"""The device history record: every step of a unit and its subassemblies as one document.

Built from the journal (each record's own content: what the capture core judged and stated) and
the projections that index it. ``dhr_for_unit`` and ``dhr_for_work_order`` give a plain dict that
validates against ``resources/schemas/dhr.schema.json``; ``app.capture.dhr_pdf`` prints it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.capture import rework
from app.capture.exceptions import KIND_OF_RULE, ExceptionKind, disposition_of
from app.capture.recall import resolve_unit
from app.capture.review import ReviewRefused
from app.domain.canonical import canonical_json
from app.store import anchors, genealogy, parts, recall_queries

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "resources" / "schemas" / "dhr.schema.json"
SCHEMA_ID = "https://lineside.example/schemas/dhr/1"
MAX_DEPTH = genealogy.MAX_DEPTH


class DhrNotFound(LookupError):
    """No unit or work order of that name is recorded here."""


def schema() -> dict[str, Any]:
    """The DHR JSON schema kept in the repository."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def validate(document: dict[str, Any]) -> None:
    """Raises ``jsonschema.ValidationError`` when ``document`` does not follow the schema."""
    _validator().validate(document)


@functools.cache
def _validator() -> Any:
    """The schema checked once and compiled (validating a document then takes milliseconds)."""
    import jsonschema

    loaded = schema()
    cls = jsonschema.validators.validator_for(loaded)
    cls.check_schema(loaded)
    return cls(loaded)


def dhr_for_unit(conn: sqlite3.Connection, serial_or_udi: str) -> dict[str, Any]:
    """The device history record of one unit (by serial or UDI) and its subassemblies.

    Raises:
        DhrNotFound: nothing is recorded for that unit here (with close matches).
    """
    _ROWS.clear()
    serial = _serial(conn, serial_or_udi)
    unit = _unit(conn, serial, 0, set())
    return _document(conn, {"unit": serial}, [unit])


def dhr_for_work_order(conn: sqlite3.Connection, work_order: str) -> dict[str, Any]:
    """The device history record of every finished unit of a work order.

    Raises:
        DhrNotFound: no record names the work order.
    """
    serials = [
        str(r[0])
        for r in conn.execute(
            "SELECT a.unit_serial FROM assemblies a WHERE a.work_order = ? AND NOT EXISTS "
            "(SELECT 1 FROM components c WHERE c.component = a.unit_serial AND c.kind = 'unit') "
            "GROUP BY a.unit_serial ORDER BY min(a.recorded_at), a.unit_serial",
            (work_order,),
        )
    ]
    if not serials:
        known = [str(r[0]) for r in conn.execute("SELECT id FROM work_orders ORDER BY id")]
        raise DhrNotFound(
            f"no unit of work order {work_order} is recorded here"
            + (f"; work orders: {', '.join(known[:8])}" if known else "")
        )
    _ROWS.clear()
    units = [_unit(conn, s, 0, set()) for s in serials]
    return _document(conn, {"work_order": work_order}, units)


def frozen_hash(document: dict[str, Any]) -> str:
    """The SHA-256 of a DHR's canonical JSON without its generation time and the units' status:
    what a release freezes (the same record made again later gives the same hash)."""
    body = {k: v for k, v in document.items() if k not in ("generated_at", "units", "signatures")}
    # A unit's status is what a release changes, and the plant's countersignatures arrive later
    # (the release's own signature after it): the record of how the unit was made is what it
    # freezes.
    body["units"] = [_without_status(u) for u in document["units"]]
    return hashlib.sha256(canonical_json(_without_countersign(body)).encode("utf-8")).hexdigest()


def _without_status(unit: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in unit.items() if k not in ("status", "status_detail", "subassemblies")}
    out["subassemblies"] = [_without_status(s) for s in unit["subassemblies"]]
    return out


def _without_countersign(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_countersign(v) for k, v in value.items() if k != "countersign"}
    if isinstance(value, list):
        return [_without_countersign(v) for v in value]
    return value


# -- building ---------------------------------------------------------------------------------------
def _serial(conn: sqlite3.Connection, text: str) -> str:
    try:
        serial = resolve_unit(conn, text)
    except ReviewRefused as exc:  # a UDI whose serial is not recorded here
        raise DhrNotFound(str(exc)) from exc
    if not genealogy.unit_steps(conn, serial):
        close = recall_queries.close_matches(conn, serial)
        raise DhrNotFound(
            f"no unit {serial} is recorded here"
            + (f"; close matches: {', '.join(close)}" if close else "")
        )
    return serial


def _document(
    conn: sqlite3.Connection, subject: dict[str, str], units: list[dict[str, Any]]
) -> dict[str, Any]:
    keys = [s["record_key"] for u in _walk(units) for s in u["steps"]]
    keys += [c["record_key"] for u in _walk(units) for s in u["steps"] for c in s["corrections"]]
    return {
        "$schema": SCHEMA_ID,
        "document": "device history record",
        "subject": subject,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "generated_by": f"Lineside {__version__}",
        "units": units,
        "chain_heads": _chain_heads(conn, keys),
        "open_exceptions": len(open_exceptions(units)),
        "signatures": _signatures(conn, units),
    }


def open_exceptions(units: list[dict[str, Any]]) -> list[str]:
    """What still awaits a decision: exceptions without a disposition, failed profile runs of a
    board without one (a later pass does not make an earlier failure go away)."""
    out = []
    for unit in _walk(units):
        for step in unit["steps"]:
            out += [
                f"{unit['serial']} step {step['step']}: {e['what']} ({'; '.join(e['reasons'])})"
                for e in step["exceptions"]
                if not e["disposition"]
            ]
            runs = (step.get("profile") or {}).get("runs") or []
            out += [
                f"{unit['serial']}: failed profile run {r['profile_id']} ({'; '.join(r['violations'])})"
                for r in runs
                if not r["passed"] and not r["disposition"]
            ]
        out += [
            f"{unit['serial']}: rework {r['record_key']} ({r['reason']}) "
            + ("has no rework step yet" if not r["steps"] else "is not closed yet")
            for r in unit.get("rework") or []
            if r["open"]
        ]
    return out


def _walk(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for u in units:
        out.append(u)
        out.extend(_walk(u["subassemblies"]))
    return out


def _unit(conn: sqlite3.Connection, serial: str, depth: int, seen: set[str]) -> dict[str, Any]:
    seen.add(serial)
    rows = conn.execute(
        "SELECT j.key, j.hash, j.content FROM assemblies a JOIN journal j ON j.key = a.record_key "
        "WHERE a.unit_serial = ? AND NOT EXISTS "
        "(SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key) ORDER BY a.recorded_at",
        (serial,),
    ).fetchall()
    steps = [
        _step(conn, str(key), str(digest), parts.expand(conn, content))
        for key, digest, content in rows
    ]
    reworks = rework.reworks_of(conn, serial)
    for step in steps:
        mine = {step["record_key"], *(c["record_key"] for c in step["corrections"])}
        step["rework_steps"] = [
            {"rework": r["record_key"], **s}
            for r in reworks
            for s in r["steps"]
            if s["record"] in mine
        ]
    udi = next((s["udi"] for s in reversed(steps) if s["udi"]), None)
    state = recall_queries.unit_states(conn, [serial])[serial]
    subassemblies = []
    for step in steps:
        for component in step["components"]:
            child = component["lot"]
            if component["kind"] == "unit" and child not in seen and depth < MAX_DEPTH:
                sub = _unit(conn, child, depth + 1, seen)
                sub["built_in_at_step"] = step["step"]
                subassemblies.append(sub)
    last = steps[-1] if steps else {}
    return {
        "serial": serial,
        "level": "device" if udi or last.get("di") else "subassembly",
        "product": last.get("product"),
        "work_order": last.get("work_order"),
        "udi": udi,
        "status": state["status"],
        "status_detail": {k: state[k] for k in ("reason", "by", "at")},
        "steps": steps,
        "rework": reworks,
        "subassemblies": subassemblies,
        "built_in_at_step": None,
    }


def _step(
    conn: sqlite3.Connection, key: str, digest: str, content: dict[str, Any]
) -> dict[str, Any]:
    unit = content.get("unit") or {}
    operator = content.get("operator") or {}
    findings = (content.get("verdict") or {}).get("findings") or []
    return {
        "record_key": key,
        "hash": digest,
        "kind": content.get("kind"),
        "step": content.get("step"),
        "step_name": _step_name(conn, content.get("product"), content.get("step")),
        "product": content.get("product"),
        "work_order": content.get("work_order"),
        "station": content.get("station"),
        "line": content.get("line"),
        "recorded_at": content.get("recorded_at"),
        "clock_source": content.get("clock_source"),
        "di": unit.get("di"),
        "udi": unit.get("udi"),
        "operator": {
            "name": operator.get("name"),
            "badge": operator.get("badge"),
            "role": operator.get("role"),
        },
        "software_version": content.get("app_version"),
        "config_revision": content.get("config_revision"),
        "verdict": (content.get("verdict") or {}).get("status"),
        "findings": [
            {"rule": str(f.get("rule")), "message": str(f.get("message", ""))} for f in findings
        ],
        "components": [_component(conn, c) for c in content.get("components") or []],
        "environment": [_reading(conn, e) for e in content.get("environment") or []],
        "profile": _profile(conn, content.get("profile"), unit.get("serial")),
        "exceptions": _exceptions(conn, key, content, findings),
        "corrections": _corrections(conn, key, content),
    }


# Master data repeats across units (a lot feeds thousands): look each row up once per document.
_ROWS: dict[tuple[int, str, tuple[Any, ...]], Any] = {}


def _master_row(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Any:
    key = (id(conn), sql, params)
    if key not in _ROWS:
        _ROWS[key] = conn.execute(sql, params).fetchone()
    return _ROWS.get(key)


def _step_name(conn: sqlite3.Connection, product: str | None, step: str | None) -> str | None:
    row = _master_row(
        conn, "SELECT name FROM steps WHERE product = ? AND code = ?", (product, step)
    )
    return None if row is None else str(row[0])


def _accepted_by(conn: sqlite3.Connection, acceptance: dict[str, Any] | None) -> str | None:
    """``Sofia Lindgren (U2001), accept, 2026-10-29 17:00 UTC`` from a component's acceptance."""
    if not acceptance:
        return None
    who = str(acceptance.get("decided_by") or "")
    name = _master_row(conn, "SELECT name FROM users WHERE id = ?", (who,))
    when = str(acceptance.get("decided_at") or "")[:16].replace("T", " ")
    person = f"{name[0]} ({who})" if name else who
    return f"{person}, {acceptance.get('decision')}, {when} UTC"


def _component(conn: sqlite3.Connection, c: dict[str, Any]) -> dict[str, Any]:
    lot_id = str(c.get("id"))
    lot = _master_row(
        conn,
        "SELECT l.supplier_id, s.name, l.supplier_lot, l.expires_on, p.description "
        "FROM lots l LEFT JOIN suppliers s ON s.id = l.supplier_id "
        "LEFT JOIN parts p ON p.part_number = l.part_number WHERE l.id = ?",
        (lot_id,),
    )
    description = _master_row(
        conn, "SELECT description FROM parts WHERE part_number = ?", (c.get("part_number"),)
    )
    certificate = c.get("certificate")
    cert_out = None
    if certificate:
        issued = _master_row(
            conn,
            "SELECT issued_by, document FROM certificates WHERE id = ?",
            (certificate.get("id"),),
        )
        cert_out = {
            "number": certificate.get("id"),
            "type": certificate.get("type"),
            "revision": certificate.get("revision"),
            "sha256": certificate.get("sha256"),
            "valid_from": certificate.get("valid_from"),
            "valid_to": certificate.get("valid_to"),
            "issued_by": None if issued is None else issued[0],
            "document": None if issued is None else issued[1],
            # Who accepted it at goods-in: the signed receiving decision the entry was used under,
            # else what the plant's certificate row says.
            "accepted_by": _accepted_by(conn, c.get("acceptance"))
            or certificate.get("accepted_by"),
        }
    return {
        "part": c.get("part_number"),
        "description": None if description is None else description[0],
        "kind": c.get("kind"),
        "lot": lot_id,
        "quantity": c.get("quantity"),
        "supplier": c.get("supplier") or (None if lot is None else lot[0]),
        "supplier_name": None if lot is None else lot[1],
        "supplier_part": c.get("supplier_part"),
        "supplier_lot": c.get("supplier_lot") or (None if lot is None else lot[2]),
        "date_code": c.get("date_code"),
        "package_id": c.get("package_id"),
        "lot_expires_on": None if lot is None else lot[3],
        "certificate": cert_out,
        "scanned_as": (c.get("scan") or {}).get("text"),
    }


def _reading(conn: sqlite3.Connection, e: dict[str, Any]) -> dict[str, Any]:
    instrument = e.get("instrument")
    calibrations = []
    if instrument:
        read_day = str(e.get("read_at") or "")[:10]
        r = _master_row(
            conn,
            "SELECT performed_on, due_on, certificate, performed_by FROM calibrations "
            "WHERE instrument = ? AND performed_on <= ? ORDER BY performed_on DESC LIMIT 1",
            (instrument, read_day or "9999"),
        )
        if r is not None:
            calibrations = [
                {
                    "performed_on": r[0],
                    "due_on": r[1],
                    "certificate": r[2],
                    "performed_by": r[3],
                    "valid_at_reading": bool(r[0] <= read_day < r[1]) if read_day else None,
                }
            ]
    window = e.get("window") or {}
    return {
        "quantity": e.get("quantity"),
        "value": e.get("value"),
        "unit": e.get("unit"),
        "status": e.get("status"),
        "read_at": e.get("read_at"),
        "age_s": e.get("age_s"),
        "quality": e.get("quality"),
        "window": {
            "low": window.get("low"),
            "high": window.get("high"),
            "max_age_s": window.get("max_age_s"),
        },
        "instrument": instrument,
        "calibration": {
            "stated": e.get("calibration"),
            "due": e.get("calibration_due"),
            "record": calibrations[0] if calibrations else None,
        },
    }


def _profile(
    conn: sqlite3.Connection, stated: dict[str, Any] | None, serial: str | None
) -> dict[str, Any] | None:
    """The profile the record used, and every run recorded for the board (each run counts)."""
    runs = []
    if serial:
        for row in conn.execute(
            "SELECT p.id, p.measured_at, p.passed, p.spec_name, p.oven, p.instrument, p.recipe, "
            "p.sha256, p.sample_count, p.metrics, p.violations, p.spec, p.meta, p.journal_key "
            "FROM profile_boards b JOIN profiles p ON p.id = b.profile_id WHERE b.serial = ? "
            "ORDER BY p.measured_at",
            (serial,),
        ):
            violations = json.loads(row[10])
            runs.append(
                {
                    "profile_id": row[0],
                    "measured_at": row[1],
                    "passed": bool(row[2]),
                    "spec_name": row[3],
                    "oven": row[4],
                    "profiler": row[5],
                    "recipe": row[6],
                    "samples_sha256": row[7],
                    "sample_count": row[8],
                    "metrics": json.loads(row[9]),
                    "violations": [str(v.get("message", v)) for v in violations],
                    "spec": json.loads(row[11]),
                    "meta": json.loads(row[12]),
                    "disposition": _disposition(conn, str(row[13])),
                }
            )
    if stated is None and not runs:
        return None
    stated = stated or {}
    return {
        "used": {
            "profile_id": stated.get("profile_id"),
            "spec_name": stated.get("spec"),
            "passed": stated.get("passed"),
            "measured_at": stated.get("measured_at"),
            "recipe": stated.get("recipe"),
            "violations": [str(v) for v in stated.get("violations") or []],
        },
        "found": any(r["profile_id"] == stated.get("profile_id") for r in runs),
        "runs": runs,
    }


def _disposition(conn: sqlite3.Connection, subject: str) -> dict[str, Any] | None:
    found = disposition_of(conn, subject)
    if found is None:
        return None
    by = found.get("by") or {}
    return {
        "decision": found.get("decision"),
        "comment": found.get("comment"),
        "by": by.get("name"),
        "role": by.get("role"),
        "at": found.get("recorded_at"),
        "journal_key": found.get("key"),
        "signature": None
        if not found.get("signature")
        else rework.signature_of(conn, str(found["signature"])),
    }


def _exceptions(
    conn: sqlite3.Connection, key: str, content: dict[str, Any], findings: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    if (content.get("verdict") or {}).get("status") != "accepted" or findings:
        kinds = sorted(
            {str(KIND_OF_RULE.get(str(f.get("rule")), ExceptionKind.OTHER)) for f in findings}
        )
        out.append(
            {
                "subject": key,
                "what": ", ".join(kinds) or "flagged",
                "reasons": [str(f.get("message", f.get("rule"))) for f in findings],
                "disposition": _disposition(conn, key) or _carried_disposition(conn, content),
            }
        )
    return out


def _carried_disposition(
    conn: sqlite3.Connection, content: dict[str, Any]
) -> dict[str, Any] | None:
    """A correction keeps the findings of the record it corrects, and so that record's disposition."""
    current = content.get("corrects")
    while current:
        found = _disposition(conn, str(current))
        if found is not None:
            return found
        row = conn.execute(
            "SELECT json_extract(content, '$.corrects') FROM journal WHERE key = ?", (current,)
        ).fetchone()
        current = None if row is None else row[0]
    return None


def _corrections(
    conn: sqlite3.Connection, key: str, content: dict[str, Any]
) -> list[dict[str, Any]]:
    """The earlier versions this record corrects, newest first, with the values they stated."""
    out = []
    current, newer = content.get("corrects"), content
    while current:
        row = conn.execute("SELECT content, hash FROM journal WHERE key = ?", (current,)).fetchone()
        if row is None:
            break
        old = parts.expand(conn, row[0])
        before = {c.get("id"): c for c in old.get("components") or []}
        after = {c.get("id"): c for c in newer.get("components") or []}
        corrected_by = newer.get("corrected_by") or {}
        done = newer.get("rework_step") or {}
        out.append(
            {
                "record_key": current,
                "hash": row[1],
                "recorded_at": old.get("recorded_at"),
                "reason": newer.get("reason"),
                "corrected_by": corrected_by.get("name"),
                "corrected_at": newer.get("recorded_at"),
                "rework": done.get("rework"),
                "superseded": [
                    {"part": c.get("part_number"), "lot": cid}
                    for cid, c in before.items()
                    if cid not in after
                ],
                "replaced_by": [
                    {"part": c.get("part_number"), "lot": cid}
                    for cid, c in after.items()
                    if cid not in before
                ],
            }
        )
        current, newer = old.get("corrects"), old
    return out


def _chain_heads(conn: sqlite3.Connection, keys: list[str]) -> list[dict[str, Any]]:
    """Per station: the chain up to the newest journal row this DHR covers (seq, rows, hash)."""
    if not keys:
        return []
    newest = {
        str(station): int(seq)
        for station, seq in conn.execute(
            "SELECT station, max(seq) FROM journal WHERE key IN (SELECT value FROM json_each(?)) "
            "GROUP BY station",
            (json.dumps(keys),),
        )
    }
    return [h.as_content() for h in anchors.chain_heads(conn, through=newest)]


SIGNOFF_SQL = (
    "SELECT key, recorded_at, content FROM journal WHERE kind = 'signature' "
    "AND json_extract(content, '$.signature.scope') IS NOT NULL ORDER BY seq"
)


def _signatures(conn: sqlite3.Connection, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every signature bearing on the document, oldest first, each with the plant's
    countersignature: dispositions, rework closes, releases of its units and the shift sign-offs
    covering its records."""
    found: dict[str, dict[str, Any]] = {}

    def add(what: str, signature: dict[str, Any] | None) -> None:
        if signature is not None and signature["key"] not in found:
            found[signature["key"]] = {"what": what, **signature}

    walked = _walk(units)
    for unit in walked:
        for step in unit["steps"]:
            for x in step["exceptions"]:
                d = x["disposition"]
                if d:
                    add(f"disposition ({d['decision']}) of {unit['serial']} step {step['step']}",
                        d.get("signature"))  # fmt: skip
            for run in (step.get("profile") or {}).get("runs") or []:
                d = run["disposition"]
                if d:
                    add(f"disposition ({d['decision']}) of profile run {run['profile_id']}",
                        d.get("signature"))  # fmt: skip
        for r in unit.get("rework") or []:
            closed = r.get("closed") or {}
            add(f"rework {r['record_key']} of {unit['serial']} closed", closed.get("signature"))
    serials = [u["serial"] for u in walked]
    for (content,) in conn.execute(
        "SELECT r.content FROM journal r WHERE r.kind = 'release' AND EXISTS (SELECT 1 FROM "
        "json_each(r.content, '$.release.units') e WHERE e.value IN "
        "(SELECT value FROM json_each(?))) ORDER BY r.seq",
        (json.dumps(serials),),
    ):
        said = json.loads(content)["release"]
        named = [s for s in said.get("units") or [] if s in serials]
        subject = said.get("work_order") or ", ".join(named[:3])
        if said.get("signature"):
            add(f"release of {subject}", rework.signature_of(conn, str(said["signature"])))
    records = [
        (s["record_key"], s["recorded_at"], s["station"], s["line"])
        for u in walked
        for s in u["steps"]
    ]
    if records:
        seqs = dict(
            conn.execute(
                "SELECT key, seq FROM journal WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps([r[0] for r in records]),),
            ).fetchall()
        )
        for key, _at, content in conn.execute(SIGNOFF_SQL):
            scope = json.loads(content)["signature"]["scope"]
            shift = scope.get("shift") or {}
            covered = [
                r for r in records
                if str(shift.get("start", "")) <= str(r[1]) < str(shift.get("end", ""))
                and seqs.get(r[0], 1 << 62) <= int(scope.get("through_seq") or 0)
                and (not scope.get("station") or scope["station"] == r[2])
                and (not scope.get("line") or scope["line"] == r[3])
            ]  # fmt: skip
            if covered:
                add(
                    f"shift sign-off {str(shift.get('start', ''))[:16].replace('T', ' ')} UTC "
                    f"({len(covered)} of this record's steps)",
                    rework.signature_of(conn, str(key)),
                )
    return sorted(found.values(), key=lambda s: (s["signed_at"], s["key"]))
