"""The lock file, environment.yml and pyproject.toml name the same packages at the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from satisfaction import config

ROOT = config.REPO_ROOT


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_canon(name)] = version
    return pins


def _direct() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def _environment_yml() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if "==" in item:
                    name, version = item.split("==")
                    pins[_canon(name)] = version
        elif "=" in dep:
            name, version = dep.split("=", 1)
            pins[_canon(name)] = version
    return pins


def test_every_direct_dependency_is_locked_within_its_floor():
    lock = _lock()
    for req in _direct():
        assert _canon(req.name) in lock, f"{req.name} is not in requirements.lock"
        assert Version(lock[_canon(req.name)]) in req.specifier, f"{req.name}=={lock[_canon(req.name)]} breaks {req}"


def test_environment_yml_lists_the_direct_dependencies_at_the_locked_versions():
    lock, env = _lock(), _environment_yml()
    env.pop("python", None)
    direct = {_canon(r.name) for r in _direct()}
    assert set(env) == direct, f"only in environment.yml: {set(env) - direct}; missing: {direct - set(env)}"
    for name, version in env.items():
        assert lock[name] == version, f"{name}: environment.yml has {version}, the lock {lock[name]}"


def test_underthesea_is_pinned_exactly():
    pins = {_canon(r.name): str(r.specifier) for r in _direct()}
    assert pins["underthesea"] == "==9.5.0"


def test_a_plain_wheel_imports_and_runs_the_docstrings_examples(tmp_path):
    """Built as a wheel and installed without the repository (not editable), the package imports and every
    docstring example runs: they use only data shipped inside the package."""
    import shutil
    import subprocess
    import sys

    # built from a copy: setuptools writes build/ and *.egg-info where it builds, and build/ is the run's
    # output folder in the repository
    source, wheels, site = tmp_path / "source", tmp_path / "wheels", tmp_path / "site"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(source)], check=True, capture_output=True)
    wheel = next(wheels.glob("satisfaction-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules",
                          "-o", "doctest_optionflags=NORMALIZE_WHITESPACE ELLIPSIS", "--pyargs", "satisfaction"],
                         cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:]
    located = subprocess.run([sys.executable, "-c", "import satisfaction; print(satisfaction.__file__)"],
                             cwd=tmp_path, env={"PYTHONPATH": str(site)}, capture_output=True, text=True).stdout
    assert located.startswith(str(site)), located
