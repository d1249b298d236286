"""Property tests: whatever an editor (or an attacker) writes, newsgen
answers with a page or a reported problem, never a crash or a script."""

import datetime as dt
import re

from conftest import CONFIG, EDITION, article, basic_files, run_build, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config import parse_config
from newsgen.content.articles import parse_article
from newsgen.content.editions import parse_edition
from newsgen.content.markdown import Converter
from newsgen.content.yamlfile import load_yaml

DATE = dt.date(2024, 1, 10)
VALID = article(
    "医保政策宣传进万家",
    1,
    "为营造良好氛围。\n\n### 小标题\n\n正文[^1]。\n\n[^1]: 注。",
    kicker="余庆县医疗保障局",
    dateline="本报讯",
    byline="[{name: 张婷, role: 记者}, 李四]",
    tags="[医保]",
    area="[1, 2, 30, 40]",
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutate(text: str, edits) -> str:
    """Apply (position, length, replacement) edits: deletions, insertions, swaps."""
    for position, length, replacement in edits:
        position %= len(text) + 1
        text = text[:position] + replacement + text[position + length :]
    return text


EDITS = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.integers(0, 8),
        st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#\n\t 0123456789ab张")), max_size=6),
    ),
    min_size=1,
    max_size=6,
)


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_as_an_article_are_reported_not_raised(raw):
    article_, problems = parse_article(raw, "content/2024-01-10/x.md", DATE)
    assert article_ is not None or problems


@FAST
@given(EDITS)
def test_mutated_articles_parse_or_report(edits):
    text = mutate(VALID, edits)
    article_, problems = parse_article(text.encode("utf-8"), "content/2024-01-10/x.md", DATE)
    assert article_ is not None or any(p.is_error for p in problems)
    for p in problems:
        assert p.path == "content/2024-01-10/x.md" and p.line >= 0


@FAST
@given(EDITS)
def test_mutated_editions_parse_or_report(edits):
    raw = mutate(EDITION, edits).encode("utf-8")
    edition, problems = parse_edition(raw, "content/2024-01-10/edition.yaml", DATE)
    assert edition is not None or problems


@FAST
@given(EDITS)
def test_mutated_configs_parse_or_report(edits):
    doc, problems = load_yaml(mutate(CONFIG + "per_page: 20\nimages:\n  widths: [480, 960]\n", edits), "newsgen.yaml")
    if not problems:
        config, problems = parse_config(doc.data, doc.lines)
        assert config is not None or problems


HTML_PIECES = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "<style>body{display:none}</style>",
        '<div style="position:fixed">x</div>',
        "<svg onload=alert(1)>",
        '<iframe src="https://evil.example/"></iframe>',
        "<scr<script>ipt>",
        "<!-- -->",
        "<p>",
        "</div>",
        '<a href=" javascript:x">',
        "<math><mi xlink:href=javascript:x>",
        '<form action="javascript:x">',
        "**粗**",
        "\n\n",
        "文字",
        '<a href="/ok/">ok</a>',
        "<b onclick='x()'>b</b>",
        "&lt;script&gt;",
    ]
)


@FAST
@given(st.lists(HTML_PIECES, min_size=1, max_size=12))
def test_raw_html_never_leaves_a_script_a_handler_or_a_javascript_url(pieces):
    html = Converter().convert("".join(pieces)).html.lower()
    assert "<script" not in html and "<style" not in html and "<iframe" not in html
    assert not re.search(r"<[^>]*\son\w+\s*=", html)
    assert not re.search(r"(href|src|action|xlink:href)\s*=\s*\"?\s*(javascript|data):", html)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(EDITS, st.sampled_from(["content/2024-01-10/yibao.md", "content/2024-01-10/edition.yaml", "newsgen.yaml"]))
def test_a_build_with_any_mutated_file_builds_or_reports(tmp_path_factory, edits, target):
    root = write_files(tmp_path_factory.mktemp("site"), basic_files())
    path = root / target
    path.write_text(mutate(path.read_text("utf-8"), edits), "utf-8")
    report = run_build(root)
    assert report.failed or (root / "site/index.html").is_file()
    for problem in report.diagnostics:
        assert re.match(r"^[^:]+(:\d+)?(:\d+)?: (error|warning): ", str(problem))
