"""Scan handling of the capture session: what each scanned code means for the unit being assembled.

A scan is a badge (log-in), a work order or step (assignment), the unit (its serial or UDI) or a
component (a lot or a subassembly serial) checked against the step's bill of materials, the
unit's history and the station's rules. ``ScanHandling`` is the half of :class:`CaptureSession`
that does this; the session supplies the state and the journalling of refusals.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.capture import line_materials, rules
from app.capture.events import CaptureRefused, Component, Event
from app.codes import catalogue, layouts
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, Scan, ScanKind
from app.codes.separators import Separators
from app.domain.confirm import PlantCheck
from app.domain.entry import EntryMethod
from app.domain.masterdata import BomLine, Lot, Station, Step
from app.domain.roles import Operator
from app.domain.verdict import Finding, Rule, Severity
from app.store import genealogy, wip
from app.store.masterdata import MasterData
from app.store.station_store import StationStore


class ScanHandling(ABC):
    """Turns scans into the unit and components of the current step, or refusals that say why."""

    # The session's state and services this half works on (set by CaptureSession.__init__).
    store: StationStore
    station: Station
    formats: CodeFormats
    separators: dict[EntryMethod, Separators]
    layout_mismatch: layouts.Mismatch | None
    clock: Callable[[], datetime]
    operator: Operator | None
    work_order: str | None
    product: str | None
    step: Step | None
    bom: list[BomLine]
    unit: Scan | None
    unit_serial: str | None
    components: list[Component]
    unit_findings: list[Finding]
    plant: PlantCheck | None

    @property
    @abstractmethod
    def master(self) -> MasterData:
        """Master data through this thread's reader."""

    @abstractmethod
    def _refuse(self, finding: Finding, scan: Scan | None = None) -> CaptureRefused:
        """Journals a refusal, tells listeners, returns the exception to raise."""

    @abstractmethod
    def _emit(self, event: Event) -> Event:
        """Tells every listener of ``event`` (with the session's view)."""

    @abstractmethod
    def login_badge(self, badge: str) -> Operator:
        """Logs in the operator carrying ``badge``."""

    @abstractmethod
    def assign(self, work_order: str, step_code: str) -> None:
        """Sets the work order and step."""

    def scan(
        self,
        text: str,
        entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE,
        separators: Separators | None = None,
    ) -> Event:
        """Handles one scan wherever it came from; returns the accepted event or raises CaptureRefused."""
        wedge = entry is EntryMethod.KEYBOARD_WEDGE
        if wedge and self.layout_mismatch is not None:
            raise self._refuse(
                Finding(
                    Rule.KEYBOARD_LAYOUT,
                    self.layout_mismatch.message,
                    _shown(text),
                    template="keyboard-layout",
                )
            )
        try:
            scan = interpret(
                text,
                entry,
                self.formats,
                separators=separators or self.separators.get(entry, Separators()),
            )
        except CodeError as exc:
            mismatch = layouts.diagnose_scan(text, self._reads) if wedge else None
            if mismatch is not None:  # refused as what it is, never misread
                raise self._refuse(
                    Finding(
                        Rule.KEYBOARD_LAYOUT,
                        mismatch.message,
                        _shown(text),
                        template="keyboard-layout",
                    )
                ) from None
            unknown = exc.rule == "unknown-format"
            raise self._refuse(
                Finding(
                    Rule.SCAN_INVALID,
                    f"unreadable scan: {exc.message}",
                    _shown(text),
                    template="scan-unknown-format" if unknown else "scan-unreadable",
                    args=(("text", _shown(text)), ("rule", exc.rule)),
                )
            ) from None
        if scan.kind is ScanKind.BADGE:
            operator = self.login_badge(scan.value)
            return Event("login", f"{operator.name} logged in")
        if self.operator is None:
            raise self._refuse(
                Finding(
                    Rule.NOT_LOGGED_IN,
                    "nobody is logged in: scan your badge first",
                    scan.value,
                    template="not-logged-in",
                ),
                scan,
            )
        if (
            scan.entry is EntryMethod.TYPED
            and self.formats.forbid_typed
            and scan.kind in (ScanKind.UDI, ScanKind.LOT, ScanKind.SUPPLIER_LABEL)
        ):
            raise self._refuse(
                Finding(
                    Rule.TYPED_ENTRY_FORBIDDEN,
                    "this station accepts UDIs and lots only from a scanner: scan the label",
                    scan.value,
                    template="typed-entry-forbidden",
                ),
                scan,
            )
        if scan.kind is ScanKind.WORK_ORDER:
            self.assign(scan.value, self.step.code if self.step else (self.station.step_code or ""))
            return Event("assignment", f"work order {scan.value}")
        if scan.kind is ScanKind.STEP:
            if self.work_order is None:
                raise self._refuse(
                    Finding(Rule.STEP_UNKNOWN, "scan the work order before the step", scan.value),
                    scan,
                )
            self.assign(self.work_order, scan.value.removeprefix("STEP-"))
            return Event("assignment", f"step {scan.value}")
        if self.step is None or self.product is None:
            raise self._refuse(
                Finding(
                    Rule.STEP_UNKNOWN,
                    "no work order and step set: scan the work order",
                    scan.value,
                    template="no-work-order",
                ),
                scan,
            )
        if scan.kind is ScanKind.LOT:
            return self._add_lot(scan, scan.value)
        if scan.kind is ScanKind.SUPPLIER_LABEL:
            return self._supplier_label(scan)
        if scan.kind is ScanKind.UDI:
            return self._udi(scan)
        return self._serial(scan, scan.value, None)

    def _udi(self, scan: Scan) -> Event:
        assert scan.udi is not None and self.step is not None
        udi = scan.udi
        device = self.master.device(udi.di)
        if device is not None and device.get("part_number") == self.step.output_part:
            return self._set_unit(scan, udi.serial, udi.di, device)
        part = self.master.part_by_gtin(udi.di)
        if part is not None and udi.serial and not udi.lot:
            return self._serial(scan, udi.serial, part)
        if part is not None and udi.lot:
            lot = self.master.lot_by_supplier_lot(udi.di, udi.lot)
            return self._add_lot(scan, lot.id if lot else udi.lot, lot_found=lot)
        if device is None and part is None:
            raise self._refuse(
                Finding(
                    Rule.UDI_NOT_IN_CATALOGUE,
                    f"device identifier {udi.di} is neither in "
                    "this station's device catalogue nor a known part: check the label",
                    udi.hrf,
                ),
                scan,
            )
        raise self._refuse(
            Finding(
                Rule.UNIT_DI_MISMATCH,
                f"device identifier {udi.di} is not the {self.step.output_part} this step builds",
                udi.hrf,
            ),
            scan,
        )

    def _serial(self, scan: Scan, serial: str, part: str | None) -> Event:
        assert self.step is not None
        history = wip.unit_steps(self.store.reader, serial)
        built = {h.product for h in history} | {
            self.master_output(h.product, h.step) for h in history
        }
        bom_parts = {
            line.part_number for line in self.bom if line.kind in ("subassembly", "device")
        }
        on_bom = built & bom_parts or (part in bom_parts if part else False)
        if on_bom or (self.unit_serial is not None and serial != self.unit_serial):
            return self._add_subassembly(scan, serial, history, bom_parts)
        return self._set_unit(scan, serial, None, None)

    def _refuse_held(self, scan: Scan, serial: str) -> None:
        """A unit or subassembly held or scrapped by a signed disposition, at this station or
        anywhere on the line, goes no further."""
        state = wip.product_status(self.store.reader, serial)
        if state.usable:
            return
        where = f" at station {state.station}" if state.station else ""
        raise self._refuse(
            Finding(
                Rule.UNIT_HELD,
                f"{serial} is {state.status}: {state.status} by {state.by or 'a supervisor'}"
                f"{where} on {str(state.at)[:16].replace('T', ' ')} UTC: {state.reason or ''}".rstrip(
                    ": "
                ),
                serial,
            ),
            scan,
        )

    def master_output(self, product: str, step: str) -> str:
        """The part a step of a product turns out."""
        found = self.master.step(product, step)
        return found.output_part if found else product

    def _set_unit(
        self, scan: Scan, serial: str | None, di: str | None, device: dict[str, Any] | None
    ) -> Event:
        assert self.step is not None
        if not serial:
            raise self._refuse(
                Finding(
                    Rule.UDI_PI_MISMATCH,
                    "this UDI carries no serial number, but this step "
                    "records serialised units: scan the unit's serial label",
                    scan.value,
                ),
                scan,
            )
        self._refuse_held(scan, serial)
        findings: list[Finding] = []
        if device is not None and scan.udi is not None:
            # A label that does not match its DI's declared controls is recorded with a flag
            # (or refused, where the station says so).
            action = rules.severity(self.station, "udi", default=Severity.FLAG)
            findings = [
                Finding(Rule.UDI_PI_MISMATCH, f"{f.reason}: check the label", scan.value, action)
                for f in catalogue.check_udi(scan.udi, catalogue.Catalogue([device]))
            ]
            if any(f.severity is Severity.BLOCK for f in findings):
                raise self._refuse(findings[0], scan)
        for done in wip.unit_steps(self.store.reader, serial):
            if di and done.di and done.di != di:
                raise self._refuse(
                    Finding(
                        Rule.UNIT_DI_MISMATCH,
                        f"serial {serial} was recorded with device "
                        f"identifier {done.di}, not {di}: the label does not belong to this "
                        "unit",
                        scan.value,
                    ),
                    scan,
                )
            if done.step == self.step.code:
                raise self._refuse(
                    Finding(
                        Rule.UNIT_ALREADY_RECORDED,
                        f"unit {serial} was already recorded at "
                        f"step {done.step} by station "
                        f"{wip.station_of(self.store.reader, done.record_key)} "
                        f"(record {done.record_key}): correct that record instead",
                        scan.value,
                    ),
                    scan,
                )
        if self.unit_serial is not None and self.unit_serial != serial:
            raise self._refuse(
                Finding(
                    Rule.UNIT_ALREADY_RECORDED,
                    f"unit {self.unit_serial} is already being "
                    f"assembled; finish or clear it before scanning {serial}",
                    serial,
                    template="unit-in-progress",
                    args=(("unit", str(self.unit_serial)), ("serial", serial)),
                ),
                scan,
            )
        self.unit, self.unit_serial, self.unit_findings = scan, serial, findings
        return self._emit(
            Event("unit", f"unit {serial} accepted", data={"serial": serial, "di": di})
        )

    def _add_subassembly(
        self, scan: Scan, serial: str, history: list[genealogy.UnitStep], bom_parts: set[str]
    ) -> Event:
        if not history:
            return self._add_unseen(scan, serial)
        self._refuse_held(scan, serial)
        produced = {self.master_output(h.product, h.step) for h in history}
        part = next(iter(produced & bom_parts), None)
        if part is None:
            raise self._refuse(
                Finding(
                    Rule.NOT_ON_BOM,
                    f"{serial} is a {', '.join(sorted(produced))}, which this step does not use",
                    serial,
                    template="subassembly-not-on-bom",
                    args=(("serial", serial), ("part", ", ".join(sorted(produced)))),
                ),
                scan,
            )
        hold = wip.hold_on(self.store.reader, serial)
        if hold is not None:
            raise self._refuse(
                Finding(
                    Rule.SUBASSEMBLY_HELD,
                    f"{serial} is on hold: {hold.reason} (by {hold.by}); it may not be used",
                    serial,
                ),
                scan,
            )
        use = wip.consumed_by(self.store.reader, serial)
        if use is not None:
            raise self._refuse(
                Finding(
                    Rule.SUBASSEMBLY_CONSUMED,
                    f"{serial} was already built into {use.parent} at station {use.station} "
                    f"(record {use.record_key}): a subassembly goes into one unit only",
                    serial,
                ),
                scan,
            )
        line = next(b for b in self.bom if b.part_number == part)
        return self._add(Component(serial, "unit", part, 1.0, scan), line)

    def _reads(self, text: str) -> bool:
        """Whether this station reads ``text`` (the layout diagnosis tries re-mapped scans)."""
        try:
            interpret(text, EntryMethod.KEYBOARD_WEDGE, self.formats)
        except CodeError:
            return False
        return True

    def _supplier_label(self, scan: Scan) -> Event:
        """A reel's supplier label: the plant lot it was received as, or 'receive it first'."""
        label = scan.supplier_label
        assert label is not None
        parts = tuple(p for p in (label.manufacturer_part, label.first("P", "30P")) if p)
        lot, supplier_part, why = self.master.lot_by_supplier_label(
            parts, label.lot, label.package_id
        )
        if lot is None:
            raise self._refuse(
                Finding(
                    Rule.REEL_NOT_RECEIVED,
                    f"this reel was never received here ({why}): receive it first, then scan its "
                    f"plant lot label. The supplier label says: {label.describe()}",
                    label.lot or label.package_id or label.manufacturer_part or "",
                ),
                scan,
            )
        return self._add_lot(scan, lot.id, lot_found=lot, supplier_part=supplier_part)

    def _add_lot(
        self,
        scan: Scan,
        lot_id: str,
        lot_found: Lot | None = None,
        supplier_part: str | None = None,
    ) -> Event:
        lot = lot_found or self.master.lot(lot_id)
        line = (
            None
            if lot is None
            else next((b for b in self.bom if b.part_number == lot.part_number), None)
        )
        certificate = None if lot is None else self.master.certificate(lot.id)
        at = self.clock()
        checked = None
        if lot is not None and line is not None:
            # Certificate acceptance, floor life and lot balance (app/capture/line_materials.py).
            label = scan.supplier_label
            pending = sum(c.quantity for c in self.components if c.id == lot.id)
            checked = line_materials.check(
                self.store.reader,
                self.station,
                lot,
                None if label is None else label.package_id,
                line.quantity,
                pending,
                at,
                lot_id,
            )
            if checked.finding is not None:
                raise self._refuse(checked.finding, scan)
        findings = rules.check_lot(
            lot,
            lot_id,
            certificate,
            line,
            at.date(),
            certificate_checked=checked is not None and checked.acceptance is not None,
        )
        if findings:
            raise self._refuse(findings[0], scan)
        assert lot is not None and line is not None and checked is not None
        self.unit_findings = [*self.unit_findings, *checked.flags]
        return self._add(
            Component(
                lot.id,
                "lot",
                lot.part_number,
                line.quantity,
                scan,
                lot,
                certificate,
                supplier_part,
                checked.acceptance,
                checked.floor_life,
                checked.warnings,
            ),
            line,
        )

    def _add_unseen(self, scan: Scan, serial: str) -> Event:
        """A subassembly this station has no record of: refused, unless the plant cannot be asked
        and the station's ``unseen`` rule says flag (it may have been recorded upstream since the
        last pull); then it fills the one open subassembly line and the record is flagged."""
        known = Finding(
            Rule.SUBASSEMBLY_UNKNOWN,
            f"subassembly {serial} has no record at this line: it must be built and recorded "
            "before it is used",
            serial,
            template="subassembly-unknown",
            args=(("serial", serial),),
        )
        if self.plant is None or self.plant.reachable():
            raise self._refuse(known, scan)
        if rules.severity(self.station, "unseen", default=Severity.FLAG) is Severity.BLOCK:
            raise self._refuse(
                Finding(
                    Rule.SUBASSEMBLY_UNKNOWN,
                    f"subassembly {serial} has no record at this station and the plant cannot be "
                    "asked: this station builds in only subassemblies it has seen; wait for the "
                    "plant or put the unit aside",
                    serial,
                    template="subassembly-unseen",
                    args=(("serial", serial),),
                ),
                scan,
            )
        open_lines = [
            line
            for line in self.bom
            if line.kind in ("subassembly", "device")
            and sum(c.quantity for c in self.components if c.part_number == line.part_number)
            < line.quantity
        ]
        if len(open_lines) != 1:
            raise self._refuse(known, scan)
        line = open_lines[0]
        return self._add(Component(serial, "unit", line.part_number, 1.0, scan), line)

    def unseen_findings(self) -> list[Finding]:
        """A flag for each subassembly built in that this station has no record of (offline)."""
        return [
            Finding(
                Rule.SUBASSEMBLY_UNSEEN,
                f"subassembly {c.id} was built in while the plant could not be asked and this "
                "station had no record of it: check that it was built and recorded upstream",
                c.id,
                Severity.FLAG,
            )
            for c in self.components
            if c.kind == "unit" and not wip.unit_steps(self.store.reader, c.id)
        ]

    def _add(self, component: Component, line: BomLine) -> Event:
        if any(c.id == component.id for c in self.components):
            raise self._refuse(
                Finding(
                    Rule.SCANNED_TWICE,
                    f"{component.id} was already scanned for this unit",
                    component.id,
                    template="scanned-twice",
                    args=(("id", component.id),),
                ),
                component.scan,
            )
        have = sum(c.quantity for c in self.components if c.part_number == line.part_number)
        if have >= line.quantity:
            raise self._refuse(
                Finding(
                    Rule.SCANNED_TWICE,
                    f"{line.part_number} ({line.description}) is "
                    f"already complete with {have:g}: remove the earlier scan to replace it",
                    component.id,
                    template="line-complete",
                    args=(
                        ("part", line.part_number),
                        ("description", line.description),
                        ("quantity", f"{have:g}"),
                    ),
                ),
                component.scan,
            )
        self.components.append(component)
        warned = "".join(f" — {w}" for w in component.warnings)
        return self._emit(
            Event(
                "component",
                f"{line.description}: {component.id} accepted{warned}",
                data={
                    "id": component.id,
                    "part_number": component.part_number,
                    "description": line.description,
                    "warnings": list(component.warnings),
                    # What a screen needs to say the warnings in the reader's language.
                    "floor_life": component.floor_life,
                },
            )
        )


def _shown(text: str) -> str:
    return text.replace("\x1d", "<GS>")
