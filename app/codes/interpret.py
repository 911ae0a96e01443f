"""The one entry point that turns scanned text into a typed :class:`Scan`.

The steps, each in its own module: separators as scanners send them (:mod:`app.codes.separators`),
the AIM symbology identifier (:mod:`app.codes.symbology`), supplier reel labels with ANSI MH10.8.2
data identifiers (:mod:`app.codes.mh10`), the station's plain formats (:mod:`app.codes.formats`),
then the issuing agency's structure: GS1 (:mod:`app.codes.gs1`, through
biip), HIBCC (:mod:`app.codes.hibcc`) or ICCBBA (:mod:`app.codes.iccbba`).
"""

from __future__ import annotations

from dataclasses import replace

from app.codes import gs1, hibcc, iccbba, mh10, symbology, typed_hri
from app.codes.formats import CodeFormats
from app.codes.scan import CodeError, Scan, ScanKind, Udi
from app.codes.separators import GS, Normalised, Separators, finish, replace_forms, tidy_gs
from app.codes.symbology import Symbology
from app.domain.entry import EntryMethod

__all__ = ["GS", "interpret"]


def interpret(
    text: str,
    entry: EntryMethod,
    formats: CodeFormats | None = None,
    *,
    separators: Separators | None = None,
    enforce_entry: bool = False,
    allow_partial: bool = False,
) -> Scan:
    """Interprets one scan.

    Args:
        text: the scanned text as received, separators included.
        entry: how it entered the station.
        formats: the station's plain-code formats.
        separators: how the scanner that sent ``text`` delivers separators.
        enforce_entry: refuse typed UDIs and lots here when ``formats.forbid_typed`` (the capture
            session checks that itself with its own rule; the default leaves it to the caller).
        allow_partial: accept a HIBC secondary label alone (UDI with an empty DI, to be paired
            with its primary through :func:`app.codes.hibcc.combine`).

    Returns:
        The typed scan.

    Raises:
        CodeError: the text is not a code this station understands; the message says why and,
            where it can, at which character (``position`` is 0-based in ``text``).
    """
    formats = formats or CodeFormats()
    separators = separators or Separators()
    if entry is EntryMethod.TYPED:
        written = typed_hri.to_parentheses(text.strip())
        if written is not None and written != text.strip():
            scan = interpret(
                written,
                entry,
                formats,
                separators=separators,
                enforce_entry=enforce_entry,
                allow_partial=allow_partial,
            )
            note = f"typed as captioned or multi-line text, read as {written}"
            return replace(scan, text=text, oddities=(*scan.oddities, note))
    lead = len(text) - len(text.lstrip("\r\n"))
    cleaned = text.strip("\r\n")
    if not cleaned.strip():
        raise CodeError("the scan was empty: scan the label again", position=0, rule="empty")
    norm = replace_forms(cleaned, separators)
    if lead:
        norm = Normalised(norm.text, tuple(i + lead for i in norm.origin))
    sym = symbology.read(norm.text)
    if sym is not None:
        norm = norm.tail(len(sym.identifier))
        if not norm.text:
            raise CodeError(
                f"the scan holds only the symbology identifier {sym.identifier}: scan the label again",
                position=norm.at(0),
                rule="empty",
            )
    if (sym is None or not sym.gs1) and mh10.looks_like(norm.text):
        label = mh10.parse(norm, strict=separators.strict)
        value = label.lot or label.package_id or label.manufacturer_part or ""
        return Scan(
            kind=ScanKind.SUPPLIER_LABEL,
            value=value,
            text=text,
            entry=entry,
            symbology=None if sym is None else sym.identifier,
            supplier_label=label,
            oddities=label.oddities,
        )
    try:
        norm = finish(norm, separators)
    except ValueError as exc:
        raise CodeError(str(exc), position=norm.at(0), rule="envelope") from None
    oddities: tuple[str, ...] = ()
    if not separators.strict and not norm.text.startswith("(") and "://" not in norm.text:
        norm, oddities = tidy_gs(norm)  # unambiguous without them; recorded with the scan
        if not norm.text:
            raise CodeError("the scan held only separators: scan the label again", position=0)
    body = norm.text
    identifier = None if sym is None else sym.identifier
    if (sym is None or not sym.gs1) and norm.envelope is None:
        kind = formats.classify(body)
        if kind is not None:
            scan = Scan(kind=kind, value=body, text=text, entry=entry, symbology=identifier)
            _check_entry(scan, formats, enforce_entry)
            return scan
    udi = _udi(norm, sym)
    if udi.other.get("hibc") == "secondary" and not allow_partial:
        raise CodeError(
            "this is a HIBC secondary label (lot/serial/expiry) without its primary (the device "
            "identifier): scan the primary label, or the combined label",
            position=norm.at(0),
            rule="hibc-secondary-alone",
        )
    refused = formats.agency_refusal(udi.agency)
    if refused:
        raise CodeError(refused, position=norm.at(0), rule="agency-not-read")
    scan = Scan(
        kind=ScanKind.UDI,
        value=udi.hrf,
        text=text,
        entry=entry,
        udi=udi,
        symbology=identifier,
        oddities=oddities,
    )
    _check_entry(scan, formats, enforce_entry)
    return scan


def udi_with_serial(text: str) -> Udi | None:
    """The UDI in typed or scanned ``text`` when it carries a serial number, else None.

    Traces take a unit as a plain serial or as its UDI; this tells the two apart.
    """
    try:
        scan = interpret(text.strip(), EntryMethod.TYPED)
    except CodeError:
        return None
    if scan.kind is ScanKind.UDI and scan.udi is not None and scan.udi.serial:
        return scan.udi
    return None


def _check_entry(scan: Scan, formats: CodeFormats, enforce: bool) -> None:
    if not enforce:
        return
    refusal = formats.typed_refusal(scan.kind, scan.entry)
    if refusal:
        raise CodeError(refusal, position=0, rule="typed-entry-forbidden")


def _udi(norm: Normalised, sym: Symbology | None) -> Udi:
    body = norm.text
    if norm.envelope == "06":
        if body.startswith("+"):
            return hibcc.parse(norm)
        raise CodeError(
            "ISO/IEC 15434 format 06 (ASC MH10 data identifiers) recognised, but its content is not "
            "a UDI of GS1, HIBCC or ICCBBA",
            position=norm.at(0),
            rule="envelope",
        )
    if norm.envelope == "05":
        return gs1.to_udi(gs1.walk(norm), norm)
    if sym is not None and sym.gtin_only:
        return gs1.gtin_only(norm)
    gs1_symbol = sym is not None and sym.gs1
    if body.startswith(("+", "*+")) and not gs1_symbol:
        return hibcc.parse(norm)
    if iccbba.looks_like(body) and not gs1_symbol:
        return iccbba.parse(norm)
    if body.lower().startswith(("http://", "https://")):
        return gs1.parse(norm)
    if sym is not None and not sym.gs1:
        raise CodeError(
            f"'{_shown(body)}' read from a {sym.describe} symbol matches none of this station's code "
            "formats; a symbol without the GS1 flag is never read as GS1 element strings: check the "
            "label, or ask a technician to add its format to this station",
            position=norm.at(0),
            rule="unknown-format",
        )
    if body.startswith("(") or body[0].isdigit() or body[0] == GS:
        try:
            return gs1.parse(norm)
        except CodeError:
            # a bare GTIN, e.g. an EAN-13 read without symbology identifier; its check-digit
            # error says more than an unknown AI (unless it reads as a truncated (01) element)
            bare = sym is None and body.isdigit() and len(body) in (8, 12, 13, 14)
            if bare and not body.startswith("01"):
                return gs1.gtin_only(norm)
            if bare:
                try:
                    return gs1.gtin_only(norm)
                except CodeError:
                    pass
            raise
    raise CodeError(
        f"'{_shown(body)}' is neither a UDI nor a code format this station knows "
        "(lot, badge, work order, serial): check the label, or ask a technician to add its "
        "format to this station",
        position=norm.at(0),
        rule="unknown-format",
    )


def _shown(text: str) -> str:
    return text.replace(GS, "<GS>")
