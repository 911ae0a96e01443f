"""Administration screens: user accounts and the access policy."""

from __future__ import annotations

from app.ui.admin.policy import AccessPolicyWidget
from app.ui.admin.users import UsersWidget
from app.ui.i18n import QT_TRANSLATE_NOOP

SCREENS = [
    (QT_TRANSLATE_NOOP("Screens", "Users"), UsersWidget),
    (QT_TRANSLATE_NOOP("Screens", "Access policy"), AccessPolicyWidget),
]

__all__ = ["SCREENS", "AccessPolicyWidget", "UsersWidget"]
