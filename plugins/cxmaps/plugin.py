"""MkDocs glue: read the options, hook the events, hand the work to the modules."""

from __future__ import annotations

from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .config import CxmapsConfig, settings_from
from .reference import Reference, load_reference

log = get_plugin_logger(__name__)


class CxmapsPlugin(BasePlugin[CxmapsConfig]):
    def __init__(self) -> None:
        self.reference: Reference | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Defined so that MkDocs keeps this instance across `mkdocs serve` rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `mkdocs serve` reloads the browser when a journey or persona changes.
        for folder in (self.config.journeys, self.config.personas):
            if folder not in config.watch:
                config.watch.append(folder)
        return config

    # Early: a build with bad sources must stop before MkDocs cleans site_dir,
    # and before other plugins spend time on a build that cannot succeed.
    @event_priority(100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.reference = load_reference(settings_from(config, self.config))
        log.debug("loaded %d journeys and %d personas", len(self.reference.journeys), len(self.reference.personas))
