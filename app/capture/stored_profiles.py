"""The capture core's profile source over the station database: record profiles, read verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app.capture.sources import ProfileCheck
from app.domain.profile import ProfileSpec, ThermalProfile
from app.store.profiles import StoredProfile, latest_for, record_profile, record_reported
from app.store.station_store import StationStore


class StoredProfiles:
    """A ``ProfileSource`` backed by the ``profiles`` tables; also the way profiles get recorded."""

    def __init__(self, store: StationStore, station: str | None = None) -> None:
        """Reads verdicts from ``store``; recording also needs the ``station`` whose chain to use."""
        self.store = store
        self.station = station

    def _station(self) -> str:
        if self.station is None:
            raise ValueError(
                "recording a profile needs the station id (StoredProfiles(store, station))"
            )
        return self.station

    def record(
        self,
        profile: ThermalProfile,
        spec: ProfileSpec,
        *,
        boards: Sequence[str] = (),
        panels: Sequence[str] = (),
        recipe: str | None = None,
        oven: str | None = None,
        instrument: str = "profiler",
        source: str = "profile-stream",
    ) -> StoredProfile:
        """Analyses ``profile`` against ``spec`` and records it with its journal row, atomically.

        Raises:
            ValueError: no board or panel serial.
            ProfileError: the curve cannot be analysed.
            StoreUnavailable: the database cannot be written; nothing was kept.
        """
        station = self._station()
        return self.store.write(
            lambda conn: record_profile(
                conn,
                station=station,
                profile=profile,
                spec=spec,
                boards=boards,
                panels=panels,
                recipe=recipe,
                oven=oven,
                instrument=instrument,
                source=source,
            )
        )

    def record_reported(
        self,
        *,
        spec_name: str,
        passed: bool,
        measured_at: datetime,
        boards: Sequence[str] = (),
        panels: Sequence[str] = (),
        violations: Sequence[str] = (),
        recipe: str | None = None,
        oven: str | None = None,
        instrument: str = "profiler",
        source: str = "cfx",
        details: dict[str, Any] | None = None,
    ) -> str:
        """Records a verdict a profiler reported without its curve; returns the profile id.

        ``drivers.cfx.profile_report(message)`` gives these arguments for an IPC-CFX profiler
        message.
        """
        station = self._station()
        return self.store.write(
            lambda conn: record_reported(
                conn,
                station=station,
                spec_name=spec_name,
                passed=passed,
                measured_at=measured_at,
                boards=boards,
                panels=panels,
                violations=violations,
                recipe=recipe,
                oven=oven,
                instrument=instrument,
                source=source,
                details=details,
            )
        )

    def profile_for(self, board_serial: str) -> ProfileCheck | None:
        """The newest profile check linked to ``board_serial`` (or to it as a panel), or None."""
        found = latest_for(self.store.reader, board_serial)
        if found is None:
            return None
        return ProfileCheck(
            profile_id=found.id,
            spec_name=found.spec_name,
            passed=found.passed,
            measured_at=found.measured_at,
            violations=found.violations,
            recipe=found.recipe,
            sha256=found.sha256,
            metrics=found.summary,
        )
