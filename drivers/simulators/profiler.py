"""A reflow profiler on a real pseudo-terminal: six thermocouples through an oven, with faults.

The curves come from an oven air temperature (ramp, soak, spike, cool) that each thermocouple
follows with its own thermal lag (small parts fast, a big BGA slow) plus measurement noise, so
the channels differ the way a real board's do. Faults are switched on while it runs:

* ``unplug()``: the pty vanishes (the driver sees the port go); with ``link=PATH`` the port is a
  symlink (like ``/dev/serial/by-id/...``) and ``replug()`` brings a new pty back under that name.
* ``garbage(n)``: n random bytes between two lines.
* ``partial()``: the next line is cut short and runs into the one after it.
* ``noise_lines(n)``: n lines of random printable bytes (what a wrong baud rate gives).
* ``slow(seconds)``: nothing is sent for a while (the driver goes stale).
* ``out_of_range(channel)``: one value far outside the profiler's range.
* ``device_error(code, text)``: an ``ERR`` line.
* ``open_thermocouple(channel)``: ``OPEN`` instead of a value.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import threading
import time
import tty
from collections import deque
from datetime import datetime
from pathlib import Path

import numpy as np

from app.domain.clock import iso_ms, utc_now
from drivers.profile_stream import frame

# Oven air: 25 -> 160 °C in 70 s, soak to 190 °C by 160 s, spike to 248 °C, hold 25 s, cool.
# With the lags below a board passes the typical SAC305 window with ~8 °C delta-T.
AIR_T = (0.0, 70.0, 160.0, 205.0, 230.0, 330.0, 400.0)
AIR_Y = (25.0, 160.0, 190.0, 248.0, 248.0, 60.0, 40.0)
# Thermal time constants (s) of six typical probe sites: chip resistors to a large BGA.
LAGS_S = (5.0, 8.0, 11.0, 14.0, 18.0, 22.0)


def reflow_curves(
    *,
    channels: int = 6,
    rate_hz: float = 10.0,
    duration_s: float = 400.0,
    noise_c: float = 0.15,
    seed: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Times (s) and temperatures (samples x channels, °C) of a realistic SAC305 run."""
    rng = np.random.default_rng(seed)
    dt = 1.0 / rate_hz
    times = np.arange(0.0, duration_s, dt)
    air = np.interp(times, AIR_T, AIR_Y)
    temps = np.empty((len(times), channels))
    for c in range(channels):
        tau = LAGS_S[c % len(LAGS_S)] * (1.0 + 0.5 * (c // len(LAGS_S)))
        alpha = dt / (tau + dt)
        y = np.empty_like(air)
        y[0] = air[0]
        for i in range(1, len(air)):
            y[i] = y[i - 1] + alpha * (air[i] - y[i - 1])
        temps[:, c] = y
    temps += rng.normal(0.0, noise_c, temps.shape)
    return times, np.round(temps, 1)


class ProfilerSimulator:
    """Streams runs in the :mod:`drivers.profile_stream` line format on a pty.

    Args:
        channels: thermocouple count.
        rate_hz: samples per second of profile time (the ``S`` line times).
        speed: how many samples are sent per second of wall time (tests send far faster than
            real time; ``speed=rate_hz`` is real time; 0 sends as fast as the pty takes them).
        seed: for reproducible noise and garbage.
    """

    def __init__(
        self,
        *,
        channels: int = 6,
        rate_hz: float = 10.0,
        speed: float = 2000.0,
        duration_s: float = 400.0,
        seed: int = 1,
        link: Path | None = None,
    ) -> None:
        self.channels = channels
        self.names = tuple(f"TC{i + 1}" for i in range(channels))
        self.times, self.temps = reflow_curves(
            channels=channels, rate_hz=rate_hz, duration_s=duration_s, seed=seed
        )
        self.speed = speed
        self._rng = random.Random(seed)
        self._link = link
        self._master: int | None = None
        self._slave = -1
        self.port = ""
        self._plug()
        self._faults: deque[tuple[str, tuple[str, ...]]] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._go = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs_sent = 0
        self.lines_sent = 0
        self._ids: tuple[tuple[str, str], ...] = ()

    # --- faults ---------------------------------------------------------------------------------

    def _queue(self, kind: str, *args: object) -> None:
        with self._lock:
            self._faults.append((kind, tuple(str(a) for a in args)))

    def garbage(self, count: int = 40) -> None:
        """Sends ``count`` random bytes before the next line."""
        self._queue("garbage", count)

    def partial(self) -> None:
        """Cuts the next line short, with no line end, so it runs into the following one."""
        self._queue("partial")

    def noise_lines(self, count: int = 5) -> None:
        """Sends ``count`` lines of random printable bytes (a wrong baud rate looks like this)."""
        self._queue("noise", count)

    def slow(self, seconds: float) -> None:
        """Sends nothing for ``seconds`` before the next line."""
        self._queue("slow", seconds)

    def out_of_range(self, channel: int = 0, value: float = 1372.0) -> None:
        """Reports ``value`` (type K's ceiling by default) on ``channel`` in the next sample."""
        self._queue("range", channel, value)

    def open_thermocouple(self, channel: int = 0) -> None:
        """Reports ``OPEN`` on ``channel`` in the next sample."""
        self._queue("open", channel)

    def device_error(self, code: str = "E12", text: str = "cold junction sensor fault") -> None:
        """Sends an ``ERR`` line before the next sample."""
        self._queue("error", code, text)

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master, self._slave = master, slave
        if self._link is None:
            self.port = os.ttyname(slave)
            return
        # Like a udev /dev/serial/by-id link: the name stays while the device node changes.
        fresh = self._link.with_name(self._link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            fresh.unlink()
        fresh.symlink_to(os.ttyname(slave))
        fresh.replace(self._link)
        self.port = str(self._link)

    def replug(self) -> None:
        """The cable goes back in: a new pty behind the same ``link`` (streaming needs ``start``)."""
        if self._link is None:
            raise RuntimeError("replug needs a simulator made with link=PATH")
        self._stop = threading.Event()
        self._plug()

    def unplug(self) -> None:
        """The cable is pulled: the pty's both ends close, the port disappears."""
        self._stop.set()
        self._go.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)  # before closing, so no write lands on a reused descriptor
        if self._link is not None:
            with contextlib.suppress(FileNotFoundError):
                self._link.unlink()
        master, self._master = self._master, None
        if master is not None:
            with contextlib.suppress(OSError):
                os.close(master)
        with contextlib.suppress(OSError):
            os.close(self._slave)
        self._slave = -1

    # --- running --------------------------------------------------------------------------------

    def start(
        self,
        runs: int = 1,
        *,
        run_id: str = "R",
        started_at: datetime | None = None,
        ids: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Starts streaming ``runs`` runs in a thread; ``ids`` are sent as ``ID`` lines after RUN."""
        self._ids = ids
        self._thread = threading.Thread(
            target=self._serve, args=(runs, run_id, started_at), name="profiler-sim", daemon=True
        )
        self._go.set()
        self._thread.start()

    def pause(self) -> None:
        """Holds the stream until :meth:`resume` (lets a test act between lines)."""
        self._go.clear()

    def resume(self) -> None:
        """Continues a paused stream."""
        self._go.set()

    def wait_sent(self, lines: int, timeout: float = 5.0) -> bool:
        """Blocks until ``lines`` lines were written (or ``timeout``); for tests pacing faults."""
        deadline = time.monotonic() + timeout
        while self.lines_sent < lines and time.monotonic() < deadline:
            self._stop.wait(0.002)
        return self.lines_sent >= lines

    def close(self) -> None:
        """Stops streaming and closes the pty."""
        self.unplug()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    def __enter__(self) -> ProfilerSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, data: bytes) -> bool:
        """Writes all of ``data`` unless stopped; False once the pty is gone."""
        view = memoryview(data)
        while view:
            master = self._master
            if master is None or self._stop.is_set():
                return False
            try:
                _, ready, _ = select.select([], [master], [], 0.05)
                if ready:
                    view = view[os.write(master, view) :]
            except (OSError, ValueError):
                return False
        return True

    def _fault_bytes(self) -> tuple[bytes, bool, dict[int, str]]:
        """Bytes to send before the next line, whether to cut it, and value overrides."""
        before = b""
        cut = False
        overrides: dict[int, str] = {}
        with self._lock:
            faults: list[tuple[str, tuple[str, ...]]] = []
            # A cut applies to one line: faults queued after it wait for the lines after it.
            while self._faults and not cut:
                if self._faults[0][0] == "partial" and faults:
                    break
                faults.append(self._faults.popleft())
                cut = faults[-1][0] == "partial"
        for kind, args in faults:
            if kind == "garbage":
                before += bytes(self._rng.randrange(256) for _ in range(int(args[0])))
            elif kind == "noise":
                for _ in range(int(args[0])):
                    before += bytes(self._rng.randrange(0x21, 0x7F) for _ in range(30)) + b"\r\n"
            elif kind == "slow":
                self._stop.wait(float(args[0]))
            elif kind == "range":
                overrides[int(args[0])] = f"{float(args[1]):.1f}"
            elif kind == "open":
                overrides[int(args[0])] = "OPEN"
            elif kind == "error":
                before += frame(f"ERR,{args[0]},{args[1]}")
        return before, cut, overrides

    def _serve(self, runs: int, run_id: str, started_at: datetime | None) -> None:
        interval = 1.0 / self.speed if self.speed > 0 else 0.0
        for r in range(runs):
            start = started_at or utc_now()
            rid = f"{run_id}{r + 1:04d}"
            if not self._send(frame(",".join(("RUN", rid, iso_ms(start), *self.names)))):
                return
            for key, value in self._ids:
                if not self._send(frame(f"ID,{key},{value}")):
                    return
            for i, t in enumerate(self.times):
                self._go.wait()
                before, cut, overrides = self._fault_bytes()
                values = [overrides.get(c, f"{v:.1f}") for c, v in enumerate(self.temps[i])]
                line = frame(",".join(("S", f"{t:.1f}", *values)))
                if cut:
                    line = line[: len(line) // 2]
                if not self._send(before + line):
                    return
                if interval and self._stop.wait(interval):
                    return
            if not self._send(frame(f"END,{rid},{len(self.times)}")):
                return
            self.runs_sent += 1

    def _send(self, data: bytes) -> bool:
        ok = self._write(data)
        if ok:
            self.lines_sent += 1
        return ok
