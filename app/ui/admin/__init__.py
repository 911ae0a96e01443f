"""Administration screens: user accounts."""

from __future__ import annotations

from app.ui.admin.users import UsersWidget
from app.ui.i18n import QT_TRANSLATE_NOOP

SCREENS = [(QT_TRANSLATE_NOOP("Screens", "Users"), UsersWidget)]

__all__ = ["SCREENS", "UsersWidget"]
