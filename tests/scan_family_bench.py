"""The scan family's generator and bench, for the tests that read its members."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import cv2
import numpy as np

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


def ruled_page(rows: int, cols: int, scale: int = 1) -> np.ndarray:
    """A white A4-landscape page at 100 dpi (times `scale`) with a ruled grid."""
    page = np.full((827 * scale, 1169 * scale, 3), 255, np.uint8)
    x0, y0, x1, y1 = 80 * scale, 90 * scale, 1090 * scale, 740 * scale
    for k in range(rows + 1):
        y = y0 + k * (y1 - y0) // rows
        cv2.line(page, (x0, y), (x1, y), (0, 0, 0), 2)
    for k in range(cols + 1):
        x = x0 + k * (x1 - x0) // cols
        cv2.line(page, (x, y0), (x, y1), (0, 0, 0), 2)
    return page


__all__ = ["FAMILY", "ROOT", "bench", "gen", "ruled_page"]
