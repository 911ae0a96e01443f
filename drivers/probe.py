"""One connection test: open an instrument, read one reply (every quantity of it), close.

``lineside drivers probe`` and the technician's "Test connection" both use :func:`probe`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from drivers.base import Driver, Reading, Status

#: The longest a probe lets a driver wait for a reply, so it can still say why nothing came.
MAX_REPLY_TIMEOUT_S = 2.0


def reply_timeout(timeout: float) -> float:
    """The driver's reply timeout for a probe of ``timeout`` seconds."""
    return min(MAX_REPLY_TIMEOUT_S, timeout * 0.8)


@dataclass(frozen=True)
class ProbeResult:
    """What a probe got: the readings of the first reply (empty if none) and the driver's status."""

    readings: list[Reading]
    status: Status


def probe(driver: Driver, timeout: float) -> ProbeResult:
    """Opens ``driver``, reads until the first reply is complete or ``timeout`` passes, closes.

    A reply that carries several quantities arrives as several readings with the same raw bytes
    and reading time; the first reading of the next reply ends the probe.

    Raises:
        DriverError: the port could not be opened or the instrument failed (the driver is closed).
    """
    readings: list[Reading] = []
    try:
        driver.open()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reading = driver.read(min(0.25, max(0.01, deadline - time.monotonic())))
            if reading is None:
                if readings:
                    break
                continue
            if readings and (reading.raw, reading.read_at) != (
                readings[0].raw,
                readings[0].read_at,
            ):
                break  # the next reply: one is what a probe shows
            readings.append(reading)
    finally:
        status = driver.status
        driver.close()
    return ProbeResult(readings, status)
