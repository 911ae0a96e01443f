"""Table models of the instruments screen: the instrument list, alarm windows, latest readings, calibrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.environment import Calibration, EnvWindow
from app.domain.instruments import CalibrationRecord, CalibrationStatus, InstrumentConfig
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models import RowsModel
from app.ui.supervisor.models import AMBER, GREEN, RED
from drivers.base import Reading

Index = QModelIndex | QPersistentModelIndex

#: Each calibration state in words (translated where shown).
STATE_TEXT = {
    Calibration.VALID: QT_TRANSLATE_NOOP("InstrumentModel", "valid"),
    Calibration.DUE_SOON: QT_TRANSLATE_NOOP("InstrumentModel", "due soon"),
    Calibration.OVERDUE: QT_TRANSLATE_NOOP("InstrumentModel", "overdue"),
    Calibration.NONE: QT_TRANSLATE_NOOP("InstrumentModel", "never calibrated"),
}
STATE_COLOUR = {
    Calibration.VALID: GREEN,
    Calibration.DUE_SOON: AMBER,
    Calibration.OVERDUE: RED,
    Calibration.NONE: RED,
}


class InstrumentListModel(RowsModel):
    """The station's instruments, each with its calibration state (rows: config, status or None)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Headers", "Instrument"),
        QT_TRANSLATE_NOOP("Headers", "Driver"),
        QT_TRANSLATE_NOOP("Headers", "Calibration"),
        QT_TRANSLATE_NOOP("Headers", "Poll"),
        QT_TRANSLATE_NOOP("Headers", "Port"),
    )

    def set_instruments(
        self, configs: list[InstrumentConfig], report: dict[str, CalibrationStatus]
    ) -> None:
        """Shows ``configs`` with their entries of the calibration ``report``."""
        self.set_rows([(c, report.get(c.id)) for c in configs])

    def config_at(self, row: int) -> InstrumentConfig:
        """The instrument in table row ``row``."""
        config: InstrumentConfig = self.row_at(row)[0]
        return config

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The text of a cell, and the calibration state's colour."""
        if not index.isValid():
            return None
        config, cal = self.row_at(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 2:
                if cal is None:
                    return ""
                state = QCoreApplication.translate("InstrumentModel", STATE_TEXT[cal.state])
                if not cal.due_on:
                    return state
                return QCoreApplication.translate("InstrumentModel", "{state} · due {date}").format(
                    state=state, date=cal.due_on
                )
            return (
                config.id,
                config.driver,
                "",
                f"{config.poll_interval_s:g} s",
                config.port or "—",
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and cal is not None:
            return STATE_COLOUR[cal.state]
        return None


ALARM_COLUMNS = (
    QT_TRANSLATE_NOOP("Headers", "Quantity"),
    QT_TRANSLATE_NOOP("Headers", "Unit"),
    QT_TRANSLATE_NOOP("Headers", "Low"),
    QT_TRANSLATE_NOOP("Headers", "High"),
    QT_TRANSLATE_NOOP("Headers", "Max age (s)"),
)


class AlarmWindowsModel(RowsModel):
    """The alarm windows being edited in the instrument form: text cells, read back as windows."""

    HEADERS = ALARM_COLUMNS

    def set_windows(self, windows: tuple[EnvWindow, ...]) -> None:
        """Shows ``windows`` for editing."""
        self.set_rows([_window_cells(w) for w in windows])

    def add_window(self, window: EnvWindow | None = None) -> int:
        """Appends a window (a blank one with the default age if None); returns its row."""
        row = self.rowCount()
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_window_cells(window))
        self.endInsertRows()
        return row

    def remove_window(self, row: int) -> None:
        """Removes the window in ``row``."""
        if 0 <= row < self.rowCount():
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def windows(self) -> tuple[EnvWindow, ...]:
        """The windows as entered (rows without a quantity are skipped).

        Raises:
            ValueError: a low, high or age that is not a number (the message names the window).
        """
        out = []
        for cells in self._rows:
            quantity, unit, low, high, age = (c.strip() for c in cells)
            if not quantity:
                continue
            try:
                out.append(
                    EnvWindow(
                        quantity,
                        unit,
                        float(low) if low else None,
                        float(high) if high else None,
                        float(age or 120),
                    )
                )
            except ValueError:
                raise ValueError(
                    f"alarm window {quantity}: low, high and age must be numbers"
                ) from None
        return tuple(out)

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Every cell is editable."""
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text."""
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Takes an edited cell."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        self._rows[index.row()][index.column()] = str(value)
        self.dataChanged.emit(index, index, [role])
        return True


def _window_cells(window: EnvWindow | None) -> list[str]:
    if window is None:
        return ["", "", "", "", "120"]
    return [
        window.quantity,
        window.unit,
        "" if window.low is None else f"{window.low:g}",
        "" if window.high is None else f"{window.high:g}",
        f"{window.max_age_s:g}",
    ]


class LatestReadingsModel(RowsModel):
    """The newest reading of each quantity an instrument sends, one row per quantity."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Headers", "Quantity"),
        QT_TRANSLATE_NOOP("Headers", "Value"),
        QT_TRANSLATE_NOOP("Headers", "Quality"),
        QT_TRANSLATE_NOOP("Headers", "Read at"),
        QT_TRANSLATE_NOOP("Headers", "Raw"),
    )

    def show_reading(self, reading: Reading) -> None:
        """Puts ``reading`` in its quantity's row (a new row for a new quantity)."""
        for row, old in enumerate(self._rows):
            if old.quantity == reading.quantity:
                self._rows[row] = reading
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                return
        row = self.rowCount()
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(reading)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The reading's text; the quality in green when usable."""
        if not index.isValid():
            return None
        reading: Reading = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = "—" if reading.value is None else f"{reading.value:g} {reading.unit}"
            return (
                reading.quantity,
                value,
                str(reading.quality),
                _local(reading.read_at, "%H:%M:%S.%f", cut=3),
                reading.raw.decode("latin-1").strip(),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return GREEN if reading.quality.usable else AMBER
        return None


class CalibrationsModel(RowsModel):
    """An instrument's calibrations, newest first."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Headers", "Performed"),
        QT_TRANSLATE_NOOP("Headers", "Due"),
        QT_TRANSLATE_NOOP("Headers", "As found"),
        QT_TRANSLATE_NOOP("Headers", "As left"),
        QT_TRANSLATE_NOOP("Headers", "Certificate"),
        QT_TRANSLATE_NOOP("Headers", "Performed by"),
        QT_TRANSLATE_NOOP("Headers", "Recorded"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The calibration's text; as-found and as-left in green or red, points in the tooltip."""
        if not index.isValid():
            return None
        rec: CalibrationRecord = self._rows[index.row()]
        col = index.column()
        verdict = {2: rec.as_found, 3: rec.as_left}.get(col)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                rec.performed_on.isoformat(),
                rec.due_on.isoformat(),
                {"pass": "✔ pass", "fail": "✘ FAIL"}.get(rec.as_found, "—"),
                {"pass": "✔ pass", "fail": "✘ FAIL"}.get(rec.as_left, "—"),
                rec.certificate,
                rec.performed_by,
                _local(rec.recorded_at, "%Y-%m-%d %H:%M"),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and verdict:
            return QColor("#5ef29c") if verdict == "pass" else QColor("#ff7b7b")
        if role == Qt.ItemDataRole.ToolTipRole and rec.points:
            return "\n".join(
                f"{p.quantity} at {p.reference:g} {p.unit}: as found {p.as_found:g} "
                f"({'pass' if p.found_ok else 'FAIL'}), as left {p.as_left:g} "
                f"({'pass' if p.left_ok else 'FAIL'}), ± {p.tolerance:g}"
                for p in rec.points
            )
        return None


def _local(moment: datetime, pattern: str, cut: int = 0) -> str:
    """A UTC moment in the station's local time with the zone (records keep UTC)."""
    local = moment.astimezone()
    text = local.strftime(pattern)
    return f"{text[: len(text) - cut] if cut else text} {local.tzname() or ''}".strip()
