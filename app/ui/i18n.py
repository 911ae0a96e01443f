"""Languages: Qt translators for the station's or the user's language and the locale that numbers,
dates and units follow.

Every user-visible string in app/ui goes through ``self.tr("…")`` (QObject subclasses) or
``QCoreApplication.translate("Context", "…")`` so that pyside6-lupdate finds it; placeholders are
named (``self.tr("Unit {serial}").format(serial=…)``) so a translator can move them. Plurals use
``%n``: ``self.tr("%n record(s)", "", n)`` in a class that is not subclassed (PySide's ``tr`` looks
a plural up under the runtime class's name, and pyside6-lupdate misses the plural of a
``QCoreApplication.translate`` call); :class:`Counts` holds the ones module functions need.
The .ts files live in resources/i18n and are compiled to .qm (committed, so the wheel, the bundle
and the .deb carry them): README "Languages".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QObject, QTranslator

log = logging.getLogger(__name__)

#: The languages a station or a user may choose, as their speakers name them.
LANGUAGES = {"en": "English", "de": "Deutsch", "es": "Español"}
SOURCE_LANGUAGE = "en"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation in ``context`` (said later with ``translate``); typed ``str``,
    unlike PySide's own."""
    del context
    return text


def translations_dir() -> Path:
    """The folder of the compiled translations (resources/i18n; works from the bundle too)."""
    return Path(str(resources.files("resources").joinpath("i18n")))


def language_or_default(code: str | None, default: str = SOURCE_LANGUAGE) -> str:
    """``code`` if it is a language this station has, else ``default``."""
    return code if code in LANGUAGES else default


class Languages(QObject):
    """Installs the translators of one language at a time (Lineside's and Qt's own) and sets the
    default QLocale, so numbers, dates and units follow that language."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current = SOURCE_LANGUAGE
        self._installed: list[QTranslator] = []

    def use(self, code: str | None) -> str:
        """Switches to ``code`` (unknown or empty: English). Widgets built afterwards speak it.

        Returns:
            The language now in use.
        """
        code = language_or_default(code)
        app = QCoreApplication.instance()
        if app is None:
            return self.current
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        # English has a translation of its own too: its plural forms ("1 record", "2 records").
        sources = [("lineside", str(translations_dir()))]
        if code != SOURCE_LANGUAGE:
            sources.append(("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
        for name, folder in sources:
            translator = QTranslator(self)
            if translator.load(f"{name}_{code}", folder):
                app.installTranslator(translator)
                self._installed.append(translator)
            else:
                log.warning("no %s translation for %s in %s", name, code, folder)
        QLocale.setDefault(QLocale(code))
        self.current = code
        return code


def locale() -> QLocale:
    """The locale of the language in use (numbers, dates)."""
    return QLocale()


def number(value: float, decimals: int = 1) -> str:
    """A measured value in the language's way of writing numbers (1.234,5 in German)."""
    return QLocale().toString(float(value), "f", decimals)


def date_text(day: date) -> str:
    """A calendar day in the language's short form (31.12.26 in German)."""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def translate_all(context: str, texts: Sequence[str]) -> list[str]:
    """Each of ``texts`` (marked with QT_TRANSLATE_NOOP-style entries) in the language in use."""
    return [QCoreApplication.translate(context, t) for t in texts]


class Counts(QObject):
    """Counted phrases for module-level functions ("1 record", "3 records"), in the language in use.

    Not to be subclassed: a plural is looked up under the runtime class's name.
    """

    def records(self, n: int) -> str:
        """How many records, as a person says it."""
        return self.tr("no records yet") if n == 0 else self.tr("%n record(s)", "", n)
