"""What is drawn: the journey canvas as a grid (`canvas`, `canvasdelivery`), the emotion curve
(`curve`), maps and sparklines as inline SVG (`maps`), trends (`trend`), and the chart cache
with the check a cached chart passes before it is published (`store`, `svgcheck`).

May import: `reference`, `model`, `source`, `language`.
"""
