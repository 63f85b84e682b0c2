"""`cxmaps diff`: what a pull request changes in the reference, as data (`diff`, `diffsteps`,
`statusdiff`) and as a pull-request comment (`diffmarkdown`, `mermaid`, with author text made
literal by `literal`); revisions' mkdocs.yml read without running anything (`safeconfig`).

May import: `mkdocs` (only its option schema, `mkdocs.config`) and every layer below it.
"""
