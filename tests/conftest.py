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
