"""The profile stream driver against the profiler simulator over a real pty, faults included."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from app.domain.profile import evaluate
from app.domain.profile_specs import SAC305_PASTE
from drivers import registry
from drivers.base import (
    DriverConfig,
    Health,
    PortLost,
    ProtocolError,
    Quality,
    Reading,
    Status,
)
from drivers.profile_stream import ProfileStreamDriver, decode, frame, profiles_from_transcript
from drivers.simulators.profiler import ProfilerSimulator
from drivers.worker import InstrumentWorker

DOC_EXAMPLE = (
    b"RUN,R0042,2026-11-28T09:30:00.000Z,TC1,TC2*08\r\n"
    b"ID,board,PCB-200-9000001*2C\r\n"
    b"ID,recipe,SAC305-N2*33\r\n"
    b"S,0.0,24.8,25.1*59\r\n"
    b"S,0.1,24.9,25.1*59\r\n"
    b"END,R0042,2*29\r\n"
)


@pytest.fixture
def sim() -> Iterator[ProfilerSimulator]:
    s = ProfilerSimulator(speed=0, duration_s=400.0)
    yield s
    s.close()


def driver_for(sim: ProfilerSimulator, stale_after_s: float = 10.0) -> ProfileStreamDriver:
    d = ProfileStreamDriver(DriverConfig("oven-1-profiler", sim.port, stale_after_s=stale_after_s))
    d.open()
    return d


def read_until(d: ProfileStreamDriver, pred: object, deadline_s: float = 10.0) -> list[Reading]:
    """Reads until ``pred(reading)`` holds or the stream goes quiet; returns what was read."""
    got: list[Reading] = []
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        r = d.read(0.5)
        if r is None:
            break
        got.append(r)
        if callable(pred) and pred(r):
            break
    return got


def read_forever(d: ProfileStreamDriver, deadline_s: float = 10.0) -> None:
    """Reads until the driver raises (the test expects it to) or the deadline passes."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        d.read(0.2)


def test_documented_example_decodes() -> None:
    readings = list(decode(DOC_EXAMPLE, "p"))
    assert [(r.quantity, r.value) for r in readings[:2]] == [
        ("profile.TC1", 24.8),
        ("profile.TC2", 25.1),
    ]
    assert readings[2].read_at.isoformat() == "2026-11-28T09:30:00.100000+00:00"
    (run,) = profiles_from_transcript(DOC_EXAMPLE)
    assert run.complete and run.run_id == "R0042" and run.channels == ("TC1", "TC2")
    assert run.boards == ["PCB-200-9000001"] and run.recipe == "SAC305-N2"


def test_decode_takes_a_raw_capture_with_echo_prompts_bare_cr_and_stx_framing() -> None:
    capture = (
        b"> START\r> "
        + b"\x02"
        + frame("RUN,R7,2026-11-28T09:30:00.000Z,A,B").rstrip()
        + b"\x03"
        + b"S,0.0,25.0,25.5*"
        + b"00\r"  # damaged checksum: skipped
        + b"> "
        + frame("S,0.5,30.0,OPEN").rstrip()
        + b"\r"
        + frame("S,1.0,31.0,999.0").replace(b"\r\n", b"\n")
    )
    readings = list(decode(capture, "p"))
    assert [(r.quantity, r.value, r.quality) for r in readings] == [
        ("profile.A", 30.0, Quality.GOOD),
        ("profile.B", None, Quality.MISSING),
        ("profile.A", 31.0, Quality.GOOD),
        ("profile.B", 999.0, Quality.OUT_OF_RANGE),
    ]


def test_registry_names_the_driver() -> None:
    info = registry.get("profile-stream")
    assert info.decode is decode
    assert info.default_serial.baudrate == 115200


def test_a_whole_run_over_the_pty_gives_the_simulated_profile(sim: ProfilerSimulator) -> None:
    d = driver_for(sim)
    sim.start()
    got = read_until(d, None)
    assert len(got) == len(sim.times) * 6
    assert d.status.health is Health.CONNECTED
    (run,) = d.take_profiles()
    assert run.complete
    profile = run.profile()
    assert profile.channels == sim.names
    assert (profile.temps_c == sim.temps).all()
    verdict = evaluate(profile, SAC305_PASTE)
    assert verdict.passed, verdict.messages
    d.close()


def test_garbage_partial_lines_range_open_and_device_errors(sim: ProfilerSimulator) -> None:
    d = driver_for(sim)
    sim.pause()
    sim.start()
    sim.garbage(60)
    sim.resume()
    assert sim.wait_sent(20)
    sim.device_error("E12", "cold junction sensor fault")
    sim.out_of_range(2)
    sim.open_thermocouple(4)
    sim.partial()
    got = read_until(d, None)
    errors = [r for r in got if r.quality is Quality.ERROR]
    assert [e.note for e in errors] == ["profiler error E12: cold junction sensor fault"]
    (bad_range,) = [r for r in got if r.quality is Quality.OUT_OF_RANGE]
    assert bad_range.quantity == "profile.TC3" and bad_range.value == 1372.0
    assert [r.quantity for r in got if r.quality is Quality.MISSING] == ["profile.TC5"]
    assert d.bad_lines >= 1  # the cut line ran into the next one and was dropped
    assert not any(r.value is not None and r.value > 450 and r.quality is Quality.GOOD for r in got)
    (run,) = d.take_profiles()
    profile = run.profile()
    # The rejected values are gaps, not numbers; the lost lines are counted in the metadata.
    assert np.isnan(profile.temps_c[:, 2]).sum() == 1
    assert np.nanmax(profile.temps_c[:, 2]) < 300
    assert np.isnan(profile.temps_c[:, 4]).sum() == 1
    assert int(run.profile().meta["samples_lost"]) >= 1
    d.close()


def test_silence_makes_the_driver_stale_then_data_brings_it_back() -> None:
    # Real time (10 samples/s), so sample times and arrival times agree as with a real profiler.
    sim = ProfilerSimulator(speed=10.0, duration_s=30.0)
    d = driver_for(sim, stale_after_s=0.3)
    sim.start()
    assert d.read(2.0) is not None
    sim.slow(1.0)
    read_until(d, None, deadline_s=2.0)
    # Nothing for longer than stale_after_s: stale, with the reason.
    deadline = time.monotonic() + 2.0
    while d.status.health is not Health.STALE and time.monotonic() < deadline:
        d.read(0.05)
    assert d.status.health is Health.STALE
    assert "for" in d.status.reason
    assert d.read(3.0) is not None
    assert d.status.health is Health.CONNECTED
    d.close()
    sim.close()


def test_unplugging_raises_port_lost_and_faults_the_status(sim: ProfilerSimulator) -> None:
    d = driver_for(sim)
    sim.start()
    assert d.read(2.0) is not None
    sim.unplug()
    with pytest.raises(PortLost):
        read_forever(d)
    assert d.status.health is Health.FAULTED
    assert "vanished" in d.status.reason
    d.close()
    with pytest.raises(PortLost):
        driver_for(sim)


def test_a_stream_of_garbage_is_a_protocol_error(sim: ProfilerSimulator) -> None:
    d = driver_for(sim)
    sim.noise_lines(6)
    sim.start()
    with pytest.raises(ProtocolError, match="damaged lines in a row"):
        read_forever(d)
    assert d.status.health is Health.FAULTED
    d.close()


def test_the_worker_reconnects_when_the_profiler_is_plugged_back(tmp_path: Path) -> None:
    sim = ProfilerSimulator(speed=500.0, duration_s=120.0, link=tmp_path / "ttyPROFILER")
    driver = ProfileStreamDriver(DriverConfig("oven-1-profiler", sim.port, stale_after_s=1.0))
    got: queue.Queue[Reading] = queue.Queue()
    statuses: list[Status] = []
    worker = InstrumentWorker(
        driver,
        got.put,
        on_status=statuses.append,
        read_timeout=0.1,
        backoff_s=0.05,
        backoff_max_s=0.2,
    ).start()
    try:
        sim.start()
        assert got.get(timeout=5.0).quality is Quality.GOOD
        sim.unplug()
        deadline = time.monotonic() + 5.0
        while not any(s.health is Health.FAULTED for s in statuses) and time.monotonic() < deadline:
            time.sleep(0.01)  # polling the worker's status with a deadline, not waiting blindly
        assert any(s.health is Health.FAULTED and "reconnecting" in s.reason for s in statuses)
        before = worker.readings  # the port is gone: anything after this comes from the new pty
        sim.replug()
        sim.start()
        deadline = time.monotonic() + 10.0
        while worker.readings < before + 60 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert worker.readings >= before + 60
        assert worker.status.health is Health.CONNECTED
        assert worker.reconnects >= 2
    finally:
        worker.stop()
        sim.close()


def test_joining_mid_run_names_channels_from_the_options(sim: ProfilerSimulator) -> None:
    names = ["BGA", "QFN", "0402", "CONN", "EDGE", "CENTRE"]
    d = ProfileStreamDriver(DriverConfig("p", sim.port, options={"channels": names}))
    sim.start()
    assert sim.wait_sent(50)
    d.open()  # opening flushes what was sent before: the RUN line is missed
    first = d.read(2.0)
    assert first is not None and first.quantity == "profile.BGA"
    d.close()
    with pytest.raises(ValueError, match="list of thermocouple names"):
        ProfileStreamDriver(DriverConfig("p", sim.port, options={"channels": "TC1"}))
