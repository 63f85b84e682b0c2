"""Fuzzing whole sites: random sources built by a real MkDocs build.

Each example writes a small site (personas and journeys made from the tiny
site with random values in random fields, or random YAML) over a previous
build, and runs `mkdocs build` in-process. The build must either succeed
(a complete new site) or fail with cxmaps' own error naming file and line,
with the previous site untouched; never any other exception.

The default run tries a few hundred sites; `pytest -m slow` runs the long
fuzz (10,000 sites, CXMAPS_SITE_FUZZ_EXAMPLES to change it).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SITES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from test_properties import JOURNEY, JOURNEY_PATHS, PERSONA, PERSONA_PATHS, _replace, values

LOCATED = re.compile(r"^  (journeys|personas|docs)/[^:]+:\d+:\d+: ", re.MULTILINE)


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


mutated_journey = st.builds(lambda path, value: _replace(JOURNEY, path, value), st.sampled_from(JOURNEY_PATHS), values)
mutated_persona = st.builds(lambda path, value: _replace(PERSONA, path, value), st.sampled_from(PERSONA_PATHS), values)
JOURNEY_TEXT = yaml.safe_dump(JOURNEY, allow_unicode=True)
PERSONA_TEXT = yaml.safe_dump(PERSONA, allow_unicode=True)


def _slot(original: str, mutated: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[str | None]:
    """A file: often unchanged (so that whole sites do build), else absent, mutated in one field, or random text."""
    return st.one_of(
        st.just(original),
        st.just(original),
        st.just(None),
        mutated.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
        st.text(max_size=200),
    )


sites = st.fixed_dictionaries(
    {
        "journeys/stay.yml": _slot(JOURNEY_TEXT, mutated_journey),
        "journeys/extra.yml": _slot(JOURNEY_TEXT, mutated_journey),
        "personas/claire.yml": _slot(PERSONA_TEXT, mutated_persona),
        "personas/extra.yml": _slot(PERSONA_TEXT, mutated_persona),
    }
)


def check_site(files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site-src"
        shutil.copytree(SITES / "tiny", site)
        (site / "mkdocs.yml").write_text(
            "site_name: Fuzz\ntheme:\n  name: material\nplugins:\n  - cxmaps:\n      cache: false\n"
        )
        for name, text in files.items():
            if text is not None:
                (site / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        previous = site / "site"
        previous.mkdir()
        (previous / "index.html").write_text("previous build")
        errors = _Errors()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(errors)
        try:
            build(load_config(config_file=str(site / "mkdocs.yml")))
        except Abort:
            message = "\n".join(errors.messages)
            assert "cxmaps found" in message and LOCATED.search(message), message
            assert (previous / "index.html").read_text() == "previous build"
            assert sorted(p.name for p in previous.iterdir()) == ["index.html"]
            event("refused with located problems")
            return
        finally:
            logger.removeHandler(errors)
        assert (previous / "index.html").read_text() != "previous build"
        assert (previous / "journeys" / "index.html").is_file()
        event("built")


@settings(max_examples=int(os.environ.get("CXMAPS_SITE_FUZZ_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(sites)
def test_random_sites_build_or_fail_cleanly(files: dict[str, Any]) -> None:
    check_site(files)


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("CXMAPS_SITE_FUZZ_EXAMPLES", "10000")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(sites)
def test_long_fuzz_of_whole_sites(files: dict[str, Any]) -> None:
    check_site(files)
