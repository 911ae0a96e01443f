"""Instruments as configured at a station, their calibrations and calibration state.

Plain frozen dataclasses; :mod:`app.store.instruments` stores and journals them, the drivers
build a driver from an :class:`InstrumentConfig`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.environment import Calibration, EnvWindow


class InstrumentError(ValueError):
    """An instrument configuration or calibration that cannot be stored; the message says why."""


@dataclass(frozen=True)
class InstrumentConfig:
    """One instrument as configured at a station."""

    id: str
    driver: str
    port: str = ""
    serial: str = "9600 8N1"
    poll_interval_s: float = 1.0
    stale_after_s: float = 10.0
    options: dict[str, Any] = field(default_factory=dict)
    alarms: tuple[EnvWindow, ...] = ()
    name: str = ""
    active: bool = True
    revision: int = 0

    def check(self) -> None:
        """Refuses a configuration that cannot work.

        Raises:
            InstrumentError: naming the field.
        """
        if not self.id or not self.id.strip() or any(c.isspace() for c in self.id):
            raise InstrumentError(f"instrument id {self.id!r}: give a name without spaces")
        if not self.driver:
            raise InstrumentError(f"instrument {self.id}: no driver given")
        if not self.poll_interval_s > 0:
            raise InstrumentError(f"instrument {self.id}: poll interval must be above 0 s")
        if not self.stale_after_s > 0:
            raise InstrumentError(f"instrument {self.id}: stale-after must be above 0 s")
        for window in self.alarms:
            if window.low is not None and window.high is not None and window.low > window.high:
                raise InstrumentError(
                    f"instrument {self.id}: alarm window for {window.quantity} has low above high"
                )

    def as_content(self) -> dict[str, Any]:
        """The configuration as journalled."""
        return {
            "id": self.id,
            "name": self.name,
            "driver": self.driver,
            "port": self.port,
            "serial": self.serial,
            "poll_interval_s": self.poll_interval_s,
            "stale_after_s": self.stale_after_s,
            "options": self.options,
            "alarms": [w.as_content() for w in self.alarms],
            "active": self.active,
            "revision": self.revision,
        }


@dataclass(frozen=True)
class CalibrationPoint:
    """One test point of a calibration: the reference value, what the instrument read before
    adjustment (as found) and after (as left), and the tolerance either may deviate by."""

    quantity: str
    reference: float
    as_found: float
    as_left: float
    tolerance: float  # ± in the quantity's unit
    unit: str = ""

    @property
    def found_ok(self) -> bool:
        """Whether the instrument was within tolerance when it came in."""
        return abs(self.as_found - self.reference) <= self.tolerance

    @property
    def left_ok(self) -> bool:
        """Whether the instrument is within tolerance as it goes back into service."""
        return abs(self.as_left - self.reference) <= self.tolerance

    def as_content(self) -> dict[str, Any]:
        """The point as journalled, with both verdicts."""
        return {
            "quantity": self.quantity,
            "unit": self.unit,
            "reference": self.reference,
            "as_found": self.as_found,
            "as_left": self.as_left,
            "tolerance": self.tolerance,
            "found": "pass" if self.found_ok else "fail",
            "left": "pass" if self.left_ok else "fail",
        }

    @classmethod
    def from_content(cls, data: dict[str, Any]) -> CalibrationPoint:
        """A point as journalled."""
        return cls(
            str(data["quantity"]),
            float(data["reference"]),
            float(data["as_found"]),
            float(data["as_left"]),
            float(data["tolerance"]),
            str(data.get("unit", "")),
        )


@dataclass(frozen=True)
class CalibrationRecord:
    """One calibration of an instrument, with its test points when they were recorded."""

    id: str
    instrument: str
    performed_on: date
    due_on: date
    certificate: str
    performed_by: str
    recorded_at: datetime
    points: tuple[CalibrationPoint, ...] = ()

    @property
    def as_found(self) -> str:
        """``pass``/``fail`` over every point as found ("" without points): a fail means records
        made since the previous calibration may rest on wrong readings."""
        if not self.points:
            return ""
        return "pass" if all(p.found_ok for p in self.points) else "fail"

    @property
    def as_left(self) -> str:
        """``pass``/``fail`` over every point as left ("" without points)."""
        if not self.points:
            return ""
        return "pass" if all(p.left_ok for p in self.points) else "fail"

    def as_content(self) -> dict[str, Any]:
        """The calibration as journalled (test points and verdicts only when recorded, so
        calibrations without them keep their shape)."""
        content: dict[str, Any] = {
            "id": self.id,
            "instrument": self.instrument,
            "performed_on": self.performed_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "certificate": self.certificate,
            "performed_by": self.performed_by,
        }
        if self.points:
            content["points"] = [p.as_content() for p in self.points]
            content["as_found"] = self.as_found
            content["as_left"] = self.as_left
        return content


@dataclass(frozen=True)
class CalibrationStatus:
    """An instrument's calibration state on a given day, with a line for people."""

    instrument: str
    state: Calibration
    due_on: date | None
    days_left: int | None

    def describe(self) -> str:
        """E.g. ``hmt-1: calibration due in 9 days (2026-12-07)``."""
        if self.due_on is None or self.days_left is None:
            return f"{self.instrument}: never calibrated"
        if self.state is Calibration.OVERDUE:
            return (
                f"{self.instrument}: calibration overdue by {-self.days_left} days "
                f"(was due {self.due_on.isoformat()})"
            )
        return f"{self.instrument}: calibration due in {self.days_left} days ({self.due_on.isoformat()})"
