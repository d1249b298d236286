"""Task -> bytes. Runs in worker processes: each has its own Jinja
environment and reads article HTML by key through ``fragment``."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import jinja2

from newsgen.codeid import CODE_ID
from newsgen.content.markdown import IMAGE_SCHEME
from newsgen.render.task import Task
from newsgen.render.theme import Theme

IMG_PLACEHOLDER = re.compile(r'<img\s[^>]*\bsrc="' + re.escape(IMAGE_SCHEME) + r'([^"]*)"[^>]*>')
ALT = re.compile(r'\balt="([^"]*)"')
FIRST_PARAGRAPH = re.compile(r"^\s*<p>")


class PayloadEnvironment(jinja2.Environment):
    """Template contexts are plain dicts (task payloads). Jinja's ``a.title``
    tries the attribute first and the key only after an AttributeError: a
    raised exception for every field of every page, a quarter of the render
    time. Here a dict's key comes first; anything else is as in Jinja."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_environment(theme: Theme, compiled: Path | None = None) -> jinja2.Environment:
    """Strict (a typo in a template fails loudly) and autoescaping.
    ``compiled``: a folder for compiled templates, so that a build does not
    compile them again (tens of milliseconds, in every worker). Jinja checks
    each against its template's source; the file names hold newsgen's code
    identity, since the options here decide the compiled code too."""
    bytecode = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled), f"%s-{CODE_ID[:16]}.jinja")
    env = PayloadEnvironment(
        bytecode_cache=bytecode,
        loader=jinja2.FileSystemLoader(theme.template_dirs),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


class Renderer:
    def __init__(
        self, theme: Theme, site: dict, shared: dict, fragment: Callable[[str], str], compiled: Path | None = None
    ):
        self.shared = shared
        self.env = make_environment(theme, compiled)
        self.env.globals["image_html"] = image_html
        self.env.globals["site"] = site
        # JSON-LD: Chinese as is (readable, a third of the size of \uXXXX
        # escapes) and keys in the order the plan wrote them. tojson still
        # escapes <, >, & and ' so a value cannot end the <script> element.
        self.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
        self.fragment = fragment  # fragment key -> the article body's HTML
        self._templates: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def render(self, task: Task) -> bytes:
        if not task.template:
            return Path(task.payload).read_bytes()
        context = self.context(task)
        if "article" in context and context["article"].get("fragment"):
            context["article"] = dict(context["article"], body=self.article_body(context["article"]))
        return self.template(task.template).render(context).encode("utf-8")

    def context(self, task: Task) -> dict:
        """The payload joined with the shared values it refers to."""
        context = task.context()
        for name, ref in task.shared:
            value = self.shared[ref]
            context[name] = {**value, **context[name]} if name in context else value
        for name, refs in task.lists:
            context[name] = [self.shared[ref] for ref in refs]
        return context

    def article_body(self, article: dict) -> str:
        body = self.fragment(article["fragment"])
        images = article["body_images"]

        def picture(match: re.Match) -> str:
            ref = html.unescape(match.group(1))
            alt_match = ALT.search(match.group(0))
            alt = html.unescape(alt_match.group(1)) if alt_match else ""
            info = images.get(ref)
            return image_html(info, alt) if info else match.group(0)

        body = IMG_PLACEHOLDER.sub(picture, body)
        if article["dateline"]:
            lead = f'<p><span class="dateline">{html.escape(article["dateline"])}</span> '
            body = (
                FIRST_PARAGRAPH.sub(lead, body, count=1)
                if FIRST_PARAGRAPH.match(body)
                else f'<p class="dateline-only"><span class="dateline">{html.escape(article["dateline"])}</span></p>\n'
                + body
            )
        return body


def image_html(info: dict, alt: str, eager: bool = False) -> str:
    """<picture> with a WebP source and a JPEG/PNG fallback, sized so the
    layout does not shift; lazy unless it is the first image of a page."""
    esc = html.escape
    loading = 'fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'
    sources = "".join(
        f'<source type="{esc(s["type"])}" srcset="{esc(s["srcset"])}" sizes="{esc(info["sizes"])}">'
        for s in info.get("sources", ())
    )
    srcset = f' srcset="{esc(info["srcset"])}" sizes="{esc(info["sizes"])}"' if info.get("srcset") else ""
    img = (
        f'<img src="{esc(info["src"])}"{srcset} width="{info["width"]}" height="{info["height"]}" '
        f'alt="{esc(alt)}" {loading}>'
    )
    return f"<picture>{sources}{img}</picture>" if sources else img
