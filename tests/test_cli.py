from __future__ import annotations

import subprocess
import sys

import pytest

from satisfaction.cli import main


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["simulate", "--help"]])
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
