"""A simulated Rapidox-style O2 analyser: answers ``D`` with a data line over a pty."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from drivers.simulators.line import Drift, Fault, LineSimulator


class RapidoxSimulator(LineSimulator):
    """Answers ``D`` like a Rapidox 1100E watching a reflow oven's nitrogen atmosphere.

    Args:
        port: where to put the port's link (a temporary one if None).
        o2_ppm: residual-oxygen set point (a nitrogen reflow oven runs at a few hundred ppm).
        warmup_polls: how many polls answer ``!Initialising`` first.
    """

    def __init__(
        self,
        port: str | Path | None = None,
        *,
        seed: int = 1,
        o2_ppm: float = 450.0,
        warmup_polls: int = 0,
        slow_s: float = 1.0,
    ) -> None:
        super().__init__(port, seed=seed, slow_s=slow_s)
        self.o2 = Drift(o2_ppm, o2_ppm * 0.01, o2_ppm * 0.005, self.rng)
        self.warmup_polls = warmup_polls
        self.polls = 0

    def line(self) -> bytes:
        """The reply to one ``D``."""
        self.polls += 1
        if self.polls <= self.warmup_polls:
            return b"!Initialising\r\n"
        if self.has(Fault.ERROR):
            return b"!No sensor or sensor fault\r\n"
        ppm, state = max(0.0, self.o2.sample()), 0
        if self.has(Fault.OUT_OF_RANGE):
            ppm, state = 1.2e6, 1
        now = datetime.now(UTC)
        alarm = "ALM1" if ppm > 1000 else ""
        text = (
            f"d{ppm:.3E},{-14.26 + ppm * 1e-4:.3E},{2.0e-3:.3E},"
            f"{now:%H:%M:%S},{now:%d/%m/%y},{alarm},{state}\r\n"
        )
        return text.encode("ascii")

    def on_bytes(self, data: bytes) -> None:
        """Every ``D`` gets a reply; other bytes are ignored as the analyser does."""
        for byte in data:
            if byte in (ord("D"), ord("d")):
                self.send(self.line())
