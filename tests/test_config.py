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
