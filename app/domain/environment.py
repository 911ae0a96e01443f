"""Environmental context: measurements, their windows, and the snapshot bound into a record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.clock import iso_ms


class Calibration(StrEnum):
    """Calibration state of the instrument a value came from, on the day it was read."""

    VALID = "valid"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    NONE = "none"

    @property
    def in_calibration(self) -> bool:
        """Whether a value from the instrument may be relied on."""
        return self in (Calibration.VALID, Calibration.DUE_SOON)


def calibration_state(due: date | None, on: date, warn_days: int = 14) -> Calibration:
    """The calibration state on day ``on`` of an instrument due on ``due``."""
    if due is None:
        return Calibration.NONE
    if on > due:
        return Calibration.OVERDUE
    if on > due - timedelta(days=warn_days):
        return Calibration.DUE_SOON
    return Calibration.VALID


@dataclass(frozen=True)
class Measurement:
    """The latest value an instrument reported for one quantity."""

    instrument: str
    quantity: str
    value: float
    unit: str
    read_at: datetime
    calibration: Calibration = Calibration.NONE
    calibration_due: date | None = None
    quality: str = "good"


#: What people call each measured quantity (the keys stay in records and configuration).
QUANTITY_NAMES = {
    "relative_humidity": "Humidity",
    "temperature": "Temperature",
    "o2_ppm": "Residual O₂",
    "dew_point": "Dew point",
}


def quantity_name(quantity: str) -> str:
    """The quantity as people say it: ``relative_humidity`` -> ``Humidity``."""
    return QUANTITY_NAMES.get(quantity, quantity.replace("_", " ").capitalize())


@dataclass(frozen=True)
class EnvWindow:
    """What a step requires of one quantity: its window and how old a value may be."""

    quantity: str
    unit: str
    low: float | None = None
    high: float | None = None
    max_age_s: float = 120.0

    @classmethod
    def from_content(cls, data: dict[str, Any]) -> EnvWindow:
        """Reads a window as stored in a step's configuration."""
        return cls(
            quantity=str(data["quantity"]),
            unit=str(data.get("unit", "")),
            low=None if data.get("low") is None else float(data["low"]),
            high=None if data.get("high") is None else float(data["high"]),
            max_age_s=float(data.get("max_age_s", 120.0)),
        )

    def as_content(self) -> dict[str, Any]:
        """The window as stored and bound into records."""
        return {
            "quantity": self.quantity,
            "unit": self.unit,
            "low": self.low,
            "high": self.high,
            "max_age_s": self.max_age_s,
        }

    def describe(self) -> str:
        """The window for people, e.g. ``30–60 %RH``."""
        if self.low is not None and self.high is not None:
            return f"{self.low:g}–{self.high:g} {self.unit}"
        if self.low is not None:
            return f"≥ {self.low:g} {self.unit}"
        if self.high is not None:
            return f"≤ {self.high:g} {self.unit}"
        return "any value"


class EnvStatus(StrEnum):
    """How a value stood against its window when the record was committed."""

    OK = "ok"
    MISSING = "missing"
    STALE = "stale"
    OUT_OF_WINDOW = "out-of-window"
    OUT_OF_CALIBRATION = "out-of-calibration"


@dataclass(frozen=True)
class EnvValue:
    """One quantity of the snapshot: the value as measured, never replaced by a later one."""

    window: EnvWindow
    measurement: Measurement | None
    age_s: float | None
    status: EnvStatus

    def as_content(self) -> dict[str, Any]:
        """The value as bound into a record."""
        m = self.measurement
        return {
            "quantity": self.window.quantity,
            "value": None if m is None else m.value,
            "unit": self.window.unit if m is None else m.unit,
            "instrument": None if m is None else m.instrument,
            "read_at": None if m is None else iso_ms(m.read_at),
            "age_s": None if self.age_s is None else round(self.age_s, 3),
            "calibration": str(Calibration.NONE if m is None else m.calibration),
            "calibration_due": None
            if m is None or m.calibration_due is None
            else m.calibration_due.isoformat(),
            "quality": None if m is None else m.quality,
            "window": self.window.as_content(),
            "status": str(self.status),
        }

    def describe(self) -> str:
        """A line for people, e.g. ``relative_humidity 72.0 %RH (window 30–60 %RH)``."""
        m = self.measurement
        if m is None:
            return f"{quantity_name(self.window.quantity)}: no instrument reports it"
        text = f"{quantity_name(self.window.quantity)} {m.value:g} {m.unit} from {m.instrument}"
        if self.status is EnvStatus.STALE:
            return f"{text}, read {self.age_s:.0f} s ago (limit {self.window.max_age_s:g} s)"
        if self.status is EnvStatus.OUT_OF_WINDOW:
            return f"{text}, outside its window {self.window.describe()}"
        if self.status is EnvStatus.OUT_OF_CALIBRATION:
            due = m.calibration_due.isoformat() if m.calibration_due else "never calibrated"
            return f"{text}, instrument out of calibration (due {due})"
        return text


def assess(window: EnvWindow, measurement: Measurement | None, now: datetime) -> EnvValue:
    """Judges one measurement against its window at time ``now``.

    The worst state wins in this order: missing, stale, out of calibration, out of window.
    """
    if measurement is None:
        return EnvValue(window, None, None, EnvStatus.MISSING)
    age = max(0.0, (now - measurement.read_at).total_seconds())
    if age > window.max_age_s:
        status = EnvStatus.STALE
    elif not measurement.calibration.in_calibration:
        status = EnvStatus.OUT_OF_CALIBRATION
    elif (window.low is not None and measurement.value < window.low) or (
        window.high is not None and measurement.value > window.high
    ):
        status = EnvStatus.OUT_OF_WINDOW
    else:
        status = EnvStatus.OK
    return EnvValue(window, measurement, age, status)
