"""Images through a whole build: what readers get, what is cleaned up."""

import io
import os
import re

from conftest import article, run_build, write_files
from PIL import Image


def photo(width=1200, height=800) -> bytes:
    buf = io.BytesIO()
    image = Image.new("RGB", (width, height), (180, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make: must not reach readers
    image.save(buf, "JPEG", quality=85, exif=exif.tobytes())
    return buf.getvalue()


PICTURE = article(
    "图片新闻",
    1,
    "![游客采摘胡柚](2024-01-10/huyou.jpg)",
    kind="picture",
    image="2024-01-10/huyou.jpg",
    caption="游客采摘胡柚。",
    byline="[{name: 简星, role: 摄}]",
)


def test_pictures_are_responsive_and_stripped(site_root):
    write_files(site_root, {"images/2024-01-10/huyou.jpg": photo(), "content/2024-01-10/tupian.md": PICTURE})
    report = run_build(site_root)
    assert not report.failed, report.diagnostics
    files = sorted(p.name for p in (site_root / "site/images/2024-01-10").iterdir())
    assert [re.sub(r"-[0-9a-f]{10}\.", ".", f) for f in files] == [
        "huyou-1200.jpg",
        "huyou-1200.webp",
        "huyou-480.jpg",
        "huyou-480.webp",
        "huyou-960.jpg",
        "huyou-960.webp",
    ]
    for name in files:
        assert b"PhoneMaker" not in (site_root / "site/images/2024-01-10" / name).read_bytes()
    page = (site_root / "site/2024-01-10/tupian/index.html").read_text()
    assert '<source type="image/webp" srcset="/paper/images/2024-01-10/huyou-480-' in page
    assert 'width="1200" height="800" alt="游客采摘胡柚。" fetchpriority="high"' in page  # the lead image
    assert 'alt="游客采摘胡柚" loading="lazy" decoding="async"' in page  # the body image
    assert "（简星 摄）" in page


def test_every_published_file_is_readable_by_a_web_server_running_as_another_user(site_root):
    # Images and the search index are made in the cache and published as
    # hard links: they carry the mode they were made with.
    write_files(site_root, {"images/2024-01-10/huyou.jpg": photo(), "content/2024-01-10/tupian.md": PICTURE})
    old = os.umask(0o022)
    try:
        report = run_build(site_root, search=True)
    finally:
        os.umask(old)
    assert not report.failed, report.diagnostics
    files = [p for p in (site_root / "site").rglob("*") if p.is_file()]
    assert any("/images/" in str(p) for p in files) and any("/search/index/" in str(p) for p in files)
    assert [str(p) for p in files if p.stat().st_mode & 0o044 != 0o044] == []


def test_a_removed_image_leaves_the_site(site_root):
    write_files(
        site_root,
        {
            "images/2024-01-10/a.jpg": photo(600, 400),
            "content/2024-01-10/tu.md": article("有图", 1, "![图](2024-01-10/a.jpg)"),
        },
    )
    run_build(site_root)
    assert len(list((site_root / "site/images/2024-01-10").iterdir())) == 4  # 480 and 600, two formats
    write_files(site_root, {"content/2024-01-10/tu.md": article("有图", 1, "没有图了。")})
    report = run_build(site_root)
    assert len([r for r in report.removed if r.startswith("images/")]) == 4
    assert not (site_root / "site/images").exists()


def test_a_corrupt_image_is_an_error_at_the_line_that_names_it(site_root):
    write_files(
        site_root,
        {
            "images/2024-01-10/bad.jpg": photo()[:300],
            "content/2024-01-10/tu.md": article("有图", 1, "第一段。\n\n![坏图](2024-01-10/bad.jpg)"),
        },
    )
    report = run_build(site_root)
    assert report.failed
    [problem] = report.diagnostics
    assert str(problem).startswith("content/2024-01-10/tu.md:7:1: error: ")
    assert "images/2024-01-10/bad.jpg" in problem.message and "corrupt" in problem.message


def test_an_image_path_may_not_leave_images(site_root):
    write_files(
        site_root, {"secret.jpg": photo(), "content/2024-01-10/tu.md": article("有图", 1, "![x](../secret.jpg)")}
    )
    report = run_build(site_root)
    assert report.failed and "escapes images/" in report.diagnostics[0].message
