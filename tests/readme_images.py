"""Take the README's pictures again from the sample site, in Debian's headless Chromium.

    python tests/readme_images.py        # builds the sample, writes docs/images/journey-canvas.png

Run it after a change to how the journey canvas looks, and look at the result.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, serve

JOURNEY = "journeys/business-hotel-stay/"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", out],
                       check=True)  # fmt: skip
        with serve(Path(out)) as address, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            tab.goto(address + JOURNEY)
            tab.wait_for_timeout(500)
            # The whole page laid out at the top (no sticky step row over it), cut to the canvas and its legend.
            top = tab.locator(".cx-legend").first.bounding_box()
            frame = tab.locator(".cx-canvas-frame").first.bounding_box()
            assert top and frame
            clip = {
                "x": frame["x"],
                "y": top["y"],
                "width": frame["width"],
                "height": frame["y"] + frame["height"] - top["y"],
            }
            tab.screenshot(path=str(ROOT / "docs" / "images" / "journey-canvas.png"), full_page=True, clip=clip)
            browser.close()


if __name__ == "__main__":
    main()
