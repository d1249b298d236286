"""newsgen.yaml -> SiteConfig: a typed, validated, frozen configuration.

Every option is declared once, in ``OPTIONS``: its key, type, default,
check and one-line doc. ``SiteConfig``, the unknown-key hints and the
option table of docs/content-format.md are made from that list."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsgen.config.options import OPTIONS, RAW_HTML_MODES, SECTIONS, TOP_LEVEL, Option
from newsgen.content.model import MarkdownOptions
from newsgen.content.yamlfile import decode_text, load_yaml
from newsgen.errors import Diagnostic, did_you_mean, error
from newsgen.i18n import msg

__all__ = ["CONFIG_FILE", "DEFAULTS", "OPTIONS", "RAW_HTML_MODES", "Option", "SiteConfig", "load_config"]

CONFIG_FILE = "newsgen.yaml"


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


if TYPE_CHECKING:
    # What the type checker reads: SiteConfig as made from OPTIONS below
    # (tests/test_config.py checks that the two name the same fields).

    @dataclasses.dataclass(frozen=True)
    class SiteConfig(_ConfigBase):
        title: str
        base_url: str  # always ends with "/"
        language: str = "zh-CN"
        theme: str = "default"
        per_page: int = 20
        image_widths: tuple[int, ...] = (480, 960, 1600)
        feed_size: int = 50
        cache_dir: str = ".newsgen-cache"
        raw_html: str = "sanitize"
        iframe_hosts: tuple[str, ...] = ()
        search: bool = True
        footer_sponsor: str = ""
        footer_copyright: str = ""
        footer_icp: str = ""
        footer_police: str = ""
        footer_hotline: str = ""
        footer_email: str = ""
        footer_report: str = ""

else:
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
        default = "required" if o.required else f"`{o.hint or yaml_scalar(o.default)}`" if o.default != "" else "none"
        rows.append(f"| `{o.key}` | {o.expected} | {default} | {o.doc} |")
    return "\n".join(rows) + "\n"


def yaml_scalar(value: object) -> str:
    """An option's value as newsgen.yaml writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
