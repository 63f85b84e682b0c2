"""Labels in the site's language, from the catalogues in ``locales/``.

A catalogue is a flat YAML mapping of label key to text. A language without
a catalogue, or a key missing from one, falls back to English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).parent / "locales"


@lru_cache(maxsize=16)
def catalogue(language: str) -> dict[str, str]:
    english: dict[str, str] = yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8"))
    code = language.split("-")[0].split("_")[0].lower()
    path = LOCALES / f"{code}.yml"
    if code == "en" or not path.is_file():
        return english
    return {**english, **yaml.safe_load(path.read_text(encoding="utf-8"))}


def languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))
