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
class CalibrationRecord:
    """One calibration of an instrument."""

    id: str
    instrument: str
    performed_on: date
    due_on: date
    certificate: str
    performed_by: str
    recorded_at: datetime

    def as_content(self) -> dict[str, Any]:
        """The calibration as journalled."""
        return {
            "id": self.id,
            "instrument": self.instrument,
            "performed_on": self.performed_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "certificate": self.certificate,
            "performed_by": self.performed_by,
        }


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
