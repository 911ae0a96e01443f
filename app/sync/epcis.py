"""GS1 EPCIS 2.0 JSON-LD export: assemblies as TransformationEvents, UDI commissioning, sensor data."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from app.domain.clock import iso_ms, utc_now
from app.store import parts
from app.sync import epcis_hash
from app.sync.credentials import UpstreamError

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
DIGITAL_LINK = "https://id.gs1.org"
PLANT = "urn:lineside"  # the plant's own identifiers for things that have no GS1 key
POST_TIMEOUT_S = 30
O2_INCHIKEY = "https://identifiers.org/inchikey:MYMOFIZGZYHOMD-UHFFFAOYSA-N"

# CBV 2.0 measurement types and UN/CEFACT Rec 20 units for the station's environmental quantities.
SENSOR_TYPES: dict[str, tuple[str, str, str | None]] = {
    "relative_humidity": ("RelativeHumidity", "P1", None),
    "temperature": ("Temperature", "CEL", None),
    "dew_point": ("Temperature", "CEL", None),
    "o2_ppm": ("VolumeFraction", "59", O2_INCHIKEY),
    "n2_purity": ("VolumeFraction", "P1", None),
}

# Rows in journal order by rowid, never through an index and a sort: memory stays flat whatever the
# size (the unary + keeps SQLite from choosing the kind/time index and sorting the content).
LIVE_RECORDS_SQL = """
SELECT j.content FROM journal j
WHERE +j.kind IN ('assembly', 'correction') AND +j.recorded_at >= :since AND +j.recorded_at < :until
  AND (:work_order IS NULL OR j.key IN (SELECT record_key FROM assemblies WHERE work_order = :work_order))
  AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = j.key)
ORDER BY j.seq
"""
END_OF_TIME = "9999"


@dataclass(frozen=True)
class Selection:
    """Which records an export covers.

    Attributes:
        since: only records at or after this UTC time (journal text form).
        until: only records before this UTC time.
        work_order: only this work order's assemblies.
        after: resume after the event with this ID (an earlier export's last ``eventID``).
    """

    since: str | None = None
    until: str | None = None
    work_order: str | None = None
    after: str | None = None


@dataclass
class StreamReport:
    """What one streamed export wrote."""

    events: int = 0
    last_id: str | None = None
    skipped: int = 0  # events before ``after``


def parse_since(text: str, option: str = "--since") -> str:
    """``--since`` / ``--until`` as the journal's UTC time text (a date, or a time with or without
    an offset).

    Raises:
        ValueError: the text is no ISO 8601 date or time.
    """
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"{option} {text!r} is not an ISO 8601 time: write e.g. 2026-11-02 or 2026-11-02T06:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return iso_ms(moment)


def _uri(kind: str, value: str) -> str:
    return f"{PLANT}:{kind}:{quote(value, safe='-._~')}"


def unit_uri(serial: str, gtin: str | None) -> str:
    """A unit's identifier: a GS1 Digital Link URI when it has a DI, else the plant's URN."""
    if gtin:
        return f"{DIGITAL_LINK}/01/{gtin}/21/{quote(serial, safe='')}"
    return _uri("unit", serial)


def lot_class(lot: str, gtin: str | None) -> str:
    """A material lot as an EPC class: GTIN plus lot in Digital Link form, else the plant's URN."""
    if gtin:
        return f"{DIGITAL_LINK}/01/{gtin}/10/{quote(lot, safe='')}"
    return _uri("lot", lot)


def _sensor_elements(environment: list[dict[str, Any]]) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = []
    for e in environment:
        spec = SENSOR_TYPES.get(e["quantity"])
        if spec is None or not isinstance(e.get("value"), int | float):
            continue
        kind, uom, substance = spec
        report: dict[str, Any] = {"type": kind, "value": e["value"], "uom": uom}
        if substance:
            report["chemicalSubstance"] = substance
        elements.append(
            {
                "sensorMetadata": {
                    "time": e.get("read_at") or e.get("time"),
                    "deviceID": _uri("instrument", str(e.get("instrument", "unknown"))),
                },
                "sensorReport": [report],
            }
        )
    return [el for el in elements if el["sensorMetadata"]["time"]]


def _ilmd(udi: dict[str, Any] | None) -> dict[str, Any] | None:
    if not udi:
        return None
    ilmd: dict[str, Any] = {}
    if udi.get("lot"):
        ilmd["cbvmda:lotNumber"] = udi["lot"]
    if udi.get("expiry"):
        ilmd["cbvmda:itemExpirationDate"] = udi["expiry"]
    return ilmd or None


def part_gtins(conn: sqlite3.Connection) -> dict[str, str]:
    """Each part number's GTIN, where it has one."""
    return {
        r[0]: r[1]
        for r in conn.execute("SELECT part_number, gtin FROM parts WHERE gtin IS NOT NULL")
    }


def record_events(record: dict[str, Any], gtins: dict[str, str]) -> list[dict[str, Any]]:
    """The EPCIS events of one assembly record: its TransformationEvent, and the commissioning
    ObjectEvent of a unit with a DI."""
    unit = record["unit"]
    output = unit_uri(unit["serial"], unit.get("di"))
    where = {
        "readPoint": {"id": _uri("station", record["station"])},
        "bizLocation": {"id": _uri("line", record["line"])},
    }
    event: dict[str, Any] = {
        "type": "TransformationEvent",
        "eventTime": record["recorded_at"],
        "eventTimeZoneOffset": "+00:00",
    }
    lots = [c for c in record["components"] if c["kind"] == "lot"]
    units = [c for c in record["components"] if c["kind"] == "unit"]
    if units:
        # Subassemblies carry plant serials, not GS1 keys.
        event["inputEPCList"] = [unit_uri(c["id"], None) for c in units]
    if lots:
        event["inputQuantityList"] = [
            {
                "epcClass": lot_class(c["id"], gtins.get(c["part_number"])),
                "quantity": c["quantity"],
                "uom": "H87",
            }
            for c in lots
        ]
    event["outputEPCList"] = [output]
    event["bizStep"] = "assembling"
    event["disposition"] = "in_progress"
    event.update(where)
    ilmd = _ilmd(unit.get("udi"))
    if ilmd:
        event["ilmd"] = ilmd
    sensors = _sensor_elements(record.get("environment", []))
    if sensors:
        event["sensorElementList"] = sensors
    result = [event]
    if unit.get("di"):
        commissioning: dict[str, Any] = {
            "type": "ObjectEvent",
            "eventTime": record["recorded_at"],
            "eventTimeZoneOffset": "+00:00",
            "epcList": [output],
            "action": "ADD",
            "bizStep": "commissioning",
            "disposition": "active",
            **where,
        }
        if ilmd:
            commissioning["ilmd"] = ilmd
        result.append(commissioning)
    return result


def records(conn: sqlite3.Connection, selection: Selection) -> Iterator[dict[str, Any]]:
    """The live assembly records of the selection, in journal order, one at a time."""
    params = {
        "since": selection.since or "",
        "until": selection.until or END_OF_TIME,
        "work_order": selection.work_order,
    }
    for (text,) in conn.execute(LIVE_RECORDS_SQL, params):
        yield parts.expand(conn, text)


def identify(event: dict[str, Any]) -> str:
    """Gives ``event`` its canonical hash as ``eventID`` (right after the type, where GS1's examples
    put it; the hash ignores it) and returns it."""
    event_id = epcis_hash.event_hash(event)
    items = list(event.items())
    event.clear()
    event.update([items[0], ("eventID", event_id), *items[1:]])
    return event_id


def identified_events(
    conn: sqlite3.Connection, selection: Selection, report: StreamReport | None = None
) -> Iterator[dict[str, Any]]:
    """The selection's events, each with its eventID, one at a time; after ``selection.after``
    when given.

    Raises:
        LookupError: (at the end) ``selection.after`` is no event of this selection.
    """
    report = report if report is not None else StreamReport()
    gtins = part_gtins(conn)
    waiting = selection.after
    for record in records(conn, selection):
        for event in record_events(record, gtins):
            event_id = identify(event)
            if waiting is not None:
                report.skipped += 1
                if event_id == waiting:
                    waiting = None
                continue
            yield event
    if waiting is not None:
        raise LookupError(
            f"--after {waiting}: no event of this selection has that ID (give the eventID of the "
            "last event an earlier export of the same selection wrote)"
        )


def wrap(evts: list[dict[str, Any]], created: datetime | None = None) -> dict[str, Any]:
    """An EPCISDocument around ``evts``."""
    return {
        "@context": [CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": iso_ms(created or utc_now()),
        "epcisBody": {"eventList": evts},
    }


def stream(
    conn: sqlite3.Connection,
    out: TextIO,
    selection: Selection | None = None,
    *,
    created: datetime | None = None,
    report: StreamReport | None = None,
) -> StreamReport:
    """Writes the selection's EPCISDocument to ``out`` event by event, in constant memory.

    One event per line inside ``eventList``, so the last complete line of an interrupted export
    names the ``eventID`` to resume after. ``report`` (when given) is kept current as events go out.

    Raises:
        LookupError: the work order is unknown (before anything is written), or
            ``selection.after`` is no event of this selection.
    """
    report = report if report is not None else StreamReport()
    selection = selection or Selection()
    known = (
        selection.work_order is None
        or conn.execute(
            "SELECT 1 FROM work_orders WHERE id = ?", (selection.work_order,)
        ).fetchone()
    )
    if not known:
        raise LookupError(
            f"--work-order {selection.work_order}: no such work order at this station"
        )
    head = json.dumps(wrap([], created), ensure_ascii=False)
    assert head.endswith('"eventList": []}}')  # the shape wrap() gives
    out.write(head[: -len("]}}")] + "\n")
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    separator = ""
    for event in identified_events(conn, selection, report):
        out.write(separator + dump(event))
        separator = ",\n"
        report.events += 1
        report.last_id = event["eventID"]
    out.write("\n]}}\n")
    return report


def post_file(path: Path, url: str) -> int:
    """POSTs a document file (streamed from disk) to an EPCIS 2.0 capture interface.

    Raises:
        UpstreamError: the URL is not http(s), or the interface is unreachable or refuses it.
    """
    with path.open("rb") as body:
        return _post(body, path.stat().st_size, url)


def _post(data: Any, length: int, url: str) -> int:
    if not url.startswith(("http://", "https://")):
        raise UpstreamError(f"--post {url!r}: give an http:// or https:// capture URL")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/ld+json",
            "Content-Length": str(length),
            "GS1-EPCIS-Version": "2.0.0",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=POST_TIMEOUT_S) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise UpstreamError(
            f"the EPCIS capture interface at {url} refused the document: HTTP {exc.code} {exc.reason}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UpstreamError(
            f"the EPCIS capture interface at {url} is out of reach: {reason}"
        ) from None
