"""Reflow profile analysis time for a 10-minute, 6-channel, 10 Hz profile, against a bare numpy pass.

Usage: python benchmarks/bench_profile.py [--repeats 50] [--minutes 10] [--hz 10] [--channels 6]

Also measures the stream driver's decode rate (lines/s of a captured transcript of the same
profile), with sha256 over the same bytes as its baseline, and the live driver over a real pty fed
by the profiler simulator as fast as the pty takes it: readings/s and the process's CPU share,
against the rate 115200 8N1 allows on a real serial line.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable

import numpy as np
import psutil

from app.domain.profile import ThermalProfile, analyse, evaluate
from app.domain.profile_specs import SAC305_PASTE
from drivers.base import DriverConfig, SerialSettings
from drivers.profile_stream import ProfileStreamDriver, decode, frame
from drivers.simulators.profiler import ProfilerSimulator, reflow_curves


def median_ms(work: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``work`` in milliseconds (one warm-up call first)."""
    work()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bare_pass(temps: np.ndarray, times: np.ndarray) -> None:
    """The floor: one numpy reduction and one difference over the same array, no analysis."""
    temps.max(axis=0)
    np.diff(temps, axis=0) / np.diff(times)[:, None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--hz", type=float, default=10.0)
    parser.add_argument("--channels", type=int, default=6)
    args = parser.parse_args()

    times, temps = reflow_curves(
        channels=args.channels, rate_hz=args.hz, duration_s=args.minutes * 60
    )
    names = tuple(f"TC{i + 1}" for i in range(args.channels))
    profile = ThermalProfile(names, times, temps)
    print(
        f"profile: {len(times)} samples x {args.channels} channels ({args.minutes:g} min at {args.hz:g} Hz)"
    )

    base = median_ms(lambda: bare_pass(temps, times), args.repeats)
    full = median_ms(lambda: analyse(profile), args.repeats)
    verdict = median_ms(lambda: evaluate(profile, SAC305_PASTE), args.repeats)
    print(f"bare numpy pass (max + diff)      median {base:8.3f} ms")
    print(f"analyse (all metrics, 6 TCs)      median {full:8.3f} ms   ratio {full / base:6.1f}x")
    print(
        f"evaluate against SAC305 preset    median {verdict:8.3f} ms   ratio {verdict / base:6.1f}x"
    )

    transcript = b"".join(
        [frame(",".join(("RUN", "R1", "2026-11-28T09:30:00.000Z", *names)))]
        + [
            frame(",".join(("S", f"{t:.1f}", *(f"{v:.1f}" for v in row))))
            for t, row in zip(times, temps, strict=True)
        ]
        + [frame(f"END,R1,{len(times)}")]
    )
    lines = len(times) + 2
    sha = median_ms(lambda: hashlib.sha256(transcript).hexdigest(), max(5, args.repeats // 5))
    dec = median_ms(lambda: sum(1 for _ in decode(transcript, "p")), max(5, args.repeats // 5))
    print(
        f"decode stream transcript          median {dec:8.1f} ms   {lines / dec * 1000:,.0f} lines/s, "
        f"{len(times) * args.channels / dec * 1000:,.0f} readings/s"
    )
    print(
        f"  baseline sha256 of the same {len(transcript):,} bytes {sha:8.3f} ms   ratio {dec / sha:,.0f}x"
    )

    pty_rate(args.channels, len(transcript) / lines)


def pty_rate(channels: int, bytes_per_line: float) -> None:
    """Readings/s of the live driver over a pty, with CPU share, vs the 115200 8N1 wire limit."""
    sim = ProfilerSimulator(channels=channels, speed=0, duration_s=600.0)
    driver = ProfileStreamDriver(DriverConfig("bench", sim.port))
    driver.open()
    proc = psutil.Process()
    cpu0 = proc.cpu_times()
    started = time.perf_counter()
    sim.start()
    total = len(sim.times) * channels
    n = 0
    while n < total and driver.read(5.0) is not None:
        n += 1
    elapsed = time.perf_counter() - started
    cpu1 = proc.cpu_times()
    driver.close()
    sim.close()
    cpu = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / elapsed
    wire = SerialSettings(115200).char_time()
    wire_readings = channels / (bytes_per_line * wire)
    print(
        f"live driver over a pty (simulator unthrottled): {n / elapsed:,.0f} readings/s, "
        f"CPU {cpu * 100:.0f}% of one core (simulator thread included)"
    )
    paced = paced_cpu(channels, 1 / (bytes_per_line * wire), seconds=4.0)
    print(
        f"  115200 8N1 wire limit for {bytes_per_line:.0f}-byte lines: {wire_readings:,.0f} readings/s "
        f"({1 / (bytes_per_line * wire):,.0f} samples/s); pty/wire ratio {n / elapsed / wire_readings:,.1f}x"
    )

    print(
        f"live driver at the wire limit ({1 / (bytes_per_line * wire):,.0f} samples/s for 4 s): "
        f"CPU {paced * 100:.1f}% of one core (simulator thread included)"
    )


def paced_cpu(channels: int, samples_per_s: float, seconds: float) -> float:
    """CPU share of the driver (and simulator) fed at ``samples_per_s``, like a real 115200 line."""
    sim = ProfilerSimulator(channels=channels, speed=samples_per_s, duration_s=600.0)
    driver = ProfileStreamDriver(DriverConfig("bench", sim.port))
    driver.open()
    proc = psutil.Process()
    cpu0 = proc.cpu_times()
    started = time.perf_counter()
    sim.start()
    while time.perf_counter() - started < seconds:
        driver.read(0.5)
    elapsed = time.perf_counter() - started
    cpu1 = proc.cpu_times()
    driver.close()
    sim.close()
    return (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / elapsed


if __name__ == "__main__":
    main()
