"""User accounts as the station keeps them: credentials, lockout state and journalled changes.

Every change to an account is a ``user-change`` journal row written through the master-data writer
(``masterdata_write``): it states the users row's old and new values (password and PIN hashes by
their digest only, see ``projection.DIGESTED``), who and why, and a ``changes`` summary; ``verify`` replays it like any master data.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.clock import iso_ms
from app.domain.roles import Role
from app.store import journal, masterdata_write
from app.store.masterdata_write import Change

USER_CHANGE_KIND = "user-change"
SECRET_FIELDS = ("password_hash", "pin_hash")
EDITABLE = (
    "username",
    "name",
    "role",
    "badge",
    "active",
    "qualifications",
    "qualification_expiry",
    "language",
)
#: The languages a user may have ("": the station's); app.ui.i18n.LANGUAGES names them.
USER_LANGUAGES = ("", "en", "de", "es")


class AccountError(ValueError):
    """An account change that cannot be made; the message says why."""


@dataclass(frozen=True)
class Account:
    """One user as the administration screen shows it."""

    user_id: str
    username: str
    name: str
    role: Role
    badge: str | None
    active: bool
    qualifications: tuple[str, ...]
    expiry: dict[str, str]  # step -> last day the qualification is valid (ISO date)
    has_password: bool
    has_pin: bool
    password_set_at: str | None
    language: str = ""  # "" = the station's language

    def expired(self, today: date) -> list[str]:
        """The qualifications whose expiry is before ``today``."""
        return sorted(s for s, d in self.expiry.items() if date.fromisoformat(d) < today)


ACCOUNT_SQL = (
    "SELECT id, username, name, role, badge, active, qualifications, qualification_expiry, "
    "password_hash IS NOT NULL, pin_hash IS NOT NULL, password_set_at, language FROM users"
)


def _account(row: tuple[Any, ...]) -> Account:
    return Account(
        row[0],
        row[1],
        row[2],
        Role(row[3]),
        row[4],
        bool(row[5]),
        tuple(json.loads(row[6])),
        dict(json.loads(row[7] or "{}")),
        bool(row[8]),
        bool(row[9]),
        row[10],
        row[11] or "",
    )


def accounts(conn: sqlite3.Connection) -> list[Account]:
    """Every account, by role then name."""
    return [_account(r) for r in conn.execute(ACCOUNT_SQL + " ORDER BY role, name")]


def account(conn: sqlite3.Connection, user_id: str) -> Account | None:
    """The account ``user_id``, or None."""
    row = conn.execute(ACCOUNT_SQL + " WHERE id = ?", (user_id,)).fetchone()
    return None if row is None else _account(row)


def account_by_username(conn: sqlite3.Connection, username: str) -> Account | None:
    """The account called ``username``, or None."""
    row = conn.execute(ACCOUNT_SQL + " WHERE username = ?", (username,)).fetchone()
    return None if row is None else _account(row)


def secret(conn: sqlite3.Connection, user_id: str, column: str) -> str | None:
    """A stored password or PIN hash."""
    if column not in SECRET_FIELDS:
        raise ValueError(column)
    row = conn.execute(f"SELECT {column} FROM users WHERE id = ?", (user_id,)).fetchone()
    return None if row is None else row[0]


def _values(a: Account) -> dict[str, Any]:
    return {
        "username": a.username,
        "name": a.name,
        "role": str(a.role),
        "badge": a.badge,
        "active": a.active,
        "qualifications": sorted(a.qualifications),
        "qualification_expiry": dict(sorted(a.expiry.items())),
        "language": a.language,
    }


def _write(
    conn: sqlite3.Connection,
    station: str,
    user_id: str,
    values: dict[str, Any],
    said: dict[str, Any],
    by: dict[str, Any],
    reason: str,
    at: datetime,
    *,
    replace: bool = False,
) -> journal.JournalRow:
    """One ``user-change`` row through the master-data writer (projected, replayed by verify)."""
    if not reason.strip():
        raise AccountError("a change to an account needs a reason")
    row = masterdata_write.write(
        conn,
        station,
        [Change("users", {"id": user_id}, values, replace=replace)],
        by=by,
        why=reason.strip(),
        kind=USER_CHANGE_KIND,
        body={"user": user_id, "changes": said, "reason": reason.strip()},
        at=at,
    )
    assert row is not None  # a body is always recorded
    return row


def create(
    conn: sqlite3.Connection,
    station: str,
    values: dict[str, Any],
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime,
) -> Account:
    """Creates an account (inside a write transaction) and journals it."""
    user_id = str(values.get("user_id") or "").strip()
    if not user_id:
        existing = {r[0] for r in conn.execute("SELECT id FROM users")}
        n = 5001
        while f"U{n}" in existing:
            n += 1
        user_id = f"U{n}"
    fields = _validated(conn, {**_defaults(), **values}, user_id)
    try:
        _write(
            conn,
            station,
            user_id,
            _row(fields),
            {k: {"old": None, "new": v} for k, v in fields.items()},
            by,
            reason,
            at,
            replace=True,
        )
    except sqlite3.IntegrityError as exc:
        raise AccountError(f"the account clashes with another one: {exc}") from None
    found = account(conn, user_id)
    assert found is not None
    return found


def _row(fields: dict[str, Any]) -> dict[str, Any]:
    """Validated fields as the users table stores them."""
    return {
        "username": fields["username"],
        "name": fields["name"],
        "role": fields["role"],
        "badge": fields["badge"],
        "active": int(fields["active"]),
        "qualifications": json.dumps(fields["qualifications"]),
        "qualification_expiry": json.dumps(fields["qualification_expiry"]),
        "language": fields["language"],
    }


def _defaults() -> dict[str, Any]:
    return {
        "badge": None,
        "active": True,
        "qualifications": [],
        "qualification_expiry": {},
        "role": "operator",
        "language": "",
    }


def _validated(conn: sqlite3.Connection, values: dict[str, Any], user_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    username = str(values.get("username") or "").strip()
    name = str(values.get("name") or "").strip()
    if not username or not name:
        raise AccountError("an account needs a user name and a printed name")
    try:
        role = Role(str(values.get("role")))
    except ValueError:
        raise AccountError(f"unknown role {values.get('role')!r}") from None
    badge = values.get("badge")
    badge = str(badge).strip() or None if badge is not None else None
    quals = sorted({str(q).strip() for q in values.get("qualifications") or [] if str(q).strip()})
    expiry: dict[str, str] = {}
    for step, day in dict(values.get("qualification_expiry") or {}).items():
        if not day:
            continue
        try:
            expiry[str(step)] = date.fromisoformat(str(day)).isoformat()
        except ValueError:
            raise AccountError(f"the expiry of {step} is not a date (YYYY-MM-DD): {day}") from None
        if step not in quals:
            raise AccountError(f"{step} has an expiry but is not among the qualifications")
    language = str(values.get("language") or "").strip()
    if language not in USER_LANGUAGES:
        raise AccountError(
            f"unknown language {language!r}: choose one of {', '.join(USER_LANGUAGES[1:])} "
            "or leave it empty for the station's language"
        )
    clash = conn.execute(
        "SELECT id FROM users WHERE (username = ? OR (badge IS NOT NULL AND badge = ?)) AND id <> ?",
        (username, badge, user_id),
    ).fetchone()
    if clash is not None:
        raise AccountError(f"the user name or badge is already used by {clash[0]}")
    out.update(
        username=username,
        name=name,
        role=str(role),
        badge=badge,
        active=bool(values.get("active", True)),
        qualifications=quals,
        qualification_expiry=dict(sorted(expiry.items())),
        language=language,
    )
    return out


def update(
    conn: sqlite3.Connection,
    station: str,
    user_id: str,
    values: dict[str, Any],
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime,
) -> Account:
    """Changes the fields of ``values`` (any of EDITABLE) and journals old and new values.

    Raises:
        AccountError: unknown account, a bad value, nothing changed, or no reason.
    """
    before = account(conn, user_id)
    if before is None:
        raise AccountError(f"no account {user_id}")
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise AccountError(f"these fields cannot be edited here: {', '.join(sorted(unknown))}")
    old = _values(before)
    fields = _validated(conn, {**old, **values}, user_id)
    changes = {k: {"old": old[k], "new": v} for k, v in fields.items() if old[k] != v}
    if not changes:
        raise AccountError("nothing changed")
    _write(conn, station, user_id, _row(fields), changes, by, reason, at)
    after = account(conn, user_id)
    assert after is not None
    return after


def password_history(conn: sqlite3.Connection, user_id: str, last: int) -> list[str]:
    """The newest ``last`` password hashes of a user (the current one first)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT hash FROM password_history WHERE user_id = ? ORDER BY set_at DESC, rowid DESC "
            "LIMIT ?",
            (user_id, last),
        )
    ]


def set_secret(
    conn: sqlite3.Connection,
    station: str,
    user_id: str,
    column: str,
    hashed: str,
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime,
) -> None:
    """Stores a new password or PIN hash; journals that it changed (never the hash)."""
    if column not in SECRET_FIELDS:
        raise ValueError(column)
    when = iso_ms(at)
    if column == "password_hash":
        previous = conn.execute(
            "SELECT password_hash, coalesce(password_set_at, '') FROM users WHERE id = ?",
            (user_id,),
        ).fetchone()
        if (
            previous is not None
            and previous[0]
            and not conn.execute(
                "SELECT 1 FROM password_history WHERE user_id = ? AND hash = ?",
                (user_id, previous[0]),
            ).fetchone()
        ):
            # A password set before histories were kept still counts as used.
            conn.execute(
                "INSERT INTO password_history (user_id, hash, set_at) VALUES (?, ?, ?)",
                (user_id, previous[0], previous[1]),
            )
        values: dict[str, Any] = {"password_hash": hashed, "password_set_at": when}
        conn.execute(
            "INSERT INTO password_history (user_id, hash, set_at) VALUES (?, ?, ?)",
            (user_id, hashed, when),
        )
    else:
        values = {"pin_hash": hashed}
    what = "password" if column == "password_hash" else "pin"
    _write(conn, station, user_id, values, {what: "changed"}, by, reason, at)


def failures_in_a_row(conn: sqlite3.Connection, user_id: str) -> int:
    """Failed log-ins of ``user_id`` since their last successful log-in or unlock."""
    row = conn.execute(
        "SELECT count(*) FROM journal WHERE kind = 'login-failed' "
        "AND json_extract(content, '$.access.user_id') = ?1 AND seq > coalesce(("
        "SELECT max(seq) FROM journal WHERE kind IN ('login', 'account-unlocked') "
        "AND json_extract(content, '$.access.user_id') = ?1), 0)",
        (user_id,),
    ).fetchone()
    return int(row[0])


def locked_accounts(conn: sqlite3.Connection, max_failures: int) -> list[tuple[Account, int]]:
    """Accounts with ``max_failures`` or more failures in a row, with the count."""
    out = []
    for a in accounts(conn):
        n = failures_in_a_row(conn, a.user_id)
        if max_failures and n >= max_failures:
            out.append((a, n))
    return out


# -- service identities (scripted capture from the command line) ----------------------------------
@dataclass(frozen=True)
class ServiceIdentity:
    """A station's identity for a script: a name and a secret token set up by an admin."""

    name: str
    station: str
    created_by: str
    active: bool


def create_service(
    conn: sqlite3.Connection,
    station: str,
    name: str,
    *,
    by: dict[str, Any],
    reason: str,
    at: datetime,
) -> str:
    """Creates a service identity (inside a write transaction); returns its token, shown once."""
    name = name.strip()
    if not name:
        raise AccountError("a service identity needs a name")
    if conn.execute("SELECT 1 FROM service_identities WHERE name = ?", (name,)).fetchone():
        raise AccountError(f"service identity {name} exists")
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO service_identities (name, station, token_sha256, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (name, station, _token_hash(token), str(by.get("user_id", "")), iso_ms(at)),
    )
    if not reason.strip():
        raise AccountError("a service identity needs a reason")
    journal.append(
        conn,
        station,
        "service-change",
        {"service": name, "changes": {"service": "created"}, "by": by, "reason": reason.strip()},
        at=at,
    )
    return token


def _token_hash(token: str) -> str:
    # The token is 256 random bits: a plain SHA-256 cannot be brute-forced, unlike a password.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def service_by_token(conn: sqlite3.Connection, token: str) -> ServiceIdentity | None:
    """The active service identity whose token is ``token``, or None."""
    row = conn.execute(
        "SELECT name, station, created_by, active FROM service_identities WHERE token_sha256 = ?",
        (_token_hash(token.strip()),),
    ).fetchone()
    if row is None or not row[3]:
        return None
    return ServiceIdentity(row[0], row[1], row[2], bool(row[3]))
