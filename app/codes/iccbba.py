"""ICCBBA (ISBT 128) UDIs: the data structures the FDA lists for ICCBBA-issued UDIs.

Each ISBT 128 data structure starts with a two- or three-character data identifier (first character
``=`` or ``&``) and has a fixed length, so concatenated structures split without separators:

``=/`` PPIC, the UDI-DI (16)          ``=,`` serial number (6)           ``=`` DIN, the donation id (15)
``=>`` expiry cyyjjj (6)               ``=}`` manufactured cyyjjj (6)      ``&,1`` MPHO lot number (18)
``&>`` expiry cyyjjjhhmm (10)          ``&}`` manufactured cyyjjjhhmm (10)
``=)`` blood container DI (10)         ``&)`` blood container lot (10)     ``=+`` compound message (5)

Any other ISBT 128 data identifier is refused as "recognised as ISBT 128, not supported".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.codes.scan import CodeError, Udi
from app.codes.separators import Normalised

ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
DIGITS = frozenset("0123456789")
DIN_FIRST = frozenset("ABCDEFGHIJKLMNPQRSTUVWXYZ123456789")  # ISBT 128: O and 0 are not used


@dataclass(frozen=True)
class Structure:
    """One supported ISBT 128 data structure."""

    identifier: str
    number: str
    name: str
    length: int
    charset: frozenset[str]
    field: str

    @property
    def title(self) -> str:
        """The name with its data structure number when it has one, e.g. ``expiration date [004]``."""
        return f"{self.name} [{self.number}]" if self.number else self.name


STRUCTURES: tuple[Structure, ...] = (
    Structure("&,1", "", "MPHO lot number", 18, ALNUM, "lot"),
    Structure("=/", "034", "processor product identification code (PPIC)", 16, ALNUM, "di"),
    Structure("=,", "", "serial number", 6, ALNUM, "serial"),
    Structure("=>", "004", "expiration date", 6, DIGITS, "expiry"),
    Structure("&>", "005", "expiration date and time", 10, DIGITS, "expiry"),
    Structure("=}", "008", "production date", 6, DIGITS, "manufactured"),
    Structure("&}", "009", "production date and time", 10, DIGITS, "manufactured"),
    Structure("=)", "021", "container manufacturer and catalogue number", 10, ALNUM, "di"),
    Structure("&)", "022", "container lot number", 10, ALNUM, "lot"),
    Structure("=+", "023", "compound message", 5, DIGITS, "compound"),
)


def _fail(message: str, norm: Normalised, index: int, rule: str) -> CodeError:
    position = norm.at(index)
    return CodeError(f"{message} (character {position + 1})", position=position, rule=rule)


def looks_like(text: str) -> bool:
    """ISBT 128 data starts with a data identifier: ``=`` or ``&`` and a second character."""
    return len(text) >= 2 and text[0] in "=&"


def parse(norm: Normalised) -> Udi:
    """An ICCBBA UDI from concatenated ISBT 128 data structures (spaces between them allowed).

    Raises:
        CodeError: an unsupported structure, a wrong length or character, an impossible date, no DI.
    """
    text = norm.text
    fields: dict[str, str] = {}
    dates: dict[str, date] = {}
    other: dict[str, str] = {}
    i = 0
    n = len(text)
    while i < n:
        if text[i] == " ":
            i += 1
            continue
        structure = _identify(text, i)
        if structure is None:
            if text[i] == "=" and i + 1 < n and text[i + 1] in DIN_FIRST:
                structure = Structure(
                    "=", "001", "donation identification number (DIN)", 15, ALNUM, "din"
                )
                start = i + 1
            else:
                ident = text[i : i + 2]
                if text[i] not in "=&":
                    raise _fail(
                        f"ISBT 128 data structures start with '=' or '&', not {text[i]!r}",
                        norm,
                        i,
                        "isbt-identifier",
                    )
                raise _fail(
                    f"recognised as ISBT 128 (data identifier {ident!r}), but that data structure is "
                    "not supported: a UDI uses =/ PPIC, =, serial, = DIN, => &> expiry, =} &} production "
                    "date, &,1 lot, =) &) blood containers",
                    norm,
                    i,
                    "isbt-unsupported",
                )
        else:
            start = i + len(structure.identifier)
        value = text[start : start + structure.length]
        for k, ch in enumerate(value):
            if ch not in structure.charset:
                raise _fail(
                    f"{ch!r} is not allowed in the ISBT 128 {structure.title}",
                    norm,
                    start + k,
                    "character-set",
                )
        if len(value) < structure.length:
            raise _fail(
                f"the ISBT 128 {structure.title} has {structure.length} characters, "
                f"the data ends after {len(value)}",
                norm,
                start + len(value),
                "element-length",
            )
        if structure.field in fields or structure.field in dates:
            raise _fail(f"a second {structure.field} in one ISBT 128 message", norm, i, "duplicate")
        if structure.field in ("expiry", "manufactured"):
            dates[structure.field] = _date(norm, start, value, structure)
            if len(value) == 10:
                other[f"{structure.field}_time"] = f"{value[6:8]}:{value[8:10]}"
        elif structure.field == "compound":
            other["compound"] = value
        else:
            fields[structure.field] = value
        i = start + structure.length
    if "di" not in fields:
        raise _fail(
            "ISBT 128 data without a UDI-DI (=/ PPIC or =) container code): a linear ISBT 128 "
            "label carries one data structure per symbol; scan the PPIC, or the 2-D symbol that "
            "carries the whole UDI",
            norm,
            0,
            "isbt-no-di",
        )
    if "din" in fields:
        other["din"] = fields["din"]
    compact = "".join(text.split())
    return Udi(
        agency="ICCBBA",
        di=fields["di"],
        lot=fields.get("lot"),
        serial=fields.get("serial"),
        expiry=dates.get("expiry"),
        manufactured=dates.get("manufactured"),
        other=other,
        hrf=compact,
    )


def _identify(text: str, i: int) -> Structure | None:
    for structure in STRUCTURES:
        if text.startswith(structure.identifier, i):
            return structure
    return None


def _date(norm: Normalised, start: int, value: str, structure: Structure) -> date:
    """ISBT 128 ``cyyjjj``: c the century digit (0 = 2000s, 9 = 1900s), yy the year, jjj the day."""
    century = int(value[0])
    year = (1900 if century == 9 else 2000 + 100 * century) + int(value[1:3])
    day = int(value[3:6])
    last = 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365
    if not 1 <= day <= last:
        raise _fail(
            f"the ISBT 128 {structure.name} has day {day:03d} of {year}, which does not exist",
            norm,
            start + 3,
            "invalid-date",
        )
    if len(value) == 10 and (int(value[6:8]) > 23 or int(value[8:10]) > 59):
        raise _fail(
            f"the ISBT 128 {structure.name} has time {value[6:10]}", norm, start + 6, "invalid-date"
        )
    return date(year, 1, 1) + timedelta(days=day - 1)
