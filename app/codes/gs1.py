"""GS1 UDIs through biip: element strings, the parentheses form and Digital Link URIs.

biip knows the application identifiers, their formats and dates. This module adds what a station
needs on top: every error names the character position and the rule (biip reports a wrong GTIN
check digit only as a soft ``gtin_error`` and silently strips separators at the ends), separators
at the start, the end or doubled are refused, and a variable-length element that is not followed
by a separator is reported as such instead of swallowing the next element.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import biip
from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS, GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString, GS1ElementStrings
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin

from app.codes.scan import CodeError, Udi
from app.codes.separators import GS, Normalised

CONFIG = biip.ParseConfig(separator_chars=(GS,))

# GS1 General Specifications 7.11, character set 82 (the X in AI formats).
CSET82 = frozenset(
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
)
CSET39 = frozenset("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
CSET64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
DIGITS = frozenset("0123456789")
CHARSETS = {
    "N": (DIGITS, "digits only"),
    "X": (CSET82, "GS1 character set 82"),
    "Y": (CSET39, "GS1 character set 39"),
    "Z": (CSET64, "GS1 file-safe base64"),
}

# AIs whose value starts with a YYMMDD date (GS1 General Specifications 7.12).
DATE_AIS = frozenset(
    {
        "11",
        "12",
        "13",
        "15",
        "16",
        "17",
        "4324",
        "4325",
        "4326",
        "7003",
        "7006",
        "7007",
        "7011",
        "8008",
    }
)
# AI numbers that are also the start of a longer AI (none in the GS1 table; kept as a guard).
_LONGER = {
    a: any(b != a and b.startswith(a) for b in _GS1_APPLICATION_IDENTIFIERS)
    for a in _GS1_APPLICATION_IDENTIFIERS
}
_COMPONENT = re.compile(r"([NXYZ])(\.\.)?(\d+)")


@dataclass(frozen=True)
class Element:
    """One element string with where it started in the received text."""

    element: GS1ElementString
    position: int


def _fail(message: str, norm: Normalised, index: int, rule: str) -> CodeError:
    position = norm.at(index)
    return CodeError(f"{message} (character {position + 1})", position=position, rule=rule)


def parse(norm: Normalised) -> Udi:
    """A GS1 UDI from element strings (GS as separator), the HRI form or a Digital Link URI.

    Raises:
        CodeError: the text breaks a GS1 rule; the message names the position and the rule.
    """
    text = norm.text
    if text.startswith("("):
        # printed labels space the parentheses form out: "(01) 09506000117843 (17) 250101"
        keep = [i for i, ch in enumerate(text) if not ch.isspace()]
        norm = Normalised(
            "".join(text[i] for i in keep), tuple(norm.at(i) for i in keep), norm.envelope
        )
        elements = _walk_hri(norm)
    elif text.lower().startswith(("http://", "https://")):
        elements = _digital_link(norm)
    else:
        elements = walk(norm)
    return to_udi(elements, norm)


def walk(norm: Normalised) -> list[Element]:
    """Splits unbracketed element strings at the position each starts, validating each element."""
    text = norm.text
    n = len(text)
    if not text:
        raise _fail("the GS1 data is empty", norm, 0, "empty")
    if text[0] == GS:
        raise _fail(
            "GS1 data starts with a separator (GS): the first FNC1 is the symbol's GS1 flag and is "
            "not sent as data; set the scanner not to transmit it",
            norm,
            0,
            "leading-separator",
        )
    elements: list[Element] = []
    pos = 0
    while pos < n:
        if text[pos] == GS:
            if pos + 1 == n:
                raise _fail(
                    "GS1 data ends with a separator (GS): a separator only goes between elements",
                    norm,
                    pos,
                    "trailing-separator",
                )
            if text[pos + 1] == GS:
                raise _fail("two separators (GS) in a row", norm, pos + 1, "doubled-separator")
            pos += 1
            continue
        end_of_segment = text.find(GS, pos)
        if end_of_segment < 0:
            end_of_segment = n
        segment = text[pos:end_of_segment]
        ai = _ai(segment, norm, pos)
        try:
            element = GS1ElementString.extract(segment, config=CONFIG)
        except (biip.ParseError, ValueError, IndexError, ArithmeticError) as exc:
            raise _diagnose(ai, segment, norm, pos, exc) from None
        _check_element(element, norm, pos)
        end = pos + len(element)
        if end < end_of_segment and ai.separator_required:
            longest = _max_length(ai)
            if longest is not None and len(element.value) >= longest:
                raise _fail(
                    f"AI ({ai.ai}) is {ai.format.split('+', 1)[1]} long and is not followed by a "
                    f"separator: a variable-length element needs GS before the next element, or "
                    f"its value is longer than {longest}",
                    norm,
                    end,
                    "missing-separator",
                )
            raise _bad_char(ai, text[end], norm, end)
        elements.append(Element(element, norm.at(pos)))
        pos = end
    return elements


def _ai(segment: str, norm: Normalised, pos: int) -> GS1ApplicationIdentifier:
    for size in (2, 3, 4):  # biip's extract walks all AIs; a dict lookup per length is faster
        ai = _GS1_APPLICATION_IDENTIFIERS.get(segment[:size])
        if ai is not None and (size == 4 or not _LONGER.get(segment[:size])):
            return ai
    try:
        return GS1ApplicationIdentifier.extract(segment)
    except biip.ParseError:
        shown = segment[:4].replace(GS, "<GS>")
        raise _fail(
            f"no known GS1 application identifier starts with '{shown}'", norm, pos, "unknown-ai"
        ) from None


def _bad_char(ai: GS1ApplicationIdentifier, char: str, norm: Normalised, index: int) -> CodeError:
    kinds = {c[0] for c in _components(ai)}
    allowed = " or ".join(CHARSETS[k][1] for k in sorted(kinds)) or "its format"
    shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
    return _fail(
        f"{shown} is not allowed in AI ({ai.ai}) {ai.data_title}: {allowed}",
        norm,
        index,
        "character-set",
    )


def _components(ai: GS1ApplicationIdentifier) -> list[tuple[str, bool, int]]:
    parts = []
    for piece in ai.format.split("+")[1:]:
        match = _COMPONENT.fullmatch(piece.strip().lstrip("[").rstrip("]"))
        if match is None:
            return []
        parts.append((match.group(1), match.group(2) is not None, int(match.group(3))))
    return parts


def _max_length(ai: GS1ApplicationIdentifier) -> int | None:
    parts = _components(ai)
    return sum(p[2] for p in parts) if parts else None


def _diagnose(
    ai: GS1ApplicationIdentifier, segment: str, norm: Normalised, pos: int, exc: Exception
) -> CodeError:
    """Names the rule a value broke: length, character set or date."""
    i = len(ai.ai)
    for kind, variable, size in _components(ai):
        allowed = CHARSETS[kind][0]
        count = 0
        while i < len(segment) and count < size and segment[i] in allowed:
            i += 1
            count += 1
        if not variable and count < size:
            if i >= len(segment):
                return _fail(
                    f"AI ({ai.ai}) {ai.data_title} needs {size} {'digits' if kind == 'N' else 'characters'}"
                    f", the data ends after {count}",
                    norm,
                    pos + i,
                    "element-length",
                )
            return _bad_char(ai, segment[i], norm, pos + i)
        if variable and count == 0 and i < len(segment):
            return _bad_char(ai, segment[i], norm, pos + i)
        if variable and count == 0:
            return _fail(
                f"AI ({ai.ai}) {ai.data_title} has no value", norm, pos + i, "element-length"
            )
    if ai.ai in DATE_AIS:
        problem = date_problem(segment[len(ai.ai) : len(ai.ai) + 6])
        if problem:
            return _fail(
                f"AI ({ai.ai}) {ai.data_title}: {problem}", norm, pos + len(ai.ai), "invalid-date"
            )
    return _fail(
        f"AI ({ai.ai}) {ai.data_title} does not match its format {ai.format}: {exc}",
        norm,
        pos,
        "element-format",
    )


def date_problem(yymmdd: str) -> str | None:
    """Why a GS1 YYMMDD date is invalid, or None (day 00 means the month's last day)."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return f"date '{yymmdd}' is not YYMMDD"
    year = 2000 + int(yymmdd[:2])
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if not 1 <= month <= 12:
        return f"date '{yymmdd}' has month {month:02d}, which does not exist"
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return f"date '{yymmdd}' has day {day:02d}, which month {month:02d} does not have"
    return None


def _check_element(element: GS1ElementString, norm: Normalised, pos: int) -> None:
    """Turns biip's soft GTIN/SSCC/GLN errors into errors with the check digit's position."""
    soft = element.gtin_error or element.sscc_error or element.gln_error
    if not soft:
        return
    check_index = pos + len(element.ai.ai) + len(element.value) - 1
    what = "GTIN" if element.gtin_error else "SSCC" if element.sscc_error else "GLN"
    raise _fail(
        f"AI ({element.ai.ai}) {what} check digit is wrong: {soft}",
        norm,
        check_index,
        "check-digit",
    )


def _walk_hri(norm: Normalised) -> list[Element]:
    """The parentheses form, ``(01)…(17)…(10)…``, with each element's position."""
    text = norm.text
    elements: list[Element] = []
    pos = 0
    for match in re.finditer(r"\(([^()]*)\)([^(]*)", text):
        if match.start() != pos:
            raise _fail("text between elements is not an (AI)value pair", norm, pos, "hri-format")
        number, value = match.group(1), match.group(2).rstrip()
        if number not in _GS1_APPLICATION_IDENTIFIERS:
            raise _fail(
                f"({number}) is not a known GS1 application identifier",
                norm,
                match.start(),
                "unknown-ai",
            )
        ai = _GS1_APPLICATION_IDENTIFIERS[number]
        if GS in value:
            raise _fail(
                "a separator (GS) inside the parentheses form",
                norm,
                match.start(2) + value.index(GS),
                "hri-format",
            )
        try:
            element = GS1ElementString.parse(number + value, config=CONFIG)
        except (biip.ParseError, ValueError, IndexError, ArithmeticError) as exc:
            raise _diagnose_full(
                ai, number + value, norm, match.start(2) - len(number), exc
            ) from None
        _check_element(element, norm, match.start(2) - len(number))
        elements.append(Element(element, norm.at(match.start())))
        pos = match.end()
    if pos != len(text) or not elements:
        raise _fail("the parentheses form must be (AI)value pairs", norm, pos, "hri-format")
    return elements


def _diagnose_full(
    ai: GS1ApplicationIdentifier, segment: str, norm: Normalised, pos: int, exc: Exception
) -> CodeError:
    error = _diagnose(ai, segment, norm, pos, exc)
    if error.rule != "element-format":
        return error
    longest = _max_length(ai)
    if longest is not None and len(segment) - len(ai.ai) > longest:
        return _fail(
            f"AI ({ai.ai}) {ai.data_title} is longer than {longest} characters",
            norm,
            pos + len(ai.ai) + longest,
            "element-length",
        )
    return error


def _digital_link(norm: Normalised) -> list[Element]:
    try:
        uri = GS1DigitalLinkURI.parse(norm.text, config=CONFIG)
    except (biip.ParseError, ValueError, IndexError, KeyError, ArithmeticError) as exc:
        raise _fail(f"not a valid GS1 Digital Link URI: {exc}", norm, 0, "digital-link") from None
    for element in uri.element_strings:
        _check_element(element, norm, 0)
    return [Element(e, norm.at(0)) for e in uri.element_strings]


def to_udi(elements: list[Element], norm: Normalised) -> Udi:
    """The UDI of parsed element strings: GTIN as DI, lot, serial, dates, the rest as other."""
    fields: dict[str, str] = {}
    dates: dict[str, date] = {}
    for item in elements:
        element = item.element
        if element.ai.ai in fields:
            if fields[element.ai.ai] != element.value:
                raise _fail(
                    f"AI ({element.ai.ai}) appears twice with different values",
                    norm,
                    0,
                    "duplicate-ai",
                )
            continue
        fields[element.ai.ai] = element.value
        if element.date is not None:
            dates[element.ai.ai] = element.date
    if "01" not in fields:
        raise CodeError(
            "GS1 code without a GTIN (AI 01): it cannot identify a device or a part",
            position=norm.at(0),
            rule="gs1-no-di",
        )
    message = GS1Message.from_element_strings(GS1ElementStrings(e.element for e in elements))
    di = fields.pop("01")
    warnings = tuple(
        w for w in (swallowed(e.element) for e in elements if e.element.ai.separator_required) if w
    )
    return Udi(
        warnings=warnings,
        agency="GS1",
        di=di,
        lot=fields.pop("10", None),
        serial=fields.pop("21", None),
        expiry=dates.get("17"),
        manufactured=dates.get("11"),
        other={ai: v for ai, v in fields.items() if ai not in ("17", "11")},
        hrf=message.as_hri(),
    )


def gtin_only(norm: Normalised) -> Udi:
    """A UDI-DI alone from an EAN/UPC or ITF-14 symbol (no production identifiers)."""
    text = norm.text
    if not text.isdigit() or len(text) not in (8, 12, 13, 14):
        raise _fail(
            f"an EAN/UPC/ITF symbol carries 8, 12, 13 or 14 digits, not '{text}'",
            norm,
            0,
            "element-length",
        )
    try:
        gtin = Gtin.parse(text, config=CONFIG)
    except biip.ParseError as exc:
        raise _fail(
            f"GTIN check digit is wrong: {exc}", norm, len(text) - 1, "check-digit"
        ) from None
    di = gtin.as_gtin_14()
    return Udi(agency="GS1", di=di, hrf=f"(01){di}")


_SWALLOWED = re.compile(r"(11|17)(\d{6})$")


def swallowed(element: GS1ElementString) -> str | None:
    """A warning when a variable-length value ends like a date element that lost its separator.

    ``10ABC17251231`` is a valid lot ``ABC17251231``; it is also what a label with a lot ``ABC``
    and an expiry (17)251231 gives when the GS after the lot was dropped. Such a value is kept,
    with a warning to compare it with the printed text.
    """
    match = _SWALLOWED.search(element.value)
    if match is None or match.start() == 0 or date_problem(match.group(2)) is not None:
        return None
    return (
        f"AI ({element.ai.ai}) value '{element.value}' ends with ({match.group(1)}){match.group(2)}: "
        f"if the label prints {element.ai.data_title.lower()} '{element.value[: match.start()]}' "
        "and that date, the separator after it was lost; compare with the printed text"
    )
