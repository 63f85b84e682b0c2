"""Every line MkDocs prints during a build, made safe for a terminal and a CI log.

MkDocs and its plugins put file names of docs/ into their messages as they
are (``Doc file 'x.md' contains a link…``), and a file name is author text:
one named ``a<ESC>[31m<newline>::error::forged.md`` would recolour the
reviewer's terminal and forge a GitHub annotation line. `SafeLog`, a filter
on the handlers of the ``mkdocs`` logger, rewrites each record once it is
formatted:

- control, bidi and undecodable characters are shown as escapes
  (`printable_message`);
- while the reference is broken (under ``mkdocs serve``), MkDocs' warnings
  about links to the pages cxmaps could not generate are held back and
  counted in one line: the reference's own problem is what to read;
- a line break is kept only where a message continues on an indented line,
  as MkDocs writes its lists (``…not included in the "nav":`` then
  ``  - a.md``); any other break, and one before an indented ``::``, is shown
  as ``\\x0a``, so that no line of the log starts with a workflow command.
"""

from __future__ import annotations

import logging
import re

from ..source.problems import printable_message

#: Paths MkDocs prints that the reader knows by another name: the staging folder is site_dir to them.
_SHOWN_AS: dict[str, str] = {}


def shown_as(path: str, name: str) -> None:
    """Print `name` wherever a message would say `path` (the build's staging folder, see publish.py)."""
    _SHOWN_AS.clear()
    _SHOWN_AS[path] = name


#: While the reference is broken, MkDocs' complaints about links and nav entries to the pages cxmaps would
#: have generated (see `hold_links_to`): the reference's own problem is the one to read.
_HELD: list[re.Pattern[str]] = []
held = 0
"""How many such messages were held since `hold_links_to` was last called."""


def hold_links_to(folders: tuple[str, ...]) -> None:
    """Hold back MkDocs' warnings about links and nav entries into `folders` (none: hold nothing)."""
    global held
    held = 0
    _HELD.clear()
    if folders:
        targets = "|".join(re.escape(folder) for folder in folders)
        _HELD.append(re.compile(rf"(?:A reference to|contains a link) '(?:\.\./)*(?:{targets})"))


class SafeLog(logging.Filter):
    """Make every record's message printable, with line breaks kept only before indented lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        global held
        message = record.getMessage()
        if _HELD and record.levelno == logging.WARNING and any(p.search(message) for p in _HELD):
            held += 1
            return False
        safe = message
        for path, name in _SHOWN_AS.items():
            safe = safe.replace(path, name)
        safe = printable_message(safe)
        if safe != message:
            record.msg, record.args = safe, ()
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Put one `SafeLog` on each handler of the ``mkdocs`` logger (again after MkDocs adds one)."""
    for handler in (logger or logging.getLogger("mkdocs")).handlers:
        if not any(isinstance(f, SafeLog) for f in handler.filters):
            handler.addFilter(SafeLog())
