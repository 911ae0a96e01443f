"""UDI text typed or pasted as a label specification prints it: captions, one AI per line.

People copy a UDI from a label specification or a device record, not from the symbol::

    (01) 09506000134352          GTIN (01): 09506000134352       01 09506000134352
    (17) 271231                  EXP: 2027-12-31                 17 271231
    (10) A1B2C3                  LOT: A1B2C3                     10 A1B2C3

:func:`to_parentheses` turns such text into the one-line parentheses form the GS1 reader takes.
Only typed entry goes through it: a scanner never sends line breaks or captions inside a code.
"""

from __future__ import annotations

import re

#: Captions label specifications use, and the GS1 AI they stand for.
CAPTIONS: dict[str, str] = {
    "gtin": "01",
    "di": "01",
    "udi-di": "01",
    "device identifier": "01",
    "lot": "10",
    "batch": "10",
    "lot number": "10",
    "batch/lot": "10",
    "sn": "21",
    "serial": "21",
    "serial number": "21",
    "exp": "17",
    "expiry": "17",
    "expiry date": "17",
    "expiration date": "17",
    "use by": "17",
    "mfg": "11",
    "manufactured": "11",
    "production date": "11",
    "date of manufacture": "11",
}

_PAREN = re.compile(r"\((\d{2,4})\)\s*[:=]?\s*(.+)")
_BARE = re.compile(r"(\d{2,4})\s+(.+)")
_CAPTION = re.compile(
    r"([A-Za-z][A-Za-z /\-]*?)\s*(?:\((\d{2,4})\))?\s*[:=]\s*(.+)|([A-Za-z][A-Za-z /\-]*?)\s*\((\d{2,4})\)\s*(.+)"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def to_parentheses(text: str) -> str | None:
    """The parentheses form of captioned or one-AI-per-line text, or None when it is neither."""
    lines = [line.strip() for line in re.split(r"[\r\n;|]+", text) if line.strip()]
    if len(lines) < 2 and not any(c in text for c in ":="):
        return None
    out: list[str] = []
    for line in lines:
        pair = _line(line)
        if pair is None:
            return None
        ai, value = pair
        value = value.strip()
        if ai in ("11", "17") and (m := _ISO_DATE.fullmatch(value)):
            value = m.group(1)[2:] + m.group(2) + m.group(3)
        out.append(f"({ai}){value}")
    return "".join(out)


def _line(line: str) -> tuple[str, str] | None:
    if m := _PAREN.fullmatch(line):
        return m.group(1), m.group(2)
    if m := _CAPTION.fullmatch(line):
        caption = (m.group(1) or m.group(4) or "").strip().lower()
        ai = m.group(2) or m.group(5) or CAPTIONS.get(caption)
        value = m.group(3) or m.group(6)
        if ai is None or value is None:
            return None
        return ai, value
    if m := _BARE.fullmatch(line):
        return m.group(1), m.group(2)
    return None
