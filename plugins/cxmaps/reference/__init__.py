"""A whole reference, loaded and cross-checked: every file validated (`load`), ids and
emotions checked across files (`checks`), sources and measures (`sources`, `measures`),
each standard against its target (`delivered`), service gaps (`gaps`), reference health
(`health`), touchpoint and system entries (`entries`), and the docs/ pages' links and embeds.

May import: `model`, `source`, `language`.
"""
