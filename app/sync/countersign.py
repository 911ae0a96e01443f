"""At each sync (after the push): the plant countersigns the station's signatures, and the station
learns its staff's plant parameters so signatures made offline can be countersigned later."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from app.domain.clock import utc_now
from app.domain.roles import Role
from app.store import countersignatures
from app.store.station_store import StationStore
from app.sync import trust
from app.sync.credentials import CredentialsError, UpstreamError


@dataclass(frozen=True)
class CountersignReport:
    """What one round of countersigning did."""

    countersigned: int = 0
    refused: int = 0
    waiting: int = 0

    def describe(self) -> str:
        """One line for ``lineside sync``."""
        text = f"countersigned {self.countersigned}"
        if self.refused:
            text += f", REFUSED {self.refused} (see `lineside signatures`)"
        if self.waiting:
            text += f", {self.waiting} waiting"
        return text


def refresh_params(store: StationStore, pg: psycopg.Connection[Any]) -> int:
    """Fetches the plant's scrypt parameters (salt and cost, not the hash) of every active staff
    account of the station, so a signature made offline keeps a proof the plant can check.

    Returns:
        How many accounts' parameters are cached.
    """
    staff = [
        str(r[0])
        for r in store.reader.execute(
            "SELECT username FROM users WHERE active = 1 AND role <> ?", (str(Role.OPERATOR),)
        )
    ]
    fetched = {name: trust.password_params(pg, name) for name in staff}
    changed = {
        name: params
        for name, params in fetched.items()
        if countersignatures.cached_params(store.reader, name) != params
    }
    if not changed:
        return len(fetched)  # nothing new: no write every sync
    now = utc_now()

    def work(conn: sqlite3.Connection) -> None:
        for name, params in changed.items():
            countersignatures.cache_params(conn, name, params, now)

    store.write(work)
    return len(fetched)


REFUSAL = (
    "the signer's password proof does not hold for this row at the plant (not signed by that "
    "person through Lineside, or their plant password differs)"
)


def _answer(
    store: StationStore,
    request: countersignatures.Request,
    at: datetime | None,
    refusal: str | None,
) -> None:
    def work(conn: sqlite3.Connection) -> None:
        countersignatures.record_answer(conn, request, at, refusal)

    store.write(work)


def countersign_pending(store: StationStore, pg: psycopg.Connection[Any]) -> CountersignReport:
    """Sends every signature still waiting to the plant and journals each answer.

    A signature the plant does not hold yet (not pushed), or whose signer is locked at the plant,
    waits for the next round.

    Raises:
        UpstreamError: the plant cannot be reached.
    """
    done = refused = waiting = 0
    for request in countersignatures.pending(store.reader):
        try:
            at = trust.countersign(pg, request)
        except CredentialsError:
            # The signer is locked at the plant (or the role may not speak for that station):
            # the signature waits, and the rest of the sync goes on.
            waiting += 1
            continue
        except UpstreamError as exc:
            if "not in the plant's journal yet" not in str(exc):
                raise
            waiting += 1
            continue
        if at is None:
            _answer(store, request, None, REFUSAL)
            refused += 1
        else:
            _answer(store, request, at, None)
            done += 1
    return CountersignReport(done, refused, waiting)


def sync_countersignatures(store: StationStore, pg: psycopg.Connection[Any]) -> CountersignReport:
    """One round: refresh the staff's plant parameters, then countersign what waits."""
    refresh_params(store, pg)
    return countersign_pending(store, pg)


def forged_receipt(conn: sqlite3.Connection, pg: psycopg.Connection[Any]) -> str | None:
    """The first countersignature receipt in the journal the plant holds no countersignature for
    (``verify --upstream``): a receipt row appended outside the app. None when all hold."""
    held: dict[str, dict[str, tuple[str | None, str | None]]] = {}
    for seq, station, content in conn.execute(
        "SELECT seq, station, content FROM journal WHERE kind = ? ORDER BY seq",
        (countersignatures.RECEIPT_KIND,),
    ):
        if station not in held:
            held[station] = {
                str(r[0]): (r[1], r[2])
                for r in pg.execute(
                    "SELECT record_key, record_hash, username FROM plant.countersignatures_of(%s)",
                    (station,),
                )
            }
        said = json.loads(content)["countersignature"]
        plant = held[station].get(str(said.get("signature")))
        if plant is None or plant[0] != said.get("signature_hash"):
            return (
                f"station {station}: row {seq} says the plant countersigned signature "
                f"{said.get('signature')} at {said.get('plant_time')}, but the plant holds no "
                "such countersignature: the receipt was not written by Lineside"
            )
    return None
