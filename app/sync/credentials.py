"""Upstream connections: DSNs without passwords, secrets from the environment or the OS keyring."""

from __future__ import annotations

import os
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

PASSWORD_ENV = "LINESIDE_UPSTREAM_PASSWORD"  # noqa: S105 - the variable's name, not a password
KEYRING_SERVICE = "lineside-upstream"
CONNECT_TIMEOUT_S = 5
# No plant session waits for ever: a lock another session holds, a statement that hangs, a
# transaction left open (the plant sets the same on station roles, which a client cannot lift
# for others).
SESSION_TIMEOUTS = (
    "-c lock_timeout=10s -c statement_timeout=120s -c idle_in_transaction_session_timeout=60s"
)


class UpstreamError(Exception):
    """An upstream failure a person must act on; the message says what and what to do."""


class CredentialsError(UpstreamError):
    """Wrong password, unknown role or missing rights: retrying soon will not help."""


class PlantUnreachable(UpstreamError):
    """The plant database cannot be reached now; retrying later will."""


class ChainRefused(UpstreamError):
    """The plant refused rows because the station's chain does not continue what it holds."""


class CursorMismatch(ChainRefused):
    """The station's outbox cursor is ahead of its journal or of what the plant holds."""


def checked_dsn(dsn: str) -> dict[str, Any]:
    """The DSN's parameters, refusing one that carries a password.

    Raises:
        UpstreamError: the DSN is malformed or contains a password.
    """
    try:
        params: dict[str, Any] = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise UpstreamError(f"the upstream DSN is not valid: {exc}") from None
    if params.get("password"):
        raise UpstreamError(
            "the upstream DSN contains a password, which would stay in the shell history and process "
            f"list: remove it and set {PASSWORD_ENV} (or PGPASSWORD, or a ~/.pgpass file), or store it "
            f"in the OS keyring under service '{KEYRING_SERVICE}'"
        )
    return params


def keyring_password(params: dict[str, Any]) -> str | None:
    """The password stored in the OS keyring for ``user@host``, or None."""
    user = params.get("user") or os.environ.get("PGUSER") or ""
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    try:
        import keyring

        secret: str | None = keyring.get_password(KEYRING_SERVICE, f"{user}@{host}")
    except Exception:  # no keyring backend on this machine is the same as no entry
        return None
    return secret


def describe(params: dict[str, Any]) -> str:
    """``user@host:port/dbname`` for messages (never the password)."""
    user = params.get("user") or os.environ.get("PGUSER") or "(default user)"
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    dbname = params.get("dbname") or os.environ.get("PGDATABASE") or "(default)"
    return f"{user}@{host}:{port}/{dbname}"


AUTH_STATES = {"28000", "28P01", "42501"}


def classify(exc: psycopg.Error, where: str) -> UpstreamError:
    """Sorts a psycopg error into credentials (do not retry soon) or unreachable (retry)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    state = getattr(exc, "sqlstate", None)
    lowered = text.lower()
    if (
        state in AUTH_STATES
        or "password authentication failed" in lowered
        or "no password supplied" in lowered
        or ("role" in lowered and "does not exist" in lowered)
        or "permission denied" in lowered
    ):
        return CredentialsError(
            f"the plant database {where} refused these credentials: {text}. Check the user in the "
            f"DSN, the password in {PASSWORD_ENV} or the keyring, and that the role was created with "
            "`lineside plant add-station`"
        )
    if state == "3D000":
        return CredentialsError(
            f"the plant database {where} does not exist: {text}. Create it and run "
            "`lineside plant init`"
        )
    return PlantUnreachable(f"the plant database {where} is out of reach: {text}")


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """Opens a connection to the plant database with the password from env or keyring.

    Raises:
        UpstreamError: the DSN carries a password; CredentialsError or PlantUnreachable otherwise.
    """
    params = checked_dsn(dsn)
    where = describe(params)
    # Station roles stage each batch in a temporary table (PostgreSQL refuses COPY under row-level
    # security); room for a whole batch in temp buffers saves spilling it to disk first. The DSN's own
    # options come last, so they may shorten the timeouts.
    options = f"-c temp_buffers=64MB {SESSION_TIMEOUTS} {params.get('options', '')}".strip()
    extra: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "autocommit": autocommit,
        "options": options,
    }
    password = os.environ.get(PASSWORD_ENV)
    if password:
        extra["password"] = password
    try:
        return psycopg.connect(dsn, **extra)
    except psycopg.OperationalError as exc:
        # The keyring is asked only when the server wants a password the environment did not give.
        if "password" not in extra and "no password supplied" in str(exc):
            secret = keyring_password(params)
            if secret:
                try:
                    return psycopg.connect(dsn, password=secret, **extra)
                except psycopg.Error as again:
                    raise classify(again, where) from None
        raise classify(exc, where) from None
    except psycopg.Error as exc:
        raise classify(exc, where) from None
