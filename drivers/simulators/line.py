"""Common machinery of the line-oriented instrument simulators: a pty, a thread, noise and faults."""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
from enum import StrEnum
from pathlib import Path
from types import TracebackType

from drivers.simulators.pty import PtyPort


class Fault(StrEnum):
    """Faults a simulator can be switched into, as seen on real lines."""

    UNPLUG = "unplug"  # the port vanishes (USB adapter pulled)
    GARBAGE = "garbage"  # replies replaced by noise (wrong baud rate, bad cable)
    PARTIAL = "partial"  # replies cut short, no line end
    SLOW = "slow"  # replies come late (busy instrument, long RS-485 line)
    OUT_OF_RANGE = "out-of-range"  # values outside the measuring range
    ERROR = "error"  # the instrument reports an error instead of a value


class Drift:
    """A value with slow drift around a set point plus measurement noise, reproducible by seed."""

    def __init__(self, setpoint: float, noise: float, drift: float, rng: random.Random) -> None:
        self.setpoint = setpoint
        self.noise = noise
        self.drift = drift
        self._offset = 0.0
        self._rng = rng

    def sample(self) -> float:
        """The next measured value."""
        # A random walk pulled back towards the set point: drifts, but never wanders off.
        self._offset += self._rng.gauss(0.0, self.drift) - 0.05 * self._offset
        return self.setpoint + self._offset + self._rng.gauss(0.0, self.noise)


class LineSimulator:
    """A simulated instrument on a real pty, run by one thread.

    Subclasses implement :meth:`on_bytes` (what the driver sent) and may implement :meth:`on_tick`
    (streaming); they answer with :meth:`send`, which applies the switched-on faults.
    """

    tick_s = 0.005

    def __init__(
        self, port: str | Path | None = None, *, seed: int = 1, slow_s: float = 1.0
    ) -> None:
        self.pty = PtyPort(port)
        self.rng = random.Random(seed)
        self.slow_s = slow_s
        self.faults: set[Fault] = set()
        self.received = bytearray()  # everything the driver sent, for tests to look at
        self._lock = threading.Lock()
        self._outbox: list[tuple[float, int, bytes]] = []
        self._seq = itertools.count()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        """The name the driver opens."""
        return self.pty.path

    def start(self) -> LineSimulator:
        """Starts answering."""
        self._thread = threading.Thread(
            target=self._run, name=f"sim-{type(self).__name__}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops and removes the port."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self.pty.close()

    def __enter__(self) -> LineSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def set_fault(self, fault: Fault | str, on: bool = True) -> None:
        """Switches a fault on or off; unplug and re-plug act on the port at once."""
        fault = Fault(fault)
        with self._lock:
            if on:
                self.faults.add(fault)
            else:
                self.faults.discard(fault)
        if fault is Fault.UNPLUG:
            if on:
                self.pty.unplug()
            else:
                self.pty.plug()

    def clear_faults(self) -> None:
        """Back to a healthy instrument (plugged in)."""
        for fault in list(self.faults):
            self.set_fault(fault, False)

    def has(self, fault: Fault) -> bool:
        """Whether ``fault`` is switched on."""
        return fault in self.faults

    def send(self, data: bytes) -> None:
        """Queues an answer, spoiled by whatever faults are on."""
        if self.has(Fault.GARBAGE):
            # Noise of a wrong baud rate or a bad cable: any byte value, but the line ends come
            # through, so the receiver sees whole lines of nonsense.
            body = data.rstrip(b"\r\n")
            noise = bytes(self.rng.randrange(0x80, 0x100) for _ in range(max(1, len(body))))
            data = noise + data[len(body) :]
        if self.has(Fault.PARTIAL):
            data = data[: max(1, len(data) // 2)].rstrip(b"\r\n\x03")
        delay = self.slow_s if self.has(Fault.SLOW) else 0.0
        with self._lock:
            heapq.heappush(self._outbox, (time.monotonic() + delay, next(self._seq), data))

    def on_bytes(self, data: bytes) -> None:
        """Handles bytes from the driver."""

    def on_tick(self, now: float) -> None:
        """Called every few milliseconds (streaming instruments send from here)."""

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self.pty.read(self.tick_s)
            if data:
                self.received.extend(data)
                self.on_bytes(data)
            now = time.monotonic()
            self.on_tick(now)
            while True:
                with self._lock:
                    if not self._outbox or self._outbox[0][0] > now:
                        break
                    _, _, out = heapq.heappop(self._outbox)
                self.pty.write(out)
            if not self.pty.plugged:
                self._stop.wait(self.tick_s)
