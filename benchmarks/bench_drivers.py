"""Instrument drivers over a pty at the highest rate each protocol allows: readings/s and CPU share.

Each simulator runs in its own process (``lineside drivers simulate``), so the CPU share printed
is the driver's alone (of one core). Polled protocols are driven back to back (poll interval 0):
the next request goes out as soon as the reply is read, which is the most the protocol allows.
Baseline, same run: a bare pyserial loop writing the same request and reading the reply to its
end, with no parsing or driver machinery, against the same simulator. Figures are medians over
repeats; the wire limit at the instrument's real line settings is printed for scale.

Usage: python benchmarks/bench_drivers.py [--seconds 2] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import serial

from drivers.base import Driver, DriverConfig, SerialSettings
from drivers.modbus_o2 import ModbusO2Driver, rtu_frame
from drivers.rapidox import RapidoxDriver
from drivers.simulators.modbus_o2 import DEFAULT_MAP, PTY_SETTINGS
from drivers.vaisala import VaisalaDriver


@dataclass
class Case:
    """One driver setup to measure."""

    name: str
    simulator: str
    make: Callable[[str, float], Driver]
    request: bytes
    reply_end: Callable[[bytes], bool]
    wire_settings: SerialSettings
    request_bytes: int
    reply_bytes: int
    readings_per_reply: int
    prepare: Callable[[str], None] | None = None


def start_simulator(driver: str, folder: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "drivers",
            "simulate",
            "--driver",
            driver,
            "--port",
            str(folder / f"tty-{driver}"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    port = proc.stdout.readline().strip()
    if not port:
        raise RuntimeError(f"the {driver} simulator did not start")
    return proc, port


def measure_driver(
    case: Case, port: str, seconds: float, interval: float = 0.0
) -> tuple[float, float]:
    """Readings/s and the driver process's CPU share over ``seconds``."""
    driver = case.make(port, interval)
    driver.open()
    try:
        for _ in range(20):  # warm up: first replies, buffers, imports
            driver.read(1.0)
        me = psutil.Process()
        cpu0 = me.cpu_times()
        t0 = time.perf_counter()
        n = 0
        while (elapsed := time.perf_counter() - t0) < seconds:
            if driver.read(1.0) is not None:
                n += 1
        cpu1 = me.cpu_times()
    finally:
        driver.close()
    cpu = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / elapsed
    return n / elapsed, cpu


def measure_bare(case: Case, port: str, seconds: float) -> float:
    """Replies/s of a bare pyserial request/reply loop (no parsing)."""
    ser = serial.Serial(port, baudrate=case.wire_settings.baudrate, timeout=1.0)
    try:
        ser.reset_input_buffer()
        t0 = time.perf_counter()
        n = 0
        while (elapsed := time.perf_counter() - t0) < seconds:
            ser.write(case.request)
            buf = b""
            while not case.reply_end(buf):
                chunk = ser.read(max(1, ser.in_waiting))
                if not chunk:
                    break
                buf += chunk
            n += 1
    finally:
        ser.close()
    return n / elapsed


def vaisala_run_prepare(port: str) -> None:
    """Sets the transmitter's output interval to 0 (as fast as it makes lines)."""
    ser = serial.Serial(port, timeout=0.5)
    ser.write(b"\rS\rECHO OFF\rINTV 0 S\r")
    ser.read(200)
    ser.close()


def cases() -> list[Case]:
    vaisala_line = len(b"RH=  45.1 %RH\tT=  22.0 'C\tTd=   9.5 'C\r\n")
    modbus_request = rtu_frame(bytes([1, 3, 0, 0, 0, 3]))
    rapidox_line = len(b"d4.594E+02,-1.421E+01,2.000E-03,09:36:24,28/11/26,,0\r\n")

    def vaisala(mode: str) -> Callable[[str, float], Driver]:
        return lambda port, interval: VaisalaDriver(
            DriverConfig(
                "hmt", port, SerialSettings.parse("4800 7E1"), interval, 60.0, {"mode": mode}
            )
        )

    def echo_and_line_done(buf: bytes) -> bool:
        return buf.count(b"\r\n") >= 2 and buf.endswith(b">")

    return [
        Case(
            "vaisala SEND (poll)",
            "vaisala",
            vaisala("poll"),
            b"SEND\r",
            echo_and_line_done,
            SerialSettings.parse("4800 7E1"),
            5 + 6,
            vaisala_line + 1,
            3,
        ),
        Case(
            "vaisala R (run, INTV 0)",
            "vaisala",
            vaisala("run"),
            b"",
            lambda b: True,
            SerialSettings.parse("4800 7E1"),
            0,
            vaisala_line,
            3,
            vaisala_run_prepare,
        ),
        Case(
            "rapidox D",
            "rapidox",
            lambda port, interval: RapidoxDriver(
                DriverConfig("o2", port, poll_interval_s=interval)
            ),
            b"D",
            lambda b: b.endswith(b"\r\n"),
            SerialSettings(9600),
            1,
            rapidox_line,
            2,
        ),
        Case(
            "modbus-o2 RTU read 3 regs",
            "modbus-o2",
            lambda port, interval: ModbusO2Driver(
                DriverConfig("o2", port, PTY_SETTINGS, interval, 60.0, dict(DEFAULT_MAP))
            ),
            modbus_request,
            lambda b: len(b) >= 11,
            SerialSettings(19200, 8, "E", 1),
            len(modbus_request),
            11,
            2,
        ),
    ]


def wire_limit(case: Case) -> float:
    """Readings/s the real line settings allow (characters on the wire only)."""
    per_exchange = (case.request_bytes + case.reply_bytes) * case.wire_settings.char_time()
    if case.name.startswith("modbus"):
        per_exchange += 2 * 3.5 * case.wire_settings.char_time()  # RTU silent intervals
    return case.readings_per_reply / per_exchange


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{psutil.cpu_count()} cores; {args.repeats} repeats of {args.seconds:g} s; medians")
    print(
        f"{'driver':28} {'readings/s':>11} {'CPU':>6} {'replies/s':>10} "
        f"{'bare replies/s':>15} {'ratio':>6} {'wire limit':>11} {'CPU@wire':>9}"
    )
    with tempfile.TemporaryDirectory(prefix="lineside-bench-") as tmp:
        for case in cases():
            proc, port = start_simulator(case.simulator, Path(tmp))
            try:
                rates, cpus, bares, paced = [], [], [], []
                for _ in range(args.repeats):
                    if case.prepare:
                        case.prepare(port)
                    rate, cpu = measure_driver(case, port, args.seconds)
                    rates.append(rate)
                    cpus.append(cpu)
                    if case.request:
                        bares.append(measure_bare(case, port, args.seconds))
                        # Polled at the pace the real line allows: the CPU a station really pays.
                        per_reply = case.readings_per_reply / wire_limit(case)
                        paced.append(measure_driver(case, port, args.seconds, per_reply)[1])
                rate = statistics.median(rates)
                replies = rate / case.readings_per_reply
                bare: Any = statistics.median(bares) if bares else None
                ratio = f"{replies / bare:6.2f}" if bare else "     —"
                bare_text = f"{bare:15.0f}" if bare else f"{'—':>15}"
                paced_text = f"{statistics.median(paced) * 100:8.1f}%" if paced else f"{'—':>9}"
                print(
                    f"{case.name:28} {rate:11.0f} {statistics.median(cpus) * 100:5.0f}% "
                    f"{replies:10.0f} {bare_text} {ratio} {wire_limit(case):9.0f}/s"
                    f" {paced_text}  ({case.wire_settings})"
                )
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    print(
        "CPU: the driver process's share of one core reading flat out over the pty; CPU@wire: "
        "the same driver polled at the rate its real line settings allow. The simulator runs in "
        "its own process. ratio: driver replies/s over the bare pyserial loop's. Vaisala run "
        "mode is paced by the simulator's 5 ms tick; pymodbus's sync client polls the port "
        "every >= 1 ms for the end of a reply, which bounds modbus-o2."
    )


if __name__ == "__main__":
    main()
