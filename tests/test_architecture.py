"""The layers of the package are a contract: lint-imports keeps it, and it can fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from satisfaction import config

LINT = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(config.REPO_ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=src.parent, env={"PYTHONPATH": str(src), "PATH": ""}, capture_output=True, text=True)


def test_the_package_keeps_its_layers():
    result = _lint(config.REPO_ROOT / "src")
    assert result.returncode == 0, result.stdout[-3000:]


def test_an_import_against_the_layers_breaks_the_contract(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(config.PACKAGE_DIR, src / "satisfaction", ignore=shutil.ignore_patterns("__pycache__", "data"))
    ranking = src / "satisfaction" / "models" / "ranking.py"
    ranking.write_text(ranking.read_text(encoding="utf-8") + "\nfrom satisfaction.report import labels  # noqa\n",
                       encoding="utf-8")
    result = _lint(src)
    assert result.returncode != 0
    assert "satisfaction.models.ranking -> satisfaction.report.labels" in result.stdout


def test_no_module_of_the_library_changes_global_state_at_import():
    """Importing every layer leaves matplotlib's settings, its backend choice and the environment alone."""
    code = """
import os, matplotlib as mpl
before = dict(mpl.rcParams); env = dict(os.environ)
import satisfaction.cli, satisfaction.report, satisfaction.simulate, satisfaction.text, satisfaction.models
import satisfaction.report.plots
after = dict(mpl.rcParams)
changed = sorted(k for k in before if before[k] != after[k])
ours = [k for k, _ in set(os.environ.items()) ^ set(env.items())
        if k.startswith(("SATISFACTION", "OPENPYXL", "MPL"))]  # (scikit-learn sets KMP_* for itself)
print(changed, ours, mpl.get_backend() if "matplotlib.pyplot" in __import__("sys").modules else "no pyplot")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.startswith("[] [] ")


def test_every_public_function_documents_its_parameters_and_returns():
    """numpydoc in fact, not in name: each public function or method of a public module has a Parameters
    section (when it takes arguments) and a Returns section (unless annotated ``-> None``)."""
    import ast

    missing = []
    for path in sorted(config.PACKAGE_DIR.rglob("*.py")):
        if path.name.startswith("_") and path.name != "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(body, prefix="", path=path):
            for node in body:
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    doc = ast.get_docstring(node) or ""
                    args = [a.arg for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")]
                    returns_none = node.returns is not None and ast.unparse(node.returns) == "None"
                    if (args and "Parameters\n" not in doc) or ("Returns\n" not in doc and not returns_none):
                        missing.append(f"{path.relative_to(config.PACKAGE_DIR)}:{node.lineno} {prefix}{node.name}")
                elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                    visit(node.body, node.name + ".")

        visit(tree.body)
    assert not missing, missing


def test_only_config_touches_the_environment():
    offenders = []
    for path in sorted(config.PACKAGE_DIR.rglob("*.py")):
        if path.name == "config.py" and path.parent == config.PACKAGE_DIR:
            continue
        text = path.read_text(encoding="utf-8")
        if "os.environ" in text or "getenv(" in text:
            offenders.append(str(path.relative_to(config.PACKAGE_DIR)))
    assert not offenders, offenders
