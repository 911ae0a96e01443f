"""Station configuration of plain (non-UDI) code formats: which patterns mean lot, badge, work order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from app.codes.scan import ScanKind
from app.domain.entry import EntryMethod

DEFAULT_PATTERNS: dict[str, str] = {
    str(ScanKind.BADGE): r"BDG-[0-9A-Z]{3,12}",
    str(ScanKind.LOT): r"ML-[0-9A-Z-]{3,20}",
    str(ScanKind.WORK_ORDER): r"WO-[0-9A-Z-]{3,20}",
    str(ScanKind.STEP): r"STEP-[0-9A-Z]{2,10}",
    str(ScanKind.SERIAL): r"(SN|PCB)-[0-9A-Z-]{3,24}",
}

#: The FDA-accredited issuing agencies whose UDIs a station reads (all three unless narrowed).
AGENCIES = ("GS1", "HIBCC", "ICCBBA")


@dataclass(frozen=True)
class CodeFormats:
    """Patterns (full match) that say what a plain scanned code identifies, tried in order."""

    patterns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PATTERNS))
    forbid_typed: bool = False
    agencies: tuple[str, ...] = AGENCIES

    def __post_init__(self) -> None:
        unknown = [a for a in self.agencies if a not in AGENCIES]
        if unknown:
            raise ValueError(f"UDI agency {', '.join(unknown)} is not one of {', '.join(AGENCIES)}")
        for kind, pattern in self.patterns.items():
            ScanKind(kind)
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"pattern for {kind} is not a valid regular expression: {exc}"
                ) from exc

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> CodeFormats:
        """Reads the formats from a station's settings (missing keys keep their defaults)."""
        patterns = dict(DEFAULT_PATTERNS)
        patterns.update(settings.get("code_patterns", {}))
        return cls(
            patterns=patterns,
            forbid_typed=bool(settings.get("forbid_typed_entry", False)),
            agencies=tuple(settings.get("udi_agencies", AGENCIES)),
        )

    def as_settings(self) -> dict[str, Any]:
        """The formats as a station's settings hold them (``from_settings`` reads them back)."""
        return {
            "code_patterns": dict(self.patterns),
            "forbid_typed_entry": self.forbid_typed,
            "udi_agencies": list(self.agencies),
        }

    def agency_refusal(self, agency: str) -> str | None:
        """Why a UDI of ``agency`` is refused at this station, or None."""
        if agency in self.agencies or not agency:
            return None
        return (
            f"this station reads {', '.join(self.agencies) or 'no'} UDIs, not {agency}: "
            "check that the right part is at this station, or ask a technician"
        )

    def classify(self, text: str) -> ScanKind | None:
        """The kind a plain code matches, or None."""
        for kind, pattern in self.patterns.items():
            if re.fullmatch(pattern, text):
                return ScanKind(kind)
        return None

    def typed_refusal(self, kind: ScanKind, entry: EntryMethod) -> str | None:
        """Why a typed UDI or lot is refused at a station that forbids typed entry, or None."""
        if not self.forbid_typed or entry is not EntryMethod.TYPED:
            return None
        if kind not in (ScanKind.UDI, ScanKind.LOT, ScanKind.SUPPLIER_LABEL):
            return None
        what = "UDIs" if kind is ScanKind.UDI else "lots"
        return (
            f"this station accepts {what} only from a scanner or camera, not typed by hand: "
            "scan the label (ask a supervisor if the label cannot be read)"
        )
