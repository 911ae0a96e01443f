"""The one entry point that turns scanned text into a typed :class:`Scan`."""

from __future__ import annotations

import biip

from app.codes.formats import CodeFormats
from app.codes.scan import CodeError, Scan, ScanKind, Udi
from app.domain.entry import EntryMethod

GS = "\x1d"


def interpret(text: str, entry: EntryMethod, formats: CodeFormats | None = None) -> Scan:
    """Interprets one scan.

    Args:
        text: the scanned text as received, separators included.
        entry: how it entered the station.
        formats: the station's plain-code formats.

    Returns:
        The typed scan.

    Raises:
        CodeError: the text is not a code this station understands; the message says why.
    """
    formats = formats or CodeFormats()
    cleaned = text.strip("\r\n")
    if not cleaned.strip():
        raise CodeError("the scan was empty: scan the label again", position=0, rule="empty")
    kind = formats.classify(cleaned)
    if kind is not None:
        return Scan(kind=kind, value=cleaned, text=text, entry=entry)
    udi = _parse_gs1(cleaned)
    return Scan(kind=ScanKind.UDI, value=udi.hrf, text=text, entry=entry, udi=udi)


def _parse_gs1(text: str) -> Udi:
    try:
        if text.startswith("("):
            message = biip.gs1_messages.GS1Message.parse_hri(text)
        else:
            result = biip.parse(text)
            if result.gs1_message is None:
                raise CodeError(
                    f"'{text}' is neither a UDI nor a code format this station knows "
                    "(lot, badge, work order, serial): check the label or the station's code formats",
                    rule="unknown-format",
                )
            message = result.gs1_message
    except biip.ParseError as exc:
        raise CodeError(f"not a valid GS1 code: {exc}", rule="gs1") from exc
    fields: dict[str, str] = {}
    dates = {}
    for element in message.element_strings:
        fields[element.ai.ai] = element.value
        if element.date is not None:
            dates[element.ai.ai] = element.date
    if "01" not in fields:
        raise CodeError(
            "GS1 code without a GTIN (AI 01): it cannot identify a device or a part",
            rule="gs1-no-di",
        )
    return Udi(
        agency="GS1",
        di=fields.pop("01"),
        lot=fields.pop("10", None),
        serial=fields.pop("21", None),
        expiry=dates.get("17"),
        manufactured=dates.get("11"),
        other={ai: v for ai, v in fields.items() if ai not in ("17", "11")},
        hrf=message.as_hri(),
    )
