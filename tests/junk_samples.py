"""samples/junk/ and its generator, whose data the junk and label-join tests state
their expectations from."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

JUNK = Path(__file__).resolve().parent.parent / "samples" / "junk"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_junk", JUNK / "generate_junk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()
