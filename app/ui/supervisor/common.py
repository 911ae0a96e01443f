"""Small building blocks shared by the supervisor and technician screens: headings, banners, style."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

#: Applied to each review/setup screen so they read well with or without the station's QSS.
SCREEN_STYLE = """
QWidget#reviewScreen { background: #f4f6f9; }
QLabel#screenTitle { font-size: 20px; font-weight: 600; color: #1f2a3a; }
QLabel#screenHint { color: #5b677a; }
QLabel#sectionTitle { font-size: 14px; font-weight: 600; color: #1f2a3a; }
QFrame#card { background: white; border: 1px solid #dde3ea; border-radius: 8px; }
QLabel#banner[tone="ok"] { background: #e6f6ec; color: #17663a; border: 1px solid #b5e2c4;
    border-radius: 6px; padding: 8px 12px; }
QLabel#banner[tone="warn"] { background: #fff6e0; color: #7a4f00; border: 1px solid #f0d48a;
    border-radius: 6px; padding: 8px 12px; }
QLabel#banner[tone="bad"] { background: #fdeaea; color: #9b1c1c; border: 1px solid #f2b8b8;
    border-radius: 6px; padding: 8px 12px; }
QLabel#banner[tone="info"] { background: #eaf1fb; color: #1f3a5f; border: 1px solid #c3d5ef;
    border-radius: 6px; padding: 8px 12px; }
QLabel#empty { color: #8a94a6; font-size: 14px; padding: 24px; }
QTableView, QTreeView, QListWidget { background: white; alternate-background-color: #f7f9fc;
    border: 1px solid #dde3ea; gridline-color: #eef1f5; selection-background-color: #2f6fb5;
    selection-color: white; }
QHeaderView::section { background: #eef2f7; color: #33415c; padding: 5px 8px; border: none;
    border-right: 1px solid #dde3ea; border-bottom: 1px solid #dde3ea; font-weight: 600; }
QPushButton { padding: 6px 14px; border-radius: 5px; border: 1px solid #b8c2d0;
    background: white; color: #1f2a3a; }
QPushButton:hover { background: #eef2f7; }
QPushButton:disabled { color: #a0a8b5; border-color: #d8dde5; }
QPushButton#primary { background: #2f6fb5; color: white; border: 1px solid #28609e;
    font-weight: 600; }
QPushButton#primary:hover { background: #28609e; }
QPushButton#primary:disabled { background: #9db8d9; border-color: #9db8d9; }
QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QDoubleSpinBox, QDateEdit { padding: 4px 6px;
    border: 1px solid #b8c2d0; border-radius: 4px; background: white; }
QTabWidget::pane { border: 1px solid #dde3ea; background: white; }
"""


def screen_frame(widget: QWidget) -> None:
    """Marks ``widget`` as a review/setup screen and applies the shared style."""
    widget.setObjectName("reviewScreen")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.setStyleSheet(SCREEN_STYLE)


def heading(title: str, hint: str = "") -> QWidget:
    """A screen's title with a one-line hint below it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setObjectName("screenTitle")
    layout.addWidget(label)
    if hint:
        sub = QLabel(hint)
        sub.setObjectName("screenHint")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return box


def section(title: str) -> QLabel:
    """A section title inside a screen."""
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


def card(*widgets: QWidget, horizontal: bool = False) -> QFrame:
    """A white card holding ``widgets``."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QHBoxLayout(frame) if horizontal else QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    for w in widgets:
        layout.addWidget(w)
    return frame


class BannerLabel(QLabel):
    """A coloured message line: ok, warn, bad or info."""

    def __init__(self, text: str = "", tone: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_message(text, tone)

    @property
    def tone(self) -> str:
        """The current tone."""
        return str(self.property("tone"))

    def set_message(self, text: str, tone: str = "info") -> None:
        """Shows ``text`` in ``tone`` (hidden when empty)."""
        self.setText(text)
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(text))
