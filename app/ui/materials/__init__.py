"""Materials screens for the receiving inspector and the line lead: receiving (label,
certificate, signed decision) and the open moisture-sensitive reels with lots running low."""

from __future__ import annotations

from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.materials.screens import MaterialsWidget, ReceivingWidget

SCREENS = [
    (QT_TRANSLATE_NOOP("Screens", "Receiving"), ReceivingWidget),
    (QT_TRANSLATE_NOOP("Screens", "Materials"), MaterialsWidget),
]

__all__ = ["SCREENS", "MaterialsWidget", "ReceivingWidget"]
