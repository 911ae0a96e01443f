"""Materials at the line: what certificate a part needs, what a certificate proves, lot balance.

Certificate kinds: the EN 10204:2004 inspection documents (2.1 declaration of compliance, 2.2 test
report with non-specific inspection, 3.1 inspection certificate by the manufacturer's authorised
inspection representative, 3.2 the same countersigned by the purchaser's or an official
representative), a mill test report (MTR: a steel mill's test report, which is an EN 10204 3.1
only when it says so) and a certificate of conformance (CoC, electronics and sub-tier parts,
together with the date code and proof of an authorised source). EN 10204 documents carry no
expiry; only a part whose specification has a shelf life (solder paste, adhesives) asks for one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

#: The kinds a certificate may be, as stored in ``certificates.type``.
EN10204_KINDS: tuple[str, ...] = ("2.1", "2.2", "3.1", "3.2")
KINDS: tuple[str, ...] = (*EN10204_KINDS, "MTR", "CoC")

#: Part categories and the certificate kinds they accept by default (a part's spec may narrow).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "metal": (*EN10204_KINDS, "MTR"),
    "material": (*EN10204_KINDS, "MTR"),
    "electronic": ("CoC",),
    "sub-tier": ("CoC",),
}

ISSUER_ROLES = ("manufacturer", "distributor")


class Decision(StrEnum):
    """A receiving inspector's signed decision on a certificate revision."""

    ACCEPT = "accept"
    REJECT = "reject"
    CONCESSION = "accept-on-concession"


USABLE = (Decision.ACCEPT.value, Decision.CONCESSION.value)

#: The qualification a user needs to sign a receiving decision.
INSPECTOR_QUALIFICATION = "incoming-inspection"


def kind_name(kind: str) -> str:
    """``3.1`` -> ``EN 10204 3.1``; MTR and CoC as they are."""
    return f"EN 10204 {kind}" if kind in EN10204_KINDS else kind


def normalise_kind(text: str) -> str:
    """``en10204-3.1``, ``3.1``, ``mtr``, ``coc`` -> the stored kind; raises ValueError."""
    t = text.strip().upper().replace("EN 10204", "").replace("EN10204", "").strip(" -:")
    for kind in KINDS:
        if t == kind.upper():
            return kind
    raise ValueError(
        f"unknown certificate kind {text!r}: use one of "
        + ", ".join(kind_name(k) for k in KINDS)
        + " (EN 10204 kinds as 2.1, 2.2, 3.1, 3.2)"
    )


@dataclass(frozen=True)
class Characteristic:
    """A value a part's specification limits (tensile strength, chemistry, viscosity)."""

    name: str
    unit: str = ""
    low: float | None = None
    high: float | None = None

    def describe(self) -> str:
        """``Rm 500–700 MPa``."""
        if self.low is not None and self.high is not None:
            window = f"{self.low:g}–{self.high:g}"
        elif self.low is not None:
            window = f"≥ {self.low:g}"
        elif self.high is not None:
            window = f"≤ {self.high:g}"
        else:
            window = "any"
        return f"{self.name} {window} {self.unit}".rstrip()

    def holds(self, value: float) -> bool:
        """Whether ``value`` is inside the limits."""
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def as_content(self) -> dict[str, Any]:
        """As stored in ``part_specs.characteristics``."""
        return {"name": self.name, "unit": self.unit, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class PartSpec:
    """What receiving and the line ask of one part's material (master data ``part_specs``).

    Attributes:
        category: metal, material, electronic or sub-tier.
        kinds: the certificate kinds accepted (in EN 10204 order the lowest given is the minimum:
            ``("3.1",)`` accepts 3.1 and 3.2, and an MTR that states 3.1).
        characteristics: the values a certificate must state within limits.
        shelf_life: whether the certificate must give an expiry date (solder paste, adhesives).
        authorised_source: whether a distributor must be authorised by the manufacturer.
        msl: J-STD-020 moisture sensitivity level (None: not moisture sensitive).
        thickness_mm: body thickness, for J-STD-033's derating and bake tables.
        low_stock: the remaining quantity at which a lot counts as running low.
    """

    part_number: str
    category: str
    kinds: tuple[str, ...]
    characteristics: tuple[Characteristic, ...] = ()
    shelf_life: bool = False
    authorised_source: bool = False
    msl: str | None = None
    thickness_mm: float | None = None
    low_stock: float | None = None

    @property
    def moisture_sensitive(self) -> bool:
        """Whether the part has a floor life (MSL 2 to 6)."""
        return self.msl is not None and self.msl != "1"

    def required_text(self) -> str:
        """The kinds accepted, for messages."""
        return " or ".join(kind_name(k) for k in self.kinds)


def satisfies(kind: str, states_31: bool, wanted: tuple[str, ...]) -> bool:
    """Whether a certificate of ``kind`` meets a part that accepts ``wanted``.

    EN 10204 kinds rank 2.1 < 2.2 < 3.1 < 3.2; a part asking for one accepts the higher ones. An
    MTR ranks as a 2.2 test report unless it states EN 10204 3.1 (``states_31``). A CoC meets only
    a part that asks for a CoC.
    """
    if kind in wanted:
        return True
    rank = {k: i for i, k in enumerate(EN10204_KINDS)}
    effective = "3.1" if kind == "MTR" and states_31 else ("2.2" if kind == "MTR" else kind)
    if effective not in rank:
        return False
    floors = [rank[k] for k in wanted if k in rank]
    return bool(floors) and rank[effective] >= min(floors)


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate revision states and how it was decided, as receiving recorded it."""

    id: str
    lot_id: str
    kind: str
    revision: int
    sha256: str
    number: str = ""
    heat: str = ""
    issuer: str = ""
    issuer_role: str = ""
    authorised: bool | None = None
    states_31: bool = False
    values: dict[str, float] = field(default_factory=dict)
    expires_on: date | None = None
    decision: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None
    signature: str | None = None
    reason: str = ""


def out_of_spec(spec: PartSpec, values: dict[str, float]) -> list[str]:
    """Each characteristic of the spec the certificate does not state, or states outside limits."""
    problems = []
    for c in spec.characteristics:
        value = values.get(c.name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            problems.append(f"{c.name} not stated (spec {c.describe()})")
        elif not c.holds(value):
            problems.append(
                f"{c.name} {value:g} {c.unit} outside {c.describe()}".replace("  ", " ")
            )
    return problems


def receiving_problems(spec: PartSpec, cert: CertificateFacts) -> list[str]:
    """What stands in the way of a plain accept: kind, issuer, expiry, characteristics.

    An inspector may still accept on concession (with a reason) or reject.
    """
    problems = []
    if not satisfies(cert.kind, cert.states_31, spec.kinds):
        mtr = " (an MTR is not a 3.1 unless it states so)" if cert.kind == "MTR" else ""
        problems.append(
            f"a {kind_name(cert.kind)} certificate does not meet part {spec.part_number}, "
            f"which needs {spec.required_text()}{mtr}"
        )
    if spec.authorised_source and cert.issuer_role == "distributor" and not cert.authorised:
        problems.append(
            f"issued by {cert.issuer or 'a distributor'}, not an authorised distributor of the "
            "manufacturer"
        )
    if spec.shelf_life and cert.expires_on is None:
        problems.append(
            f"part {spec.part_number} has a shelf life: the certificate needs an expiry"
        )
    if (
        spec.category in ("metal", "material")
        and cert.kind in ("3.1", "3.2", "MTR")
        and not cert.heat
    ):
        problems.append("no heat/cast number given")
    problems += out_of_spec(spec, cert.values)
    return problems


def line_refusal(
    spec: PartSpec, lot_id: str, cert: CertificateFacts | None, today: date
) -> str | None:
    """Why a lot may not be used at the line (None when its certificate allows it).

    The line uses the newest revision; it must be of a kind the part accepts and be accepted (or
    accepted on concession) by a signed decision; an expiry counts only where the spec has a
    shelf life.
    """
    if cert is None:
        return (
            f"lot {lot_id} has no certificate on file; part {spec.part_number} needs "
            f"{spec.required_text()}: receiving must attach and accept one before it is used"
        )
    what = (
        f"certificate {cert.id} revision {cert.revision} ({kind_name(cert.kind)}) of lot {lot_id}"
    )
    if not satisfies(cert.kind, cert.states_31, spec.kinds):
        return (
            f"{what} does not meet part {spec.part_number}, which needs {spec.required_text()}: "
            "ask receiving for the right certificate"
        )
    if cert.decision is None:
        return f"{what} has not been decided by receiving inspection: ask receiving to inspect it"
    if cert.decision not in USABLE:
        return f"{what} was rejected by {cert.decided_by} on {str(cert.decided_at)[:10]}: do not use the lot"
    if spec.shelf_life:
        if cert.expires_on is None:
            return (
                f"{what} gives no expiry, but part {spec.part_number} has a shelf life: ask quality"
            )
        if cert.expires_on < today:
            return f"{what}: the material expired on {cert.expires_on.isoformat()}: do not use it"
    return None


@dataclass(frozen=True)
class Balance:
    """A lot's quantities: received and what happened to it."""

    lot_id: str
    part_number: str
    unit: str
    received: float
    issued: float = 0.0
    consumed: float = 0.0
    scrapped: float = 0.0
    returned: float = 0.0
    adjusted: float = 0.0

    @property
    def remaining(self) -> float:
        """What is left of the lot: received, adjusted, less consumed, scrapped and returned."""
        return self.received + self.adjusted - self.consumed - self.scrapped - self.returned

    @property
    def at_line(self) -> float:
        """Issued to the line and not yet consumed, scrapped or returned (never below 0)."""
        return max(0.0, self.issued - self.consumed - self.scrapped - self.returned)

    def as_content(self) -> dict[str, Any]:
        """JSON-ready, as ``lineside lots`` prints it."""
        return {
            "lot": self.lot_id,
            "part_number": self.part_number,
            "unit": self.unit,
            "received": self.received,
            "issued": self.issued,
            "consumed": self.consumed,
            "scrapped": self.scrapped,
            "returned": self.returned,
            "adjusted": self.adjusted,
            "remaining": round(self.remaining, 6),
        }


MOVEMENT_KINDS = ("issue", "scrap", "return", "adjust")
