from __future__ import annotations

import subprocess
import sys

import pytest

from satisfaction.cli import main


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["simulate", "--help"], ["brief", "--help"]])
def test_help(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    assert "usage: python -m satisfaction" in capsys.readouterr().out


def test_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "satisfaction", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("satisfaction ")


def test_user_error_is_one_line_not_a_traceback(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    code = main(["run", "--data", str(tmp_path), "--build", str(tmp_path / "build")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and "Traceback" not in err


def test_run_refuses_an_unknown_language(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--lang", "fr"])
    assert exit_.value.code == 2 and "invalid choice: 'fr'" in capsys.readouterr().err


def test_brief_without_a_run_says_what_to_do(tmp_path, capsys):
    assert main(["brief", "--build", str(tmp_path)]) == 2
    assert "python -m satisfaction run" in capsys.readouterr().err


def test_brief_from_a_run(suite_runs, tmp_path, capsys):
    build, _, _ = suite_runs
    assert main(["brief", "--build", str(build), "--out", str(tmp_path / "b.docx")]) == 0
    assert (tmp_path / "b.docx").read_bytes() == (build / "ban_tom_tat.docx").read_bytes()


def test_run_names_a_papi_workbook_that_does_not_exist(tmp_path, capsys):
    assert main(["run", "--papi", str(tmp_path / "PAPI.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "PAPI.xlsx" in err and "does not exist" in err
