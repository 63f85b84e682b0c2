"""What changed in a step's opportunities (format 1.2, issue 27): new ones, removed ones, status changes.

An owned opportunity is matched across the two versions by its id; a plain
text by its words; a plain text that became an owned opportunity with the
same title is the same idea, now owned: one change says so, with its status,
owner and due period, instead of a line per field it gained. Fields of an
owned opportunity that changed are reported one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model.format import Step
from ..model.opportunity import Opportunity

#: Fields reported with a rule of their own (title: the name of the change; id: the match; status: its own line).
_SPECIAL = {"title", "id", "status"}


def _key(o: Opportunity) -> tuple[str, str]:
    return ("text", o.title) if o.plain else ("id", o.id)


def opportunity_changes(old: Step, new: Step) -> Iterator[dict[str, Any]]:
    """Each opportunity added or removed, each status changed, then each other field changed."""
    before = {_key(o): o for o in old.opportunities}
    after = {_key(o): o for o in new.opportunities}
    # A plain idea that became owned (same words): matched by its title.
    owned_now = {o.title: k for k, o in after.items() if not o.plain and k not in before}
    now_owned = set()
    for k, o in list(before.items()):
        if o.plain and k not in after and o.title in owned_now:
            before[owned_now[o.title]] = before.pop(k)
            now_owned.add(owned_now[o.title])
    for k, now in after.items():
        was = before.get(k)
        where = {"step": new.id, "title": now.title}
        if k in now_owned:
            yield {**where, "what": "opportunity owned", "from": "idea", "to": now.status,
                   "owner": now.owner, "due": str(now.due) if now.due else None}  # fmt: skip
            continue
        if was is None:
            yield {**where, "what": "opportunity added", "from": None, "to": now.status}
            continue
        if was.status != now.status:
            yield {**where, "what": "opportunity status", "from": was.status, "to": now.status}
        if was.title != now.title:
            yield {**where, "what": "opportunity title", "from": was.title, "to": now.title}
        for name in type(now).model_fields:
            if name in _SPECIAL:
                continue
            a, b = getattr(was, name), getattr(now, name)
            if a != b:
                yield {**where, "what": f"opportunity {name}", "from": a, "to": b}
    for k, was in before.items():
        if k not in after:
            yield {"step": new.id, "title": was.title, "what": "opportunity removed", "from": was.status, "to": None}
