"""The image pipeline as an editor and a reader see it: photos upright, no
GPS in what is published, the configured sizes, stable URLs, a cache that
spares the second build, and a clear message for every bad file.

Every test image is drawn here with Pillow; there are no binary fixtures.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import PIL.Image
import pytest
from PIL import Image, ImageCms, ImageDraw, ImageOps, PngImagePlugin, TiffImagePlugin

from newsgen.images.html import picture_html
from newsgen.images.paths import resolve_source
from newsgen.images.process import (
    ImageSettings,
    ProcessedImage,
    Variant,
    process_images,
    publish_variants,
)

T = Image.Transpose
# The transpose that stores an upright picture so that EXIF orientation N
# turns it back (the inverse of what a viewer applies).
STORE_FOR = {
    1: None,
    2: T.FLIP_LEFT_RIGHT,
    3: T.ROTATE_180,
    4: T.FLIP_TOP_BOTTOM,
    5: T.TRANSPOSE,
    6: T.ROTATE_90,
    7: T.TRANSVERSE,
    8: T.ROTATE_270,
}
RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)


# -- helpers ------------------------------------------------------------------


def photo(w: int, h: int, seed: int = 1) -> Image.Image:
    """Photo-like: gradients and grain, far more than 256 colours."""
    grain = Image.frombytes("L", (w, h), random.Random(seed).randbytes(w * h))
    ramp = Image.linear_gradient("L").resize((w, h))
    return Image.merge("RGB", (ramp, grain, ramp.transpose(T.ROTATE_180)))


def marked(w: int = 300, h: int = 200) -> Image.Image:
    """Upright test card: red block top-left, green block bottom-right, on blue."""
    im = Image.new("RGB", (w, h), BLUE)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w * 3 // 10, h * 3 // 10], fill=RED)
    d.rectangle([w * 7 // 10, h * 7 // 10, w, h], fill=GREEN)
    return im


def save(path: Path, im: Image.Image, fmt: str = "JPEG", **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, fmt, **kw)
    return path


def near(pixel, colour, tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], colour))


def run(tmp_path: Path, refs, settings=None, jobs=1, cache="cache"):
    settings = settings or ImageSettings()
    return process_images(tmp_path / "images", refs, settings, tmp_path / cache, jobs)


def publish(tmp_path: Path, processed: dict[str, ProcessedImage], cache="cache", out="site") -> dict[str, bytes]:
    files = {}
    for ref, p in processed.items():
        for path in publish_variants(p, tmp_path / cache, tmp_path / out / "images" / Path(ref).parent):
            files[str(path.relative_to(tmp_path / out))] = path.read_bytes()
    return files


def opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def png_with_size(w: int, h: int) -> bytes:
    """A tiny PNG whose header claims w x h (what a decompression bomb does)."""
    buf = io.BytesIO()
    Image.new("L", (8, 8)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = bytes(data[12:16]) + struct.pack(">II", w, h) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", w, h)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


def swapped_primaries_profile() -> bytes:
    """An ICC v2 RGB profile whose first channel is sRGB's green and whose
    second is sRGB's red (linear curves): only a real colour conversion
    turns a stored (255, 0, 0) into a displayed green."""

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    curve = b"curv\0\0\0\0" + struct.pack(">I", 0)
    tags = [
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + struct.pack(">3i", *(round(v * 65536) for v in (0.9642, 1.0, 0.8249)))
    )
    header += b"\0" * (128 - len(header))
    return header + table + body


# -- orientation, sizes, formats ----------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path, orientation):
    upright = marked()
    stored = upright if orientation == 1 else upright.transpose(STORE_FOR[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    src = save(tmp_path / "images/2024-01-10/card.jpg", stored, quality=95, exif=exif.tobytes())
    assert near(ImageOps.exif_transpose(Image.open(src)).getpixel((2, 2)), RED)  # the test card is right

    processed, errors = run(tmp_path, ["2024-01-10/card.jpg"], ImageSettings(widths=(120, 480)))
    assert errors == []
    img = processed["2024-01-10/card.jpg"]
    assert (img.width, img.height) == (300, 200)
    assert [(v.width, v.height, v.format) for v in img.variants] == [
        (120, 80, "webp"),
        (300, 200, "webp"),
        (120, 80, "jpeg"),
        (300, 200, "jpeg"),
    ]
    for data in publish(tmp_path, processed).values():
        out = opened(data)
        assert out.width > out.height, "landscape stays landscape"
        assert near(out.getpixel((2, 2)), RED), "red corner top-left"
        assert near(out.getpixel((out.width - 3, out.height - 3)), GREEN), "green corner bottom-right"
        assert len(out.getexif()) == 0, "no orientation tag left to apply twice"


def test_widths_as_configured_and_never_upscaled(tmp_path):
    save(tmp_path / "images/a/small.jpg", photo(700, 350))
    save(tmp_path / "images/a/big.jpg", photo(2400, 1600))
    processed, errors = run(tmp_path, ["a/small.jpg", "a/big.jpg"])
    assert errors == []
    small, big = processed["a/small.jpg"], processed["a/big.jpg"]
    assert [(v.format, v.width, v.height) for v in small.variants] == [
        ("webp", 480, 240),
        ("webp", 700, 350),
        ("jpeg", 480, 240),
        ("jpeg", 700, 350),
    ]
    assert [(v.format, v.width) for v in big.variants] == [
        ("webp", 480),
        ("webp", 960),
        ("webp", 1600),
        ("jpeg", 480),
        ("jpeg", 960),
        ("jpeg", 1600),
    ]
    assert big.largest("jpeg").height == 1067 and small.fallback == "jpeg"
    files = publish(tmp_path, processed)
    for v in small.variants + big.variants:
        data = files[f"images/a/{v.name}"]
        out = opened(data)
        assert out.size == (v.width, v.height)
        assert out.format == {"webp": "WEBP", "jpeg": "JPEG"}[v.format]
        stem, width, tail = v.name.rsplit("-", 2)
        assert width == str(v.width) and len(tail.split(".")[0]) == 10
        assert v.name.endswith(".webp" if v.format == "webp" else ".jpg")
    assert opened(files[f"images/a/{big.largest('jpeg').name}"]).info.get("progressive")


def test_file_names_carry_a_content_hash(tmp_path):
    import hashlib

    save(tmp_path / "images/Hu You.JPG", photo(500, 300))
    processed, _ = run(tmp_path, ["Hu You.JPG"])
    files = publish(tmp_path, processed)
    for v in processed["Hu You.JPG"].variants:
        assert v.name.startswith(f"Hu-You-{v.width}-")
        assert v.name.split("-")[-1].split(".")[0] == hashlib.sha256(files[f"images/{v.name}"]).hexdigest()[:10]
    save(tmp_path / "images/胡柚.jpg", photo(500, 300, seed=2))
    processed, _ = run(tmp_path, ["胡柚.jpg"])
    assert all(v.name.startswith("image-") for v in processed["胡柚.jpg"].variants)


# -- metadata and colour ------------------------------------------------------


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Reporter Phone 12"
    R = TiffImagePlugin.IFDRational
    exif[0x8825] = {
        0: b"\x02\x02\x00\x00",
        1: "N",
        2: (R(27, 1), R(41, 1), R(0, 1)),
        3: "E",
        4: (R(106, 1), R(55, 1), R(0, 1)),
    }
    return exif.tobytes()


def test_no_output_carries_exif_gps_xmp_comment_or_icc(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    save(
        tmp_path / "images/p.jpg",
        photo(600, 400),
        exif=_exif_with_gps(),
        icc_profile=srgb,
        xmp=xmp,
        comment="secret source",
    )
    rgba = photo(300, 200).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((300, 200)))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret source")
    save(tmp_path / "images/t.png", rgba, "PNG", exif=_exif_with_gps(), icc_profile=srgb, pnginfo=info)
    assert Image.open(tmp_path / "images/p.jpg").getexif().get_ifd(0x8825), "the source does carry GPS"

    processed, errors = run(tmp_path, ["p.jpg", "t.png"])
    assert errors == [] and processed["t.png"].fallback == "png"
    files = publish(tmp_path, processed)
    assert len(files) == 6  # p.jpg: 480 and 600 wide; t.png: 300
    for name, data in files.items():
        out = opened(data)
        assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "Comment"} & set(out.info), name
        assert len(out.getexif()) == 0, name
        for marker in (
            b"Exif",
            b"GPS",
            b"PhoneMaker",
            b"secret source",
            b"adobe",
            b"ICC_PROFILE",
            b"iCCP",
            b"ICCP",
            b"tEXt",
        ):
            assert marker not in data, (name, marker)


def test_embedded_icc_profile_is_converted_to_srgb(tmp_path):
    im = Image.new("RGB", (200, 100), RED)
    im.paste(GREEN, (100, 0, 200, 100))
    save(tmp_path / "images/icc.jpg", im, quality=95, icc_profile=swapped_primaries_profile())
    processed, errors = run(tmp_path, ["icc.jpg"], ImageSettings(widths=(200,)))
    assert errors == []
    for data in publish(tmp_path, processed).values():
        out = opened(data).convert("RGB")
        assert near(out.getpixel((20, 50)), GREEN), "stored red is this profile's green"
        assert near(out.getpixel((180, 50)), RED)
        assert "icc_profile" not in out.info


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    save(tmp_path / "images/cmyk.jpg", Image.new("CMYK", (400, 200), (0, 255, 255, 0)), quality=95)
    processed, errors = run(tmp_path, ["cmyk.jpg"], ImageSettings(widths=(200, 400)))
    assert errors == []
    img = processed["cmyk.jpg"]
    assert img.fallback == "jpeg" and (img.width, img.height) == (400, 200)
    for data in publish(tmp_path, processed).values():
        out = opened(data)
        assert out.mode == "RGB" and near(out.getpixel((100, 50)), RED)


def test_png_with_transparency_keeps_it(tmp_path):
    im = photo(400, 200).convert("RGBA")
    alpha = Image.new("L", (400, 200), 255)
    alpha.paste(0, (0, 0, 200, 200))  # left half transparent
    im.putalpha(alpha)
    save(tmp_path / "images/logo.png", im, "PNG")
    processed, errors = run(tmp_path, ["logo.png"], ImageSettings(widths=(200, 400)))
    assert errors == []
    img = processed["logo.png"]
    assert img.fallback == "png"
    assert {v.format for v in img.variants} == {"webp", "png"}
    assert img.largest("png").name.endswith(".png")
    for data in publish(tmp_path, processed).values():
        out = opened(data).convert("RGBA")
        assert out.getpixel((10, 10))[3] == 0, "transparent stays transparent"
        assert out.getpixel((out.width - 10, 10))[3] == 255


def test_few_colour_gif_gives_png_and_exact_colours(tmp_path):
    frames = [Image.new("P", (320, 160), 0) for _ in range(2)]
    for i, f in enumerate(frames):
        f.putpalette([255, 255, 255, 200, 0, 0, 0, 0, 200] + [0] * 759)
        ImageDraw.Draw(f).rectangle([0, 0, 159, 159], fill=1 + i)
    save(tmp_path / "images/chart.gif", frames[0], "GIF", save_all=True, append_images=frames[1:])
    processed, errors = run(tmp_path, ["chart.gif"], ImageSettings(widths=(320,)))
    assert errors == []
    assert processed["chart.gif"].fallback == "png"
    for data in publish(tmp_path, processed).values():
        out = opened(data).convert("RGB")
        assert out.getpixel((40, 40)) == (200, 0, 0), "the first frame, colours exact (lossless)"
        assert out.getpixel((300, 40)) == (255, 255, 255)


def test_phone_jpeg_with_extra_pictures_is_a_jpeg(tmp_path):
    """Phones write MPO (a JPEG followed by depth maps or previews)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = marked(600, 400).transpose(STORE_FOR[6])
    save(
        tmp_path / "images/phone.jpg",
        stored,
        "MPO",
        save_all=True,
        append_images=[photo(100, 100)],
        exif=exif.tobytes(),
        quality=95,
    )
    assert Image.open(tmp_path / "images/phone.jpg").format == "MPO"
    processed, errors = run(tmp_path, ["phone.jpg"], ImageSettings(widths=(300,)))
    assert errors == [] and processed["phone.jpg"].fallback == "jpeg"
    for data in publish(tmp_path, processed).values():
        out = opened(data)
        assert out.size == (300, 200) and near(out.getpixel((2, 2)), RED)


# -- reproducibility, cache, parallelism -------------------------------------


def _mixed_set(tmp_path: Path) -> list[str]:
    exif = Image.Exif()
    exif[0x0112] = 6
    save(tmp_path / "images/d/one.jpg", photo(1000, 640), exif=exif.tobytes())
    save(tmp_path / "images/d/two.jpg", photo(600, 400, seed=3))
    rgba = photo(300, 200).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((300, 200)))
    save(tmp_path / "images/d/three.png", rgba, "PNG")
    save(tmp_path / "images/d/four.webp", photo(400, 400, seed=4), "WEBP")
    return ["d/one.jpg", "d/two.jpg", "d/three.png", "d/four.webp"]


def test_two_builds_give_byte_identical_files(tmp_path):
    refs = _mixed_set(tmp_path)
    first, e1 = run(tmp_path, refs, cache="cache-a")
    second, e2 = run(tmp_path, refs, cache="cache-b")
    assert e1 == e2 == [] and first == second
    assert publish(tmp_path, first, "cache-a", "site-a") == publish(tmp_path, second, "cache-b", "site-b")


def test_jobs_2_gives_the_same_result_as_jobs_1(tmp_path):
    refs = _mixed_set(tmp_path) + ["missing.jpg"]
    one = run(tmp_path, refs, jobs=1, cache="cache-1")
    two = run(tmp_path, refs, jobs=2, cache="cache-2")
    assert one == two
    assert list(two[0]) == refs[:-1], "results in the order of the refs"
    assert publish(tmp_path, one[0], "cache-1", "site-1") == publish(tmp_path, two[0], "cache-2", "site-2")


def test_second_build_decodes_nothing_even_after_the_output_is_deleted(tmp_path, monkeypatch):
    refs = _mixed_set(tmp_path)
    first, _ = run(tmp_path, refs)
    published = publish(tmp_path, first)

    opens = []
    real_open = PIL.Image.open
    monkeypatch.setattr(PIL.Image, "open", lambda *a, **k: opens.append(a) or real_open(*a, **k))
    again, errors = run(tmp_path, refs)
    assert again == first and errors == [] and opens == []

    import shutil

    shutil.rmtree(tmp_path / "site")
    assert publish(tmp_path, again) == published and opens == []
    # Publishing over an up-to-date output keeps the files (hardlinks to the cache).
    p = again["d/two.jpg"]
    out = tmp_path / "site/images/d"
    before = {v.name: os.stat(out / v.name).st_ino for v in p.variants}
    publish_variants(p, tmp_path / "cache", out)
    assert {v.name: os.stat(out / v.name).st_ino for v in p.variants} == before


def test_what_invalidates_the_cache(tmp_path, monkeypatch):
    save(tmp_path / "images/a.jpg", photo(600, 400))
    first, _ = run(tmp_path, ["a.jpg"])
    opens = []
    real_open = PIL.Image.open
    monkeypatch.setattr(PIL.Image, "open", lambda *a, **k: opens.append(a) or real_open(*a, **k))
    other, _ = run(tmp_path, ["a.jpg"], ImageSettings(jpeg_quality=70))
    assert len(opens) == 1 and other["a.jpg"].key != first["a.jpg"].key

    def jpeg(r):
        return [v.name for v in r["a.jpg"].variants if v.format == "jpeg"]

    assert jpeg(other) != jpeg(first)
    save(tmp_path / "images/a.jpg", photo(600, 400, seed=9))  # the editor replaces the photo
    edited, _ = run(tmp_path, ["a.jpg"])
    assert len(opens) == 2 and edited["a.jpg"].variants != first["a.jpg"].variants


def test_each_image_is_processed_once(tmp_path, monkeypatch):
    save(tmp_path / "images/a.jpg", photo(600, 400))
    (tmp_path / "images/copy.jpg").write_bytes((tmp_path / "images/a.jpg").read_bytes())
    opens, seen = [], []
    real_open = PIL.Image.open
    monkeypatch.setattr(PIL.Image, "open", lambda *a, **k: opens.append(a) or real_open(*a, **k))
    processed, _ = process_images(
        tmp_path / "images",
        ["a.jpg", "copy.jpg", "a.jpg"],
        ImageSettings(),
        tmp_path / "cache",
        1,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert list(processed) == ["a.jpg", "copy.jpg"] and len(opens) == 1
    assert processed["copy.jpg"].variants[0].name.startswith("copy-")
    assert seen[-1] == (2, 2)


# -- bad input ----------------------------------------------------------------


def test_every_bad_input_gets_a_message_naming_it(tmp_path):
    images = tmp_path / "images"
    save(images / "2024-01-10/good.jpg", photo(300, 200))
    (images / "2024-01-10/notes.jpg").write_text("这不是图片", encoding="utf-8")
    data = io.BytesIO()
    photo(400, 300).save(data, "JPEG")
    (images / "2024-01-10/cut.jpg").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    (images / "huge.png").write_bytes(png_with_size(20000, 20000))
    (images / "big.png").write_bytes(png_with_size(14000, 14000))
    save(images / "scan.bmp", photo(50, 50), "BMP")
    save(images / "scan.tif", photo(50, 50), "TIFF")
    (images / "iphone.heic").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64)
    save(tmp_path / "secret.jpg", photo(50, 50))
    (images / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    refs = [
        "2024-01-10/good.jpg",
        "2024-01-10/a.jpg",
        "2024-01-10/notes.jpg",
        "2024-01-10/cut.jpg",
        "huge.png",
        "big.png",
        "scan.bmp",
        "scan.tif",
        "iphone.heic",
        "../secret.jpg",
        "/etc/passwd",
        "link.jpg",
        "a\x00.jpg",
        "2024-01-10",
        "",
    ]
    processed, errors = run(tmp_path, refs)
    assert list(processed) == ["2024-01-10/good.jpg"], "bad files do not stop the good one"
    got = dict(errors)
    limit = Image.MAX_IMAGE_PIXELS
    assert got == {
        "2024-01-10/a.jpg": "image file not found: images/2024-01-10/a.jpg",
        "2024-01-10/notes.jpg": "not an image or corrupt: images/2024-01-10/notes.jpg (cannot identify image file)",
        "2024-01-10/cut.jpg": got["2024-01-10/cut.jpg"],
        "huge.png": f"image too large: images/huge.png (20000x20000 pixels exceeds the limit of {limit})",
        "big.png": f"image too large: images/big.png (14000x14000 pixels exceeds the limit of {limit})",
        "scan.bmp": "unsupported image format BMP: images/scan.bmp (use JPEG, PNG, WebP or GIF)",
        "scan.tif": "unsupported image format TIFF: images/scan.tif (use JPEG, PNG, WebP or GIF)",
        "iphone.heic": "unsupported image format HEIC: images/iphone.heic (use JPEG, PNG, WebP or GIF)",
        "../secret.jpg": "path escapes images/: ../secret.jpg",
        "/etc/passwd": "path escapes images/: /etc/passwd",
        "link.jpg": "path escapes images/: link.jpg",
        "a\x00.jpg": "image path contains a NUL byte: 'a\\x00.jpg'",
        "2024-01-10": "image path is a folder, not a file: images/2024-01-10",
        "": "empty image path",
    }
    assert got["2024-01-10/cut.jpg"].startswith("image is truncated or corrupt: images/2024-01-10/cut.jpg (")
    assert [ref for ref, _ in errors] == [r for r in refs if r != "2024-01-10/good.jpg"], "in input order"
    # The verdicts are cached with the images: a second run says the same.
    assert run(tmp_path, refs) == (processed, errors)


def test_resolve_source(tmp_path):
    save(tmp_path / "images/a/b.jpg", photo(20, 20))
    assert resolve_source(tmp_path / "images", "a/b.jpg") == ((tmp_path / "images/a/b.jpg").resolve(), "")
    assert resolve_source(tmp_path / "images", "a/../a/b.jpg")[0] is not None, "stays inside: fine"
    for ref in ("../images/../../x.jpg", "C:\\x.jpg", "c:/x.jpg", "\\\\server\\x.jpg", "~/x.jpg"):
        path, reason = resolve_source(tmp_path / "images", ref)
        assert path is None and reason == f"path escapes images/: {ref}"
    assert resolve_source(tmp_path / "images", "a:b.jpg") == (None, "image file not found: images/a:b.jpg")


# -- HTML ---------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _sample() -> ProcessedImage:
    v = [
        Variant(480, 320, "webp", "huyou-480-aaaaaaaaaa.webp"),
        Variant(960, 640, "webp", "huyou-960-bbbbbbbbbb.webp"),
        Variant(480, 320, "jpeg", "huyou-480-cccccccccc.jpg"),
        Variant(960, 640, "jpeg", "huyou-960-dddddddddd.jpg"),
    ]
    return ProcessedImage("2024-01-10/huyou.jpg", 1000, 667, tuple(v), "jpeg", "k")


def test_picture_html_lazy_by_default():
    text = picture_html(_sample(), "/paper/images/2024-01-10/", '胡柚 "丰收" <b>&')
    tags = _Tags(text).tags
    assert [t for t, _ in tags] == ["picture", "source", "img"]
    source, img = tags[1][1], tags[2][1]
    assert source["type"] == "image/webp"
    assert source["srcset"] == (
        "/paper/images/2024-01-10/huyou-480-aaaaaaaaaa.webp 480w, "
        "/paper/images/2024-01-10/huyou-960-bbbbbbbbbb.webp 960w"
    )
    assert img["srcset"] == (
        "/paper/images/2024-01-10/huyou-480-cccccccccc.jpg 480w, /paper/images/2024-01-10/huyou-960-dddddddddd.jpg 960w"
    )
    assert img["src"] == "/paper/images/2024-01-10/huyou-960-dddddddddd.jpg"
    assert (img["width"], img["height"]) == ("960", "640")
    assert img["sizes"] == source["sizes"] == "(min-width: 48rem) 42rem, 100vw"
    assert img["alt"] == '胡柚 "丰收" <b>&'
    assert (img["loading"], img["decoding"]) == ("lazy", "async") and "fetchpriority" not in img
    assert "<b>" not in text and '"丰收"' not in text


def test_picture_html_first_image_is_eager():
    img = _Tags(picture_html(_sample(), "/x/", "", eager=True, sizes='50vw" onload="x')).tags[2][1]
    assert img["fetchpriority"] == "high" and img["loading"] == "eager" and "decoding" not in img
    assert img["alt"] == "" and img["sizes"] == '50vw" onload="x' and "onload" not in img


def test_picture_html_urls_survive_spaces_and_commas():
    img = _Tags(picture_html(_sample(), "/my paper,2/", "")).tags[2][1]
    assert img["src"] == "/my%20paper%2C2/huyou-960-dddddddddd.jpg"
    assert len(img["srcset"].split(", ")) == 2
