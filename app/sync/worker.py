"""The background sync worker: a plain thread that pushes the journal and pulls master data."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import psycopg

from app.domain.clock import utc_now
from app.store.errors import StoreError
from app.store.station_store import StationStore
from app.sync import countersign, line, push, trust
from app.sync.credentials import (
    ChainRefused,
    CredentialsError,
    UpstreamError,
    connect,
)

MAX_BACKOFF_S = 300.0
CREDENTIALS_BACKOFF_S = 300.0  # a wrong password will not fix itself: ask rarely
REFUSED_BACKOFF_S = 3600.0  # an altered journal needs a person
CLOCK_CHECK_EVERY_S = 60.0  # a sync woken after every commit measures the clock once a minute


@dataclass(frozen=True)
class SyncStatus:
    """What a status indicator shows about the upstream link."""

    state: str = "starting"  # starting, syncing, up-to-date, offline, credentials, refused
    last_success: datetime | None = None
    backlog: int = 0
    last_error: str | None = None
    failures: int = 0
    retry_in_s: float = 0.0
    pushed: int = 0
    master_version: int = 0
    attempts: int = 0
    clock_offset_ms: float | None = (
        None  # plant minus station, measured by the plant at the last sync
    )
    clock_finding: str | None = None  # set when the offset is beyond the plant's limit
    wip_pulled: int = 0  # work-in-progress rows of the line pulled since the worker started
    oldest_waiting: datetime | None = (
        None  # recorded_at of the oldest row the plant has not acknowledged
    )


AMBER_AFTER_S = 10 * 60.0  # rows waiting this long: the top bar turns amber
RED_AFTER_S = 60 * 60.0  # ...and red (the line's view of this station is an hour behind)


def indicator(status: SyncStatus, now: datetime) -> tuple[str, str]:
    """What the station's top bar shows about the plant link, and its level (ok, amber, red).

    Amber and red come from how long the oldest unacknowledged row has waited, or from a state a
    person must act on (credentials refused, the journal refused).
    """
    connected = {
        "up-to-date": "plant connected",
        "syncing": "plant: syncing",
        "starting": "plant: connecting",
        "offline": "plant unreachable",
        "credentials": "plant refused the credentials",
        "refused": "plant refused the journal",
    }.get(status.state, f"plant: {status.state}")
    parts = [connected, f"backlog {status.backlog:,}"]
    if status.last_success is not None:
        parts.append(f"last ack {status.last_success.astimezone().strftime('%H:%M:%S')}")
    waited = (now - status.oldest_waiting).total_seconds() if status.oldest_waiting else 0.0
    if status.backlog and status.oldest_waiting is not None:
        parts.append(f"oldest waiting {int(waited // 60)} min")
    level = "ok"
    if status.state in ("credentials", "refused") or (status.backlog and waited >= RED_AFTER_S):
        level = "red"
    elif status.state == "offline" or (status.backlog and waited >= AMBER_AFTER_S):
        level = "amber" if waited < RED_AFTER_S else "red"
    return " · ".join(parts), level


def backoff(error: UpstreamError, failures: int, interval: float) -> float:
    """Seconds to wait after ``failures`` consecutive failures: exponential, capped, never a storm."""
    if isinstance(error, ChainRefused):
        return REFUSED_BACKOFF_S
    if isinstance(error, CredentialsError):
        return max(CREDENTIALS_BACKOFF_S, interval)
    return float(min(MAX_BACKOFF_S, max(interval, 1.0) * 2 ** min(failures, 16)))


class SyncWorker:
    """Syncs a station with the plant every ``interval`` seconds on its own thread.

    Nothing here blocks the caller; read :attr:`status` at any time (the UI polls it or wraps the
    worker to turn status changes into signals).
    """

    def __init__(
        self,
        store: StationStore,
        dsn: str,
        *,
        interval: float = 30.0,
        batch_rows: int = push.BATCH_ROWS,
    ) -> None:
        self.store = store
        self.dsn = dsn
        self.interval = interval
        self.batch_rows = batch_rows
        self._status = SyncStatus()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pg: psycopg.Connection[Any] | None = None
        self._next_clock_check = 0.0
        self.changed = threading.Condition(self._lock)

    @property
    def status(self) -> SyncStatus:
        """The latest status (a frozen snapshot)."""
        with self._lock:
            return self._status

    def _set(self, **changes: Any) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)
            self.changed.notify_all()

    def wait_for(self, predicate: Any, timeout: float) -> SyncStatus:
        """Blocks until ``predicate(status)`` holds or ``timeout`` passes; returns the status."""
        with self._lock:
            self.changed.wait_for(lambda: predicate(self._status), timeout)
            return self._status

    def start(self) -> None:
        """Starts the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="lineside-sync", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Syncs now instead of at the next interval (e.g. right after a commit)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops the thread after the batch in flight and closes its connections."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._disconnect()

    def _disconnect(self) -> None:
        if self._pg is not None:
            with contextlib.suppress(psycopg.Error):
                self._pg.close()
            self._pg = None

    def run_once(self) -> SyncStatus:
        """One sync cycle: master data down, journal up. Errors land in the status."""
        status = self.status
        self._set(attempts=status.attempts + 1)
        try:
            if self._pg is None or self._pg.closed or self._pg.broken:
                self._disconnect()
                self._pg = connect(self.dsn, autocommit=True)
            self._set(state="syncing", backlog=push.backlog(self.store.reader))
            version = push.pull_master_data(self.store, self._pg)
            if version is not None:
                self._set(master_version=version)
            report = push.push(
                self.store,
                self._pg,
                batch_rows=self.batch_rows,
                on_batch=lambda _sent, left: self._set(backlog=left),
                stop=self._stop.is_set,
            )
            pulled = line.pull_wip(self.store, self._pg)
            countersign.sync_countersignatures(self.store, self._pg)
            if pulled.rows:
                self._set(wip_pulled=self.status.wip_pulled + pulled.rows)
            station = trust.journal_station(self.store.reader)
            if station is not None and time.monotonic() >= self._next_clock_check:
                self._next_clock_check = time.monotonic() + CLOCK_CHECK_EVERY_S
                clock = trust.clock_check(self._pg, station)
                self._set(
                    clock_offset_ms=clock.offset_ms,
                    clock_finding=clock.describe() if clock.beyond_limit else None,
                )
        except (UpstreamError, StoreError) as exc:
            self._disconnect()
            failures = self.status.failures + 1
            error = exc if isinstance(exc, UpstreamError) else UpstreamError(str(exc))
            state = (
                "refused"
                if isinstance(error, ChainRefused)
                else "credentials"
                if isinstance(error, CredentialsError)
                else "offline"
            )
            waiting = self.status.backlog
            oldest = self.status.oldest_waiting
            with contextlib.suppress(StoreError, sqlite3.Error):
                waiting = push.backlog(self.store.reader)
                oldest = push.oldest_waiting(self.store.reader)
            self._set(
                oldest_waiting=oldest,
                state=state,
                last_error=str(exc),
                failures=failures,
                retry_in_s=backoff(error, failures, self.interval),
                backlog=waiting,
            )
            return self.status
        self._set(
            state="up-to-date",
            last_success=utc_now(),
            last_error=None,
            failures=0,
            retry_in_s=self.interval,
            pushed=self.status.pushed + report.inserted,
            master_version=max(self.status.master_version, push.master_version(self.store.reader)),
            backlog=push.backlog(self.store.reader),
            oldest_waiting=push.oldest_waiting(self.store.reader),
        )
        return self.status

    def _run(self) -> None:
        while not self._stop.is_set():
            status = self.run_once()
            self._wake.wait(status.retry_in_s)
            self._wake.clear()
