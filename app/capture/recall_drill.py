"""Recall drill: from what a recall names to every affected unit, its status, UDI and where recorded.

A look-up that matches nothing raises :class:`NothingFound` with close matches: "0 units" is never
an answer to a lot that was never found.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.store import genealogy, recall_queries


class NothingFound(LookupError):
    """The recall subject matched nothing recorded here."""

    def __init__(self, subject: str, close: list[str]) -> None:
        hint = f"; close matches: {', '.join(close)}" if close else "; nothing similar either"
        super().__init__(f"nothing recorded here matches {subject}{hint}")
        self.subject = subject
        self.close = close


@dataclass(frozen=True)
class Subject:
    """What a recall names: one of supplier lot (with supplier), supplier part (with date code),
    our lot, certificate, instrument (with time window or out of calibration), profile run."""

    supplier_lot: str | None = None
    supplier: str | None = None
    supplier_part: str | None = None
    date_code: str | None = None
    lot: str | None = None
    certificate: str | None = None
    instrument: str | None = None
    start: str | None = None
    end: str | None = None
    out_of_calibration: bool = False
    profile: str | None = None

    def describe(self) -> str:
        """The subject in words, e.g. ``supplier lot KAI21265 (Kaito)``."""
        if self.supplier_lot:
            return f"supplier lot {self.supplier_lot}" + (
                f" ({self.supplier})" if self.supplier else ""
            )
        if self.supplier_part:
            return f"supplier part {self.supplier_part}" + (
                f" date code {self.date_code}" if self.date_code else ""
            )
        if self.lot:
            return f"lot {self.lot}"
        if self.certificate:
            return f"certificate {self.certificate}"
        if self.instrument:
            window = f" from {self.start or 'the start'} to {self.end or 'now'}"
            return f"instrument {self.instrument}{window}" + (
                " while out of calibration" if self.out_of_calibration else ""
            )
        if self.profile:
            return f"profile run {self.profile}"
        return "nothing"


UNIT_COLUMNS = (
    "serial", "depth", "product", "part_level", "status", "status_reason", "di", "udi_lot",
    "udi_serial", "expiry", "work_order", "station", "line", "recorded_at", "via",
)  # fmt: skip


@dataclass(frozen=True)
class Drill:
    """The outcome of a recall drill."""

    subject: Subject
    lots: list[dict[str, Any]]
    units: list[dict[str, Any]]
    seconds: float
    drilled_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def title(self) -> str:
        """E.g. ``Recall drill — supplier lot KAI21265``."""
        return f"Recall drill — {self.subject.describe()}"

    def counts(self) -> dict[str, int]:
        """Units per status."""
        out: dict[str, int] = {}
        for u in self.units:
            out[u["status"]] = out.get(u["status"], 0) + 1
        return out

    def as_json(self) -> dict[str, Any]:
        """The drill for ``--json``."""
        return {
            "subject": self.subject.describe(),
            "lots": self.lots,
            "units": self.units,
            "count": len(self.units),
            "by_status": self.counts(),
            "drilled_at": self.drilled_at.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 4),
        }


def _starts(conn: sqlite3.Connection, subject: Subject) -> tuple[list[dict[str, Any]], list[str]]:
    """The lots matched and the starting points (lots or serials) to trace forward from."""
    if subject.supplier_lot:
        lots = recall_queries.lots_by_supplier_lot(conn, subject.supplier_lot, subject.supplier)
        return lots, [lot["lot"] for lot in lots]
    if subject.supplier_part:
        lots = recall_queries.lots_by_supplier_part(conn, subject.supplier_part, subject.date_code)
        return lots, [lot["lot"] for lot in lots]
    if subject.lot:
        lot = subject.lot.strip()
        if genealogy.unit_steps(conn, lot):  # a unit or subassembly serial: it and its parents
            return [{"unit": lot}], [lot]
        if recall_queries.lot_exists(conn, lot):
            return [{"lot": lot}], [lot]
        # A supplier's lot number typed where ours was asked for is still found.
        lots = recall_queries.lots_by_supplier_lot(conn, lot)
        return lots, [x["lot"] for x in lots]
    if subject.certificate:
        lots = recall_queries.lots_by_certificate(conn, subject.certificate)
        return lots, [lot["lot"] for lot in lots]
    if subject.profile:
        boards = recall_queries.boards_of_profile(conn, subject.profile.strip())
        return [{"profile": subject.profile, "boards": boards}], boards
    raise ValueError("name a supplier lot, supplier part, lot, certificate, instrument or profile")


def _subject_text(subject: Subject) -> str:
    return (
        subject.supplier_lot
        or subject.supplier_part
        or subject.lot
        or subject.certificate
        or subject.instrument
        or subject.profile
        or ""
    )


def drill(conn: sqlite3.Connection, subject: Subject) -> Drill:
    """Every unit the subject reaches, at every level, with status, UDI and where it was recorded.

    Raises:
        NothingFound: the subject matches nothing recorded here (with close matches).
    """
    started = time.perf_counter()
    hits: dict[str, dict[str, Any]] = {}

    def add(serial: str, depth: int, via: str, row: dict[str, Any] | None) -> None:
        current = hits.get(serial)
        if current is not None and current["depth"] <= depth:
            return
        hits[serial] = {"serial": serial, "depth": depth, "via": via, "row": row}

    if subject.instrument:
        if not recall_queries.instrument_known(conn, subject.instrument):
            raise NothingFound(
                subject.describe(), recall_queries.close_matches(conn, subject.instrument)
            )
        records = recall_queries.records_by_instrument(
            conn,
            subject.instrument,
            subject.start,
            subject.end,
            out_of_calibration=subject.out_of_calibration,
        )
        lots: list[dict[str, Any]] = []
        starts = list(dict.fromkeys(r["serial"] for r in records))
    else:
        lots, starts = _starts(conn, subject)
        if not starts:
            raise NothingFound(
                subject.describe(), recall_queries.close_matches(conn, _subject_text(subject))
            )
    direct_serials = bool(subject.instrument or subject.profile or any("unit" in x for x in lots))
    if direct_serials:
        for start in starts:
            add(start, 0, "", None)
    for serial, depth, via in recall_queries.forward_units(conn, starts, genealogy.MAX_DEPTH):
        add(serial, depth, via, None)
    units = _describe(conn, hits)
    return Drill(subject, lots, units, time.perf_counter() - started)


def _describe(conn: sqlite3.Connection, hits: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    serials = list(hits)
    records_of = recall_queries.unit_records(conn, serials)
    states = recall_queries.unit_states(conn, serials)
    # Only records that name a DI carry a UDI: the content of the others is never read.
    udis = recall_queries.device_udis(
        conn, [r[0] for rows in records_of.values() for r in rows if r[1]]
    )
    units = []
    for serial in serials:
        hit = hits[serial]
        records = records_of.get(serial, [])
        keys = [r[0] for r in records]
        # key, product, work order, station, line, time of its newest record
        last = (records[-1][0], *records[-1][2:]) if records else None
        di = next((r[1] for r in reversed(records) if r[1]), None)
        udi = next((udis[k] for k in reversed(keys) if k in udis), {})
        state = states[serial]
        units.append(
            {
                "serial": serial,
                "depth": hit["depth"],
                "product": last[1] if last else None,
                "part_level": "device" if udi or di else "subassembly",
                "status": state["status"],
                "status_reason": _status_reason(state),
                "di": udi.get("di") or di,
                "udi_lot": udi.get("lot"),
                "udi_serial": udi.get("serial"),
                "expiry": udi.get("expiry"),
                "work_order": last[2] if last else None,
                "station": last[3] if last else None,
                "line": last[4] if last else None,
                "recorded_at": last[5] if last else None,
                "via": hit["via"],
            }
        )
    units.sort(key=lambda u: (u["depth"], u["recorded_at"] or "", u["serial"]))
    return units


def _status_reason(state: dict[str, Any]) -> str | None:
    if state["status"] == "WIP":
        return None
    text = f"{state['status']} by {state['by'] or 'unknown'} on {str(state['at'])[:10]}"
    return text + (f": {state['reason']}" if state.get("reason") else "")
