"""A profiler idle between boards keeps its port; a silent instrument backs off quietly."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from drivers.base import DriverConfig, Health, Reading, SerialSettings
from drivers.profile_stream import ProfileStreamDriver
from drivers.simulators.profiler import ProfilerSimulator
from drivers.worker import InstrumentWorker
from tests.helpers.polling import wait_for

QUICK = {"read_timeout": 0.05, "backoff_s": 0.05, "backoff_max_s": 0.2, "silence_s": 0.2}


@pytest.fixture
def profiler() -> Iterator[ProfilerSimulator]:
    # Not started: the oven has no board in it, the profiler sends nothing.
    simulator = ProfilerSimulator(channels=2, rate_hz=2.0, duration_s=60.0)
    yield simulator
    simulator.close()


def driver(sim: ProfilerSimulator, **options: object) -> ProfileStreamDriver:
    return ProfileStreamDriver(
        DriverConfig(
            "SMT-01-PROFILER", sim.port, SerialSettings.parse("115200 8N1"), 1.0, 0.6, options
        )
    )


def worker_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "drivers.worker" and r.levelno >= logging.WARNING
    ]


def test_an_idle_profiler_keeps_its_port_and_gets_the_next_run(
    profiler: ProfilerSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    readings: list[Reading] = []
    profile = driver(profiler)
    worker = InstrumentWorker(profile, readings.append, **QUICK).start()
    try:
        # Stale comes 0.6 s after the port opened: three times the silence that reopened it before.
        wait_for(
            lambda: profile.status.health is Health.STALE, what="the idle profiler going stale"
        )
        assert worker.reconnects == 1 and worker.failures == 0
        assert worker_warnings(caplog) == []
        profiler.start(ids=(("board", "PCB-IDLE-1"),))
        wait_for(lambda: len(readings) >= 2 * 120, what="the whole run")
        (run,) = wait_for(profile.take_profiles, what="the completed run")
        assert run.complete and run.boards == ["PCB-IDLE-1"] and len(run.times) == 120
        assert worker.reconnects == 1
    finally:
        worker.stop()


def test_a_silent_instrument_backs_off_with_one_warning_and_recovers(
    profiler: ProfilerSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="drivers.worker")
    readings: list[Reading] = []
    # A profiler configured as one that must never be silent is reopened, but quietly.
    worker = InstrumentWorker(
        driver(profiler, idle_between_runs=False),
        readings.append,
        **QUICK,
    ).start()
    try:
        wait_for(lambda: worker.reconnects >= 4, what="several reconnects for silence")
        warnings = worker_warnings(caplog)
        assert len(warnings) == 1 and "nothing from the instrument" in warnings[0]
        quiet = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
        assert quiet and quiet[-1].endswith("reconnecting in 0.2 s")  # backed off to its ceiling
        profiler.start()
        wait_for(lambda: readings, what="readings once it talks")
        wait_for(
            lambda: any("answers again" in r.getMessage() for r in caplog.records),
            what="the recovery in the log",
        )
    finally:
        worker.stop()
