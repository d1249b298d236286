"""The options of newsgen.yaml, each declared once: key, type, default,
check, one-line doc (and its Chinese, for the file `newsgen init` writes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsgen.errors import did_you_mean
from newsgen.i18n import msg

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
