"""The articles of a fixture page, each drawn in its rectangle with its
truth: article, picture news, the core-values banner, a notice, briefs."""

from __future__ import annotations

import random

from pdf_writer import (
    BODY,
    BRIEF_LABELS,
    GIVEN,
    HEIGHT,
    LEADING,
    NOTICES,
    OBJECTS,
    PLACES,
    SUBHEADS,
    SUBJECTS,
    SURNAMES,
    TAILS,
    TITLE_HEADS,
    TITLE_TAILS,
    VERBS,
    Truth,
    Writer,
)
from reportlab.pdfbase import pdfmetrics

# ---------------------------------------------------------------- words


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def sentence(rng: random.Random) -> str:
    lead = rng.choice(["近年来，", "今年以来，", "连日来，", "", "", "据了解，"])
    return f"{lead}{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(TAILS)}。"


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 5)) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def title(rng: random.Random, limit: int) -> str:
    text = rng.choice(TITLE_HEADS) + rng.choice(TITLE_TAILS)
    if rng.random() < 0.4:
        text = f"“{text[:3]}”{text[3:]}"
    return text[:limit]


# ---------------------------------------------------------------- articles


def fill(w: Writer, texts: list[str], columns, top: float, bottom: float, make) -> list[str]:
    """Paragraphs added while they fit, then ``texts`` after them."""
    body: list[str] = []
    misses = 0
    while misses < 4 and len(body) < 40:
        candidate = [*body, make(body)]
        if w.fits(candidate + texts, columns, top, bottom):
            body = candidate
        else:
            misses += 1
    return body + texts if w.fits(body + texts, columns, top, bottom) else body


def headline(w: Writer, rng: random.Random, x0: float, x1: float, top: float, truth: Truth) -> float:
    width = x1 - x0
    size = min(34.0, max(18.0, width / 12))
    limit = max(4, int(width / size) - 1)
    truth.title = title(rng, limit)
    if rng.random() < 0.35:
        truth.kicker = rng.choice(PLACES)
        top = w.text(x0, top, truth.kicker, w.kicker_size, "center", width) + 2
    top = w.text(x0, top, truth.title, size, "center", width) + 2
    if rng.random() < 0.3:
        truth.subtitle = f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}"[: int(width / 14) - 3]
        top = w.text(x0, top, "——" + truth.subtitle, w.kicker_size, "center", width) + 2
    return top + 6


def article(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    x0, top, x1, bottom = rect
    truth = Truth("article", "")
    y = headline(w, rng, x0, x1, top, truth)
    reporter, helper = name(rng), name(rng)
    closing: list[str] = []
    form = rng.choice(("dateline", "byline", "closing", "staff"))
    if form == "byline":
        truth.byline = [(reporter, "记者")]
        y = w.text(x0, y, f"本报记者 {reporter}", BODY, "center", x1 - x0) + 6
    elif form == "staff":
        truth.byline = [(reporter, "记者"), (helper, "通讯员")]
        if pdfmetrics.stringWidth(f"本报记者 {reporter}  通讯员 {helper}", w.font, BODY) < x1 - x0:
            y = w.text(x0, y, f"本报记者 {reporter}  通讯员 {helper}", BODY, "center", x1 - x0) + 6
        else:  # too wide for the column: one credit a line
            y = w.text(x0, y, f"本报记者 {reporter}", BODY, "center", x1 - x0) + 2
            y = w.text(x0, y, f"通讯员 {helper}", BODY, "center", x1 - x0) + 6
    elif form == "closing":
        truth.byline = [(reporter, "")]
        closing = [f"（{reporter}）"]
    elif rng.random() < 0.4:
        closing = [rng.choice(("（下转第二版）", "（下转第8版）"))]  # a jump line: not part of the text
    first = paragraph(rng, (1, 2))
    if form == "dateline":
        truth.dateline, truth.byline = "本报讯", [(reporter, "记者")]
    texts = [f"本报讯（记者 {reporter}）{first}" if form == "dateline" else first]
    subheads = rng.random() < 0.4 and len(columns) > 1

    def more(body: list[str]) -> str:
        if subheads and rng.random() < 0.3 and body and not body[-1].startswith("### "):
            return "### " + rng.choice(SUBHEADS)[: max(4, int((columns[0][1] - columns[0][0]) / 12) - 1)]
        return paragraph(rng, (1, 5))

    body = fill(w, closing, columns, y, bottom, more)
    ends = sum(c in body for c in closing)  # the closing credit, when it fitted
    while len(body) > ends and body[-1 - ends].startswith("### "):
        body.pop(-1 - ends)  # a sub-heading does not end an article
    texts += body
    while texts and not w.fits(texts, columns, y, bottom):
        texts.pop(-2 if len(texts) > 2 and closing else -1)  # the opening goes last: it holds the dateline
    if not texts:  # not even the opening fits: one sentence of it (a headline over nothing is no article)
        first = sentence(rng)
        texts = [f"本报讯（记者 {reporter}）{first}" if form == "dateline" else first]
        texts = texts if w.fits(texts, columns, y, bottom) else []
    while len(texts) > 1 and texts[-1 - sum(c in texts for c in closing)].startswith("### "):
        texts.pop(-1 - sum(c in texts for c in closing))  # a sub-heading has text under it
    lowest = w.flow(texts, columns, y, bottom)
    truth.paragraphs = [first, *[t for t in texts[1:] if t not in closing]] if texts else []
    if form == "closing" and closing[0] not in texts or not texts:
        truth.byline = []
    if not texts:
        truth.dateline = ""
    truth.rect = (x0, top, x1, lowest)
    return [truth]


def picture(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    """A photo (an image, or a shape standing for it) with its caption and
    credit under it; 图片新闻 above it or not."""
    x0, top, x1, bottom = rect
    y = top
    if rng.random() < 0.5:
        y = w.text(x0, y, "图片新闻", 16, "center", x1 - x0) + 6
    photo_bottom = y + (bottom - y) * rng.uniform(0.5, 0.7)
    longest = 32 * BODY  # 图为近日，当地干部群众在县医保局开展活动。（某某某 摄）, at most
    room = LEADING * (longest // (x1 - x0) + 1) + 6 + LEADING  # its lines, the gap above, one to spare
    photo_bottom = min(photo_bottom, bottom - room)  # a narrow, low row still has room for the caption
    style = rng.choice(("image", "image", "filled", "frame"))
    if style == "image":
        w.photo(x0, y, x1, photo_bottom)
    else:
        w.canvas.setFillGray(0.8)
        w.canvas.setLineWidth(1)
        w.canvas.rect(x0, HEIGHT - photo_bottom, x1 - x0, photo_bottom - y, stroke=1, fill=int(style == "filled"))
        w.canvas.setFillGray(0)
    photographer = name(rng)
    lead = paragraph(rng, (1, 2))
    what = f"近日，{rng.choice(SUBJECTS)}在{rng.choice(PLACES)}开展活动。"
    if not w.fits([f"{lead}图为{what}（{photographer} 摄）"], [(x0, x1)], photo_bottom + 6, bottom):
        lead = ""
    text = f"{lead}图为{what}（{photographer} 摄）"
    lowest = w.flow([text], [(x0, x1)], photo_bottom + 6, bottom)
    truth = Truth("picture", "图片新闻", byline=[(photographer, "摄")], paragraphs=[f"{lead}图为{what}"])
    truth.caption, truth.rect = what, (x0, top, x1, lowest)
    return [truth]


def banner(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    x0, top, x1, bottom = rect
    width = x1 - x0
    y = w.text(x0, top + 8, "社会主义核心价值观", 14, "center", width) + 6
    rows = ("富强 民主 文明 和谐", "自由 平等 公正 法治", "爱国 敬业 诚信 友善")
    for row in rows:
        y = w.text(x0, y, row, 12, "center", width) + 4
    w.canvas.setLineWidth(1)
    w.canvas.rect(x0, HEIGHT - y - 6, width, y + 6 - top)
    truth = Truth("banner", "社会主义核心价值观", paragraphs=["  \n".join(rows)], rect=(x0, top, x1, y + 6))
    return [truth]


def notice(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    x0, top, x1, bottom = rect
    truth = Truth("notice", rng.choice(NOTICES))
    y = w.text(x0, top, truth.title, 18, "center", x1 - x0) + 6
    texts = [paragraph(rng, (1, 3)) for _ in range(rng.randint(1, 2))]
    while len(texts) > 1 and not w.fits(texts, columns, y, bottom):
        texts.pop()
    while not w.fits(texts, columns, y, bottom):
        texts = [sentence(rng)]
    lowest = w.flow(texts, columns, y, bottom)
    truth.paragraphs, truth.rect = texts, (x0, top, x1, lowest)
    if rng.random() < 0.5:  # boxed, as notices often are
        w.canvas.setLineWidth(0.8)
        w.canvas.rect(x0 - 4, HEIGHT - lowest - 4, x1 - x0 + 8, lowest - top + 8)
        truth.rect = (x0 - 4, top - 4, x1 + 4, lowest + 4)
    return [truth]


def briefs(w: Writer, rng: random.Random, rect, columns) -> list[Truth]:
    """A label, then briefs down one column, each with its title and credit."""
    x0, top, x1, bottom = rect
    label = rng.choice(BRIEF_LABELS)
    y = w.text(x0, top, label, 16, "center", x1 - x0) + 6
    found: list[Truth] = []
    while True:
        start = y
        heading, reporter, text = title(rng, int((x1 - x0) / 12) - 1), name(rng), paragraph(rng, (1, 3))
        need = 12 * 1.15 + 4 + LEADING * (len(text) * BODY / (x1 - x0) + 3)
        if y + need > bottom or len(found) == 4:
            break
        if w.run_in:  # **title**　text, the title in the bold face
            y = (
                w.flow([f'<font name="{w.bold_font}">{heading}</font>　{text}（{reporter}）'], [(x0, x1)], y, bottom)
                + 10
            )
        else:
            y = w.text(x0, y, heading, 12, "left") + 4
            y = w.flow([f"{text}（{reporter}）"], [(x0, x1)], y, bottom) + 10
        found.append(Truth("article", heading, kicker=label, byline=[(reporter, "")], paragraphs=[text]))
        found[-1].rect = (x0, start, x1, y - 10)
    return found
