"""The Vaisala driver against its simulator over a real pty: polling, streaming, FORM, STX, faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers import vaisala
from drivers.base import (
    DriverConfig,
    Health,
    PortLost,
    ProtocolError,
    Quality,
    Reading,
    SerialSettings,
)
from drivers.simulators.line import Fault
from drivers.simulators.vaisala import VaisalaSimulator
from drivers.vaisala import VaisalaDriver

SETTINGS = SerialSettings.parse("4800 7E1")


@pytest.fixture
def sim() -> Iterator[VaisalaSimulator]:
    simulator = VaisalaSimulator(rh=45.0, t=22.0, slow_s=0.4, interval_s=0.02)
    simulator.start()
    yield simulator
    simulator.stop()


def driver_for(sim: VaisalaSimulator, **options: object) -> VaisalaDriver:
    opts = {"reply_timeout_s": 0.2, **options}
    return VaisalaDriver(DriverConfig("hmt-1", sim.port, SETTINGS, 0.01, 5.0, opts))


def read_n(driver: VaisalaDriver, n: int, timeout: float = 2.0) -> list[Reading]:
    out: list[Reading] = []
    for _ in range(n * 4):
        r = driver.read(timeout / 4)
        if r is not None:
            out.append(r)
        if len(out) == n:
            break
    return out


def by_quantity(readings: list[Reading]) -> dict[str, Reading]:
    return {r.quantity: r for r in readings}


def test_polled_readings_carry_values_units_raw_bytes_and_time(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim)
    driver.open()
    try:
        got = by_quantity(read_n(driver, 3))
    finally:
        driver.close()
    assert got["relative_humidity"].value == pytest.approx(45.0, abs=2)
    assert got["relative_humidity"].unit == "%RH"
    assert got["temperature"].value == pytest.approx(22.0, abs=1)
    assert got["temperature"].unit == "°C"
    assert got["dew_point"].value == pytest.approx(9.5, abs=1.5)
    assert got["dew_point"].note == ""  # read from the line, not derived
    assert got["temperature"].raw.startswith(b"RH=") and got["temperature"].raw.endswith(b"\r\n")
    assert got["temperature"].read_at.tzinfo is not None
    assert b"SEND\r" in sim.received
    assert driver.status.health is Health.CLOSED


def test_addressed_poll_mode_sends_the_address(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim, address=7)
    driver.open()
    try:
        assert read_n(driver, 1)
    finally:
        driver.close()
    assert b"SEND 7\r" in sim.received


def test_run_mode_starts_the_stream_and_skips_echo(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim, mode="run")
    driver.open()
    try:
        readings = read_n(driver, 9)
    finally:
        driver.close()
    assert len(readings) == 9
    assert sim.running
    assert b"R\r" in sim.received


def test_user_form_string_with_own_labels(sim: VaisalaSimulator) -> None:
    sim.form = '"Humidity:" 4.2 rh U5 #t "Temp:" t U3 #r #n'
    driver = driver_for(sim, form=sim.form, derive_dew_point=True)
    driver.open()
    try:
        got = by_quantity(read_n(driver, 3))
    finally:
        driver.close()
    assert got["relative_humidity"].value == pytest.approx(45.0, abs=2)
    assert got["temperature"].value == pytest.approx(22.0, abs=1)
    assert "derived" in got["dew_point"].note


def test_form_without_units_or_labels_needs_the_form_option(sim: VaisalaSimulator) -> None:
    sim.form = "3.1 rh #t 3.1 t #r #n"  # bare numbers, as for a spreadsheet
    driver = driver_for(sim, form=sim.form, derive_dew_point=False)
    driver.open()
    try:
        got = by_quantity(read_n(driver, 2))
    finally:
        driver.close()
    assert set(got) == {"relative_humidity", "temperature"}


def test_stx_etx_framed_lines(sim: VaisalaSimulator) -> None:
    sim.stx = True
    driver = driver_for(sim)
    driver.open()
    try:
        readings = read_n(driver, 3)
    finally:
        driver.close()
    assert len(readings) == 3
    assert readings[0].raw.startswith(b"\x02")


def test_fault_unplug_loses_the_port_and_replug_brings_readings_back(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim)
    driver.open()
    assert read_n(driver, 1)
    sim.set_fault(Fault.UNPLUG)
    with pytest.raises(PortLost):
        read_n(driver, 3)
    driver.close()
    with pytest.raises(PortLost, match="does not exist"):
        driver.open()
    sim.set_fault(Fault.UNPLUG, False)
    driver.open()
    try:
        assert read_n(driver, 3)
    finally:
        driver.close()


def test_fault_garbage_is_a_protocol_error_not_a_value(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim)
    driver.open()
    try:
        sim.set_fault(Fault.GARBAGE)
        with pytest.raises(ProtocolError, match="garbage"):
            read_n(driver, 3)
        sim.clear_faults()
        driver.close()  # what the worker does after a protocol error
        driver.open()
        assert all(r.quality is Quality.GOOD for r in read_n(driver, 3))
    finally:
        driver.close()


def test_fault_partial_line_gives_no_reading_and_says_so(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim)
    driver.open()
    try:
        sim.set_fault(Fault.PARTIAL)
        assert read_n(driver, 1, timeout=0.6) == []
        assert driver.status.health is Health.FAULTED
        assert "no complete reply to SEND" in driver.status.reason
        assert "arrived" in driver.status.reason
        sim.clear_faults()
        assert len(read_n(driver, 3)) == 3
    finally:
        driver.close()


def test_fault_slow_reply_times_out_then_recovers(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim)
    driver.open()
    try:
        sim.set_fault(Fault.SLOW)
        assert read_n(driver, 1, timeout=0.3) == []
        assert "within 0.2 s" in driver.status.reason
        sim.clear_faults()
        assert len(read_n(driver, 3)) == 3
    finally:
        driver.close()


def test_fault_out_of_range_value_is_kept_but_flagged(sim: VaisalaSimulator) -> None:
    driver = driver_for(sim)
    driver.open()
    try:
        sim.set_fault(Fault.OUT_OF_RANGE)
        got = by_quantity(read_n(driver, 2))
    finally:
        driver.close()
    rh = got["relative_humidity"]
    assert rh.value is not None and rh.value > 100
    assert rh.quality is Quality.OUT_OF_RANGE
    assert "measuring range" in rh.note
    assert got["temperature"].quality is Quality.GOOD


def test_fault_instrument_error_gives_no_value_and_the_instruments_words(
    sim: VaisalaSimulator,
) -> None:
    driver = driver_for(sim)
    driver.open()
    try:
        sim.set_fault(Fault.ERROR)
        got = by_quantity(read_n(driver, 3))
    finally:
        driver.close()
    assert set(got) == {"relative_humidity", "temperature", "dew_point"}
    for reading in got.values():
        assert reading.value is None
        assert reading.quality is Quality.ERROR
        assert "E40" in reading.note  # asked with ERRS
        assert b"***" in reading.raw


@pytest.mark.parametrize("kind", ["CS2", "CS4", "CSX"])
def test_form_checksums_are_verified(sim: VaisalaSimulator, kind: str) -> None:
    sim.form = f'#002 "RH=" 4.1 rh U3 " T=" 4.1 t U2 " " {kind} #003 #r #n'
    driver = driver_for(sim, form=sim.form, derive_dew_point=False)
    driver.open()
    try:
        readings = read_n(driver, 2)
    finally:
        driver.close()
    assert [r.quantity for r in readings] == ["relative_humidity", "temperature"]
    good = readings[0].raw
    assert list(vaisala.decode(good, "hmt", {"form": sim.form, "derive_dew_point": False}))
    # One digit changed on the way: the checksum no longer matches and nothing is decoded.
    i = good.index(b".") - 1
    bad = good[:i] + bytes([ord("0") + (good[i] - ord("0") + 1) % 10]) + good[i + 1 :]
    assert list(vaisala.decode(bad, "hmt", {"form": sim.form})) == []
