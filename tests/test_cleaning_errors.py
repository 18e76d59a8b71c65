"""Bad input gets a one-paragraph answer naming the file, sheet, row and column, and a non-zero exit."""

from __future__ import annotations

import pandas as pd
import pytest

from satisfaction import config
from satisfaction.cli import main
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import clean_file, load_codebook


@pytest.fixture(scope="module")
def small_export(tmp_path_factory):
    """The first 200 rows of the 2022 export, as a CSV of raw values."""
    from satisfaction.ingest import read

    raw = read(config.raw_dir() / "khao_sat_2022.xlsx")
    path = tmp_path_factory.mktemp("exp") / "khao_sat_2022.csv"
    raw.drop(columns="source_row").head(200).to_csv(path, index=False)
    return path


def test_unknown_labels_in_30_percent_of_rows_stop_cleaning(small_export, tmp_path):
    df = pd.read_csv(small_export, dtype=str)
    column = "F1. Mức độ hài lòng chung"
    df.loc[df.index[::3], column] = "Hài lòng lắm"  # a label the codebook does not know
    path = tmp_path / "khao_sat_2022.csv"
    df.to_csv(path, index=False)
    with pytest.raises(SatisfactionError) as err:
        clean_file(path)
    message = str(err.value)
    assert message.startswith("khao_sat_2022.csv, row ")
    assert "column 'q_overall'" in message and "Hài lòng lắm" in message and "codebook" in message


def test_cli_answers_a_data_problem_in_one_paragraph(small_export, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["clean", str(empty), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: empty.csv: the file is empty") and "Traceback" not in err


def test_cli_missing_required_column(small_export, tmp_path, capsys):
    df = pd.read_csv(small_export, dtype=str).drop(columns=["Trọng số"])
    path = tmp_path / "no_weight.csv"
    df.to_csv(path, index=False)
    assert main(["clean", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "no_weight.csv, row 1: required columns not found: {'weight': 'Trọng số'}" in err


def test_cli_cleans_one_file_and_writes_three_outputs(small_export, tmp_path, capsys):
    assert main(["clean", str(small_export), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "200 rows in =" in out
    for rel in ["khao_sat_2022.parquet", "quarantine/khao_sat_2022.csv", "logs/khao_sat_2022.csv"]:
        assert (tmp_path / "out" / rel).exists(), rel
    data = pd.read_parquet(tmp_path / "out" / "khao_sat_2022.parquet")
    assert set(data["wave"]) == {2022}  # from the file name


@pytest.mark.parametrize("edit, message", [
    (lambda cb: cb.assign(source_columns=cb["source_columns"].where(cb["variable"] != "age", "Tuổi|Giới tính")),
     "the header 'Giới tính' is listed for both 'sex' and 'age'"),
    (lambda cb: cb.assign(values=cb["values"].where(cb["variable"] != "sex", "1=Nam;2=Nam")),
     "'sex' gives the same label twice"),
    (lambda cb: cb.assign(missing_codes=cb["missing_codes"].where(cb["variable"] != "q_overall", "5;99")),
     "'q_overall' has ['5'] both as an answer and as a missing code"),
    (lambda cb: cb.assign(values=cb["values"].where(cb["variable"] != "sex", "Nam, Nữ")),
     "values of 'sex' must be 'code=label' pairs"),
])
def test_a_codebook_that_contradicts_itself_is_refused(tmp_path, edit, message):
    path = tmp_path / "codebook.csv"
    edit(load_codebook()).to_csv(path, index=False)
    with pytest.raises(SatisfactionError, match="codebook.csv, row \\d+, column") as err:
        load_codebook(path)
    assert message in str(err.value)
