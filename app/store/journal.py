"""The append-only, per-station hash-chained journal and the walk that verifies it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app import __version__
from app.domain import parts as shared
from app.domain.canonical import GENESIS, canonical_json, chain_hash
from app.domain.clock import ClockPolicy, iso_ms, judge, new_key, utc_now
from app.store import anchors, parts, projection, verify_fast
from app.store.errors import ClockRefused

INSERT_SQL = (
    "INSERT INTO journal (key, station, kind, recorded_at, corrects, content, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class JournalRow:
    """One row of the journal as stored."""

    key: str
    station: str
    kind: str
    recorded_at: str
    corrects: str | None
    content: str
    prev_hash: str
    hash: str
    # The shared parts this row refers to (hash, canonical text), when it was sealed here.
    parts: tuple[tuple[str, str], ...] = ()

    @property
    def data(self) -> dict[str, Any]:
        """The row's content as a dictionary, its shared parts filled in from :attr:`parts`.

        A row read back from the database carries no parts: read it with
        :func:`app.store.parts.expand` instead (this raises :class:`PartError` for it).
        """
        texts = dict(self.parts)

        def part(digest: str) -> Mapping[str, Any]:
            if digest not in texts:
                raise shared.PartError(
                    f"row {self.key} refers to part sha256:{digest}: read it with parts.expand"
                )
            return parts.parsed(digest, texts[digest])

        return shared.expand(json.loads(self.content), part)

    def as_tuple(self) -> tuple[str, str, str, str, str | None, str, str, str]:
        """The row in the column order of :data:`INSERT_SQL`."""
        return (
            self.key,
            self.station,
            self.kind,
            self.recorded_at,
            self.corrects,
            self.content,
            self.prev_hash,
            self.hash,
        )


def seal(
    station: str,
    kind: str,
    body: dict[str, Any],
    prev_hash: str,
    *,
    key: str | None = None,
    at: datetime | None = None,
    corrects: str | None = None,
) -> JournalRow:
    """Builds the row for ``body``: the header fields go into the hashed content too, and the
    shared parts are cut out into references (:func:`app.domain.parts.share`)."""
    key = key or new_key()
    recorded_at = iso_ms(at or utc_now())
    content, cut = shared.share(kind, body)
    content = dict(content)
    content.update(
        {
            "key": key,
            "station": station,
            "kind": kind,
            "recorded_at": recorded_at,
            "corrects": corrects,
        }
    )
    text = canonical_json(content)
    return JournalRow(
        key,
        station,
        kind,
        recorded_at,
        corrects,
        text,
        prev_hash,
        chain_hash(text, prev_hash),
        tuple(cut.items()),
    )


def head(conn: sqlite3.Connection, station: str) -> str:
    """The hash of the station's newest row (the genesis hash for an empty chain)."""
    row = conn.execute(
        "SELECT hash FROM journal WHERE station = ? ORDER BY seq DESC LIMIT 1", (station,)
    ).fetchone()
    return str(row[0]) if row else GENESIS


def clock_policy(conn: sqlite3.Connection, station: str) -> ClockPolicy:
    """The station's clock policy from its settings (the defaults for an unknown station)."""
    row = conn.execute("SELECT settings FROM stations WHERE id = ?", (station,)).fetchone()
    return _policy(None if row is None else row[0])


_POLICIES: dict[str, ClockPolicy] = {}  # settings text -> its clock policy (a few texts a station)


def _policy(text: str | None) -> ClockPolicy:
    if text is None:
        return ClockPolicy()
    found = _POLICIES.get(text)
    if found is None:
        try:
            settings = json.loads(text)
        except ValueError:
            settings = {}
        found = ClockPolicy.from_settings(settings if isinstance(settings, dict) else {})
        if len(_POLICIES) >= 256:
            _POLICIES.clear()
        _POLICIES[text] = found
    return found


# The station's newest row (hash, time) and its configuration revision and settings, at once.
LAST_SQL = (
    "SELECT j.hash, j.recorded_at, s.config_revision, s.settings FROM (SELECT 1) "
    "LEFT JOIN (SELECT hash, recorded_at FROM journal WHERE station = ? ORDER BY seq DESC "
    "LIMIT 1) j LEFT JOIN stations s ON s.id = ?"
)


def config_revision(conn: sqlite3.Connection, station: str) -> int | None:
    """The station's current configuration revision (None for a station not set up here)."""
    row = conn.execute("SELECT config_revision FROM stations WHERE id = ?", (station,)).fetchone()
    return None if row is None else int(row[0])


def stamped(body: dict[str, Any], revision: int | None) -> dict[str, Any]:
    """``body`` with the software version and the station's configuration revision it was
    written under, unless it names them itself (a configuration change names its new revision).
    Every row carries both, so a reviewer can tell which build and which setup produced it."""
    return {"app_version": __version__, "config_revision": revision, **body}


def append(
    conn: sqlite3.Connection,
    station: str,
    kind: str,
    body: dict[str, Any],
    *,
    corrects: str | None = None,
    at: datetime | None = None,
    key: str | None = None,
) -> JournalRow:
    """Appends one row to the station's chain, stamped with the app version and the station's
    configuration revision (:func:`stamped`). Call inside a write transaction.

    The row's time is judged against the station's previous row (:func:`app.domain.clock.judge`):
    per the station's clock policy a time that goes backwards or jumps is refused or recorded
    with a ``clock`` finding stating both times.

    Raises:
        ClockRefused: the station's policy refuses the row's time (nothing is written).
    """
    last_hash, last_at, revision, settings = conn.execute(LAST_SQL, (station, station)).fetchone()
    body = stamped(body, None if revision is None else int(revision))
    moment = at or utc_now()
    finding = judge(last_at, iso_ms(moment), _policy(settings))
    if finding is not None:
        if finding.action != "flag":
            raise ClockRefused(finding)
        body = {**body, "clock": finding.as_content()}
    prev = GENESIS if last_hash is None else str(last_hash)
    row = seal(station, kind, body, prev, key=key, at=moment, corrects=corrects)
    parts.write(conn, row.parts)
    conn.execute(INSERT_SQL, row.as_tuple())
    return row


class ChainBuilder:
    """Seals many rows in memory for bulk inserts, keeping each station's chain head."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._heads: dict[str, str] = {}
        self._revisions: dict[str, int | None] = {}

    def seal(
        self,
        station: str,
        kind: str,
        body: dict[str, Any],
        *,
        at: datetime | None = None,
        key: str | None = None,
    ) -> JournalRow:
        """The next row of ``station``'s chain (not yet written), stamped like :func:`append`."""
        prev = self._heads.get(station)
        if prev is None:
            prev = head(self._conn, station)
        if station not in self._revisions:
            self._revisions[station] = config_revision(self._conn, station)
        row = seal(station, kind, stamped(body, self._revisions[station]), prev, key=key, at=at)
        self._heads[station] = row.hash
        return row

    @staticmethod
    def write(conn: sqlite3.Connection, rows: Iterable[JournalRow]) -> None:
        """Inserts sealed rows in order, with the shared parts they refer to."""
        rows = list(rows)
        parts.write(conn, {p for row in rows for p in row.parts})
        conn.executemany(INSERT_SQL, (row.as_tuple() for row in rows))


def rows(
    conn: sqlite3.Connection,
    *,
    station: str | None = None,
    kind: str | None = None,
    after_seq: int = 0,
) -> Iterator[tuple[int, JournalRow]]:
    """Journal rows in order with their sequence numbers."""
    sql = (
        "SELECT seq, key, station, kind, recorded_at, corrects, content, prev_hash, hash FROM journal "
        "WHERE seq > ?"
    )
    params: list[Any] = [after_seq]
    if station is not None:
        sql += " AND station = ?"
        params.append(station)
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    for r in conn.execute(sql + " ORDER BY seq", params):
        yield r[0], JournalRow(*r[1:])


@dataclass(frozen=True)
class VerifyReport:
    """The result of walking the journal."""

    rows: int
    stations: int
    problem: str | None = None
    seq: int | None = None
    key: str | None = None
    difference: projection.Difference | None = None

    @property
    def intact(self) -> bool:
        """Whether every row and link checked out."""
        return self.problem is None


HEADER_FIELDS = ("key", "station", "kind", "recorded_at", "corrects")


def _check_row(row: JournalRow, expected_prev: str) -> tuple[str | None, dict[str, Any]]:
    """The problem with one row (None when it checks out) and its parsed content."""
    # The hash covers the stored text itself, so a re-serialisation check would add nothing.
    if chain_hash(row.content, row.prev_hash) != row.hash:
        return "its hash does not match its content: it was altered", {}
    try:
        data = json.loads(row.content)
    except ValueError:
        return "its content is not valid JSON: it was altered", {}
    if not isinstance(data, dict):
        return "its content is not a record: it was altered", {}
    for name in HEADER_FIELDS:
        if data.get(name) != getattr(row, name):
            return (
                f"its column {name} says {getattr(row, name)!r} but its content says "
                f"{data.get(name)!r}: it was altered"
            ), data
    if row.prev_hash != expected_prev:
        return (
            "it does not follow the previous row of its station's chain: a row before it was "
            "deleted, inserted or reordered"
        ), data
    return None, data


PROGRESS_EVERY = 20_000


def _stored_parts(conn: sqlite3.Connection) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Every shared part by hash, each checked against its hash; or the first that fails."""
    stored: dict[str, dict[str, Any]] = {}
    for digest, text in conn.execute("SELECT hash, content FROM shared_parts"):
        if shared.part_hash(text) != digest:
            return stored, (
                f"shared part sha256:{digest} does not match its hash: it was altered "
                "(every record referring to it would state other values)"
            )
        stored[digest] = json.loads(text)
    return stored, None


def verify(
    conn: sqlite3.Connection,
    *,
    station: str | None = None,
    first: int | None = None,
    last: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    processes: int = 1,
) -> VerifyReport:
    """Re-walks every station's chain, the projections built from it and its anchors.

    Finds rows whose content was altered; rows deleted, inserted or reordered; record times going
    backwards without a clock finding; projected tables (genealogy, master data) that differ from
    a fresh replay of the journal, naming the first difference (table, row, column, expected and
    found); and chains that disagree with the plant's newest receipts. Stops at the first problem.

    Args:
        station: only this station's chain.
        first, last: only rows with ``first <= seq <= last`` (each chain starts from the row
            before ``first``, trusted as the link).
        progress: called with (rows checked, rows in all) every :data:`PROGRESS_EVERY` rows.
        processes: 2 walks a whole journal in two processes (an idle second core).

    A partial walk (station or range) checks the chains and the anchors, not the projections: a
    table is compared only with a replay of the whole journal.
    """
    fast = verify_fast.walk(
        conn,
        *_resume(conn, first),
        station=station,
        first=first,
        last=last,
        progress=progress,
        every=PROGRESS_EVERY,
        processes=processes,
    )
    if fast is not None:
        anchored = anchors.check(conn)
        if anchored is not None:
            return VerifyReport(fast.rows, fast.stations, f"anchor: {anchored}")
        whole = station is None and first is None and last is None
        return (
            _stored_files(conn, fast.rows, fast.stations)
            if whole
            else VerifyReport(fast.rows, fast.stations)
        )
    return _walk(conn, station=station, first=first, last=last, progress=progress)


def _resume(conn: sqlite3.Connection, first: int | None) -> tuple[dict[str, str], dict[str, str]]:
    """Each station's chain head and time before ``first``: where a range's chains resume."""
    return verify_fast.resume(conn, first)


def _stored_files(conn: sqlite3.Connection, rows: int, stations: int) -> VerifyReport:
    """The checks a whole verify makes after the tables: profiles' samples, certificate documents."""
    from app.store.profiles import verify_samples  # profiles builds on this module

    samples = verify_samples(conn)
    if samples:
        return VerifyReport(rows, stations, samples[0])
    from app.store.materials import altered_documents  # certificate documents by SHA-256

    documents = altered_documents(conn)
    if documents:
        return VerifyReport(rows, stations, documents[0])
    return VerifyReport(rows, stations)


def _walk(
    conn: sqlite3.Connection,
    *,
    station: str | None = None,
    first: int | None = None,
    last: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VerifyReport:
    """The row-by-row walk: slower than the bulk checks, and names the first problem."""
    whole = station is None and first is None and last is None
    heads, times = _resume(conn, first)
    replay = projection.Replay() if whole else None
    where = "seq >= ? AND seq <= ?"
    params: list[Any] = [first or 0, last if last is not None else 2**62]
    if station is not None:
        where += " AND station = ?"
        params.append(station)
    total = 0
    if progress is not None:
        total = int(
            conn.execute(f"SELECT count(*) FROM journal WHERE {where}", params).fetchone()[0]
        )
    sql = (
        "SELECT seq, key, station, kind, recorded_at, corrects, content, prev_hash, hash "
        f"FROM journal WHERE {where}"
    )
    stored, bad_part = _stored_parts(conn)
    if bad_part is not None:
        return VerifyReport(0, 0, bad_part)

    def part(digest: str) -> dict[str, Any]:
        if digest not in stored:
            raise shared.PartError(f"it refers to part sha256:{digest}, which shared_parts lacks")
        return stored[digest]

    n = 0
    for r in conn.execute(sql + " ORDER BY seq", params):
        seq, row = r[0], JournalRow(*r[1:])
        n += 1
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n, total)
        problem, data = _check_row(row, heads.get(row.station, GENESIS))
        previous = times.get(row.station)
        if (
            problem is None
            and previous is not None
            and row.recorded_at < previous
            and not isinstance(data.get("clock"), dict)
        ):
            problem = (
                f"its time {row.recorded_at} is earlier than the previous row of its station "
                f"({previous}) and carries no clock finding: it was not recorded by Lineside"
            )
        times[row.station] = row.recorded_at
        if problem is None and row.kind in shared.KINDS:
            try:
                data = shared.expand(data, part)
            except shared.PartError as exc:
                problem = f"{exc}: a part was deleted or the row was altered"
        if problem is not None:
            where = f"row {seq} (key {row.key}, {row.kind}): {problem}"
            return VerifyReport(n, len(heads) + (row.station not in heads), where, seq, row.key)
        if replay is not None:
            replay.add(row.kind, data)
        heads[row.station] = row.hash
    if progress is not None:
        progress(n, total)
    stations = len(heads) if station is None else 1
    anchored = anchors.check(conn)
    if anchored is not None:
        return VerifyReport(n, stations, f"anchor: {anchored}")
    if replay is not None:
        difference = replay.first_difference(conn)
        if difference is not None:
            return VerifyReport(
                n, stations, difference.describe(), None, str(difference.key[0]), difference
            )
        return _stored_files(conn, n, stations)
    return VerifyReport(n, stations)
