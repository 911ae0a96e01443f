"""The capture core's profile source over the station database: record profiles, read verdicts."""

from __future__ import annotations

from typing import Unpack

from app.capture.sources import ProfileCheck
from app.domain.profile import ProfileSpec, ThermalProfile
from app.store.profiles import (
    ProfileLinks,
    ProfileSummary,
    ReportedProfile,
    StoredProfile,
    latest_for,
    record_profile,
    record_reported,
)
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
        self, profile: ThermalProfile, spec: ProfileSpec, **links: Unpack[ProfileLinks]
    ) -> StoredProfile:
        """Analyses ``profile`` against ``spec`` and records it with its journal row, atomically.

        ``links`` are :func:`app.store.profiles.record_profile`'s: boards, panels, recipe, oven,
        instrument, source.

        Raises:
            ValueError: no board or panel serial.
            ProfileError: the curve cannot be analysed.
            StoreUnavailable: the database cannot be written; nothing was kept.
        """
        station = self._station()
        return self.store.write(
            lambda conn: record_profile(conn, station=station, profile=profile, spec=spec, **links)
        )

    def record_reported(self, **report: Unpack[ReportedProfile]) -> str:
        """Records a verdict a profiler reported without its curve; returns the profile id.

        ``drivers.cfx.profile_report(message)`` gives these arguments for an IPC-CFX profiler
        message.
        """
        station = self._station()
        return self.store.write(lambda conn: record_reported(conn, station=station, **report))

    def profile_for(self, board_serial: str) -> ProfileCheck | None:
        """The newest profile check linked to ``board_serial`` (or to it as a panel), or None."""
        found = latest_for(self.store.reader, board_serial)
        return None if found is None else profile_check(found)


def profile_check(found: ProfileSummary) -> ProfileCheck:
    """The profile reference a capture record binds, from the stored profile's summary."""
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
