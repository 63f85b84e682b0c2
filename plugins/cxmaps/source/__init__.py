"""Reading an author's files safely: YAML with the position of every value (`yamlsource`), which
files of a folder are sources (`sourcefiles`), YAML pitfalls explained (`pitfalls`), and the
located `Problem` every message goes through (`problems`, `locate`).

May import: `language`.
"""
