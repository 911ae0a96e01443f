"""The station's main window in tests: log in by badge, a wedge UDI, the operator's banner."""

from __future__ import annotations

from app.capture import demo_line
from app.ui.autopilot import type_burst
from app.ui.main_window import MainWindow


def logged_in(qtbot, win: MainWindow, badge: str = "BDG-1002") -> None:
    """Logs in by a badge burst and waits for the operator station."""
    type_burst(badge, win.login.badge)
    qtbot.waitUntil(lambda: win.operator is not None, timeout=5_000)


def settled(qtbot, win: MainWindow, timeout: int = 10_000) -> None:
    """Waits until every task the screens asked for has run and its answer reached the screen
    (the session's events come before their task's answer): instead of a fixed pause."""
    context = win.context
    qtbot.waitUntil(
        lambda: context.session_tasks.pending == 0 and context.tasks.pending == 0,
        timeout=timeout,
    )


def wedge_udi(serial: str) -> str:
    """An IP-200 UDI as a scanner types it: element strings, GS after the variable-length lot."""
    return f"01{demo_line.PRODUCTS[0].di}1126110117311101" + f"10B261101\x1d21{serial}"


def banner(win: MainWindow) -> tuple[str, str]:
    """The operator banner's state and its title and detail text."""
    assert win.operator is not None
    fb = win.operator.feedback
    return fb.state, f"{fb.title.text()}\n{fb.detail.text()}"
