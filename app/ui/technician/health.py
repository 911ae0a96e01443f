"""Technician's station health: what is installed (versions), where the data lives, whether sounds play."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.ui.context import StationContext
from app.ui.supervisor.common import BannerLabel, card, heading, screen_frame, section
from app.validation.versions import versions


class HealthWidget(QWidget):
    """Versions, the database file and the sound output, so a technician can tell at a glance
    what this station runs and why it is silent."""

    title = "Health"

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        screen_frame(self)
        sounds = context.sounds
        status = sounds.status if sounds is not None else self.tr("no sound player")
        # A station that cannot play its sounds is a finding, not a detail: operators on a loud
        # line notice a refusal by its sound.
        self.sound_note = BannerLabel(
            status, "ok" if sounds is not None and sounds.available else "warn"
        )

        form = QFormLayout()
        found = versions()
        found["qt (runtime)"] = qVersion()
        self.version_labels: dict[str, QLabel] = {}
        for name, value in found.items():
            label = QLabel(value)
            label.setObjectName("cardBody")
            self.version_labels[name] = label
            form.addRow(name, label)
        box = QWidget()
        box.setLayout(form)
        self.database = QLabel(str(context.store.path))
        self.database.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.tr("Station health"), self.tr("What this station runs and what it can do.")
            )
        )
        layout.addWidget(section(self.tr("Sounds")))
        layout.addWidget(self.sound_note)
        layout.addWidget(section(self.tr("Database")))
        layout.addWidget(card(self.database))
        layout.addWidget(section(self.tr("Installed versions")))
        layout.addWidget(card(box))
        layout.addStretch()
