"""Account administration at a station: unlock, PINs, password resets, create and edit users.

Each action needs a logged-in person of the right role and a reason, and is journalled.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.domain.access import ACCESS_SETTING, AccessPolicy
from app.domain.masterdata import Station
from app.domain.roles import Operator, Role
from app.store import accounts, journal, masterdata_write
from app.store.masterdata import MasterData
from app.store.masterdata_write import Change
from app.store.passwords import hash_password
from app.store.station_store import StationStore

UNLOCKERS = (Role.SUPERVISOR, Role.ADMIN)
ADMINISTRATORS = (Role.ADMIN,)


class AccountAdministration:
    """The account actions of a capture session (mixed into ``CaptureSession``)."""

    store: StationStore
    station: Station
    operator: Operator | None
    clock: Callable[[], datetime]

    @property
    def policy(self) -> AccessPolicy:
        """This station's access policy."""
        return AccessPolicy.from_settings(self.station.settings)

    def _require(self, roles: tuple[Role, ...], action: str) -> Operator:
        if self.operator is None or self.operator.role not in roles:
            who = (
                "nobody"
                if self.operator is None
                else f"{self.operator.name} ({self.operator.role})"
            )
            allowed = " or ".join(str(r) for r in roles)
            raise PermissionError(f"only a logged-in {allowed} may {action}; {who} is logged in")
        return self.operator

    @staticmethod
    def _reason(reason: str) -> str:
        if not reason.strip():
            raise ValueError("give a reason: it is journalled with the change")
        return reason.strip()

    def locked(self) -> list[tuple[accounts.Account, int]]:
        """Accounts locked now by failed log-ins, with their failure count."""
        return accounts.locked_accounts(self.store.reader, self.policy.max_failures)

    def unlock(self, user_id: str, reason: str) -> None:
        """A supervisor unlocks an account locked by failed log-ins (journalled)."""
        by = self._require(UNLOCKERS, "unlock an account")
        why = self._reason(reason)
        if accounts.account(self.store.reader, user_id) is None:
            raise KeyError(f"no account {user_id}")
        failures = accounts.failures_in_a_row(self.store.reader, user_id)
        body = {
            "user": user_id,
            "access": {"user_id": user_id},
            "failures": failures,
            "by": by.as_content(),
            "reason": why,
        }
        self.store.write(
            lambda conn: journal.append(
                conn, self.station.id, "account-unlocked", body, at=self.clock()
            )
        )

    def set_pin(self, user_id: str, pin: str, reason: str) -> None:
        """A supervisor sets an operator's badge PIN (digits only, policy length)."""
        by = self._require(UNLOCKERS, "set a PIN")
        why = self._reason(reason)
        if not pin.isdigit() or len(pin) < self.policy.pin_min_length:
            raise ValueError(f"a PIN is digits only, at least {self.policy.pin_min_length} of them")
        hashed = hash_password(pin)
        self._write_secret(user_id, "pin_hash", hashed, by, why)

    def reset_password(self, user_id: str, password: str, reason: str) -> None:
        """An admin sets someone's password (the rules apply; it ages from now)."""
        by = self._require(ADMINISTRATORS, "reset a password")
        why = self._reason(reason)
        problems = self.policy.password_problems(password)
        if problems:
            raise ValueError("the password needs " + "; ".join(problems))
        self._write_secret(user_id, "password_hash", hash_password(password), by, why)

    def _write_secret(self, user_id: str, column: str, hashed: str, by: Operator, why: str) -> None:
        if accounts.account(self.store.reader, user_id) is None:
            raise KeyError(f"no account {user_id}")
        self.store.write(
            lambda conn: accounts.set_secret(
                conn,
                self.station.id,
                user_id,
                column,
                hashed,
                by=by.as_content(),
                reason=why,
                at=self.clock(),
            )
        )

    def save_policy(self, policy: AccessPolicy, reason: str) -> AccessPolicy:
        """An admin changes the station's access policy (a ``config`` row with old, new and why).

        Raises:
            PermissionError: not an admin.
            ValueError: no reason, a value the policy does not allow, or nothing changed.
        """
        by = self._require(ADMINISTRATORS, "change the access policy")
        why = self._reason(reason)
        checked = AccessPolicy.from_settings({ACCESS_SETTING: policy.as_settings()})
        old = self.policy
        if checked == old:
            raise ValueError("nothing changed")
        station = self.station.id

        def work(conn: sqlite3.Connection) -> None:
            row = conn.execute(
                "SELECT settings, config_revision FROM stations WHERE id = ?", (station,)
            ).fetchone()
            settings = {**json.loads(row[0]), ACCESS_SETTING: checked.as_settings()}
            changes = {
                name: {"from": getattr(old, name), "to": getattr(checked, name)}
                for name in checked.as_settings()
                if getattr(old, name) != getattr(checked, name)
            }
            masterdata_write.write(
                conn,
                station,
                [
                    Change(
                        "stations",
                        {"id": station},
                        {"settings": json.dumps(settings), "config_revision": int(row[1]) + 1},
                    )
                ],
                by=by.as_content(),
                why=why,
                kind="config",
                body={"config": "access", "action": "change", "reason": why, "changes": changes},
                at=self.clock(),
            )

        self.store.write(work)
        found = MasterData(self.store.reader).station(station)
        assert found is not None
        self.station = found
        return self.policy

    def create_account(self, values: dict[str, Any], reason: str) -> accounts.Account:
        """An admin creates an account (journalled with the reason)."""
        by = self._require(ADMINISTRATORS, "create an account")
        why = self._reason(reason)

        def work(conn: sqlite3.Connection) -> accounts.Account:
            return accounts.create(
                conn, self.station.id, values, by=by.as_content(), reason=why, at=self.clock()
            )

        return self.store.write(work)

    def update_account(self, user_id: str, values: dict[str, Any], reason: str) -> accounts.Account:
        """An admin changes an account: name, role, badge, active, qualifications and expiry.

        Raises:
            accounts.AccountError: a bad value, nothing changed, or no reason.
        """
        by = self._require(ADMINISTRATORS, "change an account")
        if not reason.strip():
            raise accounts.AccountError("a change to an account needs a reason")
        if user_id == by.user_id and values.get("active") is False:
            raise accounts.AccountError("you cannot deactivate your own account")

        def work(conn: sqlite3.Connection) -> accounts.Account:
            return accounts.update(
                conn,
                self.station.id,
                user_id,
                values,
                by=by.as_content(),
                reason=reason,
                at=self.clock(),
            )

        return self.store.write(work)
