"""Search: records by serial, UDI, lot or operator within a date range, and the refusals beside them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QDateTime, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.capture import search
from app.capture.search import RecordSearch, Refusal, SearchBy, SearchResult
from app.capture.shift_log import LogRow
from app.codes.interpret import interpret
from app.codes.scan import CodeError, ScanKind
from app.domain.entry import EntryMethod
from app.ui.context import StationContext, TaskError
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models import Index, RowsModel, local_time, zone_name
from app.ui.supervisor.common import BannerLabel, heading, screen_frame
from app.ui.supervisor.models import AMBER, GREEN, MUTED, RED
from app.ui.supervisor.record_detail import RecordDetailDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("SearchWidget", text)


def header_text(
    headers: tuple[str, ...], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """A column title translated; the first (the time) names the station's zone."""
    if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
        return None
    if section == 0:
        return QCoreApplication.translate("SearchWidget", "Time ({zone})").format(zone=zone_name())
    return _tr(headers[section])


STATUS_WORDS = (
    QT_TRANSLATE_NOOP("SearchWidget", "accepted"),
    QT_TRANSLATE_NOOP("SearchWidget", "flagged"),
)


class FoundRecordsModel(RowsModel):
    """Records a search found, newest first, times in the station's local time."""

    HEADERS = cast(
        tuple[str, ...],
        (
            "Time",
            QT_TRANSLATE_NOOP("SearchWidget", "Unit"),
            QT_TRANSLATE_NOOP("SearchWidget", "Product"),
            QT_TRANSLATE_NOOP("SearchWidget", "Step"),
            QT_TRANSLATE_NOOP("SearchWidget", "Station"),
            QT_TRANSLATE_NOOP("SearchWidget", "Operator"),
            QT_TRANSLATE_NOOP("SearchWidget", "Verdict"),
        ),
    )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in the user's language; the time names the zone."""
        return header_text(self.HEADERS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text and colours of one cell."""
        if not index.isValid():
            return None
        r: LogRow = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            status = _tr(r.status)  # accepted / flagged, marked in STATUS_WORDS
            if r.superseded:
                status = QCoreApplication.translate("SearchWidget", "{status} · corrected").format(
                    status=status
                )
            return (
                local_time(r.recorded_at, with_date=True),
                r.unit_serial,
                r.product,
                r.step,
                r.station,
                r.operator_name,
                status,
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.superseded:
                return MUTED
            if col == 6:
                return AMBER if r.status == "flagged" else GREEN
        return None


class RefusalModel(RowsModel):
    """Refused scans and captures with what was scanned and the rule."""

    HEADERS = cast(
        tuple[str, ...],
        (
            "Time",
            QT_TRANSLATE_NOOP("SearchWidget", "Station"),
            QT_TRANSLATE_NOOP("SearchWidget", "Operator"),
            QT_TRANSLATE_NOOP("SearchWidget", "Unit"),
            QT_TRANSLATE_NOOP("SearchWidget", "Scanned"),
            QT_TRANSLATE_NOOP("SearchWidget", "Rule"),
            QT_TRANSLATE_NOOP("SearchWidget", "Why"),
        ),
    )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in the user's language; the time names the zone."""
        return header_text(self.HEADERS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text and colours of one cell."""
        if not index.isValid():
            return None
        r: Refusal = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                local_time(r.recorded_at, with_date=True),
                r.station,
                r.operator_name,
                r.unit,
                r.scanned or QCoreApplication.translate("SearchWidget", "(the capture)"),
                r.rule,
                r.message,
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 5:
            return RED
        if role == Qt.ItemDataRole.ToolTipRole and col == 6:
            return r.message
        return None


def _table(model: RowsModel, stretch: int) -> QTableView:
    """A read-only table whose columns fit their content; ``stretch`` takes the rest of the width.

    Serials and times are never cropped (they size to their content and the table scrolls
    sideways instead); only the stretching text column may elide.
    """
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return table


class SearchWidget(QWidget):
    """Find records by serial, UDI, lot or operator in a date range; list the refusals too."""

    title = "Search"
    searched = Signal()

    BY = (
        (SearchBy.SERIAL, QT_TRANSLATE_NOOP("SearchWidget", "Unit serial")),
        (SearchBy.UDI, QT_TRANSLATE_NOOP("SearchWidget", "UDI")),
        (SearchBy.LOT, QT_TRANSLATE_NOOP("SearchWidget", "Lot")),
        (SearchBy.OPERATOR, QT_TRANSLATE_NOOP("SearchWidget", "Operator")),
        (None, QT_TRANSLATE_NOOP("SearchWidget", "Date range only")),
    )

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.detail: RecordDetailDialog | None = None

        self.by = QComboBox()
        for value, text in self.BY:
            self.by.addItem(self.tr(text), value)
        self.by.currentIndexChanged.connect(self._on_by_changed)
        self.text = QLineEdit()
        self.text.setMinimumWidth(300)
        self.text.returnPressed.connect(self._on_search_clicked)
        self.use_range = QCheckBox(self.tr("Between"))
        self.since = QDateTimeEdit()
        self.until = QDateTimeEdit()
        now = QDateTime.currentDateTime()
        self.since.setDateTime(now.addDays(-7))
        self.until.setDateTime(now.addSecs(3600))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setEnabled(False)
        self.use_range.toggled.connect(self._on_range_toggled)
        self.zone = QLabel(zone_name())
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("primary")
        self.search_button.clicked.connect(self._on_search_clicked)

        query = QHBoxLayout()
        query.addWidget(self.by)
        query.addWidget(self.text, 1)
        query.addSpacing(10)
        query.addWidget(self.use_range)
        query.addWidget(self.since)
        query.addWidget(QLabel(self.tr("and")))
        query.addWidget(self.until)
        query.addWidget(self.zone)
        query.addSpacing(10)
        query.addWidget(self.search_button)

        self.summary = BannerLabel()
        self.records_model = FoundRecordsModel(self)
        self.refusals_model = RefusalModel(self)
        self.records = _table(self.records_model, stretch=2)
        self.records.doubleClicked.connect(self._on_record_double_clicked)
        self.refusals = _table(self.refusals_model, stretch=6)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.records, self.tr("Records"))
        self.tabs.addTab(self.refusals, self.tr("Refusals"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Search"),
                self.tr(
                    "Find the records of a unit (by serial or its UDI), of a lot, or of an "
                    "operator, within a date range if you like. Refusals lists every scan or "
                    "capture the station turned away, with what was scanned and the rule; "
                    "operators are told to report them."
                ),
            )
        )
        layout.addLayout(query)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self._on_by_changed()

    # -- the query --------------------------------------------------------------------------------
    def _on_by_changed(self, _index: int = 0) -> None:
        by = self.query().by
        hints: dict[SearchBy | None, str] = {
            SearchBy.SERIAL: self.tr("unit serial, e.g. SN-IP-200-7000001"),
            SearchBy.UDI: self.tr("scan or type the UDI, e.g. (01)…(21)SN-…"),
            SearchBy.LOT: self.tr("our lot or the supplier's lot as printed"),
            SearchBy.OPERATOR: self.tr("name, badge or user id"),
        }
        self.text.setEnabled(by is not None)
        self.text.setPlaceholderText(hints.get(by, self.tr("choose the dates →")))
        if by is None:
            self.use_range.setChecked(True)

    def _on_range_toggled(self, checked: bool) -> None:
        self.since.setEnabled(checked)
        self.until.setEnabled(checked)

    def query(self) -> RecordSearch:
        """The search as chosen on the screen (dates are local time, searched in UTC)."""
        since = until = None
        if self.use_range.isChecked():
            since = cast(datetime, self.since.dateTime().toPython()).astimezone(UTC)
            until = cast(datetime, self.until.dateTime().toPython()).astimezone(UTC)
        by = self.by.currentData()  # Qt hands the enum back as its plain string
        return RecordSearch(SearchBy(by) if by else None, self.text.text(), since, until)

    def run_search(self, query: RecordSearch | None = None) -> None:
        """Searches records and refusals off the GUI thread."""
        query = query or self.query()
        store = self.context.store
        self.search_button.setEnabled(False)
        self.summary.set_message(self.tr("Searching…"), "info")

        def work() -> tuple[SearchResult, tuple[list[Refusal], bool]]:
            conn = store.reader
            found = search.search_records(conn, query)
            text = query.text if query.by is not None else ""
            return found, search.refusals(conn, query.since, query.until, text=text)

        self.context.run_task(work, self._on_search_done, self._on_search_failed)

    def handle_scan(self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE) -> None:
        """A scan while the search is in front: a UDI searches its unit, a lot or a supplier
        label its lot, a serial its unit (within the dates, if chosen)."""
        try:
            scan = interpret(text, entry)
        except CodeError as exc:
            self.summary.set_message(
                self.tr("Unreadable scan: {error}").format(error=exc.message), "bad"
            )
            return
        by = {
            ScanKind.UDI: SearchBy.UDI,
            ScanKind.LOT: SearchBy.LOT,
            ScanKind.SUPPLIER_LABEL: SearchBy.LOT,
        }.get(scan.kind, SearchBy.SERIAL)
        value = text if by is SearchBy.UDI else scan.value
        self.by.setCurrentIndex(self.by.findData(by))
        self.text.setText(value.replace("\x1d", ""))
        self.run_search(replace(self.query(), text=value))

    def _on_search_clicked(self) -> None:
        self.run_search()

    def _on_search_done(self, loaded: tuple[SearchResult, tuple[list[Refusal], bool]]) -> None:
        found, (refused, more_refused) = loaded
        self.search_button.setEnabled(True)
        self.records_model.set_rows(found.rows)
        self.refusals_model.set_rows(refused)
        self.tabs.setTabText(0, self.tr("Records ({n})").format(n=len(found.rows)))
        self.tabs.setTabText(1, self.tr("Refusals ({n})").format(n=len(refused)))
        text = self.tr("{records} records and {refusals} refusals for {what}.").format(
            records=len(found.rows), refusals=len(refused), what=found.looked_for
        )
        if found.more or more_refused:
            text += " " + self.tr(
                "Only the newest {n} of each are shown: narrow the dates to see older ones."
            ).format(n=search.LIMIT)
        self.summary.set_message(text, "ok" if found.rows or refused else "warn")
        if not found.rows and refused:
            self.tabs.setCurrentIndex(1)
        self.searched.emit()

    def _on_search_failed(self, error: TaskError) -> None:
        self.search_button.setEnabled(True)
        self.summary.set_message(getattr(error.original, "message", None) or error.message, "bad")

    # -- records ----------------------------------------------------------------------------------
    def _on_record_double_clicked(self, index: QModelIndex) -> None:
        row: LogRow = self.records_model.row_at(index.row())
        self.detail = RecordDetailDialog(self.context, row.key, self)
        self.detail.open()
