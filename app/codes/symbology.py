"""AIM symbology identifiers (ISO/IEC 15424): which symbol the scanner read, and whether it was GS1.

A scanner configured to send the identifier prefixes each scan with ``]`` + a code character + a
modifier: ``]d2`` is a GS1 DataMatrix, ``]d1`` a plain DataMatrix, ``]C1`` GS1-128, ``]C0`` plain
Code 128. Only a GS1 identifier may be read as GS1 element strings, so a lot named ``10D9T`` in a
plain Code 128 (``]C0``) is never AI (10).
"""

from __future__ import annotations

from dataclasses import dataclass

import biip
from biip.symbology import GS1Symbology, SymbologyIdentifier

NAMES: dict[str, str] = {
    "A": "Code 39",
    "C": "Code 128",
    "d": "Data Matrix",
    "Q": "QR Code",
    "e": "GS1 DataBar",
    "E": "EAN/UPC",
    "I": "Interleaved 2 of 5",
    "z": "Aztec",
    "L": "PDF417",
    "J": "DotCode",
    "F": "Codabar",
    "G": "Code 93",
    "H": "Code 11",
    "M": "MSI",
    "S": "Code 2 of 5",
    "X": "other",
}

# Symbologies whose data is a GTIN on its own (EAN-13, EAN-8, UPC, ITF-14).
GTIN_ONLY = {"E0", "E3", "E4", "I1"}


@dataclass(frozen=True)
class Symbology:
    """The symbology identifier a scan started with.

    Attributes:
        identifier: as sent, e.g. ``]d2``.
        name: the symbology, e.g. ``Data Matrix``.
        gs1: the symbol carries GS1 element strings (FNC1 in first position).
        gtin_only: the symbol carries a GTIN alone (EAN/UPC, ITF-14).
    """

    identifier: str
    name: str
    gs1: bool
    gtin_only: bool = False

    @property
    def describe(self) -> str:
        """``]C0 (Code 128)`` and ``]d2 (GS1 Data Matrix)`` for messages."""
        return f"{self.identifier} ({'GS1 ' if self.gs1 and not self.gtin_only else ''}{self.name})"


def read(text: str) -> Symbology | None:
    """The symbology identifier at the start of ``text``, or None when there is none.

    Text starting with ``]`` that is not a known identifier (a code character biip does not know)
    is treated as data without an identifier.
    """
    if len(text) < 3 or text[0] != "]":
        return None
    try:
        ident = SymbologyIdentifier.extract(text)
    except (biip.ParseError, ValueError, IndexError):
        return None
    if len(ident.value) > len(text):
        return None
    code = ident.value[1:]
    gs1_symbology = ident.gs1_symbology
    gs1 = gs1_symbology is not None and (
        gs1_symbology in GS1Symbology.with_gs1_messages() or code in GTIN_ONLY
    )
    name = NAMES.get(ident.value[1], str(ident.iso_symbology.name).replace("_", " ").title())
    return Symbology(ident.value, name, gs1, gtin_only=code in GTIN_ONLY)
