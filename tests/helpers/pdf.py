"""Reading back the PDFs Lineside writes: their text (pdftotext) and where each word sits."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pdf_text(path: Path) -> str:
    """The PDF's text in reading layout."""
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def overlapping_words(path: Path) -> list[tuple[str, str]]:
    """Pairs of words on one page whose boxes overlap (text running into the next column)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for page in out.split("<page ")[1:]:
        words = [
            (float(a), float(b), float(c), float(d), unescape(t))
            for a, b, c, d, t in WORD.findall(page)
        ]
        words.sort(key=lambda w: (round(w[1]), w[0]))
        for i, (x0, y0, x1, y1, text) in enumerate(words):
            for u0, v0, u1, v1, other in words[i + 1 : i + 40]:
                same_line = min(y1, v1) - max(y0, v0) > 0.5 * (y1 - y0)
                if same_line and min(x1, u1) - max(x0, u0) > 0.5:
                    found.append((text, other))
    return found
