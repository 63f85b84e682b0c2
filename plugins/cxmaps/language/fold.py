"""Names folded into ids, slugs and search keys: the one place where text loses its accents.

Two folds, each used everywhere its kind of value is needed:

- `slugify`: a name as the part of an address that training material links to
  (a step's default id, a touchpoint's or an owner's page). ASCII letters and
  digits, one hyphen between words. Any character that is neither a letter that
  folds to Latin nor a digit separates words, so ``Café—bar`` and ``Café-bar``
  are one slug, and ``l’hôtel`` and ``l'hôtel`` too. A name with no Latin
  letter or digit at all (Cyrillic, Greek, CJK) gets a stable slug made from a
  digest of its search key, never an empty one.
- `search_key`: text as people type it into a search box or write it twice in
  different hands: no accents, no case, one kind of apostrophe and dash, single
  spaces. ``Réception  d’Hôtel`` → ``reception d'hotel``.

`legacy_slug` is the rule of cxmaps 0.1 (non-ASCII characters dropped, not
separating), kept only so that a step's former anchor still lands on it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

#: What an id looks like: lowercase letters, digits, single hyphens between words.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
#: Letters that Unicode does not decompose into a base letter and a mark.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})  # fmt: skip
#: Apostrophes and dashes as typed by hand or by a word processor, each written one way.
_MARKS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-"})  # fmt: skip
_WORDS = re.compile(r"[a-z0-9]+")


def is_id(text: str) -> bool:
    """True when `text` may be used as a persona, journey or step id."""
    return bool(_ID.match(text))


def suggest_id(text: str) -> str:
    """A valid id close to `text`, for error messages: ``Tom Smith`` → ``tom-smith``."""
    return slugify(text) or "my-id"


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_key(text: str) -> str:
    """`text` as a search matches it: ``Réception  d’Hôtel`` → ``reception d'hotel``."""
    return " ".join(_unaccented(text.translate(_MARKS)).casefold().split())


def digest(text: str) -> str:
    """Eight hexadecimal digits that stand for the search key of `text` (stable across builds and machines)."""
    return hashlib.sha256(search_key(text).encode("utf-8")).hexdigest()[:8]


def slugify(text: str, prefix: str = "id") -> str:
    """Fold accents and punctuation away: ``Arrivée à l’hôtel`` → ``arrivee-a-l-hotel``.

    A name without a Latin letter or digit gets ``<prefix>-<digest>``; empty text stays empty.
    """
    slug = "-".join(_WORDS.findall(_unaccented(text).lower()))
    if slug or not text.strip():
        return slug
    return f"{prefix}-{digest(text)}"


def legacy_slug(text: str) -> str:
    """The slug cxmaps 0.1 made of `text` (non-ASCII characters dropped): ``l’hôtel`` → ``lhotel``."""
    ascii_only = _unaccented(text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(_WORDS.findall(ascii_only))


def usual_spelling(spellings: Iterable[str]) -> str:
    """The spelling written most often among the ways one name is written; on a tie, the first met.

    One pass (a name written 2,000 ways costs 2,000 steps, not 2,000 squared).
    """
    counts: dict[str, int] = {}
    for text in spellings:
        counts[text] = counts.get(text, 0) + 1
    # Dicts keep the order of first insertion, so max() keeps the first of equal counts.
    return max(counts, key=counts.__getitem__)
