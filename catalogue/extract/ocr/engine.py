"""The OCR engine: RapidOCR on ONNX Runtime, with the models its wheel ships.

rapidocr 3.x fetches models from a hub when it is given no model path. We always give
it the files inside the installed package, so nothing is downloaded at run time; if
they are missing the package is broken and we say so instead of going online.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from catalogue.errors import MissingDependency

# The model files inside rapidocr==3.10.0's wheel (PP-OCRv6 small, Chinese + Latin).
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# The machine has 2 cores shared by every process; ONNX Runtime would take them all.
DEFAULT_THREADS = int(os.environ.get("CATALOGUE_OCR_THREADS", "2"))


@dataclass(frozen=True)
class TextBox:
    """A detected text line, as an axis-aligned box in image pixels."""

    x0: int
    y0: int
    x1: int
    y1: int


def model_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


class OcrEngine:
    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        from rapidocr import RapidOCR

        folder = model_dir()
        missing = [name for name in (DET_MODEL, REC_MODEL, CLS_MODEL) if not (folder / name).is_file()]
        if missing:
            raise MissingDependency(
                f"the rapidocr package has no {', '.join(missing)} in {folder}; "
                "reinstall it with pip install 'catalogue[ocr]' (rapidocr==3.10.0 ships its models)"
            )
        params = {
            "Global.use_cls": False,  # pages are turned upright before OCR
            "Global.log_level": "warning",
            "Det.model_path": str(folder / DET_MODEL),
            "Rec.model_path": str(folder / REC_MODEL),
            "Cls.model_path": str(folder / CLS_MODEL),
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        self._ocr = RapidOCR(params=params)
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        self._lock = threading.Lock()

    def detect(self, image: np.ndarray) -> list[TextBox]:
        """Text-line boxes on a page (BGR or grey uint8)."""
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        with self._lock:
            result = self._ocr(image, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(result, "boxes", None)
        if boxes is None:
            return []
        out = []
        for quad in boxes:
            xs, ys = quad[:, 0], quad[:, 1]
            out.append(TextBox(int(xs.min()), int(ys.min()), int(np.ceil(xs.max())), int(np.ceil(ys.max()))))
        return out

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and confidence for each single-line crop, in one batched pass."""
        if not crops:
            return []
        from rapidocr.ch_ppocr_rec import TextRecInput

        crops = [np.stack([c] * 3, axis=-1) if c.ndim == 2 else c for c in crops]
        with self._lock:
            # RapidOCR loads its recogniser lazily; there is no public batch call.
            recognizer = self._ocr._load_rec_model()
            result = recognizer(TextRecInput(img=crops))
        txts = result.txts or ()
        return [(str(t), float(s)) for t, s in zip(txts, result.scores, strict=True)]


_engine: OcrEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> OcrEngine:
    """One engine per process: loading the models takes about a second."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = OcrEngine()
        return _engine
