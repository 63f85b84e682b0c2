"""Words before anything else: names folded into ids, slugs and search keys (`fold`), and labels,
numbers and punctuation in the site's language (`i18n`, with the catalogues in ``locales/``).

The bottom layer: it imports nothing of cxmaps.
"""
