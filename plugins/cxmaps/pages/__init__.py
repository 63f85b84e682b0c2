"""The published pages, as Markdown documents keyed by their source path.

This package knows nothing of MkDocs: it turns a validated `Reference` into
documents at the published addresses (see the authoring format), rendered
from the Jinja templates under ``templates/cxmaps/``. `site` holds what every
page shares; each kind of page has a module of its own.
"""

from .core import TEMPLATES, Document, TemplateProblem, make_env, page_url, relative, template_errors
from .site import ChartsMissing, Site, make_site, render_documents
from .standards import CSV_URI, spreadsheet_safe

__all__ = [
    "CSV_URI",
    "TEMPLATES",
    "ChartsMissing",
    "Document",
    "Site",
    "TemplateProblem",
    "make_env",
    "make_site",
    "page_url",
    "relative",
    "render_documents",
    "spreadsheet_safe",
    "template_errors",
]
