"""The HTML of one processed image: its URLs and its <picture> element."""

from __future__ import annotations

import html
from urllib.parse import quote

from newsgen.images.process import ProcessedImage


def url(prefix: str, name: str) -> str:
    """Percent-encode what would break a srcset (spaces, commas) or a URL."""
    return quote(prefix + name, safe="/:@!$&'()*+;=~%-._?#")


def picture_html(
    processed: ProcessedImage,
    url_prefix: str,
    alt: str,
    *,
    eager: bool = False,
    sizes: str = "(min-width: 48rem) 42rem, 100vw",
) -> str:
    """``<picture>`` with a WebP source and the JPEG/PNG ``<img>``; width and
    height of the largest copy reserve the space (no layout shift).  The
    first image of a page: ``eager=True`` (fetchpriority high, no lazy)."""
    prefix = url_prefix if url_prefix.endswith("/") else url_prefix + "/"

    def srcset(fmt: str) -> str:
        return ", ".join(
            f"{url(prefix, v.name)} {v.width}w"
            for v in sorted(processed.variants, key=lambda v: v.width)
            if v.format == fmt
        )

    def attrs(pairs: list[tuple[str, object]]) -> str:
        return "".join(f' {k}="{html.escape(str(v), quote=True)}"' for k, v in pairs)

    img = processed.largest(processed.fallback)
    source = ""
    if any(v.format == "webp" for v in processed.variants):
        source = f"<source{attrs([('type', 'image/webp'), ('srcset', srcset('webp')), ('sizes', sizes)])}>"
    loading = (
        [("loading", "eager"), ("fetchpriority", "high")] if eager else [("loading", "lazy"), ("decoding", "async")]
    )
    tag = attrs(
        [
            ("src", url(prefix, img.name)),
            ("srcset", srcset(processed.fallback)),
            ("sizes", sizes),
            ("width", img.width),
            ("height", img.height),
            ("alt", alt),
        ]
        + loading
    )
    return f"<picture>{source}<img{tag}></picture>"
