"""The live environment the capture core reads: instrument workers joined with calibration records.

Each instrument's :class:`~drivers.worker.InstrumentWorker` hands its readings to a
:class:`LiveEnvironment`, which turns them into measurements carrying the calibration state of
their instrument (from the station's calibration records) on the day they were read.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.environment import Calibration, Measurement, calibration_state
from app.store import instruments
from drivers import registry
from drivers.base import Driver, Reading, Status
from drivers.worker import InstrumentWorker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """Why a quantity has no usable value: the newest reading that was not good."""

    instrument: str
    quantity: str
    quality: str
    note: str
    read_at: datetime


class LiveEnvironment:
    """The capture core's environment provider, fed by instrument workers.

    ``latest(quantity)`` gives the newest good measurement of the quantity with the calibration
    state of its instrument on the day it was read. A reading the instrument marked missing,
    in error or out of its range replaces the value with nothing (``latest`` gives None, and
    :meth:`problem` says why): a record must not carry a value the instrument disowned.

    Args:
        calibration_due: instrument id -> calibration due date (None: never calibrated).
        warn_days: how many days ahead of the due date the state turns ``due-soon``.
    """

    def __init__(
        self, calibration_due: dict[str, date | None] | None = None, *, warn_days: int = 14
    ) -> None:
        self._lock = threading.Lock()
        self._due: dict[str, date | None] = dict(calibration_due or {})
        self._warn_days = warn_days
        self._latest: dict[str, Measurement] = {}
        self._problems: dict[str, Problem] = {}
        self.workers: list[InstrumentWorker] = []

    def set_calibration(self, instrument: str, due: date | None) -> None:
        """Records a new calibration due date (after a calibration is entered)."""
        with self._lock:
            self._due[instrument] = due

    def calibration(self, instrument: str, on: date) -> tuple[Calibration, date | None]:
        """The calibration state of ``instrument`` on day ``on``, and its due date."""
        with self._lock:
            due = self._due.get(instrument)
        return calibration_state(due, on, self._warn_days), due

    def accept(self, reading: Reading) -> None:
        """Takes a reading from a worker (thread-safe)."""
        if reading.value is not None and reading.quality.usable:
            state, due = self.calibration(reading.instrument, reading.read_at.date())
            m = Measurement(
                instrument=reading.instrument,
                quantity=reading.quantity,
                value=reading.value,
                unit=reading.unit,
                read_at=reading.read_at,
                calibration=state,
                calibration_due=due,
                quality=str(reading.quality),
            )
            with self._lock:
                old = self._latest.get(reading.quantity)
                if old is None or old.read_at <= m.read_at or old.instrument == m.instrument:
                    self._latest[reading.quantity] = m
                    self._problems.pop(reading.quantity, None)
            return
        with self._lock:
            old = self._latest.get(reading.quantity)
            if old is None or old.instrument == reading.instrument:
                self._latest.pop(reading.quantity, None)
                self._problems[reading.quantity] = Problem(
                    reading.instrument,
                    reading.quantity,
                    str(reading.quality),
                    reading.note,
                    reading.read_at,
                )

    def latest(self, quantity: str) -> Measurement | None:
        """The newest good measurement of ``quantity``, or None."""
        with self._lock:
            return self._latest.get(quantity)

    def problem(self, quantity: str) -> Problem | None:
        """Why ``quantity`` has no value, when an instrument said so."""
        with self._lock:
            return self._problems.get(quantity)

    def snapshot(self) -> dict[str, Measurement]:
        """Every quantity's newest good measurement."""
        with self._lock:
            return dict(self._latest)

    def run(
        self,
        drivers: Iterable[Driver],
        *,
        on_reading: Callable[[Reading], None] | None = None,
        on_status: Callable[[str, Status], None] | None = None,
        **worker_options: float,
    ) -> LiveEnvironment:
        """Starts one worker per driver, feeding this environment.

        Args:
            drivers: the instruments' drivers, not yet opened.
            on_reading: also told of every reading (a live display), in the worker's thread.
            on_status: told ``(instrument, status)`` on every status change (the UI adapter turns
                it into a signal), in the worker's thread.
            worker_options: passed to :class:`InstrumentWorker` (timeouts, back-off).
        """
        for driver in drivers:

            def deliver(reading: Reading) -> None:
                self.accept(reading)
                if on_reading is not None:
                    on_reading(reading)

            def status(change: Status, instrument: str = driver.instrument) -> None:
                if on_status is not None:
                    on_status(instrument, change)

            worker = InstrumentWorker(driver, deliver, on_status=status, **worker_options)
            self.workers.append(worker.start())
        return self

    @classmethod
    def from_station(
        cls,
        conn: sqlite3.Connection,
        station: str,
        *,
        on_reading: Callable[[Reading], None] | None = None,
        on_status: Callable[[str, Status], None] | None = None,
        **worker_options: float,
    ) -> LiveEnvironment:
        """Starts workers for every active instrument configured at ``station``.

        An instrument whose driver cannot be built (unknown driver, bad options) is logged and
        left out; the others run.
        """
        env = cls(instruments.due_dates(conn, station))
        drivers: list[Driver] = []
        for config in instruments.configured(conn, station):
            try:
                drivers.append(registry.create(config))
            except (registry.UnknownDriver, ValueError) as exc:
                log.error("instrument %s not started: %s", config.id, exc)
        return env.run(drivers, on_reading=on_reading, on_status=on_status, **worker_options)

    def statuses(self) -> dict[str, Status]:
        """Each instrument's status."""
        return {w.instrument: w.status for w in self.workers}

    def stop(self) -> None:
        """Stops every worker."""
        for worker in self.workers:
            worker.stop()
        self.workers.clear()
