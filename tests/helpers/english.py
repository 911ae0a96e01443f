"""Finds English a person would read on a screen running in another language.

Every visible text (labels, buttons, placeholders, tooltips, window and tab titles, group boxes,
combo items, table headers and cells, the status bar) is stripped of master data shown as it is
(names, part descriptions, station names: the plant's own words), then split into words. A word
that the English sources of the .ts files or common English use, and that no translation of the
language uses, is English that did not go through Qt's translation.
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QWidget,
)

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")
TAG = re.compile(r"<[^>]+>")
IDENTIFIER = re.compile(r"[\w.-]*\d[\w.-]*")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%n")

#: Everyday English that any untranslated sentence carries, even one no .ts knows yet.
COMMON_ENGLISH = frozenset(
    """the and not was this that with for your you from has have are were been will would can
    could should must may what which who when where why how all any each every some none
    nothing only also than then there here into onto over under after before again still yet
    already more most less least very just but because while until about above below between
    out off its his her their our they them she him yes please scan scanned scanning enter
    press type click choose select open close save cancel delete remove add change show hide
    new old next last first back done ready unit units record records step steps lot lots
    part parts station screen window value values time date today shift log error failed
    failure unknown known accepted refused flagged none since ago due until without""".split()  # noqa: SIM905 - a word list reads better as text
)

#: Master data tables whose text is shown as it is (the plant's own names and descriptions).
MASTER_TEXT = {
    "lines": ("id", "name", "site"),
    "stations": ("id", "name"),
    "users": ("name", "username", "badge"),
    "suppliers": ("id", "name"),
    "parts": ("part_number", "description"),
    "steps": ("code", "name", "product"),
    "work_orders": ("id", "product"),
    "lots": ("id", "supplier_lot"),
    "work_instructions": ("text",),  # the plant writes them in its own language
}


def _ts(lang: str) -> tuple[set[str], set[str]]:
    """The words of the English sources and of the ``lang`` translations."""
    sources: set[str] = set()
    translations: set[str] = set()
    for message in ET.parse(I18N / f"lineside_{lang}.ts").getroot().iter("message"):
        sources |= _words(message.findtext("source") or "")
        translation = message.find("translation")
        if translation is not None:
            texts = [translation.text or ""] + [
                f.text or "" for f in translation.iter("numerusform")
            ]
            for text in texts:
                translations |= _words(text)
    return sources, translations


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def master_texts(conn: sqlite3.Connection) -> list[str]:
    """Master data text shown verbatim, longest first (so a name is cut out before its parts)."""
    found: set[str] = set()
    for table, columns in MASTER_TEXT.items():
        for column in columns:
            try:
                rows = conn.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()
            except sqlite3.Error:
                continue
            found |= {str(r[0]) for r in rows if r[0]}
    for (qualifications,) in conn.execute("SELECT qualifications FROM users"):
        found |= {str(q) for q in json.loads(qualifications)}  # step codes, plant's own names
    return sorted(found, key=len, reverse=True)


class EnglishFinder:
    """Says which visible texts under a widget are English while ``lang`` is in use."""

    def __init__(self, lang: str, conn: sqlite3.Connection, allowed: tuple[str, ...] = ()) -> None:
        sources, translations = _ts(lang)
        self.english = (sources | COMMON_ENGLISH) - translations
        self.data = sorted([*master_texts(conn), *allowed], key=len, reverse=True)

    def english_in(self, text: str) -> list[str]:
        """The English words of ``text`` once master data is cut out."""
        plain = TAG.sub(" ", text)
        for value in self.data:
            plain = plain.replace(value, " ")
        plain = IDENTIFIER.sub(" ", plain)  # serials, lots, badges: LOT-1, SN-IP-200-7200001
        return sorted({w for w in _words(plain) if w in self.english})

    def find(self, root: QWidget) -> list[str]:
        """``where: “text” (English words)`` for each visible text with English in it."""
        found = []
        for where, text in visible_texts(root):
            words = self.english_in(text)
            if words:
                found.append(f"{where}: “{text[:80]}” {words}")
        return found


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every text a person can see under ``root`` (itself included)."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        name = widget.objectName() or type(widget).__name__
        if widget.isWindow() and widget.windowTitle():
            yield f"{name} title", widget.windowTitle()
        if widget.toolTip():
            yield f"{name} tooltip", widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield name, widget.text()
        elif isinstance(widget, QLineEdit):
            yield f"{name} placeholder", widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            yield name, widget.title()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{name} item", widget.itemText(i)
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield f"{name} tab", widget.tabText(i)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _view_texts(name, widget)
        elif isinstance(widget, QMainWindow) and widget.statusBar().currentMessage():
            yield f"{name} status", widget.statusBar().currentMessage()


def _view_texts(name: str, view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    for column in range(model.columnCount()):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if header:
            yield f"{name} header", str(header)
        tip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        if tip:
            yield f"{name} header tooltip", str(tip)
    for row in range(min(model.rowCount(), 50)):
        for column in range(model.columnCount()):
            value = model.index(row, column).data()
            if value:
                yield f"{name} cell", str(value)
