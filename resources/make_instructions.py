"""Draws the demo's work-instruction pictures (simple line drawings of each step) as PNG files.

No words in the pictures: the instruction's text says it, in the operator's language.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FOLDER = Path(__file__).parent / "instructions"
SIZE = (480, 320)
INK, BOARD, PART, ARROW, BG = "#1f3a5f", "#2f8f5b", "#c9a227", "#d64545", "#f4f7fb"


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default()


def reflow() -> Image.Image:
    """S10: the bare board on the conveyor, fiducials toward the oven, paste side up."""
    image = Image.new("RGB", SIZE, BG)
    d = ImageDraw.Draw(image)
    d.rectangle((20, 200, 460, 215), fill="#8a94a6")  # conveyor
    d.rectangle((120, 120, 300, 198), fill=BOARD, outline=INK, width=3)
    for x, y in ((132, 130), (286, 186)):
        d.ellipse((x - 6, y - 6, x + 6, y + 6), fill="#eef2f7", outline=INK)  # fiducials
    for i in range(6):
        d.rectangle((150 + i * 22, 150, 162 + i * 22, 168), fill=PART)
    d.rectangle((340, 60, 460, 198), outline=INK, width=4)  # oven mouth
    d.text((352, 70), "OVEN", fill=INK, font=_font(22))
    d.line((305, 160, 335, 160), fill=ARROW, width=6)
    d.polygon(((335, 150), (335, 170), (350, 160)), fill=ARROW)
    return image


def housing() -> Image.Image:
    """S20: the board into the bottom housing, USB-C connector to the cut-out."""
    image = Image.new("RGB", SIZE, BG)
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((60, 130, 420, 250), radius=18, outline=INK, width=5)  # housing bottom
    d.rectangle((405, 170, 425, 200), fill=BG, outline=INK, width=3)  # cut-out
    d.rectangle((130, 40, 390, 110), fill=BOARD, outline=INK, width=3)  # board above it
    d.rectangle((370, 62, 400, 88), fill="#8a94a6", outline=INK, width=2)  # USB-C
    for x in (100, 380):
        d.ellipse((x - 9, 160, x + 9, 178), outline=INK, width=3)  # screw bosses
    d.line((260, 115, 260, 160), fill=ARROW, width=6)
    d.polygon(((248, 160), (272, 160), (260, 176)), fill=ARROW)
    return image


def label() -> Image.Image:
    """S20: the UDI label in its recess, then scan it."""
    image = Image.new("RGB", SIZE, BG)
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((60, 50, 420, 250), radius=18, outline=INK, width=5)  # housing top
    d.rectangle((250, 90, 390, 200), outline=INK, width=2)  # recess
    d.rectangle((258, 98, 382, 192), fill="white", outline=INK, width=2)  # label
    for r in range(8):
        for c in range(8):
            if (r * 3 + c * 5) % 4 < 2 or c == 0 or r == 7:
                d.rectangle((266 + c * 7, 108 + r * 7, 272 + c * 7, 114 + r * 7), fill=INK)
    d.text((330, 110), "UDI", fill=INK, font=_font(16))
    return image


def main() -> None:
    """Writes every picture into ``resources/instructions``."""
    FOLDER.mkdir(exist_ok=True)
    for name, draw in (("s10-reflow", reflow), ("s20-housing", housing), ("s20-label", label)):
        draw().save(FOLDER / f"{name}.png", optimize=True)


if __name__ == "__main__":
    main()
