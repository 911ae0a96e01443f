"""The capture rules: each check returns the findings it raises, with a message that says what to do."""

from __future__ import annotations

from datetime import date

from app.capture.sources import ProfileCheck
from app.domain.environment import EnvStatus, EnvValue
from app.domain.masterdata import BomLine, Certificate, Lot, Station
from app.domain.materials import kind_name, satisfies
from app.domain.roles import Operator
from app.domain.verdict import Finding, Rule, Severity


def severity(station: Station, family: str, default: Severity = Severity.BLOCK) -> Severity:
    """The station's setting for a rule family: refuse (block) or record with a flag."""
    return Severity(station.rule_action(family, str(default)))


def check_operator(operator: Operator | None, badge: str, step: str | None) -> list[Finding]:
    """An operator must be known, active and qualified for the station's step."""
    if operator is None:
        return [
            Finding(
                Rule.OPERATOR_UNKNOWN,
                f"badge {badge} belongs to nobody known at this station: "
                "ask your supervisor to register it",
                badge,
                template="operator-unknown",
                args=(("badge", badge),),
            )
        ]
    if not operator.active:
        return [
            Finding(
                Rule.OPERATOR_INACTIVE,
                f"{operator.name}'s account is inactive: ask your supervisor",
                badge,
                template="operator-inactive",
                args=(("name", operator.name),),
            )
        ]
    if step is not None and not operator.qualified_for(step):
        return [
            Finding(
                Rule.OPERATOR_NOT_QUALIFIED,
                f"{operator.name} is not qualified for step {step}: "
                "ask your supervisor for a qualified operator",
                badge,
                template="operator-not-qualified",
                args=(("name", operator.name), ("step", step)),
            )
        ]
    return []


def check_lot(
    lot: Lot | None,
    scanned: str,
    certificate: Certificate | None,
    line: BomLine | None,
    today: date,
    *,
    certificate_checked: bool = False,
) -> list[Finding]:
    """A component lot must be known, released, unexpired, on the BOM and certified for today.

    ``certificate_checked``: the part's materials spec already judged the certificate
    (app/capture/line_materials.py); the older EN 10204 type check is skipped.
    """
    if lot is None:
        return [
            Finding(
                Rule.LOT_UNKNOWN,
                f"lot {scanned} is not known at this station: check the label or "
                "ask goods receipt whether it was received",
                scanned,
                template="lot-unknown",
                args=(("lot", scanned),),
            )
        ]
    if line is None:
        return [
            Finding(
                Rule.NOT_ON_BOM,
                f"lot {lot.id} is part {lot.part_number}, which this step does not "
                "use: put it aside and scan a part from the checklist",
                scanned,
                template="lot-not-on-bom",
                args=(("lot", lot.id), ("part", lot.part_number)),
            )
        ]
    if lot.status != "released":
        return [
            Finding(
                Rule.LOT_QUARANTINED,
                f"lot {lot.id} is {lot.status}: do not use it; put it in the "
                "quarantine area and tell your supervisor",
                scanned,
                template="lot-quarantined",
                args=(("lot", lot.id), ("status", lot.status)),
            )
        ]
    if lot.expires_on is not None and lot.expires_on < today:
        return [
            Finding(
                Rule.LOT_EXPIRED,
                f"lot {lot.id} expired on {lot.expires_on.isoformat()}: do not use "
                "it; take a lot from stock that has not expired",
                scanned,
                template="lot-expired",
                args=(("lot", lot.id), ("date", lot.expires_on.isoformat())),
            )
        ]
    if certificate_checked:
        return []
    if certificate is None:
        return [
            Finding(
                Rule.CERTIFICATE_MISSING,
                f"lot {lot.id} has no inspection certificate on file: "
                "quality must attach one before it is used",
                scanned,
                template="certificate-missing",
                args=(("lot", lot.id),),
            )
        ]
    # EN 10204 certificates carry no expiry; a shelf life is the part spec's (line_materials).
    required = line.certificate_type
    if required and not satisfies(certificate.type, False, (required,)):
        return [
            Finding(
                Rule.CERTIFICATE_WRONG_TYPE,
                f"lot {lot.id} carries an {kind_name(certificate.type)} "
                f"certificate but part {lot.part_number} needs {kind_name(required)}: "
                "ask quality",
                scanned,
                template="certificate-wrong-type",
                args=(
                    ("lot", lot.id),
                    ("type", certificate.type),
                    ("part", lot.part_number),
                    ("required", required),
                ),
            )
        ]
    return []


RULE_OF_STATUS = {
    EnvStatus.MISSING: (Rule.ENV_MISSING, "environment"),
    EnvStatus.STALE: (Rule.ENV_STALE, "environment"),
    EnvStatus.OUT_OF_WINDOW: (Rule.ENV_OUT_OF_WINDOW, "environment"),
    EnvStatus.OUT_OF_CALIBRATION: (Rule.ENV_OUT_OF_CALIBRATION, "calibration"),
}


def check_environment(values: list[EnvValue], station: Station) -> list[Finding]:
    """Every required environmental value must be present, fresh, calibrated and in its window."""
    findings = []
    for value in values:
        if value.status is EnvStatus.OK:
            continue
        rule, family = RULE_OF_STATUS[value.status]
        what = {
            EnvStatus.MISSING: "check that the instrument is connected",
            EnvStatus.STALE: "check the instrument's connection",
            EnvStatus.OUT_OF_WINDOW: "wait for conditions to recover or tell your supervisor",
            EnvStatus.OUT_OF_CALIBRATION: "ask a technician to calibrate it",
        }[value.status]
        findings.append(
            Finding(
                rule,
                f"{value.describe()}: {what}",
                value.window.quantity,
                severity(station, family),
                template=f"environment-{value.status}",
                args=_environment_args(value),
            )
        )
    return findings


def _environment_args(value: EnvValue) -> tuple[tuple[str, str], ...]:
    """The values an environment refusal names, for a screen to say in its language."""
    m, window = value.measurement, value.window
    args = [("quantity", window.quantity), ("window", window.describe())]
    if m is not None:
        args += [("value", f"{m.value:g}"), ("unit", m.unit), ("instrument", m.instrument)]
        args += [("age", f"{value.age_s or 0:.0f}"), ("limit", f"{window.max_age_s:g}")]
        args += [("due", m.calibration_due.isoformat() if m.calibration_due else "")]
    return tuple(args)


def check_profile(
    required: bool, profile: ProfileCheck | None, board: str, station: Station
) -> list[Finding]:
    """A board that needs a reflow profile must have one that passed its specification."""
    if not required:
        return []
    if profile is None:
        return [
            Finding(
                Rule.PROFILE_MISSING,
                f"board {board} has no reflow profile on record: profile the "
                "oven run or tell your supervisor",
                board,
                severity(station, "profile"),
                template="profile-missing",
                args=(("board", board),),
            )
        ]
    if not profile.passed:
        return [
            Finding(
                Rule.PROFILE_FAILED,
                f"board {board}'s reflow profile {profile.profile_id} failed "
                f"{profile.spec_name}: {'; '.join(profile.violations)}",
                board,
                severity(station, "profile"),
            )
        ]
    return []
