"""The scan family's generator and bench, for the tests that read its members."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ROOT / "samples" / "scans" / "family"  # the members the tests use (generate_scan_family.py --samples)
sys.path.insert(0, str(ROOT / "samples"))
import generate_scan_family as gen  # noqa: E402


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = _load("bench_scan_family")

__all__ = ["FAMILY", "ROOT", "bench", "gen"]
