"""Labels in the site's language, and how that language writes numbers and punctuation.

A catalogue is a flat YAML mapping of label key to text, in ``locales/<code>.yml``.
A language without a catalogue, or a key missing from one, falls back to English.
Keys starting with ``typo_`` are not labels but the language's typographic rules
(decimal sign, thousands separator, minus sign, the space before ``: ; ! ?``,
quotes), so that a language added by copying ``en.yml`` carries its own rules.
A language without a catalogue (``de``, ``es``…) has English labels and the
number rules of Babel's locale data (``12.840``, ``1,5`` in German); a catalogue's
own ``typo_`` keys win over Babel's (French keeps its minus sign and spaces).
Periods are written as the language writes them (``T3 2026``, ``septembre 2026``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError, dates, numbers
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


def babel_locale(language: str) -> str:
    """Babel's name of a theme's `language` (``pt_BR`` for ``pt-BR``); ``en`` when Babel does not know it."""
    try:
        return str(Locale.parse(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return str(Locale.parse(language_code(language)))
        except (UnknownLocaleError, ValueError, TypeError):
            return "en"


def babel_rules(locale: str) -> dict[str, str]:
    """The number rules of Babel's locale data, as ``typo_`` keys: decimal sign, grouping, percent spacing."""
    found = Locale.parse(locale)
    pattern = found.percent_formats[None].pattern
    before = pattern[pattern.index("%") - 1] if pattern.index("%") > 0 else ""
    return {
        "typo_locale": locale,
        "typo_decimal": numbers.get_decimal_symbol(found),
        "typo_group": numbers.get_group_symbol(found),
        "typo_percent_space": before if before.isspace() else "",
    }


@lru_cache(maxsize=16)
def catalogue(language: str) -> dict[str, str]:
    english: dict[str, str] = yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8"))
    code = language_code(language)
    path = LOCALES / f"{code}.yml"
    locale = babel_locale(language)
    if code == "en":
        return {**english, "typo_locale": locale}
    if not path.is_file():
        # English words, the language's own numbers and periods.
        return {**english, **babel_rules(locale)}
    merged = {**english, **babel_rules(locale), **yaml.safe_load(path.read_text(encoding="utf-8"))}
    merged["typo_locale"] = locale
    typo = Typography(merged)
    # Labels are ours: they follow the language's punctuation rules (author text is left as written).
    return {key: value if key.startswith("typo_") else typo.text(value) for key, value in merged.items()}


def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


class Typography:
    """Numbers, labels and punctuation as the site's language writes them."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.decimal = labels.get("typo_decimal", ".")
        self.group = labels.get("typo_group", "")
        self.locale = labels.get("typo_locale", "en")
        self.percent_space = labels.get("typo_percent_space", "")
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
        """``-1.5`` in English, ``\u22121,5`` (minus sign, decimal comma) in French; whole numbers without decimals.

        Thousands are grouped as the language groups them: ``12,840``, ``12\u202f840``
        (narrow no-break space) in French, ``12.840`` in German.
        """
        text = f"{abs(value):.{digits}f}".rstrip("0").rstrip(".") if value != int(value) else str(abs(int(value)))
        whole, _, fraction = text.partition(".")
        text = _grouped(whole, self.group, _grouping(self.locale)) + (self.decimal + fraction if fraction else "")
        return f"{self.minus}{text}" if value < 0 else text

    def percent(self, value: float, digits: int = 2) -> str:
        """``88.2%`` in English, ``88,2\u202f%`` in French, ``88,2\u00a0%`` in German."""
        return f"{self.number(value, digits)}{self.percent_space}%"

    def period(self, text: str) -> str:
        """An ISO period as the language writes it: ``T3 2026``, ``septembre 2026``, ``12 septembre 2026`` in French.

        ``2026-Q3`` is ``Q3 2026`` in English, ``2026-09`` ``September 2026``; a year
        stays as it is, and text that is no period is returned as written.
        """
        return _period(text, self.locale)

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


@lru_cache(maxsize=64)
def _grouping(locale: str) -> tuple[int, int]:
    """The sizes of the last group and of the others: (3, 3) mostly, (3, 2) in Hindi."""
    try:
        primary, secondary = Locale.parse(locale).decimal_formats[None].grouping
    except (UnknownLocaleError, ValueError, TypeError):
        return (3, 3)
    return (primary or 3, secondary or 3)


def _grouped(digits: str, separator: str, grouping: tuple[int, int]) -> str:
    """``12840`` → ``12,840``: the digits of a whole number in groups."""
    primary, secondary = grouping
    if not separator or len(digits) <= primary or not digits.isdigit():
        return digits
    head, parts = digits[:-primary], [digits[-primary:]]
    while len(head) > secondary:
        parts.insert(0, head[-secondary:])
        head = head[:-secondary]
    return separator.join([head, *parts])


_ISO_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4])|-(\d{2})(?:-(\d{2}))?)?")


@lru_cache(maxsize=4096)
def _period(text: str, locale: str) -> str:
    match = _ISO_PERIOD.fullmatch(text)
    if not match:
        return text
    year, quarter, month, day = match.groups()
    try:
        if quarter:
            return dates.format_skeleton("yQQQ", date(int(year), int(quarter) * 3, 1), locale=locale)
        if day:
            return dates.format_date(date(int(year), int(month), int(day)), "long", locale=locale)
        if month:
            return dates.format_skeleton("yMMMM", date(int(year), int(month), 1), locale=locale)
    except (ValueError, UnknownLocaleError, KeyError):
        return text
    return year
