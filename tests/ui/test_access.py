"""Access in the station window: lockout and a supervisor's unlock, an aged password changed at
log-in, one's own password, approving an operator's correction, the access policy editor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.capture import demo_line
from app.domain.access import AccessPolicy
from app.domain.clock import utc_now
from app.ui.admin import AdministrationWidget
from app.ui.context import StationContext
from app.ui.main_window import MainWindow
from app.ui.resources import SoundPlayer
from app.ui.supervisor.access import AccessWidget
from tests.helpers.stations import DemoStation


def open_window(station: DemoStation, qtbot, **session: object) -> MainWindow:
    context = StationContext(station.store, station.session("FA-01", **session), "FA-01")
    win = MainWindow(context, sounds=SoundPlayer(muted=True), idle_minutes=10).install()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


@pytest.fixture
def window(station: DemoStation, qtbot) -> Iterator[MainWindow]:
    win = open_window(station, qtbot)
    yield win
    win.shutdown()
    win.context.shutdown()


def settle(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: win.context.session_tasks.pending == 0 and win.context.tasks.pending == 0,
        timeout=20_000,
    )


def staff_login(qtbot, win: MainWindow, name: str, password: str) -> None:
    win.login.username.setText(name)
    win.login.password.setText(password)
    win.login.login_button.click()
    settle(qtbot, win)


def screen(win: MainWindow, title: str) -> object:
    """The screen behind tab ``title``, made the current tab."""
    widget = win.screens[title]
    win.tabs.setCurrentIndex(list(win.screens).index(title))
    return widget


def type_text(field, text: str) -> None:
    """Text typed into a field (whole: key bursts are the wedge filter's, tested elsewhere)."""
    field.setFocus()
    field.setText(text)


def kinds(station: DemoStation) -> list[str]:
    return [r[0] for r in station.conn.execute("SELECT kind FROM journal ORDER BY seq")]


def test_wrong_passwords_lock_the_account_until_a_supervisor_unlocks_it(
    window: MainWindow, station: DemoStation, qtbot
) -> None:
    for _ in range(5):
        staff_login(qtbot, window, "technician", "not-my-password")
    assert "locked" in window.login.message.text()
    staff_login(qtbot, window, "technician", demo_line.DEMO_PASSWORD)  # the right one: still locked
    assert window.context.session.operator is None and "locked" in window.login.message.text()
    assert kinds(station).count("account-locked") == 1

    staff_login(qtbot, window, "supervisor", demo_line.DEMO_PASSWORD)
    access = screen(window, "Access")
    assert isinstance(access, AccessWidget)
    access.refresh()
    settle(qtbot, window)
    assert access.locked_table.rowCount() == 1
    assert access.locked_table.item(0, 0).text() == "technician"
    qtbot.mouseClick(access.unlock_button, Qt.MouseButton.LeftButton)  # no reason: refused
    assert access.message.tone == "bad" and "account-unlocked" not in kinds(station)
    type_text(access.unlock_reason, "forgot the new password, identity checked")
    with qtbot.waitSignal(access.changed, timeout=20_000):
        qtbot.keyClick(access.unlock_reason, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert access.locked_table.rowCount() == 0
    unlocked = json.loads(
        station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'account-unlocked'"
        ).fetchone()[0]
    )
    assert unlocked["reason"] == "forgot the new password, identity checked"
    assert unlocked["by"]["user_id"] == "U2001"

    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    staff_login(qtbot, window, "technician", demo_line.DEMO_PASSWORD)
    assert window.context.session.operator is not None
    assert window.stack.currentWidget() is window.tabs


def test_an_aged_password_is_changed_at_log_in_and_staff_change_their_own(
    station: DemoStation, qtbot
) -> None:
    today = station.session("FA-01")
    today.login_password("supervisor", demo_line.DEMO_PASSWORD)
    today.change_password(demo_line.DEMO_PASSWORD, "copper-reel-4471")  # ages from now
    today.logout()
    later = utc_now() + timedelta(days=200)  # past the default 180 days
    win = open_window(station, qtbot, clock=lambda: later)
    try:
        staff_login(qtbot, win, "supervisor", "copper-reel-4471")
        dialog = win.login.password_dialog
        qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=10_000)
        assert not dialog.current.isVisible()  # the old password was just given
        type_text(dialog.new, "solder-paste-9921")
        type_text(dialog.repeat, "solder-paste-992")  # mistyped
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        assert "differ" in dialog.message.text()
        dialog.repeat.clear()
        type_text(dialog.repeat, "solder-paste-9921")
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        settle(qtbot, win)
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.tabs, timeout=10_000)
        assert not dialog.isVisible()
        # Logged in, the supervisor changes it again from the top bar.
        assert win.password_button.isVisible()
        qtbot.mouseClick(win.password_button, Qt.MouseButton.LeftButton)
        own = win.password_dialog
        qtbot.waitUntil(own.isVisible, timeout=5_000)
        type_text(own.current, "wrong-current-1")
        type_text(own.new, "flux-cored-wire-77")
        type_text(own.repeat, "flux-cored-wire-77")
        qtbot.keyClick(own.repeat, Qt.Key.Key_Return)
        settle(qtbot, win)
        assert "current password is wrong" in own.message.text()
        own.current.clear()
        type_text(own.current, "solder-paste-9921")
        qtbot.keyClick(own.repeat, Qt.Key.Key_Return)
        settle(qtbot, win)
        qtbot.waitUntil(lambda: not own.isVisible(), timeout=10_000)
    finally:
        win.shutdown()
        win.context.shutdown()
    check = station.session("FA-01", clock=lambda: later)
    check.login_password("supervisor", "flux-cored-wire-77")
    reasons = [
        json.loads(c)["why"]
        for (c,) in station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'user-change' ORDER BY seq"
        )
    ]
    assert reasons[-2:] == ["the password had expired", "changed by its owner"]


def test_a_supervisor_approves_an_operators_correction_with_a_second_signature(
    window: MainWindow, station: DemoStation, qtbot
) -> None:
    admin = station.session("FA-01")
    admin.login_password("admin", demo_line.DEMO_PASSWORD)
    admin.save_policy(
        AccessPolicy(operator_corrects="any", correction_needs_approval=True),
        "operators' corrections are countersigned",
    )
    admin.logout()
    operator = station.session("FA-01")
    operator.login_badge("BDG-1002")
    record = station.conn.execute(
        "SELECT record_key FROM assemblies WHERE station = 'FA-01' "
        "AND record_key NOT IN (SELECT old_key FROM supersessions) LIMIT 1"
    ).fetchone()[0]
    operator.correct(record, "wrong housing reel recorded")
    assert not station.conn.execute(
        "SELECT 1 FROM supersessions WHERE old_key = ?", (record,)
    ).fetchone()

    staff_login(qtbot, window, "supervisor", demo_line.DEMO_PASSWORD)
    access = screen(window, "Access")
    assert isinstance(access, AccessWidget)
    access.refresh()
    settle(qtbot, window)
    assert access.pending_table.rowCount() == 1
    assert access.pending_table.item(0, 2).text() == record
    type_text(access.username, "supervisor")
    type_text(access.password, "not-it")
    qtbot.keyClick(access.password, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert access.message.tone == "bad" and "password is wrong" in access.message.text()
    type_text(access.password, demo_line.DEMO_PASSWORD)
    with qtbot.waitSignal(access.changed, timeout=20_000):
        qtbot.mouseClick(access.approve_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    new_key = station.conn.execute(
        "SELECT new_key FROM supersessions WHERE old_key = ?", (record,)
    ).fetchone()[0]
    approval = json.loads(
        station.conn.execute("SELECT content FROM journal WHERE key = ?", (new_key,)).fetchone()[0]
    )["approval"]
    assert approval["user_id"] == "U2001" and approval["signature"]
    assert access.pending_table.rowCount() == 0


def test_the_access_policy_editor_needs_a_reason_and_journals_old_and_new(
    window: MainWindow, station: DemoStation, qtbot
) -> None:
    staff_login(qtbot, window, "admin", demo_line.DEMO_PASSWORD)
    admin = screen(window, "Users")
    assert isinstance(admin, AdministrationWidget)
    admin.setCurrentWidget(admin.policy)
    editor = admin.policy
    assert editor.max_failures.value() == 5
    editor.max_failures.setValue(3)
    editor.badge_pin.setChecked(True)
    editor.operator_corrects.setCurrentIndex(editor.operator_corrects.findData("none"))
    before = len(kinds(station))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.message.tone == "bad" and len(kinds(station)) == before
    type_text(editor.reason, "audit finding 2026-14: tighter lockout")
    with qtbot.waitSignal(editor.saved, timeout=20_000):
        qtbot.keyClick(editor.reason, Qt.Key.Key_Return)
    settle(qtbot, window)
    row = json.loads(
        station.conn.execute(
            "SELECT content FROM journal WHERE kind = 'config' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    assert row["config"] == "access" and row["why"] == "audit finding 2026-14: tighter lockout"
    assert row["changes"]["max_failures"] == {"from": 5, "to": 3}
    assert row["changes"]["operator_corrects"] == {"from": "own", "to": "none"}
    assert window.context.session.policy.max_failures == 3
    assert station.session("FA-01").policy.badge_pin is True
    from app.store import journal

    assert journal.verify(station.conn).intact
