"""The OCR engine: the PP-OCR recogniser on ONNX Runtime, with the models rapidocr ships.

rapidocr 3.x fetches models from a hub when it is given no model path. We always load
the files inside the installed package, so nothing is downloaded at run time; if they
are missing the package is broken and we say so instead of going online.

Recognition runs the ONNX model directly rather than through RapidOCR's recogniser:
that one pads every crop to at least 320 pixels wide (our crops are mostly short
option labels, under 160 wide, so half its work was padding), batches only 6 at a
time, and gives no say over the thread pool.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from catalogue.errors import MissingDependency
from catalogue.schemas.vocabulary import SIMPLIFIED_TWINS, TRADITIONAL_TWINS

# ONNX Runtime (1.29 and later, on Linux) sends usage events to Microsoft unless told
# not to: a network call at run time, and a device id and event cache written under
# ~/.cache. It reads this variable when it loads, and this module is the only way the
# package reaches onnxruntime or rapidocr (which loads it), so it is set here, before
# either is imported, whatever the user's environment says.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

# The model files inside rapidocr==3.10.0's wheel (PP-OCRv6 small, Chinese + Latin).
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# The machine has 2 cores shared by every process; ONNX Runtime would take them all.
DEFAULT_THREADS = int(os.environ.get("CATALOGUE_OCR_THREADS", "2"))
REC_HEIGHT = 48  # the recogniser's fixed input height
# Narrower crops are padded to this width: a lone "》" or "和" read at its own width
# comes out as "»" or nothing; this much is enough for it to read as it does at
# RapidOCR's own 320, which pads far more.
REC_MIN_WIDTH = 128
REC_WIDTH_STEP = 8  # the model downsamples the width by 8: pad to a multiple of it
# Crops per batch, and padded pixels of width per batch: the model's output is
# 18,710 class scores per 8 pixels of width, 150 MB for 16 crops of a full line.
REC_BATCH = 16
REC_BATCH_WIDTH = 4096
# A crop this much wider than the narrowest of its batch starts a new batch: the few
# full-width lines of a page would otherwise pad a batch of half-width ones, work the
# recogniser spends on paper.
REC_BATCH_SPREAD = 1.15
# The recogniser knows traditional characters too, and now and then reads a simplified
# one as its traditional twin that differs by a stroke (内 as 內, 决 as 決). The
# catalogues are printed in simplified Chinese, so those twins are taken back.
SIMPLIFIED = str.maketrans(TRADITIONAL_TWINS, SIMPLIFIED_TWINS)
# A class the recogniser gives at least this probability at a step is one of its own
# candidates there (ocr/vocabulary_check.py chooses among them). Below it, a class is
# noise of the softmax: at 0.05 the best class of a step holds 0.95 or less, so steps
# read with more certainty than that keep only their best class, and most steps of a
# clean crop cost nothing beyond the argmax.
CANDIDATE_MIN_PROB = 0.05
# At most this many candidates a step (best first): 1 / CANDIDATE_MIN_PROB could pass
# the floor, but a step rarely splits its mass among more than three classes.
CANDIDATES_PER_STEP = 4


@dataclass(frozen=True)
class Reading:
    """One crop as the recogniser read it: the greedy text and its confidence, and for
    every step of the CTC output the classes it gave at least CANDIDATE_MIN_PROB (best
    first, as characters: "" is the blank) with their probabilities."""

    text: str
    score: float
    steps: tuple[tuple[tuple[str, float], ...], ...] = ()


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


def _session_options(threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = max(1, min(threads, os.cpu_count() or 1))
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # Idle pool threads spin for work by default. On 2 cores shared with another
    # process a spinning thread takes the core the other one needs, and a batch of
    # recognition took a third longer in wall time than with spinning off.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _batches(widths: list[int]) -> list[list[int]]:
    """Crop indices grouped by width, so little of each batch is padding."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    out: list[list[int]] = []
    for i in order:
        batch = out[-1] if out else []
        if (batch and len(batch) < REC_BATCH and widths[i] * (len(batch) + 1) <= REC_BATCH_WIDTH
                and widths[i] <= REC_BATCH_SPREAD * max(REC_MIN_WIDTH, widths[batch[0]])):
            batch.append(i)
        else:
            out.append([i])
    return out


class OcrEngine:
    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        import onnxruntime as ort

        folder = model_dir()
        missing = [name for name in (DET_MODEL, REC_MODEL, CLS_MODEL) if not (folder / name).is_file()]
        if missing:
            raise MissingDependency(
                f"the rapidocr package has no {', '.join(missing)} in {folder}; "
                "reinstall it with pip install 'catalogue[ocr]' (rapidocr==3.10.0 ships its models)"
            )
        self._folder = folder
        self._threads = threads
        self._rec = ort.InferenceSession(str(folder / REC_MODEL), sess_options=_session_options(threads),
                                         providers=["CPUExecutionProvider"])
        self._input = self._rec.get_inputs()[0].name
        meta = self._rec.get_modelmeta().custom_metadata_map
        # CTC classes: 0 is the blank, then the model's characters, then a space.
        self._chars = ["", *meta["character"].splitlines(), " "]
        self._det: Any = None  # RapidOCR, loaded on the first detect()
        self._lock = threading.Lock()

    def _detector(self) -> Any:
        if self._det is None:
            from rapidocr import RapidOCR

            folder = self._folder
            self._det = RapidOCR(params={
                "Global.use_cls": False,  # pages are turned upright before OCR
                "Global.log_level": "warning",
                "Det.model_path": str(folder / DET_MODEL),
                "Rec.model_path": str(folder / REC_MODEL),
                "Cls.model_path": str(folder / CLS_MODEL),
                "EngineConfig.onnxruntime.intra_op_num_threads": self._threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            })
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        return self._det

    def detect(self, image: np.ndarray) -> list[TextBox]:
        """Text-line boxes on a page (BGR or grey uint8)."""
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        with self._lock:
            result = self._detector()(image, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(result, "boxes", None)
        if boxes is None:
            return []
        out = []
        for quad in boxes:
            xs, ys = quad[:, 0], quad[:, 1]
            out.append(TextBox(int(xs.min()), int(ys.min()), int(np.ceil(xs.max())), int(np.ceil(ys.max()))))
        return out

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Text and confidence for each single-line crop (grey or RGB uint8, dark on light)."""
        return [(r.text, r.score) for r in self.read(crops)]

    def read(self, crops: list[np.ndarray]) -> list[Reading]:
        """Each single-line crop's Reading (grey or RGB uint8, dark on light)."""
        if not crops:
            return []
        widths = [max(1, math.ceil(REC_HEIGHT * c.shape[1] / max(1, c.shape[0]))) for c in crops]
        out: list[Reading] = [Reading("", 0.0)] * len(crops)
        with self._lock:
            for batch in _batches(widths):
                width = max(REC_MIN_WIDTH, max(widths[i] for i in batch))
                width = -(-width // REC_WIDTH_STEP) * REC_WIDTH_STEP
                # Normalised to [-1, 1]; 0 (mid grey) pads, as the model was trained.
                tensor = np.zeros((len(batch), 3, REC_HEIGHT, width), np.float32)
                for k, i in enumerate(batch):
                    crop = crops[i] if crops[i].ndim == 2 else cv2.cvtColor(crops[i], cv2.COLOR_RGB2GRAY)
                    line = cv2.resize(crop, (widths[i], REC_HEIGHT)).astype(np.float32) / 127.5 - 1.0
                    tensor[k, :, :, : widths[i]] = line
                probs = self._rec.run(None, {self._input: tensor})[0]
                for k, i in enumerate(batch):
                    out[i] = self._decode(probs[k])
        return out

    def _decode(self, probs: np.ndarray) -> Reading:
        """Greedy CTC: the best class at each step, repeats folded, blanks dropped."""
        best = probs.argmax(axis=1)
        keep = best != 0
        keep[1:] &= best[1:] != best[:-1]
        if not keep.any():
            return Reading("", 0.0, self._candidates(probs, best))
        score = float(probs[np.flatnonzero(keep), best[keep]].mean())
        text = "".join(self._chars[c] for c in best[keep]).translate(SIMPLIFIED)
        return Reading(text, score, self._candidates(probs, best))

    def _candidates(self, probs: np.ndarray, best: np.ndarray) -> tuple[tuple[tuple[str, float], ...], ...]:
        top = probs[np.arange(len(best)), best]
        out: list[tuple[tuple[str, float], ...]] = []
        for t, (b, p) in enumerate(zip(best.tolist(), top.tolist(), strict=True)):
            if p > 1.0 - CANDIDATE_MIN_PROB:
                out.append(((self._chars[b].translate(SIMPLIFIED), p),))
                continue
            row = probs[t]
            idx = np.argpartition(row, -CANDIDATES_PER_STEP)[-CANDIDATES_PER_STEP:]
            idx = idx[np.argsort(-row[idx])]
            out.append(tuple((self._chars[c].translate(SIMPLIFIED), float(row[c]))
                             for c in idx.tolist() if row[c] >= CANDIDATE_MIN_PROB))
        return tuple(out)


_engine: OcrEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> OcrEngine:
    """One engine per process, so the recogniser's session is loaded once."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = OcrEngine()
        return _engine
