"""The fixed Pillow pipeline: source bytes -> encoded, metadata-free copies.

One source image becomes, for every configured width (never wider than the
photo), a WebP and a fallback (JPEG for photos; PNG for images with
transparency or at most 256 colours).  The steps, always in this order:

1. identify (JPEG, PNG, WebP or GIF only; GIF, MPO and animated WebP/PNG:
   the first frame) and refuse decompression bombs before decoding;
2. ask the JPEG decoder for a DCT-scaled decode (``draft``) no smaller than
   the largest copy: a 4032x3024 phone photo is decoded at 2016x1512 when
   the largest copy is 1600 wide (about 4x less work, PSNR over 50 dB);
3. a full decode (``load``), so truncated or corrupt files fail here;
4. resize with LANCZOS, largest copy first, each smaller one from the
   previous (a cascade: ratios of at most about 2, PSNR about 54 dB against
   resizing each from the original, see shared/bench/README.md "Images");
5. convert the largest copy to sRGB with ImageCms when an ICC profile is
   embedded (the smaller ones are made from it);
6. turn each copy upright from the EXIF orientation (all eight values) —
   after resizing, so the big image is never rotated;
7. encode with fixed options and an empty ``info``, so no EXIF, GPS, XMP,
   comment, ICC profile, DPI or text chunk is written, and the same input
   gives the same bytes.

Problems with the input are raised as ``ImageProblem(kind, detail)``; the
caller turns them into messages naming the file.  Nothing here touches the
file system.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, UnidentifiedImageError

# Bump when a change here changes output bytes: it is part of every cache key.
PIPELINE_VERSION = "1"

# MPO is what Pillow calls a JPEG with extra pictures (phones add depth maps
# or previews): it is a JPEG, and its first picture is the photo.
ALLOWED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF")
_JPEG = ("JPEG", "MPO")
# ISO-BMFF brands of formats Pillow cannot read, named so the editor knows.
_HEIF_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}
LANCZOS = Image.Resampling.LANCZOS
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}

# EXIF orientation -> the transpose that makes the stored pixels upright
# (the same table as ImageOps.exif_transpose).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_SIDES = (5, 6, 7, 8)


class ImageProblem(Exception):
    """Bad input. ``kind`` is one of: not_image, truncated, too_large,
    unsupported; ``detail`` completes the message."""

    def __init__(self, kind: str, detail: str):
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Encoded:
    """One output file, in memory: upright size, format, bytes."""

    width: int
    height: int
    format: str  # "webp" | "jpeg" | "png"
    data: bytes


@dataclass(frozen=True)
class Rendered:
    """What a source image became: its upright size and its outputs."""

    width: int
    height: int
    fallback: str  # "jpeg" | "png"
    outputs: tuple[Encoded, ...]


def target_sizes(size: tuple[int, int], widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """Upright sizes of the copies, largest first: each configured width,
    capped at the image's own width (never upscaled), duplicates dropped.

    >>> target_sizes((700, 350), (480, 960, 1600))
    [(700, 350), (480, 240)]
    """
    w0, h0 = size
    out: list[tuple[int, int]] = []
    for w in sorted({min(int(w), w0) for w in widths if int(w) > 0}, reverse=True):
        out.append((w, max(1, round(h0 * w / w0))))
    return out or [(w0, h0)]


def render(data: bytes, widths: tuple[int, ...], jpeg_quality: int, webp_quality: int) -> Rendered:
    """Decode ``data`` once and encode every copy. Raises ImageProblem."""
    im = _open(data)
    orientation = _orientation(im)
    swap = orientation in _SWAPS_SIDES
    upright = (im.height, im.width) if swap else im.size
    targets = target_sizes(upright, widths)
    icc = im.info.get("icc_profile") or None
    is_jpeg = im.format in _JPEG
    graphic_source = not is_jpeg and im.mode in ("1", "P", "PA")
    if is_jpeg:
        im.draft(im.mode, _stored(targets[0], swap))  # DCT scaling, only if >= 2x
    _load(im)
    src = _normalize_mode(im)
    has_alpha = src.mode == "RGBA"
    graphic = not is_jpeg and (graphic_source or src.getcolors(256) is not None)
    fallback = "png" if has_alpha or graphic else "jpeg"
    outputs: list[Encoded] = []
    prev = src
    for i, size in enumerate(targets):
        stored = _stored(size, swap)
        cur = prev if prev.size == stored else prev.resize(stored, LANCZOS)
        if i == 0:
            cur = _to_srgb(cur, icc, "RGBA" if has_alpha else "RGB")
        prev = cur
        upright_copy = cur.transpose(_UPRIGHT[orientation]) if orientation in _UPRIGHT else cur
        for fmt in ("webp", fallback):
            outputs.append(
                Encoded(size[0], size[1], fmt, _encode(upright_copy, fmt, graphic, jpeg_quality, webp_quality))
            )
    return Rendered(upright[0], upright[1], fallback, tuple(outputs))


# -- decoding -----------------------------------------------------------------


def _open(data: bytes) -> Image.Image:
    """Identify the image and refuse what we will not decode."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise ImageProblem("too_large", _too_large(data, e)) from None
        except UnidentifiedImageError:
            if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
                raise ImageProblem("unsupported", _HEIF_BRANDS[data[8:12]]) from None
            raise ImageProblem("not_image", "cannot identify image file") from None
        except Exception as e:  # a plugin choking on a damaged header
            raise ImageProblem("not_image", _reason(e)) from None
    if im.format not in ALLOWED_FORMATS:
        raise ImageProblem("unsupported", im.format or "unknown")
    return im


def _load(im: Image.Image) -> None:
    """Force a full decode: a truncated or corrupt file fails here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise ImageProblem("too_large", str(e)) from None
        except Exception as e:
            raise ImageProblem("truncated", _reason(e)) from None


def _too_large(data: bytes, exc: Exception) -> str:
    """'20000x20000 pixels exceeds the limit of 178956970', reading the size
    from the header with the format's own parser (which does not check)."""
    limit = Image.MAX_IMAGE_PIXELS
    for fmt in ("JPEG", "PNG", "WEBP", "GIF"):
        factory, accept = Image.OPEN.get(fmt, (None, None))
        if factory is None or (accept and not accept(data[:16])):
            continue
        try:
            w, h = factory(io.BytesIO(data), "").size
        except Exception:
            continue
        return f"{w}x{h} pixels exceeds the limit of {limit}"
    return f"{exc} (limit {limit})"


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # a damaged EXIF block: show the pixels as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _stored(size: tuple[int, int], swap: bool) -> tuple[int, int]:
    return (size[1], size[0]) if swap else size


def _normalize_mode(im: Image.Image) -> Image.Image:
    """L, RGB, RGBA or CMYK (what LANCZOS and ImageCms both take); RGBA only
    when some pixel is actually transparent."""
    mode = im.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):  # 16-bit PNG greyscale
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "1":
        im = im.convert("L")
    elif mode in ("P", "PA", "LA", "La", "RGBa") or (mode in ("L", "RGB") and "transparency" in im.info):
        im = im.convert("RGBA")
    elif mode not in ("L", "RGB", "RGBA", "CMYK"):
        im = im.convert("RGB")
    if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] == 255:
        im = im.convert("RGB")
    return im


def _to_srgb(im: Image.Image, icc: bytes | None, mode: str) -> Image.Image:
    """Convert to sRGB through the embedded profile; without one (or with
    a profile LittleCMS rejects) the pixels are taken as sRGB already."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out = ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            if out is not None:
                return out
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return im if im.mode == mode else im.convert(mode)


# -- encoding -----------------------------------------------------------------


def _encode(im: Image.Image, fmt: str, graphic: bool, jpeg_quality: int, webp_quality: int) -> bytes:
    im.info = {}  # nothing from the source reaches the file (EXIF, ICC, comment...)
    buf = io.BytesIO()
    if fmt == "webp":
        im.save(buf, "WEBP", quality=webp_quality, method=4, lossless=graphic)
    elif fmt == "jpeg":
        im.save(buf, "JPEG", quality=jpeg_quality, progressive=True, optimize=True, subsampling="4:2:0")
    else:
        im.save(buf, "PNG", optimize=True)
    return buf.getvalue()
