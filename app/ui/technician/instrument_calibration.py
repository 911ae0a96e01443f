"""An instrument's calibrations: its state, the records so far, and recording a new one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.environment import Calibration, calibration_state
from app.domain.instruments import CalibrationPoint, CalibrationRecord, CalibrationStatus
from app.store import instruments
from app.ui.context import StationContext, TaskError
from app.ui.supervisor.common import BannerLabel, section
from app.ui.technician.instrument_models import CalibrationsModel

POINT_ROWS = 3


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CalibrationWidget(QWidget):
    """Shows and records the calibrations of one instrument (journalled with ``who()``)."""

    calibrated = Signal(object)  # CalibrationRecord

    def __init__(
        self, context: StationContext, who: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cardBody")
        self.context = context
        self._who = who
        self.instrument: str | None = None
        self.calibration_state = BannerLabel()
        self.calibrations_model = CalibrationsModel(self)
        self.calibrations = QTableView()
        self.calibrations.setModel(self.calibrations_model)
        self.calibrations.verticalHeader().setVisible(False)
        # Every column (headers included) fits its text; the table scrolls sideways if need be.
        self.calibrations.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.calibrations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        today = QDate.currentDate()
        self.performed_on = QDateEdit(today)
        self.performed_on.setCalendarPopup(True)
        self.performed_on.setDisplayFormat("yyyy-MM-dd")
        self.due_on = QDateEdit(today.addYears(1))
        self.due_on.setCalendarPopup(True)
        self.due_on.setDisplayFormat("yyyy-MM-dd")
        self.certificate = QLineEdit()
        self.certificate.setPlaceholderText(
            self.tr("certificate number, e.g. DAkkS D-K-15070 2026-1142")
        )
        self.performed_by = QLineEdit()
        self.performed_by.setPlaceholderText(self.tr("laboratory or person"))
        self.calibrate_button = QPushButton(self.tr("Record calibration"))
        self.calibrate_button.setObjectName("primary")
        self.calibrate_button.clicked.connect(self._on_calibrate_clicked)
        # Test points: reference, as found (before adjustment), as left (after), tolerance ±.
        self.points = QTableWidget(POINT_ROWS, 5)
        self.points.setHorizontalHeaderLabels(
            [
                self.tr("Quantity"),
                self.tr("Reference"),
                self.tr("As found"),
                self.tr("As left"),
                self.tr("Tolerance ±"),
            ]
        )
        self.points.verticalHeader().setVisible(False)
        self.points.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.points.setMaximumHeight(34 + 30 * POINT_ROWS)
        self.points.setToolTip(
            self.tr("One row per test point; leave a row empty when there are fewer points.")
        )
        cal_form = QFormLayout()
        cal_form.addRow(self.tr("Performed on"), self.performed_on)
        cal_form.addRow(self.tr("Due on"), self.due_on)
        cal_form.addRow(self.tr("Certificate"), self.certificate)
        cal_form.addRow(self.tr("Performed by"), self.performed_by)
        cal_form.addRow(self.tr("Test points"), self.points)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calibration_state)
        layout.addWidget(self.calibrations, 1)
        layout.addWidget(section(self.tr("New calibration")))
        layout.addLayout(cal_form)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.calibrate_button)
        layout.addLayout(row)

    def show_instrument(self, instrument: str | None) -> None:
        """Loads the calibrations of ``instrument`` (off the GUI thread)."""
        self.instrument = instrument
        if instrument is None:
            self.calibrations_model.set_rows([])
            self.calibration_state.set_message("")
            return
        store = self.context.store
        self.context.run_task(
            lambda: instruments.calibrations(store.reader, instrument),
            lambda records: self._on_calibrations_loaded(instrument, records),
            self._on_calibrate_failed,
        )

    def _on_calibrations_loaded(self, instrument: str, records: list[CalibrationRecord]) -> None:
        if instrument != self.instrument:
            return  # another instrument was chosen meanwhile
        self.calibrations_model.set_rows(list(reversed(records)))
        due = records[-1].due_on if records else None
        today = datetime.now(UTC).date()
        cal = CalibrationStatus(
            instrument,
            calibration_state(due, today, instruments.WARN_DAYS),
            due,
            None if due is None else (due - today).days,
        )
        tone = {Calibration.VALID: "ok", Calibration.DUE_SOON: "warn"}.get(cal.state, "bad")
        self.calibration_state.set_message(cal.describe(), tone)

    def test_points(self) -> tuple[CalibrationPoint, ...]:
        """The test points as typed (empty rows left out).

        Raises:
            ValueError: a row with a missing or non-numeric value, naming the row.
        """
        out = []
        for r in range(self.points.rowCount()):
            cells = [self.points.item(r, c) for c in range(5)]
            texts = [c.text().strip() if c is not None else "" for c in cells]
            if not any(texts):
                continue
            quantity, *numbers = texts
            try:
                reference, found, left, tolerance = (float(t.replace(",", ".")) for t in numbers)
            except ValueError:
                raise ValueError(
                    self.tr(
                        "Test point {row}: give the quantity, reference, as-found, as-left and "
                        "tolerance as numbers"
                    ).format(row=r + 1)
                ) from None
            out.append(
                CalibrationPoint(quantity or self.tr("value"), reference, found, left, tolerance)
            )
        return tuple(out)

    def add_calibration(
        self,
        performed_on: date,
        due_on: date,
        certificate: str,
        performed_by: str,
        points: tuple[CalibrationPoint, ...] = (),
    ) -> None:
        """Records a calibration of the shown instrument (journalled)."""
        if self.instrument is None:
            return
        store, station, by, ident = (
            self.context.store,
            self.context.station_id,
            self._who(),
            self.instrument,
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
                    points=points,
                )
            ),
            self._on_calibrate_done,
            self._on_calibrate_failed,
        )

    def _on_calibrate_clicked(self) -> None:
        try:
            points = self.test_points()
        except ValueError as exc:
            self.calibration_state.set_message(str(exc), "bad")
            return
        self.add_calibration(
            _day(self.performed_on.date()),
            _day(self.due_on.date()),
            self.certificate.text(),
            self.performed_by.text(),
            points,
        )

    def _on_calibrate_done(self, record: CalibrationRecord) -> None:
        self.calibrate_button.setEnabled(True)
        self.certificate.clear()
        self.points.clearContents()
        self.calibrated.emit(record)
        self.show_instrument(record.instrument)

    def _on_calibrate_failed(self, error: TaskError) -> None:
        self.calibrate_button.setEnabled(True)
        self.calibration_state.set_message(error.message, "bad")
