"""The template environment: payload keys before attributes, strict about the rest."""

import jinja2
import pytest

from newsgen.render.pages import PayloadEnvironment


def render(source: str, **context) -> str:
    env = PayloadEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    return env.from_string(source).render(context)


def test_a_payload_key_is_found_before_an_attribute_of_the_same_name():
    assert render("{{ a.title }}|{{ a.items }}", a={"title": "要闻", "items": 3}) == "要闻|3"


def test_methods_and_objects_still_work_as_in_jinja():
    assert render("{% for k, v in a.items() %}{{ k }}={{ v }}{% endfor %}", a={"x": 1}) == "x=1"
    assert render("{{ d.year }}", d=__import__("datetime").date(2024, 1, 10)) == "2024"


def test_a_missing_key_is_still_an_error():
    with pytest.raises(jinja2.UndefinedError):
        render("{{ a.nothing }}", a={"title": "要闻"})
