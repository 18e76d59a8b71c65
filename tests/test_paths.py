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
    # a user's data folder without reference tables still finds the package's
    assert config.reference_dir() == config.PACKAGE_DATA / "reference"


def test_arguments_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SATISFACTION_BUILD", str(tmp_path / "env"))
    monkeypatch.setenv("SATISFACTION_LANG", "en")
    s = config.settings(build=tmp_path / "arg", lang="vi")
    assert s.build == tmp_path / "arg" and s.lang == "vi" and s.tables == tmp_path / "arg" / "tables"
    assert config.settings().build == tmp_path / "env" and config.settings().lang == "en"
