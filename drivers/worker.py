"""One plain thread per instrument: reads, reconnects, reports its status.

A worker loops on ``driver.read(timeout)``. A lost port, garbage or a silent instrument is
logged, shown in the worker's status with the reason, and followed by a reconnect with
exponential back-off; readings flow again as soon as the instrument answers. A worker never
makes up a value: when its instrument is gone, the last measurement keeps its real reading time
and goes stale; when the instrument says it has no value or reports an error, the quantity is
missing until a good value comes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

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
