"""The supervisor's access screen as its own area: locked accounts and pending approvals (admins
have the same page on their Users screen)."""

from __future__ import annotations

from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.supervisor.access import AccessWidget

SCREENS = [(QT_TRANSLATE_NOOP("Screens", "Access"), AccessWidget)]

__all__ = ["SCREENS", "AccessWidget"]
