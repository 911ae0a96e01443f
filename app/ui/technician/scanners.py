"""Technician setup of scanners: keyboard-wedge and serial settings, and a test showing raw bytes."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.capture import station_setup
from app.capture.station_setup import ScanReport
from app.domain.entry import EntryMethod
from app.ui.context import StationContext, TaskError
from app.ui.models import local_time, zone_name
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section
from app.ui.supervisor.models import GREEN, RED
from drivers.base import DriverError, SerialSettings
from drivers.serial_scanner import parse_affix
from drivers.serialport import open_port

WEDGE_SUFFIXES = {"CR": "\r", "TAB": "\t", "NONE": ""}


def listen_raw(
    port: str,
    settings: str,
    suffix: bytes,
    timeout: float,
    opened: threading.Event | None = None,
) -> bytes:
    """Reads the bytes of one scan from a serial scanner as they arrive (up to the suffix). Blocks.

    Raises:
        DriverError: the port cannot be opened.
        TimeoutError: nothing complete arrived within ``timeout`` seconds.
    """
    link = open_port(port, SerialSettings.parse(settings))
    if opened is not None:
        opened.set()  # from now on no byte of the scan is lost
    data = bytearray()
    last = 0.0
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunk = link.read(max(1, link.in_waiting))
            if chunk:
                data += chunk
                last = time.monotonic()
                if suffix and data.endswith(suffix):
                    return bytes(data)
            elif data and not suffix and time.monotonic() - last > 0.3:
                return bytes(data)
    finally:
        link.close()
    if data:
        return bytes(data)
    raise TimeoutError(f"no scan arrived on {port} within {timeout:g} s: pull the trigger")


class ScannersWidget(QWidget):
    """Keyboard-wedge and serial scanner settings (journalled) and a scan test: the raw bytes
    of each scan and how the station interprets them."""

    title = "Scanners"
    saved = Signal()
    scanned = Signal(object)  # ScanReport

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.reports: list[ScanReport] = []
        self.listening = threading.Event()  # set while the serial port is open for a test

        self.wedge_enabled = QCheckBox(self.tr("Keyboard-wedge scanner (USB HID) in use"))
        self.wedge_prefix = QLineEdit()
        self.wedge_prefix.setPlaceholderText(self.tr("none"))
        self.wedge_suffix = QLineEdit("CR")
        self.wedge_suffix.setToolTip(self.tr("CR (Enter), TAB or NONE"))
        self.wedge_gap = QDoubleSpinBox()
        self.wedge_gap.setRange(1, 500)
        self.wedge_gap.setSuffix(self.tr(" ms"))
        self.wedge_min = QSpinBox()
        self.wedge_min.setRange(1, 100)
        wedge_form = QFormLayout()
        wedge_form.addRow(self.wedge_enabled)
        wedge_form.addRow(self.tr("Prefix"), self.wedge_prefix)
        wedge_form.addRow(self.tr("Suffix"), self.wedge_suffix)
        wedge_form.addRow(self.tr("Longest pause between keys"), self.wedge_gap)
        wedge_form.addRow(self.tr("Shortest scan"), self.wedge_min)

        self.serial_enabled = QCheckBox(self.tr("Serial scanner (RS-232 / USB-CDC) in use"))
        self.serial_port = QLineEdit()
        self.serial_port.setPlaceholderText(self.tr("/dev/ttyACM0 or COM3"))
        self.serial_settings = QLineEdit("9600 8N1")
        self.serial_prefix = QLineEdit()
        self.serial_prefix.setPlaceholderText(self.tr("none"))
        self.serial_suffix = QLineEdit("CR")
        self.serial_suffix.setToolTip(self.tr(r"CR, LF, CRLF, TAB, STX, ETX, NONE or \r\n"))
        serial_form = QFormLayout()
        serial_form.addRow(self.serial_enabled)
        serial_form.addRow(self.tr("Port"), self.serial_port)
        serial_form.addRow(self.tr("Serial settings"), self.serial_settings)
        serial_form.addRow(self.tr("Prefix"), self.serial_prefix)
        serial_form.addRow(self.tr("Suffix"), self.serial_suffix)

        self.message = BannerLabel()
        self.save_button = QPushButton(self.tr("Save scanner settings"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reason = QLineEdit()
        self.reason.setObjectName("scannerReason")
        self.reason.setPlaceholderText(self.tr("reason for the change (required, journalled)"))
        self.reason.returnPressed.connect(self._on_save_clicked)
        save_row = QHBoxLayout()
        save_row.addWidget(self.message, 1)
        save_row.addWidget(self.reason, 1)
        save_row.addWidget(self.save_button)

        wedge_box = QWidget()
        wb = QVBoxLayout(wedge_box)
        wb.setContentsMargins(0, 0, 0, 0)
        wb.addWidget(section(self.tr("Keyboard wedge")))
        wb.addLayout(wedge_form)
        serial_box = QWidget()
        sb = QVBoxLayout(serial_box)
        sb.setContentsMargins(0, 0, 0, 0)
        sb.addWidget(section(self.tr("Serial scanner")))
        sb.addLayout(serial_form)
        settings_card = card(wedge_box, serial_box, horizontal=True)

        # -- test ---------------------------------------------------------------------------------
        self.test_input = QLineEdit()
        self.test_input.setPlaceholderText(
            self.tr(
                "scan into this field, or type a code (write <GS> for the group separator) and Enter"
            )
        )
        self.test_input.returnPressed.connect(self._on_test_input_return_pressed)
        self.listen_button = QPushButton(self.tr("Listen on serial scanner"))
        self.listen_button.clicked.connect(self._on_listen_clicked)
        self.test_message = BannerLabel()
        self.results = QTableWidget(0, 5)
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Raw bytes (hex)"),
                self.tr("As received"),
                self.tr("Kind"),
                self.tr("Value"),
                self.tr("Interpretation"),
            ]
        )
        self.results.verticalHeader().setVisible(False)
        self.results.horizontalHeader().setStretchLastSection(True)
        self.results.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_input, 1)
        test_row.addWidget(self.listen_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Scanners"),
                self.tr(
                    "How this station's scanners frame a scan. Test a scanner below: each scan shows "
                    "the bytes that arrived and what the station makes of them."
                ),
            )
        )
        layout.addWidget(settings_card)
        layout.addLayout(save_row)
        layout.addWidget(section(self.tr("Scan test")))
        layout.addLayout(test_row)
        layout.addWidget(self.test_message)
        layout.addWidget(self.results, 1)
        self.load()

    # -- settings ---------------------------------------------------------------------------------
    def load(self) -> None:
        """Reads the stored settings into the form."""
        store, station = self.context.store, self.context.station_id
        self.context.run_task(
            lambda: station_setup.scanner_settings(store.reader, station),
            self._on_settings_loaded,
            self._on_failed,
        )

    def _on_settings_loaded(self, settings: dict[str, dict[str, Any]]) -> None:
        w, s = settings["wedge"], settings["serial"]
        self.wedge_enabled.setChecked(bool(w["enabled"]))
        self.wedge_prefix.setText(str(w["prefix"]))
        self.wedge_suffix.setText(str(w["suffix"]))
        self.wedge_gap.setValue(float(w["max_gap_ms"]))
        self.wedge_min.setValue(int(w["min_length"]))
        self.serial_enabled.setChecked(bool(s["enabled"]))
        self.serial_port.setText(str(s["port"]))
        self.serial_settings.setText(str(s["serial"]))
        self.serial_prefix.setText(str(s["prefix"]))
        self.serial_suffix.setText(str(s["suffix"]))

    def form_settings(self) -> dict[str, dict[str, Any]]:
        """The settings as entered.

        Raises:
            ValueError: a suffix, prefix or line setting that cannot be read.
        """
        if self.wedge_suffix.text().strip().upper() not in WEDGE_SUFFIXES:
            raise ValueError("the wedge suffix is CR (Enter), TAB or NONE")
        parse_affix(self.serial_prefix.text() or "NONE")
        parse_affix(self.serial_suffix.text() or "NONE")
        SerialSettings.parse(self.serial_settings.text())
        return {
            "wedge": {
                "enabled": self.wedge_enabled.isChecked(),
                "prefix": self.wedge_prefix.text(),
                "suffix": self.wedge_suffix.text().strip().upper(),
                "max_gap_ms": self.wedge_gap.value(),
                "min_length": self.wedge_min.value(),
            },
            "serial": {
                "enabled": self.serial_enabled.isChecked(),
                "port": self.serial_port.text().strip(),
                "serial": self.serial_settings.text().strip(),
                "prefix": self.serial_prefix.text(),
                "suffix": self.serial_suffix.text().strip() or "NONE",
            },
        }

    def save(self) -> None:
        """Stores the settings (a ``config`` journal row with who and when)."""
        try:
            settings = self.form_settings()
        except ValueError as exc:
            self.message.set_message(str(exc), "bad")
            return
        reason = self.reason.text().strip()
        if not reason:
            self.message.set_message(
                self.tr("Give a reason for the change: it is journalled."), "bad"
            )
            self.reason.setFocus()
            return
        op = self.context.view.operator
        by = op.as_content() if op else {"name": "unknown"}
        store, station = self.context.store, self.context.station_id
        self.context.run_task(
            lambda: store.write(
                lambda conn: station_setup.save_scanner_settings(
                    conn, station, settings, by=by, reason=reason
                )
            ),
            self._on_save_done,
            self._on_failed,
        )

    def _on_save_clicked(self) -> None:
        self.save()

    def _on_save_done(self, row: Any) -> None:
        changes = row.data.get("changes", {})
        what = ", ".join(changes) if changes else "nothing changed"
        self.reason.clear()
        self.message.set_message(
            self.tr("Saved ({what}); journalled at {value}.").format(
                what=what, value=local_time(row.recorded_at) + " " + zone_name()
            ),
            "ok",
        )
        self.saved.emit()

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")

    # -- test -------------------------------------------------------------------------------------
    def handle_scan(self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE) -> None:
        """Shows a scan delivered by the station's wedge filter or a serial scanner worker."""
        suffix = {"CR": b"\r", "TAB": b"\t", "NONE": b""}.get(
            self.wedge_suffix.text().strip().upper(), b"\r"
        )
        prefix = self.wedge_prefix.text().encode("latin-1")
        raw = text.encode("latin-1")
        if entry is EntryMethod.KEYBOARD_WEDGE and suffix and not raw.endswith(suffix):
            raw = prefix + raw + suffix  # the filter removed them; show what the scanner sent
        self.show_report(station_setup.scan_report(raw, prefix=prefix, suffix=suffix, entry=entry))

    def _on_test_input_return_pressed(self) -> None:
        text = self.test_input.text().replace("<GS>", "\x1d")
        self.test_input.clear()
        if text:
            self.handle_scan(text, EntryMethod.TYPED)

    def listen(self, timeout: float = 10.0) -> None:
        """Waits (off the GUI thread) for one scan on the configured serial port."""
        port, settings = self.serial_port.text().strip(), self.serial_settings.text().strip()
        if not port:
            self.test_message.set_message(self.tr("Give the serial scanner's port first."), "bad")
            return
        try:
            prefix = parse_affix(self.serial_prefix.text() or "NONE")
            suffix = parse_affix(self.serial_suffix.text() or "NONE")
        except ValueError as exc:
            self.test_message.set_message(str(exc), "bad")
            return
        self.listen_button.setEnabled(False)
        self.test_message.set_message(
            self.tr("Listening on {port} — pull the trigger…").format(port=port), "info"
        )

        listening = self.listening
        listening.clear()

        def work() -> ScanReport:
            try:
                raw = listen_raw(port, settings, suffix, timeout, listening)
            finally:
                listening.clear()
            return station_setup.scan_report(
                raw, prefix=prefix, suffix=suffix, entry=EntryMethod.SERIAL_SCANNER
            )

        self.context.run_task(work, self._on_listen_done, self._on_listen_failed)

    def _on_listen_clicked(self) -> None:
        self.listen()

    def _on_listen_done(self, report: ScanReport) -> None:
        self.listen_button.setEnabled(True)
        self.show_report(report)

    def _on_listen_failed(self, error: TaskError) -> None:
        self.listen_button.setEnabled(True)
        original = error.original
        hint = " (check port and line settings)" if isinstance(original, DriverError) else ""
        self.test_message.set_message(error.message + hint, "bad")

    def _remember_layout(self, report: ScanReport) -> None:
        """Stores what the layout test label found: wedge scans are refused while it mismatches."""
        mismatch = None if report.layout_mismatch is None else report.layout_mismatch.as_content()
        op = self.context.view.operator
        by = op.as_content() if op else {"name": "unknown"}
        store, station = self.context.store, self.context.station_id
        session = self.context.session
        found = report.layout_mismatch
        why = (
            "keyboard layout test label: " + found.message
            if found is not None
            else "keyboard layout test label arrived intact"
        )

        def remembered(_row: Any) -> None:
            # The running session refuses (or takes again) wedge scans from now on.
            self.context.run_session(lambda: setattr(session, "layout_mismatch", found))
            self.saved.emit()

        self.context.run_task(
            lambda: store.write(
                lambda conn: station_setup.save_scanner_settings(
                    conn,
                    station,
                    {"wedge": {"layout_mismatch": mismatch}},
                    by=by,
                    reason=why,
                )
            ),
            remembered,
            self._on_failed,
        )

    def show_report(self, report: ScanReport) -> None:
        """Adds one scan's raw bytes and interpretation to the top of the results."""
        self.reports.append(report)
        if report.layout_test:
            self._remember_layout(report)
        self.results.insertRow(0)
        if report.error:
            meaning = f"refused: {report.error}"
        else:
            meaning = ", ".join(f"{k} {v}" for k, v in report.details.items())
        for col, text in enumerate(
            (report.hex, report.visible, report.kind or "—", report.value or "", meaning)
        ):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if col == 2:
                item.setForeground(RED if report.error else GREEN)
            self.results.setItem(0, col, item)
        self.results.resizeColumnsToContents()
        self.results.setColumnWidth(0, min(self.results.columnWidth(0), 320))
        self.results.setColumnWidth(1, min(self.results.columnWidth(1), 380))
        self.results.setColumnWidth(3, min(self.results.columnWidth(3), 300))
        tone = "bad" if report.error else "ok"
        text = (
            f"Unreadable: {report.error}"
            if report.error
            else f"Read as {report.kind}: {report.value}"
        )
        self.test_message.set_message(text, tone)
        self.scanned.emit(report)
