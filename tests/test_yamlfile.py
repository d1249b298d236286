from newsgen.content.yamlfile import decode_text, load_yaml


def test_key_lines_are_file_lines():
    doc, problems = load_yaml("title: 你好\npage: 3\n", "a.md", first_line=2)
    assert problems == []
    assert doc.data == {"title": "你好", "page": 3}
    assert doc.lines["page"] == (3, 1)


def test_syntax_error_has_position():
    _doc, problems = load_yaml("title: [a\npage: 3\n", "a.md", first_line=2)
    assert [str(p) for p in problems] == [
        "a.md:3:5: error: invalid YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']' (started at line 2)"
    ]


def test_duplicate_key_is_an_error():
    _doc, problems = load_yaml("title: a\npage: 1\ntitle: b\n", "a.md", first_line=2)
    assert [str(p) for p in problems] == ["a.md:4:1: error: duplicate key 'title' (first at line 2)"]


def test_alias_bomb_is_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    _doc, problems = load_yaml("\n".join(lines), "bomb.yaml")
    assert problems and "alias bomb" in problems[0].message


def test_python_objects_are_not_constructed():
    _doc, problems = load_yaml("x: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")
    assert problems and problems[0].is_error


def test_bom_and_crlf_are_accepted():
    text, problems = decode_text("\ufefftitle: 你好\r\npage: 1\r\n".encode("utf-8"), "a.md")
    assert problems == [] and text == "title: 你好\npage: 1\n"


def test_invalid_utf8_names_the_byte_offset():
    _text, problems = decode_text("title: 你好\n".encode() + b"\xff\xfe", "a.md")
    assert str(problems[0]) == "a.md:2: error: file is not valid UTF-8 (byte offset 14) (save it as UTF-8)"
