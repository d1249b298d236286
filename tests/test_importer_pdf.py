"""newsgen import PAGE.pdf: random broadsheet pages made by
``tests/pdf_fixtures.py`` in both font variants, read back and compared
with what the generator set, field by field and zone by zone (IoU)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import yaml
from pdf_fixtures import make_page

from newsgen.importer.command import run_import
from newsgen.importer.pdf import open_pdf, read_page
from newsgen.importer.pdf_page import parse_pdf_page

DATE = dt.date(2024, 1, 10)


def iou(a, b) -> float:
    """Intersection over union of two [x, y, w, h] rectangles."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def percent(rect, width, height):
    x0, y0, x1, y1 = rect
    return (100 * x0 / width, 100 * y0 / height, 100 * (x1 - x0) / width, 100 * (y1 - y0) / height)


def fields(article) -> tuple:
    return (article.kind, article.kicker, article.title, article.subtitle, article.dateline, tuple(article.byline))


def compare(seed: int, font: str, ruled: bool = True):
    return compare_page(make_page(seed, font, ruled=ruled))


def compare_page(fixture):
    page, share = parse_pdf_page(read_page(open_pdf(fixture.pdf), 0))
    got = [(fields_of(a), "".join(a.body), a.area) for a in page.articles]
    want = [
        (
            fields(t),
            "".join(t.paragraphs),
            percent(t.rect, fixture.width, fixture.height),
        )
        for t in fixture.articles
    ]
    return fixture, page, share, got, want


def fields_of(article) -> tuple:
    people = tuple((p.name, p.role) for p in article.byline)
    return (article.kind, article.kicker, article.title, article.subtitle, article.dateline, people)


def match(got, want) -> tuple[int, int, int, int]:
    """(fields right, fields, zones with IoU >= 0.9, zones) for one page:
    each article set is paired with the one read whose zone overlaps it
    most, and each field of the pair compared."""
    right = zones = 0
    for w in want:
        best = max(got, key=lambda g: iou(g[2], w[2]) if g[2] else 0.0, default=None)
        if best is None:
            continue
        right += sum(a == b for a, b in zip(best[0], w[0], strict=True)) + (best[1] == w[1])
        zones += best[2] is not None and iou(best[2], w[2]) >= 0.9
    return right, 7 * len(want), zones, len(want)


@pytest.mark.parametrize("font, ruled", [("cid", True), ("ttf", True), ("cid", False)])  # ttf: fonts-wqy-microhei
def test_random_pages_are_read_field_by_field_and_zone_by_zone(font, ruled):
    """Eight random pages (with rules under the header strip, above the foot
    and between rows, or none): every header and editor right; every
    article's fields and text as set; every zone overlaps the rectangle
    set by IoU >= 0.9 (so on 200 other pages too, bench/measure_pdf_import.py
    --first 100 --pages 80, --first 200 --pages 60, --first 300 --pages 60)."""
    totals = [0, 0, 0, 0]
    for seed in range(8):
        fixture, page, share, got, want = compare(seed, font, ruled)
        assert share == 0
        assert (page.header["number"], page.header["name"], page.editor) == (
            fixture.number,
            fixture.name,
            fixture.editor,
        )
        totals = [t + m for t, m in zip(totals, match(got, want), strict=True)]
    fields_right, fields_all, zones_right, zones_all = totals
    assert fields_right == fields_all and zones_right == zones_all, totals


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_narrow_columns_of_short_paragraphs_and_hanging_punctuation_keep_their_zones(font):
    """Pages where a narrow column holds mostly one- and two-line paragraphs
    (more indented first lines than full ones), a column's edge falls where
    the ink of its lines scatters by a fraction of a point, and a line hangs
    its closing bracket into the gutter beside a brief's title: every field
    as set but one in fifty, every zone at IoU >= 0.9."""
    totals = [0, 0, 0, 0]
    for seed in (124, 211, 244):
        _, _, _, got, want = compare(seed, font)
        totals = [t + m for t, m in zip(totals, match(got, want), strict=True)]
    fields_right, fields_all, zones_right, zones_all = totals
    assert fields_right / fields_all >= 0.98 and zones_right == zones_all, totals


def line_at(x0: float, x1: float, top: float, size: float = 10.5, text: str = "字"):
    from newsgen.importer.pdf_seeds import Line

    box = (x0, top, x1, top + size)
    return Line(text * 4, box, size, cell=box)


def test_a_column_is_where_its_lines_start_not_where_most_first_lines_do():
    """Short paragraphs: each indented first line ends at the column's edge
    like the full lines, and they are the more; the column starts at the
    full lines' edge. Lines scattered a fraction of a point about an edge
    are one column."""
    from newsgen.importer.pdf_seeds import page_columns

    lines = []
    for row in range(6):  # a full line (its ink a hair in or out), then an indented one
        lines.append(line_at(661.97 + 0.02 * row, 798.0, 100 + 30 * row))
        lines.append(line_at(683.0, 798.0, 115 + 30 * row))
    lines.append(line_at(683.0, 798.0, 290))
    assert page_columns(lines, 10.5) == [(661.97, 798.0)]


def chars_at(text: str, x: float, top: float, size: float) -> list:
    from newsgen.importer.pdf import Char

    boxes = [(x + i * size, top, x + (i + 1) * size, top + size) for i in range(len(text))]
    return [Char(c, box, size, False, False, box) for c, box in zip(text, boxes, strict=True)]


def test_a_line_hanging_into_the_gutter_is_not_joined_to_a_title_beside_it():
    """Drawn apart (the next column's title first), on one row, a point and a
    half apart: pieces of two columns, not of one line; pieces of one line
    drawn out of order are still joined."""
    from newsgen.importer.pdf_layout import make_lines

    title = chars_at("红色物业带富一方", 427.0, 451.7, 12.0)
    hanging = chars_at("本报讯（记者）", 352.0, 457.2, 10.5)  # ends at 425.5, 10 pt into the gutter
    assert [line.text for line in make_lines((*title, *hanging))] == ["红色物业带富一方", "本报讯（记者）"]
    right, left = chars_at("近年来", 383.5, 457.2, 10.5), chars_at("本报讯", 352.0, 457.2, 10.5)
    assert [line.text for line in make_lines((*right, *left))] == ["本报讯近年来"]


def test_columns_whose_baselines_step_a_little_each_keep_their_lines():
    """Six columns each set from a different top (3.5 pt apart, as on any
    page of several stories): every printed line read as itself, none
    joined with the line below it in its column through the others."""
    from newsgen.importer.pdf_layout import make_lines

    chars: list = []
    for column in range(6):
        for row in range(8):
            text = f"{'甲乙丙丁戊己'[column]}{row}字字字字字字字"
            chars += chars_at(
                text, 36.0 + 130.0 * column + (20 if row % 3 == 0 else 0), 100 + 3.5 * column + 15 * row, 10.5
            )
    lines = make_lines(tuple(chars))
    assert len(lines) == 48 and all(len(line.text) == 9 for line in lines), [line.text for line in lines][:12]


def test_body_lines_of_two_columns_on_one_row_are_not_joined_across_the_gutter():
    """Two columns of one size, 12 pt apart; the first line of the left one
    hangs its bracket 10 pt into the gutter and comes within a point and a
    half of the right one's. The lines above and below stop and start at
    the gutter: two lines. Where they run across the seam it is one line
    drawn in two pieces."""
    from newsgen.importer.pdf_layout import make_lines

    def column_lines(first_left: str, first_right: str, seam_crossed: bool) -> list[str]:
        chars = [*chars_at(first_right, 427.0, 100.0, 10.5), *chars_at(first_left, 352.0, 100.0, 10.5)]
        for row in range(1, 4):
            if seam_crossed:
                chars += chars_at("字" * 18, 352.0, 100.0 + 15 * row, 10.5)
            else:
                chars += chars_at("左" * 6, 352.0, 100.0 + 15 * row, 10.5)
                chars += chars_at("右" * 7, 427.0, 100.0 + 15 * row, 10.5)
        return [line.text for line in make_lines(tuple(chars))][:2]

    assert column_lines("本报讯（记者）", "结构调整", False) == ["结构调整", "本报讯（记者）"]
    assert column_lines("本报讯（记者）", "结构调整", True) == ["本报讯（记者）结构调整", "字" * 18]


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_a_first_line_hanging_into_the_gutter_stays_in_its_column(font):
    """Pages where an article's first line (本报讯（记者 某某）, its bracket
    hung into the gutter) comes within a point of the next column's line
    on its row: every such article's dateline, byline and text as set, not
    the dateline read into the middle of the text."""
    checked = 0
    for seed in (102, 121, 135, 225, 242):
        fixture, _, _, got, want = compare(seed, font)
        for truth, (fields_set, body_set, zone) in zip(fixture.articles, want, strict=True):
            if truth.dateline:
                best = max(got, key=lambda g: iou(g[2], zone))
                assert (best[0][4:], best[1]) == (fields_set[4:], body_set), (seed, truth.title)
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_a_caption_across_its_photos_columns_is_read_as_one(font):
    """Picture news over two columns whose caption runs the photo's width,
    its short last line (the photo credit) fitting one column: kind, title
    图片新闻, the photographer and the caption as set, not each line read
    as a paragraph of its own and the first taken for a title."""
    pictures = 0
    for seed in (101, 205, 206, 213):
        fixture, _, _, got, want = compare(seed, font)
        for truth, (fields_set, body_set, zone) in zip(fixture.articles, want, strict=True):
            if truth.kind == "picture":
                best = max(got, key=lambda g: iou(g[2], zone))
                assert best[:2] == (fields_set, body_set), (seed, best[:2])
                pictures += 1
    assert pictures == 4


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_a_short_boxed_notice_is_read_as_paragraphs_and_the_banner_as_lines(font):
    """Boxed notices of two or three lines (in a narrow column, justified,
    their first line indented) and the core-values banner's centred rows:
    each notice's title and text as set, one paragraph, not a line break
    where each printed line ends; the banner's rows kept as lines."""
    seen = {"notice": 0, "banner": 0}
    for seed in (103, 105, 106, 128, 161, 230, 244):
        fixture, _, _, got, want = compare(seed, font)
        for truth, (fields_set, body_set, zone) in zip(fixture.articles, want, strict=True):
            if truth.kind in seen:
                best = max(got, key=lambda g: iou(g[2], zone))
                assert best[:2] == (fields_set, body_set), (seed, best[:2])
                seen[truth.kind] += 1
    assert seen["notice"] >= 6 and seen["banner"] >= 3, seen


@pytest.mark.parametrize("font", ["cid", "ttf"])
def test_kickers_and_subtitles_a_step_above_the_body_stay_in_the_headline(font):
    """Random pages whose kickers and subtitles are set in 小四 (12 pt) over
    a 五号 body, not much larger than it: every article's kicker, title,
    subtitle and text as set, every zone at IoU >= 0.9."""
    totals = [0, 0, 0, 0]
    parts = 0
    for seed in range(8):
        fixture, _, _, got, want = compare_page(make_page(seed, font, kicker_size=12.0))
        totals = [t + m for t, m in zip(totals, match(got, want), strict=True)]
        parts += sum(bool(t.subtitle or t.kicker not in ("", "短讯", "简讯", "快讯")) for t in fixture.articles)
    assert totals[0] == totals[1] and totals[2] == totals[3] and parts >= 10, (totals, parts)


def test_a_whole_page_is_read_exactly():
    """One page as set (picture news among its articles): every field, every zone at IoU >= 0.9."""
    fixture, page, share, got, want = compare(5, "cid")
    assert [g[0] for g in got] == [w[0] for w in want]
    assert [g[1] for g in got] == [w[1] for w in want]
    assert min(iou(g[2], w[2]) for g, w in zip(got, want, strict=True)) >= 0.9


def run(tmp_path, data: bytes, **options):
    source = tmp_path / "page.pdf"
    source.write_bytes(data)
    out = io.StringIO()
    options = {"date": DATE, "page": 3, "root": tmp_path / "site", **options}
    return run_import(source, out=out, **options), out.getvalue(), tmp_path / "site"


def page_entry(fixture) -> dict:
    """The page as an import of the fixture's PDF at page 3 writes it in edition.yaml."""
    return {
        "number": 3,
        "name": fixture.name,
        "editor": fixture.editor,
        "pdf": "2024-01-10/p03.pdf",
        "scan": "2024-01-10/p03.jpg",
    }


def test_import_writes_articles_with_areas_the_scan_and_the_pdf(tmp_path):
    fixture = make_page(11, "cid")
    diagnostics, table, site = run(tmp_path, fixture.pdf)
    assert not [d for d in diagnostics if d.is_error]
    edition = yaml.safe_load((site / "content/2024-01-10/edition.yaml").read_text("utf-8"))
    assert edition["pages"] == [page_entry(fixture)]
    assert (site / "images/2024-01-10/p03.pdf").read_bytes() == fixture.pdf
    assert (site / "images/2024-01-10/p03.jpg").read_bytes()[:2] == b"\xff\xd8"
    first = (site / "content/2024-01-10/p03-01.md").read_text("utf-8")
    assert "area: [" in first and fixture.articles[0].title in first
    assert "area" in table.splitlines()[1]


def test_dry_run_writes_nothing_but_the_preview(tmp_path):
    diagnostics, table, site = run(tmp_path, make_page(12, "cid").pdf, dry_run=True)
    assert not site.exists()
    assert (tmp_path / "page-p03-preview.png").read_bytes()[:4] == b"\x89PNG"
    assert "dry run" in table


def image_only_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(842, 1191))
    c.drawImage(ImageReader(Image.new("RGB", (200, 280), (200, 200, 190))), 0, 0, 842, 1191)
    c.showPage()
    c.save()
    return buffer.getvalue()


def private_use_pdf() -> bytes:
    from pdf_fixtures import register_fonts
    from reportlab.pdfgen import canvas

    register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(842, 1191))
    c.setFont("STSong-Light", 20)
    c.drawString(50, 1100, "标题")
    for row in range(10):
        c.drawString(50, 1000 - 30 * row, "".join(chr(0xE000 + row * 20 + i) for i in range(20)))
    c.showPage()
    c.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        (make_page(13, "cid").pdf[:3000], "damaged"),
        (b"%PDF-1.4\n" + b"\x00" * 500, "damaged"),
        (image_only_pdf(), "scanned image"),
    ],
)
def test_pdfs_that_cannot_be_read_say_why_and_write_nothing(tmp_path, data, message):
    diagnostics, _, site = run(tmp_path, data)
    errors = [str(d) for d in diagnostics if d.is_error]
    assert errors and message in errors[0], errors
    assert not site.exists()


def test_kangxi_radicals_are_folded_and_nothing_else():
    from newsgen.importer.pdf import fold_radicals

    assert fold_radicals("\u2f45针，：") == "方针，："


def test_an_imported_pdf_page_builds_into_a_page_view_with_its_zones(tmp_path):
    from conftest import CONFIG, run_build

    root = tmp_path / "site"
    root.mkdir()
    (root / "newsgen.yaml").write_text(CONFIG, "utf-8")
    fixture = make_page(5, "cid", number=1)
    diagnostics, _, _ = run(tmp_path, fixture.pdf, page=1)
    assert not [d for d in diagnostics if d.is_error], diagnostics
    pictures = [t for t in fixture.articles if t.kind == "picture"]
    assert pictures and all(
        (root / f"images/2024-01-10/p01-{order:02d}.jpg").exists()
        for order, t in enumerate(fixture.articles, 1)
        if t.kind == "picture"
    )
    report = run_build(root)
    assert not report.failed, report
    page = (root / "site/2024-01-10/01/index.html").read_text("utf-8")
    assert page.count('class="scan__zone"') == len(fixture.articles)
    assert "查看大图" in page and "下载本版 PDF" in page


def test_the_seed_page_reconstructed_as_a_pdf_reads_as_its_text_does(tmp_path):
    """tools/reconstruct_seed_page.py sets the real seed page's text as a
    layout PDF; read back, it gives the articles the text importer gives."""
    import importlib.util

    from conftest import REPO, SHARED

    from newsgen.importer.text import parse_page

    spec = importlib.util.spec_from_file_location("reconstruct", REPO / "tools/reconstruct_seed_page.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    seed = SHARED / "seeds/000_186af50a4765d005.txt"
    tool.main(seed, tmp_path / "page.pdf")
    page, share = parse_pdf_page(read_page(open_pdf((tmp_path / "page.pdf").read_bytes()), 0))
    text = parse_page(seed.read_text("utf-8"))

    def key(a):
        return (a.kind, a.kicker, a.title, a.subtitle, a.dateline, a.byline, a.body, a.caption)

    assert share == 0 and page.header == {"date": "2024-01-10", "number": 3, "name": "综合"}
    assert sorted(map(key, page.articles), key=str) == sorted(map(key, text.articles), key=str)
    assert all(a.area for a in page.articles)


def two_pages() -> bytes:
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    for seed in (21, 22):
        joined.import_pages(pdfium.PdfDocument(make_page(seed, "cid").pdf))
    buffer = io.BytesIO()
    joined.save(buffer)
    return buffer.getvalue()


def test_a_pdf_of_several_pages_imports_as_consecutive_pages(tmp_path):
    diagnostics, _, site = run(tmp_path, two_pages(), page=5)
    assert not [d for d in diagnostics if d.is_error]
    edition = yaml.safe_load((site / "content/2024-01-10/edition.yaml").read_text("utf-8"))
    assert [(p["number"], p["scan"], p["pdf"]) for p in edition["pages"]] == [
        (5, "2024-01-10/p05.jpg", "2024-01-10/p05.pdf"),
        (6, "2024-01-10/p06.jpg", "2024-01-10/p06.pdf"),
    ]
    assert len(open_pdf((site / "images/2024-01-10/p06.pdf").read_bytes())) == 1
    assert (site / "content/2024-01-10/p06-01.md").exists()


def test_pages_picks_the_pages_of_the_pdf_to_import(tmp_path):
    diagnostics, _, site = run(tmp_path, two_pages(), page=7, pdf_pages=(2, 2))
    assert not [d for d in diagnostics if d.is_error]
    pages = yaml.safe_load((site / "content/2024-01-10/edition.yaml").read_text("utf-8"))["pages"]
    assert [p["number"] for p in pages] == [7]
    second = make_page(22, "cid")
    assert second.articles[0].title in (site / "content/2024-01-10/p07-01.md").read_text("utf-8")
    diagnostics, _, _ = run(tmp_path, two_pages(), page=7, pdf_pages=(2, 3))
    assert [str(d) for d in diagnostics if d.is_error] == [
        f"{tmp_path / 'page.pdf'}: error: the PDF has 2 pages, not 3"
    ]


def test_importing_again_keeps_what_an_editor_changed(tmp_path):
    data = make_page(11, "cid").pdf
    run(tmp_path, data)
    first = tmp_path / "site/content/2024-01-10/p03-01.md"
    first.write_text(first.read_text("utf-8").replace("area: [", "area: [1, 1, 1, 1] #"), "utf-8")
    edited = first.read_text("utf-8")
    diagnostics, _, _ = run(tmp_path, data)
    assert any("already exists" in str(d) for d in diagnostics if d.is_error)
    assert first.read_text("utf-8") == edited
    diagnostics, _, _ = run(tmp_path, data, force=True)
    assert not [d for d in diagnostics if d.is_error] and first.read_text("utf-8") != edited


def test_a_page_listed_before_gets_its_image_and_pdf_and_keeps_its_name(tmp_path):
    folder = tmp_path / "site/content/2024-01-10"
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text(
        "# 第3456期\ndate: 2024-01-10\npages:\n  - number: 3\n    name: 综合  # 编辑定的名\n", "utf-8"
    )
    diagnostics, _, _ = run(tmp_path, make_page(11, "cid").pdf)
    assert not [d for d in diagnostics if d.is_error]
    text = (folder / "edition.yaml").read_text("utf-8")
    assert text.startswith("# 第3456期\n") and "name: 综合  # 编辑定的名\n" in text
    assert yaml.safe_load(text)["pages"] == [
        {"number": 3, "name": "综合", "pdf": "2024-01-10/p03.pdf", "scan": "2024-01-10/p03.jpg"}
    ]


@pytest.mark.parametrize("font, stroked", [("ttf", False), ("ttf", True), ("cid", True)])
def test_briefs_with_bold_run_in_titles_are_each_their_own_article(font, stroked):
    """Random pages whose briefs start with their title in bold (**标题**　正文
    in the text format), the bold face's or the body's face filled and
    stroked (fake bold, as layout systems export a Chinese face without a
    bold one): each brief is read as its own article, title, label, credit
    and text as set, its zone at IoU >= 0.9."""
    briefs = 0
    for seed in (1, 3, 11, 18, 19, 20, 21, 39):
        fixture, page, share, got, want = compare_page(make_page(seed, font, run_in=True, stroked=stroked))
        for truth, expected in zip(fixture.articles, want, strict=True):
            if truth.kicker not in ("短讯", "简讯", "快讯"):
                continue
            briefs += 1
            best = max(got, key=lambda g: iou(g[2], expected[2]))
            assert best[:2] == expected[:2] and iou(best[2], expected[2]) >= 0.9, (seed, best, expected)
    assert briefs >= 20
