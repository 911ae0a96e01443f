"""A station's access policy: how people log in, password rules, lockout and who may correct."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.roles import Role

ACCESS_SETTING = "access"


@dataclass(frozen=True)
class AccessPolicy:
    """What a station asks of the people who use it (the ``access`` station setting)."""

    badge_pin: bool = False  # operators type a PIN after the badge scan
    max_failures: int = 5  # failed log-ins in a row before the account locks
    password_min_length: int = 12
    password_history: int = 5  # a new password may not repeat any of the last N
    password_max_age_days: int = 180  # 0: passwords do not age
    pin_min_length: int = 4
    # Who may correct whose records: "own" (their own records), "any" (any record), "none".
    operator_corrects: str = "own"
    supervisor_corrects: str = "any"
    # An operator's correction waits for a supervisor's signature before it takes effect.
    correction_needs_approval: bool = False
    # Signing "approved" over open exceptions: "refuse" or "acknowledge" (each one listed).
    release_with_open_exceptions: str = "refuse"

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> AccessPolicy:
        """The policy in a station's settings, defaults for what it does not say."""
        given = settings.get(ACCESS_SETTING, {})
        if not isinstance(given, dict):
            return cls()
        known = set(cls.__dataclass_fields__)
        values: dict[str, Any] = {}
        for name, value in given.items():
            if name not in known:
                continue
            default = getattr(cls(), name)
            if isinstance(default, bool):
                values[name] = bool(value)
            elif isinstance(default, int):
                values[name] = max(0, int(value))
            else:
                values[name] = str(value)
        policy = cls(**values)
        for name in ("operator_corrects", "supervisor_corrects"):
            if getattr(policy, name) not in ("own", "any", "none"):
                raise ValueError(f"access.{name} must be own, any or none")
        if policy.release_with_open_exceptions not in ("refuse", "acknowledge"):
            raise ValueError("access.release_with_open_exceptions must be refuse or acknowledge")
        return policy

    def as_settings(self) -> dict[str, Any]:
        """The policy as the ``access`` station setting."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def may_correct(self, role: Role, own: bool) -> bool:
        """Whether a person of ``role`` may correct a record (``own``: they recorded it)."""
        if role is Role.OPERATOR:
            rule = self.operator_corrects
        elif role in (Role.SUPERVISOR, Role.ADMIN):
            rule = self.supervisor_corrects
        else:
            rule = "none"
        return rule == "any" or (rule == "own" and own)

    def password_problems(self, password: str) -> list[str]:
        """Why ``password`` does not meet the length and character rules (empty if it does)."""
        problems = []
        if len(password) < self.password_min_length:
            problems.append(f"at least {self.password_min_length} characters")
        if password.strip() != password:
            problems.append("no spaces at either end")
        if len(set(password)) < 5:
            problems.append("at least 5 different characters")
        return problems
