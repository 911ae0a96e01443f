"""One line, several station PCs: work in progress pulled down, records confirmed at the plant."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from app.domain.clock import iso_ms, utc_now
from app.domain.confirm import PlantAnswer, StaffAnswer
from app.store import wip
from app.store.station_store import StationStore
from app.sync import trust
from app.sync.credentials import CredentialsError, UpstreamError, connect
from app.sync.push import refusal

PULL_ROWS = 5_000
RETRY_OFFLINE_S = 30.0  # after a failed claim, commits do not wait on the plant for this long
CLAIM_TIMEOUTS = "-c lock_timeout=2s -c statement_timeout=5s"


@dataclass(frozen=True)
class PullReport:
    """What one work-in-progress pull brought."""

    rows: int
    batches: int
    seconds: float


def pull_wip(
    store: StationStore, pg: psycopg.Connection[Any], *, batch_rows: int = PULL_ROWS
) -> PullReport:
    """Brings the line's work in progress since the last pull into the station, batch by batch."""
    started = time.perf_counter()
    rows = batches = 0
    while True:
        last_id, _ = wip.cursor(store.reader)
        try:
            got = pg.execute(
                "SELECT id, kind, serial, record_key::text, station, line, detail::text "
                "FROM plant.wip_since(%s, %s)",
                (last_id, batch_rows),
            ).fetchall()
        except psycopg.Error as exc:
            raise refusal(exc) from None
        last = int(got[-1][0]) if got else last_id

        def store_rows(
            conn: sqlite3.Connection, got: list[tuple[Any, ...]] = got, last: int = last
        ) -> int:
            # With nothing new this still records when the view was last confirmed current.
            return wip.apply(conn, got, last, iso_ms(utc_now()))

        store.write(store_rows)
        if not got:
            break
        rows += len(got)
        batches += 1
        if len(got) < batch_rows:
            break
    return PullReport(rows, batches, time.perf_counter() - started)


class PlantClaims:
    """Confirms records at the plant before commit; answers ``unconfirmed`` when it is away.

    Holds one connection of its own. After a failure it does not try again for
    :data:`RETRY_OFFLINE_S`, so commits made offline never wait on a dead plant.
    """

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._pg: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()
        self._offline_until = 0.0
        self._offline_reason = ""

    def close(self) -> None:
        """Closes the connection."""
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._pg is not None:
            with contextlib.suppress(psycopg.Error):
                self._pg.close()
            self._pg = None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._pg is None or self._pg.closed or self._pg.broken:
            self._drop()
            self._pg = connect(f"{self.dsn} options='{CLAIM_TIMEOUTS}'", autocommit=True)
        return self._pg

    def _away(self, exc: Exception) -> None:
        self._drop()
        reason = str(refusal(exc) if isinstance(exc, psycopg.Error) else exc)
        self._offline_until = time.monotonic() + RETRY_OFFLINE_S
        self._offline_reason = f"the plant could not be asked: {reason}"

    def reachable(self) -> bool:
        """See :class:`app.domain.confirm.PlantCheck`."""
        with self._lock:
            if time.monotonic() < self._offline_until:
                return False
            try:
                self._connection().execute("SELECT 1")
            except (UpstreamError, psycopg.Error) as exc:
                self._away(exc)
                return False
            return True

    def claim(
        self,
        station: str,
        record_key: str,
        serial: str,
        di: str | None,
        step: str,
        consumed: Sequence[str],
    ) -> PlantAnswer:
        """See :class:`app.domain.confirm.PlantCheck`."""
        with self._lock:
            if time.monotonic() < self._offline_until:
                return PlantAnswer("unconfirmed", self._offline_reason)
            try:
                row = (
                    self._connection()
                    .execute(
                        "SELECT plant.claim(%s, %s::uuid, %s, %s, %s, %s::text[]), clock_timestamp()",
                        (station, record_key, serial, di, step, list(consumed)),
                    )
                    .fetchone()
                )
            except (UpstreamError, psycopg.Error) as exc:
                self._away(exc)
                return PlantAnswer("unconfirmed", self._offline_reason)
        assert row is not None
        at = iso_ms(row[1])
        if row[0] is not None:
            return PlantAnswer("refused", str(row[0]), at)
        return PlantAnswer("claimed", "", at)

    def verify_staff(self, username: str, password: str) -> StaffAnswer:
        """See :class:`app.domain.confirm.PlantCheck`."""
        with self._lock:
            if time.monotonic() < self._offline_until:
                return StaffAnswer("unreachable", self._offline_reason)
            try:
                confirmed = trust.verify_staff(self._connection(), username, password)
            except CredentialsError as exc:
                return StaffAnswer("locked", str(exc))
            except (UpstreamError, psycopg.Error) as exc:
                self._away(exc)
                return StaffAnswer("unreachable", self._offline_reason)
        return StaffAnswer("confirmed" if confirmed else "refused")
