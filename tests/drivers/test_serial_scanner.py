"""The serial scanner against its simulator over a real pty: framing, GS kept, faults, replug."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.codes.scan import ScanKind
from app.domain.entry import EntryMethod
from drivers.base import Health, PortLost, ProtocolError
from drivers.scanner import ScannedText
from drivers.serial_scanner import ScannerFraming, SerialScanner, parse_affix
from drivers.simulators.scanner import ScannerSimulator
from tests.helpers.stations import DemoStation

GS = "\x1d"
# GS1's example GTIN with expiry, lot (variable length, so GS before the serial) and serial.
UDI = "0109506000134352" + "17271231" + "10A1B2C3" + GS + "21SN000123"


@pytest.fixture
def sim() -> Iterator[ScannerSimulator]:
    with ScannerSimulator() as simulator:
        yield simulator


def scanner_for(sim: ScannerSimulator, **framing: object) -> SerialScanner:
    options: dict[str, object] = {"gap_s": 0.15, **framing}
    scanner = SerialScanner(sim.port, framing=ScannerFraming(**options), reconnect_s=0.05)  # type: ignore[arg-type]
    scanner.open()
    return scanner


def test_a_scan_arrives_with_gs_kept_and_interprets_as_the_udi(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim)
    try:
        sim.scan(UDI)
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None
    assert got.text == UDI
    assert got.entry is EntryMethod.SERIAL_SCANNER
    scan = got.interpret()
    assert scan.kind is ScanKind.UDI
    assert scan.udi is not None
    assert (scan.udi.di, scan.udi.lot, scan.udi.serial) == ("09506000134352", "A1B2C3", "SN000123")
    assert scan.entry is EntryMethod.SERIAL_SCANNER


def test_prefix_suffix_and_aim_identifier(sim: ScannerSimulator) -> None:
    sim.prefix, sim.suffix, sim.aim = b"\x02", b"\r\n", True
    scanner = scanner_for(sim, prefix=parse_affix("STX"), suffix=parse_affix("CRLF"))
    try:
        sim.scan(UDI, symbology="]d2")
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None
    assert got.text == "]d2" + UDI  # the interpreter reads the identifier itself
    assert got.symbology == "]d2"
    assert got.interpret().symbology == "]d2"


def test_back_to_back_scans_come_out_in_order(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim)
    codes = ["ML-1001", UDI, "WO-2024-17", "BDG-1002"]
    try:
        sim.scans(codes)
        got = [scanner.read(2.0) for _ in codes]
    finally:
        scanner.close()
    assert [g.text if g else None for g in got] == codes


def test_a_scan_arriving_in_pieces_is_assembled(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim, gap_s=2.0)
    data = sim.frame(UDI)
    try:
        sim.send_raw(data[:7])
        assert scanner.read(0.05) is None  # no suffix yet: nothing delivered
        sim.send_raw(data[7:20])
        assert scanner.read(0.05) is None
        sim.send_raw(data[20:])
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None and got.text == UDI


def test_cr_lf_scanner_on_a_cr_station_gives_no_stray_line_feeds(sim: ScannerSimulator) -> None:
    sim.suffix = b"\r\n"
    scanner = scanner_for(sim)  # configured for CR only
    try:
        sim.scans(["ML-1001", "ML-1002"])
        got = [scanner.read(2.0), scanner.read(2.0)]
    finally:
        scanner.close()
    assert [g.text if g else None for g in got] == ["ML-1001", "ML-1002"]


def test_garbage_is_reported_and_the_next_scan_still_reads(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim)
    try:
        sim.garbage()
        sim.scan("ML-1001")
        with pytest.raises(ProtocolError, match="wrong baud rate"):
            scanner.read(2.0)
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None and got.text == "ML-1001"


def test_a_scan_cut_short_is_reported_not_glued_to_the_next(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim, gap_s=0.1)
    try:
        sim.partial(UDI, keep=0.5)
        with pytest.raises(ProtocolError, match="scan cut short"):
            scanner.read(2.0)
        sim.scan("ML-1001")
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None and got.text == "ML-1001"


def test_missing_prefix_names_the_setting(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim, prefix=b"\x02")
    try:
        sim.scan("ML-1001")
        with pytest.raises(ProtocolError, match="prefix"):
            scanner.read(2.0)
    finally:
        scanner.close()


def test_no_suffix_scan_ends_at_the_pause(sim: ScannerSimulator) -> None:
    sim.suffix = b""
    scanner = scanner_for(sim, suffix=b"", gap_s=0.05)
    try:
        sim.scan(UDI)
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None and got.text == UDI


def test_unplugged_scanner_reconnects_by_itself(sim: ScannerSimulator) -> None:
    scanner = scanner_for(sim)
    try:
        sim.scan("ML-1001")
        assert scanner.read(2.0) is not None
        sim.unplug()
        assert scanner.read(0.2) is None
        assert scanner.status.health is Health.FAULTED
        assert "plugged in" in scanner.status.reason
        sim.plug()
        # Nothing is scanned while the port is being found again (pyserial empties the input
        # on open, as a replugged USB scanner has nothing buffered): wait for the reconnect.
        for _ in range(40):  # each read waits up to 0.1 s: a deadline of 4 s in all
            assert scanner.read(0.1) is None
            if scanner.status.health is Health.CONNECTED:
                break
        assert scanner.status.health is Health.CONNECTED
        assert scanner.reconnects == 1
        sim.scan("ML-1002")
        got = scanner.read(2.0)
        assert got is not None and got.text == "ML-1002"
    finally:
        scanner.close()


def test_opening_a_missing_port_says_what_to_check() -> None:
    scanner = SerialScanner("/dev/ttyUSB-lineside-none")
    with pytest.raises(PortLost, match="does not exist"):
        scanner.open()
    assert scanner.status.health is Health.FAULTED
    assert scanner.read(0.05) is None
    scanner.close()
    with pytest.raises(PortLost, match="not open"):
        scanner.read(0.05)


def test_a_scanner_plugged_in_after_the_station_started_is_picked_up(
    sim: ScannerSimulator,
) -> None:
    sim.unplug()
    scanner = SerialScanner(sim.port, framing=ScannerFraming(gap_s=0.15), reconnect_s=0.05)
    with pytest.raises(PortLost):
        scanner.open()
    try:
        assert scanner.read(0.1) is None
        sim.plug()
        for _ in range(40):  # a deadline of 4 s in reads of 0.1 s
            assert scanner.read(0.1) is None
            if scanner.status.health is Health.CONNECTED:
                break
        sim.scan("ML-1001")
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert got is not None and got.text == "ML-1001"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("CR", b"\r"), ("crlf", b"\r\n"), ("\\r\\n", b"\r\n"), ("TAB", b"\t"), ("none", b"")],
)
def test_affixes_as_written_in_a_configuration(text: str, expected: bytes) -> None:
    assert parse_affix(text) == expected


def test_bad_affix_is_refused() -> None:
    with pytest.raises(ValueError, match="CRLF"):
        parse_affix("\\q")


def test_serial_scans_reach_the_capture_session(
    sim: ScannerSimulator, station: DemoStation
) -> None:
    # The operator logs in by scanning the badge on the serial scanner; the session records it.
    session = station.session()
    scanner = scanner_for(sim)
    try:
        sim.scan("BDG-1002")
        got = scanner.read(2.0)
    finally:
        scanner.close()
    assert isinstance(got, ScannedText)
    event = session.scan(got.text, got.entry)
    assert event.kind == "login"
    assert session.operator is not None
