"""Technician: the station's code formats (plain-code patterns, UDI agencies, typed entry) with a
live test field that reads what is typed or scanned the way the station would with these settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.capture import code_setup
from app.codes.formats import AGENCIES, DEFAULT_PATTERNS, CodeFormats
from app.codes.report import scan_text
from app.domain.entry import EntryMethod
from app.ui.context import StationContext, TaskError
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section

GS_SHOWN = "␝"  # a scanned group separator, as the test field shows it


def describe_reading(result: dict[str, Any]) -> tuple[str, str]:
    """What the station makes of a code, in lines for people, and the banner's tone."""
    if result.get("error"):
        where = result.get("position")
        at = f" (character {where + 1})" if isinstance(where, int) else ""
        return f"✘ Not read{at}: {result['error']} [{result.get('rule')}]", "bad"
    lines = [f"✔ {result['kind']}: {result['value']}"]
    udi = result.get("udi")
    if udi:
        fields = [
            f"{name} {udi[key]}"
            for name, key in (
                ("agency", "agency"),
                ("DI", "di"),
                ("lot", "lot"),
                ("serial", "serial"),
                ("expiry", "expiry"),
                ("made", "manufactured"),
            )
            if udi.get(key)
        ]
        lines.append(" · ".join(fields))
    if result.get("part") or result.get("lot"):
        lines.append(
            " · ".join(
                f"{k.replace('_', ' ')} {result[k]}"
                for k in ("supplier", "part", "quantity", "lot", "date_code")
                if result.get(k)
            )
        )
    if result.get("oddities"):
        lines.append("note: " + "; ".join(result["oddities"]))
    return "\n".join(lines), "ok"


#: The plain codes a station tells apart, as the technician reads them.
CODE_KINDS = {
    "badge": QT_TRANSLATE_NOOP("CodeFormatsWidget", "Badge"),
    "lot": QT_TRANSLATE_NOOP("CodeFormatsWidget", "Lot"),
    "work-order": QT_TRANSLATE_NOOP("CodeFormatsWidget", "Work order"),
    "step": QT_TRANSLATE_NOOP("CodeFormatsWidget", "Step"),
    "serial": QT_TRANSLATE_NOOP("CodeFormatsWidget", "Serial"),
}


class CodeFormatsWidget(QWidget):
    """Which codes the station reads and how; every change journalled with a reason."""

    title = "Code formats"
    saved = Signal(int)  # new configuration revision
    tested = Signal(dict)  # scan_text's result

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.stored: CodeFormats | None = None
        self._shown_once = False

        self.patterns: dict[str, QLineEdit] = {}
        patterns = QFormLayout()
        for kind in DEFAULT_PATTERNS:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("regular expression, whole code"))
            edit.textChanged.connect(self._on_form_changed)
            self.patterns[kind] = edit
            patterns.addRow(self.tr(CODE_KINDS.get(kind, kind)), edit)
        self.agencies: dict[str, QCheckBox] = {}
        agencies = QHBoxLayout()
        for agency in AGENCIES:
            box = QCheckBox(agency)
            box.toggled.connect(self._on_form_changed)
            self.agencies[agency] = box
            agencies.addWidget(box)
        agencies.addStretch()
        self.forbid_typed = QCheckBox(self.tr("Refuse lots and UDIs typed by hand (scanner only)"))
        self.forbid_typed.toggled.connect(self._on_form_changed)
        patterns.addRow(self.tr("UDI agencies read"), agencies)
        patterns.addRow("", self.forbid_typed)

        self.test = QLineEdit()
        self.test.setPlaceholderText(
            self.tr("type or scan a code to see how this station reads it with the settings above")
        )
        self.test.textChanged.connect(self._on_form_changed)
        self.reading = BannerLabel()

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("reason for the change, e.g. HIBCC labels from the new supplier")
        )
        self.message = BannerLabel()
        self.save_button = QPushButton(self.tr("Save code formats"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.defaults_button = QPushButton(self.tr("Defaults"))
        self.defaults_button.clicked.connect(self._on_defaults_clicked)
        save_row = QHBoxLayout()
        save_row.addWidget(QLabel(self.tr("Reason")))
        save_row.addWidget(self.reason, 1)
        save_row.addWidget(self.defaults_button)
        save_row.addWidget(self.save_button)

        form_box = QWidget()
        fb = QVBoxLayout(form_box)
        fb.setContentsMargins(0, 0, 0, 0)
        fb.addLayout(patterns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Code formats at {station}").format(station=context.station_id),
                self.tr(
                    "Which plain codes mean a lot, a badge, a work order, a step or a serial, and "
                    "which UDI agencies the station reads. Test a code below before saving: it "
                    "is read with the settings as they stand on this screen."
                ),
            )
        )
        layout.addWidget(card(form_box))
        layout.addWidget(section(self.tr("Test a code")))
        layout.addWidget(self.test)
        layout.addWidget(self.reading)
        layout.addLayout(save_row)
        layout.addWidget(self.message)
        layout.addStretch()
        self.load()

    # -- the form ---------------------------------------------------------------------------------
    def load(self) -> None:
        """Reads the station's formats (off the GUI thread)."""
        store, station = self.context.store, self.context.station_id
        self.context.run_task(
            lambda: code_setup.code_formats(store.reader, station), self._on_loaded, self._on_failed
        )

    def _on_loaded(self, formats: CodeFormats) -> None:
        self.stored = formats
        self.show_formats(formats)

    def show_formats(self, formats: CodeFormats) -> None:
        """Fills the form with ``formats``."""
        for kind, edit in self.patterns.items():
            edit.setText(formats.patterns.get(kind, ""))
        for agency, box in self.agencies.items():
            box.setChecked(agency in formats.agencies)
        self.forbid_typed.setChecked(formats.forbid_typed)
        self._on_form_changed()

    def form_formats(self) -> CodeFormats:
        """The formats as the form says.

        Raises:
            ValueError: a pattern that is not a regular expression.
        """
        return CodeFormats(
            patterns={kind: edit.text().strip() for kind, edit in self.patterns.items()},
            forbid_typed=self.forbid_typed.isChecked(),
            agencies=tuple(a for a, box in self.agencies.items() if box.isChecked()),
        )

    def _on_form_changed(self, *_args: object) -> None:
        self.try_code(self.test.text().replace(GS_SHOWN, "\x1d"))

    # -- the live test ----------------------------------------------------------------------------
    def try_code(self, text: str) -> dict[str, Any] | None:
        """Reads ``text`` with the form's settings and shows the result (None: nothing typed)."""
        if not text.strip():
            self.reading.set_message("")
            return None
        try:
            formats = self.form_formats()
        except ValueError as exc:
            self.reading.set_message(f"✘ {exc}", "bad")
            return None
        result = scan_text(text, formats=formats)
        message, tone = describe_reading(result)
        self.reading.set_message(message, tone)
        self.tested.emit(result)
        return result

    def handle_scan(self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE) -> None:
        """A scan while this screen is in front goes into the test field (separators kept)."""
        self.test.blockSignals(True)
        self.test.setText(text.replace("\x1d", GS_SHOWN))  # the scanner's GS made visible
        self.test.blockSignals(False)
        self.try_code(text)

    # -- saving -----------------------------------------------------------------------------------
    def save(self) -> None:
        """Journals the formats as the form says (a new configuration revision)."""
        try:
            formats = self.form_formats()
        except ValueError as exc:
            self.message.set_message(str(exc), "bad")
            return
        operator = self.context.view.operator
        by = operator.as_content() if operator else {"name": "unknown"}
        reason = self.reason.text()
        store, station = self.context.store, self.context.station_id
        self.save_button.setEnabled(False)
        self.context.run_task(
            lambda: store.write(
                lambda conn: code_setup.save_code_formats(
                    conn, station, formats, by=by, reason=reason
                )
            ),
            lambda revision: self._on_save_done(revision, formats),
            self._on_save_failed,
        )

    def _on_save_clicked(self) -> None:
        self.save()

    def _on_save_done(self, revision: int | None, formats: CodeFormats) -> None:
        self.save_button.setEnabled(True)
        if revision is None:
            self.message.set_message(self.tr("Nothing changed: nothing was journalled."), "info")
            return
        self.reason.clear()
        session = self.context.session

        def reload() -> None:
            # The running session reads its next scan with these formats.
            station = session.master.station(session.station.id)
            if station is not None:
                session.station = station
            session.formats = formats

        self.context.run_session(reload)
        self.message.set_message(
            self.tr(
                "Saved as configuration revision {revision}; the next scan is read with it."
            ).format(revision=revision),
            "ok",
        )
        self.saved.emit(revision)
        self.load()

    def _on_save_failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")

    def _on_defaults_clicked(self) -> None:
        self.show_formats(CodeFormats())

    def showEvent(self, event: QShowEvent) -> None:
        """Reads again when shown."""
        super().showEvent(event)
        if self._shown_once:
            self.load()
        self._shown_once = True
