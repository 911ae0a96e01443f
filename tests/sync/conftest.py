"""Plant databases on the real PostgreSQL: one fresh database per test, all dropped at the end."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from app.sync import plant

SERVER = "host=127.0.0.1 port=5432 user=postgres"
START_HINT = (
    "PostgreSQL on 127.0.0.1:5432 is unreachable ({error}); the tests marked postgres need it: start "
    "it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`"
)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[dict[str, Any]]:
    """The admin connection and this session's unique database name prefix."""
    try:
        admin = psycopg.connect(f"{SERVER} dbname=test", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(START_HINT.format(error=str(exc).strip()), pytrace=False)
    prefix = f"lineside_t{uuid.uuid4().hex[:10]}"
    state: dict[str, Any] = {"admin": admin, "prefix": prefix, "count": 0}
    yield state
    names = [
        r[0]
        for r in admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)
        )
    ]
    for name in names:
        drop_database(admin, name)
    admin.close()


def drop_database(admin: psycopg.Connection[Any], name: str) -> None:
    """Drops a test plant database and the roles made for it."""
    with psycopg.connect(f"{SERVER} dbname={name}", autocommit=True) as conn:
        if plant.applied(conn):
            plant.drop_roles(conn)
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
        "pg_backend_pid()",
        (name,),
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def plant_dsn(pg_server: dict[str, Any]) -> Iterator[str]:
    """The DSN of a new plant database with the schema applied (superuser, as an admin)."""
    pg_server["count"] += 1
    name = f"{pg_server['prefix']}_{pg_server['count']}"
    admin = pg_server["admin"]
    admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{SERVER} dbname={name}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        plant.init(conn)
    yield dsn
    drop_database(admin, name)


@pytest.fixture
def plant_conn(plant_dsn: str) -> Iterator[psycopg.Connection[Any]]:
    """An admin connection to the test plant database."""
    with psycopg.connect(plant_dsn, autocommit=True) as conn:
        yield conn
