"""Asking the plant to confirm a record before it is committed (single use, unique serials)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class PlantAnswer:
    """What the plant said about a record about to be committed."""

    result: str  # claimed, refused, unconfirmed
    message: str = ""  # why refused, or why it could not be confirmed
    at: str | None = None  # when the plant answered (UTC)

    def as_content(self) -> dict[str, Any]:
        """What the record carries: whether the plant confirmed it and when, or why not."""
        return {"result": self.result, "at": self.at, "reason": self.message or None}


@dataclass(frozen=True)
class StaffAnswer:
    """What the plant said about a staff member's password (it never shows the hash)."""

    result: str  # confirmed, refused, locked, unreachable
    message: str = ""  # why locked, or why the plant could not be asked


class PlantCheck(Protocol):
    """The plant's line-wide check of one record (app.sync.line.PlantClaims implements it; the capture core calls it)."""

    def claim(
        self,
        station: str,
        record_key: str,
        serial: str,
        di: str | None,
        step: str,
        consumed: Sequence[str],
    ) -> PlantAnswer:
        """Takes the serial at this step and the subassemblies for ``record_key``, or says why not.

        Never raises for an unreachable plant: that answer is ``unconfirmed`` with the reason.
        """
        ...

    def reachable(self) -> bool:
        """Whether the plant answers now (quickly False while it is known to be away)."""
        ...

    def verify_staff(self, username: str, password: str) -> StaffAnswer:
        """Asks the plant whether ``password`` is ``username``'s (a refusal counts there).

        Never raises for an unreachable plant: that answer is ``unreachable`` with the reason.
        """
        ...
