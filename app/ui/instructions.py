"""The step's work instruction beside the operator's checklist: numbered lines and their pictures."""

from __future__ import annotations

from importlib import resources as importlib_resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.masterdata import WorkInstruction
from app.store.masterdata import MasterData
from app.ui.context import StationContext, TaskError
from app.ui.resources import resource

PICTURE_WIDTH = 240  # pixels: readable at arm's length, and the panel still fits 1366×768


def picture(path: str) -> QPixmap | None:
    """The instruction's picture from ``resources/`` (None when it is missing or unreadable)."""
    file = resource(*path.split("/"))
    if not path or not file.is_file():
        return None
    with importlib_resources.as_file(file) as real:
        pixmap = QPixmap(str(real))
    return None if pixmap.isNull() else pixmap


class WorkInstructionsWidget(QFrame):
    """The work instruction of the step in front of the operator (master data, read on a worker)."""

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("panel")
        self.shown: tuple[str, str] | None = None
        self.lines: list[WorkInstruction] = []
        self.title = QLabel(self.tr("Work instruction"))
        self.title.setObjectName("panelTitle")
        self.body = QWidget()
        self.body.setObjectName("instructionBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Read, never typed into: taking the focus would steal it from the typed-entry field
        # after a scan (Del then removed a scan instead of editing the typed text).
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        self._message(self.tr("Scan the work order sheet to see the step's instruction."))

    def show_step(self, product: str | None, step: str | None) -> None:
        """Shows the instruction of ``product``'s ``step`` (read again only when it changes)."""
        key = (product or "", step or "")
        if key == self.shown:
            return
        self.shown = key
        if not product or not step:
            self.lines = []
            self._message(self.tr("Scan the work order sheet to see the step's instruction."))
            return
        store = self.context.store
        self.context.run_task(
            lambda: MasterData(store.reader).instructions(product, step),
            lambda lines: self._on_loaded(key, lines),
            self._on_failed,
        )

    def _on_loaded(self, key: tuple[str, str], lines: list[WorkInstruction]) -> None:
        if key != self.shown:
            return  # another step came meanwhile
        self.lines = lines
        self._clear()
        if not lines:
            self._message(self.tr("This step has no work instruction."))
            return
        for line in lines:
            text = QLabel(f"{line.position}. {line.text}")
            text.setObjectName("instructionText")
            text.setWordWrap(True)
            self.body_layout.addWidget(text)
            pixmap = picture(line.image) if line.image else None
            if pixmap is not None:
                image = QLabel()
                image.setObjectName("instructionPicture")
                image.setPixmap(
                    pixmap.scaledToWidth(
                        min(PICTURE_WIDTH, pixmap.width()),
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
                image.setToolTip(line.text)
                self.body_layout.addWidget(image)
        self.body_layout.addStretch()

    def _on_failed(self, error: TaskError) -> None:
        self._message(
            self.tr("The work instruction could not be read: {error}").format(error=error.message)
        )

    def _clear(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from the panel now, freed by Qt later
                widget.deleteLater()

    def _message(self, text: str) -> None:
        self._clear()
        label = QLabel(text)
        label.setObjectName("instructionText")
        label.setWordWrap(True)
        self.body_layout.addWidget(label)
        self.body_layout.addStretch()
