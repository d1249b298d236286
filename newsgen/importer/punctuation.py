"""Half-width punctuation next to Chinese made full-width, as the paper
prints it: exports and WPS pastes mix the two."""

from __future__ import annotations

import re
from dataclasses import replace

from newsgen.importer.model import CJK, HALF_TO_FULL, ImportedArticle


def punctuate(text: str) -> str:
    """Half-width , : ; ? ! and () next to Chinese become full-width
    (8元,就能 -> 8元，就能); 1,000 and 8:30 stay as they are."""
    out: list[str] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in HALF_TO_FULL and (CJK.match(before) or CJK.match(after)):
            out.append(HALF_TO_FULL[char])
        elif char == " " and before in HALF_TO_FULL and out and out[-1] in HALF_TO_FULL.values():
            continue  # a full-width mark carries its own space
        else:
            out.append(char)
    return re.sub(r"\(([^()]*)\)", _full_brackets, "".join(out))


def _full_brackets(match: re.Match) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    if CJK.search(match.group(1)) or CJK.match(before):
        return f"（{match.group(1)}）"
    return match.group()


def punctuate_article(article: ImportedArticle) -> ImportedArticle:
    return replace(
        article,
        title=punctuate(article.title),
        kicker=punctuate(article.kicker),
        subtitle=punctuate(article.subtitle),
        caption=punctuate(article.caption),
        body=tuple(punctuate(part) for part in article.body),
    )
