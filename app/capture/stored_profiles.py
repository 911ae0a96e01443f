"""The capture core's profile source over the station database: record profiles, read verdicts."""

from __future__ import annotations

from collections.abc import Sequence

from app.capture.sources import ProfileCheck
from app.domain.profile import ProfileSpec, ThermalProfile
from app.store.profiles import StoredProfile, latest_for, record_profile
from app.store.station_store import StationStore


class StoredProfiles:
    """A ``ProfileSource`` backed by the ``profiles`` tables; also the way profiles get recorded."""

    def __init__(self, store: StationStore, station: str) -> None:
        self.store = store
        self.station = station

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
        return self.store.write(
            lambda conn: record_profile(
                conn,
                station=self.station,
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
