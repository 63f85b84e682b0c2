"""The authoring format: typed models (`format`), their value types (`fieldtypes`), one parsed
file validated against them (`validate`), and starter files written from them (`scaffold`).

May import: `source`, `language`.
"""
