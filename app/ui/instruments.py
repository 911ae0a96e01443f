"""Simulated instruments for the demo and tests: real simulators on ptys feeding a live environment."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.capture.sources import EnvironmentProvider, FixedEnvironment
from app.domain.environment import Calibration, Measurement

log = logging.getLogger(__name__)


class DriftingEnvironment(FixedEnvironment):
    """A fallback when the instrument simulators cannot run: values drift on each ``tick``."""

    label = "simulated (no instrument drivers)"

    def __init__(self, station: str, *, seed: int = 3) -> None:
        super().__init__()
        self.station = station
        self._rng = random.Random(seed)
        self._values = {"relative_humidity": 45.0, "temperature": 22.0, "o2_ppm": 420.0}
        self.tick()

    def tick(self) -> None:
        """Moves every value a little and stamps it now."""
        now = datetime.now(UTC)
        units = {"relative_humidity": "%RH", "temperature": "°C", "o2_ppm": "ppm"}
        for quantity, value in self._values.items():
            value += self._rng.gauss(0, 0.05 if quantity != "o2_ppm" else 2.0)
            self._values[quantity] = value
            instrument = f"{self.station}-{'O2' if quantity == 'o2_ppm' else 'HMT330'}"
            self.update(
                Measurement(
                    instrument,
                    quantity,
                    round(value, 1),
                    units[quantity],
                    now,
                    Calibration.VALID,
                    date.today() + timedelta(days=120),
                    "simulated",
                )
            )


@dataclass
class SimulatedInstruments:
    """The demo station's instruments: a Vaisala HMT330 and a Rapidox O2 analyser on ptys.

    ``environment`` is what the capture session reads; ``label`` tells the user they are simulated.
    """

    station: str
    environment: EnvironmentProvider = field(init=False)
    label: str = "simulated instruments"
    simulators: list[Any] = field(default_factory=list)
    _live: Any = None

    def start(
        self, *, rh: float = 45.0, t: float = 22.0, o2_ppm: float = 420.0
    ) -> SimulatedInstruments:
        """Starts the simulators and one worker per instrument; falls back to drifting values."""
        try:
            from drivers.base import DriverConfig, SerialSettings
            from drivers.rapidox import RapidoxDriver
            from drivers.simulators.rapidox import RapidoxSimulator
            from drivers.simulators.vaisala import VaisalaSimulator
            from drivers.vaisala import VaisalaDriver
            from drivers.worker import LiveEnvironment

            vaisala = VaisalaSimulator(rh=rh, t=t, slow_s=0.4).start()
            self.simulators.append(vaisala)
            rapidox = RapidoxSimulator(o2_ppm=o2_ppm, slow_s=0.4).start()
            self.simulators.append(rapidox)
            hmt, o2 = f"{self.station}-HMT330", f"{self.station}-O2"
            due = date.today() + timedelta(days=120)
            live = LiveEnvironment({hmt: due, o2: date.today() + timedelta(days=9)})
            live.run(
                [
                    VaisalaDriver(
                        DriverConfig(
                            hmt,
                            vaisala.port,
                            SerialSettings.parse("4800 7E1"),
                            1.0,
                            10.0,
                            {"reply_timeout_s": 0.3},
                        )
                    ),
                    RapidoxDriver(
                        DriverConfig(
                            o2, rapidox.port, poll_interval_s=1.0, options={"reply_timeout_s": 0.3}
                        )
                    ),
                ],
                read_timeout=0.2,
            )
            self._live = live
            self.environment = live
            self.label = "simulated instruments on virtual serial ports"
        except Exception as exc:  # no pty support, drivers missing: the demo still runs
            log.warning("instrument simulators not started (%s); using drifting values", exc)
            self.stop()
            self.environment = DriftingEnvironment(self.station)
            self.label = DriftingEnvironment.label
        return self

    def tick(self) -> None:
        """Advances the fallback values (the live environment needs no ticks)."""
        if isinstance(self.environment, DriftingEnvironment):
            self.environment.tick()

    def stop(self) -> None:
        """Stops workers and simulators."""
        if self._live is not None:
            self._live.stop()
            self._live = None
        for sim in self.simulators:
            sim.stop()
        self.simulators.clear()
