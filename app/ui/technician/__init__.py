"""Technician screens: instruments (configuration, test, live plot, calibrations), scanners, station,
health."""

from __future__ import annotations

from app.ui.technician.health import HealthWidget
from app.ui.technician.instruments import InstrumentsWidget
from app.ui.technician.scanners import ScannersWidget
from app.ui.technician.station import StationSettingsWidget

SCREENS = [
    ("Instruments", InstrumentsWidget),
    ("Scanners", ScannersWidget),
    ("Station settings", StationSettingsWidget),
    ("Health", HealthWidget),
]

__all__ = [
    "SCREENS",
    "HealthWidget",
    "InstrumentsWidget",
    "ScannersWidget",
    "StationSettingsWidget",
]
