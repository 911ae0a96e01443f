"""Technician setup of instruments: configuration, connection test, live readings, calibrations."""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.environment import Calibration, EnvWindow, calibration_state
from app.domain.instruments import CalibrationRecord, CalibrationStatus, InstrumentConfig
from app.store import instruments
from app.ui.context import StationContext, TaskError
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section
from app.ui.supervisor.models import AMBER, GREEN, RED
from drivers import probe as drivers_probe
from drivers import registry
from drivers.base import DriverError, Reading
from drivers.probe import reply_timeout
from drivers.worker import InstrumentWorker

CURVE_COLOURS = ("#5cc8ff", "#ffcc4d", "#5ef29c", "#ff7b7b", "#c39bff")
STATE_COLOUR = {
    Calibration.VALID: GREEN,
    Calibration.DUE_SOON: AMBER,
    Calibration.OVERDUE: RED,
    Calibration.NONE: RED,
}


def list_ports() -> list[str]:
    """Serial ports the operating system knows (pseudo-terminals are not listed: type them)."""
    try:
        from serial.tools import list_ports as tools

        return sorted(p.device for p in tools.comports())
    except Exception:  # an odd platform must not break the screen
        return []


def _cell_text(item: QTableWidgetItem | None) -> str:
    return "" if item is None else item.text().strip()


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


@dataclass(frozen=True)
class ProbeResult:
    """What a connection test got: the readings of the first reply and a status for people."""

    readings: list[Reading]
    status: str

    @property
    def ok(self) -> bool:
        """Whether the instrument answered with a reading."""
        return bool(self.readings)


def probe(config: InstrumentConfig, timeout: float = 4.0) -> ProbeResult:
    """Opens the instrument, reads one reply (every quantity of it) and closes. Blocks.

    Raises:
        ValueError: the configuration does not suit the driver.
        registry.UnknownDriver: no such driver.
    """
    options = dict(config.options)
    options.setdefault("reply_timeout_s", reply_timeout(timeout))
    driver = registry.get(config.driver).factory(
        registry.driver_config(
            InstrumentConfig(**{**config.__dict__, "options": options, "poll_interval_s": 0.1})
        )
    )
    try:
        result = drivers_probe.probe(driver, timeout)
    except DriverError as exc:
        return ProbeResult([], f"{config.driver} on {config.port}: {exc}")
    status = result.status.describe()
    if not result.readings:
        return ProbeResult(
            [],
            f"no reading within {timeout:g} s ({status}); check the port, the line settings "
            f"({config.serial}) and the instrument's mode",
        )
    return ProbeResult(result.readings, status)


class LiveReadings(QObject):
    """One instrument's worker with readings delivered on the GUI thread."""

    reading = Signal(object)
    status = Signal(str)

    def __init__(self, config: InstrumentConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        driver = registry.create(config)
        self.worker = InstrumentWorker(
            driver,
            self.reading.emit,
            on_status=lambda s: self.status.emit(s.describe()),
            read_timeout=0.2,
        )

    def start(self) -> LiveReadings:
        """Starts reading."""
        self.worker.start()
        return self

    def stop(self) -> None:
        """Stops the worker thread and closes the port (within one read timeout, 0.2 s)."""
        self.worker.stop(timeout=2.0)


class InstrumentsWidget(QWidget):
    """Instruments of this station: add and configure, test, watch live, record calibrations.

    Every change is journalled as a ``config`` row with the technician's name and the time.
    """

    title = "Instruments"
    saved = Signal(object)  # InstrumentConfig
    tested = Signal(object)  # ProbeResult
    calibrated = Signal(object)  # CalibrationRecord

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.configs: list[InstrumentConfig] = []
        self.current: InstrumentConfig | None = None
        self.live: LiveReadings | None = None
        self._series: dict[str, tuple[deque[float], deque[float], Any]] = {}

        # -- the list ---------------------------------------------------------------------------
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            ["Instrument", "Driver", "Calibration", "Poll", "Port"]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.add_button = QPushButton("Add instrument")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.empty = QLabel("No instruments are configured at this station yet: add one.")
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty)
        ll.addWidget(self.add_button)

        # -- configuration ----------------------------------------------------------------------
        self.ident = QLineEdit()
        self.ident.setPlaceholderText("e.g. hmt-fa01 (no spaces)")
        self.name = QLineEdit()
        self.name.setPlaceholderText("what it is and where, e.g. Vaisala HMT330 above FA-01")
        self.driver = QComboBox()
        for name in registry.NAMES:
            self.driver.addItem(name, name)
        self.driver.currentIndexChanged.connect(self._on_driver_changed)
        self.driver_hint = QLabel()
        self.driver_hint.setObjectName("screenHint")
        self.driver_hint.setWordWrap(True)
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.setMinimumWidth(260)
        self.ports_button = QPushButton("Refresh ports")
        self.ports_button.clicked.connect(self._on_ports_clicked)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port, 1)
        port_row.addWidget(self.ports_button)
        self.serial = QLineEdit("9600 8N1")
        self.serial.setToolTip("Line settings as the manual writes them: '4800 7E1', '9600 8N1'")
        self.poll = QDoubleSpinBox()
        self.poll.setRange(0.05, 3600)
        self.poll.setDecimals(2)
        self.poll.setSuffix(" s")
        self.poll.setValue(1.0)
        self.stale = QDoubleSpinBox()
        self.stale.setRange(0.5, 86_400)
        self.stale.setSuffix(" s")
        self.stale.setValue(10.0)
        self.options = QPlainTextEdit()
        self.options.setPlaceholderText(
            '{"registers": [...]}  driver options as JSON: register map, scaling, FORM string'
        )
        self.options.setMaximumHeight(90)
        self.alarms = QTableWidget(0, 5)
        self.alarms.setHorizontalHeaderLabels(["Quantity", "Unit", "Low", "High", "Max age (s)"])
        self.alarms.verticalHeader().setVisible(False)
        self.alarms.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.alarms.setMaximumHeight(130)
        add_alarm = QPushButton("+ window")
        add_alarm.clicked.connect(self._on_add_alarm_clicked)
        remove_alarm = QPushButton("− window")
        remove_alarm.clicked.connect(self._on_remove_alarm_clicked)
        alarm_buttons = QHBoxLayout()
        alarm_buttons.addWidget(add_alarm)
        alarm_buttons.addWidget(remove_alarm)
        alarm_buttons.addStretch()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("reason for the change (kept in the journal)")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Instrument id", self.ident)
        form.addRow("Name", self.name)
        form.addRow("Driver", self.driver)
        form.addRow("", self.driver_hint)
        form.addRow("Port", port_row)
        form.addRow("Serial settings", self.serial)
        form.addRow("Poll interval", self.poll)
        form.addRow("Stale after", self.stale)
        form.addRow("Driver options", self.options)
        form.addRow("Alarm windows", self.alarms)
        form.addRow("", alarm_buttons)
        form.addRow("Reason", self.reason)

        self.message = BannerLabel()
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self._on_test_clicked)
        self.retire_button = QPushButton("Retire")
        self.retire_button.clicked.connect(self._on_retire_clicked)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch()
        buttons.addWidget(self.retire_button)
        buttons.addWidget(self.save_button)
        config_tab = QWidget()
        config_tab.setObjectName("cardBody")
        cl = QVBoxLayout(config_tab)
        cl.addLayout(form)
        cl.addWidget(self.message)
        cl.addLayout(buttons)
        cl.addStretch()

        # -- live readings ----------------------------------------------------------------------
        self.live_button = QPushButton("Start live readings")
        self.live_button.setObjectName("primary")
        self.live_button.clicked.connect(self._on_live_clicked)
        self.live_status = QLabel("Not reading.")
        self.live_status.setObjectName("screenHint")
        self.plot = pg.PlotWidget(background="#121c29", axisItems={"bottom": pg.DateAxisItem()})
        self.plot.showGrid(x=True, y=True, alpha=0.18)
        self.plot.setMenuEnabled(False)
        self.plot.addLegend(offset=(-10, 10), labelTextColor="#eef2f7")
        for axis in ("left", "bottom"):
            self.plot.getPlotItem().getAxis(axis).setTextPen("#b8c4d6")
            self.plot.getPlotItem().getAxis(axis).setPen("#3a4d68")
        self.latest = QTableWidget(0, 5)
        self.latest.setHorizontalHeaderLabels(
            ["Quantity", "Value", "Quality", "Read at (UTC)", "Raw"]
        )
        self.latest.verticalHeader().setVisible(False)
        self.latest.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((170, 110, 80, 120)):
            self.latest.setColumnWidth(col, width)
        self.latest.setMaximumHeight(150)
        live_row = QHBoxLayout()
        live_row.addWidget(self.live_button)
        live_row.addWidget(self.live_status, 1)
        live_tab = QWidget()
        live_tab.setObjectName("cardBody")
        lv = QVBoxLayout(live_tab)
        lv.addLayout(live_row)
        lv.addWidget(self.plot, 1)
        lv.addWidget(self.latest)

        # -- calibration ------------------------------------------------------------------------
        self.calibration_state = BannerLabel()
        self.calibrations = QTableWidget(0, 5)
        self.calibrations.setHorizontalHeaderLabels(
            ["Performed", "Due", "Certificate", "Performed by", "Recorded (UTC)"]
        )
        self.calibrations.verticalHeader().setVisible(False)
        self.calibrations.horizontalHeader().setStretchLastSection(True)
        self.calibrations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        today = QDate.currentDate()
        self.performed_on = QDateEdit(today)
        self.performed_on.setCalendarPopup(True)
        self.performed_on.setDisplayFormat("yyyy-MM-dd")
        self.due_on = QDateEdit(today.addYears(1))
        self.due_on.setCalendarPopup(True)
        self.due_on.setDisplayFormat("yyyy-MM-dd")
        self.certificate = QLineEdit()
        self.certificate.setPlaceholderText("certificate number, e.g. DAkkS D-K-15070 2026-1142")
        self.performed_by = QLineEdit()
        self.performed_by.setPlaceholderText("laboratory or person")
        self.calibrate_button = QPushButton("Record calibration")
        self.calibrate_button.setObjectName("primary")
        self.calibrate_button.clicked.connect(self._on_calibrate_clicked)
        cal_form = QFormLayout()
        cal_form.addRow("Performed on", self.performed_on)
        cal_form.addRow("Due on", self.due_on)
        cal_form.addRow("Certificate", self.certificate)
        cal_form.addRow("Performed by", self.performed_by)
        cal_tab = QWidget()
        cal_tab.setObjectName("cardBody")
        ct = QVBoxLayout(cal_tab)
        ct.addWidget(self.calibration_state)
        ct.addWidget(self.calibrations, 1)
        ct.addWidget(section("New calibration"))
        ct.addLayout(cal_form)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.calibrate_button)
        ct.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.addTab(config_tab, "Configuration")
        self.tabs.addTab(live_tab, "Live readings")
        self.tabs.addTab(cal_tab, "Calibration")

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(card(self.tabs))
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([560, 860])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            heading(
                "Instruments",
                f"Transmitters and analysers feeding station {context.station_id}. Every change "
                "and calibration is journalled with your name and the time.",
            )
        )
        layout.addWidget(split, 1)
        self._on_driver_changed(0)
        self._on_ports_clicked()
        self.new_instrument()
        self.refresh()

    # -- list -------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        """Reloads the instruments and their calibration state."""
        store, station = self.context.store, self.context.station_id

        def load() -> tuple[list[InstrumentConfig], dict[str, CalibrationStatus]]:
            conn = store.reader
            configs = instruments.configured(conn, station)
            report = instruments.calibration_report(conn, datetime.now(UTC).date(), station)
            return configs, {r.instrument: r for r in report}

        self.context.run_task(load, lambda r: self._on_list_loaded(r, select), self._on_failed)

    def _on_list_loaded(
        self,
        loaded: tuple[list[InstrumentConfig], dict[str, CalibrationStatus]],
        select: str | None,
    ) -> None:
        configs, report = loaded
        self.configs = configs
        self.report = report
        self.table.blockSignals(True)
        self.table.setRowCount(len(configs))
        for r, c in enumerate(configs):
            cal = report.get(c.id)
            values = [c.id, c.driver, "", f"{c.poll_interval_s:g} s", c.port or "—"]
            for col, value in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(value))
            if cal is not None:
                item = QTableWidgetItem(
                    f"{cal.state}" + (f" · due {cal.due_on}" if cal.due_on else "")
                )
                item.setForeground(STATE_COLOUR[cal.state])
                self.table.setItem(r, 2, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self.empty.setVisible(not configs)
        target = select or (self.current.id if self.current and self.current.revision else None)
        for r, c in enumerate(configs):
            if c.id == target:
                self.table.selectRow(r)
                return

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_instrument(self.configs[rows[0].row()])

    def _on_add_clicked(self) -> None:
        self.table.clearSelection()
        self.new_instrument()

    def new_instrument(self) -> None:
        """Clears the form for a new instrument."""
        self._stop_live()
        self.current = None
        self.ident.setReadOnly(False)
        for w in (self.ident, self.name, self.reason):
            w.clear()
        self.options.clear()
        self.alarms.setRowCount(0)
        self.retire_button.setEnabled(False)
        self.tabs.setTabEnabled(1, False)
        self.tabs.setTabEnabled(2, False)
        self.message.set_message("")

    def show_instrument(self, config: InstrumentConfig) -> None:
        """Fills the form with ``config``."""
        if self.current is None or self.current.id != config.id:
            self._stop_live()
        self.current = config
        self.ident.setText(config.id)
        self.ident.setReadOnly(True)
        self.name.setText(config.name)
        self.driver.setCurrentIndex(max(0, self.driver.findData(config.driver)))
        self.port.setEditText(config.port)
        self.serial.setText(config.serial)
        self.poll.setValue(config.poll_interval_s)
        self.stale.setValue(config.stale_after_s)
        self.options.setPlainText(json.dumps(config.options, indent=1) if config.options else "")
        self.alarms.setRowCount(0)
        for w in config.alarms:
            self._add_alarm_row(w)
        self.reason.clear()
        self.retire_button.setEnabled(True)
        self.tabs.setTabEnabled(1, True)
        self.tabs.setTabEnabled(2, True)
        self.message.set_message(f"Revision {config.revision}.", "info")
        self._load_calibrations()

    # -- form ---------------------------------------------------------------------------------------
    def _on_driver_changed(self, _index: int) -> None:
        name = self.driver.currentData()
        try:
            info = registry.get(name)
        except registry.UnknownDriver as exc:
            self.driver_hint.setText(str(exc))
            return
        quantities = ", ".join(info.quantities) or "—"
        self.driver_hint.setText(f"{info.summary} Quantities: {quantities}.")
        if self.current is None:
            self.serial.setText(str(info.default_serial))

    def _on_ports_clicked(self) -> None:
        text = self.port.currentText()
        self.port.clear()
        self.port.addItems(list_ports())
        self.port.setEditText(text)

    def _add_alarm_row(self, window: EnvWindow | None = None) -> None:
        row = self.alarms.rowCount()
        self.alarms.insertRow(row)
        values = (
            ("", "", "", "", "120")
            if window is None
            else (
                window.quantity,
                window.unit,
                "" if window.low is None else f"{window.low:g}",
                "" if window.high is None else f"{window.high:g}",
                f"{window.max_age_s:g}",
            )
        )
        for col, value in enumerate(values):
            self.alarms.setItem(row, col, QTableWidgetItem(value))

    def _on_add_alarm_clicked(self) -> None:
        self._add_alarm_row()

    def _on_remove_alarm_clicked(self) -> None:
        row = self.alarms.currentRow()
        if row >= 0:
            self.alarms.removeRow(row)

    def form_config(self) -> InstrumentConfig:
        """The configuration as entered.

        Raises:
            ValueError: a field that cannot be read (the message names it).
        """
        text = self.options.toPlainText().strip()
        try:
            options = json.loads(text) if text else {}
        except ValueError as exc:
            raise ValueError(f"driver options are not valid JSON: {exc}") from None
        if not isinstance(options, dict):
            raise ValueError('driver options must be a JSON object, e.g. {"form": "..."}')
        windows = []
        for r in range(self.alarms.rowCount()):
            cells = [_cell_text(self.alarms.item(r, c)) for c in range(5)]
            if not cells[0]:
                continue
            try:
                windows.append(
                    EnvWindow(
                        cells[0],
                        cells[1],
                        float(cells[2]) if cells[2] else None,
                        float(cells[3]) if cells[3] else None,
                        float(cells[4] or 120),
                    )
                )
            except ValueError:
                raise ValueError(
                    f"alarm window {cells[0]}: low, high and age must be numbers"
                ) from None
        return InstrumentConfig(
            id=self.ident.text().strip(),
            driver=str(self.driver.currentData()),
            port=self.port.currentText().strip(),
            serial=self.serial.text().strip() or "9600 8N1",
            poll_interval_s=self.poll.value(),
            stale_after_s=self.stale.value(),
            options=options,
            alarms=tuple(windows),
            name=self.name.text().strip(),
            active=True,
        )

    def _who(self) -> str:
        op = self.context.view.operator
        return f"{op.name} ({op.user_id}, {op.role})" if op else "unknown"

    def save(self) -> None:
        """Validates with the driver and stores the configuration (journalled)."""
        try:
            config = self.form_config()
            config.check()
            registry.get(config.driver).factory(registry.driver_config(config))
        except (ValueError, registry.UnknownDriver) as exc:
            self.message.set_message(str(exc), "bad")
            return
        store, station, by = self.context.store, self.context.station_id, self._who()
        reason = self.reason.text().strip() or (
            "added" if self.current is None else "configuration changed"
        )
        self.save_button.setEnabled(False)
        self.context.run_task(
            lambda: store.write(
                lambda conn: instruments.save(conn, station, config, by=by, reason=reason)
            ),
            self._on_save_done,
            self._on_save_failed,
        )

    def _on_save_clicked(self) -> None:
        self.save()

    def _on_save_done(self, stored: InstrumentConfig) -> None:
        self.save_button.setEnabled(True)
        self.current = stored
        self.message.set_message(
            f"Saved {stored.id}, revision {stored.revision} (journalled as a config change by "
            f"{self._who()}).",
            "ok",
        )
        self.saved.emit(stored)
        self.refresh(select=stored.id)

    def _on_save_failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    def _on_retire_clicked(self) -> None:
        if self.current is None:
            return
        store, station, by = self.context.store, self.context.station_id, self._who()
        ident = self.current.id
        reason = self.reason.text().strip() or "retired"
        self.context.run_task(
            lambda: store.write(
                lambda conn: instruments.retire(conn, station, ident, by=by, reason=reason)
            ),
            self._on_retire_done,
            self._on_save_failed,
        )

    def _on_retire_done(self, _config: InstrumentConfig) -> None:
        self.new_instrument()
        self.refresh()

    # -- test -------------------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Probes the instrument as configured in the form (off the GUI thread)."""
        try:
            config = self.form_config()
            if not config.id:
                config = InstrumentConfig(**{**config.__dict__, "id": "test"})
        except ValueError as exc:
            self.message.set_message(str(exc), "bad")
            return
        self.test_button.setEnabled(False)
        self.message.set_message(f"Testing {config.driver} on {config.port or '—'}…", "info")
        self.context.run_task(lambda: probe(config), self._on_test_done, self._on_test_failed)

    def _on_test_clicked(self) -> None:
        self.test_connection()

    def _on_test_done(self, result: ProbeResult) -> None:
        self.test_button.setEnabled(True)
        if result.ok:
            raw = result.readings[0].raw.decode("latin-1").strip()
            values = ", ".join(
                f"{r.quantity} {r.value if r.value is not None else '—'} {r.unit}"
                for r in result.readings
            )
            self.message.set_message(f"Connected ({result.status}). Raw: {raw!r} → {values}", "ok")
        else:
            self.message.set_message(result.status, "bad")
        self.tested.emit(result)

    def _on_test_failed(self, error: TaskError) -> None:
        self.test_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    # -- live ---------------------------------------------------------------------------------------
    def start_live(self) -> None:
        """Starts reading the selected instrument continuously into the plot."""
        if self.current is None:
            return
        try:
            self.live = LiveReadings(self.current, self)
        except (ValueError, registry.UnknownDriver) as exc:
            self.live_status.setText(str(exc))
            return
        self.plot.clear()
        self._series.clear()
        self.latest.setRowCount(0)
        self.live.reading.connect(self._on_live_reading)
        self.live.status.connect(self._on_live_status)
        # The screen may be deleted while reading (log-out): the port is closed first.
        worker = self.live.worker
        self.destroyed.connect(lambda *_args: worker.stop(timeout=2.0))
        self.live.start()
        self.live_button.setText("Stop")
        self.live_status.setText(f"Reading {self.current.id} on {self.current.port}…")

    def _stop_live(self) -> None:
        if self.live is not None:
            self.live.reading.disconnect(self._on_live_reading)
            self.live.status.disconnect(self._on_live_status)
            self.live.stop()
            self.live = None
            self.live_button.setText("Start live readings")
            self.live_status.setText("Not reading.")

    def _on_live_clicked(self) -> None:
        if self.live is None:
            self.start_live()
        else:
            self._stop_live()

    def _on_live_status(self, text: str) -> None:
        self.live_status.setText(text)

    def _on_live_reading(self, reading: Reading) -> None:
        quantity = reading.quantity
        if reading.value is not None:
            series = self._series.get(quantity)
            if series is None:
                colour = CURVE_COLOURS[len(self._series) % len(CURVE_COLOURS)]
                curve = self.plot.plot(
                    [], [], pen=pg.mkPen(colour, width=2), name=f"{quantity} ({reading.unit})"
                )
                series = (deque(maxlen=600), deque(maxlen=600), curve)
                self._series[quantity] = series
            xs, ys, curve = series
            xs.append(reading.read_at.timestamp())
            ys.append(float(reading.value))
            curve.setData(list(xs), list(ys))
        row = next(
            (
                r
                for r in range(self.latest.rowCount())
                if _cell_text(self.latest.item(r, 0)) == quantity
            ),
            None,
        )
        if row is None:
            row = self.latest.rowCount()
            self.latest.insertRow(row)
        value = "—" if reading.value is None else f"{reading.value:g} {reading.unit}"
        for col, text in enumerate(
            (
                quantity,
                value,
                str(reading.quality),
                reading.read_at.strftime("%H:%M:%S.%f")[:-3],
                reading.raw.decode("latin-1").strip(),
            )
        ):
            item = QTableWidgetItem(text)
            if col == 2:
                item.setForeground(GREEN if reading.quality.usable else AMBER)
            self.latest.setItem(row, col, item)

    @property
    def live_count(self) -> int:
        """Points plotted so far."""
        return sum(len(xs) for xs, _ys, _c in self._series.values())

    # -- calibration --------------------------------------------------------------------------------
    def _load_calibrations(self) -> None:
        if self.current is None:
            return
        store, ident = self.context.store, self.current.id
        self.context.run_task(
            lambda: instruments.calibrations(store.reader, ident),
            self._on_calibrations_loaded,
            self._on_failed,
        )

    def _on_calibrations_loaded(self, records: list[CalibrationRecord]) -> None:
        self.calibrations.setRowCount(len(records))
        for r, rec in enumerate(reversed(records)):
            for col, text in enumerate(
                (
                    rec.performed_on.isoformat(),
                    rec.due_on.isoformat(),
                    rec.certificate,
                    rec.performed_by,
                    rec.recorded_at.strftime("%Y-%m-%d %H:%M"),
                )
            ):
                self.calibrations.setItem(r, col, QTableWidgetItem(text))
        self.calibrations.resizeColumnsToContents()
        if self.current is None:
            return
        due = records[-1].due_on if records else None
        today = datetime.now(UTC).date()
        cal = CalibrationStatus(
            self.current.id,
            calibration_state(due, today, instruments.WARN_DAYS),
            due,
            None if due is None else (due - today).days,
        )
        tone = {Calibration.VALID: "ok", Calibration.DUE_SOON: "warn"}.get(cal.state, "bad")
        self.calibration_state.set_message(cal.describe(), tone)

    def add_calibration(
        self, performed_on: date, due_on: date, certificate: str, performed_by: str
    ) -> None:
        """Records a calibration of the selected instrument (journalled)."""
        if self.current is None:
            return
        store, station, by, ident = (
            self.context.store,
            self.context.station_id,
            self._who(),
            self.current.id,
        )
        self.calibrate_button.setEnabled(False)
        self.context.run_task(
            lambda: store.write(
                lambda conn: instruments.add_calibration(
                    conn,
                    station,
                    ident,
                    performed_on=performed_on,
                    due_on=due_on,
                    certificate=certificate,
                    performed_by=performed_by,
                    by=by,
                )
            ),
            self._on_calibrate_done,
            self._on_calibrate_failed,
        )

    def _on_calibrate_clicked(self) -> None:
        self.add_calibration(
            _day(self.performed_on.date()),
            _day(self.due_on.date()),
            self.certificate.text(),
            self.performed_by.text(),
        )

    def _on_calibrate_done(self, record: CalibrationRecord) -> None:
        self.calibrate_button.setEnabled(True)
        self.certificate.clear()
        self.calibrated.emit(record)
        self._load_calibrations()
        self.refresh(select=record.instrument)

    def _on_calibrate_failed(self, error: TaskError) -> None:
        self.calibrate_button.setEnabled(True)
        self.calibration_state.set_message(error.message, "bad")

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")

    def hideEvent(self, event: QHideEvent) -> None:
        """Live readings stop when the screen is left (the port is freed for the station)."""
        self._stop_live()
        super().hideEvent(event)
