"""Technician setup of instruments: configuration, connection test, live readings, calibrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.instruments import CalibrationRecord, CalibrationStatus, InstrumentConfig
from app.store import instruments
from app.ui.context import StationContext, TaskError
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame
from app.ui.technician.instrument_calibration import CalibrationWidget
from app.ui.technician.instrument_form import InstrumentFormWidget
from app.ui.technician.instrument_live import LiveReadingsWidget
from app.ui.technician.instrument_models import InstrumentListModel
from drivers import probe as drivers_probe
from drivers import registry
from drivers.base import DriverError, Reading
from drivers.probe import reply_timeout


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


class InstrumentsWidget(QWidget):
    """Instruments of this station: add and configure, test, watch live, record calibrations.

    The list, the form, the live view and the calibrations are widgets of their own; this screen
    holds the instrument being edited and turns the buttons into journalled store writes. Every
    change is journalled as a ``config`` row with the technician's name and the time.
    """

    title = "Instruments"
    saved = Signal(object)  # InstrumentConfig
    tested = Signal(object)  # ProbeResult
    calibrated = Signal(object)  # CalibrationRecord

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.current: InstrumentConfig | None = None

        self.table_model = InstrumentListModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.add_button = QPushButton(self.tr("Add instrument"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.empty = QLabel(self.tr("No instruments are configured at this station yet: add one."))
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty)
        ll.addWidget(self.add_button)

        self.form = InstrumentFormWidget()
        self.message = BannerLabel()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self._on_test_clicked)
        self.retire_button = QPushButton(self.tr("Retire"))
        self.retire_button.clicked.connect(self._on_retire_clicked)
        self.save_button = QPushButton(self.tr("Save"))
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
        cl.addWidget(self.form)
        cl.addWidget(self.message)
        cl.addLayout(buttons)
        cl.addStretch()

        self.live = LiveReadingsWidget()
        self.calibration = CalibrationWidget(context, self._who)
        self.calibration.calibrated.connect(self._on_calibration_calibrated)

        self.tabs = QTabWidget()
        self.tabs.addTab(config_tab, self.tr("Configuration"))
        self.tabs.addTab(self.live, self.tr("Live readings"))
        self.tabs.addTab(self.calibration, self.tr("Calibration"))

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
                self.tr("Instruments"),
                self.tr(
                    "Transmitters and analysers feeding station {station_id}. Every change and calibration is journalled with your name and the time."
                ).format(station_id=context.station_id),
            )
        )
        layout.addWidget(split, 1)
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
        self.table.selectionModel().blockSignals(True)
        self.table_model.set_instruments(configs, report)
        self.table.resizeColumnsToContents()
        self.table.selectionModel().blockSignals(False)
        self.empty.setVisible(not configs)
        target = select or (self.current.id if self.current and self.current.revision else None)
        for r, c in enumerate(configs):
            if c.id == target:
                self.table.selectRow(r)
                return

    def _on_table_selection_changed(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_instrument(self.table_model.config_at(rows[0].row()))

    def _on_add_clicked(self) -> None:
        self.table.clearSelection()
        self.new_instrument()

    def new_instrument(self) -> None:
        """Clears the form for a new instrument."""
        self.current = None
        self.live.show_instrument(None)
        self.calibration.show_instrument(None)
        self.form.clear()
        self.retire_button.setEnabled(False)
        self.tabs.setTabEnabled(1, False)
        self.tabs.setTabEnabled(2, False)
        self.message.set_message("")

    def show_instrument(self, config: InstrumentConfig) -> None:
        """Fills the form with ``config`` and shows its live view and calibrations."""
        self.current = config
        self.live.show_instrument(config)
        self.form.show_config(config)
        self.retire_button.setEnabled(True)
        self.tabs.setTabEnabled(1, True)
        self.tabs.setTabEnabled(2, True)
        self.message.set_message(
            self.tr("Revision {revision}.").format(revision=config.revision), "info"
        )
        self.calibration.show_instrument(config.id)

    # -- save, retire -------------------------------------------------------------------------------
    def _who(self) -> str:
        op = self.context.view.operator
        return f"{op.name} ({op.user_id}, {op.role})" if op else "unknown"

    def save(self) -> None:
        """Validates with the driver and stores the configuration (journalled)."""
        try:
            config = self.form.config()
            config.check()
            registry.get(config.driver).factory(registry.driver_config(config))
        except (ValueError, registry.UnknownDriver) as exc:
            self.message.set_message(str(exc), "bad")
            return
        store, station, by = self.context.store, self.context.station_id, self._who()
        reason = self.form.reason.text().strip() or (
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
            self.tr(
                "Saved {id}, revision {revision} (journalled as a config change by {who})."
            ).format(id=stored.id, revision=stored.revision, who=self._who()),
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
        reason = self.form.reason.text().strip() or "retired"
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
            config = self.form.config()
            if not config.id:
                config = InstrumentConfig(**{**config.__dict__, "id": "test"})
        except ValueError as exc:
            self.message.set_message(str(exc), "bad")
            return
        self.test_button.setEnabled(False)
        self.message.set_message(
            self.tr("Testing {driver} on {value}…").format(
                driver=config.driver, value=config.port or "—"
            ),
            "info",
        )
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
            self.message.set_message(
                self.tr("Connected ({status}). Raw: {raw} → {values}").format(
                    status=result.status, raw=f"{raw!r}", values=values
                ),
                "ok",
            )
        else:
            self.message.set_message(result.status, "bad")
        self.tested.emit(result)

    def _on_test_failed(self, error: TaskError) -> None:
        self.test_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    # -- calibration --------------------------------------------------------------------------------
    def _on_calibration_calibrated(self, record: CalibrationRecord) -> None:
        self.calibrated.emit(record)
        self.refresh(select=record.instrument)

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")

    def hideEvent(self, event: QHideEvent) -> None:
        """Live readings stop when the screen is left (the port is freed for the station)."""
        self.live.stop()
        super().hideEvent(event)
