"""The supervisor's shift log: filtered, sorted, paged records with the shift's signatures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.capture import exceptions, shift_log, shifts, signatures
from app.capture.shift_log import FilterChoices, LogFilter
from app.capture.shifts import Shift
from app.capture.signatures import Signature
from app.domain.clock import iso_ms, utc_now
from app.ui.context import StationContext
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models import local_time, shift_label, verdict_word, zone_name
from app.ui.printing import Document, PrintActions
from app.ui.supervisor.common import BannerLabel, countersign_text, heading, screen_frame
from app.ui.supervisor.line_scope import LineScope
from app.ui.supervisor.models import ShiftLogModel
from app.ui.supervisor.record_detail import RecordDetailDialog
from app.ui.supervisor.signoff import SignOffDialog

ANY = QT_TRANSLATE_NOOP("ShiftLogWidget", "Any")
PRINT_LIMIT = 20_000  # records in one printed shift log (a shift holds a few thousand)


def describe_signatures(signatures: list[Signature]) -> tuple[str, str]:
    """The banner text and tone for a shift's signatures."""
    if not signatures:
        return QCoreApplication.translate("ShiftLogWidget", "This shift is not signed yet."), "warn"
    lines = []
    tone = "ok"
    for s in signatures:
        scope = s.station or "all stations"
        if s.intact:
            lines.append(f"✔ Signed: {s.manifestation()} · {s.records:,} records · {scope}")
        else:
            tone = "bad"
            first = s.problems[0] if s.problems else "the signed records changed"
            more = f" (+{len(s.problems) - 1} more)" if len(s.problems) > 1 else ""
            lines.append(f"✘ Signature BROKEN: {s.manifestation()} — {first}{more}")
        plant, worse = countersign_text(s)
        lines[-1] += f" · {plant}"
        if worse and tone == "ok":
            tone = worse
    return "\n".join(lines), tone


class ShiftLogWidget(QWidget):
    """Records filtered by line, station, shift, operator, work order and verdict; sortable.

    The table loads a page at a time as it is scrolled (``ShiftLogModel``), so it opens as fast on
    a million units as on a hundred.
    """

    title = "Shift log"
    record_opened = Signal(str)

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.shifts: list[Shift] = []
        self.signatures: list[Signature] = []
        self.detail: RecordDetailDialog | None = None
        self.signoff: SignOffDialog | None = None
        self._shown_once = False

        # The whole line from the plant when it answers, else this station's records (said above
        # the table).
        self.scope = LineScope(context.store, context.station_id)
        self.scope_banner = BannerLabel()
        self.model = ShiftLogModel(self.scope.shift_log_page, context.run_task, self)
        # Newest first, as the heading says (the header's sort indicator below agrees).
        self.model.filters = LogFilter(descending=True)
        self.model.page_loaded.connect(self._on_model_page_loaded)
        self.model.failed.connect(self._on_model_failed)

        self.shift = QComboBox()
        self.line = QComboBox()
        self.station = QComboBox()
        self.operator = QComboBox()
        self.work_order = QComboBox()
        self.verdict = QComboBox()
        for combo in (self.line, self.station, self.operator, self.work_order, self.verdict):
            combo.addItem(self.tr(ANY), None)
        self.shift.addItem(self.tr("All shifts"), None)
        for value in ("accepted", "flagged"):
            self.verdict.addItem(verdict_word(value), value)
        self.shift.setMinimumWidth(340)
        self.operator.setMinimumWidth(180)
        for combo in (self.line, self.station, self.work_order, self.verdict):
            combo.setMinimumWidth(130)
        for combo in (
            self.shift,
            self.line,
            self.station,
            self.operator,
            self.work_order,
            self.verdict,
        ):
            combo.currentIndexChanged.connect(self._on_filter_changed)

        filters = QGridLayout()
        filters.setHorizontalSpacing(10)
        for col, (label, combo) in enumerate(
            (
                (self.tr("Shift"), self.shift),
                (self.tr("Line"), self.line),
                (self.tr("Station"), self.station),
                (self.tr("Operator"), self.operator),
                (self.tr("Work order"), self.work_order),
                (self.tr("Verdict"), self.verdict),
            )
        ):
            filters.addWidget(QLabel(label), 0, col)
            filters.addWidget(combo, 1, col)
        filters.setColumnStretch(6, 1)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Columns fit their content (a serial is never cropped; the table scrolls sideways on a
        # narrow panel instead); only the product name, harmless to elide, takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.signature_banner = BannerLabel()
        self.status = QLabel(self.tr("Loading…"))
        self.status.setObjectName("screenHint")
        self.open_button = QPushButton(self.tr("Open record…"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self._on_refresh_clicked)
        self.sign_button = QPushButton(self.tr("Sign off shift…"))
        self.sign_button.setObjectName("primary")
        self.sign_button.clicked.connect(self._on_sign_clicked)
        self.sign_button.setEnabled(False)

        self.printing = PrintActions(
            self,
            context,
            self._print_document,
            self.signature_banner.set_message,
            build=self._print_rows,
            file_name=self._print_file_name,
        )

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.printing.print_button)
        bottom.addWidget(self.printing.pdf_button)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.sign_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Shift log"),
                self.tr(
                    "Every record of the line, newest shift first. Click a column to sort; "
                    "double-click a record to see everything bound to it."
                ),
            )
        )
        layout.addLayout(filters)
        layout.addWidget(self.scope_banner)
        layout.addWidget(self.signature_banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self._loading_choices = True
        conn_store, station_id = context.store, context.station_id
        context.run_task(
            lambda: (
                shift_log.filter_choices(conn_store.reader),
                shifts.recent_shifts(
                    conn_store.reader, 12, shifts.shift_plan(conn_store.reader, station_id)
                ),
            ),
            self._on_choices_loaded,
            self._on_model_failed,
        )

    # -- filters ----------------------------------------------------------------------------------
    def _on_choices_loaded(self, loaded: tuple[FilterChoices, list[Shift]]) -> None:
        choices, shifts = loaded
        self.shifts = shifts
        for combo in (
            self.shift,
            self.line,
            self.station,
            self.operator,
            self.work_order,
        ):
            combo.blockSignals(True)
        for shift in shifts:
            self.shift.addItem(shift_label(shift), shift)
        for value in choices.lines:
            self.line.addItem(value, value)
        for value in choices.stations:
            self.station.addItem(value, value)
        for ident, name in choices.operators:
            self.operator.addItem(name, ident)
        for value in choices.work_orders:
            self.work_order.addItem(value, value)
        if shifts:
            self.shift.setCurrentIndex(1)  # the newest shift with records
        for combo in (
            self.shift,
            self.line,
            self.station,
            self.operator,
            self.work_order,
        ):
            combo.blockSignals(False)
        self._loading_choices = False
        self._on_filter_changed()

    def current_filters(self) -> LogFilter:
        """The filters as chosen, with the table's sort."""
        return LogFilter(
            line=self.line.currentData(),
            station=self.station.currentData(),
            shift=self.shift.currentData(),
            operator=self.operator.currentData(),
            work_order=self.work_order.currentData(),
            status=self.verdict.currentData(),
            sort=self.model.filters.sort,
            descending=self.model.filters.descending,
        )

    def select_shift(self, shift: Shift | None) -> None:
        """Shows ``shift`` (None: all shifts)."""
        for i in range(self.shift.count()):
            if self.shift.itemData(i) == shift:
                self.shift.setCurrentIndex(i)
                return
        self.shift.addItem(shift_label(shift) if shift else self.tr("All shifts"), shift)
        self.shift.setCurrentIndex(self.shift.count() - 1)

    def _on_filter_changed(self, _index: int = 0) -> None:
        if self._loading_choices:
            return
        filters = self.current_filters()
        self.status.setText(self.tr("Loading…"))
        self.model.set_filters(filters)
        self._load_shift_facts(filters)

    def _load_shift_facts(self, filters: LogFilter) -> None:
        shift = filters.shift
        self.sign_button.setEnabled(False)
        store = self.context.store
        scope = self.scope

        def facts() -> tuple[int, list[Signature], int]:
            conn = store.reader
            count = scope.shift_log_count(filters)
            sigs = signatures.signatures(conn, shift) if shift else []
            open_items = (
                len(exceptions.exception_queue(conn, shift=shift, station=filters.station))
                if shift
                else 0
            )
            return count, sigs, open_items

        self.context.run_task(facts, self._on_facts_loaded, self._on_model_failed)

    def _on_facts_loaded(self, loaded: tuple[int, list[Signature], int]) -> None:
        count, sigs, open_items = loaded
        self.total = count
        self.open_exceptions = open_items
        self.signatures = sigs
        shift = self.shift.currentData()
        if shift is None:
            self.signature_banner.set_message(
                self.tr("Choose a shift to see and give its sign-off."), "info"
            )
        else:
            text, tone = describe_signatures(sigs)
            if open_items and tone != "bad":
                text += "\n" + self.tr(
                    "{count} exceptions of this shift wait for a disposition."
                ).format(count=open_items)
                tone = "warn" if tone == "ok" else tone
            self.signature_banner.set_message(text, tone)
        self.sign_button.setEnabled(shift is not None and count > 0)
        self._show_status()

    def _show_status(self) -> None:
        total = getattr(self, "total", None)
        loaded = self.model.rowCount()
        if total is None:
            self.status.setText(self.tr("{loaded} records loaded").format(loaded=f"{loaded:,}"))
        else:
            more = "" if self.model.complete else " · scroll for more"
            self.status.setText(
                self.tr("{total} records · {loaded} shown{more}").format(
                    total=f"{total:,}", loaded=f"{loaded:,}", more=more
                )
            )

    def _on_model_page_loaded(self, _rows: int) -> None:
        self.scope.show(self.scope_banner)
        self._show_status()

    def _on_model_failed(self, error: Any) -> None:
        message = getattr(error, "message", str(error))
        self.signature_banner.set_message(
            self.tr("Could not read the records: {message}").format(message=message), "bad"
        )

    # -- actions ----------------------------------------------------------------------------------
    def selected_key(self) -> str | None:
        """The record key of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).key if rows else None

    def open_record(self, key: str) -> RecordDetailDialog | None:
        """Opens the detail of record ``key`` (another station's record: says where it is)."""
        rows = (self.model.row_at(n) for n in range(self.model.rowCount()))
        row = next((r for r in rows if r.key == key), None)
        # A row read from the plant (no local row id) of another station is not in this database.
        if row is not None and row.rowid == 0 and row.station != self.context.station_id:
            self.signature_banner.set_message(
                self.tr("Record {key} was made at station {station}: open it there.").format(
                    key=key, station=row.station
                ),
                "info",
            )
            return None
        self.detail = RecordDetailDialog(self.context, key, self)
        self.detail.corrected.connect(self._on_detail_corrected)
        self.detail.open()
        self.record_opened.emit(key)
        return self.detail

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        self.open_record(self.model.row_at(index.row()).key)

    def _on_open_clicked(self) -> None:
        key = self.selected_key()
        if key:
            self.open_record(key)

    def _on_detail_corrected(self, _key: str) -> None:
        self.refresh()

    def _on_refresh_clicked(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Reloads records and signatures."""
        self._on_filter_changed()

    def sign_off(self) -> SignOffDialog | None:
        """Opens the sign-off dialog for the shown shift (None when no shift is chosen)."""
        shift = self.shift.currentData()
        if shift is None:
            return None
        filters = self.current_filters()
        self.signoff = SignOffDialog(
            self.context,
            shift,
            self,
            line=filters.line,
            station=filters.station,
            records=getattr(self, "total", None),
            open_exceptions=getattr(self, "open_exceptions", None),
        )
        self.signoff.signed.connect(self._on_signoff_signed)
        self.signoff.open()
        return self.signoff

    def _on_sign_clicked(self) -> None:
        self.sign_off()

    def _on_signoff_signed(self, _signature: Signature) -> None:
        self._load_shift_facts(self.current_filters())

    # -- printing ---------------------------------------------------------------------------------
    def _print_rows(self) -> tuple[LogFilter, list[shift_log.LogRow], bool]:
        """Every record the filters match, up to PRINT_LIMIT (runs on a worker)."""
        filters = self.current_filters()
        page = self.scope.shift_log_page(filters, None, PRINT_LIMIT)
        return filters, page.rows, page.cursor is not None

    def _print_file_name(self) -> str:
        shift = self.shift.currentData()
        return f"shift-log-{shift.day}-{shift.number}.pdf" if shift else "shift-log.pdf"

    def _print_document(self, loaded: tuple[LogFilter, list[shift_log.LogRow], bool]) -> Document:
        filters, rows, more = loaded
        shift = filters.shift
        document = Document(
            self.tr("Shift log — {shift}").format(
                shift=shift_label(shift) if shift else self.tr("all shifts")
            )
        )
        chosen = [
            f"{label}: {combo.currentText()}"
            for label, combo in (
                (self.tr("Line"), self.line),
                (self.tr("Station"), self.station),
                (self.tr("Operator"), self.operator),
                (self.tr("Work order"), self.work_order),
                (self.tr("Verdict"), self.verdict),
            )
            if combo.currentData() is not None
        ]
        if chosen:
            document.facts.append(" · ".join(chosen))
        operator = self.context.view.operator
        document.facts.append(
            self.tr("{n} records · printed {at} {zone} by {who} at station {station}").format(
                n=len(rows),
                at=local_time(iso_ms(utc_now()), with_date=True),
                zone=zone_name(),
                who=operator.name if operator else "—",
                station=self.context.station_id,
            )
        )
        if more:
            document.facts.append(
                self.tr("Only the first {n} records: narrow the filters to print the rest.").format(
                    n=PRINT_LIMIT
                )
            )
        if shift is not None:
            document.text(describe_signatures(self.signatures)[0])
        document.table(
            [
                self.tr("Time ({zone})").format(zone=zone_name()),
                self.tr("Unit"),
                self.tr("Product"),
                self.tr("Work order"),
                self.tr("Step"),
                self.tr("Station"),
                self.tr("Operator"),
                self.tr("Verdict"),
            ],
            [
                (
                    local_time(r.recorded_at, with_date=True),
                    r.unit_serial,
                    r.product,
                    r.work_order,
                    r.step,
                    r.station,
                    r.operator_name,
                    r.status + (self.tr(" · corrected") if r.superseded else ""),
                )
                for r in rows
            ],
        )
        return document

    def showEvent(self, event: QShowEvent) -> None:
        """Shows what changed while another screen was up."""
        super().showEvent(event)
        if self._shown_once and not self._loading_choices:
            self._load_shift_facts(self.current_filters())
        self._shown_once = True
