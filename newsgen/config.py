"""newsgen.yaml -> SiteConfig: a typed, validated, frozen configuration.

Every option is declared once, in ``OPTIONS``: its key, type, default,
check and one-line doc. ``SiteConfig``, the unknown-key hints and the
option table of docs/content-format.md are made from that list."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsgen.content.markdown import MarkdownOptions
from newsgen.content.yamlfile import decode_text, load_yaml
from newsgen.errors import Diagnostic, did_you_mean, error
from newsgen.i18n import msg

CONFIG_FILE = "newsgen.yaml"
RAW_HTML_MODES = ("sanitize", "escape", "allow")

# A check takes the value as written and returns (value to keep, message,
# hint); a message means the value is refused.
Check = Callable[[object], tuple[object, str, str]]


@dataclass(frozen=True)
class Option:
    key: str  # as written in newsgen.yaml; "images.widths" is `widths` under `images`
    kind: type  # the YAML type expected; object: the check decides alone
    expected: str  # how the type is named in messages and the docs
    default: object
    doc: str  # one line, for docs/content-format.md
    field: str = ""  # SiteConfig's attribute; default: the key
    required: bool = False
    check: Check | None = None
    hint: str = ""  # how the default is shown in the docs, when not as YAML
    example: str = ""  # a value to show in the newsgen.yaml `newsgen init` writes, when not the default
    zh: str = ""  # the doc line in Chinese, for the comments of that newsgen.yaml

    @property
    def name(self) -> str:
        return self.field or self.key


def _base_url(value):
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced "[" read as an IPv6 address
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return value, msg("base_url must be an absolute http(s) URL, not '{base_url}'", base_url=value), ""
    return (value if value.endswith("/") else value + "/"), "", ""


def _theme(value):
    if not value or "/" in value or "\\" in value or value.startswith("."):
        return value, msg("theme must be a folder name under themes/, not '{theme}'", theme=value), ""
    return value, "", ""


def _per_page(value):
    return value, (msg("per_page must be at least 1") if value < 1 else ""), ""


def _raw_html(value):
    if value not in RAW_HTML_MODES:
        return (
            value,
            msg("raw_html must be one of {modes}", modes=", ".join(RAW_HTML_MODES)),
            did_you_mean(value, RAW_HTML_MODES),
        )
    return value, "", ""


def _widths(value):
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in value)
    ):
        return (), msg("images.widths must be a list of pixel widths between 16 and 8192"), ""
    return tuple(sorted(set(value))), "", ""


def _hosts(value):
    return tuple(str(h).lower() for h in value), "", ""


def _pattern(key: str, regex: str, example: str) -> Check:
    compiled = re.compile(regex)

    def check(value):
        value, message, _ = _text(value)
        if message:
            return (
                value,
                msg("footer.{key} must be {example}, not {value}", key=key, example=example, value=repr(value)),
                "",
            )
        if value and not compiled.fullmatch(value):
            return value, msg("footer.{key} does not look like {example}", key=key, example=example), ""
        return value, "", ""

    return check


def _text(value):
    """One line of text; a number as YAML reads 12345678 is taken as text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return value, "not text", ""
    return " ".join(str(value).split()), "", ""


FOOTER_ZH = {
    "sponsor": "主办单位",
    "copyright": "版权声明；不填则为 © 和报名",
    "icp": "ICP 备案号，链接到工信部备案网站",
    "police": "公安网安备案号，链接到其备案信息",
    "hotline": "新闻热线",
    "email": "投稿邮箱",
    "report": "违法和不良信息举报电话或邮箱，附中国互联网违法和不良信息举报中心的链接",
}


def _footer(key: str, expected: str, doc: str, example: str, check: Check | None = None) -> Option:
    check = check or _pattern(key, r".*", "text")
    zh = FOOTER_ZH[key]
    return Option(f"footer.{key}", object, expected, "", doc, f"footer_{key}", check=check, example=example, zh=zh)


FOOTER = (
    _footer("sponsor", "text", "主办单位, e.g. `中共某某县委宣传部`", "中共某某县委宣传部"),
    _footer(
        "copyright",
        "text",
        "the copyright line, e.g. `版权所有 © 某某县融媒体中心`; default: © and the title",
        "版权所有 © 某某县融媒体中心",
    ),
    _footer(
        "icp",
        "an ICP number such as 黔ICP备12345678号",
        "ICP 备案号, linked to the MIIT filing site (https://beian.miit.gov.cn/)",
        "黔ICP备12345678号-1",
        _pattern("icp", r"[\u4e00-\u9fff]ICP备\d{6,10}号(-\d{1,3})?", "an ICP number such as 黔ICP备12345678号-1"),
    ),
    _footer(
        "police",
        "a number such as 黔公网安备 52030202000123号",
        "公安网安备案号, linked to its record on the public security filing site",
        "黔公网安备 52030202000123号",
        _pattern("police", r"[\u4e00-\u9fff]公网安备 ?\d{14}号", "a number such as 黔公网安备 52030202000123号"),
    ),
    _footer(
        "hotline",
        "a phone number",
        "新闻热线, e.g. `0851-12345678`",
        "0851-12345678",
        _pattern("hotline", r"[0-9+][0-9 ()（）-]{2,24}", "a phone number such as 0851-12345678"),
    ),
    _footer(
        "email",
        "an e-mail address",
        "投稿邮箱",
        "tougao@example.cn",
        _pattern("email", r"[^@\s]+@[^@\s]+\.[^@\s]+", "an e-mail address such as tougao@example.cn"),
    ),
    _footer(
        "report",
        "a phone number or e-mail address",
        "违法和不良信息举报 (phone or e-mail); shown with a link to the national reporting centre (https://www.12377.cn/)",
        "0851-87654321",
        _pattern("report", r"[0-9+][0-9 ()（）-]{2,24}|[^@\s]+@[^@\s]+\.[^@\s]+", "a phone number or e-mail address"),
    ),
)


OPTIONS: tuple[Option, ...] = (
    Option(
        "title", str, "a string", None, "the paper's name, shown in the masthead", zh="报名，显示在报头", required=True
    ),
    Option(
        "base_url",
        str,
        "a URL",
        None,
        "absolute URL of the site (links in feeds, sitemaps, canonical tags); may end in a sub-path",
        zh="网站的完整地址（订阅、站点地图、规范链接用），可以带子路径",
        required=True,
        check=_base_url,
    ),
    Option("language", str, "a language tag such as zh-CN", "zh-CN", "the pages' language", zh="网页的语言"),
    Option(
        "theme",
        str,
        "a theme folder name",
        "default",
        "a folder under themes/",
        zh="主题：themes/ 下的文件夹名",
        check=_theme,
    ),
    Option(
        "per_page",
        int,
        "a whole number",
        20,
        "entries per page of every paginated list",
        zh="分页列表每页的条数",
        check=_per_page,
    ),
    Option(
        "images.widths",
        object,
        "a list of pixel widths",
        (480, 960, 1600),
        "widths of the resized copies of every image",
        zh="图片缩放后的各个宽度（像素）",
        field="image_widths",
        check=_widths,
        hint="[480, 960, 1600]",
    ),
    Option(
        "feed_size",
        int,
        "a whole number",
        50,
        "entries in feed.xml (newest editions first, print order)",
        zh="feed.xml 中的文章数（最新一期在前）",
    ),
    Option(
        "cache_dir",
        str,
        "a folder path",
        ".newsgen-cache",
        "the build cache, relative to the site root (or absolute); safe to keep between CI runs",
        zh="构建缓存的文件夹（相对网站根目录），CI 中可以保留",
    ),
    Option(
        "raw_html",
        str,
        "one of " + ", ".join(RAW_HTML_MODES),
        "sanitize",
        "raw HTML in article bodies: `sanitize` keeps a safe allowlist (no scripts, handlers, `javascript:` links),"
        " `escape` shows it as text, `allow` passes it through (trusted sites only)",
        zh="正文中的 HTML：sanitize 只留安全的标签，escape 显示为文字，allow 不处理（仅限可信网站）",
        check=_raw_html,
    ),
    Option(
        "iframe_hosts",
        list,
        "a list of host names such as player.bilibili.com",
        (),
        "hosts whose `https` iframes (embedded video) survive sanitising, e.g. `[player.bilibili.com]`",
        zh="允许嵌入 https iframe（视频）的网站，如 [player.bilibili.com]",
        check=_hosts,
        hint="[]",
    ),
    Option(
        "search",
        bool,
        "true or false",
        True,
        "build the search index with each build (`newsgen build --no-search` skips it once)",
        zh="每次构建后生成站内搜索索引",
    ),
    *FOOTER,
)
SECTIONS = {o.key.partition(".")[0] for o in OPTIONS if "." in o.key}  # keys whose value is a mapping of options
TOP_LEVEL = {o.key.partition(".")[0] for o in OPTIONS}


class _ConfigBase:
    """What SiteConfig has besides its options."""

    @property
    def markdown(self) -> MarkdownOptions:
        return MarkdownOptions(self.raw_html, self.iframe_hosts)  # type: ignore[attr-defined]

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/paper/"."""
        return urlsplit(self.base_url).path or "/"  # type: ignore[attr-defined]


def _field(option: Option):
    if option.required:
        return (option.name, object)
    return (option.name, object, dataclasses.field(default=option.default))


SiteConfig = dataclasses.make_dataclass(
    "SiteConfig",
    [_field(o) for o in sorted(OPTIONS, key=lambda o: not o.required)],
    bases=(_ConfigBase,),
    frozen=True,
    namespace={"__module__": __name__},
)
SiteConfig.__doc__ = "newsgen.yaml, validated: one attribute per entry of OPTIONS."
DEFAULTS = SiteConfig(**{o.name: "" for o in OPTIONS if o.required})  # what a site without newsgen.yaml would get


def load_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [
            error(
                CONFIG_FILE,
                0,
                0,
                msg("configuration file not found"),
                msg("run newsgen in the site root or pass --root"),
            )
        ]
    text, problems = decode_text(path.read_bytes(), CONFIG_FILE)
    if text is None:
        return None, problems
    doc, problems = load_yaml(text, CONFIG_FILE)
    if problems:
        return None, problems
    return parse_config(doc.data, doc.lines)


def parse_config(data: object, lines: dict) -> tuple[SiteConfig | None, list[Diagnostic]]:
    if not isinstance(data, dict):
        return None, [error(CONFIG_FILE, 1, 1, msg("the configuration must be a mapping of keys to values"))]
    problems: list[Diagnostic] = []

    def at(key):
        return lines.get(key, (1, 1))

    written = _flatten(data, at, problems)
    for option in OPTIONS:
        if option.required and option.key not in written:
            problems.append(error(CONFIG_FILE, 1, 1, msg("missing required key '{key}'", key=option.key)))
    if problems:
        return None, problems
    values = {}
    for option in OPTIONS:
        if option.key not in written:
            values[option.name] = option.default
            continue
        value, where = written[option.key]
        if option.check is not None:
            value, message, hint = option.check(value)
            if message:
                problems.append(error(CONFIG_FILE, *where, message, hint))
        values[option.name] = value
    if problems:
        return None, problems
    return SiteConfig(**values), []


def _flatten(data: dict, at, problems: list[Diagnostic]) -> dict[str, tuple[object, tuple[int, int]]]:
    """{option key: (value, (line, col))} of what newsgen.yaml says; unknown
    keys and values of the wrong type reported."""
    options = {o.key: o for o in OPTIONS}
    written = {}
    for key, value in data.items():
        where = at(key)
        if key in SECTIONS and key not in options:
            if not isinstance(value, dict):
                problems.append(
                    error(
                        CONFIG_FILE, *where, msg("'{key}' must be a mapping, not {value}", key=key, value=repr(value))
                    )
                )
                continue
            inner = [o.key.partition(".")[2] for o in OPTIONS if o.key.startswith(key + ".")]
            for sub, subvalue in value.items():
                if sub not in inner:
                    problems.append(
                        error(
                            CONFIG_FILE,
                            *where,
                            msg("unknown key '{key}'", key=f"{key}.{sub}"),
                            did_you_mean(str(sub), inner),
                        )
                    )
                else:
                    written[f"{key}.{sub}"] = (subvalue, where)
            continue
        if key not in options:
            problems.append(
                error(CONFIG_FILE, *where, msg("unknown key '{key}'", key=key), did_you_mean(str(key), TOP_LEVEL))
            )
            continue
        kind = options[key].kind
        if kind is not object and (not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool)):
            problems.append(
                error(
                    CONFIG_FILE,
                    *where,
                    msg("'{key}' must be {name}, not {value}", key=key, name=options[key].expected, value=repr(value)),
                )
            )
            continue
        written[key] = (value, where)
    return written


def options_markdown() -> str:
    """The option table of docs/content-format.md."""
    rows = ["| key | value | default | meaning |", "|---|---|---|---|"]
    for o in OPTIONS:
        default = "required" if o.required else f"`{o.hint or _yaml(o.default)}`" if o.default != "" else "none"
        rows.append(f"| `{o.key}` | {o.expected} | {default} | {o.doc} |")
    return "\n".join(rows) + "\n"


def _yaml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
