"""cxmaps: a customer-experience reference (journeys, personas, moments of truth) as a MkDocs site.

The package follows the data, one layer per subpackage; a layer imports only
the layers below it (tests/test_layers.py holds the code to that):

    cli        the `cxmaps` command: check, new, diff, generate, schema
    review     `cxmaps diff`: what a pull request changes, as a PR comment
    mkdocs     the glue to the site engines: the MkDocs plugin, `generate` for the others
    pages      the published pages as documents, rendered from the templates
    charts     the canvas grid, the emotion curve, the maps and their cache
    reference  a whole reference loaded and cross-checked: measures, delivery, gaps, health
    model      the authoring format as typed models, and validation against it
    source     reading source files safely, and the located problems they give
    language   names folded into slugs and search keys, labels and typography
"""

__version__ = "0.1.0"
