"""The live environment and the instrument workers feeding it: readings flow, faults show, nothing is invented."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from app.capture.live import LiveEnvironment
from app.domain.environment import Calibration
from app.domain.verdict import Status as Verdict
from drivers.base import DriverConfig, Health, SerialSettings
from drivers.rapidox import RapidoxDriver
from drivers.simulators.line import Fault
from drivers.simulators.rapidox import RapidoxSimulator
from drivers.simulators.vaisala import VaisalaSimulator
from drivers.vaisala import VaisalaDriver
from drivers.worker import InstrumentWorker
from tests.helpers.polling import wait_for
from tests.helpers.stations import DemoStation

FAST = {"read_timeout": 0.05, "backoff_s": 0.05, "backoff_max_s": 0.2, "silence_s": 0.6}


@pytest.fixture
def sim() -> Iterator[VaisalaSimulator]:
    simulator = VaisalaSimulator(rh=45.0, t=22.0).start()
    yield simulator
    simulator.stop()


def vaisala(sim: VaisalaSimulator, instrument: str = "FA-01-HMT330") -> VaisalaDriver:
    return VaisalaDriver(
        DriverConfig(
            instrument,
            sim.port,
            SerialSettings.parse("4800 7E1"),
            0.02,
            5.0,
            {"reply_timeout_s": 0.2},
        )
    )


@pytest.fixture
def live(sim: VaisalaSimulator) -> Iterator[LiveEnvironment]:
    env = LiveEnvironment({"FA-01-HMT330": date.today() + timedelta(days=100)})
    env.run([vaisala(sim)], **FAST)
    yield env
    env.stop()


def test_live_measurements_carry_the_instruments_calibration(live: LiveEnvironment) -> None:
    rh = wait_for(lambda: live.latest("relative_humidity"), what="a humidity reading")
    assert rh.instrument == "FA-01-HMT330"
    assert rh.value == pytest.approx(45, abs=2) and rh.unit == "%RH"
    assert rh.calibration is Calibration.VALID
    assert rh.calibration_due == date.today() + timedelta(days=100)
    assert wait_for(lambda: live.latest("dew_point"), what="a dew point").unit == "°C"
    assert live.statuses()["FA-01-HMT330"].health is Health.CONNECTED


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (30, Calibration.VALID),
        (5, Calibration.DUE_SOON),
        (-1, Calibration.OVERDUE),
        (None, Calibration.NONE),
    ],
)
def test_calibration_state_on_the_day_read(
    sim: VaisalaSimulator, days: int | None, state: Calibration
) -> None:
    due = None if days is None else date.today() + timedelta(days=days)
    env = LiveEnvironment({"FA-01-HMT330": due}).run([vaisala(sim)], **FAST)
    try:
        t = wait_for(lambda: env.latest("temperature"), what="a temperature")
    finally:
        env.stop()
    assert t.calibration is state
    assert t.calibration_due == due


def test_unplugged_instrument_is_faulted_keeps_its_last_real_time_and_comes_back(
    sim: VaisalaSimulator, live: LiveEnvironment
) -> None:
    worker = live.workers[0]
    wait_for(lambda: live.latest("relative_humidity"), what="a first reading")
    sim.set_fault(Fault.UNPLUG)
    wait_for(lambda: worker.status.health is Health.FAULTED, what="the fault to show")
    assert "reconnecting in" in worker.status.reason
    last = live.latest("relative_humidity")
    assert last is not None
    wait_for(lambda: worker.failures >= 3, what="reconnect attempts")
    assert "does not exist" in worker.status.reason
    # No reading came while the port was gone: the last one keeps its real time (it goes stale).
    assert live.latest("relative_humidity") == last
    sim.set_fault(Fault.UNPLUG, False)
    wait_for(
        lambda: (m := live.latest("relative_humidity")) is not None and m.read_at > last.read_at,
        what="readings after re-plugging",
    )
    wait_for(lambda: worker.status.health is Health.CONNECTED, what="connected again")
    assert worker.alive


def test_instrument_error_makes_the_quantity_missing_with_the_reason(
    sim: VaisalaSimulator, live: LiveEnvironment
) -> None:
    wait_for(lambda: live.latest("temperature"), what="a first reading")
    sim.set_fault(Fault.ERROR)
    wait_for(lambda: live.latest("temperature") is None, what="the value to be withdrawn")
    problem = live.problem("temperature")
    assert problem is not None and problem.quality == "error" and "E40" in problem.note
    sim.clear_faults()
    wait_for(lambda: live.latest("temperature"), what="values again")
    assert live.problem("temperature") is None


def test_out_of_range_value_never_stands_as_a_measurement(
    sim: VaisalaSimulator, live: LiveEnvironment
) -> None:
    wait_for(lambda: live.latest("relative_humidity"), what="a first reading")
    sim.set_fault(Fault.OUT_OF_RANGE)
    wait_for(lambda: live.latest("relative_humidity") is None, what="the value to be withdrawn")
    problem = live.problem("relative_humidity")
    assert problem is not None and problem.quality == "out-of-range"


@pytest.mark.parametrize("fault", [Fault.GARBAGE, Fault.PARTIAL, Fault.SLOW])
def test_line_faults_reconnect_and_recover(
    sim: VaisalaSimulator, live: LiveEnvironment, fault: Fault
) -> None:
    worker = live.workers[0]
    wait_for(lambda: live.latest("relative_humidity"), what="a first reading")
    reconnects = worker.reconnects
    sim.set_fault(fault)
    wait_for(lambda: worker.status.health is Health.FAULTED, what=f"{fault} to show")
    sim.clear_faults()
    if fault is Fault.GARBAGE:
        # Nonsense on the line: the port is closed and opened again (after a back-off).
        wait_for(lambda: worker.reconnects > reconnects, what="a reconnect")
    before = live.latest("relative_humidity")
    assert before is not None
    wait_for(
        lambda: (m := live.latest("relative_humidity")) is not None and m.read_at > before.read_at,
        what="fresh readings",
    )
    wait_for(lambda: worker.status.health is Health.CONNECTED, what="connected again")


def test_a_dead_instrument_does_not_hold_up_the_others(sim: VaisalaSimulator) -> None:
    o2 = RapidoxSimulator()
    o2.pty.unplug()  # never plugged in
    dead = RapidoxDriver(DriverConfig("O2-dead", o2.port, poll_interval_s=0.02))
    env = LiveEnvironment().run([dead, vaisala(sim)], **FAST)
    try:
        wait_for(lambda: env.latest("relative_humidity"), what="the live instrument's readings")
        assert env.latest("o2_ppm") is None
        assert env.statuses()["O2-dead"].health is Health.FAULTED
    finally:
        env.stop()
        o2.stop()


def test_stop_ends_the_thread_and_frees_the_port(sim: VaisalaSimulator) -> None:
    driver = vaisala(sim)
    worker = InstrumentWorker(driver, lambda r: None, **FAST).start()  # type: ignore[arg-type]
    wait_for(lambda: worker.readings > 0, what="readings")
    worker.stop()
    assert not worker.alive
    assert driver.status.health is Health.CLOSED


def test_the_ui_hears_of_readings_and_status_changes(sim: VaisalaSimulator) -> None:
    readings: list[str] = []
    changes: list[tuple[str, Health]] = []
    env = LiveEnvironment().run(
        [vaisala(sim)],
        on_reading=lambda r: readings.append(r.quantity),
        on_status=lambda name, s: changes.append((name, s.health)),
        **FAST,
    )
    try:
        wait_for(lambda: "dew_point" in readings, what="readings")
        sim.set_fault(Fault.UNPLUG)
        wait_for(lambda: ("FA-01-HMT330", Health.FAULTED) in changes, what="the fault")
    finally:
        env.stop()
    assert changes[0] == ("FA-01-HMT330", Health.CONNECTED)


def test_status_changes_reach_the_listener(sim: VaisalaSimulator) -> None:
    seen: list[Health] = []
    worker = InstrumentWorker(
        vaisala(sim),
        lambda r: None,
        on_status=lambda s: seen.append(s.health),
        **FAST,  # type: ignore[arg-type]
    ).start()
    try:
        wait_for(lambda: Health.CONNECTED in seen, what="connected")
        sim.set_fault(Fault.UNPLUG)
        wait_for(lambda: Health.FAULTED in seen, what="faulted")
    finally:
        worker.stop()


def test_capture_binds_live_readings_with_instrument_and_calibration(
    station: DemoStation, sim: VaisalaSimulator
) -> None:
    env = LiveEnvironment({"FA-01-HMT330": date.today() + timedelta(days=100)})
    env.run([vaisala(sim)], **FAST)
    try:
        wait_for(lambda: env.latest("temperature"), what="live readings")
        session = station.session("FA-01", environment=env)
        session.scan("BDG-1002")
        session.scan(station.udi("SN-IP-200-7000101"))
        session.scan(station.free_pcb())
        for lot in station.final_components():
            session.scan(lot)
        committed = session.commit()
    finally:
        env.stop()
    assert committed.verdict.status is Verdict.ACCEPTED
    bound = {e["quantity"]: e for e in committed.content["environment"]}
    rh = bound["relative_humidity"]
    assert rh["instrument"] == "FA-01-HMT330"
    assert rh["value"] == pytest.approx(45, abs=2)
    assert rh["calibration"] == "valid" and rh["quality"] == "good" and rh["status"] == "ok"
    read_at = datetime.fromisoformat(rh["read_at"].replace("Z", "+00:00"))
    assert datetime.now(UTC) - read_at < timedelta(seconds=30)


def test_capture_with_an_overdue_instrument_is_flagged(
    station: DemoStation, sim: VaisalaSimulator
) -> None:
    env = LiveEnvironment({"FA-01-HMT330": date.today() - timedelta(days=3)})
    env.run([vaisala(sim)], **FAST)
    try:
        wait_for(lambda: env.latest("temperature"), what="live readings")
        session = station.session("FA-01", environment=env)
        session.scan("BDG-1002")
        session.scan(station.udi("SN-IP-200-7000102"))
        session.scan(station.free_pcb())
        for lot in station.final_components():
            session.scan(lot)
        committed = session.commit()
    finally:
        env.stop()
    assert committed.verdict.status is Verdict.FLAGGED
    bound = {e["quantity"]: e for e in committed.content["environment"]}
    assert bound["temperature"]["calibration"] == "overdue"
    assert bound["temperature"]["status"] == "out-of-calibration"


def test_an_instrument_reporting_only_errors_goes_stale_not_reconnected(
    sim: VaisalaSimulator,
) -> None:
    driver = VaisalaDriver(
        DriverConfig(
            "FA-01-HMT330",
            sim.port,
            SerialSettings.parse("4800 7E1"),
            0.02,
            0.3,
            {"reply_timeout_s": 0.2},
        )
    )
    env = LiveEnvironment().run([driver], **FAST)
    worker = env.workers[0]
    try:
        wait_for(lambda: env.latest("temperature"), what="a first reading")
        sim.set_fault(Fault.ERROR)
        wait_for(lambda: worker.status.health is Health.STALE, what="stale")
        status = worker.status
        assert "last good reading" in status.reason
        assert worker.reconnects == 1
    finally:
        env.stop()
