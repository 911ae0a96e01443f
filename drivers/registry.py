"""Driver names as used on the command line and in instrument configurations."""

from __future__ import annotations

import importlib

from drivers.base import DriverInfo

#: Name -> module exposing ``INFO: DriverInfo``. Modules are imported on first use so that a
#: driver being worked on (or missing an optional library) does not break the others.
MODULES: dict[str, str] = {
    "vaisala": "drivers.vaisala",
    "rapidox": "drivers.rapidox",
    "modbus-o2": "drivers.modbus_o2",
    "profile-stream": "drivers.profile_stream",
    "profile-csv": "drivers.profile_csv",
    "cfx": "drivers.cfx",
}

NAMES: tuple[str, ...] = tuple(MODULES)


class UnknownDriver(LookupError):
    """No driver of that name, or its module cannot be loaded."""


def get(name: str) -> DriverInfo:
    """The driver called ``name``.

    Raises:
        UnknownDriver: with a message listing the known names.
    """
    module_name = MODULES.get(name)
    if module_name is None:
        raise UnknownDriver(f"no driver called {name!r}: choose one of {', '.join(NAMES)}")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnknownDriver(f"driver {name!r} is not available in this build: {exc}") from exc
    info = getattr(module, "INFO", None)
    if not isinstance(info, DriverInfo):
        raise UnknownDriver(f"driver {name!r} ({module_name}) does not declare INFO: DriverInfo")
    return info
