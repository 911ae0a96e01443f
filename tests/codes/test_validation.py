"""Validation errors name the position (0-based ``position``, 1-based in the message) and the rule."""

from __future__ import annotations

from datetime import date

import pytest

from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.codes.separators import Separators
from app.domain.entry import EntryMethod

GS = "\x1d"
GTIN = "0151022222233336"  # (01) of the FDA example, 16 characters


def refused(text: str, **kwargs: object) -> CodeError:
    with pytest.raises(CodeError) as caught:
        interpret(text, EntryMethod.KEYBOARD_WEDGE, **kwargs)  # type: ignore[arg-type]
    assert (
        f"character {caught.value.position + 1}" in caught.value.message
        or caught.value.position in (None, 0)
    )
    return caught.value


@pytest.mark.parametrize(
    ("text", "rule", "position"),
    [
        ("0151022222233337", "check-digit", 15),  # biip's soft gtin_error becomes an error
        ("(01)51022222233337", "check-digit", 17),
        ("]d20151022222233337", "check-digit", 18),  # position counts the identifier
        ("01510222222333", "element-length", 14),
        ("015102222223333X", "character-set", 15),
        (GTIN + "171513001", "invalid-date", 18),  # month 13
        (GTIN + "17250230", "invalid-date", 18),  # 30 February
        (GTIN + "1700", "element-length", 20),
        (GTIN + "10AB#1", "character-set", 20),
        (GTIN + "10" + "A" * 21, "missing-separator", 38),  # 20 is the longest lot
        (GTIN + "0012", "element-length", 20),
        (GTIN + "2712", "unknown-ai", 16),  # no AI 27
        ("(01)51022222233336(27)1", "unknown-ai", 18),
        ("(01)51022222233336(10)" + "A" * 21, "element-length", 42),
        ("(10)ABC", "gs1-no-di", 0),
    ],
)
def test_gs1_errors_name_rule_and_position(text: str, rule: str, position: int) -> None:
    error = refused(text)
    assert (error.rule, error.position) == (rule, position), error.message


@pytest.mark.parametrize(
    ("text", "rule", "position", "oddity"),
    [
        (GS + GTIN, "leading-separator", 0, "leading GS at character 1"),
        (GTIN + GS, "trailing-separator", 16, "trailing GS at character 17"),
        (GTIN + GS + GS + "10A", "doubled-separator", 17, "doubled GS at character 18"),
    ],
)
def test_odd_separators_are_read_and_recorded_or_refused_when_strict(
    text: str, rule: str, position: int, oddity: str
) -> None:
    scan = interpret(text, EntryMethod.KEYBOARD_WEDGE)
    assert scan.udi is not None and scan.udi.di == GTIN[2:]
    assert scan.oddities == (oddity,)
    assert scan.as_content()["oddities"] == [oddity]  # recorded with the scan
    with pytest.raises(CodeError) as caught:
        interpret(text, EntryMethod.KEYBOARD_WEDGE, separators=Separators(strict=True))
    assert (caught.value.rule, caught.value.position) == (rule, position)


def test_day_00_is_the_last_day_of_the_month() -> None:
    udi = interpret(GTIN + "17240200", EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and udi.expiry == date(2024, 2, 29)
    udi = interpret("(01)51022222233336(17)250400", EntryMethod.TYPED).udi
    assert udi is not None and udi.expiry == date(2025, 4, 30)


def test_separator_after_fixed_length_element_is_accepted() -> None:
    udi = interpret(GTIN + GS + "17250101" + GS + "10A1", EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and (udi.expiry, udi.lot) == (date(2025, 1, 1), "A1")


def test_other_elements_are_kept() -> None:
    udi = interpret(
        GTIN + "10LOT" + GS + "240REF-9" + GS + "30" + "5", EntryMethod.KEYBOARD_WEDGE
    ).udi
    assert udi is not None and udi.other == {"240": "REF-9", "30": "5"}


@pytest.mark.parametrize(
    ("text", "rule", "position"),
    [
        ("+A999ABC123DE0Z", "check-character", 14),
        ("+a999ABC123DE0Y", "character-set", 1),  # lower case is outside the HIBC set
        ("+A999AB#0Y", "character-set", 7),
    ],
)
def test_hibc_errors_name_rule_and_position(text: str, rule: str, position: int) -> None:
    error = refused(text)
    assert (error.rule, error.position) == (rule, position), error.message


def with_check(data: str) -> str:
    from app.codes.hibcc import check_character

    return data + check_character(data)


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ("+A999ABC123DE0/$$31913013C001", "invalid-date"),  # month 13
        ("+A999ABC123DE0/$$5193673C001", "invalid-date"),  # day 367 of 2019
        ("+A999ABC123DE0/$$X3C001", "hibc-date-form"),
        ("+A999ABC123DE0/$$8X", "hibc-quantity"),
        ("+A999ABC123DE0/$3C001/X12", "hibc-supplemental"),  # /Q is a field since HIBC 2.6
        ("+A999ABC123DE0/$3C001/QAB", "hibc-quantity"),
        ("+A999ABC123DE0/$3C001/16D20151301", "invalid-date"),
        ("+A999ABC123DE0/$" + "1" * 19, "element-length"),
        ("+A999" + "B" * 19 + "0", "element-length"),
        ("+A99", "element-length"),
        ("+19990ABC", "invalid-date"),  # a digit after + is the old YYJJJ secondary: day 990
    ],
)
def test_hibc_structure_rules(data: str, rule: str) -> None:
    assert refused(with_check(data)).rule == rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("=%5100", "isbt-unsupported"),
        ("=<E0001V00", "isbt-unsupported"),
        ("=/A9999XYZ100T094", "element-length"),
        ("=/A9999XYZ100T0944=>014367", "invalid-date"),  # 2014 has 365 days
        ("=/A9999XYZ100t0944", "character-set"),
        ("=>014032", "isbt-no-di"),
    ],
)
def test_isbt_128_rules(text: str, rule: str) -> None:
    error = refused(text)
    assert error.rule == rule
    if rule == "isbt-unsupported":
        assert "recognised as ISBT 128" in error.message and "not supported" in error.message


def test_isbt_128_time_forms() -> None:
    udi = interpret("=/A9999XYZ100T0944&>0140321530&}0130320800", EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None
    assert (udi.expiry, udi.manufactured) == (date(2014, 2, 1), date(2013, 2, 1))
    assert udi.other == {"expiry_time": "15:30", "manufactured_time": "08:00"}


def test_typed_udis_and_lots_can_be_forbidden_with_a_clear_message() -> None:
    formats = CodeFormats(forbid_typed=True)
    for text in ("(01)51022222233336(10)A1", "ML-4711"):
        with pytest.raises(CodeError) as caught:
            interpret(text, EntryMethod.TYPED, formats, enforce_entry=True)
        assert caught.value.rule == "typed-entry-forbidden"
        assert "scan the label" in caught.value.message
        interpret(text, EntryMethod.KEYBOARD_WEDGE, formats, enforce_entry=True)
    assert (
        interpret("BDG-1001", EntryMethod.TYPED, formats, enforce_entry=True).kind is ScanKind.BADGE
    )
    assert formats.typed_refusal(ScanKind.LOT, EntryMethod.TYPED)
    assert formats.typed_refusal(ScanKind.LOT, EntryMethod.CAMERA) is None
    assert CodeFormats().typed_refusal(ScanKind.UDI, EntryMethod.TYPED) is None


def test_empty_and_unknown_text() -> None:
    assert refused("\r\n").rule == "empty"
    assert refused("]d2").rule == "empty"
    assert refused("#?%garbage").rule == "unknown-format"


def test_lot_that_swallowed_a_date_is_kept_with_a_warning() -> None:
    udi = interpret(GTIN + "10ABC17251231", EntryMethod.KEYBOARD_WEDGE).udi
    assert udi is not None and udi.lot == "ABC17251231" and udi.expiry is None
    assert len(udi.warnings) == 1 and "separator after it was lost" in udi.warnings[0]
    clean = interpret(GTIN + "17251231" + "10ABC", EntryMethod.KEYBOARD_WEDGE).udi
    assert clean is not None and clean.warnings == ()


def test_bare_gtin_without_identifier() -> None:
    udi = interpret("09506000117843", EntryMethod.TYPED).udi
    assert udi is not None and udi.di == "09506000117843"
    error = refused("09506000117844")
    assert (error.rule, error.position) == ("check-digit", 13)


def test_spaced_out_parentheses_form_as_printed() -> None:
    udi = interpret("(01) 09506000117843 (17) 201231 (10) 1234AB", EntryMethod.TYPED).udi
    assert udi is not None and (udi.di, udi.lot) == ("09506000117843", "1234AB")
    error = refused("(01) 09506000117844 (10) 1234AB")
    assert (error.rule, error.position) == ("check-digit", 18)
