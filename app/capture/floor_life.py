"""The floor-life clock of moisture-sensitive packs at the line (IPC/JEDEC J-STD-033).

Opening a dry pack is scanned (its reel or bag label, or our lot label) and starts the clock;
putting it into a dry cabinet (``dry-in``/``dry-out``) or resealing it (``seal``, reopened by the
next ``open``) runs the clock at the cabinet's or bag's conditions through Table 7-1 (for thick
bodies its ≤ 5 %RH column stops it); a bake (``bake``, oven, temperature, start and end) resets it
when it meets Table 4-1. In between, the clock runs at the conditions the station's instruments
measured, as bound into the records (``assemblies.environment``), taken per hour at that hour's
highest temperature and humidity (conservative), each holding until the next. Each event is a
master-data change (``msd_events``) through ``masterdata_write.write``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.domain.clock import iso_ms, new_key
from app.domain.entry import EntryMethod
from app.domain.materials import PartSpec
from app.domain.msd import Bake, FloorLifeResult, MsdError, Reading, floor_life
from app.store import lot_balance, masterdata_write
from app.store import materials as store
from app.store.masterdata_write import Change

if TYPE_CHECKING:
    from app.capture.session import CaptureSession

EVENT_KINDS = ("open", "dry-in", "dry-out", "bake", "seal")
#: Conditions assumed in a resealed dry bag or a cabinet that states none: J-STD-033's dry pack
#: keeps < 10 %RH at the humidity indicator card's first spot; taken at 10 %RH, 25 °C.
DRY_PACK = (25.0, 10.0)


class FloorLifeError(ValueError):
    """An MSD event that cannot be recorded; the message says why and what to do."""


@dataclass(frozen=True)
class Pack:
    """A moisture-sensitive pack: what it is called and the lot it belongs to."""

    carrier: str
    lot_id: str
    part_number: str
    described: str  # "reel 3S:PK-1", "lot ML-000123"


def pack_of(session: CaptureSession, text: str, entry: EntryMethod) -> Pack:
    """The pack a scanned reel/bag label or lot label stands for.

    Raises:
        FloorLifeError: an unreadable code, or a reel or lot never received.
    """
    try:
        scan = interpret(text, entry, session.formats)
    except CodeError as exc:
        raise FloorLifeError(f"unreadable label: {exc.message}") from None
    master = session.master
    if scan.kind is ScanKind.SUPPLIER_LABEL and scan.supplier_label is not None:
        label = scan.supplier_label
        parts = tuple(p for p in (label.manufacturer_part, label.customer_part) if p)
        lot, _part, why = master.lot_by_supplier_label(parts, label.lot, label.package_id)
        if lot is None:
            raise FloorLifeError(f"this reel was never received ({why}): receive it first")
        carrier = label.package_id or lot.id
        return Pack(carrier, lot.id, lot.part_number, _described(carrier, lot.id))
    lot = master.lot(scan.value)
    if lot is None:
        raise FloorLifeError(f"{scan.value} is no lot known here: scan the reel's label")
    return Pack(lot.id, lot.id, lot.part_number, f"lot {lot.id}")


def _described(carrier: str, lot_id: str) -> str:
    return f"lot {lot_id}" if carrier == lot_id else f"reel {carrier}"


def record(
    session: CaptureSession,
    pack: Pack,
    kind: str,
    *,
    at: datetime | None = None,
    end: datetime | None = None,
    temperature_c: float | None = None,
    rh: float | None = None,
    place: str = "",
) -> store.MsdEvent:
    """Records an event of a pack (opened, into/out of dry storage, baked, sealed).

    Raises:
        FloorLifeError: nobody logged in, a part with no MSL, an event out of order, a bake
            without its oven conditions.
    """
    if session.operator is None:
        raise FloorLifeError("nobody is logged in: log in first")
    if kind not in EVENT_KINDS:
        raise FloorLifeError(f"unknown MSD event {kind!r}: one of {', '.join(EVENT_KINDS)}")
    spec = store.part_spec(session.store.reader, pack.part_number)
    if spec is None or not spec.moisture_sensitive:
        raise FloorLifeError(
            f"part {pack.part_number} has no moisture sensitivity level (MSL 2–6) in its spec: "
            "nothing to time"
        )
    when = at or session.clock()
    events = store.msd_events(session.store.reader, pack.carrier)
    state = _state(events)
    if kind == "open" and state == "open":
        raise FloorLifeError(f"{pack.described} is already open since {_opened(events)}")
    if kind != "open" and state is None:
        raise FloorLifeError(f"{pack.described} was never opened: scan its opening first")
    if (kind == "dry-in" and state != "open") or (kind == "dry-out" and state != "dry"):
        raise FloorLifeError(f"{pack.described} is {state}: a {kind} does not follow")
    if kind == "bake" and (end is None or temperature_c is None or not place):
        raise FloorLifeError("a bake needs its oven, temperature and end time")
    if events and when < datetime.fromisoformat(events[-1].at.replace("Z", "+00:00")):
        raise FloorLifeError(f"{iso_ms(when)} is before the pack's last event ({events[-1].at})")
    by = session.operator.as_content()
    values = {
        "carrier": pack.carrier,
        "lot_id": pack.lot_id,
        "kind": kind,
        "at": iso_ms(when),
        "end_at": None if end is None else iso_ms(end),
        "temperature_c": temperature_c,
        "rh": rh,
        "place": place,
        "done_by": by["user_id"],
        "station": session.station.id,
    }
    key = new_key()
    why = f"MSD {kind}: {pack.described} of lot {pack.lot_id}" + (f" ({place})" if place else "")
    session.store.write(
        lambda c: masterdata_write.write(
            c,
            session.station.id,
            [Change("msd_events", {"id": key}, values)],
            by=by,
            why=why,
            kind="msd",
            at=session.clock(),
        )
    )
    return store.MsdEvent(
        key,
        pack.carrier,
        pack.lot_id,
        kind,
        iso_ms(when),
        None if end is None else iso_ms(end),
        temperature_c,
        rh,
        place,
        str(by["user_id"]),
    )


def _state(events: list[store.MsdEvent]) -> str | None:
    """open, dry (cabinet), sealed, or None (never opened); bakes leave it open."""
    state = None
    for e in events:
        state = {"open": "open", "dry-in": "dry", "dry-out": "open", "seal": "sealed"}.get(
            e.kind, state
        )
    return state


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _opened(events: list[store.MsdEvent]) -> str:
    first = next((e for e in events if e.kind == "open"), None)
    return "" if first is None else local(_time(first.at))


def local(t: datetime) -> str:
    """A time as a person at the station reads it: local, with the zone."""
    return t.astimezone().strftime("%Y-%m-%d %H:%M %Z")


HOURLY_SQL = (
    "SELECT substr(a.recorded_at, 1, 13), "
    "max(CASE WHEN json_extract(e.value, '$.quantity') = 'temperature' "
    "THEN json_extract(e.value, '$.value') END), "
    "max(CASE WHEN json_extract(e.value, '$.quantity') = 'relative_humidity' "
    "THEN json_extract(e.value, '$.value') END) "
    "FROM assemblies a, json_each(a.environment) e "
    "WHERE a.recorded_at >= ? AND a.rowid > ? AND a.rowid <= ? GROUP BY 1"
)


@dataclass
class _Hours:
    """The hourly maxima of one database from ``since`` on, through assembly row ``rowid``."""

    since: str
    rowid: int
    hours: dict[str, tuple[float | None, float | None]]


# Per database file. Assemblies are append-only, so each scan reads only the records added
# since the last one (usually none) and folds them into their hours.
_MEASURED: dict[str, _Hours] = {}


def _fold(hours: _Hours, rows: Iterable[tuple[Any, Any, Any]]) -> None:
    for hour, t, rh in rows:
        old_t, old_rh = hours.hours.get(str(hour), (None, None))
        hours.hours[str(hour)] = (_max(old_t, t), _max(old_rh, rh))


def _max(a: float | None, b: Any) -> float | None:
    if b is None:
        return a
    return float(b) if a is None else max(a, float(b))


def measured(conn: sqlite3.Connection, start: datetime, end: datetime) -> list[Reading]:
    """The station's measured conditions from ``start`` to ``end``, per hour (highest value).

    The hour before ``start`` is included so the clock knows the conditions at the opening. A
    record later than ``end`` in ``end``'s own hour counts for that hour (conservative).
    """
    lo = iso_ms(start.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1))
    newest = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM assemblies").fetchone()[0])
    db = lot_balance.database_identity(conn)
    cached = _MEASURED.get(db)
    if cached is None or cached.since > lo or cached.rowid > newest:
        cached = _Hours(lo, 0, {})
        _MEASURED[db] = cached
    if newest > cached.rowid:
        _fold(cached, conn.execute(HOURLY_SQL, (cached.since, cached.rowid, newest)))
        cached.rowid = newest
    out: list[Reading] = []
    last_t, last_rh = None, None
    first, last = lo[:13], iso_ms(end)[:13]
    for hour in sorted(h for h in cached.hours if first <= h <= last):
        t, rh = cached.hours[hour]
        t = last_t if t is None else t
        rh = last_rh if rh is None else rh
        if t is None or rh is None:
            continue
        last_t, last_rh = t, rh
        out.append(Reading(datetime.fromisoformat(f"{hour}:00:00+00:00"), t, rh))
    return out


@dataclass(frozen=True)
class Clock:
    """A pack's floor-life clock read at one time."""

    pack: str
    opened: datetime
    result: FloorLifeResult
    conditions: str  # where the conditions came from

    def refusal(self, spec: PartSpec) -> str | None:
        """The operator's words when the floor life is spent (None while it is not)."""
        r = self.result
        if not r.exceeded:
            return None
        life = "unlimited" if r.floor_life_h is None else f"{r.floor_life_h:g} h"
        over = "" if r.exceeded_by_h is None else f" exceeded by {duration(r.exceeded_by_h)}"
        return f"MSL {spec.msl} {self.pack} opened {local(self.opened)}, floor life {life}{over}: bake it"

    def as_content(self) -> dict[str, Any]:
        """What a component entry and ``lineside msd reels --json`` carry."""
        data = self.result.as_json()
        return {
            "pack": self.pack,
            "opened": iso_ms(self.opened),
            "msl": data["msl"],
            "floor_life_h": data["floor_life_h"],
            "exposure_h": data["exposure_h"],
            "remaining_h": data["remaining_h"],
            "exceeded": data["exceeded"],
            "conditions": self.conditions,
            "policy": data["basis"].get("policy"),
        }


def duration(hours: float) -> str:
    """``1 h 12 min``."""
    minutes = round(hours * 60)
    h, m = divmod(minutes, 60)
    return f"{h} h {m} min" if h and m else (f"{h} h" if h else f"{m} min")


def read_clock(
    conn: sqlite3.Connection, carrier: str, described: str, spec: PartSpec, at: datetime
) -> Clock | None:
    """The clock of a pack at ``at`` (None when it was never opened).

    Raises:
        MsdError: conditions the reproduced tables do not cover for this body (say so, refuse).
    """
    events = store.msd_events(conn, carrier)
    opens = [e for e in events if e.kind == "open"]
    if not opens or spec.msl is None:
        return None
    opened = _time(opens[0].at)
    readings = measured(conn, opened, at)
    source = "station records, hourly maximum"
    if not readings or readings[0].time > opened:
        # Nothing measured at the opening: J-STD-033's rated 30 °C/60 %RH until the first reading.
        readings = [Reading(opened, 30.0, 60.0), *readings]
        source += "; 30 °C/60 %RH assumed before the first reading"
    readings = _with_dry_storage(readings, events)
    bakes = [
        Bake(_time(e.at), _time(e.end_at), e.temperature_c, e.rh or 0.0, e.place)
        for e in events
        if e.kind == "bake" and e.end_at is not None and e.temperature_c is not None
    ]
    result = floor_life(
        spec.msl,
        opened,
        max(at, opened),
        readings,
        thickness_mm=spec.thickness_mm,
        bakes=[b for b in bakes if b.end <= at],
    )
    return Clock(described, opened, result, source)


def _with_dry_storage(readings: list[Reading], events: list[store.MsdEvent]) -> list[Reading]:
    """The readings with each dry-cabinet or sealed-bag spell at its own conditions."""
    spells: list[tuple[datetime, datetime | None, float, float]] = []
    start: store.MsdEvent | None = None
    for e in events:
        if e.kind in ("dry-in", "seal") and start is None:
            start = e
        elif e.kind in ("dry-out", "open") and start is not None:
            spells.append((_time(start.at), _time(e.at), *_dry(start)))
            start = None
    if start is not None:
        spells.append((_time(start.at), None, *_dry(start)))
    out = list(readings)
    for begin, end, temperature, rh in spells:
        before = [r for r in out if r.time < begin]
        after = [r for r in out if end is not None and r.time >= end]
        resume = [r for r in out if end is not None and r.time < end]
        tail = []
        if end is not None and resume and (not after or after[0].time > end):
            tail = [Reading(end, resume[-1].temperature_c, resume[-1].rh)]
        out = [*before, Reading(begin, temperature, rh), *tail, *after]
    return out


def _dry(event: store.MsdEvent) -> tuple[float, float]:
    t = DRY_PACK[0] if event.temperature_c is None else event.temperature_c
    rh = DRY_PACK[1] if event.rh is None else event.rh
    return t, rh


def open_reels(conn: sqlite3.Connection, at: datetime) -> list[dict[str, Any]]:
    """Every open MSD pack with its remaining floor life, least left first (the supervisor's view)."""
    out = []
    for carrier, lot_id in store.open_carriers(conn):
        row = conn.execute("SELECT part_number FROM lots WHERE id = ?", (lot_id,)).fetchone()
        spec = None if row is None else store.part_spec(conn, str(row[0]))
        if spec is None or spec.msl is None:
            continue
        described = _described(carrier, lot_id)
        entry: dict[str, Any] = {"pack": described, "lot": lot_id, "part_number": spec.part_number}
        try:
            clock = read_clock(conn, carrier, described, spec, at)
        except MsdError as exc:
            entry.update({"msl": spec.msl, "error": str(exc), "remaining_h": None})
            out.append(entry)
            continue
        if clock is None:
            continue
        entry.update(clock.as_content())
        entry["state"] = _state(store.msd_events(conn, carrier))
        out.append(entry)
    return sorted(
        out,
        key=lambda e: (
            e.get("remaining_h") is None,
            e.get("remaining_h") if e.get("remaining_h") is not None else 0,
        ),
    )


def now_utc() -> datetime:
    """The current UTC time (the CLI's default ``--at``)."""
    return datetime.now(UTC)
