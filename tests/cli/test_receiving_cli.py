"""The receiving and MSD verbs as a receiving inspector and a line lead use them: part spec,
receive, certificate attach/decide/show, lots, msd open and msd reels; capture refuses a reel
past its floor life with exit 3 and the standard's words."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.capture import demo_line
from app.cli import main
from app.cli.auth import SERVICE_TOKEN_ENV
from app.codes.mh10 import compose
from tests.helpers.stations import DemoStation


def test_a_reel_from_label_to_the_line(
    station: DemoStation,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(SERVICE_TOKEN_ENV, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": demo_line.DEMO_PASSWORD)
    db = ["--db", str(station.path), "--station", "SMT-01", "--user", "supervisor"]

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run(
        "part-spec", "set", *db, "--part", "IC-MCU-32", "--category", "electronic",
        "--msl", "5a", "--thickness", "3.5", "--reason", "MSL 5a per the data sheet",
    )  # fmt: skip
    assert code == 0, err
    assert "needs CoC, MSL 5a" in out
    label = compose(
        [("1P", "KS32F401RCT6"), ("Q", "2000"), ("10D", "2545"), ("1T", "KX-0042"), ("3S", "R-123")]
    )
    code, out, err = run("receive", *db, label, "--json")
    assert code == 0, err
    receipt = json.loads(out)
    lot = receipt["lot_id"]
    assert (
        receipt["quantity"] == 2000 and receipt["part_number"] == "IC-MCU-32" and receipt["created"]
    )
    cert_file = tmp_path / "coc.pdf"
    cert_file.write_bytes(b"%PDF-1.4\n% CoC KX-0042\n%%EOF\n")
    code, out, err = run(
        "certificate", "attach", *db, "--lot", lot, "--file", str(cert_file), "--kind", "coc",
        "--number", "COC-9", "--issuer", "Kai Semiconductor", "--issuer-role", "manufacturer",
        "--expires", "2030-01-01",
    )  # fmt: skip
    assert code == 3 and "no shelf life" in err  # CoC of an IC: no expiry
    code, out, err = run(
        "certificate", "attach", *db, "--lot", lot, "--file", str(cert_file), "--kind", "coc",
        "--number", "COC-9", "--issuer", "Kai Semiconductor", "--issuer-role", "manufacturer",
    )  # fmt: skip
    assert code == 0, err
    cert = f"CERT-{lot}-1"
    # Not decided yet: the line refuses the reel and says what to do.
    opened = datetime.now(UTC) - timedelta(hours=170)
    capture = [
        "capture", "--db", str(station.path), "--station", "SMT-01", "--operator", "BDG-1002",
        "--user", "supervisor", "--unit", "PCB-200-9990001", "--component", label,
    ]  # fmt: skip
    code, out, err = run(*capture)
    assert code == 3 and "receiving inspection" in err, err
    code, out, err = run(
        "certificate", "decide", *db, "--certificate", cert, "--decision", "accept"
    )
    assert code == 0, err
    assert "released for the line" in out
    code, out, err = run("certificate", "show", "--db", str(station.path), "--lot", lot, "--json")
    shown = json.loads(out)
    assert shown[0]["decision"] == "accept" and shown[0]["kind"] == "CoC" and shown[0]["signature"]
    # Opened 170 h ago, at the demo line's measured conditions (Table 7-1, >= 3.1 mm, level 5a:
    # at most 3 days above 5 %RH): refused at the line with the standard's words.
    code, out, err = run("msd", "open", *db, label, "--at", opened.isoformat())
    assert code == 0, err
    code, out, err = run(*capture)
    assert code == 3
    assert "MSL 5a reel R-123 opened" in err and "exceeded by" in err
    assert ": bake it" in err
    code, out, err = run("msd", "reels", "--db", str(station.path), "--json")
    reels = json.loads(out)
    assert [(r["pack"], r["exceeded"]) for r in reels] == [("reel R-123", True)]
    code, out, err = run("msd", "reels", "--db", str(station.path))
    assert "EXCEEDED: bake it" in out
    code, out, err = run("lots", "--db", str(station.path), "--lot", lot, "--json")
    assert json.loads(out)[0]["remaining"] == 2000
    code, out, err = run(
        "lots",
        "move",
        *db,
        "--lot",
        lot,
        "--kind",
        "scrap",
        "--quantity",
        "1990",
        "--reason",
        "reel damaged",
    )
    assert code == 0 and "10 pcs remaining" in out, err
    code, out, err = run("lots", "--db", str(station.path), "--low")
    assert lot in out
    code, out, err = run(
        "materials-rules", *db, "--lot-balance", "flag", "--msd-warning-h", "12",
        "--reason", "stock count being reconciled",
    )  # fmt: skip
    assert code == 0 and "lot balance flag, floor-life warning 12 h" in out, err
