from conftest import write_files

from newsgen.config import load_config


def config_messages(tmp_path, text):
    write_files(tmp_path, {"newsgen.yaml": text})
    config, problems = load_config(tmp_path)
    return config, [str(p) for p in problems]


def test_defaults(tmp_path):
    config, problems = config_messages(tmp_path, "title: 遵义日报\nbase_url: https://a.org/paper\n")
    assert problems == []
    assert config.base_url == "https://a.org/paper/" and config.base_path == "/paper/"
    assert config.language == "zh-CN" and config.per_page == 20 and config.image_widths == (480, 960, 1600)


def test_unknown_key_with_hint(tmp_path):
    _c, problems = config_messages(tmp_path, "title: 报\nbase_url: https://a.org/\nper_pge: 10\n")
    assert problems == ["newsgen.yaml:3:1: error: unknown key 'per_pge' (did you mean 'per_page'?)"]


def test_missing_title_and_bad_type(tmp_path):
    _c, problems = config_messages(tmp_path, "base_url: https://a.org/\nper_page: many\n")
    assert problems == [
        "newsgen.yaml:2:1: error: 'per_page' must be a whole number, not 'many'",
        "newsgen.yaml:1:1: error: missing required key 'title'",
    ]


def test_relative_base_url_is_refused(tmp_path):
    _c, problems = config_messages(tmp_path, "title: 报\nbase_url: /paper/\n")
    assert problems == ["newsgen.yaml:2:1: error: base_url must be an absolute http(s) URL, not '/paper/'"]


def test_missing_file(tmp_path):
    _c, problems = load_config(tmp_path)
    assert [str(p) for p in problems] == [
        "newsgen.yaml: error: configuration file not found (run newsgen in the site root or pass --root)"
    ]


def test_the_docs_option_table_is_the_option_table():
    from conftest import REPO

    from newsgen.config import options_markdown

    text = (REPO / "docs" / "content-format.md").read_text(encoding="utf-8")
    table = text.split("<!-- options: begin -->\n", 1)[1].split("<!-- options: end -->", 1)[0]
    assert table == options_markdown()


def test_every_option_is_a_config_field_with_its_default(tmp_path):
    from newsgen.config import OPTIONS

    config, problems = config_messages(tmp_path, "title: 报\nbase_url: https://a.org/\n")
    assert problems == []
    for option in OPTIONS:
        if not option.required:
            assert getattr(config, option.name) == option.default, option.key


def test_unknown_key_hints_come_from_the_table(tmp_path):
    _c, problems = config_messages(tmp_path, "title: 报\nbase_url: https://a.org/\nfeed_sise: 3\nimages: {widht: 1}\n")
    assert problems == [
        "newsgen.yaml:3:1: error: unknown key 'feed_sise' (did you mean 'feed_size'?)",
        "newsgen.yaml:4:1: error: unknown key 'images.widht' (did you mean 'widths'?)",
    ]


def test_the_type_checkers_view_of_site_config_names_every_option_with_its_default():
    """config/__init__.py spells SiteConfig out for mypy (it is made from
    OPTIONS at run time): the two must agree, field by field."""
    import ast
    import dataclasses
    from pathlib import Path

    import newsgen.config as config

    tree = ast.parse(Path(config.__file__).read_text("utf-8"))
    view = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "SiteConfig")
    spelled = {
        node.target.id: (ast.literal_eval(node.value) if node.value is not None else "required")
        for node in view.body
        if isinstance(node, ast.AnnAssign)
    }
    made = {
        f.name: ("required" if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(config.SiteConfig)
    }
    assert spelled == made
