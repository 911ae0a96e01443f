"""How a scanned or typed value entered the station."""

from __future__ import annotations

from enum import StrEnum


class EntryMethod(StrEnum):
    """The way a value reached the station, kept with every scanned value."""

    KEYBOARD_WEDGE = "keyboard-wedge"
    SERIAL_SCANNER = "serial-scanner"
    CAMERA = "camera"
    TYPED = "typed"
    IMPORTED = "imported"

    @property
    def fhir_entry_type(self) -> str:
        """The FHIR ``udiCarrier.entryType`` code for this entry method."""
        return {
            EntryMethod.KEYBOARD_WEDGE: "barcode",
            EntryMethod.SERIAL_SCANNER: "barcode",
            EntryMethod.CAMERA: "barcode",
            EntryMethod.TYPED: "manual",
            EntryMethod.IMPORTED: "electronic-transmission",
        }[self]
