"""The generated reference documents' styles: text colours readable on their backgrounds (WCAG 2.1 AA:
4.5:1 for body text, 3:1 for large text: 18 pt, or 14 pt bold)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from builder.ooxml.reference import build_reference_docx
from builder.writers import slide_master


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("brief", [False, True])
def test_every_styled_text_reaches_aa_contrast_on_its_background(brief: bool) -> None:
    document = docx.Document(io.BytesIO(build_reference_docx(brief=brief)))
    checked = 0
    for style in document.styles:
        if style.type != 1 or style.font.color is None or style.font.color.rgb is None:  # paragraph styles
            continue
        shading = style.element.find(f"{qn('w:pPr')}/{qn('w:shd')}")
        background = shading.get(qn("w:fill")) if shading is not None else "FFFFFF"
        size = style.font.size.pt if style.font.size else 11
        large = size >= 18 or (size >= 14 and style.font.bold)
        ratio = contrast(str(style.font.color.rgb), background)
        assert ratio >= (3.0 if large else 4.5), f"{style.name}: {ratio:.2f}:1"
        checked += 1
    assert checked >= 8


def test_the_decks_text_reaches_aa_contrast() -> None:
    pairs = [
        ("FFFFFF", slide_master.BLUE),  # titles and text on the blue title and closing slides
        (slide_master.TEXT, "FFFFFF"),
        (slide_master.GREY, "FFFFFF"),  # footers
        (slide_master.BLUE, "FFFFFF"),  # slide titles
        (slide_master.DARK_BLUE, slide_master.PALE_BLUE),
    ]
    for foreground, background in pairs:
        assert contrast(foreground, background) >= 4.5, (foreground, background)
