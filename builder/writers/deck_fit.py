"""Fitting: plan entries → slides whose every text fits its box.

Every text is measured (``deck_measure``) against its placeholder. A body that
would overflow is set a step smaller, loses its optional detail lines, is split
onto a continuation slide; only a single bullet that cannot fit a whole slide
even at the smallest size is cut, and then at a sentence or clause, its full
text going to the speaker notes. Nothing is cut on a slide that has room, and
nothing is cut silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .deck_measure import fits
from .deck_plan import ELLIPSIS, Bullet, DeckSources, FigureView, shorten
from .slide_master import LAYOUTS, Frame

LONGEST_BULLET = 240  # characters: a longer bullet always shows its short form (the full text is in the notes)


class Notes(list[str]):
    """What a slide's speaker notes will say; ``covered`` is text they carry anyway (its findings in full)."""

    def __init__(self, items: list[str], covered: str = ""):
        super().__init__(items)
        self.covered = covered

    def keep(self, full: str) -> None:
        """A text shortened on the slide is kept whole in the notes, once."""
        if full not in self.covered and not any(full in note for note in self):
            self.append(f"Full text: {full}")


@dataclass
class Text:
    """A placeholder's fitted text: paragraphs and one font size."""

    bullets: list[Bullet]
    size: int


@dataclass
class Slide:
    layout: str  # a key of slide_master.LAYOUTS
    kind: str
    texts: dict[str, Text]  # role → fitted text
    figure: str | None = None
    notes: Notes = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)  # finding and recommendation ids shown or merged here


def fit_entry(entry: dict[str, Any], sources: DeckSources) -> list[Slide]:
    """One plan entry → one or more slides (continuations) whose texts fit."""
    boxes = entry["findings"] + entry["recommendations"]
    covered = " ".join(view.text for view in map(sources.box, boxes) if view is not None)
    notes = Notes([entry["notes"]] if entry["notes"] else [], covered)
    kind = entry["kind"]
    if kind in ("title", "closing"):
        spec = LAYOUTS[kind]
        texts = {"title": _fit_lines([entry["title"]], spec.frames["title"][1], notes)}
        if kind == "title":
            texts["subtitle"] = _fit_lines([entry["subtitle"]], spec.frames["subtitle"][1], notes)
            texts["byline"] = _fit_lines(entry["byline"], spec.frames["byline"][1], notes)
        else:
            texts["body"] = _fit_lines(entry["lines"] or entry["byline"], spec.frames["body"][1], notes)
        return [Slide(kind, kind, texts, None, notes, boxes)]
    bullets = ([Bullet(entry["lead"], 0, "lead")] if entry["lead"] else []) + [
        _readable(b, notes) for b in entry["bullets"]
    ]
    if kind == "figure":
        return [_fit_figure_slide(entry["title"], bullets, entry["figure"], sources, notes, boxes)]
    if entry["figure"]:
        spec = LAYOUTS["text-chart"]
        body = _fit_body(bullets, spec.frames["body"][1], notes)
        if body is not None:
            title = _fit_title(entry["title"], notes)
            caption = _fit_caption(sources.figures[entry["figure"]], spec.frames["caption"][1], notes)
            texts = {"title": title, "body": body, "caption": caption}
            return [Slide("text-chart", kind, texts, entry["figure"], notes, boxes)]
        # the text needs the whole width: the figure moves to a slide of its own
        text_slides = _fit_bullet_slides(entry["title"], bullets, notes, boxes)
        figure_slide = _fit_figure_slide(entry["title"], [], entry["figure"], sources, Notes([]), [])
        return [*text_slides, figure_slide]
    return _fit_bullet_slides(entry["title"], bullets, notes, boxes)


def _readable(bullet: Bullet, notes: Notes) -> Bullet:
    """A bullet too long to read aloud from a slide shows its short form, even where the long one would fit."""
    if bullet.short and len(bullet.text) > LONGEST_BULLET:
        notes.keep(bullet.text)
        return replace(bullet, text=bullet.short, short="")
    return bullet


def _fit_bullet_slides(title: str, bullets: list[Bullet], notes: Notes, boxes: list[str]) -> list[Slide]:
    frame = LAYOUTS["content"].frames["body"][1]
    body = _fit_body(bullets, frame, notes)
    if body is not None:
        return [Slide("content", "bullets", {"title": _fit_title(title, notes), "body": body}, None, notes, boxes)]
    chunks = _split(bullets, frame, notes)
    slides = []
    for number, chunk in enumerate(chunks):
        shown = title if number == 0 else f"{title} (continued)"
        texts = {"title": _fit_title(shown, notes), "body": chunk}
        slides.append(Slide("content", "bullets", texts, None, notes, boxes))  # each part carries the full notes
    return slides


def _fit_figure_slide(
    title: str, bullets: list[Bullet], label: str, sources: DeckSources, notes: Notes, boxes: list[str]
) -> Slide:
    spec = LAYOUTS["chart"]
    figure = sources.figures[label]
    lead = [Bullet(" ".join(b.text for b in bullets if not b.optional), 0, "plain")] if bullets else []
    texts = {
        "title": _fit_title(title, notes),
        "body": _fit_lines([b.text for b in lead], spec.frames["body"][1], notes),
        "caption": _fit_caption(figure, spec.frames["caption"][1], notes),
    }
    described = f"{figure.item.display}. {figure.item.caption_text}"
    notes = [*notes, f"{described} {figure.source_text}".strip()]
    return Slide("chart", "figure", texts, label, notes, boxes)


def _fit_title(title: str, notes: Notes) -> Text:
    return _fit_lines([title], LAYOUTS["content"].frames["title"][1], notes)


def _fit_caption(figure: FigureView, frame: Frame, notes: Notes) -> Text:
    """ "Figure 3. Caption" and, for third-party material, the "Source:" line, which is never dropped."""
    lines = [f"{figure.item.display}. {figure.item.caption_text}"]
    if figure.source_text:
        lines.append(figure.source_text)
    return _fit_lines(lines, frame, notes, keep_last=bool(figure.source_text))


def _fit_lines(lines: list[str], frame: Frame, notes: Notes, keep_last: bool = False) -> Text:
    """Plain paragraphs in a fixed frame: shrink to the frame's smallest size, then shorten the longest by rule."""
    bullets = [Bullet(line, 0, "plain") for line in lines if line]
    for size in range(frame.size, frame.min_size - 1, -1):
        if fits(bullets, frame, size):
            return Text(bullets, size)
    size = frame.min_size
    while not fits(bullets, frame, size):
        candidates = bullets[:-1] if keep_last and len(bullets) > 1 else bullets
        longest = max(candidates, key=lambda b: len(b.text))
        if len(longest.text) <= 8:
            if candidates is not bullets:
                keep_last = False
                continue
            break
        full = longest.text
        longest.text = shorten(full, int(len(full.rstrip(ELLIPSIS)) * 0.85))
        notes.keep(full)
    return Text(bullets, size)


def _fit_body(bullets: list[Bullet], frame: Frame, notes: Notes) -> Text | None:
    """Bullets in one body: full size, one step smaller, without optional details, in their short forms; or None."""
    current = list(bullets)
    while True:
        for size in (frame.size, frame.size - 2):
            if fits(current, frame, size):
                return Text(current, size)
        optional = [i for i, b in enumerate(current) if b.optional]
        if not optional:
            break
        del current[optional[-1]]
    shortened = _short_forms(current)
    for size in (frame.size, frame.size - 2):
        if fits(shortened, frame, size):
            for bullet in current:
                if bullet.short:
                    notes.keep(bullet.text)
            return Text(shortened, size)
    return None


def _short_forms(bullets: list[Bullet]) -> list[Bullet]:
    return [replace(b, text=b.short, short="") if b.short else b for b in bullets]


def _split(bullets: list[Bullet], frame: Frame, notes: Notes) -> list[Text]:
    """Bullets over as many bodies as needed, at the frame's size, headings kept with what follows them."""
    size = frame.size
    for bullet in bullets:
        if bullet.short and not bullet.optional:
            notes.keep(bullet.text)
    required = _short_forms([b for b in bullets if not b.optional])
    chunks: list[list[Bullet]] = [[]]
    heading: str | None = None
    for index, bullet in enumerate(required):
        alone = [bullet]
        if not fits(alone, frame, frame.min_size):
            notes.keep(bullet.text)
            while not fits(alone, frame, frame.min_size) and len(bullet.text) > 8:
                bullet = replace(bullet, text=shorten(bullet.text, int(len(bullet.text.rstrip(ELLIPSIS)) * 0.85)))
                alone = [bullet]
        follower = required[index + 1 : index + 2] if bullet.style in ("heading", "lead") else []
        if chunks[-1] and not fits(chunks[-1] + [bullet] + follower, frame, size):
            tail = _carried(chunks[-1], bullet, frame, size)
            opening = (tail or [bullet])[0]
            if heading is not None and opening.style != "heading":  # the audience or question it continues
                tail.insert(0, Bullet(f"{heading} (continued)", 0, "heading"))
            chunks.append(tail)
        if bullet.style == "heading":
            heading = bullet.text
        chunks[-1].append(bullet)
    out = []
    for chunk in chunks:
        chosen = next((s for s in range(size, frame.min_size - 1, -2) if fits(chunk, frame, s)), frame.min_size)
        out.append(Text(chunk, chosen))
    return out


def _carried(chunk: list[Bullet], bullet: Bullet, frame: Frame, size: int) -> list[Bullet]:
    """What moves to the next slide with ``bullet``: a heading never ends a slide, a detail keeps its bullet."""
    start = len(chunk)
    if bullet.level == 1:
        while start > 0 and chunk[start - 1].level == 1:
            start -= 1
        start -= 1  # the level-0 bullet the details belong to
    while start > 0 and chunk[start - 1].style == "heading":
        start -= 1
    if start <= 0 or not fits([*chunk[start:], bullet], frame, size):
        start = len(chunk)
        while start > 0 and chunk[start - 1].style == "heading":
            start -= 1
    tail = chunk[start:]
    del chunk[start:]
    return tail
