"""The plant database: schema migrations, station roles and published master data versions."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

from app.domain.canonical import canonical_json

SCHEMA_PACKAGE = "app.sync.plant_schema"
MIGRATION_LOCK = 7_210_017  # advisory lock key: one `plant init` at a time per database

# Master tables in the order their foreign keys need (parents first).
MASTER_TABLES: dict[str, tuple[str, ...]] = {
    "lines": ("id", "name", "site"),
    "suppliers": ("id", "name", "country"),
    "parts": ("part_number", "description", "kind", "certificate_type", "gtin", "unit"),
    "stations": (
        "id",
        "line_id",
        "name",
        "steps",
        "settings",
        "config_revision",
        "work_order_id",
        "step_code",
    ),
    "users": (
        "id",
        "username",
        "name",
        "role",
        "badge",
        "password_hash",
        "active",
        "qualifications",
    ),
    "steps": (
        "product",
        "code",
        "name",
        "sequence",
        "output_part",
        "requires_profile",
        "environment",
    ),
    "bom": ("product", "step", "part_number", "quantity"),
    "work_orders": ("id", "product", "quantity", "status", "released_at"),
    "lots": (
        "id",
        "part_number",
        "supplier_id",
        "supplier_lot",
        "status",
        "received_on",
        "expires_on",
        "quantity",
    ),
    "certificates": (
        "id",
        "lot_id",
        "type",
        "revision",
        "valid_from",
        "valid_to",
        "sha256",
        "document",
        "issued_by",
    ),
    "devices": ("di", "agency", "brand", "model", "version", "controls", "part_number"),
    "supplier_parts": ("supplier_id", "supplier_part", "part_number"),
    "supplier_packages": ("supplier_id", "package_id", "lot_id", "date_code"),
}


# What a published version carries: everything but the staff password hashes, which stay at the
# plant (stations check a password through the plant's verify-only functions, see app/sync/trust.py).
SECRET_COLUMNS = {"users": ("password_hash",)}
PUBLISHED_TABLES: dict[str, tuple[str, ...]] = {
    table: tuple(c for c in columns if c not in SECRET_COLUMNS.get(table, ()))
    for table, columns in MASTER_TABLES.items()
}
# Station roles call these; everything else in the schema is out of their reach.
STATION_FUNCTIONS = (
    "plant.clock_check(text, timestamptz)",
    "plant.password_params(text)",
    "plant.verify_staff(text, text)",
    "plant.countersign(text, uuid, text, text, text, text)",
    "plant.countersignatures_of(text)",
    "plant.claim(text, uuid, text, text, text, text[])",
    "plant.wip_since(bigint, integer)",
    "plant.lines_of(name)",
)
# What a station role reads of its line's records (row-level security limits it to the line).
LINE_TABLES = ("assemblies", "components", "exceptions", "wip", "supersessions")
# A station session never waits on a lock or a statement for long, nor idles holding one.
STATION_TIMEOUTS = {
    "lock_timeout": "10s",
    "statement_timeout": "120s",
    "idle_in_transaction_session_timeout": "60s",
}


# Each master table's key, for applying a version row by row on the station.
MASTER_KEYS: dict[str, tuple[str, ...]] = {
    "lines": ("id",),
    "suppliers": ("id",),
    "parts": ("part_number",),
    "stations": ("id",),
    "users": ("id",),
    "steps": ("product", "code"),
    "bom": ("product", "step", "part_number"),
    "work_orders": ("id",),
    "lots": ("id",),
    "certificates": ("id",),
    "devices": ("di",),
    "supplier_parts": ("supplier_id", "supplier_part"),
    "supplier_packages": ("supplier_id", "package_id"),
}


def migrations() -> list[tuple[str, str]]:
    """The plant schema migrations as (name, SQL) in the order they apply."""
    folder = resources.files(SCHEMA_PACKAGE)
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [(n.removesuffix(".sql"), folder.joinpath(n).read_text("utf-8")) for n in names]


def init(conn: psycopg.Connection[Any]) -> list[str]:
    """Applies the pending plant migrations, each in its own transaction, and records them.

    Returns:
        The names of the migrations applied now (empty when the schema was up to date).
    """
    applied_now = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE SCHEMA IF NOT EXISTS plant")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS plant.schema_migrations (name text PRIMARY KEY, "
            "applied_at timestamptz NOT NULL DEFAULT now(), applied_by name NOT NULL DEFAULT current_user)"
        )
    for name, text in migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            done = conn.execute(
                "SELECT 1 FROM plant.schema_migrations WHERE name = %s", (name,)
            ).fetchone()
            if done:
                continue
            conn.execute(text.encode("utf-8"))
            conn.execute("INSERT INTO plant.schema_migrations (name) VALUES (%s)", (name,))
            applied_now.append(name)
    _close_database(conn)
    newest = conn.execute(
        "SELECT carries_secrets FROM plant.master_data_versions ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if newest is not None and newest[0]:
        publish(conn, "republished without password hashes")
    return applied_now


def _close_database(conn: psycopg.Connection[Any]) -> None:
    """Lets only this plant's own roles (and its administrators) connect to its database."""
    row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    database = sql.Identifier(row[0])
    roles = [r[0] for r in conn.execute("SELECT role FROM plant.station_roles")]
    roles.append(supervisor_role(conn))
    with conn.transaction():
        conn.execute(
            sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(database)
        )
        for role in roles:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(
                    sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                        database, sql.Identifier(role)
                    )
                )


def open_databases(conn: psycopg.Connection[Any]) -> list[str]:
    """Other databases of the cluster that any role may connect to (a station role included).

    PostgreSQL grants CONNECT to PUBLIC by default, and a grant to PUBLIC cannot be withheld from
    one role: those databases are closed to stations by pg_hba.conf (see the README) or by revoking
    PUBLIC's CONNECT there.
    """
    return [
        r[0]
        for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datallowconn AND datname <> current_database() "
            "AND has_database_privilege('public', oid, 'CONNECT') ORDER BY datname"
        )
    ]


def applied(conn: psycopg.Connection[Any]) -> list[str]:
    """The names of the migrations this plant database has (empty before `plant init`)."""
    exists = conn.execute("SELECT to_regclass('plant.schema_migrations')").fetchone()
    if not exists or exists[0] is None:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM plant.schema_migrations ORDER BY name")]


def role_name(conn: psycopg.Connection[Any], station: str) -> str:
    """The login role of ``station`` in this plant database (roles are cluster-wide)."""
    row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    base = re.sub(r"[^a-z0-9]+", "_", f"{row[0]}_station_{station}".lower()).strip("_")
    return base[:63]


def supervisor_role(conn: psycopg.Connection[Any]) -> str:
    """The read-only group role of this plant database's supervisors."""
    row = conn.execute("SELECT left(current_database(), 40) || '_supervisor'").fetchone()
    assert row is not None
    return str(row[0])


def add_station(conn: psycopg.Connection[Any], station: str) -> str:
    """Creates (or re-grants) the least-privilege login role of ``station``.

    The role may insert journal rows of its own station only (row-level security), read its own
    rows back, read its line's genealogy, exceptions and work in progress (row-level security) and
    master data without password hashes, lock its own push row, and call the
    plant's clock, verify-only and countersigning functions; it has no UPDATE or DELETE anywhere,
    connects to this plant database only, and never waits long on a lock or statement.

    Returns:
        The role's name.
    """
    role = role_name(conn, station)
    ident = sql.Identifier(role)
    with conn.transaction():
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
        conn.execute(
            "INSERT INTO plant.station_roles (station, role) VALUES (%s, %s) "
            "ON CONFLICT (station) DO UPDATE SET role = excluded.role",
            (station, role),
        )
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA plant TO {}").format(ident))
        conn.execute(sql.SQL("GRANT INSERT, SELECT ON plant.journal TO {}").format(ident))
        conn.execute(sql.SQL("GRANT INSERT, SELECT ON plant.shared_parts TO {}").format(ident))
        conn.execute(sql.SQL("GRANT INSERT, SELECT ON plant.documents TO {}").format(ident))
        tables = [
            t
            for t in [*MASTER_TABLES, "master_data_versions", "settings"]
            if t not in SECRET_COLUMNS
        ]
        conn.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(
                sql.SQL(", ").join(sql.Identifier("plant", t) for t in tables), ident
            )
        )
        for table in SECRET_COLUMNS:
            conn.execute(
                sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier("plant", table), ident)
            )
            conn.execute(
                sql.SQL("GRANT SELECT ({}) ON {} TO {}").format(
                    sql.SQL(", ").join(sql.Identifier(c) for c in PUBLISHED_TABLES[table]),
                    sql.Identifier("plant", table),
                    ident,
                )
            )
        conn.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(
                sql.SQL(", ").join(sql.Identifier("plant", t) for t in LINE_TABLES), ident
            )
        )
        conn.execute(
            "INSERT INTO plant.push_locks (station) VALUES (%s) ON CONFLICT DO NOTHING", (station,)
        )
        conn.execute(
            sql.SQL("GRANT SELECT, UPDATE (station) ON plant.push_locks TO {}").format(ident)
        )
        for function in STATION_FUNCTIONS:
            conn.execute(
                sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(sql.SQL(function), ident)
            )
        for name, value in STATION_TIMEOUTS.items():
            conn.execute(
                sql.SQL("ALTER ROLE {} SET {} = {}").format(
                    ident, sql.Identifier(name), sql.Literal(value)
                )
            )
        database = conn.execute("SELECT current_database()").fetchone()
        assert database is not None
        conn.execute(
            sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
                sql.Identifier(database[0]), ident
            )
        )
    return role


def add_supervisor(conn: psycopg.Connection[Any], user: str) -> str:
    """Makes ``user`` (created as a login role if new) a member of the read-only supervisor role.

    Returns:
        The supervisor group role's name.
    """
    group = supervisor_role(conn)
    with conn.transaction():
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone():
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(user)))
    return group


def drop_roles(conn: psycopg.Connection[Any]) -> None:
    """Drops this plant database's station and supervisor roles (before dropping the database)."""
    roles = [r[0] for r in conn.execute("SELECT role FROM plant.station_roles")]
    roles.append(supervisor_role(conn))
    with conn.transaction():
        for role in roles:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@dataclass(frozen=True)
class MasterVersion:
    """A published master data version."""

    version: int
    sha256: str
    document: str

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The version's rows per table."""
        import json

        data: dict[str, list[dict[str, Any]]] = json.loads(self.document)
        return data


def _document(tables: dict[str, list[dict[str, Any]]]) -> tuple[str, str]:
    text = canonical_json(tables)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_master_data(
    conn: psycopg.Connection[Any], station_db: sqlite3.Connection, note: str = ""
) -> MasterVersion:
    """Replaces the plant's master data with a station database's and publishes it as a version."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, columns in MASTER_TABLES.items():
        cursor = station_db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1")
        tables[table] = [dict(zip(columns, r, strict=True)) for r in cursor]
    with conn.transaction():
        conn.execute(
            "TRUNCATE "
            + ", ".join(f"plant.{t}" for t in reversed(list(MASTER_TABLES)))
            + " RESTRICT"
        )
        for table, columns in MASTER_TABLES.items():
            with conn.cursor().copy(
                sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier("plant", table),
                    sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                )
            ) as copy:
                for row in tables[table]:
                    copy.write_row([row[c] for c in columns])
        return publish(conn, note or "loaded from a station database")


def publish(conn: psycopg.Connection[Any], note: str = "") -> MasterVersion:
    """Snapshots the plant's master tables as one new version (call inside a transaction or not)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with conn.transaction():
        conn.execute("LOCK TABLE plant.master_data_versions IN EXCLUSIVE MODE")
        for table, columns in PUBLISHED_TABLES.items():
            query = sql.SQL("SELECT {} FROM {} ORDER BY 1").format(
                sql.SQL(", ").join(sql.Identifier(c) for c in columns),
                sql.Identifier("plant", table),
            )
            tables[table] = [dict(zip(columns, r, strict=True)) for r in conn.execute(query)]
        text, digest = _document(tables)
        row = conn.execute(
            "INSERT INTO plant.master_data_versions (note, sha256, document, carries_secrets) "
            "VALUES (%s, %s, %s, false) RETURNING version",
            (note, digest, text),
        ).fetchone()
    assert row is not None
    return MasterVersion(int(row[0]), digest, text)


def latest_version(conn: psycopg.Connection[Any], newer_than: int) -> MasterVersion | None:
    """The newest published version when it is newer than ``newer_than``."""
    row = conn.execute(
        "SELECT version, sha256, document FROM plant.master_data_versions WHERE version > %s "
        "ORDER BY version DESC LIMIT 1",
        (newer_than,),
    ).fetchone()
    return None if row is None else MasterVersion(int(row[0]), row[1], row[2])
