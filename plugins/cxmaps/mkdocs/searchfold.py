"""Search as people type it: a query without accents finds accented words.

People type "reclamation" for "réclamation". Material's search (Lunr) matches
tokens as written, so the built index gets, for each entry whose title or text
holds accented words, those words without their accents in two extra fields
(`folded_title`, `folded_text`, boosted like the title and the text). Lunr
indexes every field the index's config lists; the result snippets and their
highlighting use `title` and `text` only, which stay exactly as written.
A query with accents keeps matching the original words.

Runs on the written `search/search_index.json` after every other plugin has
written its files; a site without Material's search index is left alone.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ..language.fold import search_key

INDEX = Path("search") / "search_index.json"
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def folded_words(text: str) -> str:
    """The words of `text` (markup removed) that change when folded, folded, once each, in order."""
    if text.isascii():  # nothing to fold (most entries of an English site): skip the word scan
        return ""
    words = dict.fromkeys(_WORD.findall(_TAG.sub(" ", text)))
    return " ".join(folded for word in words if not word.isascii() and (folded := search_key(word)) != word.casefold())


def fold_entries(index: dict[str, Any]) -> bool:
    """Add the folded fields to a Material search index in place; False if it is not one."""
    config = index.get("config")
    if not isinstance(config, dict) or not isinstance(config.get("fields"), dict):
        return False
    fields = config["fields"]
    fields["folded_title"] = {"boost": fields.get("title", {}).get("boost", 1e3)}
    fields["folded_text"] = {"boost": fields.get("text", {}).get("boost", 1.0)}
    for doc in index.get("docs", []):
        for name in ("title", "text"):
            words = folded_words(str(doc.get(name, "")))
            if words:
                doc[f"folded_{name}"] = words
            else:
                doc.pop(f"folded_{name}", None)
    return True


def fold_search_index(site_dir: Path) -> bool:
    """Fold the built site's search index, written whole (a reader never sees half a file)."""
    path = site_dir / INDEX
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    if not fold_entries(index):
        return False
    mode = path.stat().st_mode & 0o777  # mkstemp's 0600 would hide the index from a web server
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".search_index-", suffix=".json")
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(index, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
