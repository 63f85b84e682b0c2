"""The published pages, as Markdown documents keyed by their source path.

This package knows nothing of MkDocs: it turns a validated `Reference` into
documents at the published addresses (see the authoring format), rendered
from the Jinja templates under ``templates/cxmaps/``. `site` holds what every
page shares; each kind of page has a module of its own, and `kinds` lists them.

May import: `charts`, `reference`, `model`, `source`, `language`.
"""
