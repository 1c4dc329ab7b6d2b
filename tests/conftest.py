from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# CI sets this to 1: there a missing LibreOffice fails its tests instead of skipping them,
# so the .doc/.wps tests always run where it matters.
REQUIRE_SOFFICE_ENV = "CATALOGUE_REQUIRE_SOFFICE"


def need_soffice() -> None:
    """Skip the calling test, with the reason, where LibreOffice is not installed; fail it
    instead when CATALOGUE_REQUIRE_SOFFICE=1 (CI). The only skip of the suite."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
    if os.environ.get(REQUIRE_SOFFICE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_SOFFICE_ENV}=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def soffice() -> None:
    need_soffice()


@pytest.fixture
def samples_dir() -> Path:
    return ROOT / "samples"


@pytest.fixture
def district_text(samples_dir: Path) -> Path:
    return samples_dir / "district-catalogue-extracted.txt"


def row_problems(expected: list[dict], actual: list[dict]) -> list[str]:
    """Every contract column where actual rows differ from expected ones (warnings
    compared as sets of codes in any order)."""
    from catalogue.schemas.contract import COLUMNS

    problems = []
    for want, got in zip(expected, actual, strict=True):
        for column in COLUMNS:
            w, g = want[column], got.get(column)
            if column == "warnings":
                w, g = sorted(w), sorted(g or [])
            if column == "channels_extra":
                g = list(g or [])
            if w != g:
                problems.append(f"{want['item_key']}: {column} expected {w!r}, got {g!r}")
    return problems


def given_column_problems(expected: list[dict], actual: list[dict]) -> list[str]:
    """Where actual rows differ from expected ones that give only some columns: the
    item keys in order first, then every column each expected row names."""
    assert [r["item_key"] for r in actual] == [r["item_key"] for r in expected]
    return [f"{want['item_key']}: {column} expected {value!r}, got {got[column]!r}"
            for want, got in zip(expected, actual, strict=True) for column, value in want.items()
            if got[column] != value]


@pytest.fixture
def contract_differences():
    return row_problems
