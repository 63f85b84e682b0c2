"""Support systems (`systems/`, `systems/<slug>/`): every step that depends on a system, and what is at stake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..reference.entries import collect
from .core import Document
from .entry import entry_documents

if TYPE_CHECKING:
    from .site import Site


def documents(site: Site) -> Iterator[Document]:
    yield from entry_documents(site, "systems", collect(site.ref, "support"))
