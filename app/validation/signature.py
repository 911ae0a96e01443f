"""The electronic signature of a qualification report: a journal row in the station's chain.

The report is sealed first (its SHA-256 over the canonical JSON); the signer's password is checked
against the station's users and a ``validation`` row recording who signed, what it means and the
report's hash is appended to the station's hash chain (21 CFR 11.50, 11.70: the signature is linked
to the record and cannot be copied onto another report without breaking the hash).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.clock import utc_now
from app.domain.roles import Role
from app.store import journal
from app.store.masterdata import MasterData
from app.store.passwords import check_password
from app.store.station_store import StationStore

VALIDATION_KIND = "validation"
VALIDATION_FAILED_KIND = "validation-sign-failed"
MEANING = "approved: the installation and operational qualification report"
SIGNERS = (Role.SUPERVISOR, Role.ADMIN)


class SignatureRefused(Exception):
    """The report was not signed: wrong password, unknown or inactive user, or the wrong role."""


def sign(
    report: dict[str, Any],
    db: Path,
    station: str,
    username: str,
    password: str,
    *,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Checks the signer and journals the signature of ``report`` at ``station``.

    Returns:
        The signature as added to the report: printed name, role, meaning, time, journal key.

    Raises:
        SignatureRefused: the signer could not be confirmed (a failed attempt is journalled too).
    """
    store = StationStore(db)
    try:
        found = MasterData(store.reader).user_by_name(username)
        ok = found is not None and found[0].active and check_password(password, found[1])
        if found is None or not ok:
            store.write(
                lambda conn: journal.append(
                    conn,
                    station,
                    VALIDATION_FAILED_KIND,
                    {"username": username, "report_sha256": report["sha256"], "reason": "wrong"},
                    at=at or utc_now(),
                )
            )
            raise SignatureRefused("name or password is wrong, or the account is inactive")
        user = found[0]
        if user.role not in SIGNERS:
            raise SignatureRefused(f"{user.name} is a {user.role}: a supervisor or admin signs")
        body = {
            "signature": {
                "printed_name": user.name,
                "user_id": user.user_id,
                "username": username,
                "role": str(user.role),
                "meaning": MEANING,
                "report_sha256": report["sha256"],
                "result": report["result"],
            }
        }
        row = store.write(
            lambda conn: journal.append(conn, station, VALIDATION_KIND, body, at=at or utc_now())
        )
    finally:
        store.close()
    return {**body["signature"], "signed_at": row.recorded_at, "journal_key": row.key}
