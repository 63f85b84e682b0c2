"""The glue to the site engines. `plugin` hooks MkDocs' events and hands the work to the layers
below; `config` holds its options; the fast path, search sections, folding, navigation,
atomic publication, serve watching and the error page are MkDocs-facing helpers; `generate`
writes the pages as files for engines that run no plugin (Zensical).

May import: `pages` and every layer below it.
"""
