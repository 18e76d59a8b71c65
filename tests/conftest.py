"""Shared fixtures. Tests never touch the network and never write into the repository."""

from __future__ import annotations

import os

import pytest

# openpyxl chooses its XML writer when it is first imported, and tests import it (and pandas' Excel
# writer) in any order: the test process asks for the standard library's writer before any of them, as
# the command line gets it from satisfaction.ingest.writers (whose warning says when it came too late).
os.environ.setdefault("OPENPYXL_LXML", "False")

from satisfaction import config


@pytest.fixture
def shared_data():
    """The real corpora beside the repository (../shared/data); skipped with a reason when absent."""
    folder = config.shared_data_dir()
    if not folder.is_dir():
        pytest.skip(f"real corpora not found at {folder} (set SATISFACTION_SHARED); CI always has them")
    return folder


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    """A private build folder for one test."""
    return tmp_path / "build"


@pytest.fixture(scope="session")
def cleaned(tmp_path_factory):
    """Every bundled raw file cleaned once for the session: (results by file name, output folder)."""
    from satisfaction.ingest import clean_folder

    out = tmp_path_factory.mktemp("processed")
    return clean_folder(config.raw_dir(), out), out


@pytest.fixture(scope="session")
def injected():
    import json

    return json.loads((config.raw_dir() / "injected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def suite_runs(tmp_path_factory):
    """The whole suite run twice on the bundled data, at a fixed run date: (first build, second build, index)."""
    import os

    from satisfaction import report

    first = tmp_path_factory.mktemp("run1")
    second = tmp_path_factory.mktemp("run2")
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # 2026-01-01: the two runs must not straddle midnight
    try:
        index = report.run_suite(build=first)
        report.run_suite(build=second)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return first, second, index
