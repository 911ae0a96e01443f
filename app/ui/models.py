"""Table models of the operator station: the step's checklist and today's records at this station."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.capture.events import ChecklistLine
from app.domain.clock import parse_iso
from app.ui.i18n import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex

OK_GREEN = QColor("#1f9d55")
WARN_AMBER = QColor("#d98e04")
BAD_RED = QColor("#d64545")
MUTED = QColor("#8a94a6")


def header(text: str) -> str:
    """A column title marked ``QT_TRANSLATE_NOOP("Headers", …)``, in the language in use."""
    return QCoreApplication.translate("Headers", text) if text else text


class RowsModel(QAbstractTableModel):
    """A read-only table over rows handed in whole; subclasses say how each cell looks.

    ``HEADERS`` are marked ``QT_TRANSLATE_NOOP("Headers", …)`` and said in the language in use.
    """

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        """Shows ``rows`` in place of what was shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        """The row shown in table row ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        """Rows shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        """The columns of :attr:`HEADERS`."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header(self.HEADERS[section])
        return None


class ChecklistModel(RowsModel):
    """The step's bill of materials, one row per line, filled as components are scanned."""

    HEADERS = (
        "",
        QT_TRANSLATE_NOOP("Headers", "Part"),
        QT_TRANSLATE_NOOP("Headers", "Description"),
        QT_TRANSLATE_NOOP("Headers", "Scanned"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The text, colour and font of one cell."""
        if not index.isValid():
            return None
        line: ChecklistLine = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return "✔" if line.complete else "○"
            if col == 1:
                return line.bom.part_number
            if col == 2:
                return line.bom.description
            if line.scanned:
                return ", ".join(c.id for c in line.scanned)
            return QCoreApplication.translate("ChecklistModel", "scan it")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 0 or (col == 3 and line.complete):
                return OK_GREEN if line.complete else MUTED
            if col == 3:
                return MUTED
        if role == Qt.ItemDataRole.FontRole and col in (0, 1):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 2):
            # The description column gives way to the work instruction on a narrow screen.
            return f"{line.bom.part_number}: {line.bom.description}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = (
                QCoreApplication.translate("ChecklistModel", "complete")
                if line.complete
                else QCoreApplication.translate("ChecklistModel", "missing")
            )
            return f"{line.bom.part_number} {line.bom.description}: {state}"
        return None


@dataclass(frozen=True)
class RecordRow:
    """One record committed at this station today."""

    key: str
    time: str
    unit: str
    operator: str
    status: str
    corrected: bool


def zone_name(moment: datetime | None = None) -> str:
    """The station's local time zone as people read it (``CET``, ``CEST``, ``EST``)."""
    local = (moment or datetime.now(UTC)).astimezone()
    return local.tzname() or local.strftime("UTC%z")


def local_time(text: str, with_date: bool = False) -> str:
    """A UTC time from a record, in the station's local time: ``14:03:07`` (records stay UTC)."""
    local = parse_iso(text).astimezone()
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def local_midnight_utc(now: datetime | None = None) -> str:
    """Today's local midnight as a UTC record time, for "today" as the operator means it."""
    day = (now or datetime.now(UTC)).astimezone().date()
    # A naive time is read as local time, with the offset in force at that moment: on the day
    # of a daylight-saving change midnight keeps the offset it had, not the one of ``now``.
    midnight = datetime(day.year, day.month, day.day).astimezone()
    return midnight.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def today_records(conn: sqlite3.Connection, station: str, limit: int = 200) -> list[RecordRow]:
    """The newest records at ``station`` since local midnight (runs on a worker thread)."""
    midnight = local_midnight_utc()
    rows = conn.execute(
        "SELECT a.record_key, a.recorded_at, a.unit_serial, a.operator_name, a.status, "
        "EXISTS (SELECT 1 FROM supersessions s WHERE s.old_key = a.record_key) "
        "FROM assemblies a WHERE a.station = ? AND a.recorded_at >= ? "
        "ORDER BY a.recorded_at DESC LIMIT ?",
        (station, midnight, limit),
    ).fetchall()
    return [
        RecordRow(str(r[0]), local_time(str(r[1])), str(r[2]), str(r[3]), str(r[4]), bool(r[5]))
        for r in rows
    ]


def board_profile(conn: sqlite3.Connection, serial: str) -> dict[str, Any] | None:
    """The reflow profile bound into the board's SMT record, or None (runs on a worker thread)."""
    row = conn.execute(
        "SELECT j.content FROM assemblies a JOIN journal j ON j.key = a.record_key "
        "WHERE a.unit_serial = ? AND j.content LIKE '%\"profile\"%' "
        "ORDER BY a.recorded_at DESC LIMIT 1",
        (serial,),
    ).fetchone()
    if row is None:
        return None
    profile = json.loads(row[0]).get("profile")
    return profile if isinstance(profile, dict) else None


class TodayRecordsModel(RowsModel):
    """Today's records at this station, newest first; refreshed from a worker's query."""

    # The panel is narrow: the verdict is a mark in its colour (✔ accepted, ⚑ flagged, ✖ refused,
    # ✎ after it when corrected) that is never cut; the words and the operator are in the tooltip.
    HEADERS = (
        "",
        QT_TRANSLATE_NOOP("Headers", "Time"),
        QT_TRANSLATE_NOOP("Headers", "Unit"),
    )
    MARKS: ClassVar[dict[str, str]] = {
        "accepted": "✔",
        "flagged": "⚑",
        "refused": "✖",
        "superseded": "↺",
    }

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The time column names the station's zone: ``Time (CET)``."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and section == 1 and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Headers", "Time ({zone})").format(zone=zone_name())
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The text and colour of one cell."""
        if not index.isValid():
            return None
        r: RecordRow = self._rows[index.row()]
        col = index.column()
        status = verdict_word(r.status)
        if r.corrected:
            status += " · " + QCoreApplication.translate("TodayRecordsModel", "corrected")
        if role == Qt.ItemDataRole.DisplayRole:
            mark = self.MARKS.get(r.status, "?") + (" ✎" if r.corrected else "")
            return (mark, r.time, r.unit)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "TodayRecordsModel", "{unit} by {operator} at {time} {zone}: {verdict}"
            ).format(
                unit=r.unit, operator=r.operator, time=r.time, zone=zone_name(), verdict=status
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{r.time} {r.unit}: {status}"
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return {"accepted": OK_GREEN, "flagged": WARN_AMBER}.get(r.status, BAD_RED)
        return None


#: A record's verdict as people say it (the record keeps the English word).
VERDICTS = {
    "accepted": QT_TRANSLATE_NOOP("Verdicts", "accepted"),
    "flagged": QT_TRANSLATE_NOOP("Verdicts", "flagged"),
    "refused": QT_TRANSLATE_NOOP("Verdicts", "refused"),
    "superseded": QT_TRANSLATE_NOOP("Verdicts", "superseded"),
}


def verdict_word(status: str) -> str:
    """``accepted``, ``flagged``… in the language in use (an unknown word as it is)."""
    known = VERDICTS.get(status)
    return QCoreApplication.translate("Verdicts", known) if known else status


def shift_label(shift: Any) -> str:
    """A shift as a person reads it, in local time with the zone: ``27.11.26 · shift 2 (09:00–17:00
    CET)`` (the shift itself is defined in UTC and stays so in the records)."""
    start, end = shift.start.astimezone(), shift.end.astimezone()
    day = QLocale().toString(
        QDate(start.year, start.month, start.day), QLocale.FormatType.ShortFormat
    )
    return QCoreApplication.translate(
        "Shifts", "{day} · shift {number} ({start}–{end} {zone})"
    ).format(
        day=day,
        number=shift.number,
        start=f"{start:%H:%M}",
        end=f"{end:%H:%M}",
        zone=end.tzname() if end.tzname() == start.tzname() else f"{start.tzname()}/{end.tzname()}",
    )
