"""Labels in the site's language, and how that language writes numbers and punctuation.

A catalogue is a flat YAML mapping of label key to text, in ``locales/<code>.yml``.
A language without a catalogue, or a key missing from one, falls back to English.
Keys starting with ``typo_`` are not labels but the language's typographic rules
(decimal sign, minus sign, the space before ``: ; ! ?``, quotes), so that a
language added by copying ``en.yml`` carries its own rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

LOCALES = Path(__file__).parent.parent / "locales"

#: Punctuation that takes the language's space before it (French: a narrow no-break space).
_HIGH_PUNCTUATION = re.compile(r"[ \u00a0\u202f]*([:;!?»])")
_OPENING_QUOTE = re.compile(r"«[ \u00a0\u202f]*")


def language_code(language: str) -> str:
    """The language of a theme's `language` setting: ``fr`` for ``fr``, ``fr-CA`` or ``fr_BE``."""
    return language.split("-")[0].split("_")[0].lower()


_FIELD = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, **values: str) -> str:
    """`template` with each ``{name}`` replaced by its value, in one pass.

    A value is never read again: an objective written ``{new} {old}`` stays
    as written, where replacing one name after another would fill it too.
    A name without a value is left as it is.
    """
    return _FIELD.sub(lambda m: values.get(m[1], m[0]), template)


@lru_cache(maxsize=16)
def catalogue(language: str) -> dict[str, str]:
    english: dict[str, str] = yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8"))
    code = language_code(language)
    path = LOCALES / f"{code}.yml"
    if code == "en" or not path.is_file():
        return english
    merged = {**english, **yaml.safe_load(path.read_text(encoding="utf-8"))}
    typo = Typography(merged)
    # Labels are ours: they follow the language's punctuation rules (author text is left as written).
    return {key: value if key.startswith("typo_") else typo.text(value) for key, value in merged.items()}


def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


class Typography:
    """Numbers, labels and punctuation as the site's language writes them."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.decimal = labels.get("typo_decimal", ".")
        self.minus = labels.get("typo_minus", "-")
        self.space = labels.get("typo_space_before_punctuation", "")
        self.open_quote = labels.get("typo_open_quote", "\u201c")
        self.close_quote = labels.get("typo_close_quote", "\u201d")
        self.list_separator = labels.get("typo_list_separator", ", ")
        #: What separates a label from its value in running text: ":" or " :" (narrow no-break space).
        self.colon = f"{self.space}:"
        #: Between the parts of one sentence: "; " or " ; " (narrow no-break space).
        self.semicolon = f"{self.space}; "

    def number(self, value: float, digits: int = 2) -> str:
        """``-1.5`` in English, ``\u22121,5`` (minus sign, decimal comma) in French; whole numbers without decimals."""
        text = f"{abs(value):.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else str(abs(int(value)))
        text = text.replace(".", self.decimal)
        return f"{self.minus}{text}" if value < 0 else text

    def text(self, text: str) -> str:
        """Our own text with the language's space before ``: ; ! ?`` and inside « »."""
        if not self.space:
            return text
        text = _HIGH_PUNCTUATION.sub(lambda m: self._before(m), text)
        return _OPENING_QUOTE.sub("«" + self.space, text)

    def _before(self, match: re.Match[str]) -> str:
        mark = match.group(1)
        start = match.start()
        # "http://", "10:30" and the like: a colon between two non-spaces is not punctuation.
        source = match.string
        if mark == ":" and match.group(0) == ":" and start + 1 < len(source) and not source[start + 1].isspace():
            return ":"
        return self.space + mark

    def label(self, text: str) -> str:
        """A label before its value: ``Phase:`` in English, ``Phase :`` (narrow no-break space) in French."""
        return f"{text}{self.space}:"

    def quote(self, text: str) -> str:
        """Words in the language's quotes; rendered author text (Markup) stays Markup."""
        if isinstance(text, Markup):
            return Markup("{}{}{}{}{}").format(self.open_quote, self.space, text, self.space, self.close_quote)
        return f"{self.open_quote}{self.space}{text}{self.space}{self.close_quote}"

    def join(self, items: list[str]) -> Markup:
        """Items in a sentence, joined as the language lists them (each escaped unless already Markup)."""
        return Markup(escape(self.list_separator)).join(escape(item) for item in items)

    def level(self, word: str, value: float) -> str:
        """An emotion level with its value: ``negative (-1.5)``; in French a minus sign and a decimal comma."""
        return f"{word} ({self.number(value)})"
