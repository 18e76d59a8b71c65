"""Shared fixtures. Tests never touch the network and never write into the repository."""

from __future__ import annotations

import pytest

from satisfaction import paths


@pytest.fixture
def shared_data():
    """The real corpora beside the repository (../shared/data); skipped with a reason when absent."""
    folder = paths.shared_data_dir()
    if not folder.is_dir():
        pytest.skip(f"real corpora not found at {folder} (set SATISFACTION_SHARED); CI always has them")
    return folder


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    """A private build folder for one test."""
    monkeypatch.setenv("SATISFACTION_BUILD", str(tmp_path / "build"))
    return tmp_path / "build"
