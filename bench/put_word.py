#!/usr/bin/env python3
"""An editor's mend: one word put into the middle of an article's first
paragraph (every character after it moves along by one).

    python bench/put_word.py ARTICLE.md [WORD]
"""

from __future__ import annotations

import sys
from pathlib import Path


def put_word(text: str, word: str) -> str:
    """``text`` (front matter, then the body) with ``word`` in the middle
    of the body's first paragraph of more than 20 characters."""
    head, sep, body = text.partition("\n---\n")
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if len(line) > 20:
            lines[i] = line[: len(line) // 2] + word + line[len(line) // 2 :]
            break
    return head + sep + "\n".join(lines)


def main() -> None:
    path = Path(sys.argv[1])
    word = sys.argv[2] if len(sys.argv) > 2 else "新"
    path.write_text(put_word(path.read_text(encoding="utf-8"), word), encoding="utf-8")


if __name__ == "__main__":
    main()
