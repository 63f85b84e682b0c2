"""The `cxmaps` command (`main`): check, new, diff, generate and schema, and a fresh site made
ready for `cxmaps new` (`starter`). The top layer: it may import every other.
"""
