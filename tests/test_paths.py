from __future__ import annotations

from satisfaction import config


def test_defaults_are_anchored_on_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("SATISFACTION_DATA", raising=False)
    monkeypatch.delenv("SATISFACTION_BUILD", raising=False)
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    assert config.raw_dir() == config.REPO_ROOT / "data" / "raw"
    assert config.build_dir() == config.REPO_ROOT / "build"
    assert (config.REPO_ROOT / "pyproject.toml").exists()


def test_environment_variables_move_data_and_build(monkeypatch, tmp_path):
    monkeypatch.setenv("SATISFACTION_DATA", str(tmp_path / "mydata"))
    monkeypatch.setenv("SATISFACTION_BUILD", str(tmp_path / "out"))
    assert config.raw_dir() == tmp_path / "mydata" / "raw"
    assert config.tables_dir() == tmp_path / "out" / "tables"
    # a user's data folder without reference tables still finds the repository's
    assert config.reference_dir() == config.REPO_ROOT / "data" / "reference"
