"""The station's device identifier catalogue: its copy of the relevant GUDID entries.

Each entry names a DI, its issuing agency, brand, model/version and the production identifiers the
device is controlled by (GUDID's "lot or batch number", "serial number", "expiration date" and
"manufacturing date" flags). :func:`check_udi` says what is wrong with a scanned UDI against it:
an unknown DI, a DI from another agency, a PI element the device is controlled by but the label
lacks, or one the label carries although the device is not controlled by it.

The catalogue itself holds plain rows; :func:`load` reads them from the station database's
``devices`` table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.codes.scan import Udi

CONTROLS = ("lot", "serial", "expiry", "manufactured")
CONTROL_NAMES = {
    "lot": "lot or batch number",
    "serial": "serial number",
    "expiry": "expiration date",
    "manufactured": "manufacturing date",
}


@dataclass(frozen=True)
class Device:
    """One catalogue entry."""

    di: str
    agency: str
    brand: str
    model: str
    version: str = ""
    controls: frozenset[str] = frozenset()
    part_number: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Device:
        """A device from a ``devices`` row or a dict (``controls`` as a list or its JSON text).

        Raises:
            ValueError: an unknown control name.
        """
        controls = row.get("controls") or []
        if isinstance(controls, str):
            controls = json.loads(controls)
        unknown = set(controls) - set(CONTROLS)
        if unknown:
            raise ValueError(
                f"device {row['di']}: unknown controls {sorted(unknown)}; use {', '.join(CONTROLS)}"
            )
        return cls(
            di=str(row["di"]),
            agency=str(row["agency"]),
            brand=str(row.get("brand") or ""),
            model=str(row.get("model") or ""),
            version=str(row.get("version") or ""),
            controls=frozenset(controls),
            part_number=row.get("part_number"),
        )


@dataclass(frozen=True)
class Finding:
    """What is wrong with a scanned UDI against the catalogue."""

    rule: str
    reason: str

    def __str__(self) -> str:
        return self.reason


class Catalogue:
    """Devices by DI; no I/O."""

    def __init__(self, rows: Iterable[Mapping[str, Any] | Device] = ()) -> None:
        self._devices: dict[str, Device] = {}
        for row in rows:
            device = row if isinstance(row, Device) else Device.from_row(row)
            self._devices[device.di] = device

    def __len__(self) -> int:
        return len(self._devices)

    def __contains__(self, di: object) -> bool:
        return di in self._devices

    def get(self, di: str) -> Device | None:
        """The device with ``di``, or None."""
        return self._devices.get(di)


def check_udi(udi: Udi, catalogue: Catalogue) -> list[Finding]:
    """Every reason ``udi`` does not match its catalogue entry; empty when it matches."""
    device = catalogue.get(udi.di)
    if device is None:
        return [
            Finding(
                "unknown-di",
                f"device identifier {udi.di} ({udi.agency}) is not in this station's device catalogue: "
                "it is not a device this line builds or uses; check the label or update the master data",
            )
        ]
    findings: list[Finding] = []
    if device.agency != udi.agency:
        findings.append(
            Finding(
                "agency",
                f"device identifier {udi.di} is catalogued as {device.agency}, the label is {udi.agency}",
            )
        )
    present = {
        "lot": udi.lot is not None,
        "serial": udi.serial is not None,
        "expiry": udi.expiry is not None,
        "manufactured": udi.manufactured is not None,
    }
    label = f"{device.brand} {device.model}".strip() or udi.di
    for control in CONTROLS:
        if control in device.controls and not present[control]:
            findings.append(
                Finding(
                    f"missing-{control}",
                    f"{label} ({udi.di}) is controlled by {CONTROL_NAMES[control]}, but the UDI has none",
                )
            )
        elif control not in device.controls and present[control]:
            findings.append(
                Finding(
                    f"undeclared-{control}",
                    f"the UDI carries a {CONTROL_NAMES[control]}, but {label} ({udi.di}) is not declared "
                    f"as controlled by it",
                )
            )
    return findings


def load(conn: sqlite3.Connection) -> Catalogue:
    """The catalogue from the station database's ``devices`` table."""
    cursor = conn.execute(
        "SELECT di, agency, brand, model, version, controls, part_number FROM devices"
    )
    names = [d[0] for d in cursor.description]
    return Catalogue(dict(zip(names, row, strict=True)) for row in cursor)
