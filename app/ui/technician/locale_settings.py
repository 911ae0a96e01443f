"""Technician setting of the station's language and time zone (journalled, with a reason)."""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.capture import station_setup
from app.capture.station_setup import LocaleSettings
from app.ui.context import StationContext, TaskError
from app.ui.i18n import LANGUAGES
from app.ui.supervisor.common import BannerLabel, card, heading


class LocaleSettingsWidget(QWidget):
    """The language the station's screens speak and the time zone its people read times in."""

    loaded = Signal(object)  # LocaleSettings, once read

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded_once = False
        self.language = QComboBox()
        self.language.setObjectName("stationLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.zone = QComboBox()
        self.zone.setObjectName("stationTimeZone")
        self.zone.setEditable(True)
        self.zone.addItem(self.tr("this PC's own zone"), "")
        for name in sorted(available_timezones()):
            self.zone.addItem(name, name)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("reason for the change (kept in the journal)"))
        self.message = BannerLabel()
        self.save_button = QPushButton(self.tr("Save language and time"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Time zone"), self.zone)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(form)
        bl.addWidget(self.message)
        bl.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(
            heading(
                self.tr("Language and time at station {id}").format(id=context.station_id),
                self.tr(
                    "The language of the station's screens, and the time zone every time at this "
                    "station is shown in (records stay in UTC). Both apply from the station's "
                    "next start."
                ),
            )
        )
        layout.addWidget(card(body))
        layout.addStretch()
        self.load()

    def load(self) -> None:
        """Reads the current setting (off the GUI thread)."""
        store, station = self.context.store, self.context.station_id
        self.context.run_task(
            lambda: station_setup.locale_settings(store.reader, station),
            self._on_loaded,
            self._on_failed,
        )

    def _on_loaded(self, settings: LocaleSettings) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.zone.setCurrentIndex(max(0, self.zone.findData(settings.time_zone)))
        self.loaded_once = True
        self.loaded.emit(settings)

    def chosen(self) -> LocaleSettings:
        """The language and zone as chosen (a zone typed in is taken as typed)."""
        zone = self.zone.currentData() if self.zone.currentIndex() >= 0 else None
        text = self.zone.currentText().strip()
        if zone is None or self.zone.itemText(self.zone.currentIndex()) != text:
            zone = text
        return LocaleSettings(str(self.language.currentData()), str(zone or ""))

    def _on_save_clicked(self) -> None:
        new = self.chosen()
        op = self.context.view.operator
        by = op.as_content() if op else {"name": "unknown"}
        reason = self.reason.text().strip()
        store, station = self.context.store, self.context.station_id
        self.save_button.setEnabled(False)
        self.context.run_task(
            lambda: store.write(
                lambda conn: station_setup.save_locale_settings(
                    conn, station, new, by=by, reason=reason
                )
            ),
            self._on_saved,
            self._on_save_failed,
        )

    def _on_saved(self, stored: LocaleSettings) -> None:
        self.save_button.setEnabled(True)
        self.reason.clear()
        zone = stored.time_zone or self.tr("this PC's own zone")
        self.message.set_message(
            self.tr("Saved: {language}, {zone}. Restart the station for it to apply.").format(
                language=LANGUAGES[stored.language], zone=zone
            ),
            "ok",
        )

    def _on_save_failed(self, error: TaskError) -> None:
        self.save_button.setEnabled(True)
        self.message.set_message(error.message, "bad")

    def _on_failed(self, error: TaskError) -> None:
        self.message.set_message(error.message, "bad")
