from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture
def contract_differences():
    return row_problems
