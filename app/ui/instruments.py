"""Simulated instruments for the demo and tests: real simulators on ptys feeding a live environment."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.capture.sources import EnvironmentProvider, FixedEnvironment
from app.domain.environment import Calibration, Measurement
from app.domain.instruments import InstrumentConfig
from app.store import instruments
from app.store.station_store import StationStore
from app.ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


class DriftingEnvironment(FixedEnvironment):
    """A fallback when the instrument simulators cannot run: values drift on each ``tick``."""

    label = QT_TRANSLATE_NOOP("EnvironmentPanelWidget", "simulated (no instrument drivers)")

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
    """The demo station's instruments: simulators on ptys behind stable links, configured in the
    station database like real ones (so the technician screens show them), read by the same
    instrument workers a real station runs.

    ``environment`` is what the capture session reads; ``label`` tells the user they are simulated.
    """

    station: str
    environment: EnvironmentProvider = field(init=False)
    label: str = QT_TRANSLATE_NOOP("EnvironmentPanelWidget", "simulated instruments")
    simulators: list[Any] = field(default_factory=list)
    _live: Any = None

    def start(
        self, store: StationStore, *, rh: float = 45.0, t: float = 22.0, o2_ppm: float = 420.0
    ) -> SimulatedInstruments:
        """Starts the simulators and one worker per instrument; falls back to drifting values."""
        try:
            from app.capture.live import LiveEnvironment
            from drivers.simulators.rapidox import RapidoxSimulator
            from drivers.simulators.vaisala import VaisalaSimulator

            ports = store.path.parent / "demo-ports"
            ports.mkdir(exist_ok=True)
            hmt = InstrumentConfig(
                f"{self.station}-HMT330",
                "vaisala",
                str(ports / f"ttyHMT330-{self.station}"),
                "4800 7E1",
                1.0,
                10.0,
                {"reply_timeout_s": 0.3},
                name=f"Vaisala HMT330 above {self.station} (simulated)",
            )
            self.simulators.append(VaisalaSimulator(hmt.port, rh=rh, t=t, slow_s=0.4).start())
            configs = [hmt]
            if self.station.startswith("SMT"):
                o2 = InstrumentConfig(
                    f"{self.station}-O2",
                    "rapidox",
                    str(ports / f"ttyO2-{self.station}"),
                    "9600 8N1",
                    1.0,
                    10.0,
                    {"reply_timeout_s": 0.3},
                    name=f"Rapidox O2 analyser in the reflow oven of {self.station} (simulated)",
                )
                self.simulators.append(RapidoxSimulator(o2.port, o2_ppm=o2_ppm, slow_s=0.4).start())
                configs.append(o2)
            _configure(store, self.station, configs)
            live = LiveEnvironment.from_station(store.reader, self.station, read_timeout=0.2)
            if not live.workers:
                raise RuntimeError("no instrument configured at the station")
            self._live = live
            self.environment = live
            self.label = QT_TRANSLATE_NOOP(
                "EnvironmentPanelWidget", "simulated instruments on virtual serial ports"
            )
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


def _configure(store: StationStore, station: str, configs: list[InstrumentConfig]) -> None:
    """Configures and calibrates the demo instruments once (journalled like a technician's)."""
    conn = store.reader
    today = date.today()
    for config in configs:
        old = instruments.get(conn, config.id)
        if old is not None and (old.driver, old.port) == (config.driver, config.port):
            continue

        def add(c: Any, config: InstrumentConfig = config, new: bool = old is None) -> None:
            # Demo data configured these instruments on the line's ports: the demo moves them
            # to its simulators' virtual ports (a journalled change) and keeps their calibrations.
            reason = "demo instruments" if new else "demo: simulated instruments on virtual ports"
            instruments.save(c, station, config, by="lineside demo", reason=reason)
            if not new:
                return
            instruments.add_calibration(
                c,
                station,
                config.id,
                performed_on=today - timedelta(days=240 if "O2" in config.id else 60),
                due_on=today + timedelta(days=9 if "O2" in config.id else 300),
                certificate=f"DEMO-CAL-{config.id}",
                performed_by="Demo Calibration Lab",
                by="lineside demo",
            )

        store.write(add)
