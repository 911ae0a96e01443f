"""Administration screens: accounts, locks and approvals, the access policy (one tab, three pages)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from app.ui.admin.policy import AccessPolicyWidget
from app.ui.admin.users import UsersWidget
from app.ui.context import StationContext
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.supervisor.access import AccessWidget


class AdministrationWidget(QTabWidget):
    """Accounts, locked accounts and pending approvals, and the station's access policy as pages
    of one screen (the window's tab bar must fit 1366 px with every area an admin sees)."""

    def __init__(self, context: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.users = UsersWidget(context)
        self.access = AccessWidget(context)
        self.policy = AccessPolicyWidget(context)
        self.addTab(self.users, self.tr("Accounts"))
        self.addTab(self.access, self.tr("Locks and approvals"))
        self.addTab(self.policy, self.tr("Access policy"))


SCREENS = [(QT_TRANSLATE_NOOP("Screens", "Users"), AdministrationWidget)]

__all__ = ["SCREENS", "AccessPolicyWidget", "AdministrationWidget", "UsersWidget"]
