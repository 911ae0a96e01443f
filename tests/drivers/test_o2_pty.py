"""The residual-O2 drivers (Rapidox ASCII, Modbus RTU) against their simulators over real ptys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from drivers.base import (
    Driver,
    DriverConfig,
    Health,
    PortLost,
    ProtocolError,
    Quality,
    Reading,
)
from drivers.modbus_o2 import ModbusO2Driver
from drivers.rapidox import RapidoxDriver
from drivers.simulators.line import Fault
from drivers.simulators.modbus_o2 import DEFAULT_MAP, PTY_SETTINGS, ModbusO2Simulator
from drivers.simulators.rapidox import RapidoxSimulator

Rig = tuple[Any, Callable[[], Driver]]


@pytest.fixture(params=["rapidox", "modbus-o2"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    if request.param == "rapidox":
        sim: Any = RapidoxSimulator(o2_ppm=450.0, slow_s=0.4).start()

        def make() -> Driver:
            return RapidoxDriver(
                DriverConfig(
                    "o2-1", sim.port, poll_interval_s=0.01, options={"reply_timeout_s": 0.2}
                )
            )

    else:
        sim = ModbusO2Simulator(o2_ppm=450.0, slow_s=0.4).start()

        def make() -> Driver:
            options = {**DEFAULT_MAP, "reply_timeout_s": 0.2}
            return ModbusO2Driver(DriverConfig("o2-1", sim.port, PTY_SETTINGS, 0.01, 5.0, options))

    yield sim, make
    sim.stop()


def read_n(driver: Driver, n: int, timeout: float = 2.0) -> list[Reading]:
    out: list[Reading] = []
    for _ in range(n * 4):
        r = driver.read(timeout / 4)
        if r is not None:
            out.append(r)
        if len(out) == n:
            break
    return out


def test_o2_in_ppm_and_nitrogen_purity_derived(rig: Rig) -> None:
    _, make = rig
    driver = make()
    driver.open()
    try:
        o2, n2 = read_n(driver, 2)
        assert driver.status.health is Health.CONNECTED
    finally:
        driver.close()
    assert (o2.quantity, o2.unit) == ("o2_ppm", "ppm")
    assert o2.value == pytest.approx(450, rel=0.1)
    assert (n2.quantity, n2.unit) == ("n2_purity", "%")
    assert o2.value is not None
    assert n2.value == pytest.approx(100 - o2.value / 10_000)
    assert o2.raw and o2.raw == n2.raw and o2.read_at == n2.read_at


def test_fault_unplug_then_replug(rig: Rig) -> None:
    sim, make = rig
    driver = make()
    driver.open()
    assert read_n(driver, 2)
    sim.set_fault(Fault.UNPLUG)
    with pytest.raises(PortLost):
        read_n(driver, 4)
    driver.close()
    with pytest.raises(PortLost, match="does not exist"):
        driver.open()
    sim.set_fault(Fault.UNPLUG, False)
    driver.open()
    try:
        assert len(read_n(driver, 2)) == 2
    finally:
        driver.close()


@pytest.mark.parametrize("fault", [Fault.GARBAGE, Fault.PARTIAL])
def test_line_faults_give_no_value_and_recover(rig: Rig, fault: Fault) -> None:
    sim, make = rig
    driver = make()
    driver.open()
    try:
        assert read_n(driver, 2)
        sim.set_fault(fault)
        got: list[Reading] = []
        try:
            got = read_n(driver, 2, timeout=0.6)
        except ProtocolError:
            assert "garbage" in driver.status.reason
        assert [r for r in got if r.value is not None] == []
        if not got:
            assert driver.status.health in (Health.FAULTED, Health.CLOSED)
        sim.clear_faults()
        driver.close()  # what the worker does after a fault
        driver.open()
        assert len(read_n(driver, 2)) == 2
    finally:
        driver.close()


def test_fault_slow_reply_times_out_and_marks_the_status(rig: Rig) -> None:
    sim, make = rig
    driver = make()
    driver.open()
    try:
        assert read_n(driver, 2)
        sim.set_fault(Fault.SLOW)
        assert driver.read(0.3) is None  # reply timeout 0.2 s, replies 0.4 s late
        assert driver.status.health is Health.FAULTED
        assert "reply" in driver.status.reason and "0.2 s" in driver.status.reason
        sim.clear_faults()
        # Late answers are real values the analyser sent, never made-up ones.
        assert all(r.quality is Quality.GOOD for r in read_n(driver, 4))
    finally:
        driver.close()


def test_fault_out_of_range_is_flagged(rig: Rig) -> None:
    sim, make = rig
    driver = make()
    driver.open()
    try:
        sim.set_fault(Fault.OUT_OF_RANGE)
        o2, n2 = read_n(driver, 2)
    finally:
        driver.close()
    assert o2.quality is Quality.OUT_OF_RANGE and n2.quality is Quality.OUT_OF_RANGE
    assert o2.value == 1.5e6 or o2.value == 1.2e6


def test_fault_instrument_error(rig: Rig) -> None:
    sim, make = rig
    driver = make()
    driver.open()
    try:
        sim.set_fault(Fault.ERROR)
        got = read_n(driver, 2)
    finally:
        driver.close()
    assert [(r.quantity, r.value, r.quality) for r in got] == [
        ("o2_ppm", None, Quality.ERROR),
        ("n2_purity", None, Quality.ERROR),
    ]
    assert "fault" in got[0].note or "failure" in got[0].note


def test_rapidox_warming_up_reports_no_value_yet() -> None:
    with RapidoxSimulator(warmup_polls=1) as sim:
        driver = RapidoxDriver(DriverConfig("o2", sim.port, poll_interval_s=0.01))
        driver.open()
        try:
            first, _, third, _ = read_n(driver, 4)
        finally:
            driver.close()
    assert (first.value, first.quality, first.note) == (None, Quality.MISSING, "Initialising")
    assert third.quality is Quality.GOOD


def test_rapidox_simulator_speaks_the_manuals_format() -> None:
    with RapidoxSimulator() as sim:
        line = sim.line()
    text = line.decode()
    assert text.startswith("d") and text.endswith(",0\r\n")
    assert len(text.split(",")) == 7  # ppm, mV, pressure, time, date, alarms, state
