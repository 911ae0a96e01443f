"""Driver names as used on the command line and in instrument configurations."""

from __future__ import annotations

import importlib

from app.domain.instruments import InstrumentConfig
from drivers.base import Driver, DriverConfig, DriverInfo, SerialSettings

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


def driver_config(config: InstrumentConfig) -> DriverConfig:
    """The driver's part of a stored instrument configuration.

    Raises:
        ValueError: the stored line settings are not understood.
    """
    return DriverConfig(
        instrument=config.id,
        port=config.port,
        serial=SerialSettings.parse(config.serial),
        poll_interval_s=config.poll_interval_s,
        stale_after_s=config.stale_after_s,
        options=dict(config.options),
    )


def create(config: InstrumentConfig) -> Driver:
    """A driver (not yet opened) for a stored instrument configuration.

    Raises:
        UnknownDriver: the driver is not known or not available.
        ValueError: the configuration does not suit the driver (the message names the field).
    """
    return get(config.driver).factory(driver_config(config))
