"""Supplier labels on electronic component packaging: ANSI MH10.8.2 data identifiers.

Reels, trays and bags arrive labelled by component makers and distributors with a 2D code that
carries ANSI MH10.8.2 data identifiers (DIs) in an ISO/IEC 15434 envelope, format 06
(ECIA EIGP-114 and its variants)::

    [)> RS 06 GS P<customer part> GS 1P<supplier part> GS Q<quantity> GS 10D<YYWW> GS 1T<lot>
    GS 4L<country> RS EOT

A DI is up to three digits and one capital letter; the value follows it up to the next GS. Every
DI is kept exactly as on the label (:attr:`SupplierLabel.identifiers`); the ones a station needs
are named (:meth:`SupplierLabel.as_content`).

What real labels and scanners do, each read and recorded as an oddity of the scan:

- no trailer (RS EOT), or no envelope at all (GS-separated DIs only);
- Mouser's old header ``>[)>06`` GS (no RS, a stray ``>``);
- the separators typed without their Ctrl (``[)>^06]P…]1P…``: RS as ``^``, GS as ``]``), or as the
  visible symbols ``␞ ␝ ␄`` (handled with the other written-out separators);
- DigiKey's ``30P`` (DigiKey part number) where ``P`` is missing, its ``K`` left empty with the
  sales order in ``1K``; Mouser's purchase order line in ``14K``;
- TME's older DataMatrix with DIs separated by spaces (``PWBP-302 1PMPNWBP-302 Q1 K19361337/1``)
  and its QR code of ``KEY:VALUE`` words; LCSC's ``{pbn:…,pc:…,pm:…,qty:…}``;
- a leading, trailing or doubled GS, and CR/LF after the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.codes.scan import CodeError
from app.codes.separators import EOT, GS, RS, Normalised

#: The data identifiers a station names, with what they mean (ANSI MH10.8.2, ECIA EIGP-114).
NAMES: dict[str, str] = {
    "P": "customer part number",
    "1P": "supplier (manufacturer) part number",
    "30P": "distributor part number (DigiKey)",
    "Q": "quantity",
    "1T": "lot code",
    "9D": "date code",
    "10D": "date code (YYWW)",
    "6D": "ship date",
    "4L": "country of origin",
    "1V": "manufacturer",
    "K": "customer purchase order",
    "1K": "supplier order number",
    "14K": "purchase order line",
    "4K": "purchase order line",
    "11K": "packing list number",
    "3S": "package id (intermediate label)",
    "4S": "package id (logistic label)",
    "5S": "package id (mixed logistic label)",
    "S": "serial number",
    "33P": "bin code",
    "13Q": "package count",
    "2P": "revision",
    "7Q": "weight",
    "E": "RoHS / environmental compliance",
}

_DI = re.compile(r"(\d{0,3})([A-Z])")
_HEADERS: tuple[tuple[str, str, str, str | None], ...] = (
    # (header as it arrives, GS stand-in, RS stand-in, oddity)
    ("[)>" + RS + "06" + GS, GS, RS, None),
    (">[)>06" + GS, GS, RS, "old Mouser header '>[)>06' (no RS after '[)>')"),
    ("[)>06" + GS, GS, RS, "envelope header without RS after '[)>'"),
    ("[)>^06]", "]", "^", "separators typed without Ctrl: RS as '^', GS as ']'"),
)
_TME_QR = re.compile(r"(?:[A-Za-z]+:\S*\s+)+.*")
_TME_QR_FIELDS = {"PN": "30P", "MPN": "1P", "QTY": "Q", "PO": "1K", "CPO": "K", "MFR": "1V"}
_LCSC_FIELDS = {"pc": "30P", "pm": "1P", "qty": "Q", "on": "1K", "pdi": "3S", "pbn": "11K"}


@dataclass(frozen=True)
class SupplierLabel:
    """A supplier's reel/tray/bag label: every data identifier as printed, and what they mean.

    Attributes:
        identifiers: (DI, value) pairs in label order, exactly as on the label (for the vendor
            formats, their own keys: ``pc``, ``QTY``).
        enveloped: the ISO/IEC 15434 ``[)>`` RS ``06`` envelope was there.
        form: ``ecia`` (DIs), ``lcsc`` or ``tme-qr`` (vendor formats read through their keys).
        oddities: what the label or scanner did that the standard does not (recorded with the scan).
        as_dis: for a vendor format, its fields under the DIs they stand for.
    """

    identifiers: tuple[tuple[str, str], ...]
    enveloped: bool = True
    form: str = "ecia"
    oddities: tuple[str, ...] = ()
    as_dis: tuple[tuple[str, str], ...] | None = None

    def first(self, *dis: str) -> str | None:
        """The first non-empty value of the first of ``dis`` present on the label."""
        fields = self.identifiers if self.as_dis is None else self.as_dis
        for di in dis:
            for key, value in fields:
                if key == di and value:
                    return value
        return None

    @property
    def customer_part(self) -> str | None:
        """P (DigiKey labels without P: its 30P, the distributor's part number)."""
        return self.first("P", "30P")

    @property
    def manufacturer_part(self) -> str | None:
        """1P, the supplier's (manufacturer's) part number."""
        return self.first("1P")

    @property
    def quantity(self) -> int | None:
        """Q as a number."""
        value = self.first("Q")
        return None if value is None else int(value)

    @property
    def lot(self) -> str | None:
        """1T, the supplier's lot code."""
        return self.first("1T")

    @property
    def date_code(self) -> str | None:
        """9D or 10D as printed."""
        return self.first("9D", "10D")

    @property
    def package_id(self) -> str | None:
        """3S, else 4S or 5S: the package (reel) id."""
        return self.first("3S", "4S", "5S")

    def as_content(self) -> dict[str, Any]:
        """The label as bound into a record and printed by ``lineside scan parse --json``."""
        return {
            "customer_part": self.customer_part,
            "manufacturer_part": self.manufacturer_part,
            "quantity": self.quantity,
            "lot": self.lot,
            "date_code": self.date_code,
            "country": self.first("4L"),
            "manufacturer": self.first("1V"),
            "package_id": self.package_id,
            "purchase_order": self.first("K", "1K", "14K"),
            "identifiers": [[di, value] for di, value in self.identifiers],
            "form": self.form,
            "enveloped": self.enveloped,
            "oddities": list(self.oddities),
        }

    def describe(self) -> str:
        """One line for an operator: part, lot, date code, quantity as printed."""
        parts = [
            f"part {self.manufacturer_part or self.customer_part or '?'}",
            f"lot {self.lot or '—'}",
        ]
        if self.date_code:
            parts.append(f"date code {self.date_code}")
        if self.quantity is not None:
            parts.append(f"qty {self.quantity}")
        if self.package_id:
            parts.append(f"package {self.package_id}")
        maker = self.first("1V")
        if maker:
            parts.append(f"by {maker}")
        return ", ".join(parts)


def looks_like(text: str) -> bool:
    """Whether ``text`` (separators already real characters) is a supplier label and not a UDI."""
    for header, *_ in _HEADERS:
        if text.startswith(header):
            return not text[len(header) :].startswith("+")  # a HIBC UDI in a 06 envelope
    if text.startswith("{") and text.endswith("}") and "pc:" in text:
        return True
    if _TME_QR.fullmatch(text) and any(f"{k}:" in text for k in ("PN", "MPN", "QTY")):
        return True
    fields = [f for f in text.split(GS if GS in text else " ") if f]
    if len(fields) < 2:
        return False
    dis = set()
    for f in fields:
        m = _DI.match(f)
        if m is None:
            return False
        dis.add(m.group(0))
    return "Q" in dis and bool(dis & {"P", "1P", "30P"})


def parse(norm: Normalised, *, strict: bool = False) -> SupplierLabel:
    """A supplier label from normalised scanned text.

    Args:
        norm: the scan with written-out separators already replaced (origins kept).
        strict: refuse a leading, trailing or doubled GS instead of recording it.

    Raises:
        CodeError: a field without a data identifier, a quantity that is not a number, an empty
            label; the message names the character position.
    """
    text = norm.text
    if text.startswith("{") and text.endswith("}"):
        return _lcsc(norm)
    oddities: list[str] = []
    gs, rs = GS, RS
    start = 0
    enveloped = False
    for header, gs_char, rs_char, oddity in _HEADERS:
        if text.startswith(header):
            start, gs, rs, enveloped = len(header), gs_char, rs_char, True
            if oddity:
                oddities.append(oddity)
            break
    end = len(text)
    if text.endswith(rs + EOT):
        end -= 2
    elif enveloped and text.endswith((EOT, rs)):
        end -= 1
        oddities.append("trailer incomplete (RS EOT expected)")
    elif enveloped:
        oddities.append("no trailer (RS EOT)")
    if not enveloped:
        if GS in text:
            oddities.append("no ISO/IEC 15434 envelope")
        elif _TME_QR.fullmatch(text):
            return _tme_qr(norm)
        else:
            gs = " "
            oddities.append("data identifiers separated by spaces (TME), no envelope")
    body = text[start:end]
    if rs in body and rs != gs:
        cut = body.index(rs)
        raise CodeError(
            f"a second ISO/IEC 15434 segment (RS at character {norm.at(start + cut) + 1}): "
            "scan one label at a time",
            position=norm.at(start + cut),
            rule="envelope",
        )
    identifiers: list[tuple[str, str]] = []
    pos = start
    fields = body.split(gs)
    for i, field in enumerate(fields):
        if not field:
            where = "leading" if i == 0 else "trailing" if i == len(fields) - 1 else "doubled"
            if strict:
                raise CodeError(
                    f"{where} separator at character {norm.at(pos) + 1}: this station reads "
                    "separators strictly",
                    position=norm.at(pos),
                    rule=f"{where}-separator",
                )
            oddities.append(f"{where} GS at character {norm.at(pos) + 1}")
            pos += 1
            continue
        m = _DI.match(field)
        if m is None:
            raise CodeError(
                f"field {field[:12]!r} at character {norm.at(pos) + 1} does not start with a data "
                "identifier (digits and a capital letter, e.g. 1P, Q, 1T)",
                position=norm.at(pos),
                rule="data-identifier",
            )
        di, value = m.group(0), field[m.end() :]
        if di == "Q" and not value.isdigit():
            raise CodeError(
                f"quantity Q{value!r} at character {norm.at(pos) + 2} is not a whole number",
                position=norm.at(pos + 1),
                rule="quantity",
            )
        identifiers.append((di, value))
        pos += len(field) + 1
    if not identifiers:
        raise CodeError(
            "the supplier label holds no data identifiers", position=norm.at(0), rule="empty"
        )
    label = SupplierLabel(tuple(identifiers), enveloped, "ecia", tuple(oddities))
    if label.first("P") is None and label.first("30P") is not None:
        label = SupplierLabel(
            label.identifiers,
            enveloped,
            "ecia",
            (*label.oddities, "30P (DigiKey part number) in place of P"),
        )
    return label


def _lcsc(norm: Normalised) -> SupplierLabel:
    printed: list[tuple[str, str]] = []
    for item in norm.text[1:-1].split(","):
        key, sep, value = item.partition(":")
        if not sep:
            raise CodeError(
                f"LCSC label item {item!r} is not key:value",
                position=norm.at(norm.text.index(item)),
                rule="lcsc",
            )
        printed.append((key, value))
    as_dis = [(_LCSC_FIELDS[k], v) for k, v in printed if k in _LCSC_FIELDS]
    _check_quantity(as_dis, norm)
    return SupplierLabel(tuple(printed), False, "lcsc", ("LCSC {key:value} label",), tuple(as_dis))


def _tme_qr(norm: Normalised) -> SupplierLabel:
    printed: list[tuple[str, str]] = []
    for word in norm.text.split():
        key, sep, value = word.partition(":")
        if key.lower() in ("http", "https"):
            printed.append(("url", word))
        else:
            printed.append((key, value) if sep else (word, ""))
    as_dis = [(_TME_QR_FIELDS[k], v) for k, v in printed if k in _TME_QR_FIELDS]
    _check_quantity(as_dis, norm)
    return SupplierLabel(
        tuple(printed), False, "tme-qr", ("TME QR code of KEY:VALUE words",), tuple(as_dis)
    )


def _check_quantity(identifiers: list[tuple[str, str]], norm: Normalised) -> None:
    for di, value in identifiers:
        if di == "Q" and not value.isdigit():
            raise CodeError(
                f"quantity {value!r} is not a whole number", position=norm.at(0), rule="quantity"
            )


def compose(identifiers: list[tuple[str, str]]) -> str:
    """The text of an ECIA label with ``identifiers`` (envelope, GS between fields, RS EOT)."""
    return "[)>" + RS + "06" + GS + GS.join(di + value for di, value in identifiers) + RS + EOT
