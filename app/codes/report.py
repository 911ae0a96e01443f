"""What a typed or scanned UDI says, as one plain dict (the ``udi parse --json`` object)."""

from __future__ import annotations

from typing import Any

from app.codes import catalogue as catalogue_module
from app.codes.formats import CodeFormats
from app.codes.interpret import interpret
from app.codes.scan import CodeError, Scan
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
    assert scan.udi is not None
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
