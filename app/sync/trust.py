"""What a station asks the plant to vouch for: its clock, a staff password, a countersignature."""

from __future__ import annotations

import base64
import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from app.domain.clock import utc_now
from app.sync.credentials import CredentialsError, UpstreamError
from app.sync.push import refusal

SCRYPT_MAXMEM = 256 * 1024 * 1024  # N=2^17, r=8 needs 128 MiB; hashlib's default allows 32


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
    scheme, n, r, p, salt = params.split("$")
    if scheme != "scrypt":
        raise ValueError(f"unknown password scheme {scheme!r}")
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=32,
        maxmem=SCRYPT_MAXMEM,
    )
    return base64.b64encode(digest).decode()


def _proof_for(pg: psycopg.Connection[Any], username: str, password: str) -> str:
    row = pg.execute("SELECT plant.password_params(%s)", (username,)).fetchone()
    assert row is not None
    return proof(password, str(row[0]))


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


@dataclass(frozen=True)
class Countersignature:
    """The plant's countersignature of one signature record."""

    record_key: str
    at: datetime


def countersign(
    pg: psycopg.Connection[Any],
    station: str,
    record_key: str,
    username: str,
    password: str,
    meaning: str,
) -> Countersignature | None:
    """Asks the plant to countersign signature ``record_key`` made at ``station``.

    The plant checks the signer's password against its own hash and records who signed, what it
    means and when. Returns None when the plant does not accept the credentials.

    Raises:
        CredentialsError: the role may not speak for ``station``, or the signer is locked.
    """
    try:
        derived = _proof_for(pg, username, password)
        row = pg.execute(
            "SELECT plant.countersign(%s, %s::uuid, %s, %s, %s)",
            (station, record_key, username, derived, meaning),
        ).fetchone()
    except (
        psycopg.errors.InsufficientPrivilege,
        psycopg.errors.InvalidAuthorizationSpecification,
    ) as exc:
        raise CredentialsError(
            f"the plant refused to countersign: {exc.diag.message_primary or exc}"
        ) from None
    except psycopg.Error as exc:
        raise _plant_error(exc) from None
    if row is None or row[0] is None:
        return None
    return Countersignature(record_key, row[0])
