"""A PDF page whose body font maps its glyphs to private-use code points
(``make_page(seed, "unmapped")``: the headlines' font is sound, the body's
is not): the text is refused, the page image, the PDF and the hot zones
are kept, each article a stub that ``build --strict`` refuses, and the
import still fails. Compared with what the generator set, on random pages."""

from __future__ import annotations

import io
import re

import yaml
from pdf_fixtures import make_page
from test_importer_pdf import DATE, iou, page_entry, percent, private_use_pdf

from newsgen.content.publishing import PLACEHOLDER_BODY, PLACEHOLDER_CAPTION
from newsgen.i18n import CHINESE, Translator
from newsgen.importer.command import run_import
from newsgen.importer.model import ImportedArticle
from newsgen.importer.pdf import open_pdf, read_page
from newsgen.importer.pdf_page import parse_pdf_page
from newsgen.importer.unread import sound_zones, stub_page

PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd]")


def run(tmp_path, data: bytes, **options):
    source = tmp_path / "page.pdf"
    source.write_bytes(data)
    out = io.StringIO()
    options = {"date": DATE, "page": 3, "root": tmp_path / "site", **options}
    return run_import(source, out=out, **options), out.getvalue(), tmp_path / "site"


def test_random_unmapped_pages_keep_their_zones_and_refuse_their_text():
    """Eight random pages: most characters unreadable; every article a stub
    whose zone overlaps the rectangle set by IoU >= 0.9, as on readable
    pages; nothing of the text kept."""
    right = total = 0
    for seed in range(8):
        fixture = make_page(seed, "unmapped")
        raw = read_page(open_pdf(fixture.pdf), 0)
        page, share = parse_pdf_page(raw)
        assert share > 0.5, seed
        stubbed, sound = stub_page(page, raw)
        assert sound, seed
        for order, article in enumerate(stubbed.articles, 1):
            assert article.title == f"（第{order}篇，文字无法识别，请补录）"
            assert article.body == (PLACEHOLDER_BODY,) and not article.byline
        for truth in fixture.articles:
            want = percent(truth.rect, fixture.width, fixture.height)
            best = max(iou(a.area, want) for a in stubbed.articles)
            right += best >= 0.9
            total += 1
    assert right == total, (right, total)


def test_an_unmapped_page_is_written_as_stubs_with_its_scan_and_pdf_and_fails(tmp_path):
    fixture = make_page(3, "unmapped")
    diagnostics, table, site = run(tmp_path, fixture.pdf)
    errors = [d for d in diagnostics if d.is_error]
    assert len(errors) == 1, diagnostics
    share = re.search(r"page 1: (\d+)% of the characters have no usable Unicode mapping", str(errors[0]))
    assert share and int(share.group(1)) > 50, errors
    edition = yaml.safe_load((site / "content/2024-01-10/edition.yaml").read_text("utf-8"))
    assert edition["pages"] == [page_entry(fixture)]
    assert (site / "images/2024-01-10/p03.pdf").read_bytes() == fixture.pdf
    files = sorted((site / "content/2024-01-10").glob("p03-*.md"))
    assert len(files) == len(fixture.articles)
    for order, path in enumerate(files, 1):
        text = path.read_text("utf-8")
        assert f"title: （第{order}篇，文字无法识别，请补录）\n" in text and "area: [" in text
        assert not PRIVATE_USE.search(text)
        assert not any(t.paragraphs and t.paragraphs[0][:12] in text for t in fixture.articles)
    assert "（第1篇，文字无法识别，请补录）" in table


def test_picture_news_on_an_unmapped_page_is_a_picture_stub_with_its_photo_cut(tmp_path):
    """Random pages: each photo with its caption (图片新闻 over it or not) is
    a picture-news stub, its caption a placeholder, and its photo is cut
    from the page image as the readable page's is; no other article is
    picture news."""
    pictures = 0
    for seed in range(8):
        fixture = make_page(seed, "unmapped")
        (tmp_path / f"u{seed}").mkdir()
        (tmp_path / f"r{seed}").mkdir()
        stubbed = run(tmp_path / f"u{seed}", fixture.pdf)[2]
        readable = run(tmp_path / f"r{seed}", make_page(seed, "ttf").pdf)[2]
        files = {
            path: yaml.safe_load(path.read_text("utf-8").split("---")[1]) for path in stubbed.glob("content/*/p03-*")
        }
        assert len(files) == len(fixture.articles)
        for truth in fixture.articles:
            want = percent(truth.rect, fixture.width, fixture.height)
            path, front = max(files.items(), key=lambda item: iou(item[1]["area"], want))
            photo = f"images/2024-01-10/{path.stem}.jpg"
            if truth.kind != "picture":
                assert front.get("kind") is None and not (stubbed / photo).exists(), (seed, path.name)
                continue
            pictures += 1
            assert (front["kind"], front["caption"], front["image"]) == ("picture", PLACEHOLDER_CAPTION, photo[7:])
            assert (stubbed / photo).read_bytes() == (readable / photo).read_bytes(), (seed, path.name)
    assert pictures >= 4


def test_the_stubs_fail_a_strict_build_and_say_which_article(tmp_path):
    from conftest import CONFIG, run_build

    root = tmp_path / "site"
    root.mkdir()
    (root / "newsgen.yaml").write_text(CONFIG, "utf-8")
    fixture = make_page(1, "unmapped", number=1)
    run(tmp_path, fixture.pdf, page=1, page_name="要闻")
    report = run_build(root, strict=True)
    assert report.failed
    flagged = sorted(d.path for d in report.diagnostics if "placeholder text '（第" in d.message)
    assert flagged == [f"content/2024-01-10/p01-{n:02d}.md" for n in range(1, len(fixture.articles) + 1)]
    assert not run_build(root).failed  # a plain build shows the page, with its zones, to check


def test_the_message_reads_in_chinese(tmp_path):
    diagnostics, _, _ = run(tmp_path, make_page(2, "unmapped").pdf, dry_run=True)
    text = [d.render(Translator(CHINESE)) for d in diagnostics if d.is_error]
    assert len(text) == 1 and "的字符没有可用的 Unicode 映射" in text[0] and "个热区" in text[0], text


def test_a_page_whose_zones_cannot_be_told_apart_keeps_only_its_image_and_pdf(tmp_path):
    """Glyphs the font lacks have no height: no zone is sound, no stub is written."""
    diagnostics, _, site = run(tmp_path, private_use_pdf(), page_name="综合")
    errors = [str(d) for d in diagnostics if d.is_error]
    assert len(errors) == 1 and "99% of the characters" in errors[0] and "cannot be told apart" in errors[0]
    assert (site / "images/2024-01-10/p03.jpg").exists() and (site / "images/2024-01-10/p03.pdf").exists()
    pages = yaml.safe_load((site / "content/2024-01-10/edition.yaml").read_text("utf-8"))["pages"]
    assert pages == [{"number": 3, "name": "综合", "pdf": "2024-01-10/p03.pdf", "scan": "2024-01-10/p03.jpg"}]
    assert not list((site / "content/2024-01-10").glob("p03-*.md"))


def article_at(area) -> ImportedArticle:
    return ImportedArticle(title="", area=area)


def test_zones_that_cover_each_other_or_are_missing_are_not_sound():
    side = (article_at((0, 0, 50, 50)), article_at((50, 0, 50, 50)))
    assert sound_zones(side)
    assert not sound_zones((article_at((0, 0, 50, 50)), article_at((40, 10, 50, 50))))
    assert not sound_zones((*side, article_at(None)))
    assert not sound_zones((*side, article_at((0, 60, 50, 0.5))))
    assert not sound_zones(())
