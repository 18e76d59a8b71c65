"""Regenerate src/satisfaction/data/reference/ from vietnam-provinces==0.6.0 and underthesea 9.5.0 (`make reference`)."""

from satisfaction import config
from satisfaction.ingest import build_reference_tables

if __name__ == "__main__":
    for path in build_reference_tables(config.PACKAGE_DATA / "reference"):
        print(path.relative_to(config.REPO_ROOT))
