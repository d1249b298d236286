"""Which images a site uses, checked, and how they are published.

Every image an article names (``image``, body images) and every page scan
or PDF is found here once; problems are reported at the line that names
them. Published images keep their path under images/."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from .config import SiteConfig
from .errors import Diagnostic, error, warning
from .model import Site
from .paths import safe_image_path
from .urls import Linker, image_path

SIZES = "(min-width: 48rem) 42rem, 100vw"


@dataclass
class ImageCatalog:
    root: Path
    config: SiteConfig
    found: dict[str, Path] = field(default_factory=dict)    # ref -> source file
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)

    def check(self, site: Site, infos: dict) -> list[Diagnostic]:
        problems = []
        for content in site.editions:
            for page in content.edition.pages:
                for ref in (page.scan, page.pdf):
                    if ref:
                        problems += self._add(ref, content.edition.source, 0, is_image=ref == page.scan)
            for article in content.articles:
                if article.image:
                    problems += self._add(article.image, article.source, article.line_of("image"))
                    if article.kind == "article" and not article.caption:
                        problems.append(warning(article.source, article.line_of("image"), 1,
                                                "the image has no caption, which is its alt text"))
                info = infos.get(article.source)
                for ref, alt, line in (info.images if info else ()):
                    problems += self._add(ref, article.source, article.body_line + line)
                    if not alt.strip():
                        problems.append(warning(article.source, article.body_line + line, 1,
                                                f"image {ref} has no alt text", "write ![what it shows](path)"))
        return problems

    def _add(self, ref: str, source: str, line: int, is_image: bool = True) -> list[Diagnostic]:
        if ref in self.found:
            return []
        path, reason = safe_image_path(self.root, ref)
        if path is None:
            return [error(source, line, 1, reason)]
        if is_image and not ref.lower().endswith(".pdf"):
            try:
                with Image.open(path) as im:
                    self.sizes[ref] = im.size
            except Exception as exc:   # Pillow raises many types for bad files
                return [error(source, line, 1, f"not an image or corrupt: images/{ref} ({exc})")]
        self.found[ref] = path
        return []

    def catalog(self) -> dict[str, dict]:
        linker = Linker(self.config.base_url, self.config.base_path)
        result = {}
        for ref in sorted(self.found):
            info = {"src": linker.url(image_path(ref)), "sizes": SIZES, "srcset": "", "sources": []}
            if ref in self.sizes:
                info["width"], info["height"] = self.sizes[ref]
            else:
                info["bytes"] = self.found[ref].stat().st_size
            result[ref] = info
        return result

    def outputs(self) -> set[str]:
        return {image_path(ref) for ref in self.found}

    def publish(self, out: Path) -> list[str]:
        written = []
        for ref, source in sorted(self.found.items()):
            target = out / image_path(ref)
            try:
                if target.stat().st_size == source.stat().st_size and target.read_bytes() == source.read_bytes():
                    continue
            except OSError:
                pass
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
            written.append(image_path(ref))
        return written
