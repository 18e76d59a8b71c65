"""Look at the HTML report as a reader would: screenshots of the index page and one notebook page.

Renders ``build/report/index.html`` and one notebook page from disk (``file://``, no server) in
headless Chromium (Debian's ``chromium`` package) and writes PNG screenshots into ``build/screenshots``.
Each screenshot is checked for being more than a blank page. Run after ``make run``:

    python scripts/screenshot_report.py [--build build] [--page 03_district_comparison]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Flags for a headless, offline, sandbox-free run (containers have no user namespaces): no GPU,
# no first-run dialogs, no background network traffic.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--virtual-time-budget=5000"]
BROWSERS = ["chromium", "chromium-browser", "google-chrome"]


def browser() -> str | None:
    """The first Chromium found on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def screenshot(page: Path, out: Path, *, width: int = 1280, height: int = 2000, timeout: int = 120) -> Path:
    """Render ``page`` from disk and write a PNG screenshot to ``out``."""
    exe = browser()
    if exe is None:
        raise RuntimeError(f"no Chromium on PATH (looked for {', '.join(BROWSERS)}); on Debian: apt install chromium")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--screenshot={out.resolve()}", page.resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium failed on {page} (exit {done.returncode}): {done.stderr[-800:]}")
    return out


def blank_share(png: Path) -> float:
    """The share of pixels that are pure white: near 1 means nothing was drawn."""
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(png)[..., :3]
    return float(np.mean(np.all(img > 0.99, axis=-1)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path(__file__).resolve().parents[1] / "build",
                        help="the run's output folder (default: build/)")
    parser.add_argument("--page", default="03_district_comparison", help="the notebook page to capture")
    args = parser.parse_args(argv)
    report = args.build / "report"
    pages = {"index": report / "index.html", args.page: report / f"{args.page}.html"}
    for name, page in pages.items():
        if not page.exists():
            print(f"error: {page} does not exist; run `make run` first", file=sys.stderr)
            return 2
        png = screenshot(page, args.build / "screenshots" / f"{name}.png")
        white = blank_share(png)
        print(f"{png}  ({white:.0%} white)")
        if white > 0.98:
            print(f"error: {png} is blank", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
