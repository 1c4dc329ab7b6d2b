"""The OCR engine makes no network call: onnxruntime's usage events are switched off
before it loads (its telemetry writes a device id and an event cache under ~/.cache
and looks up Microsoft's event host when on)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
ROOT = Path(__file__).resolve().parent.parent


def test_loading_the_engine_leaves_no_telemetry_behind(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    # A user's environment asking for telemetry does not switch it back on.
    env = {**os.environ, "HOME": str(home), "ORT_DISABLE_TELEMETRY": "0", "PYTHONPATH": str(ROOT)}
    code = "from catalogue.extract.ocr.engine import OcrEngine; OcrEngine(1)"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert not [p for p in left if "Microsoft" in p or "onnxruntime" in p], left
