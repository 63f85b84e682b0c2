"""Ids and slugs: the part of an address that training material links to."""

from __future__ import annotations

import re
import unicodedata

#: What an id looks like: lowercase letters, digits, single hyphens between words.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}
)


def is_id(text: str) -> bool:
    """True when `text` may be used as a persona, journey or step id."""
    return bool(_ID.match(text))


def suggest_id(text: str) -> str:
    """A valid id close to `text`, for error messages: ``Tom Smith`` → ``tom-smith``."""
    return slugify(text) or "my-id"


def slugify(text: str) -> str:
    """Fold accents and punctuation away: ``Arrivée à l'hôtel`` → ``arrivee-a-l-hotel``."""
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_only))
