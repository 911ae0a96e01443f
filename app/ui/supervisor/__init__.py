"""Supervisor review screens: shift log, exception queue, trace (record detail and sign-off are dialogs)."""

from __future__ import annotations

from app.ui.supervisor.exceptions import ExceptionQueueWidget
from app.ui.supervisor.shift_log import ShiftLogWidget
from app.ui.supervisor.trace import TraceWidget

SCREENS = [
    ("Shift log", ShiftLogWidget),
    ("Exceptions", ExceptionQueueWidget),
    ("Trace", TraceWidget),
]

__all__ = ["SCREENS", "ExceptionQueueWidget", "ShiftLogWidget", "TraceWidget"]
