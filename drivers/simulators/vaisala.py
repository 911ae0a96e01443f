"""A simulated Vaisala HMT330-style transmitter: SEND, R/S, INTV, FORM, ECHO, ERRS over a pty."""

from __future__ import annotations

import math
import re
from pathlib import Path

from drivers.simulators.line import Drift, Fault, LineSimulator
from drivers.vaisala import checksum, dew_point

DEFAULT_FORM = '"RH=" 4.1 rh " " U3 #t "T=" t " " U2 #t "Td=" td " " U2 #r #n'
UNITS = {"rh": "%RH", "t": "'C", "td": "'C", "tdf": "'C", "tf": "'F"}


class VaisalaSimulator(LineSimulator):
    """Speaks the transmitter's serial ASCII protocol with drifting, noisy RH and T.

    Args:
        port: where to put the port's link (a temporary one if None).
        rh: relative humidity set point, %RH.
        t: temperature set point, °C.
        echo: echo commands and print the ``>`` prompt (the transmitter's default).
        form: a FORM string; the default message is ``RH= 45.2 %RH  T= 22.1 'C  Td= 9.8 'C``.
        stx: frame every measurement line with STX/ETX.
        interval_s: run-mode interval (``INTV``; 0 sends as fast as lines are made).
    """

    def __init__(
        self,
        port: str | Path | None = None,
        *,
        seed: int = 1,
        rh: float = 45.0,
        t: float = 22.0,
        echo: bool = True,
        form: str | None = None,
        stx: bool = False,
        interval_s: float = 1.0,
        slow_s: float = 1.0,
    ) -> None:
        super().__init__(port, seed=seed, slow_s=slow_s)
        self.rh = Drift(rh, 0.05, 0.02, self.rng)
        self.t = Drift(t, 0.02, 0.01, self.rng)
        self.echo = echo
        self.form = form
        self.stx = stx
        self.interval_s = interval_s
        self.running = False
        self.sent_lines = 0
        self._next_line = 0.0
        self._cmd = bytearray()

    # -- what the transmitter says ---------------------------------------------------------

    def values(self) -> dict[str, float | None]:
        """The current values by FORM abbreviation (None when the sensor is in error)."""
        if self.has(Fault.ERROR):
            return {"rh": None, "t": None, "td": None, "tdf": None}
        rh = min(100.0, max(0.0, self.rh.sample()))
        t = self.t.sample()
        if self.has(Fault.OUT_OF_RANGE):
            rh = 100.0 + 5.0 + abs(self.rng.gauss(10.0, 2.0))
        td = dew_point(rh, t) if 0 < rh <= 100 else math.nan
        return {"rh": rh, "t": t, "td": td, "tdf": td, "tf": t * 9 / 5 + 32}

    def line(self) -> bytes:
        """One measurement message as the transmitter sends it."""
        text = self.format(self.form or DEFAULT_FORM, self.values())
        if self.stx:
            text = "\x02" + text.rstrip("\r\n") + "\x03\r\n"
        return text.encode("latin-1")

    def format(self, form: str, values: dict[str, float | None]) -> str:
        """Renders ``values`` through a FORM string (the subset of HMT330 modifiers in use)."""
        out: list[str] = []
        width, decimals = 4, 1
        last = "rh"
        err = "".join(
            "1" if self.has(Fault.ERROR) and q in ("t", "rh") else "0"
            for q in ("p", "t", "ta", "rh")
        )
        for token in re.findall(r'"[^"]*"|\S+', form):
            low = token.lower()
            if token.startswith('"'):
                out.append(token[1:-1])
            elif m := re.fullmatch(r"(\d+)\.(\d+)", token):
                width, decimals = int(m.group(1)), int(m.group(2))
            elif low in ("#t", "\\t"):
                out.append("\t")
            elif low in ("#r", "\\r"):
                out.append("\r")
            elif low in ("#n", "\\n"):
                out.append("\n")
            elif re.fullmatch(r"[#\\]\d{1,3}", token):
                out.append(chr(int(token[1:])))
            elif re.fullmatch(r"u\d?", low):
                unit = UNITS.get(last, "")
                n = int(low[1:]) if len(low) > 1 else len(unit)
                out.append(unit[:n].ljust(n))
            elif low == "err":
                out.append(err)
            elif low in ("cs2", "cs4", "csx"):
                value = checksum(low, "".join(out).encode("latin-1"))
                out.append(f"{value:0{4 if low == 'cs4' else 2}X}")
            elif low in values:
                last = low
                v = values[low]
                size = width + decimals + 1
                if v is None or math.isnan(v):
                    out.append(("*" * width + "." + "*" * decimals).rjust(size))
                else:
                    out.append(f"{v:{size}.{decimals}f}")
        text = "".join(out)
        return text if text.endswith("\n") else text + "\r\n"

    # -- what the transmitter hears --------------------------------------------------------

    def on_bytes(self, data: bytes) -> None:
        """Collects command characters; a CR ends a command."""
        for byte in data:
            if byte == 0x1B and self.running:  # ESC stops the output too (HMP110 guide)
                self.running = False
                continue
            if byte in (0x0D, 0x0A):
                command = self._cmd.decode("latin-1").strip()
                self._cmd.clear()
                if byte == 0x0D:
                    self._command(command)
            else:
                self._cmd.append(byte)

    def _reply(self, text: str) -> None:
        self.send(text.encode("latin-1"))

    def _command(self, command: str) -> None:
        words = command.split()
        if self.running:
            # In RUN state the transmitter hears nothing but S (HMP230 manual, R command).
            if words and words[0].upper() == "S":
                self.running = False
                self._reply("\r\n>" if self.echo else "")
            return
        if self.echo:
            self._reply(command + "\r\n")
        if not words:
            self._reply(">" if self.echo else "")
            return
        verb, rest = words[0].upper(), words[1:]
        if verb == "SEND":
            self.send(self.line())
            self.sent_lines += 1
        elif verb == "R":
            self.running = True
            self._next_line = 0.0
            return
        elif verb == "S":
            pass
        elif verb == "INTV":
            if rest:
                n = float(rest[0])
                unit = rest[1].lower() if len(rest) > 1 else "s"
                self.interval_s = n * {"s": 1, "min": 60, "h": 3600}.get(unit, 1)
            self._reply(f"Output interval: {self.interval_s:g} S\r\n")
        elif verb == "FORM":
            text = command[4:].strip()
            self.form = None if text in ("", "/") else text
            self._reply("OK\r\n")
        elif verb == "ECHO":
            if rest:
                self.echo = rest[0].upper() == "ON"
            self._reply(f"Echo : {'ON' if self.echo else 'OFF'}\r\n")
        elif verb == "ERRS":
            if self.has(Fault.ERROR):
                self._reply("E40 f ( all ) out of range\r\n")
        else:
            self._reply("Unknown command\r\n")
        if self.echo:
            self._reply(">")

    def on_tick(self, now: float) -> None:
        """Sends a line per interval in RUN state."""
        if self.running and now >= self._next_line and self.pty.plugged:
            self.send(self.line())
            self.sent_lines += 1
            self._next_line = now + self.interval_s
