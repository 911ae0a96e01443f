"""A private X server (Xvfb) and XTest typing through xdotool, for tests of the real window.

Each :class:`XServer` starts its own Xvfb on a display number the server picks itself
(``-displayfd``), so parallel runs and a developer's own X session never collide. Keys are sent
with ``xdotool`` (XTest): a capital is a real Shift press, GS is a real Ctrl+] press, exactly as a
USB keyboard-wedge scanner types them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

GS = "\x1d"

#: The suffix keys a scanner can be configured to send, as xdotool key names.
SUFFIX_KEYS = {"\r": ["Return"], "\t": ["Tab"], "\r\n": ["Return", "ctrl+j"], "": []}


_NAMED = {
    " ": "space",
    "!": "exclam",
    '"': "quotedbl",
    "#": "numbersign",
    "$": "dollar",
    "%": "percent",
    "&": "ampersand",
    "'": "apostrophe",
    "(": "parenleft",
    ")": "parenright",
    "*": "asterisk",
    "+": "plus",
    ",": "comma",
    "-": "minus",
    ".": "period",
    "/": "slash",
    ":": "colon",
    ";": "semicolon",
    "<": "less",
    "=": "equal",
    ">": "greater",
    "?": "question",
    "@": "at",
    "[": "bracketleft",
    "\\": "backslash",
    "]": "bracketright",
    "^": "asciicircum",
    "_": "underscore",
    "`": "grave",
    "{": "braceleft",
    "|": "bar",
    "}": "braceright",
    "~": "asciitilde",
    GS: "ctrl+bracketright",
    "\x1e": "ctrl+asciicircum",
    "\x04": "ctrl+d",
    "\r": "Return",
    "\t": "Tab",
}


def keysym(ch: str) -> str:
    """The X keysym xdotool presses for one character (Shift added by xdotool as the map needs)."""
    if ch.isascii() and ch.isalnum():
        return ch
    return _NAMED[ch]


def missing_tools() -> list[str]:
    """The programs these tests need that are not installed (``packaging/dev.sh`` installs them)."""
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


class XServer:
    """One Xvfb display for the life of the object."""

    def __init__(self, width: int = 1440, height: int = 960) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write),
                "-screen",
                "0",
                f"{width}x{height}x24",
                "-nolisten",
                "tcp",
                "-noreset",
            ],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start (no display number)")
        self.display = f":{number}"

    def env(self) -> dict[str, str]:
        """The environment for a program on this display."""
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def xdotool(self, *args: str) -> str:
        """Runs one xdotool command (chained subcommands allowed) on this display."""
        done = subprocess.run(
            ["xdotool", *args], env=self.env(), capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def focus(self, window: int) -> None:
        """Gives ``window`` the keyboard focus (there is no window manager to do it)."""
        self.xdotool("windowfocus", "--sync", str(window))

    def click(self, x: int, y: int) -> None:
        """A left click at screen position (x, y)."""
        self.xdotool("mousemove", "--sync", str(x), str(y), "click", "1")

    def type_code(self, text: str, delay_ms: int = 4, suffix: str = "\r") -> None:
        """Types ``text`` as a wedge scanner does, ``delay_ms`` between keys, then ``suffix``.

        One ``xdotool key`` command for the whole code, so no pause opens between parts: a
        capital's keysym makes xdotool press Shift, GS is Ctrl+].
        """
        keys = [keysym(ch) for ch in text] + SUFFIX_KEYS[suffix]
        self.xdotool("key", "--delay", str(delay_ms), *keys)

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG, as a person would see it."""
        from PIL import ImageGrab

        ImageGrab.grab(xdisplay=self.display).save(path)
        return path

    def close(self) -> None:
        """Stops the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
