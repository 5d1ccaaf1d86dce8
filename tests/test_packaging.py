"""The course installs the same way everywhere: pyproject, conda, wheel, Makefile."""

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_dependencies() -> dict[str, str]:
    """Name -> specifier of the conda packages listed in environment.yml."""
    deps = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"  - ([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?", line)
        if match:
            deps[match.group(1).lower()] = (match.group(2) or "").strip()
    return deps


def test_environment_yml_names_every_runtime_dependency_with_the_same_bound():
    conda = _conda_dependencies()
    for spec in _pyproject()["project"]["dependencies"]:
        req = Requirement(spec)
        name = req.name.lower()
        assert name in conda, f"environment.yml lacks {name} (pyproject.toml needs {spec})"
        assert conda[name] == str(req.specifier), (
            f"environment.yml pins {name}{conda[name]}, pyproject.toml pins {spec}"
        )


def test_environment_yml_and_pyproject_agree_on_python():
    python = _pyproject()["project"]["requires-python"]
    assert _conda_dependencies()["python"] == python


def test_environment_yml_installs_crmlab_itself():
    assert "- -e ." in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_import_crmlab_is_light():
    code = (
        "import sys, crmlab; "
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'pandas', 'scipy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"import crmlab pulled in: {out}"


def test_unknown_attribute_is_an_attribute_error():
    import crmlab

    with pytest.raises(AttributeError, match="no attribute 'valeu'"):
        crmlab.valeu


def test_make_refuses_an_old_python_with_a_readable_message(tmp_path):
    fake = tmp_path / "python3.9"
    fake.write_text("#!/bin/sh\n[ \"$1\" = --version ] && echo 'Python 3.9.18'\nexit 1\n")
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", "python-check", f"PYTHON={fake}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "crmlab needs Python 3.11 or newer" in result.stdout
    assert "Python 3.9.18" in result.stdout


@pytest.mark.slow
def test_datasets_load_from_an_installed_wheel(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = (tmp_path / "dist").glob("crmlab-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert any(n.startswith("crmlab/_data/") and n.endswith(".csv") for n in names)
    assert "crmlab/_data/README.md" in names
    assert {"crmlab/data/glossary.csv", "crmlab/data/dataset_columns.csv"} <= set(names)

    code = (
        "import crmlab, crmlab.datasets as d\n"
        "print(crmlab.__file__)\n"
        "for name in d.DATASETS:\n"
        "    assert len(d.load(name)) > 0, name\n"
        "import crmlab.glossary as g\n"
        "assert g.entry('cohort').chinese == '同期群'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert str(tmp_path / "site") in out.stdout, "the wheel's crmlab was not the one imported"
