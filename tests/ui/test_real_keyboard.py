"""The real station window on a real X server (Xvfb), typed into through XTest (xdotool).

What a USB keyboard-wedge scanner really sends: a Shift press before each capital, Ctrl+] for GS,
CR, CR LF or Tab after the code, 2-8 ms between keys; and a person typing at human speed. The
station runs as a subprocess (``tests/helpers/xstation.py``, built like ``lineside demo``) on a
private Xvfb display; the test reads what it reports and the station database it writes.
"""

from __future__ import annotations

import json
import queue
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.capture.demo_line import DEMO_PASSWORD
from app.store import parts
from app.store.station_store import StationStore
from app.ui.station import provision_boards, unit_scans
from tests.helpers.xserver import XServer, missing_tools

ROOT = Path(__file__).resolve().parents[2]

Report = dict[str, Any]


@pytest.fixture(scope="module")
def xserver() -> Iterator[XServer]:
    missing = missing_tools()
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not installed: run packaging/dev.sh setup (apt packages "
            "xvfb and xdotool)"
        )
    server = XServer()
    yield server
    server.close()


class Station:
    """The station subprocess on the X server, its reports and its database."""

    def __init__(self, xserver: XServer, db: Path, station: str, shots: Path) -> None:
        self.x, self.db, self.shots = xserver, db, shots
        env = xserver.env()
        env.update(QT_QPA_PLATFORM="xcb", LINESIDE_MUTE="1", PYTHONUNBUFFERED="1")
        self.stderr_path = shots / "station-stderr.log"
        self._stderr = self.stderr_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.xstation", str(db), station],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        self.lines: list[str] = []  # every report line, the station's log on stdout
        self.reports: queue.Queue[Report] = queue.Queue()
        self.seen: list[Report] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        ready = self.wait(lambda r: r["event"] in ("ready", "error"), timeout=60)
        assert ready["event"] == "ready", ready
        self.window = int(ready["window"])
        xserver.focus(self.window)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            try:
                self.reports.put(json.loads(line))
            except json.JSONDecodeError:
                continue

    def wait(self, match: Callable[[Report], bool], timeout: float = 15) -> Report:
        """The next report (from now on) that ``match`` accepts."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching report; seen: {self.seen[-12:]}")
            try:
                report = self.reports.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append(report)
            if match(report):
                return report

    def ask(self, command: str) -> Report:
        """Sends a command (``state``, ``where TAB``, ``where-widget NAME``) and waits for its answer."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        want = "state" if command == "state" else "where"
        return self.wait(lambda r: r["event"] == want)

    def settle(self) -> Report:
        """The screen's state once the event queue has gone quiet (timers released held keys)."""
        time.sleep(0.15)
        return self.ask("state")

    def click(self, command: str) -> None:
        """Clicks what ``command`` locates, once the screen shows it (screens build after a log-in)."""
        deadline = time.monotonic() + 10
        where = self.ask(command)
        while not where["found"] and time.monotonic() < deadline:
            time.sleep(0.1)
            where = self.ask(command)
        assert where["found"], f"nothing on the screen for {command!r}: {self.ask('state')}"
        self.x.click(where["x"], where["y"])

    def click_tab(self, title: str) -> None:
        self.click(f"where {title}")

    def click_widget(self, name: str) -> None:
        self.click(f"where-widget {name}")

    def screenshot(self, name: str) -> Path:
        return self.x.screenshot(self.shots / f"{name}.png")

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=10)
        self.process.stdin.close()
        self.process.stdout.close()
        self._stderr.close()

    def journal(self, kind: str) -> list[dict[str, Any]]:
        """The station's records of ``kind`` as they state them (shared parts filled in)."""
        conn = sqlite3.connect(self.db)
        try:
            rows = conn.execute(
                "SELECT content FROM journal WHERE kind = ? ORDER BY seq", (kind,)
            ).fetchall()
            return [parts.expand(conn, r[0]) for r in rows]
        finally:
            conn.close()


#: The longest pause between two keys of one scan, as a technician sets it. Scanners send every
#: 2-8 ms; under a loaded CI machine XTest delivery jitters, so the tests leave room below the
#: 250 ms of their human typist.
MAX_GAP_MS = 80


def configure_wedge(db: Path, station: str = "FA-01", **wedge: Any) -> None:
    """Sets the station's keyboard-wedge settings as the technician's screen does (journalled)."""
    from app.capture import station_setup

    store = StationStore(db)
    try:
        settings = station_setup.scanner_settings(store.reader, station)
        settings["wedge"].update(wedge)
        store.write(
            lambda conn: station_setup.save_scanner_settings(
                conn,
                station,
                settings,
                by={"name": "test technician"},
                reason="real-keyboard test: wedge timing for a loaded CI machine",
            )
        )
    finally:
        store.close()


@pytest.fixture
def station(xserver: XServer, demo_db: Path, tmp_path: Path) -> Iterator[Station]:
    shots = tmp_path / "screens"
    shots.mkdir()
    configure_wedge(demo_db, max_gap_ms=MAX_GAP_MS)
    s = Station(xserver, demo_db, "FA-01", shots)
    yield s
    s.close()


def scanned(station: Station) -> list[str]:
    return [r["text"] for r in station.seen if r["event"] == "scanned"]


@pytest.mark.parametrize("delay_ms", [2, 8])
def test_a_badge_with_capitals_at_scanner_speed_logs_in(station: Station, delay_ms: int) -> None:
    station.x.type_code("BDG-1002", delay_ms)
    login = station.wait(lambda r: r["event"] in ("login", "refused"))
    assert login["event"] == "login", login
    assert "Ben Costa" in login["message"]
    assert scanned(station) == ["BDG-1002"]  # one scan, the capitals and the dash kept
    state = station.settle()
    assert state["screen"] == "Station"
    assert state["operator"]["typed"] == ""
    station.screenshot(f"badge-{delay_ms}ms")


def test_a_badge_typed_at_human_speed_is_typing_and_logs_in(station: Station) -> None:
    station.x.type_code("BDG-1002", 250)
    login = station.wait(lambda r: r["event"] in ("login", "refused"))
    assert login["event"] == "login", login
    assert scanned(station) == []  # the field took the typing, Enter in the field logged in


@pytest.mark.parametrize(("delay_ms", "suffix"), [(3, "\r"), (6, "\r\n"), (8, "\r")])
def test_a_whole_unit_scanned_at_the_operator_screen_is_committed(
    station: Station, delay_ms: int, suffix: str
) -> None:
    store = StationStore(station.db)
    try:
        boards = provision_boards(store, 1, f"X{delay_ms}{len(suffix)}")
        (unit,) = unit_scans(store.reader, boards, f"X{delay_ms}{len(suffix)}")
    finally:
        store.close()
    station.x.type_code("BDG-1002", delay_ms, suffix)
    station.wait(lambda r: r["event"] == "login")
    for code in unit.codes():
        station.x.type_code(code, delay_ms, suffix)
        station.wait(lambda r: r["event"] in ("unit", "component", "refused"))
    committed = station.wait(lambda r: r["event"] in ("committed", "refused"))
    assert committed["event"] == "committed", station.seen[-6:]
    assert scanned(station) == ["BDG-1002", *unit.codes()]  # the UDI's GS (Ctrl+]) kept
    state = station.settle()
    assert state["operator"]["typed"] == ""  # nothing leaked into the typed-entry field
    assert not [r for r in station.seen if r["event"] == "refused"]
    (record,) = [r for r in station.journal("assembly") if r["unit"]["serial"] == unit.serial]
    assert sorted(c["id"] for c in record["components"]) == sorted([unit.board, *unit.lots])
    station.screenshot(f"operator-committed-{delay_ms}ms")


def test_a_reel_scanned_by_its_supplier_label_is_recorded_with_the_label_data(
    station: Station,
) -> None:
    from app.capture.demo_line import SUPPLIER_PARTS
    from app.codes.mh10 import compose

    store = StationStore(station.db)
    try:
        boards = provision_boards(store, 1, "XREEL")
        (unit,) = unit_scans(store.reader, boards, "XREEL")
        battery, supplier_lot = store.reader.execute(
            "SELECT id, supplier_lot FROM lots WHERE part_number = 'BAT-LI-2S' AND id IN "
            f"({', '.join('?' for _ in unit.lots)})",
            unit.lots,
        ).fetchone()
    finally:
        store.close()
    label = compose(
        [
            ("P", "BAT-LI-2S"),
            ("1P", SUPPLIER_PARTS["BAT-LI-2S"]),
            ("Q", "40"),
            ("10D", "2547"),
            ("1T", supplier_lot),
            ("1V", "Meridian Cells"),
            ("3S", "REEL-000417"),
        ]
    )
    station.x.type_code("BDG-1002", 4)
    station.wait(lambda r: r["event"] == "login")
    codes = [label if code == battery else code for code in unit.codes()]
    for code in codes:  # RS as Ctrl+^, GS as Ctrl+], EOT as Ctrl+D, a space in the maker's name
        station.x.type_code(code, 4)
        station.wait(lambda r: r["event"] in ("unit", "component", "refused"))
    committed = station.wait(lambda r: r["event"] in ("committed", "refused"))
    assert committed["event"] == "committed", station.seen[-6:]
    (record,) = [r for r in station.journal("assembly") if r["unit"]["serial"] == unit.serial]
    entry = next(c for c in record["components"] if c["part_number"] == "BAT-LI-2S")
    assert (entry["id"], entry["supplier_lot"], entry["supplier_part"]) == (
        battery,
        supplier_lot,
        SUPPLIER_PARTS["BAT-LI-2S"],
    )
    assert (entry["date_code"], entry["package_id"]) == ("2547", "REEL-000417")
    assert entry["scan"]["text"] == label  # RS, GS and EOT as the scanner sent them
    station.screenshot("operator-supplier-label")


@pytest.mark.parametrize("delay_ms", [4, 30])
def test_a_password_typed_at_scanner_speed_is_never_a_scan_nor_journalled(
    station: Station, delay_ms: int
) -> None:
    # A password manager's auto-type: name, Tab, password, Enter, all in one fast run.
    station.click_widget("usernameField")
    station.x.type_code(f"supervisor\t{DEMO_PASSWORD}", delay_ms)
    login = station.wait(lambda r: r["event"] in ("login", "refused", "login-failed"))
    assert login["event"] == "login", login
    assert "supervisor" in login["message"].lower()
    station.screenshot(f"password-{delay_ms}ms")
    # A wrong password at scanner speed: refused, and still never seen anywhere.
    station.x.xdotool("key", "F12")  # log out
    station.wait(lambda r: r["event"] == "logout")
    wrong = "Wr0ng-Secret!x"
    station.click_widget("usernameField")
    station.x.type_code(f"supervisor\t{wrong}", delay_ms)
    station.wait(lambda r: r["event"] in ("refused", "login-failed"))
    state = station.settle()
    assert state["password_length"] == 0
    assert state["username"] == "supervisor"
    assert scanned(station) == []
    station.close()
    for secret in (DEMO_PASSWORD, wrong):
        dump = "\n".join(sqlite3.connect(station.db).iterdump())
        assert secret not in dump  # the whole database: journal, outbox, settings
        assert secret not in "".join(station.lines)  # what the station reported
        assert secret not in station.stderr_path.read_text()  # its log


def test_a_tab_suffix_scanner_logs_in_and_a_fast_password_still_stays_private(
    xserver: XServer, demo_db: Path, tmp_path: Path
) -> None:
    configure_wedge(demo_db, max_gap_ms=MAX_GAP_MS, suffix="TAB")
    station = Station(xserver, demo_db, "FA-01", tmp_path)
    try:
        station.x.type_code("BDG-1002", 4, "\t")
        login = station.wait(lambda r: r["event"] in ("login", "refused"))
        assert login["event"] == "login", login
        assert scanned(station) == ["BDG-1002"]
        station.x.xdotool("key", "F12")
        station.wait(lambda r: r["event"] == "logout")
        station.click_widget("usernameField")
        station.x.type_code(f"supervisor\t{DEMO_PASSWORD}", 4)  # "supervisor Tab" is no scan
        login = station.wait(lambda r: r["event"] in ("login", "refused", "login-failed"))
        assert login["event"] == "login", login
        assert scanned(station) == ["BDG-1002"]
    finally:
        station.close()
    assert DEMO_PASSWORD not in "\n".join(sqlite3.connect(demo_db).iterdump())
    assert DEMO_PASSWORD not in station.stderr_path.read_text()


def test_the_trace_screen_takes_a_scanned_lot(station: Station) -> None:
    station.click_widget("usernameField")
    station.x.type_code(f"supervisor\t{DEMO_PASSWORD}", 60)
    station.wait(lambda r: r["event"] == "login")
    station.click_tab("Trace")
    time.sleep(0.2)
    conn = sqlite3.connect(station.db)
    lot = conn.execute(
        "SELECT component FROM components WHERE kind = 'lot' GROUP BY component "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()
    station.x.type_code(lot, 5)
    station.wait(lambda r: r["event"] == "scanned")
    deadline = time.monotonic() + 10
    state = station.settle()
    while time.monotonic() < deadline and not any(t for t in state.get("tables", [])):
        state = station.settle()
    assert state["screen"] == "Trace"
    assert scanned(station) == [lot]
    assert any(state["tables"]), "the trace found no units for the scanned lot"
    station.screenshot("trace")


def test_the_scanner_test_screen_shows_the_bytes_and_gs_of_a_real_scan(station: Station) -> None:
    station.click_widget("usernameField")
    station.x.type_code(f"technician\t{DEMO_PASSWORD}", 60)
    station.wait(lambda r: r["event"] == "login")
    station.click_tab("Scanners")
    time.sleep(0.2)
    udi = "0109506000134352" + "17271231" + "10Ab1" + "\x1d" + "21XYZ"
    station.x.type_code(udi, 4)
    station.wait(lambda r: r["event"] == "scanned")
    state = station.settle()
    assert state["screen"] == "Scanners"
    results = [t for t in state["tables"] if t and len(t[0]) == 5]
    assert results, state["tables"]
    hex_bytes, visible, kind, _value, meaning = results[0][0]
    assert "<GS>" in visible
    assert kind == "udi", meaning
    assert "1d" in hex_bytes.lower()
    assert "Ab1" in meaning  # the capital reached the lot
    station.screenshot("scanner-test")


def test_shutdown_leaves_no_stray_station(xserver: XServer, demo_db: Path, tmp_path: Path) -> None:
    s = Station(xserver, demo_db, "FA-01", tmp_path)
    s.close()
    assert s.process.returncode == 0
    shutil.rmtree(tmp_path, ignore_errors=True)
