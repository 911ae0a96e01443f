"""The technician's station set-up as one screen of tabs: rules and history, environment windows,
code formats, language and time."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from app.domain.entry import EntryMethod
from app.ui.context import StationContext
from app.ui.technician.code_formats import CodeFormatsWidget
from app.ui.technician.environment import EnvironmentWindowsWidget
from app.ui.technician.locale_settings import LocaleSettingsWidget
from app.ui.technician.station import StationSettingsWidget


class StationSetupWidget(QTabWidget):
    """Station rules with their history, the environment windows of the station's steps, and the
    code formats with their live test field.

    One screen, so the main window's tab bar still fits a 1366-pixel panel with every role's
    screens; a scan goes to the tab in front when it takes scans.
    """

    title = "Station settings"

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rules = StationSettingsWidget(context)
        self.environment = EnvironmentWindowsWidget(context)
        self.codes = CodeFormatsWidget(context)
        self.addTab(self.rules, self.tr("Rules and history"))
        self.addTab(self.environment, self.tr("Environment windows"))
        self.addTab(self.codes, self.tr("Code formats"))
        self.language_and_time = LocaleSettingsWidget(context)
        self.addTab(self.language_and_time, self.tr("Language and time"))

    def handle_scan(self, text: str, entry: EntryMethod = EntryMethod.KEYBOARD_WEDGE) -> None:
        """Hands a scan to the tab in front, if it takes scans."""
        take = getattr(self.currentWidget(), "handle_scan", None)
        if callable(take):
            take(text, entry)
