"""The images a site uses: found, checked, processed and published.

Every image an article names (``image``, body images) and every page scan
is processed once by the image pipeline (``images.py``: upright, sRGB, no
metadata, resized, WebP + JPEG/PNG, cached); page PDFs are published as
they are. Problems are reported at each line that names the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newsgen.config import SiteConfig
from newsgen.content.model import Site
from newsgen.errors import Diagnostic, error, warning
from newsgen.files import write_if_changed
from newsgen.i18n import msg
from newsgen.images.html import url as _url
from newsgen.images.paths import IMAGES_DIR, safe_image_path
from newsgen.images.process import ImageSettings, ProcessedImage, process_images, publish_variants
from newsgen.urls import Linker, image_path

SIZES = "(min-width: 48rem) 42rem, 100vw"


@dataclass
class SiteImages:
    root: Path
    config: SiteConfig
    cache_dir: Path
    jobs: int = 1
    progress: object = None  # (phase, done, total) callback, or None
    uses: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # ref -> (file, line) that name it
    documents: dict[str, Path] = field(default_factory=dict)  # PDFs: ref -> file
    processed: dict[str, ProcessedImage] = field(default_factory=dict)

    def check(self, site: Site, infos: dict) -> list[Diagnostic]:
        problems = self._collect(site, infos)
        report = (lambda done, total: self.progress("images", done, total)) if self.progress else None
        done, failures = process_images(
            self.root / IMAGES_DIR,
            list(self.uses),
            ImageSettings(self.config.image_widths),
            self.cache_dir,
            self.jobs,
            report,
        )
        self.processed = done
        for ref, message in failures:
            problems += [error(source, line, 1, message) for source, line in self.uses[ref]]
        return problems

    def _collect(self, site: Site, infos: dict) -> list[Diagnostic]:
        problems = []
        for content in site.editions:
            for page in content.edition.pages:
                if page.scan:
                    self._use(page.scan, content.edition.source, 0)
                if page.pdf:
                    problems += self._document(page.pdf, content.edition.source)
            for article in content.articles:
                if article.image:
                    self._use(article.image, article.source, article.line_of("image"))
                    if article.kind == "article" and not article.caption:
                        problems.append(
                            warning(
                                article.source,
                                article.line_of("image"),
                                1,
                                msg("the image has no caption, which is its alt text"),
                            )
                        )
                info = infos.get(article.source)
                for ref, alt, line in info.images if info else ():
                    self._use(ref, article.source, article.body_line + line)
                    if not alt.strip():
                        problems.append(
                            warning(
                                article.source,
                                article.body_line + line,
                                1,
                                msg("image {ref} has no alt text", ref=ref),
                                msg("write ![what it shows](path)"),
                            )
                        )
        return problems

    def _use(self, ref: str, source: str, line: int) -> None:
        self.uses.setdefault(ref, []).append((source, line))

    def _document(self, ref: str, source: str) -> list[Diagnostic]:
        path, reason = safe_image_path(self.root, ref)
        if path is None:
            return [error(source, 0, 1, reason)]
        self.documents[ref] = path
        return []

    def catalog(self) -> dict[str, dict]:
        """ref -> what templates need to show it (plain data, in payloads)."""
        linker = Linker(self.config.base_url, self.config.base_path)
        result = {}
        for ref, image in sorted(self.processed.items()):
            prefix = linker.url(_folder(ref))
            fallback = image.largest(image.fallback)
            result[ref] = {
                "src": _url(prefix, fallback.name),
                "width": fallback.width,
                "height": fallback.height,
                "sizes": SIZES,
                "srcset": _srcset(image, image.fallback, prefix),
                "sources": [{"type": "image/webp", "srcset": _srcset(image, "webp", prefix)}]
                if any(v.format == "webp" for v in image.variants)
                else [],
            }
        for ref, path in sorted(self.documents.items()):
            result[ref] = {"src": linker.url(image_path(ref)), "bytes": path.stat().st_size}
        return result

    def outputs(self) -> set[str]:
        names = {f"{_folder(ref)}{v.name}" for ref, image in self.processed.items() for v in image.variants}
        return names | {image_path(ref) for ref in self.documents}

    def publish(self, out: Path) -> list[str]:
        """Put every image's files in place; the ones that were not there."""
        before = {rel for rel in self.outputs() if (out / rel).exists()}
        for ref, image in sorted(self.processed.items()):
            publish_variants(image, self.cache_dir, out / _folder(ref))
        for ref, source in sorted(self.documents.items()):
            write_if_changed(out / image_path(ref), source.read_bytes())
        return sorted(self.outputs() - before)


def _folder(ref: str) -> str:
    """images/2024-01-10/ for 2024-01-10/huyou.jpg: variants sit beside it."""
    parent = PurePosixPath(ref).parent.as_posix()
    return f"{IMAGES_DIR}/" if parent == "." else f"{IMAGES_DIR}/{parent}/"


def _srcset(image: ProcessedImage, fmt: str, prefix: str) -> str:
    return ", ".join(
        f"{_url(prefix, v.name)} {v.width}w" for v in sorted(image.variants, key=lambda v: v.width) if v.format == fmt
    )
