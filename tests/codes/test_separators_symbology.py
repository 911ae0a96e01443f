"""Separators as real scanners send them, and the symbology identifier deciding what is GS1."""

from __future__ import annotations

import pytest

from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.codes.separators import Separators, normalise
from app.domain.entry import EntryMethod

LOT_THEN_SERIAL = "0151022222233336" + "10A213B1{sep}211234"


@pytest.mark.parametrize(
    "sep", ["\x1d", "\\x1d", "\\x1D", "<GS>", "{GS}", "^]", "\u241d", "\x1e", "<RS>"]
)
def test_every_common_separator_form_reads_as_gs(sep: str) -> None:
    udi = interpret(LOT_THEN_SERIAL.format(sep=sep), EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and (udi.lot, udi.serial) == ("A213B1", "1234")


def test_substituted_visible_character_is_configured_per_scanner() -> None:
    text = LOT_THEN_SERIAL.format(sep="~")
    udi = interpret(text, EntryMethod.SERIAL_SCANNER, separators=Separators(substitute="~")).udi
    assert udi is not None and (udi.lot, udi.serial) == ("A213B1", "1234")
    # without that scanner's setting, ~ is a character a lot may not contain
    with pytest.raises(CodeError) as caught:
        interpret(text, EntryMethod.SERIAL_SCANNER)
    assert caught.value.rule == "character-set" and caught.value.position == 24


def test_substitute_must_not_be_a_data_character() -> None:
    with pytest.raises(ValueError, match="occurs in UDIs"):
        Separators(substitute="A")
    with pytest.raises(ValueError, match="exactly one"):
        Separators(substitute="~~")
    assert Separators.from_settings({"gs_substitute": "|"}).substitute == "|"


def test_rs_as_gs_can_be_switched_off() -> None:
    with pytest.raises(CodeError):
        interpret(
            LOT_THEN_SERIAL.format(sep="\x1e"),
            EntryMethod.KEYBOARD_WEDGE,
            separators=Separators(rs_as_gs=False),
        )


def test_positions_point_into_the_text_as_received() -> None:
    # "<GS>" is four characters in the received text, one after normalising
    text = "0151022222233336" + "10A1<GS><GS>211234"
    with pytest.raises(CodeError) as caught:
        interpret(text, EntryMethod.TYPED, separators=Separators(strict=True))
    assert caught.value.rule == "doubled-separator"
    assert caught.value.position == text.index("<GS><GS>") + 4


def test_iso_15434_envelope_format_05_and_06() -> None:
    gs1 = "[)>\x1e05\x1d0151022222233336" + "10A213B1\x1d211234\x1e\x04"
    udi = interpret(gs1, EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and (udi.di, udi.lot, udi.serial) == ("51022222233336", "A213B1", "1234")
    written = "[)><RS>05<GS>0151022222233336<RS><EOT>"
    assert interpret(written, EntryMethod.TYPED).udi is not None
    hibc = "[)>\x1e06\x1d+A999ABC123DE0/$+1234567Y\x1e\x04"
    udi = interpret(hibc, EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and (udi.agency, udi.serial) == ("HIBCC", "1234567")
    # Format 06 that is not a HIBC UDI is a supplier label (app/codes/mh10.py).
    label = interpret("[)>\x1e06\x1d1PABC\x1dS123\x1e\x04", EntryMethod.KEYBOARD_WEDGE)
    assert label.supplier_label is not None
    assert label.supplier_label.identifiers == (("1P", "ABC"), ("S", "123"))
    with pytest.raises(CodeError) as caught:
        interpret("[)>\x1e99\x1dxx", EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == "envelope"


def test_normalise_keeps_origins() -> None:
    norm = normalise("AB<GS>C")
    assert norm.text == "AB\x1dC"
    assert [norm.at(i) for i in range(4)] == [0, 1, 2, 6]
    assert norm.at(4) == 7


@pytest.mark.parametrize("identifier", ["]C0", "]d1", "]Q1", "]A0"])
def test_plain_lot_with_non_gs1_identifier_is_never_ai_10(identifier: str) -> None:
    formats = CodeFormats(patterns={"lot": r"10[0-9A-Z]{3}"})
    scan = interpret(identifier + "10D9T", EntryMethod.KEYBOARD_WEDGE, formats)
    assert (scan.kind, scan.value, scan.symbology, scan.udi) == (
        ScanKind.LOT,
        "10D9T",
        identifier,
        None,
    )
    with pytest.raises(CodeError) as caught:
        interpret(identifier + "10D9T", EntryMethod.KEYBOARD_WEDGE, CodeFormats(patterns={}))
    assert caught.value.rule == "unknown-format"
    assert "never read as GS1" in caught.value.message


@pytest.mark.parametrize("identifier", ["]d2", "]C1", "]Q3", "]e0"])
def test_gs1_identifiers_read_element_strings(identifier: str) -> None:
    scan = interpret(identifier + "0151022222233336" + "10D9T", EntryMethod.KEYBOARD_WEDGE)
    assert scan.udi is not None and scan.udi.lot == "D9T" and scan.symbology == identifier


def test_gs1_identifier_is_not_matched_against_plain_formats() -> None:
    formats = CodeFormats(patterns={"lot": r"[0-9A-Z]+"})
    scan = interpret("]d20151022222233336", EntryMethod.CAMERA, formats)
    assert scan.kind is ScanKind.UDI


def test_ean_13_carries_a_gtin_alone() -> None:
    udi = interpret("]E09506000117843", EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and udi.di == "09506000117843" and udi.lot is None
    with pytest.raises(CodeError) as caught:
        interpret("]E09506000117844", EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == "check-digit" and caught.value.position == 15


def test_hibc_and_isbt_in_their_usual_symbols() -> None:
    assert interpret("]A0+A999ABC123DE0/$+1234567Y", EntryMethod.KEYBOARD_WEDGE).udi is not None
    assert interpret("]C0=)1TE123456A&)RZ12345678", EntryMethod.KEYBOARD_WEDGE).udi is not None
    assert interpret("*+A999ABC123DE0/$+1234567Y*", EntryMethod.TYPED).udi is not None
