"""HL7 FHIR R5 Device resources with ``udiCarrier`` for finished units."""

from __future__ import annotations

import sqlite3
from typing import Any

from fhir.resources.device import Device

from app.store import parts

ISSUERS = {
    "GS1": "http://hl7.org/fhir/NamingSystem/gs1-di",
    "HIBCC": "http://hl7.org/fhir/NamingSystem/hibcc-dI",
    "ICCBBA": "http://hl7.org/fhir/NamingSystem/iccbba-other-di",
}
FDA_UDI = "http://hl7.org/fhir/NamingSystem/fda-udi"
SERIALS = "urn:lineside:unit"
# How the UDI reached the station, in FHIR's udi-entry-type codes.
ENTRY_TYPES = {"typed": "manual", "keyboard": "manual", "rfid": "rfid"}

UNIT_RECORD_SQL = """
SELECT j.content FROM assemblies a JOIN journal j ON j.key = a.record_key
WHERE a.unit_serial = ? AND a.di IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key)
ORDER BY a.recorded_at DESC LIMIT 1
"""


def device(conn: sqlite3.Connection, serial: str) -> Device:
    """The FHIR Device of a finished unit, built from its live record and the device catalogue.

    Raises:
        LookupError: no finished device (a record with a UDI) is recorded under ``serial``.
    """
    row = conn.execute(UNIT_RECORD_SQL, (serial,)).fetchone()
    if row is None:
        raise LookupError(
            f"no finished device with serial {serial} in this station database (only units "
            "recorded with a UDI have a FHIR Device)"
        )
    record: dict[str, Any] = parts.expand(conn, row[0])
    unit = record["unit"]
    udi = unit.get("udi") or {}
    catalogue = conn.execute(
        "SELECT agency, brand, model, version FROM devices WHERE di = ?", (unit["di"],)
    ).fetchone()
    agency = str(udi.get("agency") or (catalogue[0] if catalogue else "GS1"))
    entry = str((unit.get("scan") or {}).get("entry") or "")
    resource: dict[str, Any] = {
        "resourceType": "Device",
        "id": record["key"],
        "identifier": [{"system": SERIALS, "value": serial}],
        "status": "active",
        "udiCarrier": [
            {
                "deviceIdentifier": unit["di"],
                "issuer": ISSUERS.get(agency.upper(), ISSUERS["GS1"]),
                "jurisdiction": FDA_UDI,
                "carrierHRF": udi.get("hrf") or (unit.get("scan") or {}).get("text"),
                "entryType": ENTRY_TYPES.get(entry, "barcode"),
            }
        ],
        "serialNumber": udi.get("serial") or serial,
        "lotNumber": udi.get("lot"),
        "manufactureDate": udi.get("manufactured"),
        "expirationDate": udi.get("expiry"),
        "partNumber": record.get("product"),
    }
    if catalogue is not None:
        resource["manufacturer"] = catalogue[1]
        resource["name"] = [{"value": catalogue[2], "type": "registered-name"}]
        resource["modelNumber"] = catalogue[2]
        if catalogue[3]:
            resource["version"] = [{"value": catalogue[3]}]
    return Device.model_validate({k: v for k, v in resource.items() if v is not None})
