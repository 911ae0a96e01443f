"""Administration screens: user accounts."""

from __future__ import annotations

from app.ui.admin.users import UsersWidget

SCREENS = [("Users", UsersWidget)]

__all__ = ["SCREENS", "UsersWidget"]
