"""What a user installs: pyproject ships every package and data file of kg/ and queries/, the code finds
its data through importlib.resources (never __file__), and `kg --version` names the version and model.
The wheel itself is built, installed and run by scripts/wheel-check (CI)."""
from __future__ import annotations

import fnmatch
import importlib.metadata as md
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def source_dir(package: str) -> Path:
    mapped = SETUPTOOLS.get("package-dir", {}).get(package)
    return ROOT / mapped if mapped else ROOT / package.replace(".", "/")


def package_dirs() -> dict[str, Path]:
    """Every folder of kg/ holding Python modules, by package name, plus the mapped ones (kg.queries)."""
    found = {
        ".".join(p.parent.relative_to(ROOT).parts): p.parent
        for p in (ROOT / "kg").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    found.update({name: ROOT / folder for name, folder in SETUPTOOLS.get("package-dir", {}).items()})
    return found


def shipped_by_package_data(package: str, filename: str) -> bool:
    globs = SETUPTOOLS.get("package-data", {})
    return any(fnmatch.fnmatch(filename, g) for key in ("*", package) for g in globs.get(key, []))


def test_every_package_folder_is_listed_for_the_wheel():
    assert set(package_dirs()) <= set(SETUPTOOLS["packages"]), "add the new package to [tool.setuptools] packages"
    for package in SETUPTOOLS["packages"]:
        assert source_dir(package).is_dir(), f"{package} is listed but {source_dir(package)} does not exist"


def test_every_data_file_matches_a_package_data_pattern():
    data = [
        (package, f)
        for package, folder in package_dirs().items()
        for f in folder.iterdir()
        if f.is_file() and f.suffix not in (".py", ".pyc")
    ]
    assert {f.suffix for _, f in data} >= {".json", ".jsonl", ".yaml", ".cypher", ".js", ".css", ".html"}
    left_out = [str(f.relative_to(ROOT)) for package, f in data if not shipped_by_package_data(package, f.name)]
    assert left_out == [], f"these would be missing from the wheel (add a pattern to package-data): {left_out}"


def test_package_data_patterns_leave_python_and_caches_alone():
    for name in ("view.js", "schema.yaml", "entity_words.json", "money_out.cypher", "relation_patterns.jsonl"):
        assert shipped_by_package_data("kg.any", name)
    for name in ("module.py", "module.pyc", "notes.swp", ".DS_Store"):
        assert not shipped_by_package_data("kg.any", name)


def test_no_module_of_kg_finds_files_relative_to_its_own_source():
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in (ROOT / "kg").rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\b__file__\b", line) and not line.lstrip().startswith("#")
    ]
    assert offenders == [], f"load data with importlib.resources, not __file__: {offenders}"


def version_lines(env: dict[str, str]) -> list[str]:
    r = CliRunner().invoke(app, ["--version"], env=env)
    assert r.exit_code == 0, r.output
    return r.output.strip().splitlines()


def test_version_names_the_installed_package_and_the_model_ingest_loads():
    from kg.extract import MODEL_CANDIDATES

    kg_line, model_line = version_lines({"KG_SPACY_MODEL": ""})
    assert kg_line == f"kg {md.version('kg')}"
    import spacy

    assert model_line.startswith(f"spaCy {spacy.__version__}, model ")
    installed = [name for name in MODEL_CANDIDATES if spacy.util.is_package(name)]
    assert installed, "no English model installed"
    assert model_line.split(", model ")[1] == f"{installed[0]} {spacy.util.get_package_version(installed[0])}"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_version_follows_kg_spacy_model_to_a_pipeline_folder(tmp_path, lang):
    import spacy

    folder = tmp_path / f"pipeline-{lang}"
    nlp = spacy.blank(lang)
    nlp.meta["name"], nlp.meta["version"] = "tiny_test", "0.0.7"
    nlp.to_disk(folder)
    _, model_line = version_lines({"KG_SPACY_MODEL": str(folder)})
    assert model_line.endswith(f"model {folder} ({lang}_tiny_test 0.0.7)")


def test_version_says_when_the_chosen_model_is_not_installed():
    _, model_line = version_lines({"KG_SPACY_MODEL": "xx_no_such_pipeline"})
    assert model_line.endswith("no model installed (tried xx_no_such_pipeline)")
