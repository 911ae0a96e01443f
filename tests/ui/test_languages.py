"""The station in German and Spanish: translators per station and per user, refusals from the core
said in the operator's language, numbers in the language's locale, and no English left on screen."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from zoneinfo import available_timezones

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMessageBox

from app.capture import demo_line
from app.capture.station_setup import LocaleSettings, locale_settings
from app.domain.verdict import Finding, Rule
from app.ui.context import StationContext
from app.ui.i18n import Languages, number
from app.ui.launch import station_language
from app.ui.main_window import MainWindow
from app.ui.refusals import refusal_text
from app.ui.resources import SoundPlayer
from app.ui.technician.locale_settings import LocaleSettingsWidget
from app.validation.versions import versions
from drivers import registry
from tests.helpers.english import EnglishFinder
from tests.helpers.stations import DemoStation
from tests.helpers.window import banner, logged_in, settled, wedge_udi
from tests.ui.test_layouts import pages


def _window(station: DemoStation, qtbot, language: str) -> MainWindow:
    context = StationContext(station.store, station.session("FA-01"), "FA-01")
    win = MainWindow(
        context, sounds=SoundPlayer(muted=True), idle_minutes=0, language=language
    ).install()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


@pytest.fixture
def german(station: DemoStation, qtbot) -> Iterator[MainWindow]:
    win = _window(station, qtbot, "de")
    yield win
    win.shutdown()
    win.context.shutdown()


def test_a_refusal_reaches_the_operator_in_german(german: MainWindow, station: DemoStation, qtbot):
    logged_in(qtbot, german)
    german.operator.handle_scan("ML-999999")
    qtbot.waitUntil(lambda: banner(german)[0] == "bad", timeout=5_000)
    _state, text = banner(german)
    assert "Charge ML-999999 ist an dieser Station nicht bekannt." in text
    assert "→ Etikett prüfen oder beim Wareneingang nachfragen" in text
    # The record keeps the core's English message (the journal is the truth, in one language).
    message = station.conn.execute(
        "SELECT content FROM journal WHERE kind = 'refusal' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert "is not known at this station" in message


def test_no_english_on_the_operator_screen_in_german(
    german: MainWindow, station: DemoStation, qtbot
):
    finder = EnglishFinder("de", station.conn)
    assert finder.find(german) == [], "the log-in screen"
    logged_in(qtbot, german)
    german.operator.handle_scan(wedge_udi("SN-IP-200-DE00001"))
    qtbot.waitUntil(lambda: "SN-IP-200-DE00001" in german.operator.unit.text(), timeout=5_000)
    german.operator.handle_scan(station.lot("HSG-TOP-200"))
    qtbot.waitUntil(lambda: german.operator.remove_button.isEnabled(), timeout=5_000)
    settled(qtbot, german)  # every answer on the screen before it is read for English
    assert finder.find(german) == [], "a unit with one part scanned"
    german.operator.handle_scan(station.lot("HSG-TOP-200"))  # twice: refused, with what to do
    qtbot.waitUntil(lambda: banner(german)[0] == "bad", timeout=5_000)
    assert finder.find(german) == [], "a refusal"
    german.logout_button.click()  # scans on the unit: the station asks first
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    assert box.text() == "Abmelden und 1 gescanntes Teil der Einheit SN-IP-200-DE00001 verwerfen?"
    assert finder.find(box) == [], "the question before scans are discarded"
    box.reject()


def test_the_finder_sees_english(german: MainWindow, station: DemoStation, qtbot):
    # The check cannot pass by looking away: an untranslated label on the screen is found.
    finder = EnglishFinder("de", station.conn)
    german.login.message.setText("Scan your badge again")
    assert finder.find(german) != []
    german.login.message.setText("Ausweis LOT-1 gescannt")  # German with data in it passes
    assert finder.find(german) == []


def test_the_stations_language_and_english_after_it(station: DemoStation, qtbot):
    win = _window(station, qtbot, "es")
    try:
        assert win.login.findChild(type(win.login.badge), "badgeField").placeholderText() == (
            "o teclee el número de tarjeta y pulse Intro"
        )
        assert win.logout_button.text() == "Salir  [F12]"
        assert QLocale().name().startswith("es")
    finally:
        win.shutdown()
        win.context.shutdown()
    assert QLocale().name().startswith("en")  # a closed window leaves English behind


def test_several_refusals_each_in_german(qapp):
    languages = Languages()
    languages.use("de")
    try:
        blocking = [
            Finding(
                Rule.ENV_OUT_OF_WINDOW,
                "Humidity 72 %RH from HMT330, outside its window 30–60 %RH: wait",
                "relative_humidity",
                template="environment-out-of-window",
                args=(
                    ("quantity", "relative_humidity"),
                    ("value", "72"),
                    ("unit", "%RH"),
                    ("window", "30–60 %RH"),
                ),
            ),
            Finding(
                Rule.BOM_INCOMPLETE,
                "BAT-1 (Battery) not yet scanned",
                "BAT-1",
                template="bom-incomplete",
                args=(("part", "BAT-1"), ("description", "Battery")),
            ),
        ]
        text = refusal_text(blocking[0], "…", blocking)
        assert text.splitlines() == [
            "Luftfeuchte 72 %RH liegt außerhalb des Bereichs 30–60 %RH.",
            "BAT-1 (Battery) ist noch nicht gescannt.",
            "→ Warten, bis die Bedingungen wieder stimmen, oder dem Schichtleiter melden. "
            "Scannen, dann erneut buchen.",
        ]
        assert number(1234.5) == "1.234,5"
    finally:
        languages.use("en")
    assert number(1234.5) == "1,234.5"


def test_a_finding_without_a_template_keeps_its_message(qapp):
    finding = Finding(Rule.PLANT_REFUSED, "the plant refused it: ask the line lead", "SN-1")
    assert refusal_text(finding, finding.message) == "The plant refused it.\n→ Ask the line lead"


def test_the_technician_sets_the_stations_language_and_zone(
    station: DemoStation, qtbot, monkeypatch
):
    context = StationContext(station.store, station.session("FA-01"), "FA-01")
    screen = LocaleSettingsWidget(context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.loaded_once, timeout=5_000)
    screen.language.setCurrentIndex(screen.language.findData("de"))
    screen.zone.setCurrentIndex(screen.zone.findData("Europe/Berlin"))
    screen.save_button.click()  # no reason: refused, nothing saved
    qtbot.waitUntil(lambda: "reason" in screen.message.text(), timeout=5_000)
    screen.reason.setText("German-speaking line")
    screen.save_button.click()
    qtbot.waitUntil(lambda: screen.message.text().startswith("Saved: Deutsch"), timeout=5_000)
    assert locale_settings(station.conn, "FA-01") == LocaleSettings("de", "Europe/Berlin")
    # At the next start the station speaks German and shows Berlin time.
    monkeypatch.setenv("TZ", "UTC")
    try:
        assert station_language(station.store, "FA-01") == "de"
        assert time.tzname[0] == "CET"
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
    context.shutdown()


def test_no_english_on_any_screen_in_german(station: DemoStation, qtbot):
    # Every role's screens (an admin has them all) and their inner tabs, in German.
    context = StationContext(station.store, station.session("FA-01"), "FA-01")
    win = MainWindow(context, sounds=SoundPlayer(muted=True), idle_minutes=0, language="de")
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    session = context.session
    context.run_session(lambda: session.login_password("admin", demo_line.DEMO_PASSWORD))
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.tabs, timeout=10_000)
    # Data, not the station's words: the drivers' own catalogue (names, the vendor's summary),
    # version strings, IANA zone names, and the findings as the records state them (the journal
    # keeps the core's English message; the operator saw it translated when it happened).
    drivers = [registry.get(name) for name in registry.NAMES]
    recorded = {
        m
        for (content,) in station.conn.execute("SELECT content FROM journal")
        for m in _messages(json.loads(content))
    }
    data = [*registry.NAMES, *(d.summary for d in drivers), *versions().values()]
    data += [*available_timezones(), *sorted(recorded, key=len, reverse=True)]
    finder = EnglishFinder("de", station.conn, allowed=tuple(data))
    found: dict[str, list[str]] = {}
    try:
        for title, _page in pages(win):
            qtbot.wait(300)  # the screen's first load
            english = finder.find(win)
            if english:
                found[title] = english
    finally:
        win.shutdown()
        context.shutdown()
    assert found == {}, "\n".join(f"{t}: {e}" for t, es in found.items() for e in es)


def _messages(content: object) -> Iterator[str]:
    """Every ``message`` a journal row's content states (findings, refusals), and every reason
    (``why``, ``reason``) a person gave for a change: the record keeps what was written."""
    if isinstance(content, dict):
        for key, value in content.items():
            if key in ("message", "why", "reason") and isinstance(value, str):
                yield value
            else:
                yield from _messages(value)
    elif isinstance(content, list):
        for value in content:
            yield from _messages(value)


def test_a_user_with_german_logs_in_on_an_english_station(station: DemoStation, qtbot):
    # The user's own language (admin Users screen, journalled) for their session, then the
    # station's again at log-out.
    admin = station.session("FA-01")
    admin.login_password("admin", demo_line.DEMO_PASSWORD)
    admin.update_account("U1002", {"language": "de"}, "reads German best")
    admin.logout()
    win = _window(station, qtbot, "en")
    try:
        assert win.logout_button.text() == "Log out  [F12]"
        logged_in(qtbot, win, "BDG-1002")
        assert win.operator is not None
        assert win.operator.remove_button.text() == "Scan entfernen  [Entf]"
        assert win.logout_button.text() == "Abmelden  [F12]"
        assert QLocale().name().startswith("de")
        win.logout_button.click()
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.login, timeout=5_000)
        assert win.logout_button.text() == "Log out  [F12]"
        placeholder = win.login.findChild(type(win.login.badge), "badgeField").placeholderText()
        assert placeholder == "or type the badge number and press Enter"
        assert QLocale().name().startswith("en")
    finally:
        win.shutdown()
        win.context.shutdown()
