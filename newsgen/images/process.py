"""Images: from an editor's reference to published, cacheable files and HTML.

    process_images   every referenced image -> ProcessedImage (cache, process pool)
    publish_variants copy (hardlink) one image's files from the cache to the output

(paths.py finds an editor's reference under images/; html.py writes the
<picture> element of one image.)

The Pillow work itself (decode, orient, sRGB, resize, encode) is in
``image_pipeline``.  Processed files live in ``cache_dir/images/<key>/``,
where the key hashes the source bytes, the settings, the pipeline version and
the Pillow/codec versions; an unchanged image is never decoded again, even
after the output folder is deleted.  Each key folder holds ``meta.json``
(sizes, formats, file names; or the verdict on a bad image) and the files,
named ``<width>-<hash10>.<ext>``; published names add the source's stem:
``huyou-960-3f2a9c1b7d.webp``, hash10 being the start of the sha256 of the
file's bytes, so a URL never changes meaning and can be cached forever.

Bad input never raises: ``process_images`` returns ``(ref, message)`` pairs
and the caller attaches them to the article that names the image.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import PIL
from PIL import Image, features

from newsgen.files import link_atomic, write_atomic
from newsgen.images.paths import resolve_source
from newsgen.images.pipeline import EXTENSIONS, PIPELINE_VERSION, ImageProblem, Rendered, render

META = "meta.json"
_UNSAFE_STEM = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1600)
    jpeg_quality: int = 82
    webp_quality: int = 80


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "webp" | "jpeg" | "png"
    name: str  # output file name, e.g. "huyou-960-3f2a9c1b7d.webp"

    @property
    def cache_name(self) -> str:
        """The file's name in the cache folder: the name without the stem."""
        width, digest = self.name.rsplit("-", 2)[1:]
        return f"{width}-{digest}"


@dataclass(frozen=True)
class ProcessedImage:
    source: str  # path relative to images/, as written by the editor
    width: int  # upright size of the original
    height: int
    variants: tuple[Variant, ...]  # WebP first, then the fallback; each by width
    fallback: str  # "jpeg" or "png"
    key: str = ""  # cache folder: cache_dir/images/<key>/

    def largest(self, fmt: str) -> Variant:
        found = [v for v in self.variants if v.format == fmt]
        if not found:
            raise ValueError(f"{self.source} has no {fmt} variant")
        return max(found, key=lambda v: v.width)


# -- sources ------------------------------------------------------------------


def _message(kind: str, ref: str, detail: str) -> str:
    shown = f"images/{ref}"
    return {
        "not_image": f"not an image or corrupt: {shown} ({detail})",
        "truncated": f"image is truncated or corrupt: {shown} ({detail})",
        "too_large": f"image too large: {shown} ({detail})",
        "unsupported": f"unsupported image format {detail}: {shown} (use JPEG, PNG, WebP or GIF)",
        "unreadable": f"cannot read image file: {shown} ({detail})",
        "cache": f"cannot write the image cache for {shown} ({detail})",
    }.get(kind, f"could not process image: {shown} ({detail})")


def _stem(ref: str) -> str:
    """ASCII file-name stem: 'Hu You.JPG' -> 'Hu-You'; '胡柚.jpg' -> 'image'."""
    stem = _UNSAFE_STEM.sub("-", PurePosixPath(ref).stem).strip("-_")[:60]
    return stem or "image"


# -- the cache ----------------------------------------------------------------


def cache_params(settings: ImageSettings) -> dict:
    """Everything besides the source bytes that the output bytes depend on."""
    return {
        "pipeline": PIPELINE_VERSION,
        "pillow": PIL.__version__,
        "codecs": [features.version(f) for f in ("jpg", "webp", "zlib", "littlecms2")],
        "max_pixels": Image.MAX_IMAGE_PIXELS,
        "widths": sorted({int(w) for w in settings.widths if int(w) > 0}),
        "jpeg_quality": settings.jpeg_quality,
        "webp_quality": settings.webp_quality,
    }


def cache_key(params: dict, source_sha256: str) -> str:
    blob = json.dumps(params, sort_keys=True) + "\n" + source_sha256
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def _read_entry(entry_dir: Path) -> dict | None:
    """A complete cache entry, or None (missing, half-written, damaged)."""
    try:
        entry = json.loads((entry_dir / META).read_text(encoding="utf-8"))
        if "error" not in entry:
            for _w, _h, _fmt, name, size in entry["variants"]:
                if (entry_dir / name).stat().st_size != size:
                    return None
        return entry
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(entry_dir: Path, key: str, rendered: Rendered) -> dict:
    """Write the files, then meta.json last: an entry is complete or absent."""
    entry_dir.mkdir(parents=True, exist_ok=True)
    variants = []
    for out in rendered.outputs:
        name = f"{out.width}-{hashlib.sha256(out.data).hexdigest()[:10]}.{EXTENSIONS[out.format]}"
        write_atomic(entry_dir / name, out.data)
        variants.append([out.width, out.height, out.format, name, len(out.data)])
    entry = {
        "key": key,
        "width": rendered.width,
        "height": rendered.height,
        "fallback": rendered.fallback,
        "variants": variants,
    }
    write_atomic(entry_dir / META, json.dumps(entry, indent=1).encode())
    return entry


def _work(task: tuple[str, str, dict, str]) -> tuple[str, dict]:
    """One image, in a worker: read, render, store. Returns only metadata."""
    lookup_key, path, params, root = task
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return lookup_key, {"error": ["unreadable", e.strerror or str(e)]}
    key = cache_key(params, hashlib.sha256(data).hexdigest())  # the bytes actually read
    entry_dir = Path(root) / key
    try:
        try:
            rendered = render(data, tuple(params["widths"]), params["jpeg_quality"], params["webp_quality"])
        except ImageProblem as p:  # a verdict on these bytes: cache it too
            entry = {"key": key, "error": [p.kind, p.detail]}
            entry_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(entry_dir / META, json.dumps(entry).encode())
            return lookup_key, entry
        del data
        return lookup_key, _store(entry_dir, key, rendered)
    except OSError as e:
        return lookup_key, {"error": ["cache", f"{entry_dir}: {e.strerror or e}"]}
    except Exception as e:  # MemoryError, a codec bug: report, never cache
        return lookup_key, {"error": ["failed", f"{type(e).__name__}: {e}"]}


def _run(tasks: list[tuple], jobs: int) -> Iterator[tuple[str, dict]]:
    """Results as they finish; a pool of spawned processes when it pays."""
    jobs = jobs if jobs >= 1 else (os.cpu_count() or 1)
    n = min(jobs, len(tasks))
    if n <= 1:
        yield from map(_work, tasks)
        return
    # spawn, not fork: the caller may have threads (the dev server's watcher).
    with multiprocessing.get_context("spawn").Pool(n) as pool:
        yield from pool.imap_unordered(_work, tasks, chunksize=1)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):  # streamed: memory stays flat
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Lookup:
    """What the parent learnt before any decoding: per ref, a failure or a
    cache key; per key, a cached entry or a task for a worker."""

    failed: dict[str, str] = field(default_factory=dict)  # ref -> message
    key_of: dict[str, str] = field(default_factory=dict)  # ref -> cache key
    refs_of: dict[str, list[str]] = field(default_factory=dict)  # cache key -> refs
    entries: dict[str, dict] = field(default_factory=dict)  # cache key -> entry
    tasks: list[tuple[str, str, dict, str]] = field(default_factory=list)


def _look_up(images_dir: Path, order: list[str], params: dict, root: Path) -> _Lookup:
    """Resolve and hash every ref (streaming, no decoding); read the cache."""
    found = _Lookup()
    for ref in order:
        path, reason = resolve_source(images_dir, ref)
        if path is None:
            found.failed[ref] = reason
            continue
        try:
            key = cache_key(params, _file_sha256(path))
        except OSError as e:
            found.failed[ref] = _message("unreadable", ref, e.strerror or str(e))
            continue
        found.key_of[ref] = key
        if key not in found.refs_of:
            entry = _read_entry(root / key)
            if entry is None:
                found.tasks.append((key, str(path), params, str(root)))
            else:
                found.entries[key] = entry
        found.refs_of.setdefault(key, []).append(ref)
    return found


def process_images(
    images_dir: Path,
    refs: Iterable[str],
    settings: ImageSettings,
    cache_dir: Path,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, ProcessedImage], list[tuple[str, str]]]:
    """Process every distinct ref once; ({ref: ProcessedImage}, [(ref, message)]),
    both in the order the refs came.  ``jobs`` < 1 means one per CPU.
    Identical files under two names are decoded once.  ``progress(done,
    total)`` counts distinct refs: once after the cache lookup, then per image."""
    order = list(dict.fromkeys(refs))
    found = _look_up(images_dir, order, cache_params(settings), Path(cache_dir) / "images")
    done = len(order) - sum(len(found.refs_of[task[0]]) for task in found.tasks)
    if progress:
        progress(done, len(order))
    for key, entry in _run(found.tasks, jobs):  # streamed: one small dict per image
        found.entries[key] = entry
        done += len(found.refs_of[key])
        if progress:
            progress(done, len(order))
    return _assemble(order, found)


def _assemble(order: list[str], found: _Lookup) -> tuple[dict[str, ProcessedImage], list[tuple[str, str]]]:
    processed: dict[str, ProcessedImage] = {}
    errors: list[tuple[str, str]] = []
    for ref in order:
        if ref in found.failed:
            errors.append((ref, found.failed[ref]))
            continue
        entry = found.entries[found.key_of[ref]]
        if "error" in entry:
            kind, detail = entry["error"]
            errors.append((ref, _message(kind, ref, detail)))
            continue
        stem = _stem(ref)
        variants = [Variant(w, h, fmt, f"{stem}-{name}") for w, h, fmt, name, _size in entry["variants"]]
        rank = {"webp": 0, entry["fallback"]: 1}
        variants.sort(key=lambda v: (rank[v.format], v.width))
        processed[ref] = ProcessedImage(
            ref, entry["width"], entry["height"], tuple(variants), entry["fallback"], entry["key"]
        )
    return processed, errors


# -- publishing ---------------------------------------------------------------


def publish_variants(processed: ProcessedImage, cache_dir: Path, out_dir: Path) -> list[Path]:
    """Put the image's files in ``out_dir`` (the folder itself, e.g.
    site/images/2024-01-10/): a hardlink to the cache file, or a copy when
    the link fails (another file system).  A file already there with the
    cache file's size and mtime (or the same inode) is kept.  Writes are
    atomic.  Raises OSError if the cache entry vanished since processing."""
    if not processed.key:
        raise ValueError(f"{processed.source}: not processed through the cache")
    entry_dir = Path(cache_dir) / "images" / processed.key
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for v in processed.variants:
        src, dst = entry_dir / v.cache_name, out_dir / v.name
        have = src.stat()
        try:
            there = dst.stat()
            if os.path.samestat(have, there) or (
                there.st_size == have.st_size and there.st_mtime_ns == have.st_mtime_ns
            ):
                paths.append(dst)
                continue
        except FileNotFoundError:
            pass
        link_atomic(src, dst)
        paths.append(dst)
    return paths


# -- HTML ---------------------------------------------------------------------
