"""IPC-CFX (IPC-2591) ``UnitsProcessed`` messages carrying reflow oven and reflow profiler data.

Reads a message from JSON, either the bare message body (as in the CFX SDK examples) or wrapped in
a CFX envelope (``MessageName`` ``CFX.Production.Processing.UnitsProcessed`` and
``MessageBody``). Its ``CommonProcessData`` must be one of

* ``CFX.Structures.SolderReflow.ReflowProcessData``: what the oven measured (conveyor speed,
  per zone and sub-zone setpoints and readings: temperature, O2, power, vacuum ...);
* ``CFX.Structures.ReflowProfiling.ReflowProfilingProcessData``: what a profiler measured for one
  carrier or board (``Barcode``, ``RecipeName``, ``OvenName``, result, process window index) plus
  the same zone data.

Other messages are refused with what they are. Text that is not JSON is refused with the file
and the position of the error (line, column, character), never guessed at: two official CFX
examples are such files. Readings: every zone temperature as ``cfx.<zone>.<sub-zone>.temperature``
in °C, the reflow atmosphere's residual oxygen as ``o2_ppm`` (ppm, the quantity the capture core
binds) and the conveyor speed as ``conveyor_speed`` (cm/min, CFX's unit).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.clock import parse_iso, utc_now
from drivers.base import Driver, DriverConfig, DriverInfo, FileDriver, Reading

UNITS_PROCESSED = "CFX.Production.Processing.UnitsProcessed"
OVEN_TYPE = "CFX.Structures.SolderReflow.ReflowProcessData"
PROFILER_TYPE = "CFX.Structures.ReflowProfiling.ReflowProfilingProcessData"
READING_UNITS = {
    "Temperature": "°C",
    "O2": "ppm",
    "Power": "W",
    "PowerLevel": "%",
    "Vacuum": "mbar",
    "VacuumHoldTime": "s",
    "ConvectionRate": "%",
}


class CfxError(ValueError):
    """A file that is not a usable CFX reflow message; the message says why and where."""


@dataclass(frozen=True)
class ZoneValue:
    """One setpoint or reading of one sub-zone."""

    sub_zone: str
    kind: str
    value: float

    @property
    def unit(self) -> str:
        """The unit CFX states for this kind of value."""
        return READING_UNITS.get(self.kind, "")


@dataclass(frozen=True)
class ReflowZone:
    """One oven zone with its setpoints and readings."""

    name: str
    zone_type: str
    sequence: int
    setpoints: tuple[ZoneValue, ...]
    readings: tuple[ZoneValue, ...]

    def reading(self, kind: str, sub_zone: str = "WholeZone") -> float | None:
        """The reading of ``kind`` in ``sub_zone``, or None."""
        for r in self.readings:
            if r.kind == kind and r.sub_zone == sub_zone:
                return r.value
        return None

    def setpoint(self, kind: str, sub_zone: str = "WholeZone") -> float | None:
        """The setpoint of ``kind`` in ``sub_zone``, or None."""
        for s in self.setpoints:
            if s.kind == kind and s.sub_zone == sub_zone:
                return s.value
        return None


@dataclass(frozen=True)
class ReflowMessage:
    """The reflow content of a ``UnitsProcessed`` message."""

    kind: str  # "oven" or "profiler"
    transaction_id: str
    overall_result: str
    zones: tuple[ReflowZone, ...]
    conveyor_speed: float | None
    conveyor_speed_setpoint: float | None
    time_stamp: datetime | None = None
    barcode: str | None = None
    recipe: str | None = None
    product: str | None = None
    lot: str | None = None
    oven: str | None = None
    lane: int | None = None
    process_window: str | None = None
    profiler_result: str | None = None
    process_window_index: float | None = None
    time_in: datetime | None = None
    time_out: datetime | None = None
    unit_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def o2_ppm(self) -> float | None:
        """Residual O2 read in a zone (the reflow zone's first when several report it)."""
        values = [z.reading("O2") for z in self.zones]
        found = [v for v in values if v is not None]
        return found[0] if found else None

    @property
    def boards(self) -> tuple[str, ...]:
        """The carrier/board serials the message is about (barcode first, then its units)."""
        ids = ([self.barcode] if self.barcode else []) + list(self.unit_ids)
        return tuple(dict.fromkeys(ids))


def _float(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CfxError(f"{what} is {value!r}, not a number")
    return float(value)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        return None


def _zones(data: list[Any], source: str) -> tuple[ReflowZone, ...]:
    zones: list[ReflowZone] = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise CfxError(f"{source}: ZoneData entry {n} is not an object")
        zone = item.get("Zone") or {}
        name = str(zone.get("StageName") or f"Zone{n}")
        setpoints = tuple(
            ZoneValue(
                str(s.get("SubZone", "WholeZone")),
                str(s.get("SetpointType", "")),
                _float(s.get("Setpoint"), f"{source}: {name} setpoint") or 0.0,
            )
            for s in item.get("Setpoints") or []
        )
        readings = tuple(
            ZoneValue(
                str(r.get("SubZone", "WholeZone")),
                str(r.get("ReadingType", "")),
                _float(r.get("ReadingValue"), f"{source}: {name} reading") or 0.0,
            )
            for r in item.get("Readings") or []
        )
        zones.append(
            ReflowZone(
                name,
                str(zone.get("ReflowZoneType", "")),
                int(zone.get("StageSequence", n)),
                setpoints,
                readings,
            )
        )
    return tuple(zones)


MAX_DEPTH = 64  # real UnitsProcessed messages nest about 8 deep


def _depth(doc: Any) -> int:
    """How deeply ``doc`` nests lists and objects (without recursion)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            values: list[Any] = list(value.values())
        elif isinstance(value, list):
            values = value
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        stack.extend((v, level + 1) for v in values)
    return deepest


def loads(data: bytes | str, *, source: str = "the message") -> ReflowMessage:
    """Parses one CFX message.

    Raises:
        CfxError: not JSON (with the position), not ``UnitsProcessed``, or not reflow data.
    """
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise CfxError(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno} "
            f"(character {exc.pos}); refused, nothing was read from it"
        ) from exc
    except UnicodeDecodeError as exc:
        raise CfxError(f"{source} is not UTF-8 text (byte {exc.start}); refused") from exc
    except RecursionError:
        raise CfxError(
            f"{source} nests arrays or objects too deeply to be a CFX message; refused"
        ) from None
    if _depth(doc) > MAX_DEPTH:
        raise CfxError(
            f"{source} nests arrays or objects more than {MAX_DEPTH} deep, which no CFX message "
            "does; refused"
        )
    if not isinstance(doc, dict):
        raise CfxError(f"{source} is JSON but not a CFX message (an object is expected)")
    stamp = None
    if "MessageBody" in doc:
        name = doc.get("MessageName")
        if name != UNITS_PROCESSED:
            raise CfxError(f"{source} is a {name} message, not {UNITS_PROCESSED}")
        stamp = _time(doc.get("TimeStamp"))
        body = doc["MessageBody"]
        if not isinstance(body, dict):
            raise CfxError(f"{source}: MessageBody is not an object")
    else:
        body = doc
    common = body.get("CommonProcessData")
    if not isinstance(common, dict) or "TransactionId" not in body:
        raise CfxError(
            f"{source} is not a UnitsProcessed message (no TransactionId / CommonProcessData; "
            f"its fields are {', '.join(sorted(body)[:6])})"
        )
    type_name = str(common.get("$type", "")).split(",")[0].strip()
    if type_name not in (OVEN_TYPE, PROFILER_TYPE):
        raise CfxError(
            f"{source} carries {type_name or 'untyped'} process data, not reflow oven or "
            "profiler data"
        )
    zones_data = common.get("ZoneData") or []
    if not isinstance(zones_data, list):
        raise CfxError(f"{source}: ZoneData is not a list")
    units = tuple(
        str(u.get("UnitIdentifier"))
        for u in body.get("UnitProcessData") or []
        if isinstance(u, dict) and u.get("UnitIdentifier")
    )
    zones = _zones(zones_data, source)
    result = str(body.get("OverallResult", ""))
    tid = str(body["TransactionId"])
    if type_name == OVEN_TYPE:
        return ReflowMessage(
            "oven",
            tid,
            result,
            zones,
            _float(common.get("ConveyorSpeed"), "ConveyorSpeed"),
            _float(common.get("ConveyorSpeedSetpoint"), "ConveyorSpeedSetpoint"),
            time_stamp=stamp,
            unit_ids=units,
        )
    lane = common.get("Lane")
    return ReflowMessage(
        "profiler",
        tid,
        result,
        zones,
        _float(common.get("MeasuredConveyorSpeed"), "MeasuredConveyorSpeed"),
        _float(common.get("ConveyorSpeedSetpoint"), "ConveyorSpeedSetpoint"),
        time_stamp=stamp,
        barcode=common.get("Barcode"),
        recipe=common.get("RecipeName"),
        product=common.get("ProductName"),
        lot=common.get("LotID"),
        oven=common.get("OvenName"),
        lane=int(lane) if isinstance(lane, int) else None,
        process_window=common.get("ProcessWindowName"),
        profiler_result=common.get("Result"),
        process_window_index=_float(common.get("ProductionUnitPWI"), "ProductionUnitPWI"),
        time_in=_time(common.get("TimeDateUnitIn")),
        time_out=_time(common.get("TimeDateUnitOut")),
        unit_ids=units,
    )


def load(path: Path | str) -> ReflowMessage:
    """Reads one CFX message file.

    Raises:
        OSError: the file cannot be read.
        CfxError: see :func:`loads`.
    """
    path = Path(path)
    return loads(path.read_bytes(), source=str(path))


def profile_report(message: ReflowMessage, instrument: str = "cfx") -> dict[str, Any]:
    """A profiler message's verdict as keyword arguments for recording a reported profile.

    Raises:
        CfxError: the message is oven process data (no verdict) or names no board.
    """
    if message.kind != "profiler":
        raise CfxError("reflow oven process data carries no profile verdict")
    if not message.boards:
        raise CfxError("the profiler message names no board or carrier (Barcode)")
    result = message.profiler_result or message.overall_result
    passed = result in ("Passed", "Succeeded")
    return {
        "spec_name": message.process_window or "profiler process window",
        "passed": passed,
        "measured_at": message.time_in or message.time_stamp or utc_now(),
        "boards": list(message.boards),
        "violations": [] if passed else [f"profiler reported {result}"],
        "recipe": message.recipe,
        "oven": message.oven,
        "instrument": instrument,
        "source": "cfx",
        "details": {
            "transaction_id": message.transaction_id,
            "result": result,
            "process_window_index": message.process_window_index,
            "conveyor_speed": message.conveyor_speed,
            "o2_ppm": message.o2_ppm,
            "lot": message.lot,
            "product": message.product,
        },
    }


def _fragment(**fields: Any) -> bytes:
    """The CFX fields a reading came from, as compact JSON (the reading's ``raw``)."""
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def readings(message: ReflowMessage, instrument: str) -> list[Reading]:
    """The message's values as readings, all at its time (unit out, then the envelope's, then now).

    Each reading's ``raw`` is the CFX fields it came from, so a technician sees its source.
    """
    at = message.time_out or message.time_stamp or utc_now()
    out: list[Reading] = []
    for zone in message.zones:
        for r in zone.readings:
            if r.kind == "Temperature":
                q = f"cfx.{zone.name}.{r.sub_zone}.temperature"
                raw = _fragment(
                    StageName=zone.name,
                    SubZone=r.sub_zone,
                    ReadingType=r.kind,
                    ReadingValue=r.value,
                )
                out.append(Reading(instrument, q, r.value, "°C", at, raw))
    for zone in message.zones:
        o2 = zone.reading("O2")
        if o2 is not None:
            raw = _fragment(
                StageName=zone.name, SubZone="WholeZone", ReadingType="O2", ReadingValue=o2
            )
            out.append(Reading(instrument, "o2_ppm", o2, "ppm", at, raw))
            break
    if message.conveyor_speed is not None:
        field_name = "ConveyorSpeed" if message.kind == "oven" else "MeasuredConveyorSpeed"
        raw = _fragment(**{field_name: message.conveyor_speed})
        out.append(Reading(instrument, "conveyor_speed", message.conveyor_speed, "cm/min", at, raw))
    return out


def decode(data: bytes, instrument: str) -> Iterator[Reading]:
    """The readings of one message (or of several, one JSON document per line).

    Raises:
        CfxError: a document that is not a CFX reflow message.
    """
    try:
        docs = [loads(data, source="the document")]
    except CfxError:
        lines = [line.strip() for line in data.splitlines() if line.strip()]
        # JSON Lines (one message per line) only when every line is a whole object.
        if len(lines) < 2 or not all(x.startswith(b"{") and x.endswith(b"}") for x in lines):
            raise
        docs = [loads(line, source=f"capture line {n}") for n, line in enumerate(lines, 1)]
    for doc in docs:
        yield from readings(doc, instrument)


class CfxFileDriver(FileDriver):
    """A CFX message file (or a folder of them, read in name order) as an instrument."""

    content_error = CfxError

    def __init__(self, config: DriverConfig) -> None:
        super().__init__(config)
        self.messages: list[ReflowMessage] = []

    def load(self) -> tuple[list[Reading], str]:
        """Reads the file, or every ``*.json`` in the folder."""
        path = Path(self.config.port)
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        self.messages = [load(f) for f in files]
        found = [r for m in self.messages for r in readings(m, self.instrument)]
        return found, f"{len(self.messages)} message(s)"


def _factory(config: DriverConfig) -> Driver:
    return CfxFileDriver(config)


INFO = DriverInfo(
    name="cfx",
    summary="IPC-CFX UnitsProcessed JSON with reflow oven or reflow profiler process data",
    factory=_factory,
    decode=decode,
    quantities=("cfx.<zone>.<sub-zone>.temperature", "o2_ppm", "conveyor_speed"),
    file_based=True,
)
