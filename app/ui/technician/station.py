"""Technician setup of the station: its line, allowed steps, block-or-flag rules, and the change log."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.capture import station_setup
from app.capture.station_setup import RULE_FAMILIES, StationSettings
from app.ui.context import StationContext, TaskError
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.models import local_time, zone_name
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section

FAMILY_TEXT = {
    "environment": QT_TRANSLATE_NOOP(
        "StationSettingsWidget", "Environment out of window, stale or missing"
    ),
    "calibration": QT_TRANSLATE_NOOP(
        "StationSettingsWidget", "Reading from an instrument out of calibration"
    ),
    "profile": QT_TRANSLATE_NOOP("StationSettingsWidget", "Reflow profile failed or missing"),
    "udi": QT_TRANSLATE_NOOP(
        "StationSettingsWidget", "UDI not matching its device catalogue entry"
    ),
    "unseen": str(
        QT_TRANSLATE_NOOP(
            "StationSettingsWidget", "Subassembly this station has no record of, plant unreachable"
        )
    ),
}
ACTIONS = (
    ("block", QT_TRANSLATE_NOOP("StationSettingsWidget", "Block — refuse the record")),
    ("flag", QT_TRANSLATE_NOOP("StationSettingsWidget", "Flag — record it for review")),
)


def _readable(value: Any) -> str:
    """A configured value as people read it: lists joined, nothing as "—", never a raw dict."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list | tuple):
        return ", ".join(_readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_readable(v)}" for k, v in value.items())
    return str(value)


def _changed(name: str, old: Any, new: Any) -> list[str]:
    """One line per changed setting; a rule table becomes one line per rule that changed."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                label = QCoreApplication.translate(
                    "StationSettingsWidget", FAMILY_TEXT.get(key, key.replace("_", " "))
                )
                lines.append(f"{label}: {_readable(old.get(key))} → {_readable(new.get(key))}")
        return lines
    label = {"line": "line", "steps": "allowed steps"}.get(name, name.replace("_", " "))
    return [f"{label}: {_readable(old)} → {_readable(new)}"]


#: What an instrument's configuration row says was done to it.
INSTRUMENT_ACTIONS = {
    "add": QT_TRANSLATE_NOOP("StationSettingsWidget", "added"),
    "change": QT_TRANSLATE_NOOP("StationSettingsWidget", "changed"),
    "remove": QT_TRANSLATE_NOOP("StationSettingsWidget", "retired"),
}


def describe_change(entry: dict[str, Any]) -> str:
    """One journalled configuration change in plain words (never a raw dict)."""
    kind = entry.get("config", "")
    if kind == "station":
        changes = entry.get("changes", {})
        lines = [
            line
            for name, change in changes.items()
            for line in _changed(name, change.get("from"), change.get("to"))
        ]
        return "Station rules — " + ("; ".join(lines) or "saved unchanged")
    if kind == "scanners":
        return "Scanners — " + (", ".join(entry.get("changes", {})) or "saved unchanged")
    if kind == "instrument":
        inst = entry.get("instrument", {})
        action = str(entry.get("action"))
        return QCoreApplication.translate(
            "StationSettingsWidget", "Instrument {id}: {action} (revision {revision})"
        ).format(
            id=inst.get("id"),
            action=QCoreApplication.translate(
                "StationSettingsWidget", INSTRUMENT_ACTIONS.get(action, action)
            ),
            revision=inst.get("revision"),
        )
    if kind == "calibration":
        cal = entry.get("calibration", {})
        found = (
            f"; as found {cal['as_found']}, as left {cal['as_left']}" if cal.get("points") else ""
        )
        return (
            QCoreApplication.translate(
                "StationSettingsWidget", "Calibration of {instrument}: due {due} ({certificate})"
            ).format(
                instrument=cal.get("instrument"),
                due=cal.get("due_on"),
                certificate=cal.get("certificate"),
            )
            + found
        )
    if kind == "code-formats":
        lines = [
            f"{name}: {_readable(change.get('from'))} → {_readable(change.get('to'))}"
            for name, change in entry.get("changes", {}).items()
        ]
        return "Code formats — " + ("; ".join(lines) or "saved unchanged")
    if kind == "environment":
        lines = [
            f"{w.get('quantity')}: {w.get('from')} → {w.get('to')}"
            for w in entry.get("changes", [])
        ]
        return f"Environment windows of {entry.get('product')} step {entry.get('step')} — " + (
            "; ".join(lines) or "saved unchanged"
        )
    return str(kind)


def who(entry: dict[str, Any]) -> str:
    """Who made a journalled change."""
    by = entry.get("by")
    if isinstance(by, dict):
        return str(by.get("name", ""))
    return str(by or "")


class StationSettingsWidget(QWidget):
    """The station's line, the steps it may perform and, per rule family, block or flag."""

    title = "Station settings"
    saved = Signal(object)  # StationSettings

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        self.settings: StationSettings | None = None
        self._shown_once = False

        self.line = QComboBox()
        self.steps_box = QWidget()
        self.steps_layout = QHBoxLayout(self.steps_box)
        self.steps_layout.setContentsMargins(0, 0, 0, 0)
        self.step_checks: dict[str, QCheckBox] = {}
        self.rule_actions: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("Line"), self.line)
        form.addRow(self.tr("Allowed steps"), self.steps_box)
        for family in RULE_FAMILIES:
            combo = QComboBox()
            for value, text in ACTIONS:
                combo.addItem(self.tr(text), value)
            self.rule_actions[family] = combo
            form.addRow(
                QCoreApplication.translate("StationSettingsWidget", FAMILY_TEXT[family]), combo
            )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("reason for the change, e.g. CAPA-2026-031 (kept in the journal)")
        )
        form.addRow(self.tr("Reason"), self.reason)
        self.revision = QLabel()
        self.revision.setObjectName("screenHint")
        self.message = BannerLabel()
        self.save_button = QPushButton(self.tr("Save station settings"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.revision, 1)
        buttons.addWidget(self.save_button)
        form_box = QWidget()
        self.steps_box.setObjectName("cardBody")
        fb = QVBoxLayout(form_box)
        fb.setContentsMargins(0, 0, 0, 0)
        fb.addLayout(form)
        fb.addWidget(self.message)
        fb.addLayout(buttons)

        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("When ({zone})").format(zone=zone_name()),
                self.tr("Who"),
                self.tr("What changed"),
                self.tr("Why"),
            ]
        )
        self.history.setWordWrap(True)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setAlternatingRowColors(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(
            heading(
                self.tr("Station {station_id}").format(station_id=context.station_id),
                self.tr(
                    "What this station may do and what happens when a rule is broken. A change takes "
                    "effect for the next record and is journalled with your name and the time."
                ),
            )
        )
        layout.addWidget(card(form_box))
        layout.addWidget(section(self.tr("Configuration changes at this station")))
        layout.addWidget(self.history, 1)
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        """Reads again when shown: another screen (scanners, instruments) may have changed it."""
        super().showEvent(event)
        if self._shown_once:
            self.load()
        self._shown_once = True

    def load(self) -> None:
        """Reads the settings, the lines and steps, and the change log (off the GUI thread)."""
        store, station = self.context.store, self.context.station_id

        def work() -> tuple[StationSettings, list[str], list[str], list[dict[str, Any]]]:
            conn = store.reader
            lines = [r[0] for r in conn.execute("SELECT id FROM lines ORDER BY id")]
            steps = [r[0] for r in conn.execute("SELECT DISTINCT code FROM steps ORDER BY code")]
            return (
                station_setup.station_settings(conn, station),
                lines,
                steps,
                station_setup.config_history(conn, station),
            )

        self.context.run_task(work, self._on_loaded, self._on_failed)

    def _on_loaded(
        self, loaded: tuple[StationSettings, list[str], list[str], list[dict[str, Any]]]
    ) -> None:
        settings, lines, steps, history = loaded
        self.settings = settings
        self.line.clear()
        for line in lines:
            self.line.addItem(line, line)
        self.line.setCurrentIndex(max(0, self.line.findData(settings.line)))
        for check in self.step_checks.values():
            check.setParent(None)
        self.step_checks = {}
        for step in steps:
            check = QCheckBox(step)
            check.setChecked(step in settings.steps)
            self.step_checks[step] = check
            self.steps_layout.addWidget(check)
        self.steps_layout.addStretch()
        for family, combo in self.rule_actions.items():
            combo.setCurrentIndex(max(0, combo.findData(settings.on_violation.get(family))))
        self.revision.setText(
            self.tr("Configuration revision {revision}").format(revision=settings.revision)
        )
        self.history.setRowCount(len(history))
        for r, entry in enumerate(history):
            at = entry.get("recorded_at", "")
            for col, text in enumerate(
                (
                    local_time(at, with_date=True) if at else "",
                    who(entry),
                    describe_change(entry),
                    str(entry.get("reason") or entry.get("why") or ""),
                )
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(r, col, item)
        self.history.resizeColumnsToContents()
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.history.resizeRowsToContents()

    def form_settings(self) -> StationSettings:
        """The settings as chosen."""
        assert self.settings is not None
        return StationSettings(
            station=self.settings.station,
            line=str(self.line.currentData()),
            name=self.settings.name,
            steps=tuple(s for s, c in self.step_checks.items() if c.isChecked()),
            on_violation={f: str(c.currentData()) for f, c in self.rule_actions.items()},
            revision=self.settings.revision,
        )

    def save(self) -> None:
        """Stores the settings with a ``config`` journal row."""
        if self.settings is None:
            return
        new = self.form_settings()
        if not new.steps:
            self.message.set_message(self.tr("Allow at least one step."), "bad")
            return
        op = self.context.view.operator
        by = op.as_content() if op else {"name": "unknown"}
        reason = self.reason.text().strip()
        store = self.context.store
        self.save_button.setEnabled(False)
        self.context.run_task(
            lambda: store.write(
                lambda conn: station_setup.save_station_settings(conn, new, by=by, reason=reason)
            ),
            self._on_save_done,
            self._on_save_failed,
        )

    def _on_save_clicked(self) -> None:
        self.save()

    def _on_save_done(self, stored: StationSettings) -> None:
        self.save_button.setEnabled(True)
        self.reason.clear()
        if stored.station == self.context.station_id:
            session = self.context.session

            def reload() -> None:
                # The running session takes the new rules and revision for its next record.
                station = session.master.station(stored.station)
                if station is not None:
                    session.station = station

            self.context.run_session(reload)
        self.message.set_message(
            self.tr(
                "Saved as configuration revision {revision}; the next record at {station} is checked with these rules."
            ).format(revision=stored.revision, station=stored.station),
            "ok",
        )
        self.saved.emit(stored)
        self.load()

    def _on_save_failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")
