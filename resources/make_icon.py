"""Draws the station's icon (a label with a DataMatrix-like code and a check mark) as PNG files."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

FOLDER = Path(__file__).parent / "icons"
SIZE = 256


def icon(size: int = SIZE) -> Image.Image:
    """The icon at ``size`` pixels, drawn at 4x and scaled down for smooth edges."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    pad = big // 16
    draw.rounded_rectangle((pad, pad, big - pad, big - pad), radius=big // 6, fill="#1f3a5f")
    # A 10x10 DataMatrix-like symbol: solid L finder on the left and bottom, dotted clock track.
    cells, cell = 10, big // 20
    left, top = big // 4, big // 4 - cell // 2
    rng = random.Random(13)  # the same pattern every time the icon is drawn
    for row in range(cells):
        for col in range(cells):
            finder = col == 0 or row == cells - 1
            clock = (row == 0 and col % 2 == 0) or (col == cells - 1 and row % 2 == 1)
            if (
                finder
                or clock
                or (0 < row < cells - 1 and 0 < col < cells - 1 and rng.random() < 0.5)
            ):
                x, y = left + col * cell, top + row * cell
                draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill="#f4f6f8")
    # The green check of a committed record, over the lower right corner.
    r = big // 5
    cx, cy = big - pad - r - big // 24, big - pad - r - big // 24
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r), fill="#2e9d57", outline="#1f3a5f", width=big // 60
    )
    w = big // 28
    draw.line(
        [(cx - r // 2, cy), (cx - r // 8, cy + r // 2 - r // 8), (cx + r // 2, cy - r // 3)],
        fill="white",
        width=w,
        joint="curve",
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Writes ``icons/lineside.png`` (256 px), the size the desktop entry and the window use."""
    FOLDER.mkdir(exist_ok=True)
    icon().save(FOLDER / "lineside.png", optimize=True)
    print(FOLDER / "lineside.png")


if __name__ == "__main__":
    main()
