"""Supplier reel/tray/bag labels (ANSI MH10.8.2 data identifiers, ECIA EIGP-114 and vendor
variants) read from published examples, each with its source (``data/supplier_labels.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.codes.hibcc import check_character
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.codes.separators import Separators
from app.domain.entry import EntryMethod

DATA = json.loads((Path(__file__).parent / "data" / "supplier_labels.json").read_text())
EXAMPLES: list[dict[str, Any]] = DATA["examples"]
CONTROL = {"<RS>": "\x1e", "<GS>": "\x1d", "<EOT>": "\x04"}
FIELDS = (
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


def raw(text: str) -> str:
    """The text as a scanner sends it: the real control characters."""
    for written, real in CONTROL.items():
        text = text.replace(written, real)
    return text


def example_id(example: dict[str, Any]) -> str:
    return f"{example['source']}:{example['text'][:24]}"


def test_every_example_names_a_known_source() -> None:
    for example in EXAMPLES:
        assert example["source"] in DATA["sources"]


@pytest.mark.parametrize("example", EXAMPLES, ids=example_id)
def test_published_label_parses_to_its_published_fields(example: dict[str, Any]) -> None:
    scan = interpret(raw(example["text"]), EntryMethod.KEYBOARD_WEDGE)
    assert scan.kind is ScanKind.SUPPLIER_LABEL
    assert scan.supplier_label is not None
    content = scan.supplier_label.as_content()
    for field, value in example["expect"].items():
        assert content[field] == value, field
    assert set(FIELDS) <= set(content)
    if "identifiers" in example:
        assert content["identifiers"] == example["identifiers"]
    if "oddity" in example:
        assert any(example["oddity"] in o for o in content["oddities"]), content["oddities"]
    else:
        assert content["oddities"] == []


def test_trailing_cr_lf_after_a_label_is_read_through() -> None:
    text = raw(EXAMPLES[0]["text"])
    scan = interpret(text + "\r\n", EntryMethod.KEYBOARD_WEDGE)
    assert scan.supplier_label is not None and scan.supplier_label.lot == "BF1103"


def test_separators_typed_without_ctrl_are_read_with_the_oddity() -> None:
    scan = interpret("[)>^06]P596-777A1-ND]1PXAF4444]Q3]1TBF1103", EntryMethod.TYPED)
    assert scan.supplier_label is not None
    assert scan.supplier_label.manufacturer_part == "XAF4444"
    assert scan.supplier_label.lot == "BF1103"
    assert any("without Ctrl" in o for o in scan.oddities)


def test_a_doubled_gs_is_read_and_recorded_or_refused_when_strict() -> None:
    text = raw("[)><RS>06<GS>1PXAF4444<GS><GS>Q3<GS>1TBF1103<RS><EOT>")
    scan = interpret(text, EntryMethod.KEYBOARD_WEDGE)
    assert scan.supplier_label is not None and scan.supplier_label.quantity == 3
    assert any("doubled GS at character 18" in o for o in scan.oddities)
    assert scan.as_content()["oddities"] == list(scan.oddities)
    with pytest.raises(CodeError) as caught:
        interpret(text, EntryMethod.KEYBOARD_WEDGE, separators=Separators(strict=True))
    assert caught.value.rule == "doubled-separator"
    assert caught.value.position == 17


@pytest.mark.parametrize(
    ("text", "rule", "position"),
    [
        ("[)><RS>06<GS>1PXAF4444<GS>Qthree<GS>1TBF1103<RS><EOT>", "quantity", 18),
        ("[)><RS>06<GS>1PXAF4444<GS>q3<GS>1TBF1103<RS><EOT>", "data-identifier", 17),
        ("[)><RS>06<GS>1PXAF4444<RS>06<GS>Q3<RS><EOT>", "envelope", 16),
    ],
)
def test_an_invalid_label_names_the_position_and_rule(text: str, rule: str, position: int) -> None:
    with pytest.raises(CodeError) as caught:
        interpret(raw(text), EntryMethod.KEYBOARD_WEDGE)
    assert caught.value.rule == rule
    assert caught.value.position == position


def test_plain_codes_and_udis_are_not_taken_for_supplier_labels() -> None:
    assert interpret("BDG-1002", EntryMethod.TYPED).kind is ScanKind.BADGE
    assert interpret("ML-000071", EntryMethod.TYPED).kind is ScanKind.LOT
    udi = interpret("0109506000134352" + "10Q3\x1d21P1", EntryMethod.TYPED)
    assert udi.kind is ScanKind.UDI
    body = "+A99912349/$10X3"
    hibc = interpret(f"[)>\x1e06\x1d{body}{check_character(body)}\x1e\x04", EntryMethod.TYPED)
    assert hibc.kind is ScanKind.UDI  # a HIBC UDI in the same 06 envelope stays a UDI
    assert hibc.udi is not None and hibc.udi.lot == "10X3"
