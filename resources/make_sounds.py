"""Writes the station's feedback sounds (short sine tones) as 16-bit mono WAV files."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
FOLDER = Path(__file__).parent / "sounds"

# name -> (frequency Hz, duration s) per note; accepted is a short rising chirp, refused a low
# double buzz nobody mistakes for it through ear defenders, committed a three-note chime.
SOUNDS: dict[str, list[tuple[float, float]]] = {
    "accepted": [(1320.0, 0.06), (1760.0, 0.06)],
    "refused": [(220.0, 0.16), (0.0, 0.05), (220.0, 0.16)],
    "committed": [(1046.5, 0.09), (1318.5, 0.09), (1568.0, 0.16)],
    "login": [(880.0, 0.07), (1174.7, 0.09)],
}


def tone(freq: float, seconds: float, volume: float = 0.5) -> bytes:
    """One note with 5 ms fades so it does not click; freq 0 is silence."""
    n = int(RATE * seconds)
    fade = int(RATE * 0.005)
    out = bytearray()
    for i in range(n):
        gain = min(1.0, i / fade, (n - i) / fade) if fade else 1.0
        value = 0.0 if freq == 0 else math.sin(2 * math.pi * freq * i / RATE)
        if freq and freq < 400:  # a square-ish buzz carries through noise
            value = max(-0.6, min(0.6, value * 3))
        out += struct.pack("<h", int(32767 * volume * gain * value))
    return bytes(out)


def main() -> None:
    """Writes every sound into ``resources/sounds``."""
    FOLDER.mkdir(exist_ok=True)
    for name, notes in SOUNDS.items():
        with wave.open(str(FOLDER / f"{name}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(b"".join(tone(f, s) for f, s in notes))
        print(f"{name}.wav")


if __name__ == "__main__":
    main()
