"""Draw the images of the sample publication into assets/.

Run once with a Python that has matplotlib and Pillow:

    python assets/make_images.py

The output is deterministic (fixed seeds, no timestamps), so running it again
gives the same files. It writes:

    cover.png             the cover, an abstract portrait design (no text)
    timeline.png          Figure: key steps of the university's response, 2020-2024
    cpd-pathway.png       Figure: pathway from Passport modules to a qualification
    unesco-definition.png Figure: core elements of UNESCO's 2022 definition (redrawn stand-in)
    studio-photo.png      Figure: stand-in for a photograph of the campus media studio
"""

from __future__ import annotations

import random
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

HERE = Path(__file__).resolve().parent

UNESCO_BLUE = "#0077D4"
DARK_BLUE = "#003F7F"
MID_BLUE = "#3D9BE9"
LIGHT_BLUE = "#CFE6FA"
PALE_BLUE = "#EEF6FD"
GREY = "#4A4A4A"
ACCENT = "#F2A900"

PNG_META = {"Software": None}  # keep files byte-identical between runs


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def _save_quantized(image: Image.Image, path: Path, colours: int = 128) -> None:
    """Save as an 8-bit palette PNG: small files, no visible loss for flat designs."""
    image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)


def _save_figure(fig: plt.Figure, path: Path) -> None:
    fig.savefig(path, dpi=200, facecolor="white", metadata=PNG_META)
    plt.close(fig)
    _save_quantized(Image.open(path), path, colours=96)


# --- cover -------------------------------------------------------------------------


def draw_cover(path: Path) -> None:
    width, height = 1240, 1754
    rng = random.Random(2024)
    image = Image.new("RGB", (width, height), _hex(DARK_BLUE))
    draw = ImageDraw.Draw(image)

    # vertical gradient from dark blue (top) to UNESCO blue (bottom), in bands
    top, bottom = _hex(DARK_BLUE), _hex(UNESCO_BLUE)
    bands = 96
    for i in range(bands):
        t = i / (bands - 1)
        colour = tuple(round(top[k] + (bottom[k] - top[k]) * t) for k in range(3))
        y0 = round(i * height / bands)
        y1 = round((i + 1) * height / bands)
        draw.rectangle([0, y0, width, y1], fill=colour)

    # a grid of small "credential" tiles that grows denser towards the lower right
    tile, gap = 54, 14
    for row in range(height // (tile + gap) + 1):
        for col in range(width // (tile + gap) + 1):
            x = col * (tile + gap) + 20
            y = row * (tile + gap) + 20
            density = (x / width) * 0.55 + (y / height) * 0.65
            if rng.random() < density - 0.35:
                shade = rng.choice([MID_BLUE, LIGHT_BLUE, "#FFFFFF", UNESCO_BLUE])
                draw.rounded_rectangle([x, y, x + tile, y + tile], radius=10, fill=_hex(shade))

    # three large overlapping circles: stacking small pieces into something larger
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    odraw = ImageDraw.Draw(overlay)
    for cx, cy, r, colour, alpha in [
        (300, 560, 330, LIGHT_BLUE, 70),
        (620, 760, 420, "#FFFFFF", 45),
    ]:
        odraw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_hex(colour) + (alpha,))
    odraw.ellipse([900 - 260, 470 - 260, 900 + 260, 470 + 260], outline=_hex(ACCENT) + (255,), width=18)
    overlay = overlay.filter(ImageFilter.GaussianBlur(2))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")

    # a clear band at the top for the title block added by the publication tool
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, 120], fill=_hex(DARK_BLUE))
    draw.rectangle([80, 118, width - 80, 126], fill=_hex(ACCENT))
    _save_quantized(image, path, colours=64)


# --- diagrams -----------------------------------------------------------------------


def _box(ax, x, y, w, h, text, face, edge=DARK_BLUE, colour=GREY, size=10, weight="normal", style="-"):
    patch = FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.06",
                           facecolor=face, edgecolor=edge, linewidth=1.4, linestyle=style)
    ax.add_patch(patch)
    ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=size, color=colour,
            weight=weight, wrap=True, linespacing=1.25)


def _arrow(ax, start, end, colour=DARK_BLUE, style="-|>", dashed=False):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=16, color=colour,
                                 linewidth=1.6, linestyle="--" if dashed else "-"))


def draw_timeline(path: Path) -> None:
    steps = [
        ("Mar 2020", "Campuses close;\nteaching moves online\nwithin two weeks"),
        ("2020", "46 emergency webinars;\ndigital champions in\nevery department"),
        ("2021", "Digital Teaching\nPassport launched\nwith three modules"),
        ("2022", "Six modules; open\ndigital badges;\nnew campus opens"),
        ("2023", "1,214 badges issued;\ncredit pilot with the\npostgraduate certificate"),
        ("2024", "Staff survey and\ninstitutional\ncase study"),
    ]
    fig, ax = plt.subplots(figsize=(10, 3.6))
    ax.set_xlim(0, 12)
    ax.set_ylim(0, 4.2)
    ax.axis("off")
    ax.plot([0.5, 11.5], [2.6, 2.6], color=DARK_BLUE, linewidth=3, solid_capstyle="round")
    for i, (when, what) in enumerate(steps):
        x = 1.0 + i * 2.0
        highlight = i in (2, 4)
        ax.scatter([x], [2.6], s=260, color=ACCENT if highlight else UNESCO_BLUE, zorder=3,
                   edgecolors="white", linewidths=2)
        ax.text(x, 3.2, when, ha="center", va="bottom", fontsize=11, weight="bold", color=DARK_BLUE)
        _box(ax, x - 0.92, 0.35, 1.84, 1.75, what, PALE_BLUE if not highlight else "#FFF4D6", size=8)
        ax.plot([x, x], [2.1, 2.45], color=DARK_BLUE, linewidth=1)
    fig.tight_layout(pad=0.3)
    _save_figure(fig, path)


def draw_pathway(path: Path) -> None:
    fig, ax = plt.subplots(figsize=(10, 5.2))
    ax.set_xlim(0, 12)
    ax.set_ylim(0, 6.4)
    ax.axis("off")

    modules = [
        "Blended course\ndesign",
        "Digital learning\nmaterials and video",
        "Online and authentic\nassessment",
        "Generative AI in\nteaching and assessment",
        "Simulation and\nvirtual laboratories",
        "Data, privacy and\ndigital safety",
    ]
    ax.text(1.6, 6.05, "Six modules, about 30 hours each", ha="center", fontsize=10, weight="bold", color=DARK_BLUE)
    for i, name in enumerate(modules):
        y = 5.1 - i * 0.86
        _box(ax, 0.2, y, 2.8, 0.68, name, PALE_BLUE, size=8.5)
        ax.scatter([3.25], [y + 0.34], s=120, marker="h", color=ACCENT, edgecolors=DARK_BLUE, zorder=3)
        _arrow(ax, (3.45, y + 0.34), (4.55, 3.5 - i * 0.2))

    _box(ax, 4.6, 2.25, 2.6, 1.4, "Digital Teaching\nPassport\n(all six badges)", LIGHT_BLUE, size=10, weight="bold",
         colour=DARK_BLUE)
    _arrow(ax, (7.25, 2.95), (8.45, 2.95))
    _box(ax, 8.5, 2.05, 3.2, 1.8, "Postgraduate Certificate\nin Technical Teaching\nand Learning\n(Passport = one course)",
         UNESCO_BLUE, colour="white", size=9.5, weight="bold")

    _box(ax, 4.6, 0.2, 2.6, 1.1, "Vendor certificates and\nindustry attachments", "white", size=8.5, style="--")
    _arrow(ax, (7.25, 0.75), (9.3, 1.95), dashed=True)
    ax.text(9.75, 0.85, "possible route:\nrecognition of\nprior learning", fontsize=8, color=GREY, style="italic",
            ha="left", va="center")
    ax.text(5.9, 4.1, "counts as CPD hours\nin annual appraisal", fontsize=8, color=GREY, style="italic", ha="center")
    fig.tight_layout(pad=0.3)
    _save_figure(fig, path)


def draw_definition(path: Path) -> None:
    """A redrawn stand-in for the third-party diagram credited to UNESCO (2022)."""
    fig, ax = plt.subplots(figsize=(8, 6))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 7.5)
    ax.axis("off")
    _box(ax, 3.5, 3.0, 3.0, 1.4, "Micro-credential", UNESCO_BLUE, colour="white", size=14, weight="bold")
    elements = [
        (0.3, 5.4, "A record of focused learning:\nwhat the learner knows,\nunderstands or can do"),
        (6.2, 5.4, "Assessed against clearly\ndefined standards and awarded\nby a trusted provider"),
        (0.3, 0.5, "Stand-alone value; may stack\ninto other credentials, including\nvia recognition of prior learning"),
        (6.2, 0.5, "Meets the standards of\nrelevant quality assurance"),
    ]
    for x, y, text in elements:
        _box(ax, x, y, 3.5, 1.6, text, PALE_BLUE, size=9.5)
        cx, cy = x + 1.75, y + 0.8
        target = (5.0 + (-0.9 if cx < 5 else 0.9), 3.7 + (0.7 if cy > 3.7 else -0.7))
        _arrow(ax, (cx + (0.6 if cx < 5 else -0.6), cy + (-0.85 if cy > 3.7 else 0.85)), target, style="-")
    fig.tight_layout(pad=0.3)
    _save_figure(fig, path)


# --- photograph stand-in ------------------------------------------------------------


def draw_studio_photo(path: Path) -> None:
    """A soft, photo-like illustration of a small recording studio (no real photograph)."""
    width, height = 1200, 800
    rng = random.Random(7)
    image = Image.new("RGB", (width, height), (46, 52, 64))
    draw = ImageDraw.Draw(image)
    # back wall with acoustic panels
    draw.rectangle([0, 0, width, 520], fill=(58, 66, 82))
    for col in range(8):
        for row in range(3):
            x, y = 60 + col * 140, 40 + row * 150
            tone = 70 + rng.randint(-6, 6)
            draw.rectangle([x, y, x + 120, y + 130], fill=(tone, tone + 8, tone + 22))
    # floor
    draw.rectangle([0, 520, width, height], fill=(92, 84, 76))
    # two people behind the bench (simple silhouettes)
    for x, shirt in ((640, (0, 119, 212)), (880, (242, 169, 0))):
        draw.ellipse([x - 38, 210, x + 38, 290], fill=(176, 132, 104))
        draw.rounded_rectangle([x - 70, 290, x + 70, 470], radius=30, fill=shirt)
    # workbench with a demonstration piece
    draw.rectangle([520, 430, 1020, 470], fill=(150, 120, 90))
    draw.rectangle([540, 470, 560, 640], fill=(110, 90, 70))
    draw.rectangle([980, 470, 1000, 640], fill=(110, 90, 70))
    draw.rectangle([700, 380, 820, 430], fill=(170, 175, 185))
    draw.ellipse([735, 350, 785, 400], fill=(120, 125, 135))
    # camera on a tripod in the foreground
    draw.line([(260, 480), (180, 760)], fill=(30, 30, 30), width=10)
    draw.line([(260, 480), (340, 760)], fill=(30, 30, 30), width=10)
    draw.line([(260, 480), (262, 770)], fill=(30, 30, 30), width=10)
    draw.rounded_rectangle([170, 400, 360, 490], radius=12, fill=(25, 25, 28))
    draw.ellipse([340, 415, 410, 475], fill=(45, 60, 80))
    # soft light from a lamp on the right
    light = Image.new("L", (width, height), 0)
    ImageDraw.Draw(light).ellipse([820, -200, 1500, 500], fill=120)
    light = light.filter(ImageFilter.GaussianBlur(120))
    warm = Image.new("RGB", (width, height), (255, 240, 210))
    image = Image.composite(warm, image, light)
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    _save_quantized(image, path, colours=128)


def main() -> None:
    draw_cover(HERE / "cover.png")
    draw_timeline(HERE / "timeline.png")
    draw_pathway(HERE / "cpd-pathway.png")
    draw_definition(HERE / "unesco-definition.png")
    draw_studio_photo(HERE / "studio-photo.png")
    for name in ("cover.png", "timeline.png", "cpd-pathway.png", "unesco-definition.png", "studio-photo.png"):
        file = HERE / name
        with Image.open(file) as im:
            print(f"{name}: {im.size[0]}x{im.size[1]} px, {file.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
