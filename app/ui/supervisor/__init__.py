"""Supervisor review screens: shift log, exception queue, trace, search (record detail and sign-off are dialogs)."""

from __future__ import annotations

from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.supervisor.exceptions import ExceptionQueueWidget
from app.ui.supervisor.search import SearchWidget
from app.ui.supervisor.shift_log import ShiftLogWidget
from app.ui.supervisor.trace import TraceWidget

SCREENS = [
    (QT_TRANSLATE_NOOP("Screens", "Shift log"), ShiftLogWidget),
    (QT_TRANSLATE_NOOP("Screens", "Exceptions"), ExceptionQueueWidget),
    (QT_TRANSLATE_NOOP("Screens", "Trace"), TraceWidget),
    (QT_TRANSLATE_NOOP("Screens", "Search"), SearchWidget),
]

__all__ = [
    "SCREENS",
    "ExceptionQueueWidget",
    "SearchWidget",
    "ShiftLogWidget",
    "TraceWidget",
]
