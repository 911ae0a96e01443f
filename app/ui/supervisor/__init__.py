"""Supervisor review screens: shift log, exception queue, trace, search (record detail and sign-off are dialogs)."""

from __future__ import annotations

from app.ui.supervisor.exceptions import ExceptionQueueWidget
from app.ui.supervisor.search import SearchWidget
from app.ui.supervisor.shift_log import ShiftLogWidget
from app.ui.supervisor.trace import TraceWidget

SCREENS = [
    ("Shift log", ShiftLogWidget),
    ("Exceptions", ExceptionQueueWidget),
    ("Trace", TraceWidget),
    ("Search", SearchWidget),
]

__all__ = ["SCREENS", "ExceptionQueueWidget", "SearchWidget", "ShiftLogWidget", "TraceWidget"]
