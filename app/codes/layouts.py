"""National keyboard layouts: what a keyboard-wedge scanner's keys become on the PC.

A wedge scanner sends key positions, not characters; the PC turns them into characters with its
own keyboard layout. A scanner set to a US layout on a German PC sends ``Z`` for ``Y`` and ``ß``
for ``-``; on a French (AZERTY) PC its digits arrive as ``&é"'(-è_çà``. Nothing in an arbitrary
scan says this happened, so the technician scans a known test label (:data:`TEST_LABEL`) and
:func:`diagnose_test_label` names both layouts; a failed scan at the station that reads correctly
once re-mapped (:func:`remapped`) is refused with the same message instead of being misread.

Layouts are given by key position (named by the key's character on a US keyboard) with their
unshifted and shifted characters; ``None`` is a dead key (it composes with the next key).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Keys = dict[str, tuple[str | None, str | None]]

_US_ROWS = ("`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./")
_US_SHIFT = ("~!@#$%^&*()_+", "QWERTYUIOP{}|", 'ASDFGHJKL:"', "ZXCVBNM<>?")


def _layout(rows: tuple[tuple[str, str], ...], dead: dict[str, tuple[bool, bool]]) -> Keys:
    keys: Keys = {}
    for (us_row, _us_shift), (plain, shifted) in zip(
        zip(_US_ROWS, _US_SHIFT, strict=True), rows, strict=True
    ):
        for i, position in enumerate(us_row):
            p = plain[i] if i < len(plain) else None
            s = shifted[i] if i < len(shifted) else None
            dead_plain, dead_shift = dead.get(position, (False, False))
            keys[position] = (None if dead_plain else p, None if dead_shift else s)
    return keys


LAYOUTS: dict[str, Keys] = {
    "us": _layout(tuple(zip(_US_ROWS, _US_SHIFT, strict=True)), {}),
    # German QWERTZ: Y/Z swapped, ß on the US minus key, dead ^ and ´/` keys.
    "de": _layout(
        (
            ("^1234567890ß´", '°!"§$%&/()=?`'),
            ("qwertzuiopü+#", "QWERTZUIOPÜ*'"),
            ("asdfghjklöä", "ASDFGHJKLÖÄ"),
            ("yxcvbnm,.-", "YXCVBNM;:_"),
        ),
        {"`": (True, False), "=": (True, True)},
    ),
    # French AZERTY: A/Q and Z/W swapped, M on the US semicolon key, digits shifted.
    "fr": _layout(
        (
            ("²&é\"'(-è_çà)=", "²1234567890°+"),
            ("azertyuiop^$*", "AZERTYUIOP¨£µ"),
            ("qsdfghjklmù", "QSDFGHJKLM%"),
            ("wxcvbn,;:!", "WXCVBN?./§"),
        ),
        {"[": (True, True)},
    ),
}

NAMES = {
    "us": "US English (QWERTY)",
    "de": "German (QWERTZ)",
    "fr": "French (AZERTY)",
}

#: The scanner test label: letters that move between QWERTY, QWERTZ and AZERTY, digits, and the
#: punctuation codes use. Print it as Code 128 (technician's scanner test sheet).
TEST_LABEL = "LINESIDE-TEST/AQWZYM-aqwzym.0123456789+_"


def _position(keys: Keys, char: str) -> tuple[str, int] | None:
    for position, chars in keys.items():
        for shift, c in enumerate(chars):
            if c == char:
                return position, shift
    return None


def typed_as(text: str, scanner: str, host: str) -> str | None:
    """What ``text`` becomes when a scanner set to layout ``scanner`` types it on a ``host`` PC.

    Characters outside both layouts (GS, Enter) pass unchanged; a key that is dead on the host
    is lost (it would compose with the next key). None when a character has no key.
    """
    s, h = LAYOUTS[scanner], LAYOUTS[host]
    out: list[str] = []
    for ch in text:
        if ch == " " or not ch.isprintable():
            out.append(ch)
            continue
        found = _position(s, ch)
        if found is None:
            return None
        got = h[found[0]][found[1]]
        out.append(got or "")
    return "".join(out)


def remapped(received: str, scanner: str, host: str) -> str | None:
    """What a ``scanner``-layout scanner meant when a ``host`` PC shows ``received``, or None."""
    s, h = LAYOUTS[scanner], LAYOUTS[host]
    out: list[str] = []
    for ch in received:
        if ch == " " or not ch.isprintable():
            out.append(ch)
            continue
        found = _position(h, ch)
        if found is None:
            return None
        meant = s[found[0]][found[1]]
        if meant is None:
            return None
        out.append(meant)
    return "".join(out)


@dataclass(frozen=True)
class Mismatch:
    """The scanner types one layout, the PC reads another."""

    scanner: str
    host: str

    @property
    def message(self) -> str:
        """What to do, in the words a technician needs."""
        return (
            f"keyboard layout mismatch: the scanner types a {NAMES[self.scanner]} layout but this "
            f"PC uses {NAMES[self.host]}. Set the scanner to {NAMES[self.host]} (scan the "
            f"'{NAMES[self.host]} keyboard' label in its configuration guide), or set the PC's "
            f"keyboard layout to {NAMES[self.scanner]}"
        )

    def as_content(self) -> dict[str, str]:
        """For the station settings and the journal."""
        return {"scanner": self.scanner, "host": self.host}


def pairs() -> list[tuple[str, str]]:
    """Every (scanner layout, PC layout) pair that differs."""
    return [(s, h) for s in LAYOUTS for h in LAYOUTS if s != h]


def diagnose_test_label(received: str) -> Mismatch | None:
    """The layouts that turn :data:`TEST_LABEL` into ``received``; None when it arrived intact.

    Raises:
        ValueError: ``received`` is neither the test label nor any layout's version of it.
    """
    if received == TEST_LABEL:
        return None
    for scanner, host in pairs():
        if typed_as(TEST_LABEL, scanner, host) == received:
            return Mismatch(scanner, host)
    raise ValueError(
        "this is not the scanner test label (or arrived damaged): scan the Lineside test label "
        f"{TEST_LABEL!r}"
    )


def diagnose_scan(received: str, reads: Callable[[str], bool]) -> Mismatch | None:
    """The layout mismatch that explains a scan the station could not read, if one does.

    Args:
        received: the scan as the PC read it.
        reads: whether the station reads a text (its interpretation succeeds).
    """
    for scanner, host in pairs():
        meant = remapped(received, scanner, host)
        if meant is not None and meant != received and reads(meant):
            return Mismatch(scanner, host)
    return None
