"""A wrong mkdocs.yml or an option out of range: one message naming the file and what to change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import cli, run_mkdocs


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ("max_file_size: -1", "option 'max_file_size': expected bytes from 1 to 67,108,864, got -1"),
        ("max_file_size: true", "option 'max_file_size': expected a number of bytes, got True"),
        ("stale_after: 0", "option 'stale_after': expected days from 1 to 36,600, got 0"),
    ],
)
def test_an_option_out_of_range_is_refused_by_check_and_build(
    make_site: Callable[..., Path], option: str, says: str
) -> None:
    site = make_site()
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - cxmaps\n", f"  - cxmaps:\n      {option}\n"))
    code, _, err = cli("check", str(site))
    assert code == 1
    assert err.startswith("cxmaps: cannot read the site configuration (") and says in err
    assert "Aborted" not in err and "Traceback" not in err
    built = run_mkdocs(site, "build")
    assert built.returncode == 1 and says in built.stderr


def test_a_missing_configuration_says_where_it_looked(tmp_path: Path) -> None:
    code, _, err = cli("check", str(tmp_path))
    assert code == 1 and f"cannot read the site configuration: no mkdocs.yml in {tmp_path}" in err


def test_every_command_takes_the_site_as_site() -> None:
    """`new` and `diff` take --site; `check` and `generate` take it too (or as their first argument)."""
    from conftest import SITES
    from cxmaps.cli.main import build_parser

    parser = build_parser()
    for words in (["check"], ["generate"], ["diff"], ["new", "persona", "x"]):
        assert parser.parse_args([*words, "--site", "somewhere"]).site == "somewhere"
    code, out, _ = cli("check", "--site", str(SITES / "tiny"))
    assert code == 0 and "1 journey and 2 personas are valid" in out
    code, _, err = cli("check", str(SITES / "tiny"), "--site", str(SITES / "fr-mesures"))
    assert code == 1 and "two sites given" in err
