"""Users of a station and what each role may do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """A user's role; the screens a station offers follow it."""

    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    TECHNICIAN = "technician"
    ADMIN = "admin"


@dataclass(frozen=True)
class Operator:
    """A person identified at the station, as bound into a record."""

    user_id: str
    name: str
    role: Role
    badge: str | None = None
    active: bool = True
    qualifications: frozenset[str] = field(default_factory=frozenset)
    language: str = ""  # their own language at the station ("": the station's)

    def qualified_for(self, step: str) -> bool:
        """Whether this person may perform ``step`` (supervisors and admins may do any)."""
        return self.role in (Role.SUPERVISOR, Role.ADMIN) or step in self.qualifications

    def as_content(self) -> dict[str, str | None]:
        """The operator as written into a journal row."""
        return {
            "user_id": self.user_id,
            "name": self.name,
            "role": str(self.role),
            "badge": self.badge,
        }
