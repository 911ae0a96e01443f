"""HIBCC UDIs: HIBC LIC primary, secondary and concatenated data structures with the Mod 43 check.

Primary:       ``+`` LIC(4) PCN(1–18) U/M(1) C                    the UDI-DI is LIC+PCN+U/M
Secondary:     ``+`` data L C                                     L = the primary's check character
Concatenated:  ``+`` LIC PCN U/M ``/`` data C                     no link character

Secondary data (HIBC LIC 2.6; FDA "UDI formats by FDA-accredited issuing agency"):
``YYJJJ`` lot (old form), ``$`` lot, ``$+`` serial, ``$$`` [``+``] [``8``QQ | ``9``QQQQQ] date-form
lot-or-serial, where the date form is ``MMYY`` (first digit 0/1), ``2`` MMDDYY, ``3`` YYMMDD,
``4`` YYMMDDHH, ``5`` YYJJJ, ``6`` YYJJJHH or ``7`` (no date); then supplemental fields
``/S`` serial, ``/14D`` expiry YYYYMMDD, ``/16D`` manufactured YYYYMMDD, ``/Q`` quantity (HIBC 2.6).

Several linear symbols read in one scan (a scanner concatenating the primary and the secondary
bar code, ``+A99912349Z+$$…L C``) are split where a symbol's own check character closes it; each
check character is verified on its own and the secondary's link character against the primary.
"""

from __future__ import annotations

import calendar
import itertools
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from app.codes.scan import CodeError, Udi
from app.codes.separators import Normalised

MOD43 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"
VALUE = {c: i for i, c in enumerate(MOD43)}
ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
MAX_FIELD = 18


@dataclass
class Fields:
    """The production identifiers of secondary data."""

    lot: str | None = None
    serial: str | None = None
    expiry: date | None = None
    manufactured: date | None = None
    other: dict[str, str] = field(default_factory=dict)

    def udi(self, di: str, hrf: str, extra: dict[str, str] | None = None) -> Udi:
        """The UDI with these fields."""
        return Udi(
            agency="HIBCC",
            di=di,
            lot=self.lot,
            serial=self.serial,
            expiry=self.expiry,
            manufactured=self.manufactured,
            other={**self.other, **(extra or {})},
            hrf=hrf,
        )


def check_character(data: str) -> str:
    """The HIBC Mod 43 check character of ``data`` (leading ``+`` included)."""
    return MOD43[sum(VALUE[c] for c in data) % 43]


def _fail(message: str, norm: Normalised, index: int, rule: str) -> CodeError:
    position = norm.at(index)
    return CodeError(f"{message} (character {position + 1})", position=position, rule=rule)


def parse(norm: Normalised) -> Udi:
    """A HIBCC UDI from text starting with ``+``: one symbol, or several read in one scan.

    Raises:
        CodeError: a broken HIBC rule, with its position.
    """
    parts = split_symbols(norm)
    if len(parts) == 1:
        return parse_symbol(norm)
    udis = [parse_symbol(part) for part in parts]
    primary, secondaries = udis[0], udis[1:]
    if primary.other.get("hibc") != "primary":
        raise _fail(
            "several HIBC symbols in one scan start with the primary (the labeler code)",
            norm,
            0,
            "hibc-pair",
        )
    combined = primary
    for part, secondary in zip(parts[1:], secondaries, strict=True):
        if secondary.other.get("hibc") != "secondary":
            raise _fail(
                "after the primary come secondary symbols ($, $$, $+ or a Julian date)",
                part,
                0,
                "hibc-pair",
            )
        try:
            merged = combine(primary, secondary)
        except CodeError as exc:
            raise _fail(exc.message, part, len(part.text) - 2, exc.rule) from None
        if combined is primary:
            combined = merged
        else:
            combined = replace(
                combined,
                lot=combined.lot or merged.lot,
                serial=combined.serial or merged.serial,
                expiry=combined.expiry or merged.expiry,
                manufactured=combined.manufactured or merged.manufactured,
                other={**merged.other, **combined.other},
                hrf=f"{combined.hrf} {secondary.hrf}",
            )
    return replace(combined, other={**combined.other, "hibc_symbols": str(len(parts))})


def split_symbols(norm: Normalised) -> list[Normalised]:
    """The linear HIBC symbols in one scan: split before a ``+`` that starts a secondary where
    the text before it closes with its own valid check character."""
    text = norm.text
    cuts = [0]
    for i in range(1, len(text) - 1):
        if text[i] != "+" or text[i + 1] not in "$0123456789":
            continue
        if text[cuts[-1] : i].endswith(("$$", "$")):
            continue  # $$+ / $+ flag a serial inside the secondary
        piece = text[cuts[-1] : i]
        valid = len(piece) > 2 and all(c in VALUE for c in piece)
        if valid and check_character(piece[:-1]) == piece[-1]:
            cuts.append(i)
    cuts.append(len(text))
    return [
        Normalised(text[a:b], norm.origin[a:b], norm.envelope) for a, b in itertools.pairwise(cuts)
    ]


def parse_symbol(norm: Normalised) -> Udi:
    """A HIBCC UDI (or one half of it) from one symbol's text starting with ``+``.

    A primary alone gives a UDI without PI, ``other['hibc'] = 'primary'``; a secondary alone gives
    a UDI with an empty DI, ``other['hibc'] = 'secondary'`` and ``other['link']``: pair them with
    :func:`combine`.

    Raises:
        CodeError: a broken HIBC rule, with its position.
    """
    text = norm.text
    if len(text) > 2 and text[0] == "*" and text[-1] == "*":  # the HRI's Code 39 start/stop stars
        norm = Normalised(text[1:-1], norm.origin[1:-1], norm.envelope)
        text = norm.text
    if not text.startswith("+"):
        raise _fail("a HIBC code starts with '+'", norm, 0, "hibc-flag")
    for i, ch in enumerate(text):
        if ch not in VALUE:
            shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
            raise _fail(
                f"{shown} is not in the HIBC character set (0-9, A-Z, - . space $ / + %)",
                norm,
                i,
                "character-set",
            )
    if len(text) < 3:
        raise _fail("a HIBC code this short has no data", norm, len(text), "element-length")
    data, check = text[:-1], text[-1]
    expected = check_character(data)
    if check != expected:
        raise _fail(
            f"HIBC check character is '{check}', the Mod 43 of the data gives '{expected}'",
            norm,
            len(text) - 1,
            "check-character",
        )
    if text[1] == "$" or text[1].isdigit():
        return _secondary_alone(norm, data, check)
    slash = data.find("/")
    if slash < 0:
        di = _primary(norm, data)
        return Udi(agency="HIBCC", di=di, other={"hibc": "primary", "check": check}, hrf=text)
    di = _primary(norm, data[:slash])
    fields = _secondary(norm, slash + 1, len(data))
    return fields.udi(di, text)


def _primary(norm: Normalised, data: str) -> str:
    body = data[1:]
    if len(body) < 6:
        raise _fail(
            "a HIBC primary needs a 4-character labeler code, a product number and a unit-of-measure digit",
            norm,
            len(data),
            "element-length",
        )
    if not body[0].isalpha():
        raise _fail("the labeler identification code starts with a letter", norm, 1, "hibc-lic")
    for i, ch in enumerate(body[:-1], start=1):
        if ch not in ALNUM:
            raise _fail(
                f"{ch!r} is not allowed in the labeler code or product number (A-Z, 0-9)",
                norm,
                i,
                "character-set",
            )
    pcn = body[4:-1]
    if len(pcn) > MAX_FIELD:
        raise _fail(
            f"the product or catalogue number has {len(pcn)} characters, at most {MAX_FIELD}",
            norm,
            5 + MAX_FIELD,
            "element-length",
        )
    if not body[-1].isdigit():
        raise _fail("the unit of measure is one digit", norm, len(data) - 1, "hibc-uom")
    return body


def _secondary_alone(norm: Normalised, data: str, check: str) -> Udi:
    if len(data) < 3:
        raise _fail(
            "a HIBC secondary ends with the link character and the check character",
            norm,
            len(data),
            "element-length",
        )
    link = data[-1]
    fields = _secondary(norm, 1, len(data) - 1)
    return fields.udi("", norm.text, {"hibc": "secondary", "link": link})


def _secondary(norm: Normalised, start: int, end: int) -> Fields:
    """Fields of secondary data ``norm.text[start:end]`` (no flag, link or check character)."""
    text = norm.text
    lot: str | None = None
    serial: str | None = None
    expiry: date | None = None
    manufactured: date | None = None
    other: dict[str, str] = {}
    i = start
    if i >= end:
        raise _fail("the HIBC secondary data is empty", norm, i, "element-length")
    if text[i].isdigit():  # old form: YYJJJ then lot
        expiry, _ = _date(norm, i, "5", end)
        i += 5
        value, i = _field(norm, i, end)
        lot = value or None
        other["expiry_format"] = "YYJJJ"
    elif text.startswith("$$", i):
        i += 2
        is_serial = text.startswith("+", i)
        if is_serial:
            i += 1
        if i < end and text[i] in "89":
            width = 2 if text[i] == "8" else 5
            quantity = text[i + 1 : i + 1 + width]
            if len(quantity) != width or not quantity.isdigit() or i + 1 + width > end:
                raise _fail(
                    f"quantity flag {text[i]} is followed by {width} digits",
                    norm,
                    i + 1,
                    "hibc-quantity",
                )
            other["quantity"] = str(int(quantity))
            i += 1 + width
        if i < end and text[i] != "/":
            form = text[i]
            if form in "01":
                expiry, size = _date(norm, i, "MMYY", end)
                other["expiry_format"] = "MMYY"
                i += size
            elif form in "23456":
                expiry, size = _date(norm, i + 1, form, end)
                other["expiry_format"] = {
                    "2": "MMDDYY",
                    "3": "YYMMDD",
                    "4": "YYMMDDHH",
                    "5": "YYJJJ",
                    "6": "YYJJJHH",
                }[form]
                if form in "46":
                    other["expiry_hour"] = text[i + 1 + size - 2 : i + 1 + size]
                i += 1 + size
            elif form == "7":
                i += 1
            else:
                raise _fail(
                    f"after $$ comes a date form (0/1 MMYY, 2-6) or 7 (no date), not {form!r}",
                    norm,
                    i,
                    "hibc-date-form",
                )
            value, i = _field(norm, i, end)
            if is_serial:
                serial = value or None
            else:
                lot = value or None
    elif text.startswith("$+", i):
        value, i = _field(norm, i + 2, end)
        serial = value or None
    elif text.startswith("$", i):
        value, i = _field(norm, i + 1, end)
        lot = value or None
    else:
        raise _fail(
            "HIBC secondary data starts with $, $$, $+ or a 5-digit Julian date",
            norm,
            i,
            "hibc-secondary",
        )
    while i < end:
        if text[i] != "/":
            raise _fail("expected '/' before a supplemental field", norm, i, "hibc-supplemental")
        i += 1
        if text.startswith("S", i):
            value, i = _field(norm, i + 1, end)
            if serial is not None:
                raise _fail("a second serial number", norm, i, "hibc-supplemental")
            serial = value
        elif text.startswith("Q", i):
            digits, i = _field(norm, i + 1, end)
            if not digits.isdigit() or len(digits) > 5:
                raise _fail(
                    "/Q is followed by a quantity of 1 to 5 digits",
                    norm,
                    i - len(digits),
                    "hibc-quantity",
                )
            other["quantity"] = str(int(digits))
        elif text.startswith(("14D", "16D"), i):
            digits = text[i + 3 : i + 11]
            if len(digits) != 8 or not digits.isdigit() or i + 11 > end:
                raise _fail(
                    f"/{text[i : i + 3]} is followed by a date YYYYMMDD",
                    norm,
                    i + 3,
                    "invalid-date",
                )
            try:
                value_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
            except ValueError:
                raise _fail(
                    f"/{text[i : i + 3]} date {digits} does not exist", norm, i + 3, "invalid-date"
                ) from None
            if text.startswith("14D", i):
                expiry = value_date
            else:
                manufactured = value_date
            i += 11
        else:
            code = text[i : i + 3]
            raise _fail(
                f"'/{code}' is not a HIBC supplemental field (/S serial, /14D expiry, "
                "/16D manufactured, /Q quantity)",
                norm,
                i,
                "hibc-supplemental",
            )
    return Fields(lot, serial, expiry, manufactured, other)


def _field(norm: Normalised, i: int, end: int) -> tuple[str, int]:
    """An alphanumeric lot or serial up to the next ``/`` or the end."""
    text = norm.text
    stop = text.find("/", i, end)
    if stop < 0:
        stop = end
    value = text[i:stop]
    for k, ch in enumerate(value):
        if ch not in ALNUM:
            raise _fail(
                f"{ch!r} is not allowed in a HIBC lot or serial (A-Z, 0-9)",
                norm,
                i + k,
                "character-set",
            )
    if len(value) > MAX_FIELD:
        raise _fail(
            f"lot or serial of {len(value)} characters, at most {MAX_FIELD}",
            norm,
            i + MAX_FIELD,
            "element-length",
        )
    return value, stop


SIZES = {"MMYY": 4, "2": 6, "3": 6, "4": 8, "5": 5, "6": 7}


def _date(norm: Normalised, i: int, form: str, end: int) -> tuple[date, int]:
    """The expiry date of a secondary date form starting at ``i``, and its length."""
    size = SIZES[form]
    digits = norm.text[i : i + size]
    if len(digits) != size or not digits.isdigit() or i + size > end:
        raise _fail(f"expected a {size}-digit date", norm, i, "invalid-date")
    try:
        if form == "MMYY":
            year, month = 2000 + int(digits[2:4]), int(digits[0:2])
            return date(year, month, calendar.monthrange(year, month)[1]), size
        if form == "2":
            return date(2000 + int(digits[4:6]), int(digits[0:2]), int(digits[2:4])), size
        if form in "34":
            if form == "4" and int(digits[6:8]) > 23:
                raise ValueError("hour")
            return date(2000 + int(digits[0:2]), int(digits[2:4]), int(digits[4:6])), size
        year, day = 2000 + int(digits[0:2]), int(digits[2:5])
        if form == "6" and int(digits[5:7]) > 23:
            raise ValueError("hour")
        if not 1 <= day <= (366 if calendar.isleap(year) else 365):
            raise ValueError("day")
        return date(year, 1, 1) + timedelta(days=day - 1), size
    except (ValueError, calendar.IllegalMonthError):
        raise _fail(f"date '{digits}' does not exist", norm, i, "invalid-date") from None


def combine(primary: Udi, secondary: Udi) -> Udi:
    """One UDI from a HIBC primary and its separately scanned secondary.

    Raises:
        CodeError: the secondary's link character is not the primary's check character.
    """
    if primary.other.get("hibc") != "primary" or secondary.other.get("hibc") != "secondary":
        raise CodeError("pair a HIBC primary with a HIBC secondary", rule="hibc-pair")
    if secondary.other["link"] != primary.other["check"]:
        raise CodeError(
            f"the secondary's link character '{secondary.other['link']}' is not the primary's check "
            f"character '{primary.other['check']}': the two labels belong to different products",
            rule="link-character",
        )
    other = {k: v for k, v in secondary.other.items() if k not in ("hibc", "link")}
    return replace(
        secondary,
        di=primary.di,
        other=other,
        hrf=f"{primary.hrf} {secondary.hrf}",
    )
