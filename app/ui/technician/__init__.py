"""Technician setup screens: instruments (configuration, test, live plot, calibrations), scanners, station."""

from __future__ import annotations

from app.ui.technician.instruments import InstrumentsWidget
from app.ui.technician.scanners import ScannersWidget
from app.ui.technician.station import StationSettingsWidget

SCREENS = [
    ("Instruments", InstrumentsWidget),
    ("Scanners", ScannersWidget),
    ("Station settings", StationSettingsWidget),
]

__all__ = ["SCREENS", "InstrumentsWidget", "ScannersWidget", "StationSettingsWidget"]
