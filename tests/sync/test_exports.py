"""GS1 EPCIS 2.0 and HL7 FHIR exports validate against their standards and carry the right data."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from epcis_event_hash_generator.__main__ import epcis_hash_from_file
from fhir.resources.device import Device

from app.cli import main
from tests.helpers.standards import EPCIS

STANDARDS = EPCIS
EXAMPLES = sorted(STANDARDS.glob("*.jsonld"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    """GS1's EPCIS 2.0 JSON schema (shared/standards/epcis, copied verbatim from gs1/EPCIS)."""
    path = STANDARDS / "EPCIS-JSON-Schema.json"
    if not path.exists():
        pytest.fail(f"GS1's EPCIS JSON schema is missing at {path}", pytrace=False)
    return jsonschema.Draft7Validator(json.loads(path.read_text("utf-8")))


def errors(validator: jsonschema.Draft7Validator, doc: Any) -> list[str]:
    """The schema violations of ``doc`` (empty when valid)."""
    return [f"{list(e.path)}: {e.message[:200]}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_gs1_examples_validate_and_a_broken_one_does_not(
    validator: jsonschema.Draft7Validator, example: Path
) -> None:
    doc = json.loads(example.read_text("utf-8"))
    assert errors(validator, doc) == []
    broken = copy.deepcopy(doc)
    broken["epcisBody"]["eventList"][0]["eventTimeZoneOffset"] = "two hours east"
    assert errors(validator, broken)


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path, *extra: str) -> dict[str, Any]:
    """Runs `lineside export epcis` and returns the document written."""
    assert main(["export", "epcis", "--db", str(db), "--out", str(out), *extra]) == 0
    capsys.readouterr()
    doc: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return doc


def test_epcis_document_validates_and_describes_every_assembly(
    demo_db: Path, tmp_path: Path, validator: jsonschema.Draft7Validator, capsys: Any
) -> None:
    out = tmp_path / "events.jsonld"
    doc = export(capsys, demo_db, out)
    assert errors(validator, doc) == []
    events = doc["epcisBody"]["eventList"]
    transformations = [e for e in events if e["type"] == "TransformationEvent"]
    commissionings = [e for e in events if e["type"] == "ObjectEvent"]
    import sqlite3

    conn = sqlite3.connect(demo_db)
    assemblies = conn.execute("SELECT count(*) FROM assemblies").fetchone()[0]
    devices = conn.execute("SELECT count(*) FROM assemblies WHERE di IS NOT NULL").fetchone()[0]
    conn.close()
    assert len(transformations) == assemblies and len(commissionings) == devices
    # A final assembly: the board and the material lots in, the device's UDI out.
    final = next(e for e in transformations if "ilmd" in e)
    assert final["inputEPCList"][0].startswith("urn:lineside:unit:PCB-")
    assert all(
        q["epcClass"].startswith("https://id.gs1.org/01/") for q in final["inputQuantityList"]
    )
    assert final["outputEPCList"][0].startswith("https://id.gs1.org/01/")
    assert final["bizStep"] == "assembling" and final["readPoint"]["id"].startswith(
        "urn:lineside:station:FA-0"
    )
    # A board through reflow: humidity, temperature and residual O2 as sensor data.
    board = next(e for e in transformations if "SMT-01" in e["readPoint"]["id"])
    kinds = {r["type"]: r for el in board["sensorElementList"] for r in el["sensorReport"]}
    assert set(kinds) == {"RelativeHumidity", "Temperature", "VolumeFraction"}
    assert kinds["VolumeFraction"]["uom"] == "59" and "chemicalSubstance" in kinds["VolumeFraction"]
    commissioning = commissionings[0]
    assert commissioning["action"] == "ADD" and commissioning["bizStep"] == "commissioning"


# The hash generator loads its bundled JSON-LD context with a deprecated importlib call.
@pytest.mark.filterwarnings("ignore:open_text is deprecated:DeprecationWarning")
def test_event_ids_are_gs1_canonical_event_hashes(
    demo_db: Path, tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "events.jsonld"
    doc = export(capsys, demo_db, out)
    hashes, _prehashes = epcis_hash_from_file(str(out))
    ids = [e["eventID"] for e in doc["epcisBody"]["eventList"]]
    assert ids == hashes
    assert len(set(ids)) == len(ids)
    assert ids[0].startswith("ni:///sha-256;") and ids[0].endswith("?ver=CBV2.0")


def test_since_keeps_only_later_records(
    demo_db: Path, tmp_path: Path, validator: jsonschema.Draft7Validator, capsys: Any
) -> None:
    everything = export(capsys, demo_db, tmp_path / "all.jsonld")["epcisBody"]["eventList"]
    middle = sorted(e["eventTime"] for e in everything)[len(everything) // 2]
    later = export(capsys, demo_db, tmp_path / "later.jsonld", "--since", middle)
    assert errors(validator, later) == []
    times = [e["eventTime"] for e in later["epcisBody"]["eventList"]]
    assert times and min(times) >= middle and len(times) < len(everything)
    assert main(["export", "epcis", "--db", str(demo_db), "--since", "last tuesday"]) == 2
    assert "not an ISO 8601 time" in capsys.readouterr().err


def test_until_and_work_order_select_records(
    demo_db: Path, tmp_path: Path, validator: jsonschema.Draft7Validator, capsys: Any
) -> None:
    everything = export(capsys, demo_db, tmp_path / "all.jsonld")["epcisBody"]["eventList"]
    middle = sorted(e["eventTime"] for e in everything)[len(everything) // 2]
    earlier = export(capsys, demo_db, tmp_path / "earlier.jsonld", "--until", middle)
    later = export(capsys, demo_db, tmp_path / "later.jsonld", "--since", middle)
    assert errors(validator, earlier) == []
    before = earlier["epcisBody"]["eventList"]
    assert before and max(e["eventTime"] for e in before) < middle
    # --since and --until split the document without losing or repeating an event.
    split = [e["eventID"] for e in before + later["epcisBody"]["eventList"]]
    assert sorted(split) == sorted(e["eventID"] for e in everything)

    import sqlite3

    conn = sqlite3.connect(demo_db)
    orders = dict(
        conn.execute("SELECT work_order, count(*) FROM assemblies GROUP BY work_order").fetchall()
    )
    devices = conn.execute(
        "SELECT work_order, count(*) FROM assemblies WHERE di IS NOT NULL GROUP BY work_order"
    ).fetchall()
    conn.close()
    assert len(orders) >= 2
    for order, assemblies in orders.items():
        doc = export(capsys, demo_db, tmp_path / f"{order}.jsonld", "--work-order", order)
        transformations = [
            e for e in doc["epcisBody"]["eventList"] if e["type"] == "TransformationEvent"
        ]
        assert len(transformations) == assemblies
        assert len(doc["epcisBody"]["eventList"]) == assemblies + dict(devices).get(order, 0)
    out = tmp_path / "none.jsonld"
    assert (
        main(["export", "epcis", "--db", str(demo_db), "--out", str(out), "--work-order", "WO-X"])
        == 2
    )
    assert "no such work order" in capsys.readouterr().err and not out.exists()


def test_after_resumes_an_interrupted_export_where_it_stopped(
    demo_db: Path,
    tmp_path: Path,
    validator: jsonschema.Draft7Validator,
    capsys: Any,
    monkeypatch: Any,
) -> None:
    from app.sync import epcis

    everything = export(capsys, demo_db, tmp_path / "all.jsonld")["epcisBody"]["eventList"]
    out = tmp_path / "events.jsonld"
    real = epcis.record_events
    calls = [0]

    def interrupted(record: dict[str, Any], gtins: dict[str, str]) -> list[dict[str, Any]]:
        calls[0] += 1
        if calls[0] > 25:
            raise KeyboardInterrupt
        return real(record, gtins)

    monkeypatch.setattr(epcis, "record_events", interrupted)
    assert main(["export", "epcis", "--db", str(demo_db), "--out", str(out)]) == 130
    message = capsys.readouterr().err
    monkeypatch.setattr(epcis, "record_events", real)
    # No file under the target's name unless it is a whole document; the partial one's lines are
    # whole events, the last of them the one the message says to resume after.
    assert not out.exists()
    lines = (tmp_path / "events.jsonld.partial").read_text("utf-8").splitlines()[1:]
    written = [json.loads(line.rstrip(",")) for line in lines]
    assert written == everything[: len(written)] and len(written) > 25
    assert f"resume with --after {written[-1]['eventID']}" in message

    rest = export(capsys, demo_db, out, "--after", written[-1]["eventID"])
    assert errors(validator, rest) == []
    assert written + rest["epcisBody"]["eventList"] == everything

    assert (
        main(["export", "epcis", "--db", str(demo_db), "--out", str(out), "--after", "ni:///x"])
        == 2
    )
    assert "no event of this selection has that ID" in capsys.readouterr().err


@pytest.fixture
def capture_interface() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """A tiny EPCIS capture interface on 127.0.0.1 that keeps what it receives."""
    received: list[tuple[str, bytes]] = []

    class Capture(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Content-Type"], body))
            self.send_response(202)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Capture)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/capture", received
    server.shutdown()
    server.server_close()
    thread.join()


def test_post_sends_the_document_to_a_capture_interface(
    demo_db: Path, tmp_path: Path, capture_interface: Any, capsys: Any
) -> None:
    url, received = capture_interface
    out = tmp_path / "sent.jsonld"
    assert main(["export", "epcis", "--db", str(demo_db), "--out", str(out), "--post", url]) == 0
    assert "HTTP 202" in capsys.readouterr().err
    assert len(received) == 1
    content_type, body = received[0]
    assert content_type == "application/ld+json"
    assert json.loads(body) == json.loads(out.read_text("utf-8"))


def test_post_to_an_unreachable_interface_says_so(demo_db: Path, capsys: Any) -> None:
    code = main(["export", "epcis", "--db", str(demo_db), "--post", "http://127.0.0.1:9/capture"])
    err = capsys.readouterr().err
    assert code == 5 and "out of reach" in err and "Traceback" not in err


def test_fhir_device_has_the_udi_carrier(demo_db: Path, capsys: Any) -> None:
    assert main(["export", "fhir", "--db", str(demo_db), "--unit", "SN-IP-200-0000002"]) == 0
    text = capsys.readouterr().out
    device = Device.model_validate_json(text)
    carrier = device.udiCarrier[0]
    assert carrier.deviceIdentifier == "08714729000013"
    assert carrier.issuer == "http://hl7.org/fhir/NamingSystem/gs1-di"
    assert carrier.carrierHRF.startswith("(01)08714729000013") and "(21)SN-IP-200-0000002" in (
        carrier.carrierHRF
    )
    assert carrier.entryType == "barcode"
    assert device.serialNumber == "SN-IP-200-0000002"
    assert device.lotNumber and device.expirationDate
    assert json.loads(text)["resourceType"] == "Device"


def test_fhir_refuses_a_unit_that_is_no_finished_device(demo_db: Path, capsys: Any) -> None:
    assert main(["export", "fhir", "--db", str(demo_db), "--unit", "PCB-200-0000001"]) == 2
    assert "no finished device with serial PCB-200-0000001" in capsys.readouterr().err
