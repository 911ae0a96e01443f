"""Technician screens: instruments (configuration, test, live plot, calibrations), scanners, station,
environment windows, health."""

from __future__ import annotations

from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.technician.health import HealthWidget
from app.ui.technician.instruments import InstrumentsWidget
from app.ui.technician.scanners import ScannersWidget
from app.ui.technician.setup_tabs import StationSetupWidget
from app.ui.technician.station import StationSettingsWidget

SCREENS = [
    (QT_TRANSLATE_NOOP("Screens", "Instruments"), InstrumentsWidget),
    (QT_TRANSLATE_NOOP("Screens", "Scanners"), ScannersWidget),
    (QT_TRANSLATE_NOOP("Screens", "Station settings"), StationSetupWidget),
    (QT_TRANSLATE_NOOP("Screens", "Health"), HealthWidget),
]

__all__ = [
    "SCREENS",
    "HealthWidget",
    "InstrumentsWidget",
    "ScannersWidget",
    "StationSettingsWidget",
    "StationSetupWidget",
]
