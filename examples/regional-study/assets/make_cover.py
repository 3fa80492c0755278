"""Draw the cover of the regional-study example into assets/cover.png.

Run once with a Python that has Pillow:

    python assets/make_cover.py

The design is abstract (no text): a portrait page in UNESCO-like blues with a
network of linked nodes, a nod to credentials that travel between countries.
The output is deterministic (fixed seed, no timestamps), so running the script
again gives a byte-identical file.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1240, 1754

DARK_BLUE = (0, 52, 110)
UNESCO_BLUE = (0, 119, 212)
MID_BLUE = (61, 155, 233)
LIGHT_BLUE = (207, 230, 250)
ACCENT = (242, 169, 0)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def draw_cover(path: Path) -> None:
    rng = random.Random(2026)
    image = Image.new("RGB", (WIDTH, HEIGHT), DARK_BLUE)
    draw = ImageDraw.Draw(image)

    # diagonal gradient in flat bands (keeps the palette small)
    bands = 80
    for i in range(bands):
        t = i / (bands - 1)
        y0 = round(i * HEIGHT / bands)
        y1 = round((i + 1) * HEIGHT / bands)
        draw.rectangle([0, y0, WIDTH, y1], fill=_mix(DARK_BLUE, UNESCO_BLUE, t))

    # concentric arcs in the lower left, like a map projection seen from afar
    for k in range(9):
        radius = 260 + k * 95
        draw.arc([-radius, HEIGHT - radius, radius, HEIGHT + radius], 270, 360,
                 fill=_mix(UNESCO_BLUE, LIGHT_BLUE, 0.25 + 0.05 * k), width=3)

    # five clusters of nodes (one per sub-region), linked within and between clusters
    centres = [(300, 520), (820, 430), (470, 900), (930, 960), (700, 1380)]
    nodes: list[tuple[int, int, int]] = []  # x, y, cluster
    for c, (cx, cy) in enumerate(centres):
        for _ in range(9):
            angle = rng.uniform(0, 2 * math.pi)
            dist = rng.uniform(30, 170)
            nodes.append((round(cx + dist * math.cos(angle)), round(cy + dist * math.sin(angle)), c))

    for i, (x1, y1, c1) in enumerate(nodes):
        for x2, y2, c2 in nodes[i + 1:]:
            d = math.hypot(x2 - x1, y2 - y1)
            if c1 == c2 and d < 190:
                draw.line([x1, y1, x2, y2], fill=_mix(MID_BLUE, LIGHT_BLUE, 0.3), width=2)
    for a, b in [(0, 1), (0, 2), (1, 3), (2, 3), (2, 4), (3, 4)]:
        (ax, ay), (bx, by) = centres[a], centres[b]
        draw.line([ax, ay, bx, by], fill=ACCENT, width=5)

    for x, y, _ in nodes:
        r = rng.choice([7, 9, 12])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=LIGHT_BLUE)
    for cx, cy in centres:
        draw.ellipse([cx - 26, cy - 26, cx + 26, cy + 26], fill=ACCENT)
        draw.ellipse([cx - 12, cy - 12, cx + 12, cy + 12], fill=DARK_BLUE)

    # a pale band at the top where a designer would set the title
    draw.rectangle([0, 0, WIDTH, 230], fill=LIGHT_BLUE)
    draw.rectangle([0, 230, WIDTH, 242], fill=ACCENT)

    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


if __name__ == "__main__":
    draw_cover(HERE / "cover.png")
