"""Regenerate data/reference/ from vietnam-provinces==0.6.0 and underthesea 9.5.0 (`make reference`)."""

from satisfaction import paths
from satisfaction.reference import build_reference_tables

if __name__ == "__main__":
    for path in build_reference_tables(paths.REPO_ROOT / "data" / "reference"):
        print(path.relative_to(paths.REPO_ROOT))
