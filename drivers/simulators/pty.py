"""Real pseudo-terminals for simulated instruments: a plug-able port with a stable name, and a
cross-wired pty pair for two programs that both open a port (a Modbus client and server).

A pty's device name changes every time one is made, so each simulated instrument is reached
through a symlink that stays put (as udev's ``/dev/serial/by-id`` links do): unplugging closes
the pty (the driver's next read fails with EIO, as with a pulled USB adapter) and removes the
link; plugging back makes a new pty behind the same link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import tempfile
import threading
import tty
from collections.abc import Callable
from pathlib import Path


class PtyPort:
    """One pseudo-terminal: the simulator holds the master, the driver opens ``path``."""

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            folder = tempfile.mkdtemp(prefix="lineside-pty-")
            path = Path(folder) / "ttySIM"
        self.path = str(path)
        self.master: int | None = None
        self._slave: int | None = None
        self.plug()

    @property
    def plugged(self) -> bool:
        """Whether the port exists."""
        return self.master is not None

    @property
    def device(self) -> str | None:
        """The pty device behind the link (``/dev/pts/N``)."""
        return None if self._slave is None else os.ttyname(self._slave)

    def plug(self) -> None:
        """Makes a new pty and points the link at it."""
        if self.master is not None:
            return
        master, slave = os.openpty()
        # Raw mode, so CR, LF and bytes above 0x7F pass untouched until pyserial sets its own.
        tty.setraw(slave)
        # A real transmitter's output goes nowhere when nobody listens; a blocking write to a
        # full pty would instead hang the simulator.
        os.set_blocking(master, False)
        # The simulator keeps the slave open too: the master then never sees EIO between two
        # opens of the port by the driver, and bytes sent meanwhile wait in the pty.
        self.master, self._slave = master, slave
        tmp = self.path + ".new"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.path)

    def unplug(self) -> None:
        """Closes the pty and removes the link, as pulling the cable's USB adapter would."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        for fd in (self.master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.master = self._slave = None

    def read(self, timeout: float) -> bytes:
        """Bytes the driver sent, or b"" after ``timeout`` (or when unplugged)."""
        fd = self.master
        if fd is None:
            return b""
        try:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return b""
            return os.read(fd, 4096)
        except OSError as exc:
            if exc.errno in (errno.EIO, errno.EBADF):
                return b""
            raise

    def write(self, data: bytes) -> None:
        """Sends ``data`` to the driver (dropped when unplugged)."""
        fd = self.master
        if fd is None:
            return
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
        except BlockingIOError:
            return  # nobody reads the port: the rest is lost, as on a real line
        except OSError as exc:
            if exc.errno not in (errno.EIO, errno.EBADF):
                raise

    def close(self) -> None:
        """Unplugs for good and removes the temporary folder if this port made one."""
        self.unplug()
        folder = Path(self.path).parent
        if folder.name.startswith("lineside-pty-"):
            with contextlib.suppress(OSError):
                folder.rmdir()


class PtyPair:
    """Two ptys cross-wired by a pump thread: bytes written to one port come out of the other.

    Both ends are plain ports (``a`` and ``b``) that two programs open with pyserial, as a
    null-modem cable joins two real serial ports.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        base = Path(folder or tempfile.mkdtemp(prefix="lineside-pty-"))
        self.a = PtyPort(base / "ttyA")
        self.b = PtyPort(base / "ttyB")
        #: Spoils bytes on their way from ``b`` to ``a`` (a noisy line); None passes them as sent.
        self.mangle: Callable[[bytes], bytes] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._pump, name="pty-pair-pump", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        while not self._stop.is_set():
            fds = [fd for fd in (self.a.master, self.b.master) if fd is not None]
            if not fds:
                self._stop.wait(0.01)
                continue
            try:
                ready, _, _ = select.select(fds, [], [], 0.05)
            except (OSError, ValueError):
                continue
            for fd in ready:
                dst = self.b if fd == self.a.master else self.a
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    continue
                if data and dst is self.a and self.mangle is not None:
                    data = self.mangle(data)
                if data:
                    dst.write(data)

    def close(self) -> None:
        """Stops the pump and closes both ports."""
        self._stop.set()
        self._thread.join(timeout=2)
        folder = Path(self.a.path).parent
        self.a.unplug()
        self.b.unplug()
        if folder.name.startswith("lineside-pty-"):
            with contextlib.suppress(OSError):
                folder.rmdir()
