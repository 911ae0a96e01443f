"""Unit labels: GS1 DataMatrix with the UDI, GS1-128 and the human-readable text, as PNG, PDF, ZPL.

The label's content comes from one parsed UDI, so the two barcodes and the text always agree:
the DataMatrix is written by zxing-cpp from the parenthesised form (``gs1=True``, square symbol
as GS1 healthcare labels use), the GS1-128 by python-barcode from the element string with FNC1
(``"\\xf1"``) where a variable-length element needs a separator.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import barcode
import biip
import numpy as np
import zxingcpp
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from app.codes.scan import CodeError, Udi

GS = "\x1d"
FNC1 = "\xf1"
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class LabelLayout:
    """Size of a unit label and of its barcodes' modules.

    Attributes:
        width_mm: label width.
        height_mm: label height.
        dpi: printer resolution (203 and 300 are the common thermal printers).
        datamatrix_module_mm: DataMatrix cell size (GS1 healthcare: 0.254-0.990 mm).
        linear_module_mm: GS1-128 narrow bar width.
    """

    width_mm: float = 100.0
    height_mm: float = 60.0
    dpi: int = 300
    datamatrix_module_mm: float = 0.5
    linear_module_mm: float = 0.254

    def px(self, mm: float) -> int:
        """``mm`` in printer dots."""
        return round(mm * self.dpi / MM_PER_INCH)

    def dots_per_mm(self) -> float:
        """Printer dots per millimetre (8 at 203 dpi, 12 at 300 dpi)."""
        return self.dpi / MM_PER_INCH


@dataclass(frozen=True)
class UnitLabel:
    """What a unit label carries, from one UDI in GS1 element strings.

    Attributes:
        hri: the parenthesised human-readable form, ``(01)…(17)…(10)…(21)…``.
        element_string: the same with GS after each variable-length element that is not last.
        lines: the text printed under the codes, one element per line.
    """

    hri: str
    element_string: str
    lines: tuple[str, ...]

    @classmethod
    def from_udi(cls, text: str) -> UnitLabel:
        """The label for a GS1 UDI written as ``(01)…(21)…`` (or as element strings with GS).

        Raises:
            CodeError: the text is not a valid GS1 UDI; the message says what is wrong.
        """
        text = text.strip()
        try:
            if text.startswith("("):
                message = biip.gs1_messages.GS1Message.parse_hri(text)
            else:
                message = biip.gs1_messages.GS1Message.parse(text.replace("<GS>", GS))
        except biip.ParseError as exc:
            raise CodeError(f"not a GS1 UDI: {exc}", rule="gs1") from exc
        elements = message.element_strings
        if not elements or elements[0].ai.ai != "01":
            raise CodeError(
                "a unit label's UDI starts with the GTIN, (01): write it like "
                "'(01)09506000134352(17)271231(10)LOT1(21)SN1'",
                rule="gs1-no-di",
            )
        if elements[0].gtin_error:
            # A label printed with a wrong GTIN would be refused by every scanner downstream.
            raise CodeError(
                f"GTIN {elements[0].value}: {elements[0].gtin_error}", rule="gtin-check-digit"
            )
        lines = tuple(f"({e.ai.ai}) {e.value}" for e in elements)
        return cls(hri=message.as_hri(), element_string=message.value, lines=lines)

    @classmethod
    def for_udi(cls, udi: Udi) -> UnitLabel:
        """The label for an interpreted GS1 UDI.

        Raises:
            CodeError: the UDI is not a GS1 one (HIBCC and ISBT 128 labels are not printed here).
        """
        if udi.agency != "GS1" or not udi.hrf:
            raise CodeError(
                f"only GS1 UDIs are printed on unit labels, not {udi.agency}", rule="label-agency"
            )
        return cls.from_udi(udi.hrf)


def datamatrix_image(label: UnitLabel, layout: LabelLayout) -> Image.Image:
    """The GS1 DataMatrix (square, FNC1 first) with its quiet zone, one module per ``module_mm``."""
    code = zxingcpp.create_barcode(
        label.hri, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, force_square=True
    )
    scale = max(1, layout.px(layout.datamatrix_module_mm))
    pixels = np.array(code.to_image(scale=scale, add_quiet_zones=True), dtype=np.uint8)
    return Image.fromarray(pixels, "L")


def gs1_128_image(label: UnitLabel, layout: LabelLayout, height_mm: float = 12.0) -> Image.Image:
    """The GS1-128 of the label's element string (python-barcode adds the leading FNC1)."""
    data = label.element_string.replace(GS, FNC1)
    code = barcode.get("gs1_128", data, writer=ImageWriter(mode="L"))
    module_mm = layout.px(layout.linear_module_mm) * MM_PER_INCH / layout.dpi
    image = code.render(
        {
            "module_width": module_mm,
            "module_height": height_mm,
            "quiet_zone": 10 * module_mm,  # GS1: at least 10 X on each side
            "write_text": False,
            "dpi": layout.dpi,
        }
    )
    return image.convert("L")


def _font(size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSansMono.ttf", "LiberationMono-Regular.ttf"):
        try:
            return ImageFont.truetype(name, size_px)
        except OSError:
            continue
    return ImageFont.load_default(size_px)


def render_image(label: UnitLabel, layout: LabelLayout | None = None) -> Image.Image:
    """The whole label as a grayscale image at the printer's resolution.

    DataMatrix top left, the human-readable lines to its right, GS1-128 across the bottom.

    Raises:
        ValueError: the label is too small for its codes.
    """
    layout = layout or LabelLayout()
    page = Image.new("L", (layout.px(layout.width_mm), layout.px(layout.height_mm)), 255)
    margin = layout.px(3)
    dm = datamatrix_image(label, layout)
    linear = gs1_128_image(label, layout)
    if linear.width > page.width or dm.height + linear.height > page.height:
        raise ValueError(
            f"the codes ({linear.width} dots wide, {dm.height + linear.height} high) do not fit "
            f"a {layout.width_mm:g} x {layout.height_mm:g} mm label at {layout.dpi} dpi: "
            "use a larger label or smaller modules"
        )
    page.paste(dm, (margin, margin))
    draw = ImageDraw.Draw(page)
    size = layout.px(2.6)
    font = _font(size)
    x = margin + dm.width + margin
    y = margin + layout.px(2)
    for line in ("UDI", *label.lines):
        draw.text((x, y), line, fill=0, font=font)
        y += round(size * 1.3)
    page.paste(linear, ((page.width - linear.width) // 2, page.height - linear.height - margin))
    return page


def render_png(label: UnitLabel, path: str | Path, layout: LabelLayout | None = None) -> None:
    """Writes the label as a PNG with the printer's resolution recorded in it."""
    layout = layout or LabelLayout()
    render_image(label, layout).save(path, format="PNG", dpi=(layout.dpi, layout.dpi))


def render_pdf(label: UnitLabel, path: str | Path, layout: LabelLayout | None = None) -> None:
    """Writes the label as a one-page PDF of the label's size, the barcodes as lossless images.

    The barcodes are placed as bitmaps at the printer's resolution rather than redrawn as vectors,
    so the PDF prints the same modules the PNG and the camera tests decode.
    """
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    layout = layout or LabelLayout()
    image = render_image(label, layout)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=(layout.width_mm * mm, layout.height_mm * mm))
    pdf.setTitle(f"UDI label {label.hri}")
    pdf.setSubject(label.hri)
    pdf.drawImage(ImageReader(buf), 0, 0, width=layout.width_mm * mm, height=layout.height_mm * mm)
    pdf.showPage()
    pdf.save()


def render_zpl(label: UnitLabel, layout: LabelLayout | None = None) -> str:
    """The label in ZPL II for Zebra-type printers.

    The DataMatrix is ``^BX`` quality 200 with ``_`` as escape character: ``_1`` is FNC1, first
    (GS1) and as separator. The GS1-128 is ``^BC`` in manual mode with explicit subsets and FNC1
    (``>8``) in the same places, so both codes carry exactly the element string of the PNG and
    PDF labels (automatic modes leave FNC1 placement to the printer's firmware).
    """
    layout = layout or LabelLayout()
    dots = layout.dots_per_mm()
    margin = round(3 * dots)
    dm_module = max(1, layout.px(layout.datamatrix_module_mm))
    bar_module = max(1, layout.px(layout.linear_module_mm))
    # ``_`` is in GS1's character set and is the escape character here: it is written twice.
    dm_data = "_1" + label.element_string.replace("_", "__").replace(GS, "_1")
    bc_data = _zpl_code128(label.element_string)
    symbol = zxingcpp.create_barcode(
        label.hri, zxingcpp.BarcodeFormat.DataMatrix, gs1=True, force_square=True
    )
    modules = np.array(symbol.to_image(scale=1, add_quiet_zones=False)).shape[1]
    text_x = margin + (modules + 2) * dm_module + margin
    font_h = round(2.6 * dots)
    lines = [
        "^XA",
        "^CI28",  # UTF-8 field data
        f"^PW{round(layout.width_mm * dots)}",
        f"^LL{round(layout.height_mm * dots)}",
        f"^FO{margin},{margin}^BXN,{dm_module},200,0,0,1,_^FD{dm_data}^FS",
    ]
    y = margin + round(2 * dots)
    for line in ("UDI", *label.lines):
        lines.append(f"^FO{text_x},{y}^A0N,{font_h},{font_h}^FD{_zpl_text(line)}^FS")
        y += round(font_h * 1.3)
    bar_h = round(12 * dots)
    bar_y = round(layout.height_mm * dots) - bar_h - margin
    lines += [
        f"^BY{bar_module}",
        f"^FO{margin},{bar_y}^BCN,{bar_h},N,N,N^FD{bc_data}^FS",
        "^XZ",
    ]
    return "\n".join(lines) + "\n"


def _zpl_code128(element_string: str) -> str:
    """``^BC`` field data: start in subset C, FNC1, digit pairs in C, the rest in B."""
    out = [">;>8"]
    subset = "C"
    i, n = 0, len(element_string)
    while i < n:
        ch = element_string[i]
        if ch == GS:
            out.append(">8")
            i += 1
            continue
        run = 0
        while i + run < n and element_string[i + run].isdigit():
            run += 1
        if subset == "C":
            if run >= 2:
                out.append(element_string[i : i + 2])
                i += 2
                continue
            out.append(">6")
            subset = "B"
        # Back to C for four or more digits (an even count, so no digit is left over in C).
        if run >= 4 and run % 2 == 0:
            out.append(">5")
            subset = "C"
            continue
        out.append("><" if ch == ">" else ch)
        i += 1
    return "".join(out)


def _zpl_code128_data(field: str) -> str:
    """Inverse of :func:`_zpl_code128`: the element string, FNC1 as GS."""
    out = []
    i = 0
    while i < len(field):
        if field[i] == ">" and i + 1 < len(field):
            code = field[i + 1]
            out.append({"8": GS, "<": ">"}.get(code, ""))
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out).removeprefix(GS)


def _zpl_text(text: str) -> str:
    # ^ and ~ start ZPL commands even inside field data.
    return text.replace("^", " ").replace("~", " ")


def zpl_payloads(zpl: str) -> dict[str, str]:
    """The element strings the ZPL's DataMatrix and GS1-128 encode (GS as separator).

    Reads back what :func:`render_zpl` wrote, so tests can check a printer would get the same
    data as the PNG, without a printer.
    """
    out: dict[str, str] = {}
    for field in zpl.split("^FS"):
        if "^BX" in field and "^FD_1" in field:
            data = field.split("^FD_1", 1)[1]
            out["datamatrix"] = re.sub(
                "_(.)", lambda m: GS if m.group(1) == "1" else m.group(1), data
            )
        elif "^BC" in field and "^FD>;>8" in field:
            out["gs1-128"] = _zpl_code128_data(field.split("^FD", 1)[1])
    return out
