"""Shared set-ups of the supervisor review tests: a supervisor's session, a flagged record, a busy shift."""

from __future__ import annotations

from datetime import UTC, datetime

from app.capture import demo_line
from app.capture.session import CaptureSession
from app.capture.shifts import Shift
from app.capture.sources import FixedEnvironment
from app.domain.environment import Calibration, Measurement
from tests.helpers.stations import DemoStation

PASSWORD = demo_line.DEMO_PASSWORD  # what the demo supervisor logs in and signs with


def supervisor(station: DemoStation, where: str = "FA-01") -> CaptureSession:
    session = station.session(where)
    session.login_password("supervisor", demo_line.DEMO_PASSWORD)
    return session


def humid_record(station: DemoStation, serial: str = "SN-IP-200-7100001") -> str:
    """Commits a unit at FA-01 (environment rules: flag) with humidity out of its window."""
    now = datetime.now(UTC)
    env = FixedEnvironment(
        [
            Measurement("FA-01-HMT330", "relative_humidity", 71.5, "%RH", now, Calibration.VALID),
            Measurement("FA-01-HMT330", "temperature", 22.0, "°C", now, Calibration.VALID),
        ]
    )
    session = station.session("FA-01", environment=env)
    session.scan("BDG-1002")
    session.scan(station.udi(serial))
    session.scan(station.free_pcb())
    for lot in station.final_components():
        session.scan(lot)
    return session.commit().key


def busiest_shift(station: DemoStation) -> Shift:
    at = station.conn.execute(
        "SELECT recorded_at FROM assemblies ORDER BY recorded_at LIMIT 1 OFFSET 30"
    ).fetchone()[0]
    return Shift.at(datetime.fromisoformat(at))


def record_profile_run(station: DemoStation, board: str, *, cold_by: float = 0.0) -> str:
    """Records a six-thermocouple reflow run for ``board`` at SMT-01; returns the profile id.

    ``cold_by`` cools the last thermocouple (the big BGA) so the run fails the paste window.
    """
    import numpy as np

    from app.capture.stored_profiles import StoredProfiles
    from app.domain.profile import ThermalProfile
    from app.domain.profile_specs import SAC305_PASTE
    from drivers.simulators.profiler import reflow_curves

    times, temps = reflow_curves(rate_hz=2.0)
    temps = temps - np.array([0, 0, 0, 0, 0, cold_by])
    profile = ThermalProfile(
        tuple(f"TC{i + 1}" for i in range(temps.shape[1])),
        times,
        temps,
        meta={"oven": "Heller 1809 MK5", "profiler": "KIC K2 #4471"},
    )
    stored = StoredProfiles(station.store, "SMT-01").record(
        profile, SAC305_PASTE, boards=[board], oven="Heller 1809 MK5", recipe="SAC305-N2"
    )
    return stored.id
