"""``lineside rework list|step|close`` as a technician and a supervisor use them: the open orders,
a lot exchanged (trace then finds the new lot in the unit, not the removed one; the removed lot
scrapped, or back in stock with ``--removed-to stock``), a signed close."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from app.capture import rework
from app.capture.dhr import dhr_for_unit, validate
from app.capture.exceptions import dispose
from app.cli import main
from app.cli.auth import SERVICE_TOKEN_ENV
from tests.capture.test_rework import other_lot
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation, service_token


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def token(demo_db: Path) -> str:
    """A service identity of FA-01, made before the station is opened (as tests/cli do)."""
    return service_token(demo_db, "FA-01")


@pytest.fixture
def reworked(token: str, station: DemoStation) -> tuple[str, str]:
    """A flagged unit a supervisor dispositioned "rework": (serial, record key)."""
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    dispose(supervisor(station), key, "rework", "re-seal the housing", PASSWORD,
            username="supervisor")  # fmt: skip
    return str(serial), key


def test_a_rework_order_from_the_command_line(
    token: str,
    station: DemoStation,
    reworked: tuple[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serial, key = reworked
    db = ["--db", str(station.path)]
    code, out, _ = run(capsys, "rework", "list", *db)
    (order,) = rework.open_reworks(station.conn)
    assert code == 0 and order["record_key"] in out and serial in out
    assert "re-seal the housing" in out and "with a signature" in out
    code, out, _ = run(capsys, "rework", "list", *db, "--json")
    assert [o["record_key"] for o in json.loads(out)] == [order["record_key"]]

    old = str(
        station.conn.execute(
            "SELECT component FROM components WHERE record_key = ? AND kind = 'lot' "
            "ORDER BY part_number LIMIT 1",
            (key,),
        ).fetchone()[0]
    )
    new = other_lot(station, old)
    step = ["rework", "step", *db, "--station", "FA-01", "--unit", serial,
            "--action", "housing opened, battery replaced"]  # fmt: skip
    monkeypatch.delenv(SERVICE_TOKEN_ENV, raising=False)
    code, _, err = run(capsys, *step, "--operator", "BDG-1002", "--remove", old, "--add", new)
    assert code == 3 and "this verb writes records" in err
    monkeypatch.setenv(SERVICE_TOKEN_ENV, token)
    code, _, err = run(capsys, *step, "--remove", old, "--add", new)
    assert code == 2 and "give --operator BADGE" in err
    code, _, err = run(capsys, *step, "--operator", "BDG-1002", "--remove", old)
    assert code == 3 and "nothing fitted in place" in err
    code, out, err = run(
        capsys, *step, "--operator", "BDG-1002", "--remove", old, "--add", new, "--json"
    )
    assert code == 0, err
    said = json.loads(out)
    assert said["kind"] == "correction" and said["removed"][0]["lot"] == old
    assert said["removed"][0]["to"] == "scrap" and said["removed"][0]["movement"]
    assert said["added"][0]["lot"] == new and said["units"] == [serial]
    # trace follows the unit as it is now
    code, out, _ = run(capsys, "trace", *db, "--lot", new, "--json")
    assert code == 0 and serial in out
    code, out, _ = run(capsys, "trace", *db, "--lot", old, "--json")
    assert serial not in out
    code, out, _ = run(capsys, "lots", *db, "--lot", old, "--json")
    assert code == 0 and json.loads(out)[0]["scrapped"] == 1.0  # taken off in rework: scrapped
    # The new lot taken off again, intact: back in stock only when the person says so.
    again = [*step[:-1], "swapped back: the new lot's part was the wrong variant",
             "--operator", "BDG-1002"]  # fmt: skip
    code, _, err = run(capsys, *again, "--removed-to", "stock")
    assert code == 2 and "name them with --remove" in err
    with pytest.raises(SystemExit):
        run(capsys, *again, "--remove", new, "--add", old, "--removed-to", "bin")
    assert "invalid choice" in capsys.readouterr().err
    before = json.loads(run(capsys, "lots", *db, "--lot", new, "--json")[1])
    code, out, err = run(capsys, *again, "--remove", new, "--add", old, "--removed-to", "stock")
    assert code == 0 and f"removed {said['added'][0]['part']} {new} (1 back in stock)" in out, err
    after = json.loads(run(capsys, "lots", *db, "--lot", new, "--json")[1])
    assert after[0]["remaining"] == before[0]["remaining"] + 1
    assert after[0]["scrapped"] == before[0]["scrapped"]

    close = ["rework", "close", *db, "--station", "FA-01", "--unit", serial,
             "--comment", "leak test passed"]  # fmt: skip
    code, _, err = run(capsys, *close, "--operator", "BDG-1002")
    assert code == 3 and "give --user NAME" in err
    prompts: list[str] = []
    monkeypatch.delenv(SERVICE_TOKEN_ENV)
    monkeypatch.setattr(getpass, "getpass", lambda p: prompts.append(p) or PASSWORD)
    code, out, err = run(capsys, *close, "--user", "supervisor")
    assert code == 0, err
    assert "closed, signed" in out and serial in out
    assert prompts[0] == "password for supervisor: " and "rework completed" in prompts[1]
    code, out, _ = run(capsys, "rework", "list", *db)
    assert code == 0 and "no rework order is open" in out
    code, _, err = run(capsys, *close, "--user", "supervisor")
    assert code == 3 and "no rework order is open" in err
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (shown,) = document["units"][0]["rework"]
    assert shown["closed"]["signature"]["meaning"] == "rework completed"
    assert document["open_exceptions"] == 0
