"""One plain thread per instrument, and the live environment the capture core reads from them.

A worker loops on ``driver.read(timeout)``. A lost port, garbage or a silent instrument is
logged, shown in the worker's status with the reason, and followed by a reconnect with
exponential back-off; readings flow again as soon as the instrument answers. A worker never
makes up a value: when its instrument is gone, the last measurement keeps its real reading time
and goes stale; when the instrument says it has no value or reports an error, the quantity is
missing until a good value comes.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.environment import Calibration, Measurement, calibration_state
from app.store import instruments
from drivers import registry
from drivers.base import Driver, DriverError, Health, Reading, Status

log = logging.getLogger(__name__)

#: Driver modules whose instruments are silent between runs as a matter of course: a reflow
#: profiler sends nothing while no board goes through the oven. Reopening their port on silence
#: would only fill the log (and could cut a run short); a lost port still shows on ``read``.
IDLE_BETWEEN_RUNS = frozenset({"drivers.profile_stream"})


def idles_between_runs(driver: Driver) -> bool:
    """Whether silence from ``driver``'s instrument is normal (option ``idle_between_runs``).

    The instrument configuration's option wins; without it, profilers idle and others do not.
    """
    option = driver.config.options.get("idle_between_runs")
    if isinstance(option, str):
        return option.strip().lower() in ("1", "true", "yes", "on")
    if option is not None:
        return bool(option)
    return type(driver).__module__ in IDLE_BETWEEN_RUNS


class InstrumentWorker:
    """Runs one driver in its own thread, handing every reading to ``on_reading``.

    Silence is normal for a profiler between boards: its worker never reconnects because of it
    (:func:`idles_between_runs`; the instrument option ``idle_between_runs`` decides).

    Args:
        driver: the instrument's driver (not yet opened).
        on_reading: called in the worker thread for each reading; must not block for long.
        on_status: called in the worker thread whenever the status changes.
        read_timeout: how long one ``read`` may wait; also how quickly ``stop`` takes effect.
        silence_s: with the port open but nothing read for this long, reconnect. The first
            reconnect of a silent spell is logged as a warning, the next ones (backing off up to
            ``backoff_max_s``) at debug level until the instrument answers again.
        backoff_s: first wait before reconnecting; doubles per failure up to ``backoff_max_s``.
    """

    def __init__(
        self,
        driver: Driver,
        on_reading: Callable[[Reading], None],
        *,
        on_status: Callable[[Status], None] | None = None,
        read_timeout: float = 0.5,
        silence_s: float | None = None,
        backoff_s: float = 0.5,
        backoff_max_s: float = 30.0,
    ) -> None:
        self.driver = driver
        self.on_reading = on_reading
        self.on_status = on_status
        self.read_timeout = read_timeout
        cfg = driver.config
        self.silence_s = silence_s or max(3 * cfg.poll_interval_s, cfg.stale_after_s, 2.0)
        self.backoff_s = backoff_s
        self.backoff_max_s = backoff_max_s
        self.idle_between_runs = idles_between_runs(driver)
        self.silent_reconnects = 0
        self.readings = 0
        self.reconnects = 0
        self.failures = 0
        self._fault: Status | None = None
        self._last_status: Status | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def instrument(self) -> str:
        """The instrument's id."""
        return self.driver.instrument

    @property
    def status(self) -> Status:
        """Connected, stale or faulted with the reason (a fault names the next reconnect)."""
        return self._fault or self.driver.status

    def start(self) -> InstrumentWorker:
        """Starts the thread."""
        self._thread = threading.Thread(
            target=self._run, name=f"instrument-{self.instrument}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Asks the thread to finish, waits for it and closes the driver."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error(
                    "instrument %s: worker did not stop within %.1f s", self.instrument, timeout
                )

    @property
    def alive(self) -> bool:
        """Whether the thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def _report(self) -> None:
        status = self.status
        last = self._last_status
        if last is None or (last.health, last.reason) != (status.health, status.reason):
            self._last_status = status
            if self.on_status is not None:
                try:
                    self.on_status(status)
                except Exception:
                    log.exception("instrument %s: status callback failed", self.instrument)

    def _fail(self, reason: str, backoff: float, *, quiet: bool = False) -> None:
        self.failures += 1
        self._fault = Status(Health.FAULTED, f"{reason}; reconnecting in {backoff:.1f} s")
        log.log(
            logging.DEBUG if quiet else logging.WARNING,
            "instrument %s: %s; reconnecting in %.1f s",
            self.instrument,
            reason,
            backoff,
        )
        self.driver.close()
        self._report()
        self._stop.wait(backoff)

    def _run(self) -> None:
        backoff = self.backoff_s
        opened = False
        last_good = time.monotonic()
        try:
            while not self._stop.is_set():
                if not opened:
                    try:
                        self.driver.open()
                    except DriverError as exc:
                        self._fail(str(exc), backoff)
                        backoff = min(backoff * 2, self.backoff_max_s)
                        continue
                    except Exception as exc:  # a bug, not the instrument: still keep running
                        log.exception("instrument %s: open failed", self.instrument)
                        self._fail(f"driver failed: {exc!r}", backoff)
                        backoff = min(backoff * 2, self.backoff_max_s)
                        continue
                    opened = True
                    self._fault = None
                    self.reconnects += 1
                    last_good = time.monotonic()
                    self._report()
                try:
                    reading = self.driver.read(self.read_timeout)
                except DriverError as exc:
                    opened = False
                    self._fail(str(exc), backoff)
                    backoff = min(backoff * 2, self.backoff_max_s)
                    continue
                except Exception as exc:
                    log.exception("instrument %s: read failed", self.instrument)
                    opened = False
                    self._fail(f"driver failed: {exc!r}", backoff)
                    backoff = min(backoff * 2, self.backoff_max_s)
                    continue
                now = time.monotonic()
                if reading is not None:
                    # Any reply shows the link works; an instrument that only reports errors
                    # stays connected (its status turns stale) instead of being reopened.
                    self.readings += 1
                    last_good = now
                    backoff = self.backoff_s
                    if self.silent_reconnects:
                        log.info(
                            "instrument %s: answers again after %d reconnect(s) for silence",
                            self.instrument,
                            self.silent_reconnects,
                        )
                        self.silent_reconnects = 0
                    try:
                        self.on_reading(reading)
                    except Exception:
                        log.exception("instrument %s: reading callback failed", self.instrument)
                elif now - last_good > self.silence_s and not self.idle_between_runs:
                    opened = False
                    reason = f"nothing from the instrument for {now - last_good:.1f} s"
                    if not self.silent_reconnects:
                        reason += (
                            " (further reconnects while it stays silent are logged at debug level)"
                        )
                    # The back-off keeps growing across a silent spell: reopening a port that
                    # opens fine does not make a quiet instrument talk.
                    self._fail(reason, backoff, quiet=self.silent_reconnects > 0)
                    self.silent_reconnects += 1
                    backoff = min(backoff * 2, self.backoff_max_s)
                    continue
                self._report()
        finally:
            self.driver.close()
            self._fault = None
            self._report()


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
