"""Small building blocks shared by the supervisor and technician screens: headings, banners, style."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.capture.signatures import Signature
from app.ui.models import local_time, zone_name

#: Applied to each review/setup screen so they read well with or without the station's QSS.
SCREEN_STYLE = """
QWidget#reviewScreen, QDialog { background: #0f1722; }
QWidget { font-size: 15px; }
QLabel { background: transparent; }
QWidget#cardBody { background: transparent; }
QLabel#screenTitle { font-size: 24px; font-weight: bold; color: #eef2f7; }
QLabel#screenHint { color: #b8c4d6; font-size: 14px; }
QLabel#sectionTitle { font-size: 14px; font-weight: bold; color: #8fb8e0; }
QFrame#card { background: #16222f; border: 2px solid #2a3a52; border-radius: 12px; }
QLabel#banner { border-radius: 8px; padding: 8px 12px; font-size: 15px; }
QLabel#banner[tone="ok"] { background: #0f3d24; color: #c9f5dc; border: 2px solid #2fd27a; }
QLabel#banner[tone="warn"] { background: #3b2a00; color: #ffe7a3; border: 2px solid #ffcc4d; }
QLabel#banner[tone="bad"] { background: #4a1212; color: #ffd6d6; border: 2px solid #ff5c5c; }
QLabel#banner[tone="info"] { background: #0f2f4d; color: #d6f0ff; border: 2px solid #5cc8ff; }
QLabel#empty { color: #8a94a6; font-size: 16px; padding: 24px; }
QTableView, QTreeView, QTableWidget, QListWidget {
    background: #121c29; alternate-background-color: #16222f; color: #eef2f7;
    border: 2px solid #2a3a52; border-radius: 10px; gridline-color: #2a3a52; font-size: 15px;
    selection-background-color: #2f6fb3; selection-color: white; }
QTreeView::item { padding: 3px 0; }
QHeaderView::section { background: #1b2a3e; color: #b8c4d6; border: none; padding: 6px;
    font-size: 14px; font-weight: bold; }
QPushButton { background: #243449; color: #eef2f7; border: 2px solid #3a4d68;
    border-radius: 8px; padding: 6px 16px; font-size: 15px; font-weight: bold; }
QPushButton:hover { background: #2c3f58; }
QPushButton:focus { border-color: #5cc8ff; }
QPushButton:disabled { color: #5f6e82; background: #182230; border-color: #243142; }
QPushButton#primary { background: #1769c2; border-color: #3f91e8; color: white; }
QPushButton#primary:disabled { background: #182230; border-color: #243142; color: #5f6e82; }
QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QDoubleSpinBox, QDateEdit {
    background: #0b1119; color: #eef2f7; border: 2px solid #3a4d68; border-radius: 8px;
    padding: 5px 8px; font-size: 15px; selection-background-color: #2f6fb3; }
QComboBox:focus, QLineEdit:focus, QPlainTextEdit:focus { border-color: #5cc8ff; }
QComboBox QAbstractItemView { background: #121c29; color: #eef2f7;
    selection-background-color: #2f6fb3; }
QCheckBox, QRadioButton { color: #eef2f7; background: transparent; spacing: 8px; }
QCheckBox::indicator, QRadioButton::indicator { width: 16px; height: 16px;
    border: 2px solid #5f7390; background: #0b1119; }
QCheckBox::indicator { border-radius: 4px; }
QRadioButton::indicator { border-radius: 10px; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: #5cc8ff;
    border-color: #5cc8ff; }
QTabWidget::pane { border: none; }
QTabBar::tab { background: #16202e; color: #b8c4d6; padding: 8px 18px; font-size: 15px;
    font-weight: bold; border-bottom: 3px solid transparent; }
QTabBar::tab:selected { color: #eef2f7; border-bottom: 3px solid #5cc8ff; }
QSplitter::handle { background: transparent; width: 10px; }
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
        if not w.objectName():
            w.setObjectName("cardBody")
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


def countersign_text(s: Signature) -> tuple[str, str | None]:
    """Where a signature stands with the plant, and the tone it calls for (None: no change)."""
    status = s.countersign
    if status is None or status.state == "none":
        return QCoreApplication.translate(
            "Signatures", "NOT countersigned by the plant, and it cannot be (no password proof)"
        ), "warn"
    if status.state == "countersigned":
        at = f"{local_time(status.plant_time or '', with_date=True)} {zone_name()}"
        return QCoreApplication.translate("Signatures", "countersigned by the plant {0}").format(
            at
        ), None
    if status.state == "pending":
        return QCoreApplication.translate(
            "Signatures", "not yet countersigned by the plant"
        ), "warn"
    return QCoreApplication.translate("Signatures", "the plant REFUSED to countersign it"), "bad"
