"""The materials rules at the line, checked when a lot is scanned for a unit.

1. Certificate: a part with a materials spec needs, on its lot's newest certificate revision, a
   kind the spec accepts and a signed accept (or accept on concession) from receiving; an expiry
   only where the spec has a shelf life. The component entry carries the kind and acceptance.
2. Floor life: a moisture-sensitive part's pack must have been opened (scanned) and its J-STD-033
   floor life not spent; a warning ahead of the limit (station setting ``materials.msd_warning_h``,
   default 8 h) goes with the accepted scan.
3. Lot balance: what the live records consumed, the units scanned in this session and this
   unit's BOM quantity may not exceed what the lot holds (received, adjusted, less scrapped and
   returned); the station's ``materials.lot_balance`` refuses (default) or flags it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.capture import floor_life
from app.domain.masterdata import Lot, Station
from app.domain.materials import Balance, CertificateFacts, PartSpec, line_refusal
from app.domain.msd import MsdError
from app.domain.verdict import Finding, Rule, Severity
from app.store import lot_balance, masterdata_write
from app.store import materials as store
from app.store.masterdata_write import Change

DEFAULT_WARNING_H = 8.0


def settings(station: Station) -> dict[str, Any]:
    """The station's ``materials`` settings."""
    value = station.settings.get("materials", {})
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class LineMaterials:
    """What the materials rules found for one scanned lot."""

    finding: Finding | None = None
    acceptance: dict[str, Any] | None = None
    floor_life: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()
    flags: tuple[Finding, ...] = field(default_factory=tuple)


def acceptance(cert: CertificateFacts) -> dict[str, Any]:
    """The certificate kind and decision a component entry carries."""
    return {
        "certificate": cert.id,
        "revision": cert.revision,
        "kind": cert.kind,
        "number": cert.number,
        "heat": cert.heat or None,
        "issuer": cert.issuer or None,
        "issuer_role": cert.issuer_role or None,
        "decision": cert.decision,
        "decided_by": cert.decided_by,
        "decided_at": cert.decided_at,
        "signature": cert.signature,
    }


class Unchanging:
    """The materials master data a check reads, read once: part specs, each lot's newest
    certificate with its decision, and each lot's stock (received, moved; consumption is read
    at every check).

    Only for a writer that changes none of these while it holds this object: the demo line
    builds its units after receiving and inspecting every lot, and writes no spec, certificate,
    decision, receipt or movement while it builds. The station reads them afresh at every scan
    (``check`` without it), since a supervisor may decide a certificate between two scans.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._specs: dict[str, PartSpec | None] = {}
        self._certificates: dict[str, CertificateFacts | None] = {}
        self._stock: dict[str, Balance | None] = {}

    def spec(self, part_number: str) -> PartSpec | None:
        """The part's spec as :func:`app.store.materials.part_spec` read it first."""
        if part_number not in self._specs:
            self._specs[part_number] = store.part_spec(self.conn, part_number)
        return self._specs[part_number]

    def certificate(self, lot_id: str) -> CertificateFacts | None:
        """The lot's newest certificate as :func:`app.store.materials.newest_certificate` read it."""
        if lot_id not in self._certificates:
            self._certificates[lot_id] = store.newest_certificate(self.conn, lot_id)
        return self._certificates[lot_id]

    def stock(self, lot_id: str) -> Balance | None:
        """The lot's stock as :func:`app.store.lot_balance.stock` read it."""
        if lot_id not in self._stock:
            self._stock[lot_id] = lot_balance.stock(self.conn, lot_id)
        return self._stock[lot_id]


def check(
    conn: sqlite3.Connection,
    station: Station,
    lot: Lot,
    carrier: str | None,
    quantity: float,
    pending: float,
    at: datetime,
    subject: str,
    unchanging: Unchanging | None = None,
) -> LineMaterials:
    """Checks certificate, floor life and balance of a lot scanned for one unit.

    Args:
        carrier: the scanned pack (a reel label's package id), or None for a plain lot label.
        quantity: the BOM quantity this unit takes.
        pending: what scans not yet committed at this station already take of the lot.
        unchanging: master data read once, for a writer that does not change it (the demo
            line); the station leaves it out and reads afresh.
    """
    spec = (
        store.part_spec(conn, lot.part_number)
        if unchanging is None
        else unchanging.spec(lot.part_number)
    )
    accepted: dict[str, Any] | None = None
    clock: dict[str, Any] | None = None
    warnings: list[str] = []
    if spec is not None:
        cert = (
            store.newest_certificate(conn, lot.id)
            if unchanging is None
            else unchanging.certificate(lot.id)
        )
        refusal = line_refusal(spec, lot.id, cert, at.date())
        if refusal is not None:
            return LineMaterials(
                Finding(
                    Rule.CERTIFICATE_NOT_ACCEPTED,
                    refusal,
                    subject,
                    template="certificate-not-accepted",
                    args=(("lot", lot.id),),
                )
            )
        assert cert is not None
        accepted = acceptance(cert)
        if spec.moisture_sensitive:
            found = _floor_life(conn, station, spec, lot, carrier, at, subject)
            if isinstance(found, Finding):
                return LineMaterials(found)
            clock, warning = found
            if warning:
                warnings.append(warning)
    flags: list[Finding] = []
    stocked = lot_balance.stock(conn, lot.id) if unchanging is None else unchanging.stock(lot.id)
    over = _balance(conn, station, stocked, quantity, pending, subject)
    if over is not None:
        if over.severity is Severity.BLOCK:
            return LineMaterials(over)
        flags.append(over)
        warnings.append(over.message)
    return LineMaterials(None, accepted, clock, tuple(warnings), tuple(flags))


def _floor_life(
    conn: sqlite3.Connection,
    station: Station,
    spec: PartSpec,
    lot: Lot,
    carrier: str | None,
    at: datetime,
    subject: str,
) -> Finding | tuple[dict[str, Any], str | None]:
    carriers = [carrier] if carrier else store.lot_carriers(conn, lot.id)
    name = f"reel {carrier}" if carrier and carrier != lot.id else f"lot {lot.id}"
    if carrier and carrier != lot.id and not store.msd_events(conn, carrier):
        carriers = []
    if not carriers:
        return Finding(
            Rule.MSD_NOT_OPENED,
            f"MSL {spec.msl} {name} has no bag-open record: scan the opening of its dry pack "
            "before it is used (lineside msd open), or bake it if it was opened unrecorded",
            subject,
            template="msd-not-opened",
            args=(("pack", name), ("msl", str(spec.msl))),
        )
    described = name if carrier else f"lot {lot.id} (pack {carriers[0]})"
    try:
        clock = floor_life.read_clock(conn, carriers[0], described, spec, at)
    except MsdError as exc:
        return Finding(
            Rule.FLOOR_LIFE_EXCEEDED,
            f"the floor life of MSL {spec.msl} {name} cannot be judged: {exc}: ask quality",
            subject,
            template="floor-life-unknown",
            args=(("pack", name), ("msl", str(spec.msl))),
        )
    if clock is None:
        return Finding(
            Rule.MSD_NOT_OPENED,
            f"MSL {spec.msl} {name} has no bag-open record: scan the opening of its dry pack",
            subject,
            template="msd-not-opened",
            args=(("pack", name), ("msl", str(spec.msl))),
        )
    refusal = clock.refusal(spec)
    if refusal is not None:
        r = clock.result
        return Finding(
            Rule.FLOOR_LIFE_EXCEEDED,
            refusal,
            subject,
            template="floor-life-exceeded",
            args=(
                ("pack", name),
                ("msl", str(spec.msl)),
                ("opened", floor_life.local(clock.opened)),
                ("life", "" if r.floor_life_h is None else f"{r.floor_life_h:g} h"),
                ("over", floor_life.duration(r.exceeded_by_h or 0.0)),
            ),
        )
    remaining = clock.result.remaining_h
    limit = float(settings(station).get("msd_warning_h", DEFAULT_WARNING_H))
    warning = None
    if remaining is not None and remaining <= limit:
        warning = (
            f"MSL {spec.msl} {name}: {floor_life.duration(remaining)} of floor life left; "
            "plan to use it up or bake it"
        )
    content = clock.as_content()
    content["warned"] = warning is not None  # the record says the operator was warned
    return content, warning


def _balance(
    conn: sqlite3.Connection,
    station: Station,
    stocked: Balance | None,
    quantity: float,
    pending: float,
    subject: str,
) -> Finding | None:
    if stocked is None or stocked.received <= 0:
        return None  # a lot given no quantity has no balance to keep
    b = lot_balance.with_consumed(conn, stocked)
    available = b.received + b.adjusted - b.scrapped - b.returned
    wanted = b.consumed + pending + quantity
    if wanted <= available + 1e-9:
        return None
    policy = str(settings(station).get("lot_balance", "refuse"))
    severity = Severity.FLAG if policy == "flag" else Severity.BLOCK
    return Finding(
        Rule.LOT_BALANCE_EXCEEDED,
        f"lot {b.lot_id} holds {available:g} {b.unit} (received {b.received:g}, consumed "
        f"{b.consumed:g}, scrapped {b.scrapped:g}, returned {b.returned:g}, adjusted "
        f"{b.adjusted:+g}); this unit would take it to {wanted:g}: check the lot label, or ask "
        "the supervisor to correct the balance with a reason",
        subject,
        severity,
        template="lot-balance-exceeded",
        args=(
            ("lot", b.lot_id),
            ("available", f"{available:g}"),
            ("unit", b.unit),
            ("wanted", f"{wanted:g}"),
        ),
    )


def save_settings(
    conn: sqlite3.Connection,
    station: str,
    *,
    lot_balance: str,
    msd_warning_h: float,
    by: dict[str, Any],
    reason: str,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Sets a station's materials rules (a ``config`` row with a new configuration revision).

    Call in a write transaction.

    Raises:
        ValueError: no reason, no such station, a policy other than refuse/flag, a negative warning.
    """
    if not reason.strip():
        raise ValueError("say why the materials rules change: the reason is journalled with them")
    if lot_balance not in ("refuse", "flag"):
        raise ValueError(f"lot balance: choose refuse or flag, not {lot_balance!r}")
    if msd_warning_h < 0:
        raise ValueError("the floor-life warning is a number of hours, 0 or more")
    row = conn.execute(
        "SELECT settings, config_revision FROM stations WHERE id = ?", (station,)
    ).fetchone()
    if row is None:
        raise ValueError(f"station {station} is not known")
    settings = json.loads(row[0])
    old = settings.get("materials", {})
    new = {"lot_balance": lot_balance, "msd_warning_h": msd_warning_h}
    settings["materials"] = new
    revision = int(row[1]) + 1
    body = {
        "config": "station",
        "action": "materials",
        "by": by,
        "reason": reason.strip(),
        "changes": {"materials": {"from": old, "to": new}},
    }
    masterdata_write.write(
        conn,
        station,
        [
            Change(
                "stations",
                {"id": station},
                {"settings": json.dumps(settings), "config_revision": revision},
            )
        ],
        by=by,
        why=reason.strip(),
        kind="config",
        body=body,
        at=at,
    )
    return new
