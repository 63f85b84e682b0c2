"""`standards/standards.xlsx`: every standard as a spreadsheet for a meeting.

Written with XlsxWriter: it only writes (what we need), in memory, has no
dependency of its own, and lets every cell be written as typed text — a cell
that starts with ``=`` is a string, never a formula, so an author's text cannot
run in a reader's spreadsheet. Its zip entries carry a fixed 1980 timestamp and
the document's dates are set here, so two builds give the same bytes.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import xlsxwriter

from ..model.format import Standard
from .core import Document
from .plandata import add_sheet
from .standards import STANDARD_FIELDS, standard_rows

if TYPE_CHECKING:
    from .site import Site

XLSX_URI = "standards/standards.xlsx"
#: Not the build's time: a fixed date keeps builds byte-identical.
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
#: The most characters a spreadsheet cell holds (Excel's limit, which XlsxWriter enforces).
MAX_CELL = 32767
CUT = " […]"

log = logging.getLogger("mkdocs.plugins.cxmaps")

#: Column widths in characters: ids narrow, text wide.
WIDTHS = {"journey_id": 18, "step_id": 18, "address": 30, "impact": 12}


def headers(site: Site) -> list[tuple[str, str]]:
    """(key, header in the site's language) for each column."""
    keys = ["journey_id", "journey_title", "step_id", "step_name", "address", "service_promise", *STANDARD_FIELDS]
    keys += ["standard_id", "target_text", "latest_value", "latest_period", "latest_n", "delivery_status"]
    return [(key, site.t[key]) for key in keys]


def rows(site: Site) -> list[list[str | float]]:
    """One row per standard (or per promise without standards), as text."""
    out: list[list[str | float]] = []
    for row in standard_rows(site):
        s, step = row["standard"], row["step"]
        cells = [row["jid"], row["journey"].title, step.id, step.name, site.url("journeys", row["jid"], step.id)]
        cells.append(step.promise or "")
        for name in STANDARD_FIELDS:
            value = getattr(s, name) if s else None
            cells.append(site.t[f"impact_{value}"] if name == "impact" and value else value or "")
        cells += _delivered(site, s)
        out.append(cells)
    return out


def _delivered(site: Site, s: Standard | None) -> list[str | float]:
    """The standard's id, target, latest value and status: words in the site's language, numbers as numbers.

    The latest value and the sample size are numbers, so that a data team can
    sort and sum them; the target beside them says the unit ("min 90 %").
    """
    d = site.delivery.of(s) if s else None
    if s is None or d is None:
        return ["", "", "", "", "", ""]
    m = d.latest
    latest: list[str | float] = [m.value, m.period.text, m.n if m.n is not None else ""] if m else ["", "", ""]
    return [s.id, site.m.target(s.target) if s.target else "", *latest, site.m.status_word(d.status)]


def workbook(site: Site) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": site.t["standards"], "created": FIXED_DATE})
    sheet = book.add_worksheet(site.t["standards"][:31].translate(str.maketrans("[]:*?/\\", "       ")))
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    number = book.add_format({"valign": "top", "num_format": "General"})
    columns = headers(site)
    for col, (key, title) in enumerate(columns):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, WIDTHS.get(key, 36))
    body = rows(site)
    for r, cells in enumerate(body, start=1):
        for col, cell in enumerate(cells):
            if not isinstance(cell, str):
                sheet.write_number(r, col, cell, number)
                continue
            if len(cell) > MAX_CELL:
                cell = cell[: MAX_CELL - len(CUT)] + CUT
                log.warning("cxmaps: %s, row %d (%s, %s), column '%s' is longer than a spreadsheet cell holds "
                            "(%d characters): cut there; the CSV and the pages have it whole",
                            XLSX_URI, r + 1, cells[0], cells[2], columns[col][1], MAX_CELL)  # fmt: skip
            sheet.write_string(r, col, cell, wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(body), 1), len(columns) - 1)
    add_sheet(site, book, MAX_CELL, CUT)  # the improvement plan (issue 27), when there is one
    book.close()
    return buffer.getvalue()


def documents(site: Site) -> Iterator[Document]:
    yield Document(XLSX_URI, workbook(site))
