"""Demo data made by the capture core: a line of three stations building N devices.

Everything a station would journal is journalled the way the station does it: the master data
through the master-data writer; instruments and their calibrations through
:mod:`app.store.instruments` (a technician recalibrates on schedule, one hygrometer once a day
late); each oven run's reflow profile as the profiler streams it, decoded by
:mod:`drivers.profile_stream` and recorded through :func:`app.store.profiles.record_profile`;
operators logging in and out at each shift; every label scanned through
:func:`app.codes.interpret.interpret` (reels by their supplier's ECIA label, the rest by our lot
label, devices by their GS1 UDI); every step judged by the station's own rules at its policy
(:mod:`app.capture.rules`, :func:`app.capture.records.judge`) and written by
:func:`app.capture.records.write`. A step the rules refuse writes the refusal and is done again
the way the line would (conditions recover, the oven is profiled again), so no record flagged for
a rule that blocks at its station exists. Units are written many to a transaction; what is
looked up once (a label's lot, a lot's check on a day) is remembered for the batch's sake only.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from app.capture import demo_receiving, line_materials, records, rules
from app.capture.demo_master import (
    DEMO_PASSWORD,
    PRODUCTS,
    STATIONS,
    SUPPLIER_PARTS,
    DemoPlan,
    Product,
    seed_master_data,
    smt_qualified,
)
from app.capture.events import ChecklistLine, Component
from app.capture.session import judge_environment
from app.capture.sources import FixedEnvironment, ProfileCheck
from app.capture.stored_profiles import profile_check
from app.codes import catalogue, mh10
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import Scan
from app.domain.clock import iso_ms
from app.domain.entry import EntryMethod
from app.domain.environment import Measurement, calibration_state
from app.domain.instruments import InstrumentConfig
from app.domain.masterdata import BomLine, Station, Step
from app.domain.parts import Fixed
from app.domain.profile import ThermalProfile
from app.domain.roles import Operator
from app.domain.verdict import Finding, Rule, Severity, Status, Verdict
from app.store import instruments, profiles
from app.store.database import write_transaction
from app.store.masterdata import MasterData
from drivers import profile_stream
from drivers.simulators.profiler import reflow_curves

__all__ = ["DEMO_PASSWORD", "PRODUCTS", "STATIONS", "SUPPLIER_PARTS", "DemoPlan", "build"]

BATCH_UNITS = 2_000
BULK_PRAGMAS = ("synchronous", "cache_size")
BULK_CACHE_KIB = -65_536  # 64 MiB of page cache while the units are built (negative: KiB)
BOARDS_PER_RUN = 100  # boards reflowed per profiled oven run (about 48 minutes)
FAILED_RUN_EVERY = 40  # every 40th run fails its profile; the oven is fixed and profiled again
SECONDS_PER_UNIT = 86_400 / 3000  # three shifts building ~3,000 devices a day
# Reels and trays arrive with the maker's ECIA label; the rest carry our lot label.
LABELLED = frozenset({"IC-MCU-32", "IC-PWR-5", "CAP-REEL-100N", "RES-REEL-10K", "BAT-LI-2S"})
# instrument id, station, driver, port, name (the ids `lineside demo` runs its simulators under)
INSTRUMENTS = [
    ("SMT-01-HMT330", "SMT-01", "vaisala", "/dev/ttyUSB0", "Vaisala HMT330, SMT hall"),
    ("SMT-01-O2", "SMT-01", "rapidox", "/dev/ttyUSB1", "Rapidox O₂ analyser, reflow oven"),
    ("FA-01-HMT330", "FA-01", "vaisala", "/dev/ttyUSB0", "Vaisala HMT330, final assembly 1"),
    ("FA-02-HMT330", "FA-02", "vaisala", "/dev/ttyUSB0", "Vaisala HMT330, final assembly 2"),
]
LATE_INSTRUMENT = "FA-02-HMT330"  # its recalibration comes a quarter day after it fell due
CALIBRATION_DAYS = 120


def build(
    conn: sqlite3.Connection,
    units: int,
    *,
    seed: int = 7,
    start: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoPlan:
    """Fills an empty station database with the demo line and ``units`` devices built on it.

    Each batch of units is one transaction, so an interrupted build leaves whole records only
    and a verifiable chain.

    Raises:
        ValueError: the database already holds master data.
    """
    if conn.execute("SELECT count(*) FROM stations").fetchone()[0]:
        raise ValueError(
            "this database already holds master data: demo data goes into a new database"
        )
    rng = random.Random(seed)
    span = timedelta(seconds=units * SECONDS_PER_UNIT)
    if start is None:  # production ends about a day ago, its middle at a midnight (UTC)
        ends = datetime.now(UTC) - timedelta(days=1)
        middle = datetime.combine((ends - span / 2).date(), datetime.min.time(), UTC)
        start = middle - span / 2
    plan = seed_master_data(conn, units, start, rng)
    line = _Line(conn, plan, rng, span)
    with write_transaction(conn):
        line.set_up_instruments()
    demo_receiving.inspect_lots(conn, plan)
    # Every lot is received and decided now; building units changes no spec, certificate,
    # receipt or movement, so the scans' checks read them once (consumption: at every scan).
    line.unchanging = line_materials.Unchanging(conn)
    done = 0
    wip = wip_boards(units)
    # Demo data only: the units' batches are not synced to disk one by one (a power cut during
    # the build can spoil the file; build it again); the checkpoint at the end syncs it all and
    # the connection goes back to the station's FULL. A larger page cache holds a batch's pages.
    synchronous, cache = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in BULK_PRAGMAS)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute(f"PRAGMA cache_size={BULK_CACHE_KIB}")
    try:
        while done < units + wip:
            batch = range(done, min(units + wip, done + BATCH_UNITS))
            with write_transaction(conn):
                for n in batch:
                    line.unit(n, built_in=n < units)
            done = batch.stop
            if progress:
                progress(min(done, units))
    finally:
        conn.execute(f"PRAGMA synchronous={int(synchronous)}")
        conn.execute(f"PRAGMA cache_size={int(cache)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return plan


def wip_boards(units: int) -> int:
    """How many boards a demo of ``units`` devices leaves reflowed but not yet built in."""
    return min(20, max(8, units // 50)) if units else 0


class _Line:
    """The line's state while the demo runs: who is logged in where, calibrations, oven runs."""

    def __init__(
        self, conn: sqlite3.Connection, plan: DemoPlan, rng: random.Random, span: timedelta
    ) -> None:
        self.conn, self.plan, self.rng = conn, plan, rng
        master = MasterData(conn)
        self.master = master
        self.stations: dict[str, Station] = {}
        for sid, *_ in STATIONS:
            found = master.station(sid)
            assert found is not None
            self.stations[sid] = found
        self.steps: dict[tuple[str, str], tuple[Step, list[BomLine]]] = {}
        for p in PRODUCTS:
            for code in ("S10", "S20"):
                step = master.step(p.part_number, code)
                assert step is not None
                self.steps[p.part_number, code] = (step, master.bom(p.part_number, code))
        self.devices = {p.di: master.device(p.di) for p in PRODUCTS}
        self.formats = {
            sid: CodeFormats.from_settings(st.settings) for sid, st in self.stations.items()
        }
        self.spec = profiles.choose_spec(conn, "SMT-01", None)
        self.span = span
        self.due: dict[str, date] = {}
        self.calibrations: list[tuple[datetime, str, date, date]] = []
        self.logged_in: dict[str, Operator] = {}
        self.last: dict[str, datetime] = {}
        self.labels_read: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.lots: dict[tuple[str, str, date, str], tuple[Component, dict[str, Any]]] = {}
        self.labels: dict[str, str] = {}
        self.run = 0
        self.boards_profiled = 0
        self.unchanging: line_materials.Unchanging | None = None

    # -- instruments ----------------------------------------------------------------------------
    def set_up_instruments(self) -> None:
        """The technician configures each station's instruments and enters their calibrations."""
        start = self.plan.start
        at = start - timedelta(days=30)
        for instrument, station, driver, port, name in INSTRUMENTS:
            config = InstrumentConfig(
                id=instrument,
                name=name,
                driver=driver,
                port=port,
                serial="4800 7E1" if driver == "vaisala" else "9600 8N1",
                poll_interval_s=2.0,
                stale_after_s=30.0,
            )
            instruments.save(self.conn, station, config, by="U3001", reason="line set up", at=at)
            performed = at.date()
            due = performed + timedelta(days=CALIBRATION_DAYS)
            late = min(timedelta(hours=6), max(timedelta(minutes=30), self.span / 4))
            if instrument == LATE_INSTRUMENT:
                # Falls due the day before the first midnight after the middle of production and
                # is recalibrated a while into that day: readings in between are overdue.
                due = (start + self.span / 2).date() - timedelta(days=1)
            self._calibrate(station, instrument, performed, due, at)
            while due < (start + self.span + timedelta(days=2)).date():
                when = datetime.combine(due, datetime.min.time(), UTC) - timedelta(days=2)
                if instrument == LATE_INSTRUMENT:
                    when += timedelta(days=3) + late
                self.calibrations.append((when, instrument, when.date(), due))
                due = when.date() + timedelta(days=CALIBRATION_DAYS)
        self.calibrations.sort()

    def _calibrate(
        self, station: str, instrument: str, performed: date, due: date, at: datetime
    ) -> None:
        instruments.add_calibration(
            self.conn,
            station,
            instrument,
            performed_on=performed,
            due_on=due,
            certificate=f"DKD-K-{performed:%Y%m%d}-{instrument}",  # the lab's certificate number
            performed_by="Tomas Weber",
            by="U3001",
            at=at,
        )
        self.due[instrument] = due
        self.last[station] = max(at, self.last.get(station, at))

    def _calibrations_until(self, station: str, at: datetime) -> None:
        while self.calibrations and self.calibrations[0][0] <= at:
            when, instrument, performed, _old_due = self.calibrations.pop(0)
            owner = next(i[1] for i in INSTRUMENTS if i[0] == instrument)
            if owner != station and self.last.get(owner, when) > when:
                # That station's chain is already past it: the entry lands at its next row.
                when = self.last[owner]
            self._calibrate(
                owner, instrument, performed, performed + timedelta(days=CALIBRATION_DAYS), when
            )

    def _measurements(self, station: str, at: datetime) -> FixedEnvironment:
        values = {
            "relative_humidity": ("%RH", self.rng.gauss(45, 5)),
            "temperature": ("°C", self.rng.gauss(22.5, 1.0)),
            "o2_ppm": ("ppm", abs(self.rng.gauss(420, 150))),
        }
        env = FixedEnvironment()
        for instrument, owner, _driver, _port, _name in INSTRUMENTS:
            if owner != station:
                continue
            quantities = ("o2_ppm",) if "O2" in instrument else ("relative_humidity", "temperature")
            for q in quantities:
                unit, value = values[q]
                read_at = at - timedelta(seconds=round(self.rng.uniform(0.5, 8), 3))
                due = self.due.get(instrument)
                env.update(
                    Measurement(
                        instrument,
                        q,
                        round(value, 1),
                        unit,
                        read_at,
                        calibration_state(due, read_at.date(), instruments.WARN_DAYS),
                        due,
                    )
                )
        return env

    # -- people ---------------------------------------------------------------------------------
    def _operator(self, station: str, product: Product, step: Step, at: datetime) -> Operator:
        shift = (at.hour // 8) % 3
        crew = self.plan.badges[shift * 4 : shift * 4 + 4]  # four operators a shift
        smt = next(b for b in crew if smt_qualified(b))
        if station == "SMT-01":
            badge = smt
        else:  # the other three rotate over the two final assembly stations every half hour
            others = [b for b in crew if b != smt]
            turn = at.hour * 2 + at.minute // 30 + (0 if station == "FA-01" else 1)
            badge = others[turn % len(others)]
        current = self.logged_in.get(station)
        if current is not None and current.badge == badge:
            return current
        operator = self.master.operator_by_badge(badge)
        assert operator is not None and not rules.check_operator(operator, badge, step.code)
        base = self._base(station, current, product, step)
        if current is not None:
            at_out = self._time(station, at)
            records.write(
                self.conn,
                station,
                "logout",
                {**base, "reason": "end of shift", "discarded": []},
                at=at_out,
            )
        base["operator"] = operator.as_content()
        body = {**base, "method": "badge", "access": {"user_id": operator.user_id}}
        records.write(self.conn, station, "login", body, at=self._time(station, at))
        self.logged_in[station] = operator
        return operator

    def _base(
        self, station: str, operator: Operator | None, product: Product, step: Step
    ) -> dict[str, Any]:
        wo = self.plan.work_orders[product.part_number]
        return records.base_content(
            self.stations[station], operator, wo, step, product.part_number, "demo-data"
        )

    def _time(self, station: str, wanted: datetime) -> datetime:
        """``wanted``, or just after the station's previous row: a chain's time never goes back."""
        at = max(wanted, self.last.get(station, wanted) + timedelta(milliseconds=1))
        self.last[station] = at
        return at

    # -- scans ----------------------------------------------------------------------------------
    def _lot_label(self, lot_id: str) -> str:
        text = self.labels.get(lot_id)
        if text is None:
            lot = self.master.lot(lot_id)
            assert lot is not None
            if lot.part_number in LABELLED:
                text = mh10.compose(
                    [
                        ("1P", SUPPLIER_PARTS[lot.part_number]),
                        ("Q", "5000"),
                        ("10D", (lot.received_on or self.plan.start.date()).strftime("%y%W")),
                        ("1T", lot.supplier_lot or ""),
                        ("4L", "JP"),
                    ]
                )
            else:
                text = lot_id
            self.labels[lot_id] = text
        return text

    def _component(
        self, station: str, text: str, bom: list[BomLine], at: datetime
    ) -> tuple[Component, dict[str, Any], tuple[Finding, ...]]:
        """The lot a label stands for, checked at ``at`` as the station's scan checks it (lot
        rules, certificate acceptance, floor life, lot balance), its entry in a record and the
        flags it raises."""
        label_key = (station, text)
        looked = self.labels_read.get(label_key)
        if looked is None:
            scan = interpret(text, EntryMethod.KEYBOARD_WEDGE, self.formats[station])
            supplier_part = None
            label = scan.supplier_label
            if label is not None:
                parts = tuple(p for p in (label.manufacturer_part, label.first("P", "30P")) if p)
                lot, supplier_part, _why = self.master.lot_by_supplier_label(
                    parts, label.lot, label.package_id
                )
            else:
                lot = self.master.lot(scan.value)
            assert lot is not None, f"demo data scanned an unknown lot: {text}"
            line = next(b for b in bom if b.part_number == lot.part_number)
            looked = (scan, lot, line, self.master.certificate(lot.id), supplier_part)
            self.labels_read[label_key] = looked
        scan, lot, line, certificate, supplier_part = looked
        label = scan.supplier_label
        checked = line_materials.check(
            self.conn,
            self.stations[station],
            lot,
            None if label is None else label.package_id,
            line.quantity,
            0.0,
            at,
            lot.id,
            self.unchanging,
        )
        if checked.finding is not None:
            raise AssertionError(f"demo data scanned an unusable lot: {checked.finding.message}")
        key = (station, text, at.date(), repr((checked.acceptance, checked.floor_life)))
        found = self.lots.get(key)
        if found is None or found[0].warnings != checked.warnings:
            problems = rules.check_lot(
                lot,
                lot.id,
                certificate,
                line,
                at.date(),
                certificate_checked=checked.acceptance is not None,
            )
            if problems:
                raise AssertionError(f"demo data scanned an unusable lot: {problems[0].message}")
            component = Component(
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
            )
            # One entry object for the day's units: its shared part is cut once (Fixed).
            found = (component, Fixed(component.as_content()))
            if len(self.lots) > 4 * len(STATIONS) * 64:  # days gone by are not scanned again
                yesterday = at.date() - timedelta(days=1)
                self.lots = {k: v for k, v in self.lots.items() if k[2] >= yesterday}
            self.lots[key] = found
        return found[0], found[1], checked.flags

    # -- a unit ---------------------------------------------------------------------------------
    def unit(self, n: int, *, built_in: bool) -> None:
        """Reflows board ``n`` at SMT-01 and, unless it stays in progress, builds its device."""
        product = PRODUCTS[0] if n % 4 else PRODUCTS[1]
        at = self.plan.start + timedelta(seconds=n * SECONDS_PER_UNIT + self.rng.uniform(0, 2))
        board = f"PCB-{product.pcb[5:]}-{n + 1:07d}"
        if n >= self.boards_profiled:
            self._oven_run(n, at)
        self._step("SMT-01", product, "S10", at, n, board, self._board_scan(board))
        if not built_in:
            return
        final_at = at + timedelta(minutes=25)
        station = "FA-01" if n % 2 else "FA-02"
        serial = f"SN-{product.part_number}-{n + 1:07d}"
        made = final_at.date()
        expiry = made + timedelta(days=5 * 365)
        text = f"]d201{product.di}11{made:%y%m%d}17{expiry:%y%m%d}10B{made:%y%m%d}\x1d21{serial}"
        udi = interpret(text, EntryMethod.KEYBOARD_WEDGE, self.formats[station])
        self._step(station, product, "S20", final_at, n, serial, udi, board)

    def _board_scan(self, board: str) -> Scan:
        return interpret(board, EntryMethod.KEYBOARD_WEDGE, self.formats["SMT-01"])

    def _step(
        self,
        station: str,
        product: Product,
        code: str,
        at: datetime,
        n: int,
        serial: str,
        unit: Scan,
        board: str | None = None,
    ) -> None:
        step, bom = self.steps[product.part_number, code]
        self._calibrations_until(station, at)
        operator = self._operator(station, product, step, at)
        lots = self.plan.lots
        progress = n / max(self.plan.units, 1)
        components: list[Component] = []
        contents: list[dict[str, Any]] = []
        scan_flags: list[Finding] = []  # what the scans flagged (a lot over its balance)
        for line in bom:
            if line.part_number == product.pcb and board is not None:
                scan = interpret(board, EntryMethod.KEYBOARD_WEDGE, self.formats[station])
                sub = Component(board, "unit", line.part_number, 1.0, scan)
                components.append(sub)
                contents.append(sub.as_content())
                continue
            ids = lots[line.part_number]
            lot = ids[min(len(ids) - 1, int(progress * len(ids)))]
            component, content, flags = self._component(station, self._lot_label(lot), bom, at)
            components.append(component)
            contents.append(content)
            scan_flags += flags
        unit_findings: list[Finding] = []
        device = self.devices.get(unit.udi.di) if unit.udi else None
        if device is not None and unit.udi is not None:
            action = rules.severity(self.stations[station], "udi", default=Severity.FLAG)
            unit_findings = [
                Finding(Rule.UDI_PI_MISMATCH, f"{f.reason}: check the label", unit.value, action)
                for f in catalogue.check_udi(unit.udi, catalogue.Catalogue([device]))
            ]
        unit_findings += scan_flags
        checklist = [
            ChecklistLine(b, tuple(c for c in components if c.part_number == b.part_number))
            for b in bom
        ]
        for _attempt in range(10):
            at = self._time(station, at)
            environment = judge_environment(step, self._measurements(station, at), at)
            profile = self._profile(serial) if step.requires_profile else None
            verdict = records.judge(
                self.stations[station], step, checklist, environment, unit_findings, profile, serial
            )
            base = self._base(station, operator, product, step)
            if verdict.status is not Status.REFUSED:
                content = records.assembly_content(
                    base, unit, serial, contents, environment, profile, verdict
                )
                records.write(self.conn, station, "assembly", content, at=at)
                return
            summary = records.refused_summary(verdict)
            body = {
                **base,
                "finding": summary.as_content(),
                "verdict": verdict.as_content(),
                "unit": serial,
            }
            records.write(self.conn, station, "refusal", body, at=at)
            at = at + timedelta(minutes=3)
            if any(f.rule is Rule.PROFILE_FAILED for f in verdict.blocking):
                # The oven is corrected and profiled again for the boards of the failed run.
                self._oven_run(n, at, again=True)
                at += timedelta(minutes=12)
        raise AssertionError(f"demo unit {serial} refused ten times at {station}")

    def _profile(self, board: str) -> ProfileCheck | None:
        found = profiles.latest_for(self.conn, board)
        return None if found is None else profile_check(found)

    # -- the oven -------------------------------------------------------------------------------
    def _oven_run(self, n: int, at: datetime, *, again: bool = False) -> None:
        """Profiles the oven run that reflows boards ``n`` on (the profiler rides along)."""
        first = n if again else self.boards_profiled
        count = BOARDS_PER_RUN if not again else self.boards_profiled - n
        boards = [
            f"PCB-{(PRODUCTS[0] if k % 4 else PRODUCTS[1]).pcb[5:]}-{k + 1:07d}"
            for k in range(first, first + count)
        ]
        if not again:
            self.boards_profiled = first + count
        self.run += 1
        failing = not again and self.run % FAILED_RUN_EVERY == 3
        times, temps = reflow_curves(rate_hz=1.0, seed=self.run)
        if failing:  # a heater zone fell back: every thermocouple peaks some 15 °C low
            temps = np.round(25.0 + (temps - 25.0) * 0.93, 1)
        started = at - timedelta(minutes=9)
        rid = f"R{self.run:06d}"
        names = [f"TC{i + 1}" for i in range(temps.shape[1])]
        lines = [profile_stream.frame(",".join(("RUN", rid, iso_ms(started), *names)))]
        lines += [profile_stream.frame(f"ID,board,{b}") for b in boards]
        lines += [
            profile_stream.frame(f"ID,recipe,{PRODUCTS[0].pcb}-N2"),
            profile_stream.frame("ID,oven,Heller 1913 MK5 (SMT-01)"),
        ]
        lines += [
            profile_stream.frame(",".join(("S", f"{t:.1f}", *(f"{v:.1f}" for v in row))))
            for t, row in zip(times, temps, strict=True)
        ]
        lines.append(profile_stream.frame(f"END,{rid},{len(times)}"))
        (streamed,) = profile_stream.profiles_from_transcript(b"".join(lines), "SMT-01-KIC")
        curve: ThermalProfile = streamed.profile()
        profiles.record_profile(
            self.conn,
            station="SMT-01",
            profile=curve,
            spec=self.spec,
            boards=streamed.boards,
            recipe=streamed.recipe,
            oven=streamed.oven,
            instrument="SMT-01-KIC",
            source="profile-stream",
            at=self._time("SMT-01", at - timedelta(minutes=1)),
        )


def first_day(plan: DemoPlan) -> date:
    """The first production day of the demo data."""
    return plan.start.date()


def unbuilt_board(conn: sqlite3.Connection, product: str) -> str | None:
    """A demo board (the PCB step ``S10`` of ``product``) not yet built into a unit, if any is left."""
    row = conn.execute(
        "SELECT unit_serial FROM assemblies WHERE step = 'S10' AND product = ? AND "
        "unit_serial NOT IN (SELECT component FROM components WHERE kind = 'unit') LIMIT 1",
        (product,),
    ).fetchone()
    return None if row is None else str(row[0])


def quarantined_lot(conn: sqlite3.Connection, part_number: str) -> str | None:
    """A quarantined demo lot of ``part_number`` (to show a refusal), if any."""
    row = conn.execute(
        "SELECT id FROM lots WHERE status = 'quarantined' AND part_number = ? LIMIT 1",
        (part_number,),
    ).fetchone()
    return None if row is None else str(row[0])


def verdict_of(content: dict[str, Any]) -> Verdict:
    """The verdict a record states, as the rules' objects (for checks that re-run the rules)."""
    return Verdict(
        tuple(
            Finding(Rule(f["rule"]), f["message"], f["subject"], Severity(f["severity"]))
            for f in content["verdict"]["findings"]
        )
    )
