"""Findings of the capture rules and the verdict they add up to."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """What a finding does to a record: refuse it, or record it with a flag."""

    BLOCK = "block"
    FLAG = "flag"


class Rule(StrEnum):
    """Every rule a capture is checked against; the value names it in messages and records."""

    OPERATOR_UNKNOWN = "operator-unknown"
    OPERATOR_INACTIVE = "operator-inactive"
    OPERATOR_NOT_QUALIFIED = "operator-not-qualified"
    NOT_LOGGED_IN = "not-logged-in"
    ACCOUNT_LOCKED = "account-locked"
    PIN_REQUIRED = "pin-required"
    PASSWORD_EXPIRED = "password-expired"  # noqa: S105 - a rule name
    STAFF_NEED_PASSWORD = "staff-need-password"  # noqa: S105 - a rule name
    CORRECTION_NOT_ALLOWED = "correction-not-allowed"
    SCAN_INVALID = "scan-invalid"
    KEYBOARD_LAYOUT = "keyboard-layout-mismatch"
    TYPED_ENTRY_FORBIDDEN = "typed-entry-forbidden"
    LOT_UNKNOWN = "lot-unknown"
    REEL_NOT_RECEIVED = "reel-not-received"
    LOT_QUARANTINED = "lot-quarantined"
    LOT_EXPIRED = "lot-expired"
    CERTIFICATE_MISSING = "certificate-missing"
    CERTIFICATE_NOT_VALID = "certificate-not-valid"
    CERTIFICATE_WRONG_TYPE = "certificate-wrong-type"
    CERTIFICATE_NOT_ACCEPTED = "certificate-not-accepted"  # no signed accept at receiving
    MSD_NOT_OPENED = "msd-not-opened"  # a moisture-sensitive pack with no bag-open record
    FLOOR_LIFE_EXCEEDED = "floor-life-exceeded"  # J-STD-033 floor life spent: bake it
    LOT_BALANCE_EXCEEDED = "lot-balance-exceeded"  # more consumed than the lot holds
    NOT_ON_BOM = "not-on-bom"
    SCANNED_TWICE = "scanned-twice"
    BOM_INCOMPLETE = "bom-incomplete"
    SUBASSEMBLY_UNKNOWN = "subassembly-unknown"
    SUBASSEMBLY_UNSEEN = "subassembly-unseen"  # built in offline, never seen here: for review
    SUBASSEMBLY_HELD = "subassembly-held"
    SUBASSEMBLY_CONSUMED = "subassembly-consumed"
    PLANT_REFUSED = "plant-refused"
    UNIT_MISSING = "unit-missing"
    UNIT_ALREADY_RECORDED = "unit-already-recorded"
    UNIT_DI_MISMATCH = "unit-di-mismatch"
    UDI_NOT_IN_CATALOGUE = "udi-not-in-catalogue"
    UDI_PI_MISMATCH = "udi-pi-mismatch"
    STEP_UNKNOWN = "step-unknown"
    ENV_MISSING = "environment-missing"
    ENV_STALE = "environment-stale"
    ENV_OUT_OF_WINDOW = "environment-out-of-window"
    ENV_OUT_OF_CALIBRATION = "environment-out-of-calibration"
    PROFILE_MISSING = "profile-missing"
    PROFILE_FAILED = "profile-failed"
    UNIT_HELD = "unit-held"  # held (quarantined) or scrapped by a signed disposition


@dataclass(frozen=True)
class Finding:
    """One rule that a capture broke, with the scan or value that broke it."""

    rule: Rule
    message: str
    subject: str = ""
    severity: Severity = Severity.BLOCK
    # What a screen needs to say the message in the reader's language: a template name and the
    # values it fills in (app/ui/refusals.py). Not journalled: the record keeps the English message.
    template: str = field(default="", compare=False)
    args: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def as_content(self) -> dict[str, str]:
        """The finding as written into a journal row."""
        return {
            "rule": str(self.rule),
            "message": self.message,
            "subject": self.subject,
            "severity": str(self.severity),
        }

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


class Status(StrEnum):
    """The outcome of a capture."""

    ACCEPTED = "accepted"
    FLAGGED = "flagged"
    REFUSED = "refused"


@dataclass(frozen=True)
class Verdict:
    """All findings of one capture and the status they give."""

    findings: tuple[Finding, ...] = ()

    @property
    def status(self) -> Status:
        """Refused if any finding blocks, flagged if any flags, else accepted."""
        if any(f.severity is Severity.BLOCK for f in self.findings):
            return Status.REFUSED
        if self.findings:
            return Status.FLAGGED
        return Status.ACCEPTED

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that refuse the capture."""
        return tuple(f for f in self.findings if f.severity is Severity.BLOCK)

    def as_content(self) -> dict[str, Any]:
        """The verdict as written into a journal row."""
        return {"status": str(self.status), "findings": [f.as_content() for f in self.findings]}
