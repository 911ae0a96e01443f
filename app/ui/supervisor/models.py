"""Qt models of supervisor review: the paged shift log, the exception queue, the trace tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from app.capture import shift_log
from app.capture.exceptions import ExceptionItem
from app.capture.recall import Trace
from app.capture.shift_log import LogFilter, LogRow, Page
from app.domain.clock import parse_iso
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models import RowsModel, header, verdict_word

Index = QModelIndex | QPersistentModelIndex
RunTask = Callable[..., None]

GREEN = QColor("#5ef29c")
AMBER = QColor("#ffcc4d")
AMBER_BG = QColor("#2e2510")
RED = QColor("#ff7b7b")
MUTED = QColor("#8a94a6")


def when(text: str, seconds: bool = True) -> str:
    """A UTC record time as people read it, in local time with the zone:
    ``2026-11-27 15:03:07 CET`` (the record keeps UTC)."""
    if not text:
        return ""
    local = parse_iso(text).astimezone()
    return f"{local:%Y-%m-%d %H:%M{':%S' if seconds else ''}} {local.tzname() or ''}".strip()


class ShiftLogModel(RowsModel):
    """The shift log as a table that loads pages by keyset on a worker as the view scrolls.

    ``fetchMore`` starts one page query off the GUI thread; ``canFetchMore`` is false while a
    page is on its way, so a fast scroll never asks twice. A change of filters starts a new
    generation and results of the old one are dropped.
    """

    page_loaded = Signal(int)  # rows now loaded
    failed = Signal(str)

    HEADERS = (
        QT_TRANSLATE_NOOP("Headers", "Time"),
        QT_TRANSLATE_NOOP("Headers", "Unit"),
        QT_TRANSLATE_NOOP("Headers", "Product"),
        QT_TRANSLATE_NOOP("Headers", "Work order"),
        QT_TRANSLATE_NOOP("Headers", "Step"),
        QT_TRANSLATE_NOOP("Headers", "Station"),
        QT_TRANSLATE_NOOP("Headers", "Operator"),
        QT_TRANSLATE_NOOP("Headers", "Verdict"),
    )
    SORT_OF_COLUMN: ClassVar[dict[int, shift_log.SortColumn]] = {
        0: shift_log.SortColumn.TIME,
        1: shift_log.SortColumn.UNIT,
        3: shift_log.SortColumn.WORK_ORDER,
        5: shift_log.SortColumn.STATION,
        6: shift_log.SortColumn.OPERATOR,
        7: shift_log.SortColumn.STATUS,
    }

    def __init__(
        self,
        fetch: Callable[[LogFilter, tuple[Any, ...] | None, int], Page],
        run_task: RunTask,
        parent: Any = None,
        *,
        page_size: int = shift_log.PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.page_size = page_size
        self._run_task = run_task
        self._rows: list[LogRow] = []
        self._cursor: tuple[Any, ...] | None = None
        self._done = True
        self._loading = False
        self._generation = 0
        self.filters = LogFilter()
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- loading ----------------------------------------------------------------------------------
    def set_filters(self, filters: LogFilter) -> None:
        """Shows the records matching ``filters`` from the first page."""
        self.beginResetModel()
        self.filters = filters
        self._rows, self._cursor, self._done, self._loading = [], None, False, False
        self._generation += 1
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Reloads with the same filters (after a correction or a new record)."""
        self.set_filters(self.filters)

    @property
    def loading(self) -> bool:
        """Whether a page is on its way."""
        return self._loading

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt override
        """More pages exist and none is being fetched."""
        return not parent.isValid() and not self._done and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt override
        """Starts fetching the next page on a worker."""
        if not self.canFetchMore(parent):
            return
        self._loading = True
        generation, filters, cursor = self._generation, self.filters, self._cursor
        size = self.page_size
        self._run_task(
            lambda: self._fetch(filters, cursor, size),
            lambda page: self._on_page_loaded(generation, page),
            lambda error: self._on_page_failed(generation, error),
        )

    def _on_page_loaded(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._cursor = page.cursor
        self._done = page.cursor is None
        self.page_loaded.emit(len(self._rows))

    def _on_page_failed(self, generation: int, error: Any) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._done = True
        self.failed.emit(getattr(error, "message", str(error)))

    # -- the table --------------------------------------------------------------------------------
    @property
    def complete(self) -> bool:
        """Whether every matching record is loaded."""
        return self._done

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts in the database (by index) and reloads from the first page."""
        sort = self.SORT_OF_COLUMN.get(column)
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if sort == self.filters.sort and descending == self.filters.descending:
            return
        self.set_filters(
            LogFilter(**{**self.filters.__dict__, "sort": sort, "descending": descending})
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, colours and tooltips of one cell."""
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                when(r.recorded_at),
                r.unit_serial,
                r.product,
                r.work_order,
                r.step,
                r.station,
                r.operator_name,
                verdict_word(r.status)
                + (
                    " · " + QCoreApplication.translate("TodayRecordsModel", "corrected")
                    if r.superseded
                    else ""
                ),
            )
            return values[col]
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.superseded:
                return MUTED
            if col == 7:
                return AMBER if r.status == "flagged" else GREEN
        if role == Qt.ItemDataRole.BackgroundRole and r.status == "flagged" and not r.superseded:
            return QBrush(AMBER_BG)
        if role == Qt.ItemDataRole.FontRole and r.superseded:
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = " — superseded by a correction" if r.superseded else ""
            return f"record {r.key}{extra}"
        return None


class ExceptionModel(RowsModel):
    """Exceptions awaiting (or having) a disposition."""

    HEADERS = (
        QT_TRANSLATE_NOOP("Headers", "Time"),
        QT_TRANSLATE_NOOP("Headers", "Station"),
        QT_TRANSLATE_NOOP("Headers", "Unit"),
        QT_TRANSLATE_NOOP("Headers", "Operator"),
        QT_TRANSLATE_NOOP("Headers", "Why"),
        QT_TRANSLATE_NOOP("Headers", "Disposition"),
        QT_TRANSLATE_NOOP("Headers", "Reason"),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text and colours of one cell."""
        if not index.isValid():
            return None
        item: ExceptionItem = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            disposition = item.disposition
            decided = (
                QCoreApplication.translate("ExceptionModel", "{decision} by {name}").format(
                    decision=exception_word(str(disposition["decision"])),
                    name=disposition["by"]["name"],
                )
                if disposition
                else QCoreApplication.translate("ExceptionModel", "open")
            )
            return (
                when(item.recorded_at, seconds=False),
                item.station,
                item.unit,
                item.operator_name,
                ", ".join(exception_word(str(k)) for k in item.kinds),
                decided,
                item.reasons[0] if item.reasons else "",
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 5:
            return AMBER if item.open else GREEN
        if role == Qt.ItemDataRole.ToolTipRole and col == 6:
            return "\n".join(item.reasons)
        return None


TRACE_HEADERS = (
    QT_TRANSLATE_NOOP("Headers", "Item"),
    QT_TRANSLATE_NOOP("Headers", "Part / product"),
    QT_TRANSLATE_NOOP("Headers", "Step"),
    QT_TRANSLATE_NOOP("Headers", "Station"),
    QT_TRANSLATE_NOOP("Headers", "Operator / supplier"),
    QT_TRANSLATE_NOOP("Headers", "Time"),
    QT_TRANSLATE_NOOP("Headers", "Status"),
)


def trace_model(result: Trace, parent: Any = None) -> QStandardItemModel:
    """The trace as a tree: lot → boards → devices (forward), or unit → parts → their parts."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels([header(h) for h in TRACE_HEADERS])
    bold = QFont()
    bold.setBold(True)

    def row_items(values: tuple[Any, ...], status: str = "") -> list[QStandardItem]:
        items = [QStandardItem("" if v is None else str(v)) for v in values]
        for it in items:
            it.setEditable(False)
        if status == "flagged":
            items[-1].setForeground(QBrush(AMBER))
        elif status in ("quarantined", "rejected"):
            items[-1].setForeground(QBrush(RED))
        elif status:
            items[-1].setForeground(QBrush(GREEN))
        return items

    root = row_items((result.start, "", "", "", "", "", ""))
    root[0].setFont(bold)
    model.appendRow(root)
    nodes: dict[str, QStandardItem] = {}
    if result.direction == "forward":
        for r in result.rows:
            parent_item = nodes.get(str(r["via"]), root[0])
            items = row_items(
                (
                    r["unit"],
                    r["product"],
                    r["step"],
                    r["station"],
                    r["operator_name"],
                    when(r["recorded_at"]),
                    r["status"],
                ),
                str(r["status"]),
            )
            items[0].setData(r["record_key"], Qt.ItemDataRole.UserRole)
            parent_item.appendRow(items)
            nodes.setdefault(str(r["unit"]), items[0])
    else:
        nodes[result.start] = root[0]
        for r in result.rows:
            parent_item = nodes.get(str(r["unit"]), root[0])
            supplier = r.get("supplier") or ""
            if r.get("supplier_lot"):
                supplier = f"{supplier} (lot {r['supplier_lot']})"
            certificate = ""
            if r.get("certificate"):
                certificate = f"cert {r['certificate_type']} rev {r['certificate_revision']}"
            items = row_items(
                (
                    r["component"],
                    f"{r['part_number']} — {r.get('description') or ''}",
                    r["step"],
                    r["station"],
                    supplier or certificate,
                    when(r["recorded_at"]),
                    r.get("lot_status") or ("subassembly" if r["kind"] == "unit" else ""),
                ),
                str(r.get("lot_status") or "ok"),
            )
            parent_item.appendRow(items)
            if r["kind"] == "unit":
                nodes.setdefault(str(r["component"]), items[0])
    return model


#: Why an item is in the exception queue and what was decided, as the supervisor reads it.
EXCEPTION_WORDS = {
    "environment": QT_TRANSLATE_NOOP("ExceptionModel", "environment"),
    "calibration": QT_TRANSLATE_NOOP("ExceptionModel", "calibration"),
    "stale reading": QT_TRANSLATE_NOOP("ExceptionModel", "stale reading"),
    "profile": QT_TRANSLATE_NOOP("ExceptionModel", "profile"),
    "overridden block": QT_TRANSLATE_NOOP("ExceptionModel", "overridden block"),
    "line conflict": QT_TRANSLATE_NOOP("ExceptionModel", "line conflict"),
    "other": QT_TRANSLATE_NOOP("ExceptionModel", "other"),
    "accept": QT_TRANSLATE_NOOP("ExceptionModel", "accept"),
    "rework": QT_TRANSLATE_NOOP("ExceptionModel", "rework"),
    "quarantine": QT_TRANSLATE_NOOP("ExceptionModel", "quarantine"),
    "scrap": QT_TRANSLATE_NOOP("ExceptionModel", "scrap"),
    "concession": QT_TRANSLATE_NOOP("ExceptionModel", "concession"),
}


def exception_word(word: str) -> str:
    """An exception kind or decision in the language in use (an unknown word as it is)."""
    known = EXCEPTION_WORDS.get(word)
    return QCoreApplication.translate("ExceptionModel", known) if known else word
