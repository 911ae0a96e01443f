"""Where the station's style sheet, sounds and icon live, and the sound player."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import ExitStack
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.ui.i18n import QT_TRANSLATE_NOOP

SOUND_NAMES = ("accepted", "refused", "committed", "login")


def resource(*parts: str) -> Traversable:
    """A file of the ``resources`` package (works from a checkout, a wheel and the bundle)."""
    return resources.files("resources").joinpath(*parts)


def style_sheet() -> str:
    """The station's Qt style sheet (empty when the file is missing)."""
    path = resource("lineside.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def app_icon() -> QIcon:
    """The station's window icon."""
    with resources.as_file(resource("icons", "lineside.png")) as path:
        return QIcon(str(path))


def sound_files() -> Iterator[tuple[str, Traversable]]:
    """``(name, file)`` for each feedback sound."""
    for name in SOUND_NAMES:
        file = resource("sounds", f"{name}.wav")
        if file.is_file():
            yield name, file


class SoundPlayer(QObject):
    """Plays the feedback sounds from ``resources/sounds`` through QtMultimedia.

    When no audio output exists (a PC without a sound card, a session without a sound server) the
    player stays silent for the sounds, says so in ``status`` (the technician's health screen
    shows it) and the system beep stands in for refusals, so an operator still hears that
    something is wrong where a beep can be heard. Muted players (tests, the autopilot) never load
    QtMultimedia at all.
    """

    def __init__(self, *, muted: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.muted = muted
        self.played: list[str] = []  # what was asked for, for tests and the benchmark
        self._effects: dict[str, object] = {}
        self._files = ExitStack()
        # The English template and its values: ``status`` says it in the language in use.
        self._status: tuple[str, dict[str, object]] = (
            (
                QT_TRANSLATE_NOOP(
                    "SoundPlayer", "sounds muted (LINESIDE_MUTE=1, the autopilot or a test)"
                ),
                {},
            )
            if muted
            else self._load()
        )

    @property
    def status(self) -> str:
        """Whether sounds play, and why not, in the language in use."""
        template, values = self._status
        return QCoreApplication.translate("SoundPlayer", template).format(**values)

    def _load(self) -> tuple[str, dict[str, object]]:
        try:
            qt_multimedia = importlib.import_module("PySide6.QtMultimedia")
        except ImportError:
            return QT_TRANSLATE_NOOP(
                "SoundPlayer",
                "sounds off: QtMultimedia is not installed (PySide6-Addons); refusals beep",
            ), {}
        outputs = qt_multimedia.QMediaDevices.audioOutputs()
        if not outputs:
            return QT_TRANSLATE_NOOP(
                "SoundPlayer", "sounds off: this computer has no audio output device; refusals beep"
            ), {}
        for name, file in sound_files():
            path: Path = self._files.enter_context(resources.as_file(file))
            effect = qt_multimedia.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[name] = effect
        device = qt_multimedia.QMediaDevices.defaultAudioOutput().description()
        return QT_TRANSLATE_NOOP("SoundPlayer", "sounds on: {count} sounds through {device}"), {
            "count": len(self._effects),
            "device": device,
        }

    @property
    def available(self) -> bool:
        """Whether real sounds can be played (QtMultimedia and an audio output present)."""
        return bool(self._effects)

    def play(self, name: str) -> None:
        """Plays ``accepted``, ``refused``, ``committed`` or ``login``."""
        self.played.append(name)
        del self.played[:-50]
        if self.muted:
            return
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]
        elif name == "refused":
            QApplication.beep()
