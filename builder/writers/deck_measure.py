"""Measuring a slide's text with the font it is set in.

Widths come from the font file itself (``builder.fonts``: Arial, or its metric
twin Liberation Sans), read through Pillow's FreeType binding, word by word; a
paragraph wraps at word boundaries as PowerPoint and LibreOffice wrap it. A
small margin covers the renderers' rounding.
"""

from __future__ import annotations

import functools

from PIL import ImageFont

from ..fonts import font_file
from .deck_plan import Bullet
from .slide_master import BODY_SPACE_BEFORE, BULLET_INDENT, LINE_HEIGHT, Frame

MEASURE_SIZE = 100  # pixels: words are measured at this size; widths scale with the size
SAFETY = 1.05  # measured widths are inflated by this much, so rounding in the renderer cannot overflow a box


@functools.lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_file(bold) or font_file(False)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), MEASURE_SIZE)
        except OSError:
            pass
    return ImageFont.load_default(MEASURE_SIZE)


@functools.lru_cache(maxsize=65536)
def _em_width(text: str, bold: bool) -> float:
    """Width of ``text`` in ems of the font."""
    return _font(bold).getlength(text) / MEASURE_SIZE


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points."""
    return _em_width(text, bold) * size * SAFETY


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped at word boundaries into ``width`` points (long words break anywhere)."""
    space = text_width(" ", size, bold)
    lines, x = 1, 0.0
    for word in text.split():
        w = text_width(word, size, bold)
        if x and x + space + w <= width:
            x += space + w
            continue
        if x:
            lines += 1
        while w > width:
            lines += 1
            w -= width
        x = w
    return lines


def paragraph_height(bullet: Bullet, frame: Frame, size: int) -> float:
    """Points a paragraph takes in ``frame``: its lines at its size plus the space before it."""
    own = size - 2 if bullet.level else size
    indent = BULLET_INDENT[bullet.level] if bullet.style == "bullet" else 0.0
    width = (frame.text_width - indent) * 72
    lines = line_count(bullet.text, width, own, bold=frame.bold or bullet.style == "heading")
    before = BODY_SPACE_BEFORE[bullet.level] if bullet.style in ("bullet", "heading") else 0
    return lines * own * LINE_HEIGHT + before


def fits(bullets: list[Bullet], frame: Frame, size: int) -> bool:
    return sum(paragraph_height(b, frame, size) for b in bullets) <= frame.text_height * 72
