"""The site a command works on: its mkdocs.yml found, read by MkDocs, and problems said in one line.

MkDocs logs what is wrong with a configuration and then raises a bare
"Aborted with a configuration error!"; `site_config` catches both and gives
the command one message that names the file and says what to change.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from ..mkdocs.config import CxmapsConfig, plugin_options
from ..source.locate import relative_to


class SiteProblem(Exception):
    """The command cannot run on this site; the message says why."""


def config_file(path: str) -> Path:
    """mkdocs.yml at `path`, or in the folder `path` names; FileNotFoundError when there is none."""
    target = Path(path)
    if target.is_dir():
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if (target / name).is_file():
                return target / name
        raise FileNotFoundError(f"no mkdocs.yml in {target}")
    return target


def shown(path: Path) -> str:
    """A path as the person running the command sees it (relative to the working directory)."""
    return relative_to(path, Path.cwd())


class _Said(logging.Handler):
    """The messages MkDocs logs while it reads a configuration."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def site_config(path: str) -> tuple[MkDocsConfig, CxmapsConfig]:
    """The site configuration and cxmaps options at `path`; `SiteProblem` if there are none."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.ERROR)
    said = _Said()
    logger.addHandler(said)
    try:
        found = config_file(path)
        config = load_config(config_file=str(found))
    except FileNotFoundError as err:
        raise SiteProblem(f"cannot read the site configuration: {err}") from None
    except (ConfigurationError, Abort) as err:
        why = "; ".join(said.messages) or str(err)
        raise SiteProblem(f"cannot read the site configuration ({shown(found)}): {why}") from None
    finally:
        logger.removeHandler(said)
    options = plugin_options(config)
    if options is None:
        raise SiteProblem(f"{path}: the site does not use the cxmaps plugin (add '- cxmaps' under plugins:)")
    return config, options
