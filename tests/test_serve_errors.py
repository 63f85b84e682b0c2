"""A real `mkdocs serve`: an invalid reference is served as a page of its problems, then the journey again."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from test_build import serving


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8")


def _until(url: str, wanted: str, seconds: float) -> str:
    """The page at `url` once it contains `wanted` (asserted within `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        page = _get(url)
        if wanted in page or time.monotonic() > deadline:
            assert wanted in page, page[:2000]
            return page
        time.sleep(0.05)


def test_serve_shows_the_problems_in_the_browser_and_the_journey_once_fixed(make_site) -> None:
    site = make_site()
    with serving(site) as (proc, output, port):
        url = f"http://127.0.0.1:{port}/journeys/stay/"
        output.wait_for(r"Serving on")
        assert "Hotel stay" in _get(url)
        journey = site / "journeys" / "stay.yml"
        good = journey.read_text(encoding="utf-8")
        journey.write_text(good.replace("status: current", "status: <b>curent</b>"), encoding="utf-8")
        output.wait_for(r"journeys/stay.yml:3:9: status")
        page = _until(url, "cxmaps found 1 problem in the reference", 1.0)
        assert (
            "<code>journeys/stay.yml:3:9</code> <code>status</code>: &#39;&lt;b&gt;curent&lt;/b&gt;&#39; is not one of"
            in page
        )
        assert "<b>curent" not in page
        assert "livereload(" in page  # MkDocs' reload script: the page reloads when a save fixes it
        assert "cxmaps found 1 problem" in _get(f"http://127.0.0.1:{port}/")
        journey.write_text(good, encoding="utf-8")
        output.wait_for(r"Documentation built in")
        page = _until(url, "Hotel stay", 5.0)
        assert "cxmaps found" not in page
        assert proc.poll() is None and "Traceback" not in "".join(output.seen)


def test_serve_starts_on_an_invalid_reference_with_the_error_page(make_site) -> None:
    site = make_site(files={"journeys/stay.yml": "title: T\n"})
    with serving(site) as (_, output, port):
        output.wait_for(r"Serving on")
        page = _until(f"http://127.0.0.1:{port}/", "missing required field", 1.0)
        assert "cxmaps found 2 problems" in page
