"""What a station asks the plant to vouch for: its clock, a staff password, a countersignature."""

from __future__ import annotations

import base64
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from app.domain.clock import utc_now
from app.store.countersignatures import Request
from app.store.passwords import plant_key
from app.sync.credentials import CredentialsError, UpstreamError
from app.sync.push import refusal


@dataclass(frozen=True)
class ClockCheck:
    """The station's clock as the plant measured it at one sync."""

    station: str
    offset_ms: float  # plant minus station: positive when the station's clock is behind
    limit_ms: float

    @property
    def beyond_limit(self) -> bool:
        """Whether the plant raised a clock-offset exception for this measurement."""
        return abs(self.offset_ms) > self.limit_ms

    def describe(self) -> str:
        """``clock +12 ms`` or the finding when beyond the plant's limit."""
        text = f"clock offset {self.offset_ms:+.0f} ms"
        if self.beyond_limit:
            side = "behind" if self.offset_ms > 0 else "ahead of"
            text += (
                f": station {self.station} is {abs(self.offset_ms):.0f} ms {side} the plant, "
                f"beyond the {self.limit_ms:.0f} ms limit (raised as an exception at the plant)"
            )
        return text


def _plant_error(exc: psycopg.Error) -> UpstreamError:
    return refusal(exc)


def journal_station(conn: sqlite3.Connection) -> str | None:
    """The station of a station database: the one its newest journal row was recorded at."""
    row = conn.execute("SELECT station FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def clock_check(
    pg: psycopg.Connection[Any], station: str, now: datetime | None = None
) -> ClockCheck:
    """Sends the station's time; the plant measures the offset, records it and returns it.

    Raises:
        CredentialsError: the role may not speak for ``station``.
    """
    try:
        row = pg.execute(
            "SELECT plant.clock_check(%s, %s), (SELECT value::double precision FROM plant.settings "
            "WHERE name = 'clock_offset_limit_ms')",
            (station, now or utc_now()),
        ).fetchone()
    except psycopg.errors.InsufficientPrivilege as exc:
        diag = exc.diag.message_primary or str(exc)
        raise CredentialsError(f"the plant refused the clock check: {diag}") from None
    except psycopg.Error as exc:
        raise _plant_error(exc) from None
    assert row is not None
    return ClockCheck(station, float(row[0]), float(row[1]) if row[1] is not None else 2000.0)


def proof(password: str, params: str) -> str:
    """The scrypt derived key of ``password`` under the plant's ``scrypt$N$r$p$salt`` parameters."""
    return base64.b64encode(plant_key(password, params)).decode()


def password_params(pg: psycopg.Connection[Any], username: str) -> str:
    """The plant's scrypt parameters and salt for ``username`` (public; made up for unknown users)."""
    row = pg.execute("SELECT plant.password_params(%s)", (username,)).fetchone()
    assert row is not None
    return str(row[0])


def _proof_for(pg: psycopg.Connection[Any], username: str, password: str) -> str:
    return proof(password, password_params(pg, username))


def verify_staff(pg: psycopg.Connection[Any], username: str, password: str) -> bool:
    """Whether the plant confirms ``username``'s password (the station never sees the hash).

    Raises:
        CredentialsError: the user is locked at the plant after too many failures.
    """
    try:
        derived = _proof_for(pg, username, password)
        row = pg.execute("SELECT plant.verify_staff(%s, %s)", (username, derived)).fetchone()
    except psycopg.errors.InvalidAuthorizationSpecification as exc:
        raise CredentialsError(exc.diag.message_primary or str(exc)) from None
    except psycopg.Error as exc:
        raise _plant_error(exc) from None
    return bool(row and row[0])


def countersign(pg: psycopg.Connection[Any], request: Request) -> datetime | None:
    """Asks the plant to countersign a signature row with the proof kept when it was signed.

    The plant recomputes the proof from its own hash of the signer's password and the row it holds
    (the row must be pushed first), and records who signed, what it means and when.

    Returns:
        The plant's time of the countersignature, or None when the proof does not hold (the plant
        records that as an exception).

    Raises:
        CredentialsError: the role may not speak for the station, or the signer is locked.
        UpstreamError: the plant does not hold the row yet, or cannot be reached.
    """
    try:
        row = pg.execute(
            "SELECT plant.countersign(%s, %s::uuid, %s, %s, %s, %s)",
            (
                request.station,
                request.signature_key,
                request.record_hash,
                request.username,
                request.tag,
                request.meaning,
            ),
        ).fetchone()
    except (
        psycopg.errors.InsufficientPrivilege,
        psycopg.errors.InvalidAuthorizationSpecification,
    ) as exc:
        raise CredentialsError(
            f"the plant refused to countersign: {exc.diag.message_primary or exc}"
        ) from None
    except psycopg.errors.NoDataFound as exc:
        raise UpstreamError(exc.diag.message_primary or str(exc)) from None
    except psycopg.Error as exc:
        raise _plant_error(exc) from None
    return None if row is None or row[0] is None else row[0]
