"""The desktop station: the only package that imports Qt (PySide6)."""

from __future__ import annotations

import ctypes
import sys


def _pin_singletons() -> None:
    """Works around a PySide6 6.12 reference-count bug that crashes the interpreter.

    In PySide6 6.12.0 every ``Signal.emit()`` drops one reference to ``True``, and every Python
    override called from C++ that returns ``None`` (a model's ``data()`` for an empty cell,
    ``QRunnable.run()``) drops one to ``None``. After a few thousand emissions CPython 3.11 aborts
    with "deallocating True or False" / "deallocating None". These three objects are never freed,
    so giving them a huge reference count first is harmless; CPython 3.12+ makes them immortal.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_pin_singletons()
