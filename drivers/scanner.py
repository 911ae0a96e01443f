"""What every scanner (wedge, serial, camera) delivers: the text as scanned, how, and when."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import Scan
from app.domain.clock import utc_now
from app.domain.entry import EntryMethod


@dataclass(frozen=True)
class ScannedText:
    """One code as a scanner delivered it, before interpretation.

    Attributes:
        text: what goes to the interpreter, separators as received (and the AIM symbology
            identifier in front when the scanner sends one).
        entry: how it entered the station.
        symbology: the AIM identifier (``]d2``) when known, kept with the scan.
        read_at: when it arrived (UTC).
    """

    text: str
    entry: EntryMethod
    symbology: str | None = None
    read_at: datetime = field(default_factory=utc_now)

    def interpret(self, formats: CodeFormats | None = None) -> Scan:
        """The typed scan.

        Raises:
            CodeError: the text is not a code the station understands.
        """
        scan = interpret(self.text, self.entry, formats)
        if scan.symbology is None and self.symbology:
            scan = dataclasses.replace(scan, symbology=self.symbology)
        return scan


class Scanner(Protocol):
    """A scanner the capture core reads from a worker thread, like an instrument driver."""

    def open(self) -> None:
        """Acquires the device. Raises ``drivers.base.PortLost`` when it cannot."""
        ...

    def read(self, timeout: float) -> ScannedText | None:
        """The next scan, or None after ``timeout`` seconds. Raises ``PortLost`` when gone."""
        ...

    def close(self) -> None:
        """Releases the device; idempotent."""
        ...
