"""Refusals and other messages of the capture core in the reader's language.

The core (no Qt) phrases each finding in English for the record and names a template with the
values it fills in (``Finding.template``/``args``); this table holds the translatable wording of
each template, why and what to do, marked for pyside6-lupdate with QT_TRANSLATE_NOOP.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from app.domain.verdict import Finding, Rule
from app.ui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Refusals"

#: Template name -> (why, what to do). Placeholders are the finding's ``args`` names.
TEMPLATES: dict[str, tuple[str, str]] = {
    "operator-unknown": (
        QT_TRANSLATE_NOOP("Refusals", "Badge {badge} belongs to nobody known at this station."),
        QT_TRANSLATE_NOOP("Refusals", "Ask your supervisor to register it."),
    ),
    "operator-inactive": (
        QT_TRANSLATE_NOOP("Refusals", "{name}'s account is inactive."),
        QT_TRANSLATE_NOOP("Refusals", "Ask your supervisor."),
    ),
    "operator-not-qualified": (
        QT_TRANSLATE_NOOP("Refusals", "{name} is not qualified for step {step}."),
        QT_TRANSLATE_NOOP("Refusals", "Ask your supervisor for a qualified operator."),
    ),
    "bad-pin": (
        QT_TRANSLATE_NOOP("Refusals", "The badge or PIN is wrong."),
        QT_TRANSLATE_NOOP("Refusals", "Scan your badge again and type your PIN."),
    ),
    "bad-password": (
        QT_TRANSLATE_NOOP("Refusals", "Name or password is wrong, or the account is inactive."),
        QT_TRANSLATE_NOOP("Refusals", "Type them again; after several tries ask an admin."),
    ),
    "not-logged-in": (
        QT_TRANSLATE_NOOP("Refusals", "Nobody is logged in."),
        QT_TRANSLATE_NOOP("Refusals", "Scan your badge first."),
    ),
    "typed-entry-forbidden": (
        QT_TRANSLATE_NOOP("Refusals", "This station takes UDIs and lots only from a scanner."),
        QT_TRANSLATE_NOOP("Refusals", "Scan the label."),
    ),
    "no-work-order": (
        QT_TRANSLATE_NOOP("Refusals", "No work order and step are set."),
        QT_TRANSLATE_NOOP("Refusals", "Scan the work order sheet."),
    ),
    "scan-unknown-format": (
        QT_TRANSLATE_NOOP(
            "Refusals", "Unreadable scan: {text} is neither a UDI nor a code this station knows."
        ),
        QT_TRANSLATE_NOOP(
            "Refusals", "Check the label, or ask a technician to add its format to this station."
        ),
    ),
    "scan-unreadable": (
        QT_TRANSLATE_NOOP("Refusals", "Unreadable scan: {text} breaks the code's rules ({rule})."),
        QT_TRANSLATE_NOOP(
            "Refusals",
            "Scan the label again; if it fails again, set the part aside and tell your supervisor.",
        ),
    ),
    "keyboard-layout": (
        QT_TRANSLATE_NOOP("Refusals", "The scanner types in another keyboard layout than this PC."),
        QT_TRANSLATE_NOOP("Refusals", "Ask a technician to match the layouts (Scanners screen)."),
    ),
    "lot-unknown": (
        QT_TRANSLATE_NOOP("Refusals", "Lot {lot} is not known at this station."),
        QT_TRANSLATE_NOOP(
            "Refusals", "Check the label or ask goods receipt whether it was received."
        ),
    ),
    "certificate-not-accepted": (
        QT_TRANSLATE_NOOP(
            "Refusals", "Lot {lot} has no certificate accepted by receiving for this part."
        ),
        QT_TRANSLATE_NOOP("Refusals", "Put it aside and ask receiving to inspect its certificate."),
    ),
    "msd-not-opened": (
        QT_TRANSLATE_NOOP(
            "Refusals", "MSL {msl} {pack}: the opening of its dry pack was not scanned."
        ),
        QT_TRANSLATE_NOOP(
            "Refusals", "Scan the opening of the dry pack, or have it baked if it was opened."
        ),
    ),
    "floor-life-exceeded": (
        QT_TRANSLATE_NOOP(
            "Refusals",
            "MSL {msl} {pack} opened {opened}: floor life {life} exceeded by {over}.",
        ),
        QT_TRANSLATE_NOOP("Refusals", "Bake it before it is used."),
    ),
    "floor-life-unknown": (
        QT_TRANSLATE_NOOP(
            "Refusals", "The floor life of MSL {msl} {pack} cannot be judged at these conditions."
        ),
        QT_TRANSLATE_NOOP("Refusals", "Put it aside and ask quality."),
    ),
    "lot-balance-exceeded": (
        QT_TRANSLATE_NOOP(
            "Refusals", "Lot {lot} holds {available} {unit}; this unit would take it to {wanted}."
        ),
        QT_TRANSLATE_NOOP(
            "Refusals", "Check the lot label, or ask the supervisor to correct the balance."
        ),
    ),
    "lot-not-on-bom": (
        QT_TRANSLATE_NOOP("Refusals", "Lot {lot} is part {part}, which this step does not use."),
        QT_TRANSLATE_NOOP("Refusals", "Put it aside and scan a part from the checklist."),
    ),
    "lot-quarantined": (
        QT_TRANSLATE_NOOP("Refusals", "Lot {lot} is {status}."),
        QT_TRANSLATE_NOOP(
            "Refusals", "Do not use it: put it in the quarantine area and tell your supervisor."
        ),
    ),
    "lot-expired": (
        QT_TRANSLATE_NOOP("Refusals", "Lot {lot} expired on {date}."),
        QT_TRANSLATE_NOOP("Refusals", "Do not use it: take a lot from stock that has not expired."),
    ),
    "certificate-missing": (
        QT_TRANSLATE_NOOP("Refusals", "Lot {lot} has no inspection certificate on file."),
        QT_TRANSLATE_NOOP("Refusals", "Quality must attach one before it is used."),
    ),
    "certificate-not-valid": (
        QT_TRANSLATE_NOOP(
            "Refusals", "Certificate {certificate} of lot {lot} is valid {from} to {to}, not today."
        ),
        QT_TRANSLATE_NOOP("Refusals", "Ask quality."),
    ),
    "certificate-wrong-type": (
        QT_TRANSLATE_NOOP(
            "Refusals",
            "Lot {lot} has a type {type} certificate, but part {part} needs type {required}.",
        ),
        QT_TRANSLATE_NOOP("Refusals", "Ask quality."),
    ),
    "scanned-twice": (
        QT_TRANSLATE_NOOP("Refusals", "{id} is already scanned for this unit."),
        QT_TRANSLATE_NOOP(
            "Refusals", "Nothing to do: it is on the list already. Scan the next part."
        ),
    ),
    "line-complete": (
        QT_TRANSLATE_NOOP(
            "Refusals", "{part} ({description}) is already complete with {quantity}."
        ),
        QT_TRANSLATE_NOOP("Refusals", "To replace it, remove the earlier scan first."),
    ),
    "subassembly-not-on-bom": (
        QT_TRANSLATE_NOOP("Refusals", "{serial} is a {part}, which this step does not use."),
        QT_TRANSLATE_NOOP("Refusals", "Put the part back and scan one from the list."),
    ),
    "subassembly-unknown": (
        QT_TRANSLATE_NOOP("Refusals", "Subassembly {serial} has no record at this line."),
        QT_TRANSLATE_NOOP("Refusals", "It must be built and recorded before it is used."),
    ),
    "subassembly-unseen": (
        QT_TRANSLATE_NOOP(
            "Refusals",
            "Subassembly {serial} has no record at this station and the plant cannot be asked.",
        ),
        QT_TRANSLATE_NOOP("Refusals", "Wait for the plant link or put the unit aside."),
    ),
    "unit-in-progress": (
        QT_TRANSLATE_NOOP("Refusals", "Unit {unit} is still being assembled."),
        QT_TRANSLATE_NOOP("Refusals", "Finish it or start it over before scanning {serial}."),
    ),
    "bom-incomplete": (
        QT_TRANSLATE_NOOP("Refusals", "{part} ({description}) is not scanned yet."),
        QT_TRANSLATE_NOOP("Refusals", "Scan it, then commit again."),
    ),
    "environment-missing": (
        QT_TRANSLATE_NOOP("Refusals", "{quantity}: no instrument reports it."),
        QT_TRANSLATE_NOOP("Refusals", "Check that the instrument is connected."),
    ),
    "environment-stale": (
        QT_TRANSLATE_NOOP(
            "Refusals",
            "{quantity} {value} {unit} from {instrument} was read {age} s ago (limit {limit} s).",
        ),
        QT_TRANSLATE_NOOP("Refusals", "Check the instrument's connection."),
    ),
    "environment-out-of-window": (
        QT_TRANSLATE_NOOP("Refusals", "{quantity} {value} {unit} is outside its window {window}."),
        QT_TRANSLATE_NOOP("Refusals", "Wait for conditions to recover or tell your supervisor."),
    ),
    "environment-out-of-calibration": (
        QT_TRANSLATE_NOOP(
            "Refusals", "{instrument} ({quantity}) is out of calibration (due {due})."
        ),
        QT_TRANSLATE_NOOP("Refusals", "Ask a technician to calibrate it."),
    ),
    "profile-missing": (
        QT_TRANSLATE_NOOP("Refusals", "Board {board} has no reflow profile on record."),
        QT_TRANSLATE_NOOP("Refusals", "Profile the oven run or tell your supervisor."),
    ),
}

#: What to do about a refusal whose core message says only why (no template).
WHAT_TO_DO: dict[Rule, str] = {
    Rule.SCANNED_TWICE: QT_TRANSLATE_NOOP(
        "Refusals", "Nothing to do: it is on the list already. Scan the next part."
    ),
    Rule.NOT_ON_BOM: QT_TRANSLATE_NOOP("Refusals", "Put the part back and scan one from the list."),
    Rule.UNIT_DI_MISMATCH: QT_TRANSLATE_NOOP(
        "Refusals", "Check that this unit belongs to this work order and step."
    ),
    Rule.STEP_UNKNOWN: QT_TRANSLATE_NOOP(
        "Refusals", "Scan the work order sheet of a released order for this station."
    ),
}
TELL_SUPERVISOR = QT_TRANSLATE_NOOP("Refusals", "Set the part aside and tell your supervisor.")

#: Environment quantities as the operator says them (the core's ``QUANTITY_NAMES``).
QUANTITIES: dict[str, str] = {
    "relative_humidity": QT_TRANSLATE_NOOP("Refusals", "Humidity"),
    "temperature": QT_TRANSLATE_NOOP("Refusals", "Temperature"),
    "o2_ppm": QT_TRANSLATE_NOOP("Refusals", "Residual O₂"),
    "dew_point": QT_TRANSLATE_NOOP("Refusals", "Dew point"),
}


#: A lot's status as the operator says it.
LOT_STATUSES: dict[str, str] = {
    "released": QT_TRANSLATE_NOOP("Refusals", "released"),
    "quarantined": QT_TRANSLATE_NOOP("Refusals", "quarantined"),
    "blocked": QT_TRANSLATE_NOOP("Refusals", "blocked"),
    "rejected": QT_TRANSLATE_NOOP("Refusals", "rejected"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def quantity(name: str) -> str:
    """An environment quantity in the reader's language (``relative_humidity`` -> Humidity)."""
    known = QUANTITIES.get(name)
    return _tr(known) if known else name


def _capital(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}" if text else text


def why_and_what(finding: Finding | None, message: str) -> tuple[str, str]:
    """The refusal's reason and what to do, each a sentence in the reader's language.

    A finding with a known template is said from the template; any other is the core's English
    message split at its last ": " (why: what to do), with the rule's usual to-do when it has none.
    """
    if finding is not None and finding.template in TEMPLATES:
        why, todo = TEMPLATES[finding.template]
        args = dict(finding.args)
        if "quantity" in args:
            args["quantity"] = quantity(args["quantity"])
        if "status" in args:
            args["status"] = _tr(LOT_STATUSES.get(args["status"], args["status"]))
        try:
            return _tr(why).format(**args), _tr(todo).format(**args)
        except (KeyError, IndexError, ValueError):
            pass  # a translation naming a value the finding lacks: say it as the core did
    if ": " in message:
        why, todo = message.rsplit(": ", 1)
        return f"{_capital(why)}.", _capital(todo)
    rule = None if finding is None else finding.rule
    todo = _tr(WHAT_TO_DO.get(rule, TELL_SUPERVISOR)) if rule is not None else _tr(TELL_SUPERVISOR)
    return (f"{_capital(message)}." if message else ""), todo


def refusal_text(finding: Finding | None, message: str, blocking: Iterable[Finding] = ()) -> str:
    """The refusal for the feedback banner: the reason(s), then "→ what to do" on its own line."""
    several = [why_and_what(f, f.message) for f in blocking]
    if len(several) > 1:
        reasons = "\n".join(why for why, _ in several)
        todos = dict.fromkeys(todo for _, todo in several)  # in order, each once
        return f"{reasons}\n→ {' '.join(todos)}"
    why, todo = why_and_what(finding, message)
    return f"{why}\n→ {todo}" if why else f"→ {todo}"
