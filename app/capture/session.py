"""The station session: who is working, on what, the scans so far, and the commit of a record."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn

from app import __version__
from app.capture import line_materials, records, rules
from app.capture.access import AccountAdministration
from app.capture.events import (
    CaptureRefused,
    ChecklistLine,
    Committed,
    Component,
    Event,
    PinRequired,
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
from app.codes import layouts
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import Scan
from app.codes.separators import Separators
from app.domain.clock import clock_source, new_key, utc_now
from app.domain.confirm import PlantCheck
from app.domain.entry import EntryMethod
from app.domain.environment import EnvValue, assess
from app.domain.masterdata import BomLine, Station, Step
from app.domain.roles import Operator, Role
from app.domain.verdict import Finding, Rule, Severity, Status, Verdict
from app.store import accounts, journal, parts
from app.store.masterdata import MasterData
from app.store.passwords import check_password, hash_password, parameters
from app.store.station_store import StationStore


def judge_environment(
    step: Step | None, provider: EnvironmentProvider, now: datetime
) -> list[EnvValue]:
    """Each environmental value ``step`` requires, with the provider's latest reading, judged at ``now``."""
    windows = () if step is None else step.environment
    return [assess(w, provider.latest(w.quantity), now) for w in windows]


PENDING_CORRECTION_KIND = "correction-pending"


class CaptureSession(ScanHandling, AccountAdministration):
    """The capture workflow of one station, headless; the UI and the CLI drive the same object."""

    def __init__(
        self,
        store: StationStore,
        station_id: str,
        *,
        environment: EnvironmentProvider | None = None,
        profiles: ProfileSource | None = None,
        clock: Callable[[], datetime] = utc_now,
        plant: PlantCheck | None = None,
    ) -> None:
        self.store = store
        # The plant's line-wide check before each commit (None: a station without a plant).
        self.plant = plant
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
        stored = scanners.get("wedge", {}).get("layout_mismatch")
        # The technician's layout test found the wedge scanner typing another layout.
        self.layout_mismatch = None if not stored else layouts.Mismatch(**stored)
        self.separators = {
            EntryMethod.KEYBOARD_WEDGE: Separators.from_settings(scanners.get("wedge", {})),
            EntryMethod.SERIAL_SCANNER: Separators.from_settings(scanners.get("serial", {})),
        }
        self.operator: Operator | None = None
        # Who entered the records when it is not the operator at the station (a CLI log-in).
        self.entered_by: dict[str, Any] | None = None
        # Whether the logged-in person signed since logging in (11.200: later signings in one
        # continuous session need only the password).
        self.signed_in_session = False
        # Called after each signature so the plant countersigns it at once when reachable (the
        # station window wakes its sync worker); None: at the next sync.
        self.countersign_now: Callable[[], None] | None = None
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
        return records.base_content(
            self.station, self.operator, self.work_order, self.step, self.product, clock_source()
        )

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
    def login_badge(self, badge: str, pin: str | None = None) -> Operator:
        """Logs in the operator carrying ``badge`` (and typing ``pin`` where the station asks).

        Staff (supervisors, technicians, admins) never log in with a badge: they use their name
        and password. A refused attempt is journalled and counts towards the account's lockout.

        Raises:
            PinRequired: the station asks for a PIN and none was given (nothing journalled).
            CaptureRefused: unknown, inactive, locked, unqualified, staff, or a wrong PIN.
        """
        operator = self.master.operator_by_badge(badge)
        step = None if self.step is None else self.step.code
        findings = rules.check_operator(operator, badge, step)
        if not findings and operator is not None and operator.role is not Role.OPERATOR:
            findings = [
                Finding(
                    Rule.STAFF_NEED_PASSWORD,
                    f"{operator.name} is {operator.role}: staff log in with their name and "
                    "password, not a badge alone",
                    badge,
                )
            ]
        if not findings and operator is not None:
            findings = self._expired_qualification(operator, step, badge)
        user_id = None if operator is None else operator.user_id
        if not findings and operator is not None:
            findings = self._locked(operator, badge)
        if not findings and operator is not None and self.policy.badge_pin:
            if pin is None:
                self._emit(Event("pin-required", f"{operator.name}: enter your PIN"))
                raise PinRequired(
                    Finding(Rule.PIN_REQUIRED, f"{operator.name}: enter your PIN", badge)
                )
            stored = accounts.secret(self.store.reader, operator.user_id, "pin_hash")
            if stored is None:
                findings = [
                    Finding(
                        Rule.PIN_REQUIRED,
                        f"{operator.name} has no PIN yet: ask a supervisor to set one",
                        badge,
                    )
                ]
            elif not check_password(pin, stored):
                findings = [
                    Finding(
                        Rule.OPERATOR_UNKNOWN,
                        "the badge or PIN is wrong",
                        badge,
                        template="bad-pin",
                    )
                ]
        if findings:
            self._login_failed({"badge": badge}, user_id, findings[0])
        assert operator is not None
        return self._logged_in(operator, "badge+pin" if self.policy.badge_pin else "badge")

    def _expired_qualification(
        self, operator: Operator, step: str | None, subject: str
    ) -> list[Finding]:
        if step is None or operator.role is not Role.OPERATOR:
            return []
        found = accounts.account(self.store.reader, operator.user_id)
        if found is None or step not in found.expired(self.clock().date()):
            return []
        return [
            Finding(
                Rule.OPERATOR_NOT_QUALIFIED,
                f"{operator.name}'s qualification for step {step} expired on "
                f"{found.expiry[step]}: ask your supervisor",
                subject,
            )
        ]

    def _locked(self, operator: Operator, subject: str) -> list[Finding]:
        limit = self.policy.max_failures
        if limit and accounts.failures_in_a_row(self.store.reader, operator.user_id) >= limit:
            return [
                Finding(
                    Rule.ACCOUNT_LOCKED,
                    f"{operator.name}'s account is locked after {limit} failed log-ins: "
                    "a supervisor must unlock it",
                    subject,
                )
            ]
        return []

    def _login_failed(
        self, attempt: dict[str, Any], user_id: str | None, finding: Finding
    ) -> NoReturn:
        """Journals the failure (and the lock it causes), tells listeners, raises the refusal."""
        limit = self.policy.max_failures

        def work(conn: sqlite3.Connection) -> bool:
            content = self._base()
            content.update(attempt)
            content.update({"finding": finding.as_content(), "access": {"user_id": user_id}})
            journal.append(conn, self.station.id, "login-failed", content, at=self.clock())
            if user_id is None or not limit or finding.rule is Rule.ACCOUNT_LOCKED:
                return False
            if accounts.failures_in_a_row(conn, user_id) != limit:
                return False
            body = self._base()
            body.update({"user": user_id, "failures": limit, "reason": "too many failed log-ins"})
            journal.append(conn, self.station.id, "account-locked", body, at=self.clock())
            return True

        locked_now = self.store.write(work)
        message = finding.message
        if locked_now:
            message += (
                f"; the account is now locked after {limit} failures: a supervisor must unlock it"
            )
            finding = Finding(Rule.ACCOUNT_LOCKED, message, finding.subject)
        self._emit(Event("refused", message, accepted=False, finding=finding))
        raise CaptureRefused(finding)

    def login_password(
        self, username: str, password: str, *, new_password: str | None = None
    ) -> Operator:
        """Logs in a supervisor, technician or admin by name and password.

        A hash below the current cost floor is replaced with a new one as the log-in succeeds. An
        aged password must be changed: give ``new_password`` to do so as part of the log-in.

        Raises:
            CaptureRefused: wrong name or password, inactive or locked account, expired password.
        """
        found = self.master.user_by_name(username)
        user_id = None if found is None else found[0].user_id
        wrong = Finding(
            Rule.OPERATOR_UNKNOWN,
            "name or password is wrong, or the account is inactive",
            username,
            template="bad-password",
        )
        attempt = {"username": username}
        if found is None or not found[0].active:
            self._login_failed(attempt, user_id, wrong)
        operator, stored = found
        locked = self._locked(operator, username)
        if locked:
            self._login_failed(attempt, user_id, locked[0])
        checked = check_password(password, stored)
        if not checked:
            self._plant_vouches(operator, username, password, stored, wrong)
        elif checked.needs_rehash:
            self._store_password(operator, password, "rehashed at log-in: below the cost floor")
        if self._password_expired(operator.user_id):
            if new_password is None:
                finding = Finding(
                    Rule.PASSWORD_EXPIRED,
                    f"{operator.name}'s password is older than {self.policy.password_max_age_days} "
                    "days: choose a new one",
                    username,
                )
                self._emit(Event("refused", finding.message, accepted=False, finding=finding))
                raise CaptureRefused(finding)
            self._change_password(operator, password, new_password, "the password had expired")
        return self._logged_in(operator, "password")

    def _plant_vouches(
        self, operator: Operator, username: str, password: str, stored: str | None, wrong: Finding
    ) -> None:
        """The local hash is missing or does not match: the plant, when it answers, decides.

        The plant's yes is cached here as this station's own hash (journalled like any password
        change), so later log-ins work offline; a password changed at the plant replaces the cached
        one this way at the next online log-in. Returns only when the plant confirmed.
        """
        attempt = {"username": username}
        answer = None if self.plant is None else self.plant.verify_staff(username, password)
        if answer is not None and answer.result == "confirmed":
            self._store_password(
                operator, password, "cached at log-in: the plant confirmed the password"
            )
            return
        if answer is not None and answer.result == "locked":
            finding = Finding(Rule.ACCOUNT_LOCKED, answer.message, username)
            self._login_failed(attempt, operator.user_id, finding)
        usable = bool(stored) and parameters(stored or "") is not None
        if not usable and (answer is None or answer.result == "unreachable"):
            why = (
                "this session has no link to the plant"
                if answer is None
                else f"the plant cannot be asked now: {answer.message}"
            )
            raise self._refuse(
                Finding(
                    Rule.STAFF_NEED_PASSWORD,
                    f"this station has not yet seen {operator.name}'s password ({why}): log in "
                    "once in the station window while the plant is reachable, or ask an admin to "
                    "set a password at this station",
                    username,
                )
            )
        self._login_failed(attempt, operator.user_id, wrong)

    def _password_expired(self, user_id: str) -> bool:
        days = self.policy.password_max_age_days
        found = accounts.account(self.store.reader, user_id)
        if not days or found is None or found.password_set_at is None:
            return False
        set_at = datetime.fromisoformat(found.password_set_at.replace("Z", "+00:00"))
        return (self.clock() - set_at).days >= days

    def _store_password(self, operator: Operator, password: str, reason: str) -> None:
        hashed = hash_password(password)
        by = operator.as_content() if self.operator is None else self.operator.as_content()
        self.store.write(
            lambda conn: accounts.set_secret(
                conn,
                self.station.id,
                operator.user_id,
                "password_hash",
                hashed,
                by=by,
                reason=reason,
                at=self.clock(),
            )
        )

    def password_problems(self, user_id: str, new_password: str) -> list[str]:
        """Why ``new_password`` may not become ``user_id``'s password (empty if it may)."""
        problems = self.policy.password_problems(new_password)
        history = accounts.password_history(
            self.store.reader, user_id, max(1, self.policy.password_history)
        )
        current = self.master.password_hash(user_id)
        if current and current not in history:
            history.insert(0, current)
        if any(check_password(new_password, old) for old in history):
            problems.append(f"not one of the last {max(1, self.policy.password_history)} passwords")
        return problems

    def _change_password(
        self, operator: Operator, old: str, new: str, reason: str = "changed by its owner"
    ) -> None:
        if not check_password(old, self.master.password_hash(operator.user_id)):
            raise ValueError("the current password is wrong")
        problems = self.password_problems(operator.user_id, new)
        if problems:
            raise ValueError("the new password needs " + "; ".join(problems))
        self._store_password(operator, new, reason)

    def change_password(self, old: str, new: str) -> None:
        """The logged-in user changes their own password (rules: length, reuse).

        Raises:
            ValueError: not logged in, the current password is wrong, or the new one breaks a rule.
        """
        if self.operator is None:
            raise ValueError("log in before changing your password")
        self._change_password(self.operator, old, new)

    def _logged_in(self, operator: Operator, method: str) -> Operator:
        if self.operator is not None and self.operator.user_id != operator.user_id:
            self.logout("another user logged in")
        self.operator = operator
        self.signed_in_session = False
        self._journal("login", {"method": method, "access": {"user_id": operator.user_id}})
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
        self._emit(Event("logout", f"{name}: {reason}", data={"name": name, "reason": reason}))

    def verify_password(self, password: str) -> bool:
        """Re-checks the logged-in user's password (electronic signatures)."""
        if self.operator is None:
            return False
        return bool(check_password(password, self.master.password_hash(self.operator.user_id)))

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
        environment = self.environment_snapshot()
        profile: ProfileCheck | None = None
        if self.step.requires_profile:
            profile = self.profiles.profile_for(self.unit_serial)
        verdict = records.judge(
            self.station,
            self.step,
            self.checklist(),
            environment,
            [*self.unit_findings, *self.unseen_findings()],
            profile,
            self.unit_serial,
        )
        if verdict.status is Status.REFUSED:
            summary = records.refused_summary(verdict)
            self._journal(
                "refusal",
                {
                    "finding": summary.as_content(),
                    "verdict": verdict.as_content(),
                    "unit": self.unit_serial,
                },
            )
            # Each blocking finding travels with the event: a screen says each in its language.
            self._emit(
                Event(
                    "refused",
                    summary.message,
                    accepted=False,
                    finding=summary,
                    data={"blocking": verdict.blocking},
                )
            )
            raise CaptureRefused(summary)
        content = self._record_content(environment, profile, verdict)
        key = new_key()
        if self.plant is not None:
            answer = self.plant.claim(
                self.station.id,
                key,
                self.unit_serial,
                content["unit"]["di"],
                self.step.code,
                [c.id for c in self.components if c.kind == "unit"],
            )
            if answer.result == "refused":
                raise self._refuse(Finding(Rule.PLANT_REFUSED, answer.message, self.unit_serial))
            # Whether the plant confirmed the record, or why it could not: offline is explicit.
            content["plant_check"] = answer.as_content()
        # The unit is done before anyone hears of it: the committed event shows an empty step.
        return self._write_record("assembly", content, reset=True, key=key)

    def _record_content(
        self, environment: list[EnvValue], profile: ProfileCheck | None, verdict: Verdict
    ) -> dict[str, Any]:
        assert self.unit is not None and self.unit_serial is not None
        content = records.assembly_content(
            self._base(),
            self.unit,
            self.unit_serial,
            [c.as_content() for c in self.components],
            environment,
            profile,
            verdict,
        )
        if self.entered_by is not None:
            content["entered_by"] = self.entered_by
        return content

    def _write_record(
        self,
        kind: str,
        content: dict[str, Any],
        corrects: str | None = None,
        *,
        reset: bool = False,
        key: str | None = None,
    ) -> Committed:
        def work(conn: sqlite3.Connection) -> journal.JournalRow:
            return records.write(
                conn, self.station.id, kind, content, at=self.clock(), corrects=corrects, key=key
            )

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
        original: dict[str, Any] = parts.expand(self.store.reader, row[0])
        recorded_by = str((original.get("operator") or {}).get("user_id", ""))
        own = recorded_by == self.operator.user_id
        if not self.policy.may_correct(self.operator.role, own):
            whose = (
                "your own records" if own else f"records of others (this one is {recorded_by}'s)"
            )
            raise self._refuse(
                Finding(
                    Rule.CORRECTION_NOT_ALLOWED,
                    f"{self.operator.name} ({self.operator.role}) may not correct {whose} at "
                    f"station {self.station.id}: ask a supervisor",
                    record_key,
                )
            )
        components = list(original["components"])
        for old_id, text in (replace or {}).items():
            index = next((i for i, c in enumerate(components) if c["id"] == old_id), None)
            if index is None:
                raise KeyError(f"{old_id} is not a component of record {record_key}")
            components[index] = self.replacement_lot(
                text, components[index]["part_number"], components[index]["quantity"]
            )
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
        if self.operator.role is Role.OPERATOR and self.policy.correction_needs_approval:
            return self._hold_correction(record_key, content)
        return self._write_record("correction", content, corrects=record_key)

    def replacement_lot(self, text: str, part_number: str, quantity: float) -> dict[str, Any]:
        """A lot scanned to replace a recorded component of ``part_number``, checked as at a scan
        (certificate acceptance, floor life, lot status), as its component entry.

        Raises:
            CaptureRefused: the lot is unknown, of another part, or a rule refuses it (journalled).
        """
        scan = interpret(text, EntryMethod.KEYBOARD_WEDGE, self.formats)
        lot = self.master.lot(scan.value)
        certificate = None if lot is None else self.master.certificate(lot.id)
        line = None if lot is None else BomLine(lot.part_number, "", "material", quantity, None)
        if lot is not None and lot.part_number != part_number:
            line = None
        checked = None
        if lot is not None and line is not None:  # the materials rules, as at a scan
            checked = line_materials.check(
                self.store.reader, self.station, lot, None, line.quantity, 0.0,
                self.clock(), scan.value,
            )  # fmt: skip
            if checked.finding is not None:
                raise self._refuse(checked.finding, scan)
        findings = rules.check_lot(
            lot,
            scan.value,
            certificate,
            line,
            self.clock().date(),
            certificate_checked=checked is not None and checked.acceptance is not None,
        )
        if findings:
            raise self._refuse(findings[0], scan)
        assert lot is not None and checked is not None
        return Component(
            lot.id,
            "lot",
            lot.part_number,
            quantity,
            scan,
            lot,
            certificate,
            acceptance=checked.acceptance,
            floor_life=checked.floor_life,
        ).as_content()

    def _hold_correction(self, record_key: str, content: dict[str, Any]) -> Committed:
        """Journals an operator's correction as pending: it takes effect once a supervisor signs."""
        body = {"pending": {"corrects": record_key, "correction": content}}
        row = self._journal(PENDING_CORRECTION_KIND, body)
        self._emit(
            Event(
                "correction-pending",
                f"correction of {record_key} waits for a supervisor's approval",
                data={"key": row.key, "corrects": record_key},
            )
        )
        verdict = Verdict(())
        return Committed(row.key, verdict, row.data)

    def pending_corrections(self) -> list[dict[str, Any]]:
        """Operators' corrections waiting for a supervisor's approval, oldest first."""
        rows = self.store.reader.execute(
            "SELECT p.key, p.content FROM journal p WHERE p.kind = ? AND NOT EXISTS ("
            "SELECT 1 FROM journal d WHERE d.kind IN ('correction', 'correction-rejected') "
            "AND json_extract(d.content, '$.approval.pending') = p.key) ORDER BY p.seq",
            (PENDING_CORRECTION_KIND,),
        ).fetchall()
        out = []
        for key, text in rows:
            data = journal.JournalRow("", "", "", "", None, text, "", "").data
            out.append({"key": key, **data["pending"], "by": data.get("operator")})
        return out

    def approve_correction(self, pending_key: str, approval: dict[str, Any]) -> Committed:
        """Writes a pending correction with the approving supervisor's signature row key in it.

        ``approval`` is what the signature function returned about the second signature
        (``signature`` key, signer); callers go through ``signatures.approve_correction``.
        """
        pending = next((p for p in self.pending_corrections() if p["key"] == pending_key), None)
        if pending is None:
            raise KeyError(f"no pending correction {pending_key}")
        content = dict(pending["correction"])
        content["approval"] = {"pending": pending_key, **approval}
        return self._write_record("correction", content, corrects=pending["corrects"])
