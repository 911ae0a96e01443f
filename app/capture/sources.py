"""What the capture core asks of instruments: the environment provider and the profile source."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from app.domain.clock import iso_ms
from app.domain.environment import Measurement


class EnvironmentProvider(Protocol):
    """Gives the latest measurement of a quantity at this station, or None when no instrument reports it."""

    def latest(self, quantity: str) -> Measurement | None:
        """The newest measurement of ``quantity`` (e.g. ``relative_humidity``, ``o2_ppm``)."""
        ...


class NoInstruments:
    """The provider of a station with no instruments configured: every quantity is missing."""

    def latest(self, quantity: str) -> Measurement | None:
        """Always None: no instrument."""
        return None


class FixedEnvironment:
    """A provider holding measurements handed to it (a manual entry panel, a test, a replay)."""

    def __init__(self, measurements: list[Measurement] | None = None) -> None:
        self._latest: dict[str, Measurement] = {}
        for m in measurements or []:
            self.update(m)

    def update(self, measurement: Measurement) -> None:
        """Keeps ``measurement`` as the latest of its quantity."""
        self._latest[measurement.quantity] = measurement

    def latest(self, quantity: str) -> Measurement | None:
        """The measurement last handed in for ``quantity``."""
        return self._latest.get(quantity)


@dataclass(frozen=True)
class ProfileCheck:
    """The reflow profile a board went through and its verdict against a named specification."""

    profile_id: str
    spec_name: str
    passed: bool
    measured_at: datetime
    violations: tuple[str, ...] = ()
    recipe: str | None = None
    sha256: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)

    def as_content(self) -> dict[str, Any]:
        """The profile reference as bound into a record."""
        return {
            "profile_id": self.profile_id,
            "spec": self.spec_name,
            "passed": self.passed,
            "measured_at": iso_ms(self.measured_at),
            "violations": list(self.violations),
            "recipe": self.recipe,
            "sha256": self.sha256,
            "metrics": self.metrics,
        }


class ProfileSource(Protocol):
    """Finds the reflow profile recorded for a board or panel serial."""

    def profile_for(self, board_serial: str) -> ProfileCheck | None:
        """The newest profile check linked to ``board_serial``, or None."""
        ...


class NoProfiles:
    """The profile source of a station with no profiler: no board has a profile."""

    def profile_for(self, board_serial: str) -> ProfileCheck | None:
        """Always None."""
        return None
