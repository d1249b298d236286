"""Messages in the reader's language: English message ids, a Chinese catalog.

Code never holds translated text. A message is made as ``msg("unknown key
'{key}'", key=key)``: an English message id (the English text, with
``str.format`` fields) and its arguments. Diagnostics carry both, so they
can be cached, compared and printed in English (``str(d)``, the tests'
and the logs' form). The language is chosen once, where text leaves the
program (the CLI, the console, the preview's error page): a ``Translator``
for that language turns messages into text.

The language is chosen as command-line tools choose it (``choose_language``):
the first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is
set; Chinese (``zh…``) gives Chinese, another language English; when it is
unset or ``C``/``POSIX`` the environment says nothing, and the site's
``language`` from newsgen.yaml decides.

The catalog is ``zh_CN.po``, read by ``read_po`` below (a dozen lines of a
well-known format) into Python's ``gettext.NullTranslations``. Reading the
``.po`` itself, rather than a compiled ``.mo``, keeps one reviewable text
file in the repository and in the wheel, with no build step and no binary
to keep in step with it; the catalog is small, so reading it costs nothing.
"""

from __future__ import annotations

import ast
import gettext
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

ENGLISH, CHINESE = "en", "zh"
SAYS_NOTHING = {"", "C", "POSIX"}
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@dataclass(frozen=True, order=True)
class Msg:
    """A message id and its arguments (names and plain values)."""

    msgid: str
    args: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return ENGLISH_TEXT.text(self)


def msg(msgid: str, **args) -> Msg:
    """A message to translate later. Arguments are kept as text or numbers,
    or, for a message inside a message, as the pair (msgid, args)."""
    return Msg(msgid, tuple((name, _plain(value)) for name, value in args.items()))


def _plain(value):
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, Msg):
        return (value.msgid, value.args)
    return str(value)


def choose_language(environ: Mapping[str, str], site_language: str = "") -> str:
    """ENGLISH or CHINESE, as explained in the module's docstring."""
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if not value:
            continue
        tags = [_bare(tag).lower() for tag in value.split(":") if _bare(tag) not in SAYS_NOTHING]
        if not tags:
            break  # C: the site's language
        for tag in tags:  # the first language we have a catalog for (English is the source)
            if tag.startswith(("zh", "en")):
                return CHINESE if tag.startswith("zh") else ENGLISH
        return ENGLISH
    return CHINESE if site_language.lower().startswith("zh") else ENGLISH


def _bare(tag: str) -> str:
    """zh_CN.UTF-8@euro -> zh_CN"""
    return tag.split(".")[0].split("@")[0]


class Translator:
    """Turns messages into text in one language."""

    def __init__(self, language: str):
        self.language = language
        self.catalog = load_catalog() if language == CHINESE else gettext.NullTranslations()

    def text(self, message: Msg | str) -> str:
        if isinstance(message, str):  # plain text: translated if it is a message id without fields
            return self.catalog.gettext(message) if message else message
        args = {name: self.text(Msg(*value)) if isinstance(value, tuple) else value for name, value in message.args}
        template = self.catalog.gettext(message.msgid)
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):  # a catalog entry with wrong fields: the English text
            return message.msgid.format(**args)


ENGLISH_TEXT = Translator(ENGLISH)


class PoTranslations(gettext.NullTranslations):
    def __init__(self, entries: dict[str, str]):
        super().__init__()
        self.entries = entries

    def gettext(self, message: str) -> str:
        return self.entries.get(message) or message


@cache
def load_catalog() -> PoTranslations:
    text = resources.files(__name__).joinpath("zh_CN.po").read_text("utf-8")
    return PoTranslations(read_po(text))


def read_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of a gettext ``.po`` file: entries marked fuzzy, and
    untranslated ones, are left out (gettext's msgfmt does the same)."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    current, fuzzy = "", False

    def close():
        if fields.get("msgid") and fields.get("msgstr") and not fuzzy:
            entries[fields["msgid"]] = fields["msgstr"]
        fields.clear()

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            close()
            fuzzy = False
        elif line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            current, _space, quoted = line.partition(" ")
            if current == "msgid" and "msgstr" in fields:
                close()
            fields[current] = ast.literal_eval(quoted)
    return entries


def fields_of(template: str) -> set[str]:
    """The ``str.format`` field names of a message (to check translations)."""
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
