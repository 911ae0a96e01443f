"""Master data as the station uses it: stations, routing steps, bills of material, lots, certificates.

Plain frozen dataclasses; :mod:`app.store.masterdata` builds them from the station database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.environment import EnvWindow


@dataclass(frozen=True)
class Station:
    """A workstation on a line with its settings and current assignment."""

    id: str
    line_id: str
    name: str
    steps: tuple[str, ...]
    settings: dict[str, Any]
    config_revision: int
    work_order_id: str | None
    step_code: str | None

    def rule_action(self, name: str, default: str = "block") -> str:
        """``block`` or ``flag`` for a rule family (environment, calibration, profile, udi)."""
        actions = self.settings.get("on_violation", {})
        action = str(actions.get(name, default))
        return action if action in ("block", "flag") else "block"


@dataclass(frozen=True)
class Step:
    """One step of a product's routing with its requirements."""

    product: str
    code: str
    name: str
    sequence: int
    output_part: str
    requires_profile: bool
    environment: tuple[EnvWindow, ...]


@dataclass(frozen=True)
class WorkInstruction:
    """One numbered line of a step's work instruction, with an optional picture.

    ``image`` is a path under the application's ``resources/`` folder ("" for none).
    """

    product: str
    step: str
    position: int
    text: str
    image: str = ""


@dataclass(frozen=True)
class BomLine:
    """A part a step consumes, and how many."""

    part_number: str
    description: str
    kind: str
    quantity: float
    certificate_type: str | None


@dataclass(frozen=True)
class Lot:
    """A supplier material lot as received by the plant."""

    id: str
    part_number: str
    supplier_id: str
    supplier_name: str
    supplier_lot: str
    status: str
    received_on: date
    expires_on: date | None


@dataclass(frozen=True)
class Certificate:
    """A lot's certificate (EN 10204 2.1-3.2, MTR or CoC) in one revision; ``valid_to`` only
    where the part's spec has a shelf life."""

    id: str
    lot_id: str
    type: str
    revision: int
    valid_from: date
    valid_to: date | None
    sha256: str
    document: str

    def as_content(self) -> dict[str, Any]:
        """The certificate reference as bound into a record."""
        return {
            "id": self.id,
            "type": self.type,
            "revision": self.revision,
            "sha256": self.sha256,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": None if self.valid_to is None else self.valid_to.isoformat(),
        }
