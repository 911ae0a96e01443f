"""UDIs typed as a label specification prints them: captions, one AI per line (typed entry only)."""

from __future__ import annotations

from datetime import date

import pytest

from app.codes.interpret import interpret
from app.codes.scan import CodeError
from app.domain.entry import EntryMethod

EXPECTED = ("09506000134352", "A1B2C3", "SN1", date(2027, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "(01) 09506000134352\n(17) 271231\n(10) A1B2C3\n(21) SN1",
        "01 09506000134352\r\n17 271231\r\n10 A1B2C3\r\n21 SN1",
        "GTIN (01): 09506000134352\nEXP: 2027-12-31\nLOT: A1B2C3\nSerial number: SN1",
        "UDI-DI: 09506000134352; Expiry date: 271231; Batch: A1B2C3; SN: SN1",
        "GTIN (01) 09506000134352\nUse by (17) 271231\nLot (10) A1B2C3\nSN (21) SN1",
    ],
)
def test_captioned_or_one_ai_per_line_text_reads_as_the_udi(text: str) -> None:
    scan = interpret(text, EntryMethod.TYPED)
    assert scan.udi is not None
    assert (scan.udi.di, scan.udi.lot, scan.udi.serial, scan.udi.expiry) == EXPECTED
    assert scan.text == text  # what was typed is what is recorded
    assert any("captioned or multi-line" in o for o in scan.oddities)


def test_a_scanner_never_sends_captions_so_a_wedge_scan_is_not_rewritten() -> None:
    with pytest.raises(CodeError):
        interpret("GTIN: 09506000134352\nLOT: A1B2C3", EntryMethod.KEYBOARD_WEDGE)


def test_a_caption_the_station_does_not_know_is_not_guessed() -> None:
    with pytest.raises(CodeError):
        interpret("Colour: blue\nLOT: A1B2C3", EntryMethod.TYPED)
