"""``lineside scan parse``: any code as the station reads it; supplier labels as JSON; exit 2 with
the position and rule for an invalid code."""

from __future__ import annotations

import json

import pytest

from app.cli import main

EIGP_114 = "[)>\x1e06\x1dP596-777A1-ND\x1d1PXAF4444\x1dQ3\x1d10D1452\x1d1TBF1103\x1d4LUS\x1e\x04"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["scan", "parse", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_supplier_label_prints_its_fields_and_every_identifier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # ECIA EIGP 114.2018's 2D example (as in Part-DB's EIGP114BarcodeScanResultTest).
    code, out = run_json(capsys, EIGP_114)
    assert code == 0
    assert out["kind"] == "supplier-label"
    assert {k: out[k] for k in ("customer_part", "manufacturer_part", "quantity", "lot")} == {
        "customer_part": "596-777A1-ND",
        "manufacturer_part": "XAF4444",
        "quantity": 3,
        "lot": "BF1103",
    }
    assert (out["date_code"], out["country"]) == ("1452", "US")
    assert out["manufacturer"] is None and out["package_id"] is None
    assert out["purchase_order"] is None
    assert out["identifiers"] == [
        ["P", "596-777A1-ND"],
        ["1P", "XAF4444"],
        ["Q", "3"],
        ["10D", "1452"],
        ["1T", "BF1103"],
        ["4L", "US"],
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("BDG-1002", "badge"),
        ("ML-000071", "lot"),
        ("WO-2026-0001", "work-order"),
        ("SN-IP-200-0000042", "serial"),
        ("(01)09506000134352(17)271231(10)AB1(21)SN1", "udi"),
    ],
)
def test_every_kind_is_named(capsys: pytest.CaptureFixture[str], text: str, kind: str) -> None:
    code, out = run_json(capsys, text)
    assert code == 0
    assert out["kind"] == kind
    assert (out["udi"] is not None) == (kind == "udi")
    assert out["identifiers"] is None


def test_an_invalid_label_exits_2_naming_position_and_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["scan", "parse", "[)><RS>06<GS>1PXAF4444<GS>Qthree<RS><EOT>"])
    assert code == 2
    err = capsys.readouterr().err
    assert "at character 28 [quantity]" in err
    code, out = run_json(capsys, "[)><RS>06<GS>1PXAF4444<GS>q3<RS><EOT>")
    assert code == 2
    assert (out["kind"], out["rule"], out["position"]) == (None, "data-identifier", 26)


def test_strict_refuses_a_doubled_gs_that_is_otherwise_recorded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "[)>\x1e06\x1d1PXAF4444\x1d\x1dQ3\x1d1TBF1103\x1e\x04"
    code, out = run_json(capsys, text)
    assert code == 0 and out["oddities"] == ["doubled GS at character 18"]
    code, out = run_json(capsys, text, "--strict")
    assert code == 2 and out["rule"] == "doubled-separator"


def test_udi_parse_names_a_supplier_label_as_not_a_udi(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["udi", "parse", EIGP_114]) == 2
    assert "scan parse" in capsys.readouterr().err
