"""cxmaps: a customer-experience reference (journeys, personas, moments of truth) as a MkDocs site."""

__version__ = "0.1.0"
