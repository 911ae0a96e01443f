"""The device history record shows where each signature stands with the plant: not yet
countersigned while the station is offline, countersigned at the plant's time after a sync; the
released fingerprint does not change when the countersignature arrives."""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from app.capture import demo_line, signatures
from app.capture.dhr import dhr_for_unit, frozen_hash, validate
from app.capture.dhr_pdf import write_pdf
from app.capture.exceptions import dispose
from app.capture.release import release
from app.capture.shifts import Shift
from app.capture.signatures import Meaning
from tests.helpers.review import PASSWORD, humid_record, supervisor
from tests.helpers.stations import DemoStation
from tests.sync.test_countersign import in_plant, run  # noqa: F401  (the fixture)

pytestmark = pytest.mark.postgres


def _pdf_text(document: dict, station: DemoStation, path) -> str:
    """The PDF's text as laid out, each line's words one space apart."""
    write_pdf(document, path, station.conn)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def test_each_signature_of_a_dhr_says_its_countersignature(
    in_plant: DemoStation,  # noqa: F811
    plant_dsn: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path,
) -> None:
    station = in_plant
    key = humid_record(station)
    serial = station.conn.execute(
        "SELECT unit_serial FROM assemblies WHERE record_key = ?", (key,)
    ).fetchone()[0]
    boss = supervisor(station)  # no plant link: offline
    dispose(boss, key, "accept", "71.5 %RH briefly; no effect", PASSWORD, username="supervisor")
    at = station.conn.execute("SELECT recorded_at FROM journal WHERE key = ?", (key,)).fetchone()[0]
    signatures.sign_shift(boss, Shift.at(datetime.fromisoformat(at)), PASSWORD, Meaning.REVIEWED)
    released = release(boss, unit=serial, password=demo_line.DEMO_PASSWORD)
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    (exception,) = document["units"][0]["steps"][0]["exceptions"]
    signed = exception["disposition"]["signature"]
    assert signed["printed_name"] == "Sofia Lindgren" and signed["meaning"] == "disposition: accept"
    assert signed["countersign"]["state"] == "pending"
    listed = {s["what"].split(" ")[0]: s for s in document["signatures"]}
    assert set(listed) == {"disposition", "shift", "release"}
    assert {s["countersign"]["state"] for s in document["signatures"]} == {"pending"}
    assert listed["release"]["key"] == released.data["release"]["signature"]
    text = _pdf_text(document, station, tmp_path / "offline.pdf")
    assert "Signatures and the plant's countersignatures" in text
    # The decision's signer says it, and each of the three in the table of signatures.
    assert "(supervisor); not yet" in text and text.count("not yet countersigned: the plant") == 3
    # The release froze the record as it stood; the countersignatures do not change it.
    assert frozen_hash(document) == released.data["release"]["dhr_sha256"]

    code, out, _ = run(capsys, "sync", "--db", str(station.path), "--upstream", plant_dsn)
    assert code == 0 and "signatures countersigned 3" in out, out
    document = dhr_for_unit(station.conn, serial)
    validate(document)
    assert {s["countersign"]["state"] for s in document["signatures"]} == {"countersigned"}
    plant_time = document["signatures"][0]["countersign"]["plant_time"]
    assert plant_time and plant_time >= document["signatures"][0]["signed_at"][:10]
    (exception,) = document["units"][0]["steps"][0]["exceptions"]
    assert exception["disposition"]["signature"]["countersign"]["state"] == "countersigned"
    text = _pdf_text(document, station, tmp_path / "online.pdf")
    assert "not yet countersigned" not in text
    # With the decision's signer and in the table of signatures.
    assert text.count("countersigned by the plant at") == 4
    assert frozen_hash(document) == released.data["release"]["dhr_sha256"]
