"""The station session: who is working, on what, the scans so far, and the commit of a record."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app import __version__
from app.capture import rules
from app.capture.events import (
    CaptureRefused,
    ChecklistLine,
    Committed,
    Component,
    Event,
    SessionView,
)
from app.capture.scanning import ScanHandling
from app.capture.sources import (
    EnvironmentProvider,
    NoInstruments,
    NoProfiles,
    ProfileCheck,
    ProfileSource,
)
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import Scan
from app.codes.separators import Separators
from app.domain.clock import clock_source, utc_now
from app.domain.entry import EntryMethod
from app.domain.environment import EnvValue, assess
from app.domain.masterdata import BomLine, Station, Step
from app.domain.roles import Operator
from app.domain.verdict import Finding, Rule, Severity, Status, Verdict
from app.store import journal, projection
from app.store.masterdata import MasterData
from app.store.passwords import check_password
from app.store.station_store import StationStore


def judge_environment(
    step: Step | None, provider: EnvironmentProvider, now: datetime
) -> list[EnvValue]:
    """Each environmental value ``step`` requires, with the provider's latest reading, judged at ``now``."""
    windows = () if step is None else step.environment
    return [assess(w, provider.latest(w.quantity), now) for w in windows]


class CaptureSession(ScanHandling):
    """The capture workflow of one station, headless; the UI and the CLI drive the same object."""

    def __init__(
        self,
        store: StationStore,
        station_id: str,
        *,
        environment: EnvironmentProvider | None = None,
        profiles: ProfileSource | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.environment: EnvironmentProvider = environment or NoInstruments()
        self.profiles: ProfileSource = profiles or NoProfiles()
        self.clock = clock
        self._listeners: list[Callable[[Event], None]] = []
        station = self.master.station(station_id)
        if station is None:
            known = ", ".join(self.master.station_ids()) or "none yet"
            raise ValueError(
                f"station {station_id!r} is not configured in {store.path} (known: {known})"
            )
        self.station: Station = station
        self.formats = CodeFormats.from_settings(station.settings)
        scanners = station.settings.get("scanners", {})
        # Each kind of scanner may deliver separators its own way (a substitute character, RS).
        self.separators = {
            EntryMethod.KEYBOARD_WEDGE: Separators.from_settings(scanners.get("wedge", {})),
            EntryMethod.SERIAL_SCANNER: Separators.from_settings(scanners.get("serial", {})),
        }
        self.operator: Operator | None = None
        self.work_order: str | None = None
        self.product: str | None = None
        self.step: Step | None = None
        self.bom: list[BomLine] = []
        self.unit: Scan | None = None
        self.unit_serial: str | None = None
        self.components: list[Component] = []
        self.unit_findings: list[Finding] = []
        if station.work_order_id and station.step_code:
            self._assign(station.work_order_id, station.step_code)

    # -- plumbing ---------------------------------------------------------------------------------
    @property
    def master(self) -> MasterData:
        """Master data through this thread's reader."""
        return MasterData(self.store.reader)

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        """Calls ``listener`` with every event of the session (on the thread that caused it)."""
        self._listeners.append(listener)

    def _emit(self, event: Event) -> Event:
        event = dataclasses.replace(event, view=self.view())
        for listener in list(self._listeners):
            listener(event)
        return event

    def view(self) -> SessionView:
        """The session as it is now, frozen: what an event carries for the screens."""
        return SessionView(
            station_id=self.station.id,
            station_name=self.station.name,
            line_id=self.station.line_id,
            operator=self.operator,
            work_order=self.work_order,
            product=self.product,
            step=self.step,
            unit_serial=self.unit_serial,
            checklist=tuple(self.checklist()),
            components=tuple(self.components),
            formats=self.formats,
        )

    def _base(self) -> dict[str, Any]:
        return {
            "app_version": __version__,
            "config_revision": self.station.config_revision,
            "clock_source": clock_source(),
            "line": self.station.line_id,
            "operator": None if self.operator is None else self.operator.as_content(),
            "work_order": self.work_order,
            "step": None if self.step is None else self.step.code,
            "product": self.product,
        }

    def _journal(self, kind: str, body: dict[str, Any]) -> journal.JournalRow:
        content = self._base()
        content.update(body)
        return self.store.write(
            lambda conn: journal.append(conn, self.station.id, kind, content, at=self.clock())
        )

    def _refuse(self, finding: Finding, scan: Scan | None = None) -> CaptureRefused:
        """Journals the refusal (and nothing else), tells listeners, returns the exception to raise."""
        self._journal(
            "refusal",
            {
                "finding": finding.as_content(),
                "scan": None if scan is None else scan.as_content(),
                "unit": self.unit_serial,
            },
        )
        self._emit(Event("refused", finding.message, accepted=False, finding=finding))
        return CaptureRefused(finding)

    # -- people -----------------------------------------------------------------------------------
    def login_badge(self, badge: str) -> Operator:
        """Logs in the operator carrying ``badge``; refuses unknown, inactive or unqualified people."""
        operator = self.master.operator_by_badge(badge)
        step = None if self.step is None else self.step.code
        findings = rules.check_operator(operator, badge, step)
        if findings:
            self._journal("login-failed", {"badge": badge, "finding": findings[0].as_content()})
            self._emit(Event("refused", findings[0].message, accepted=False, finding=findings[0]))
            raise CaptureRefused(findings[0])
        assert operator is not None
        return self._logged_in(operator, "badge")

    def login_password(self, username: str, password: str) -> Operator:
        """Logs in a supervisor, technician or admin by name and password."""
        found = self.master.user_by_name(username)
        if found is None or not check_password(password, found[1]) or not found[0].active:
            finding = Finding(
                Rule.OPERATOR_UNKNOWN,
                "name or password is wrong, or the account is inactive",
                username,
            )
            self._journal("login-failed", {"username": username, "finding": finding.as_content()})
            self._emit(Event("refused", finding.message, accepted=False, finding=finding))
            raise CaptureRefused(finding)
        return self._logged_in(found[0], "password")

    def _logged_in(self, operator: Operator, method: str) -> Operator:
        if self.operator is not None and self.operator.user_id != operator.user_id:
            self.logout("another user logged in")
        self.operator = operator
        self._journal("login", {"method": method})
        self._emit(
            Event(
                "login",
                f"{operator.name} logged in ({operator.role})",
                data={"operator": operator.as_content()},
            )
        )
        return operator

    def logout(self, reason: str = "logged out") -> None:
        """Ends the current user's session (scans not yet committed are discarded)."""
        if self.operator is None:
            return
        self._journal("logout", {"reason": reason, "discarded": [c.id for c in self.components]})
        name = self.operator.name
        self.operator = None
        self._reset()
        self._emit(Event("logout", f"{name}: {reason}"))

    def verify_password(self, password: str) -> bool:
        """Re-checks the logged-in user's password (electronic signatures)."""
        if self.operator is None:
            return False
        return check_password(password, self.master.password_hash(self.operator.user_id))

    # -- assignment -------------------------------------------------------------------------------
    def _assign(self, work_order: str, step_code: str) -> None:
        found = self.master.work_order(work_order)
        if found is None:
            raise CaptureRefused(
                Finding(Rule.STEP_UNKNOWN, f"work order {work_order} is not known here", work_order)
            )
        product, status = found
        if status != "released":
            raise CaptureRefused(
                Finding(
                    Rule.STEP_UNKNOWN,
                    f"work order {work_order} is {status}, not released",
                    work_order,
                )
            )
        step = self.master.step(product, step_code)
        if step is None or (self.station.steps and step_code not in self.station.steps):
            raise CaptureRefused(
                Finding(
                    Rule.STEP_UNKNOWN,
                    f"step {step_code} of {product} is not done at station {self.station.id}",
                    step_code,
                )
            )
        self.work_order, self.product, self.step = work_order, product, step
        self.bom = self.master.bom(product, step_code)
        self._reset()

    def assign(self, work_order: str, step_code: str) -> None:
        """Sets the work order and step this station works on now."""
        try:
            self._assign(work_order, step_code)
        except CaptureRefused as refused:
            raise self._refuse(refused.finding) from None
        if self.operator is not None and not self.operator.qualified_for(step_code):
            finding = rules.check_operator(self.operator, self.operator.badge or "", step_code)[0]
            self.logout("not qualified for the new step")
            raise self._refuse(finding)
        self._emit(Event("assignment", f"work order {work_order}, step {step_code}"))

    def remove(self, component_id: str) -> None:
        """Takes back a wrong scan before the record is committed."""
        before = len(self.components)
        self.components = [c for c in self.components if c.id != component_id]
        if len(self.components) == before:
            raise KeyError(f"{component_id} is not among this unit's scans")
        self._emit(Event("removed", f"{component_id} removed", data={"id": component_id}))

    def clear(self) -> None:
        """Forgets the unit and components scanned so far (the operator starts the unit over)."""
        self._reset()
        self._emit(Event("cleared", "unit started over"))

    def _reset(self) -> None:
        self.unit, self.unit_serial, self.components = None, None, []
        self.unit_findings = []

    def checklist(self) -> list[ChecklistLine]:
        """The step's bill of materials with what was scanned for each line."""
        return [
            ChecklistLine(
                line, tuple(c for c in self.components if c.part_number == line.part_number)
            )
            for line in self.bom
        ]

    def environment_snapshot(self) -> list[EnvValue]:
        """Each value the step requires, judged now."""
        return judge_environment(self.step, self.environment, self.clock())

    # -- commit -----------------------------------------------------------------------------------
    def commit(self) -> Committed:
        """Checks the whole step and writes the record, or refuses it naming every broken rule."""
        if self.operator is None:
            raise self._refuse(
                Finding(Rule.NOT_LOGGED_IN, "nobody is logged in: scan your badge first")
            )
        if self.step is None or self.unit_serial is None or self.unit is None:
            raise self._refuse(
                Finding(Rule.UNIT_MISSING, "no unit scanned: scan the unit's serial or UDI")
            )
        findings: list[Finding] = []
        missing = [line for line in self.checklist() if not line.complete]
        findings += [
            Finding(
                Rule.BOM_INCOMPLETE,
                f"{line.bom.part_number} ({line.bom.description}) not yet scanned",
                line.bom.part_number,
            )
            for line in missing
        ]
        environment = self.environment_snapshot()
        findings += rules.check_environment(environment, self.station)
        profile: ProfileCheck | None = None
        if self.step.requires_profile:
            profile = self.profiles.profile_for(self.unit_serial)
        findings += self.unit_findings
        findings += rules.check_profile(
            self.step.requires_profile, profile, self.unit_serial, self.station
        )
        verdict = Verdict(tuple(findings))
        if verdict.status is Status.REFUSED:
            first = verdict.blocking[0]
            summary = Finding(
                first.rule, "; ".join(f.message for f in verdict.blocking), first.subject
            )
            self._journal(
                "refusal",
                {
                    "finding": summary.as_content(),
                    "verdict": verdict.as_content(),
                    "unit": self.unit_serial,
                },
            )
            self._emit(Event("refused", summary.message, accepted=False, finding=summary))
            raise CaptureRefused(summary)
        content = self._record_content(environment, profile, verdict)
        # The unit is done before anyone hears of it: the committed event shows an empty step.
        return self._write_record("assembly", content, reset=True)

    def _record_content(
        self, environment: list[EnvValue], profile: ProfileCheck | None, verdict: Verdict
    ) -> dict[str, Any]:
        assert self.unit is not None
        content = self._base()
        udi = self.unit.udi
        content.update(
            {
                "unit": {
                    "serial": self.unit_serial,
                    "di": None if udi is None else udi.di,
                    "udi": None if udi is None else udi.as_content(),
                    "scan": self.unit.as_content(),
                },
                "components": [c.as_content() for c in self.components],
                "environment": [v.as_content() for v in environment],
                "profile": None if profile is None else profile.as_content(),
                "verdict": verdict.as_content(),
            }
        )
        return content

    def _write_record(
        self,
        kind: str,
        content: dict[str, Any],
        corrects: str | None = None,
        *,
        reset: bool = False,
    ) -> Committed:
        def work(conn: sqlite3.Connection) -> journal.JournalRow:
            row = journal.append(
                conn, self.station.id, kind, content, at=self.clock(), corrects=corrects
            )
            projection.apply(conn, row.kind, row.data)
            return row

        row = self.store.write(work)
        if reset:
            self._reset()
        data = row.data
        verdict = Verdict(
            tuple(
                Finding(Rule(f["rule"]), f["message"], f["subject"], Severity(f["severity"]))
                for f in data["verdict"]["findings"]
            )
        )
        self._emit(
            Event(
                "committed",
                f"unit {data['unit']['serial']} recorded ({verdict.status})",
                data={"key": row.key, "status": str(verdict.status)},
            )
        )
        return Committed(row.key, verdict, data)

    def correct(
        self, record_key: str, reason: str, *, replace: dict[str, str] | None = None
    ) -> Committed:
        """Records a correction of a committed record: a new row with a reason that points at it.

        Args:
            record_key: the record to correct.
            reason: why; required.
            replace: component id -> scanned text of the component that replaces it.
        """
        if self.operator is None:
            raise self._refuse(Finding(Rule.NOT_LOGGED_IN, "log in before correcting a record"))
        if not reason.strip():
            raise ValueError("a correction needs a reason")
        row = self.store.reader.execute(
            "SELECT content FROM journal WHERE key = ? AND kind IN ('assembly','correction')",
            (record_key,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no assembly record with key {record_key}")
        if self.store.reader.execute(
            "SELECT 1 FROM supersessions WHERE old_key = ?", (record_key,)
        ).fetchone():
            raise ValueError(
                f"record {record_key} was already corrected: correct its newest correction"
            )
        original: dict[str, Any] = journal.JournalRow("", "", "", "", None, row[0], "", "").data
        components = list(original["components"])
        for old_id, text in (replace or {}).items():
            index = next((i for i, c in enumerate(components) if c["id"] == old_id), None)
            if index is None:
                raise KeyError(f"{old_id} is not a component of record {record_key}")
            scan = interpret(text, EntryMethod.KEYBOARD_WEDGE, self.formats)
            lot = self.master.lot(scan.value)
            certificate = None if lot is None else self.master.certificate(lot.id)
            line = (
                None
                if lot is None
                else BomLine(lot.part_number, "", "material", components[index]["quantity"], None)
            )
            if lot is not None and lot.part_number != components[index]["part_number"]:
                line = None
            findings = rules.check_lot(lot, scan.value, certificate, line, self.clock().date())
            if findings:
                raise self._refuse(findings[0], scan)
            assert lot is not None
            components[index] = Component(
                lot.id,
                "lot",
                lot.part_number,
                components[index]["quantity"],
                scan,
                lot,
                certificate,
            ).as_content()
        content = {k: v for k, v in original.items() if k not in journal.HEADER_FIELDS}
        content.update(
            {
                "components": components,
                "reason": reason,
                "corrected_by": self.operator.as_content(),
                "app_version": __version__,
                "config_revision": self.station.config_revision,
            }
        )
        return self._write_record("correction", content, corrects=record_key)
