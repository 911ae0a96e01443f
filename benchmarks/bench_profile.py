"""Reflow profile analysis time for a 10-minute, 6-channel, 10 Hz profile, against a bare numpy pass.

Usage: python benchmarks/bench_profile.py [--repeats 50] [--minutes 10] [--hz 10] [--channels 6]

Also measures the stream driver's decode rate (lines/s of a captured transcript of the same
profile), with sha256 over the same bytes as its baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable

import numpy as np

from app.domain.profile import ThermalProfile, analyse, evaluate
from app.domain.profile_specs import SAC305_PASTE
from drivers.profile_stream import decode, frame
from drivers.simulators.profiler import reflow_curves


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


if __name__ == "__main__":
    main()
