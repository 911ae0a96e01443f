"""Pushing the station journal upstream in batches and pulling master data versions down."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from app.domain.clock import iso_ms, parse_iso, utc_now
from app.store import masterdata_write
from app.store.anchors import Receipt, record_receipts
from app.store.masterdata_write import Change
from app.store.station_store import StationStore
from app.sync.credentials import (
    ChainRefused,
    CredentialsError,
    CursorMismatch,
    PlantUnreachable,
    UpstreamError,
)
from app.sync.plant import MASTER_KEYS, PUBLISHED_TABLES, MasterVersion, latest_version

BATCH_ROWS = 5_000
OUTBOX = "plant"
COLUMNS = (
    "key",
    "station",
    "seq",
    "kind",
    "recorded_at",
    "corrects",
    "content",
    "prev_hash",
    "hash",
)
SELECT_UNSENT = (
    "SELECT key, station, seq, kind, recorded_at, corrects, content, prev_hash, hash FROM journal "
    "WHERE seq > ? ORDER BY seq LIMIT ?"
)
# Rows of this batch the plant holds already: by key, or at the same place in a station's chain.
HELD_SQL = (
    "SELECT key::text, station, seq, hash FROM plant.journal WHERE key = ANY(%(keys)s::uuid[]) "
    "OR (station = ANY(%(stations)s) AND seq BETWEEN %(first)s AND %(last)s)"
)
COPY_SQL = f"COPY plant.journal ({', '.join(COLUMNS)}) FROM STDIN"
# PostgreSQL refuses COPY into a table under row-level security, which is what station roles are:
# they COPY into a session staging table and INSERT from it, which the policies do check.
STAGING_SQL = (
    "CREATE TEMP TABLE IF NOT EXISTS journal_in (key uuid, station text, seq bigint, kind text, "
    "recorded_at timestamptz, corrects uuid, content text, prev_hash text, hash text) "
    "ON COMMIT DELETE ROWS; "
    "ALTER TABLE journal_in ALTER COLUMN content SET STORAGE EXTERNAL"  # no compressing twice
)
# Whether this role is under row-level security, and whether its session has the staging table.
STATE_SQL = (
    "SELECT row_security_active('plant.journal'), to_regclass('pg_temp.journal_in') IS NOT NULL"
)
STAGED_COPY_SQL = f"COPY journal_in ({', '.join(COLUMNS)}) FROM STDIN"
STAGED_INSERT_SQL = (
    f"INSERT INTO plant.journal ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM journal_in "
    "ORDER BY seq"
)
# The shared parts a batch's rows refer to go first, each once (README, Record model 3).
REF_PATTERN = re.compile(r'"\$ref":"sha256:([0-9a-f]{64})"')
SEND_PARTS_SQL = (
    "INSERT INTO plant.shared_parts (hash, content) "
    "SELECT * FROM unnest(%s::text[], %s::text[]) ON CONFLICT (hash) DO NOTHING"
)
# One push per station at a time, so what a batch finds held stays true until it commits. The lock is
# the station's row in plant.push_locks: row-level security lets a role lock only its own stations'
# rows (an advisory key could be taken, and held, by any role). Sessions carry a lock_timeout.
LOCK_SQL = (
    "SELECT station FROM plant.push_locks WHERE station = ANY(%s::text[]) ORDER BY station "
    "FOR UPDATE"
)


@dataclass(frozen=True)
class PushReport:
    """What one push did."""

    sent: int
    inserted: int
    batches: int
    seconds: float

    @property
    def already_held(self) -> int:
        """Rows the plant had already (a re-sent batch): skipped, not duplicated."""
        return self.sent - self.inserted


def cursor(conn: sqlite3.Connection) -> int:
    """The sequence number of the last journal row the plant acknowledged."""
    row = conn.execute("SELECT last_seq FROM sync_outbox WHERE upstream = ?", (OUTBOX,)).fetchone()
    return int(row[0]) if row else 0


def backlog(conn: sqlite3.Connection) -> int:
    """Journal rows not yet acknowledged by the plant.

    By sequence number, not by counting: ``seq`` is AUTOINCREMENT and nothing is ever deleted from
    the journal, so it has no gaps, and a count would read every waiting row's pages (seconds per
    batch on a large backlog).
    """
    row = conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()
    return max(0, int(row[0]) - cursor(conn))


def oldest_waiting(conn: sqlite3.Connection) -> datetime | None:
    """When the oldest row the plant has not acknowledged was recorded (None: nothing waits)."""
    row = conn.execute(
        "SELECT recorded_at FROM journal WHERE seq > ? ORDER BY seq LIMIT 1", (cursor(conn),)
    ).fetchone()
    return None if row is None else parse_iso(str(row[0]))


def refusal(exc: psycopg.Error) -> UpstreamError:
    """The message for rows the plant refused."""
    diag = getattr(exc, "diag", None)
    primary = (diag.message_primary if diag else None) or str(exc).strip()
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return CredentialsError(
            f"the plant refused these rows: {primary}. This station's role may push only its own "
            "station's rows: check the DSN's user, or run `lineside plant add-station` for it"
        )
    if isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName):
        return CredentialsError(
            f"the plant database has no Lineside schema ({primary}): run `lineside plant init` "
            "there first"
        )
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return PlantUnreachable(
            f"another push of this station holds its lock at the plant ({primary}); the next sync "
            "tries again"
        )
    if isinstance(exc, psycopg.errors.UniqueViolation):
        return PlantUnreachable(
            f"the plant received these rows from elsewhere at the same time ({primary}); "
            "the next sync sends what is still missing"
        )
    if isinstance(exc, psycopg.errors.IntegrityError):
        return ChainRefused(
            f"the plant refused the journal: {primary}. Run `lineside verify` on this station and "
            "call quality: nothing more is sent until this is resolved"
        )
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return PlantUnreachable(f"the connection to the plant database broke: {primary}")
    return UpstreamError(f"the plant database failed: {primary}")


def _changed(row: tuple[Any, ...], held: dict[str, tuple[str, int, str]]) -> str | None:
    """Why ``row`` clashes with what the plant holds (None when it does not)."""
    same_key = held.get(str(row[0]))
    if same_key is not None and same_key != (row[1], int(row[2]), row[8]):
        return "differs from the row the plant already holds under its key"
    return None


def check_cursor(conn: sqlite3.Connection, pg: psycopg.Connection[Any]) -> None:
    """Refuses to push when the outbox cursor does not match the journal or the plant.

    A cursor past the end of the journal, or one that says the plant acknowledged a row the plant
    does not hold, would otherwise send nothing and report success while the plant starves.

    Raises:
        CursorMismatch: naming the cursor, the journal's last row and what the plant holds.
    """
    last = cursor(conn)
    if last == 0:
        return
    row = conn.execute("SELECT key, station, hash FROM journal WHERE seq = ?", (last,)).fetchone()
    if row is None:
        top = conn.execute("SELECT max(seq) FROM journal").fetchone()
        raise CursorMismatch(
            f"the outbox cursor says row {last} was acknowledged, but the journal ends at row "
            f"{int(top[0] or 0)}: the cursor was moved or the journal truncated. Nothing is sent; "
            "run `lineside verify` on this station and call quality"
        )
    try:
        held = pg.execute(
            "SELECT hash FROM plant.journal WHERE key = %s::uuid", (str(row[0]),)
        ).fetchone()
    except psycopg.Error as exc:
        raise refusal(exc) from None
    if held is None or held[0] != row[2]:
        raise CursorMismatch(
            f"the outbox cursor says row {last} (key {row[0]}, station {row[1]}) was acknowledged, "
            "but the plant "
            + ("does not hold it" if held is None else "holds a different row under its key")
            + ": the cursor was moved, or the plant database was restored. Nothing is sent; run "
            "`lineside verify` on this station and call quality"
        )


# The plant's receipt: the newest row it holds of a station, with its own clock (RLS: own rows only).
RECEIPT_SQL = (
    "SELECT station, seq, hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', "
    '\'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\') FROM plant.journal WHERE station = %s '
    "ORDER BY seq DESC LIMIT 1"
)


def receipts(pg: psycopg.Connection[Any], stations: list[str]) -> list[Receipt]:
    """What the plant now holds of each station's chain: its newest row's seq and hash, and when."""
    found = []
    try:
        for station in stations:
            row = pg.execute(RECEIPT_SQL, (station,)).fetchone()
            if row is not None:
                found.append(Receipt(str(row[0]), int(row[1]), str(row[2]), str(row[3])))
    except psycopg.Error as exc:
        raise refusal(exc) from None
    return found


def batch_parts(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """The shared parts (hash, canonical text) that rows (in :data:`COLUMNS` order) refer to."""
    wanted = sorted({h for row in rows for h in REF_PATTERN.findall(str(row[6]))})
    found: list[tuple[str, str]] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found += conn.execute(
            f"SELECT hash, content FROM shared_parts WHERE hash IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
    return found


def send_batch(
    pg: psycopg.Connection[Any],
    rows: list[tuple[Any, ...]],
    parts: list[tuple[str, str]] | None = None,
) -> int:
    """Sends rows (in :data:`COLUMNS` order) in one transaction; returns how many were new.

    Rows the plant already holds unchanged are skipped, so a batch sent twice is stored once.
    ``parts`` (hash, canonical text) are the shared parts the rows refer to (:func:`batch_parts`);
    they are stored first, each once.

    Raises:
        ChainRefused: a row differs from what the plant holds or breaks the station's chain.
    """
    stations = sorted({str(r[1]) for r in rows})
    try:
        with pg.transaction():
            pg.execute(LOCK_SQL, (stations,))
            found = pg.execute(
                HELD_SQL,
                {
                    "keys": [str(r[0]) for r in rows],
                    "stations": stations,
                    "first": rows[0][2],
                    "last": rows[-1][2],
                },
            ).fetchall()
            held = {str(k): (st, int(seq), h) for k, st, seq, h in found}
            positions = {(st, int(seq)): k for k, st, seq, _h in found}
            new = []
            for row in rows:
                problem = _changed(row, held)
                occupant = positions.get((str(row[1]), int(row[2])))
                if problem is None and occupant is not None and occupant != str(row[0]):
                    problem = f"takes the place of row {occupant} the plant already holds"
                if problem is not None:
                    raise ChainRefused(
                        f"the plant refused the journal: station {row[1]} row {row[2]} (key {row[0]}, "
                        f"{row[3]}) {problem}: the station journal was altered after it was sent. "
                        "Run `lineside verify` on this station and call quality: nothing more is "
                        "sent until this is resolved"
                    )
                if str(row[0]) not in held:
                    new.append(row)
            if new and parts:
                pg.execute(SEND_PARTS_SQL, ([h for h, _ in parts], [t for _, t in parts]))
            if new:
                found_state = pg.execute(STATE_SQL).fetchone()
                staged = bool(found_state and found_state[0])
                if staged and not (found_state and found_state[1]):
                    pg.execute(STAGING_SQL)  # once per session: it keeps its staging table
                with pg.cursor().copy(STAGED_COPY_SQL if staged else COPY_SQL) as copy:
                    for row in new:
                        copy.write_row(row)
                if staged:
                    pg.execute(STAGED_INSERT_SQL)
            return len(new)
    except psycopg.Error as exc:
        raise refusal(exc) from None


def push(
    store: StationStore,
    pg: psycopg.Connection[Any],
    *,
    batch_rows: int = BATCH_ROWS,
    on_batch: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> PushReport:
    """Sends every unacknowledged journal row in order, batch by batch, resuming at the cursor.

    The cursor moves only after the plant committed a batch, so a station killed in between
    re-sends that batch, which the plant skips (the row key is its primary key).

    Args:
        on_batch: called with (rows sent so far, rows still waiting) after each batch.
        stop: asked between batches; True ends the push early (the rest goes next time).
    """
    started = time.perf_counter()
    sent = inserted = batches = 0
    reader = store.reader
    check_cursor(reader, pg)
    while stop is None or not stop():
        last = cursor(reader)
        rows = reader.execute(SELECT_UNSENT, (last, batch_rows)).fetchall()
        if not rows:
            break
        inserted += send_batch(pg, rows, batch_parts(reader, rows))
        new_last = int(rows[-1][2])
        acknowledged = receipts(pg, sorted({str(r[1]) for r in rows}))

        def advance(
            conn: sqlite3.Connection, new_last: int = new_last, got: list[Receipt] = acknowledged
        ) -> None:
            conn.execute(
                "UPDATE sync_outbox SET last_seq = ?, pushed_at = ? WHERE upstream = ?",
                (new_last, iso_ms(utc_now()), OUTBOX),
            )
            record_receipts(conn, got)

        store.write(advance)
        sent += len(rows)
        batches += 1
        if on_batch is not None:
            on_batch(sent, backlog(reader))
    push_documents(store, pg)
    return PushReport(sent, inserted, batches, time.perf_counter() - started)


def push_documents(store: StationStore, pg: psycopg.Connection[Any]) -> int:
    """Sends the certificate documents the plant does not hold yet; returns how many were sent.

    The plant files each under its SHA-256 and refuses content that does not have that hash.
    """
    waiting = store.reader.execute(
        "SELECT d.sha256, d.media_type, d.name, d.content FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM document_pushes p WHERE p.sha256 = d.sha256) ORDER BY d.stored_at"
    ).fetchall()
    if not waiting:
        return 0
    try:
        with pg.transaction():
            for digest, media, name, content in waiting:
                pg.execute(
                    "INSERT INTO plant.documents (sha256, media_type, name, content) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
                    (digest, media, name, bytes(content)),
                )
    except psycopg.Error as exc:
        raise refusal(exc) from None
    at = iso_ms(utc_now())
    store.write(
        lambda conn: conn.executemany(
            "INSERT INTO document_pushes (sha256, pushed_at) VALUES (?, ?) "
            "ON CONFLICT (sha256) DO NOTHING",
            [(w[0], at) for w in waiting],
        )
    )
    return len(waiting)


def master_version(conn: sqlite3.Connection) -> int:
    """The plant master data version this station applied last (0 for none)."""
    row = conn.execute(
        "SELECT max(version) FROM master_data_versions WHERE source = ?", (OUTBOX,)
    ).fetchone()
    return int(row[0] or 0)


# What a station configures itself (journalled ``config`` rows); a pull never overwrites them.
STATION_OWNS = ("line_id", "steps", "settings", "config_revision")


def apply_master_data(
    store: StationStore, version: MasterVersion, station: str | None = None
) -> None:
    """Replaces the station's master data with a published version in one transaction.

    Args:
        station: the chain that records it (default: the station this database records for;
            a new database from ``lineside init --upstream`` names it, having no rows yet).

    Raises:
        UpstreamError: the version's document does not match its checksum.
    """
    if hashlib.sha256(version.document.encode("utf-8")).hexdigest() != version.sha256:
        raise UpstreamError(
            f"master data version {version.version} does not match its checksum: not applied; "
            "the station keeps its current master data"
        )
    tables = version.tables()

    def work(conn: sqlite3.Connection) -> None:
        # Upsert, then delete what the version no longer has (children first): rows other tables
        # point at stay in place, and a row still referenced cannot silently disappear. One
        # journal row states every change (app.store.masterdata_write), the projector applies it.
        # Published versions carry no password hashes: a station keeps the ones it has.
        # This station's own configuration (line, steps, settings with its rules, revision) is its
        # own journalled config once it exists: the plant sets it only when the station is made.
        here = station or _chain_station(conn, tables)
        configured = conn.execute("SELECT 1 FROM stations WHERE id = ?", (here,)).fetchone()
        changes: list[Change] = []
        for table, columns in PUBLISHED_TABLES.items():
            keys = MASTER_KEYS[table]
            for row in tables.get(table, []):
                values = {c: row[c] for c in columns}
                if table == "stations":
                    # The station's current assignment stays when the plant assigns nothing.
                    for c in ("work_order_id", "step_code"):
                        if values.get(c) is None:
                            values.pop(c, None)
                    if configured and row["id"] == here:
                        for c in STATION_OWNS:
                            values.pop(c, None)
                changes.append(Change(table, {k: row[k] for k in keys}, values))
        for table in reversed(list(PUBLISHED_TABLES)):
            keys = MASTER_KEYS[table]
            wanted = {tuple(row[k] for k in keys) for row in tables.get(table, [])}
            present = conn.execute(f"SELECT {', '.join(keys)} FROM {table}").fetchall()
            changes.extend(
                Change(table, dict(zip(keys, r, strict=True)), None)
                for r in present
                if tuple(r) not in wanted
            )
        masterdata_write.write(
            conn,
            here,
            changes,
            by="plant",
            why=f"master data version {version.version} from the plant",
            body={"version": version.version, "sha256": version.sha256},
        )
        conn.execute(
            "INSERT INTO master_data_versions (version, applied_at, source, sha256) VALUES (?, ?, ?, ?)",
            (version.version, iso_ms(utc_now()), OUTBOX, version.sha256),
        )

    try:
        store.write(work)
    except sqlite3.Error as exc:
        raise UpstreamError(
            f"master data version {version.version} could not be applied ({exc}); nothing of it was "
            "kept and the station keeps its current master data"
        ) from None


def _chain_station(conn: sqlite3.Connection, tables: dict[str, list[dict[str, Any]]]) -> str:
    """The station chain that records a pulled version: the station this database records for."""
    row = conn.execute("SELECT station FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    if row is not None:
        return str(row[0])
    here = conn.execute("SELECT id FROM stations ORDER BY id LIMIT 1").fetchone()
    if here is not None:
        return str(here[0])
    published = tables.get("stations") or [{"id": "station"}]
    return str(published[0]["id"])


def pull_master_data(
    store: StationStore, pg: psycopg.Connection[Any], station: str | None = None
) -> int | None:
    """Applies the plant's newest master data version if it is newer; returns it, else None."""
    try:
        version = latest_version(pg, master_version(store.reader))
    except psycopg.Error as exc:
        raise refusal(exc) from None
    if version is None:
        return None
    apply_master_data(store, version, station)
    return version.version
