"""Where the station's style sheet and sounds live, and the sound player."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def style_sheet() -> str:
    """The station's Qt style sheet (empty when the file is missing)."""
    path = RESOURCES / "lineside.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


class SoundPlayer(QObject):
    """Plays the feedback sounds from ``resources/sounds``.

    PySide6-Essentials has no QtMultimedia; then (or when muted for tests) the system beep stands in
    for refusals only, so an operator still hears that something is wrong.
    """

    def __init__(self, *, muted: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.muted = muted
        self.played: list[str] = []  # what was asked for, for tests and the benchmark
        self._effects: dict[str, object] = {}
        try:
            qt_multimedia = importlib.import_module("PySide6.QtMultimedia")
        except ImportError:
            return
        for wav in sorted((RESOURCES / "sounds").glob("*.wav")):
            effect = qt_multimedia.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(wav)))
            self._effects[wav.stem] = effect

    @property
    def available(self) -> bool:
        """Whether real sounds can be played (QtMultimedia present)."""
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
