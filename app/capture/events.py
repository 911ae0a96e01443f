"""What the capture session hands out: refusals, events, committed records and immutable views.

Everything here is frozen and built from tuples, so a screen on another thread can hold and show
it while the session worker moves on (the session itself is not thread-safe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.codes.formats import CodeFormats
from app.codes.scan import Scan
from app.domain.masterdata import BomLine, Certificate, Lot, Step
from app.domain.roles import Operator
from app.domain.verdict import Finding, Verdict


class CaptureRefused(Exception):
    """A scan or a commit that the rules refuse; ``finding`` names the rule and the offending scan."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


class PinRequired(CaptureRefused):
    """A badge was scanned at a station that asks for a PIN: the PIN must follow."""


@dataclass(frozen=True)
class Component:
    """A scanned component of the current step: a lot or a subassembly serial."""

    id: str
    kind: str
    part_number: str
    quantity: float
    scan: Scan
    lot: Lot | None = None
    certificate: Certificate | None = None
    supplier_part: str | None = None
    # The certificate kind and signed receiving decision the lot was used under (None: the
    # part has no materials spec), and a moisture-sensitive pack's floor-life clock.
    acceptance: dict[str, Any] | None = None
    floor_life: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()

    def as_content(self) -> dict[str, Any]:
        """The component as bound into a record (a reel scanned by its supplier label adds what
        the label says: supplier part, date code, package id)."""
        label = self.scan.supplier_label
        extra: dict[str, Any] = {} if self.floor_life is None else {"floor_life": self.floor_life}
        return {
            **extra,
            "acceptance": self.acceptance,
            "id": self.id,
            "kind": self.kind,
            "part_number": self.part_number,
            "quantity": self.quantity,
            "supplier": None if self.lot is None else self.lot.supplier_id,
            "supplier_lot": None if self.lot is None else self.lot.supplier_lot,
            "supplier_part": self.supplier_part,
            "date_code": None if label is None else label.date_code,
            "package_id": None if label is None else label.package_id,
            "certificate": None if self.certificate is None else self.certificate.as_content(),
            "scan": self.scan.as_content(),
        }


@dataclass(frozen=True)
class ChecklistLine:
    """One line of the step's bill of materials and what was scanned for it."""

    bom: BomLine
    scanned: tuple[Component, ...]

    @property
    def complete(self) -> bool:
        """Whether enough was scanned for this line."""
        return sum(c.quantity for c in self.scanned) >= self.bom.quantity


@dataclass(frozen=True)
class Event:
    """Something that happened in the session, for whoever shows it (UI, CLI, log)."""

    kind: str  # login, logout, assignment, unit, component, removed, refused, committed
    message: str
    accepted: bool = True
    finding: Finding | None = None
    data: dict[str, Any] = field(default_factory=dict)
    view: SessionView | None = None  # the session right after the event (set by the session)


@dataclass(frozen=True)
class Committed:
    """A record that landed in the journal."""

    key: str
    verdict: Verdict
    content: dict[str, Any]


@dataclass(frozen=True)
class SessionView:
    """The session as it was when an event happened: what the screens show, frozen.

    Screens render from the view an event carries and never from the live session, which the
    session worker changes under them.
    """

    station_id: str
    station_name: str
    line_id: str | None = None
    operator: Operator | None = None
    work_order: str | None = None
    product: str | None = None
    step: Step | None = None
    unit_serial: str | None = None
    checklist: tuple[ChecklistLine, ...] = ()
    components: tuple[Component, ...] = ()
    formats: CodeFormats = field(default_factory=CodeFormats)  # what a scanned code identifies

    @property
    def complete(self) -> bool:
        """Whether a unit is scanned and every checklist line is complete (ready to commit)."""
        return self.unit_serial is not None and all(line.complete for line in self.checklist)

    @property
    def left(self) -> int:
        """Checklist lines still to scan."""
        return sum(1 for line in self.checklist if not line.complete)
