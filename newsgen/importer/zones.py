"""Hot zones: each article's ``area`` on the page image, ``[x, y, width,
height]`` in percent of the page, covering what was printed for it
(headline, byline, body, photo, caption) and nothing of its neighbours."""

from __future__ import annotations

from dataclasses import replace

from newsgen.importer.model import Box, ImportedArticle

PAD = 0.0  # points added around the printed matter (none: neighbours are close)


def bounding(boxes: tuple[Box, ...]) -> Box | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def zone_boxes(articles: list[ImportedArticle]) -> list[Box | None]:
    """Each article's bounding box, padded, then cut back where it would
    reach into a neighbour's."""
    boxes = [bounding(a.boxes) for a in articles]
    padded = [(b[0] - PAD, b[1] - PAD, b[2] + PAD, b[3] + PAD) if b else None for b in boxes]
    for i, box in enumerate(padded):
        if box is None:
            continue
        for j, other in enumerate(boxes):
            if i != j and other is not None and _overlap(box, other):
                box = _cut(box, other)
        padded[i] = box
    return padded


def _overlap(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _cut(box: Box, other: Box) -> Box:
    """The smallest trim of ``box`` that clears ``other``."""
    options = [
        (box[0], box[1], box[2], other[1]),
        (box[0], other[3], box[2], box[3]),
        (box[0], box[1], other[0], box[3]),
        (other[2], box[1], box[2], box[3]),
    ]
    valid = [o for o in options if o[2] > o[0] and o[3] > o[1]]
    return max(valid, key=lambda o: (o[2] - o[0]) * (o[3] - o[1])) if valid else box


def with_areas(articles: list[ImportedArticle], width: float, height: float) -> list[ImportedArticle]:
    result = []
    for article, box in zip(articles, zone_boxes(articles), strict=True):
        if box is None:
            result.append(article)
            continue
        x0, y0 = max(0.0, box[0]), max(0.0, box[1])
        x1, y1 = min(width, box[2]), min(height, box[3])
        area = (
            round(100 * x0 / width, 2),
            round(100 * y0 / height, 2),
            round(100 * (x1 - x0) / width, 2),
            round(100 * (y1 - y0) / height, 2),
        )
        result.append(replace(article, area=area))
    return result
