"""What a typed or scanned code says, as one plain dict (``udi parse`` / ``scan parse --json``)."""

from __future__ import annotations

from typing import Any

from app.codes import catalogue as catalogue_module
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, Scan, ScanKind
from app.codes.separators import Separators
from app.domain.entry import EntryMethod

FIELDS = ("agency", "di", "lot", "serial", "expiry", "manufactured")


def parse_text(
    text: str, *, substitute: str | None = None, catalogue: catalogue_module.Catalogue | None = None
) -> dict[str, Any]:
    """The ``--json`` object for ``text``: the UDI's fields, or ``error`` with its rule and position."""
    result: dict[str, Any] = dict.fromkeys(FIELDS)
    result.update(
        {
            "valid": False,
            "other": {},
            "hrf": None,
            "symbology": None,
            "error": None,
            "rule": None,
            "position": None,
            "findings": [],
            "warnings": [],
        }
    )
    try:
        separators = Separators(substitute=substitute)
        scan: Scan = interpret(
            text,
            EntryMethod.TYPED,
            CodeFormats(patterns={}),
            separators=separators,
            allow_partial=True,
        )
    except (CodeError, ValueError) as exc:
        result["error"] = getattr(exc, "message", str(exc))
        result["rule"] = getattr(exc, "rule", "invalid")
        result["position"] = getattr(exc, "position", None)
        return result
    if scan.udi is None:
        result["error"] = (
            f"this is a {scan.kind}, not a UDI: 'lineside scan parse' reads every kind of code"
        )
        result["rule"] = "not-a-udi"
        result["position"] = 0
        return result
    result.update(scan.udi.as_content())
    result["symbology"] = scan.symbology
    result["warnings"] = list(scan.udi.warnings)
    result["valid"] = True
    if scan.udi.other.get("hibc") == "secondary":
        result["di"] = None
    if catalogue is not None and result["di"]:
        result["findings"] = [
            {"rule": f.rule, "reason": f.reason}
            for f in catalogue_module.check_udi(scan.udi, catalogue)
        ]
    return result


#: The named fields of a supplier label in ``scan parse --json`` (absent ones are null).
LABEL_FIELDS = (
    "customer_part",
    "manufacturer_part",
    "quantity",
    "lot",
    "date_code",
    "country",
    "manufacturer",
    "package_id",
    "purchase_order",
)


def scan_text(
    text: str,
    *,
    formats: CodeFormats | None = None,
    separators: Separators | None = None,
) -> dict[str, Any]:
    """What the station makes of ``text``, as the ``scan parse --json`` object.

    ``kind`` is udi, supplier-label, lot, badge, work-order, step or serial (null when invalid,
    with ``error``, ``rule`` and ``position``, 0-based in ``text``). A supplier label adds its
    named fields and ``identifiers`` (every data identifier exactly as on the label); a UDI adds
    ``udi``. ``oddities`` lists what the scan did that the standard does not (a doubled GS).
    """
    result: dict[str, Any] = {
        "kind": None,
        "value": None,
        "entry": str(EntryMethod.TYPED),
        "symbology": None,
        "udi": None,
        **dict.fromkeys(LABEL_FIELDS),
        "identifiers": None,
        "oddities": [],
        "error": None,
        "rule": None,
        "position": None,
    }
    try:
        scan = interpret(
            text,
            EntryMethod.TYPED,
            formats or CodeFormats(),
            separators=separators or Separators(),
            allow_partial=True,
        )
    except CodeError as exc:
        result.update(error=exc.message, rule=exc.rule, position=exc.position)
        return result
    result.update(
        kind=str(scan.kind),
        value=scan.value,
        symbology=scan.symbology,
        oddities=list(scan.oddities),
    )
    if scan.kind is ScanKind.UDI and scan.udi is not None:
        result["udi"] = scan.udi.as_content()
        result["oddities"] += [w for w in scan.udi.warnings if w not in result["oddities"]]
    if scan.supplier_label is not None:
        label = scan.supplier_label.as_content()
        result.update({k: label[k] for k in LABEL_FIELDS})
        result["identifiers"] = label["identifiers"]
        result["form"] = label["form"]
    return result
