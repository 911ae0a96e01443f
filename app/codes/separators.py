"""Separators as real scanners send them, turned into the one GS the parsers read.

A GS1 element string that is not the last ends with FNC1, which a scanner transmits as the ASCII
group separator GS (0x1D). Keyboard-wedge scanners and people typing deliver it in odd ways: as the
real character, as Ctrl+] (the same byte, or the caret notation ``^]`` when a terminal echoes it),
written out as ``\\x1d`` or ``<GS>``, as the visible symbol ``␝``, as RS (0x1E) instead of GS, or as a
visible character the scanner is configured to substitute (``~``, ``|`` …). Some scanners wrap the
data in an ISO/IEC 15434 envelope ``[)>`` RS ``05``/``06`` GS … RS EOT.

:func:`normalise` turns all of these into GS and keeps, for every character of the result, its
index in the text as received, so errors can name the position the operator sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GS = "\x1d"
RS = "\x1e"
EOT = "\x04"

# Written-out forms, longest first so that ``<GS>`` is not read as ``<`` ``GS`` ``>``.
WRITTEN: tuple[tuple[str, str], ...] = (
    ("\\x1d", GS),
    ("\\x1D", GS),
    ("\\u001d", GS),
    ("\\u001D", GS),
    ("<GS>", GS),
    ("<gs>", GS),
    ("{GS}", GS),
    ("[GS]", GS),
    ("<FNC1>", GS),
    ("^]", GS),
    ("\u241d", GS),  # ␝ SYMBOL FOR GROUP SEPARATOR
    ("\\x1e", RS),
    ("\\x1E", RS),
    ("<RS>", RS),
    ("<rs>", RS),
    ("^^", RS),
    ("\u241e", RS),  # ␞
    ("\\x04", EOT),
    ("<EOT>", EOT),
    ("<eot>", EOT),
    ("^D", EOT),
    ("\u2404", EOT),  # ␄
)

_TRIGGERS = "".join(sorted({w[0] for w, _ in WRITTEN}))

ENVELOPE_HEADER = "[)>" + RS
ENVELOPE_FORMATS = {
    "05": "GS1 application identifiers",
    "06": "ASC MH10 data identifiers",
}


@dataclass(frozen=True)
class Separators:
    """How one scanner delivers separators: station configuration, one per scanner.

    Attributes:
        substitute: a visible character the scanner sends instead of GS (``None``: none).
            It must not be a character that occurs in the station's codes.
        rs_as_gs: RS outside an ISO/IEC 15434 envelope means GS (scanners that map FNC1 to RS).
        written_out: accept ``\\x1d``, ``<GS>``, ``^]`` and the like (typed or pasted text).
        strict: refuse a leading, trailing or doubled GS instead of reading through it and
            recording the oddity with the scan.
    """

    substitute: str | None = None
    rs_as_gs: bool = True
    written_out: bool = True
    strict: bool = False

    def __post_init__(self) -> None:
        if self.substitute is not None and len(self.substitute) != 1:
            raise ValueError(
                f"the substituted separator must be exactly one character, got {self.substitute!r}"
            )
        if self.substitute is not None and (
            self.substitute.isalnum() or self.substitute in "+$/=&"
        ):
            raise ValueError(
                f"{self.substitute!r} occurs in UDIs and lots; choose a character that does not "
                "(for example ~ or |) as the scanner's separator substitute"
            )

    @classmethod
    def from_settings(cls, settings: dict[str, object]) -> Separators:
        """Reads a scanner's separator settings (``gs_substitute``, ``rs_as_gs``, ``written_out``)."""
        substitute = settings.get("gs_substitute")
        return cls(
            substitute=None if substitute in (None, "") else str(substitute),
            rs_as_gs=bool(settings.get("rs_as_gs", True)),
            written_out=bool(settings.get("written_out", True)),
            strict=bool(settings.get("strict_separators", False)),
        )


@dataclass(frozen=True)
class Normalised:
    """Scanned text with every separator form replaced by GS, and where each character came from.

    Attributes:
        text: the normalised text.
        origin: for each character of ``text``, its index in the text as received.
        envelope: the ISO/IEC 15434 format (``"05"``, ``"06"``) when the scan was enveloped.
    """

    text: str
    origin: tuple[int, ...] = field(repr=False)
    envelope: str | None = None

    def at(self, index: int) -> int:
        """The index in the received text of normalised character ``index`` (end maps past the end)."""
        if not self.origin:
            return 0
        if index < len(self.origin):
            return self.origin[max(index, 0)]
        return self.origin[-1] + 1

    def tail(self, start: int) -> Normalised:
        """The text from ``start`` on, origins kept."""
        return Normalised(self.text[start:], self.origin[start:], self.envelope)

    def head(self, end: int) -> Normalised:
        """The text up to ``end``, origins kept."""
        return Normalised(self.text[:end], self.origin[:end], self.envelope)


def replace_forms(text: str, config: Separators) -> Normalised:
    """Replaces written-out and substituted separators by the real characters."""
    triggers = _TRIGGERS if config.written_out else ""
    if config.substitute is not None:
        triggers += config.substitute
    if not any(t in text for t in triggers):  # the common case: nothing to replace
        return Normalised(text, tuple(range(len(text))))
    out: list[str] = []
    origin: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if config.written_out and ch in _TRIGGERS:
            for written, real in WRITTEN:
                if text.startswith(written, i):
                    out.append(real)
                    origin.append(i)
                    i += len(written)
                    break
            else:
                out.append(ch)
                origin.append(i)
                i += 1
            continue
        if config.substitute is not None and ch == config.substitute:
            ch = GS
        out.append(ch)
        origin.append(i)
        i += 1
    return Normalised("".join(out), tuple(origin))


def unwrap_envelope(norm: Normalised) -> Normalised:
    """Removes an ISO/IEC 15434 ``[)>`` RS ``nn`` GS … RS EOT envelope and records its format.

    Raises:
        ValueError: an envelope that is opened but malformed; the message says how.
    """
    text = norm.text
    if not text.startswith(ENVELOPE_HEADER):
        return norm
    fmt = text[4:6]
    if fmt not in ENVELOPE_FORMATS:
        raise ValueError(
            f"ISO/IEC 15434 envelope with format {fmt!r}: only formats 05 "
            "(GS1 application identifiers) and 06 (ASC MH10 data identifiers) are read"
        )
    if text[6:7] != GS:
        raise ValueError(
            f"ISO/IEC 15434 envelope format {fmt} must be followed by GS at character 7"
        )
    end = len(text)
    if text.endswith(RS + EOT):
        end -= 2
    elif text.endswith((EOT, RS)):
        end -= 1
    inner = Normalised(text[7:end], norm.origin[7:end], fmt)
    if RS in inner.text:
        raise ValueError(
            "ISO/IEC 15434 envelope with more than one format segment: scan one UDI at a time"
        )
    return inner


def normalise(text: str, config: Separators | None = None) -> Normalised:
    """Every separator form in ``text`` as GS, the envelope removed, origins kept.

    Raises:
        ValueError: a malformed ISO/IEC 15434 envelope.
    """
    config = config or Separators()
    norm = replace_forms(text, config)
    return finish(norm, config)


def finish(norm: Normalised, config: Separators) -> Normalised:
    """Unwraps the envelope, then maps RS outside it to GS when the scanner does that."""
    norm = unwrap_envelope(norm)
    if config.rs_as_gs and RS in norm.text:
        norm = Normalised(norm.text.replace(RS, GS), norm.origin, norm.envelope)
    return norm


def tidy_gs(norm: Normalised) -> tuple[Normalised, tuple[str, ...]]:
    """Drops a leading or trailing GS and the second of a doubled GS, saying what it dropped.

    Common scanner settings send the symbol's leading FNC1 as GS, or end every scan with one;
    the reading is unambiguous without them. Positions in the oddities are 1-based in the text
    as received.
    """
    text = norm.text
    if GS not in text:
        return norm, ()
    keep: list[int] = []
    oddities: list[str] = []
    for i, ch in enumerate(text):
        if ch == GS:
            if not keep:
                oddities.append(f"leading GS at character {norm.at(i) + 1}")
                continue
            if i + 1 == len(text):
                oddities.append(f"trailing GS at character {norm.at(i) + 1}")
                continue
            if text[keep[-1]] == GS:
                oddities.append(f"doubled GS at character {norm.at(i) + 1}")
                continue
        keep.append(i)
    if not oddities:
        return norm, ()
    tidy = Normalised(
        "".join(text[i] for i in keep), tuple(norm.origin[i] for i in keep), norm.envelope
    )
    return tidy, tuple(oddities)
