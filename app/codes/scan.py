"""What a scan means: the typed result of interpreting scanned text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.domain.entry import EntryMethod

if TYPE_CHECKING:
    from app.codes.mh10 import SupplierLabel


class CodeError(ValueError):
    """Scanned text that cannot be interpreted; says where and which rule it broke."""

    def __init__(self, message: str, *, position: int | None = None, rule: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.rule = rule


class ScanKind(StrEnum):
    """What a scanned code identifies."""

    UDI = "udi"
    SUPPLIER_LABEL = "supplier-label"
    LOT = "lot"
    SERIAL = "serial"
    BADGE = "badge"
    WORK_ORDER = "work-order"
    STEP = "step"


@dataclass(frozen=True)
class Udi:
    """A unique device identifier split into its device identifier (DI) and production identifiers (PI)."""

    agency: str
    di: str
    lot: str | None = None
    serial: str | None = None
    expiry: date | None = None
    manufactured: date | None = None
    other: dict[str, str] = field(default_factory=dict)
    hrf: str = ""
    warnings: tuple[str, ...] = ()

    def as_content(self) -> dict[str, Any]:
        """The UDI as bound into a record and printed by ``lineside udi parse --json``."""
        return {
            "agency": self.agency,
            "di": self.di,
            "lot": self.lot,
            "serial": self.serial,
            "expiry": None if self.expiry is None else self.expiry.isoformat(),
            "manufactured": None if self.manufactured is None else self.manufactured.isoformat(),
            "other": dict(self.other),
            "hrf": self.hrf,
        }


@dataclass(frozen=True)
class Scan:
    """One interpreted scan: its kind, its value and how it entered the station."""

    kind: ScanKind
    value: str
    text: str
    entry: EntryMethod
    udi: Udi | None = None
    symbology: str | None = None
    supplier_label: SupplierLabel | None = None
    oddities: tuple[str, ...] = ()

    def as_content(self) -> dict[str, Any]:
        """The scan as bound into a record: what was read and how it entered.

        A supplier label and the oddities of a scan (a doubled GS, a missing envelope) appear
        only when present, so records of other scans keep their shape.
        """
        content: dict[str, Any] = {
            "kind": str(self.kind),
            "value": self.value,
            "text": self.text,
            "entry": str(self.entry),
            "symbology": self.symbology,
            "udi": None if self.udi is None else self.udi.as_content(),
        }
        if self.supplier_label is not None:
            content["supplier_label"] = self.supplier_label.as_content()
        if self.oddities:
            content["oddities"] = list(self.oddities)
        return content
