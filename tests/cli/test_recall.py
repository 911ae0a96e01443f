"""``lineside recall drill`` and ``trace`` as a quality engineer runs them: never a silent '0 units'."""

from __future__ import annotations

import json

from tests.cli.test_station import run
from tests.helpers.stations import DemoStation


def supplier_lot(station: DemoStation) -> tuple[str, str]:
    row = station.conn.execute(
        "SELECT l.id, l.supplier_lot FROM lots l WHERE l.part_number = 'IC-MCU-32' "
        "AND EXISTS (SELECT 1 FROM components c WHERE c.component = l.id) ORDER BY l.id LIMIT 1"
    ).fetchone()
    return str(row[0]), str(row[1])


def test_drill_by_supplier_lot_lists_units_with_status_and_time(
    station: DemoStation, tmp_path
) -> None:
    lot, printed = supplier_lot(station)
    result = run(
        "recall", "drill", "--db", str(station.path), "--supplier-lot", printed, "--json",
        "--csv", str(tmp_path / "d.csv"), "--pdf", str(tmp_path / "d.pdf"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["seconds"] >= 0 and data["lots"][0]["lot"] == lot
    serials = {u["serial"] for u in data["units"]}
    assert any(s.startswith("SN-") for s in serials) and any(s.startswith("PCB-") for s in serials)
    assert {u["status"] for u in data["units"]} == {"WIP"}
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")
    assert (
        len((tmp_path / "d.csv").read_text(encoding="utf-8-sig").splitlines()) == len(serials) + 1
    )


def test_an_unknown_lot_exits_1_with_close_matches(station: DemoStation) -> None:
    _, printed = supplier_lot(station)
    wrong = printed[:-1] + ("0" if printed[-1] != "0" else "1")
    for args in (
        ("recall", "drill", "--db", str(station.path), "--supplier-lot", wrong, "--json"),
        ("trace", "--db", str(station.path), "--lot", wrong),
    ):
        result = run(*args)
        assert result.returncode == 1, args
        assert "nothing recorded" in result.stderr and printed in result.stderr
        assert result.stdout == ""


def test_trace_by_the_supplier_lot_as_printed_finds_the_units(station: DemoStation) -> None:
    lot, printed = supplier_lot(station)
    ours = json.loads(
        run("trace", "--db", str(station.path), "--lot", lot, "--json", check=True).stdout
    )
    theirs = json.loads(
        run("trace", "--db", str(station.path), "--lot", printed, "--json", check=True).stdout
    )
    assert theirs["count"] == ours["count"] > 0


def test_dhr_as_json_and_pdf(station: DemoStation, tmp_path) -> None:
    serial, di = station.conn.execute(
        "SELECT unit_serial, di FROM assemblies WHERE di IS NOT NULL LIMIT 1"
    ).fetchone()
    result = run("dhr", "--db", str(station.path), "--unit", f"(01){di}(21){serial}", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    components = [c for s in data["units"][0]["steps"] for c in s["components"]]
    assert all(
        {"part", "lot", "supplier", "supplier_lot", "certificate"} <= set(c) for c in components
    )
    pdf = tmp_path / "dhr.pdf"
    result = run("dhr", "--db", str(station.path), "--unit", serial, "--pdf", str(pdf))
    assert result.returncode == 0 and "pages written" in result.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run("dhr", "--db", str(station.path), "--unit", "SN-NOPE").returncode == 1
