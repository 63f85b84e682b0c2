"""standards/standards.xlsx as a data team reads it: numbers are numbers, text stays text."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
from cxmaps.pages.kinds import make_site as make_pages
from cxmaps.pages.workbook import workbook
from measured_site import FILES, load


def test_the_spreadsheet_holds_numbers_as_numbers(make_site: Callable[..., Path]) -> None:
    pages = make_pages(load(make_site(files=FILES)), [])
    sheet = openpyxl.load_workbook(io.BytesIO(workbook(pages))).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if "fast-confirmation" in r)
    values = dict(zip(header, row, strict=True))
    assert values["Latest value"] == 98.1 and isinstance(values["Latest value"], float)
    assert values["Sample size"] == 410 and isinstance(values["Sample size"], int)
    assert values["Period of the latest value"] == "2026-Q2" and values["Target"] == "at least 99%"
