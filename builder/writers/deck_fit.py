"""Fitting: plan entries → slides whose every text fits its box.

Every text is measured (``deck_measure``) against its placeholder. A body that
would overflow is set a step smaller, loses its optional detail lines, is split
onto a continuation slide; only a single bullet that cannot fit a whole slide
even at the smallest size is cut, and then at a sentence or clause, its full
text going to the speaker notes. Nothing is cut on a slide that has room, and
nothing is cut silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from .deck_measure import fits
from .deck_plan import ELLIPSIS, Bullet, DeckSources, FigureView, sentences, shorten
from .slide_master import LAYOUTS, Frame

_CLAUSE_BREAK = re.compile(r"[;:](?=\s)|\s[–—]\s")  # where a clause ends: a cut may stop there


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
    bullets = ([Bullet(entry["lead"], 0, "lead")] if entry["lead"] else []) + list(entry["bullets"])
    if kind == "figure":
        return [_fit_figure_slide(entry["title"], bullets, entry["figure"], sources, notes, boxes)]
    if entry["figure"]:
        spec = LAYOUTS["text-chart"]
        body = _fit_body(bullets, spec.frames["body"][1])
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


def _fit_bullet_slides(title: str, bullets: list[Bullet], notes: Notes, boxes: list[str]) -> list[Slide]:
    frame = LAYOUTS["content"].frames["body"][1]
    body = _fit_body(bullets, frame)
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
        room = int(len(full.rstrip(ELLIPSIS)) * 0.85)
        longest.text = next((c for c in cut_candidates(full) if len(c) <= room), None) or shorten(full, room)
        notes.keep(full)
    return Text(bullets, size)


def _fit_body(bullets: list[Bullet], frame: Frame) -> Text | None:
    """Bullets in one body, whole: at full size or a step smaller, then without their optional detail lines
    (the notes carry every finding in full); or None, and the caller goes on to a second slide."""
    current = list(bullets)
    while True:
        for size in _sizes(frame):
            if fits(current, frame, size):
                return Text(current, size)
        optional = [i for i, b in enumerate(current) if b.optional]
        if not optional:
            return None
        del current[optional[-1]]


def _sizes(frame: Frame) -> list[int]:
    """The sizes a body may be set at before its text goes on to another slide: full, then one step smaller."""
    return [size for size in (frame.size, frame.size - 2) if size >= frame.min_size] or [frame.min_size]


def _split(bullets: list[Bullet], frame: Frame, notes: Notes) -> list[Text]:
    """Bullets over as few bodies as they need, whole, headings kept with what follows them, evened out so
    the last is not a lone line; all at one size, the largest that needs no more slides than a smaller
    one would. Only a bullet that alone is too long for a whole body at the smallest size is cut."""
    required = [b for b in bullets if not b.optional]
    for index, bullet in enumerate(required):
        # what will stand above it on its slide: the heading or lead it follows, or a heading it continues
        above = required[index - 1 : index] if index and required[index - 1].style in ("heading", "lead") else []
        if not above and any(b.style == "heading" for b in required[:index]):
            above = [Bullet("(continued)", 0, "heading")]
        if not fits([*above, bullet], frame, frame.min_size):
            required[index] = _cut_to_fit(bullet, above, frame, notes)
    size, chunks = frame.min_size, _chunks(required, frame, frame.min_size)
    for larger in range(frame.size, frame.min_size, -2):  # the largest size that needs no more bodies
        tried = _chunks(required, frame, larger)
        if len(tried) <= len(chunks) and all(fits(chunk, frame, larger) for chunk in tried):
            size, chunks = larger, tried
            break
    for share in (0.6, 0.7, 0.8, 0.9):  # the least room per body that still needs no more bodies
        room = replace(frame, h=frame.h - (1 - share) * frame.text_height)
        even = _chunks(required, room, size)
        if len(even) == len(chunks) and all(fits(chunk, frame, size) for chunk in even):
            chunks = even
            break
    return [Text(chunk, size) for chunk in chunks]


def _chunks(bullets: list[Bullet], frame: Frame, size: int) -> list[list[Bullet]]:
    """Bullets filled into bodies one after another at ``size``; a continued heading is repeated."""
    chunks: list[list[Bullet]] = [[]]
    heading: str | None = None
    for index, bullet in enumerate(bullets):
        follower = bullets[index + 1 : index + 2] if bullet.style in ("heading", "lead") else []
        if chunks[-1] and not fits(chunks[-1] + [bullet] + follower, frame, size):
            tail = _carried(chunks[-1], bullet, frame, size)
            opening = (tail or [bullet])[0]
            if heading is not None and opening.style != "heading":  # the audience or question it continues
                tail.insert(0, Bullet(f"{heading} (continued)", 0, "heading"))
            chunks.append(tail)
        if bullet.style == "heading":
            heading = bullet.text
        chunks[-1].append(bullet)
    return chunks


def cut_candidates(text: str) -> list[str]:
    """Shorter forms of ``text`` that end where a reader can stop: at a sentence, else at a clause
    (``;``, ``:``, a dash), longest first. Each clause cut ends with an ellipsis."""
    found = sentences(text)
    out = [" ".join(found[:count]) for count in range(len(found) - 1, 0, -1)]
    breaks = sorted({m.start() for m in _CLAUSE_BREAK.finditer(text)}, reverse=True)
    out.extend(text[:at].rstrip(" ,;:–—") + ELLIPSIS for at in breaks if at > 0)
    return [c for c in dict.fromkeys(out) if c and len(c) < len(text)]


def _cut_to_fit(bullet: Bullet, above: list[Bullet], frame: Frame, notes: Notes) -> Bullet:
    """A bullet too long for a whole body at the smallest size: cut at a sentence or clause (a short form
    the plan gives that is not itself a cut comes first); at a word only when no such cut fits. The full
    text goes to the notes."""
    notes.keep(bullet.text)
    own = [bullet.short] if bullet.short and not bullet.short.endswith(ELLIPSIS) else []
    for text in [*own, *cut_candidates(bullet.text)]:
        candidate = replace(bullet, text=text, short="")
        if fits([*above, candidate], frame, frame.min_size):
            return candidate
    text = bullet.text
    while not fits([*above, replace(bullet, text=text)], frame, frame.min_size) and len(text) > 8:
        text = shorten(text, int(len(text.rstrip(ELLIPSIS)) * 0.85))
    return replace(bullet, text=text, short="")


def _carried(chunk: list[Bullet], bullet: Bullet, frame: Frame, size: int) -> list[Bullet]:
    """What moves to the next slide with ``bullet``: a heading or lead never ends a slide, a detail keeps its
    bullet; a slide that would hold nothing but headings keeps them."""
    start = len(chunk)
    if bullet.level == 1:
        while start > 0 and chunk[start - 1].level == 1:
            start -= 1
        start -= 1  # the level-0 bullet the details belong to
    while start > 0 and chunk[start - 1].style in ("heading", "lead"):
        start -= 1
    if start <= 0 or not fits([*chunk[start:], bullet], frame, size):
        start = len(chunk)
        while start > 0 and chunk[start - 1].style in ("heading", "lead"):
            start -= 1
        if start == 0:
            start = len(chunk)
    tail = chunk[start:]
    del chunk[start:]
    return tail
