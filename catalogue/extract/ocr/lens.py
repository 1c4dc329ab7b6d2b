"""Undo a phone lens's radial distortion (barrel or pincushion) on a photographed page.

A lens bends every straight line of the scene about the picture's centre by one law,
and a table's rulings were straight on paper, so their curves measure it. The law is
the division model (Fitzgibbon, CVPR 2001): a point drawn at distance r from the centre
(in half-diagonals of the picture) lies at r / (1 + k r²) on the undistorted picture,
one k for the picture. k is the value that lays the traced rulings (dewarp's traces,
both ways) straightest. The fit runs on the photograph as taken, before the page's
outline is looked for: the optical axis is the picture's centre only there (rectifying
the outline moves it), and under a bowed outline the outline is no quadrilateral.

A picture is left as it is (the same array) unless the fitted k straightens its rulings
by LENS_MIN_GAIN_IN and takes out at least LENS_EXPLAINED of their bend: a flatbed
scan's rulings are straight, and a page curling off the desk bends only near its edge,
which no k about the centre straightens (dewarp does, after).
"""

from __future__ import annotations

import cv2
import numpy as np

from catalogue.extract.ocr.dewarp import Curve, ruling_curves
from catalogue.extract.ocr.preprocess import even_light

# The rulings are traced on a copy at this share of the working resolution: the fit
# needs their course to a pixel of the working page, not their width, and the trace
# costs a quarter as much.
LENS_SAMPLE_SCALE = 0.5
# Along each ruling one point every this many inches enters the fit: a lens bends a
# ruling over inches, so denser points add cost, not evidence.
LENS_POINT_STEP_IN = 0.05
# The fitted k must straighten the rulings by at least LENS_MIN_GAIN_IN (a mean over
# them, _straightness) and leave at most LENS_EXPLAINED of their bend. A flatbed scan's
# or a flat photograph's traced rulings stray 0.001-0.002 in from their chords whatever
# k, so no k gains anything there (0.002 in is 0.4 px at 200 dpi); a lens's one k about
# the centre straightens every ruling at once, while fitted to a bend it did not make
# (a curl along one edge, a fold) it takes out a little of it at best.
LENS_MIN_GAIN_IN = 0.002
LENS_EXPLAINED = 0.5
# The bend is the mean over the rulings of each one's root-mean-square distance from its
# chord, leaving out the worst LENS_STRAY_SHARE of them: a trace followed on past its
# ruling's end hooks into the text beside it (dewarp's strays), and one such hook would
# outweigh the bend of every true ruling.
LENS_STRAY_SHARE = 0.2
# k is looked for in ±LENS_MAX_K (a phone's main camera bends a line through the
# corner of its picture by a few per cent of its length; 0.25 is several times that),
# first in steps of LENS_COARSE_STEP, then in steps of LENS_FINE_STEP about the best.
LENS_MAX_K = 0.25
LENS_COARSE_STEP = 0.01
LENS_FINE_STEP = 0.001


def _points(rows: list[Curve], columns: list[Curve], step: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points along the traced rulings as (x, y, curve index); a column's trace runs
    down the page (it was traced on the transposed page)."""
    xs, ys, ids = [], [], []
    for i, c in enumerate(rows + columns):
        along = np.arange(c.start, c.stop, step, dtype=np.float64)
        across = c.across[::step].astype(np.float64)
        x, y = (along, across) if i < len(rows) else (across, along)
        xs.append(x)
        ys.append(y)
        ids.append(np.full(x.size, i))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ids)


def _straightness(u: np.ndarray, v: np.ndarray, ids: np.ndarray, n: int) -> float:
    """The mean root-mean-square distance of each curve's points (`u` along it, `v`
    across it) from the least-squares line through them, over all curves but the
    LENS_STRAY_SHARE that stray most."""
    count = np.bincount(ids, minlength=n).astype(np.float64)
    mean_u = np.bincount(ids, u, n) / count
    mean_v = np.bincount(ids, v, n) / count
    du, dv = u - mean_u[ids], v - mean_v[ids]
    suu = np.bincount(ids, du * du, n)
    svv = np.bincount(ids, dv * dv, n)
    suv = np.bincount(ids, du * dv, n)
    residual = svv - np.divide(suv * suv, suu, out=np.zeros(n), where=suu > 0)
    rms = np.sort(np.sqrt(np.maximum(0.0, residual) / count))
    return float(rms[:max(1, n - int(LENS_STRAY_SHARE * n))].mean())


def fit_radial(image: np.ndarray, dpi: float) -> tuple[float, float, float]:
    """(k, the rulings' bend before, after) for the picture `image` (RGB or grey): k of
    the division model about the picture's centre, bends as root-mean-square distances
    in inches from the rulings' chords (_straightness). (0, 0, 0) when no ruling was
    traced."""
    small = cv2.resize(image, None, fx=LENS_SAMPLE_SCALE, fy=LENS_SAMPLE_SCALE, interpolation=cv2.INTER_AREA)
    at = dpi * LENS_SAMPLE_SCALE
    small = even_light(small, at)  # a photo's light falls off towards its corners, where the bend is most
    if small.ndim == 3:
        small = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    rows, columns = ruling_curves(small, at)
    n = len(rows) + len(columns)
    if n == 0:
        return 0.0, 0.0, 0.0
    x, y, ids = _points(rows, columns, max(1, round(LENS_POINT_STEP_IN * at)))
    h, w = small.shape
    half = float(np.hypot(w, h)) / 2
    dx, dy = (x - w / 2) / half, (y - h / 2) / half
    r2 = dx * dx + dy * dy
    is_row = ids < len(rows)

    def bend(k: float) -> float:
        s = 1.0 / (1.0 + k * r2)
        ux, uy = dx * s, dy * s
        return _straightness(np.where(is_row, ux, uy), np.where(is_row, uy, ux), ids, n) * half / at

    coarse = np.arange(-LENS_MAX_K, LENS_MAX_K + LENS_COARSE_STEP / 2, LENS_COARSE_STEP)
    best = float(coarse[int(np.argmin([bend(k) for k in coarse]))])
    fine = np.arange(best - LENS_COARSE_STEP, best + LENS_COARSE_STEP + LENS_FINE_STEP / 2, LENS_FINE_STEP)
    bends = [bend(k) for k in fine]
    i = int(np.argmin(bends))
    return float(fine[i]), bend(0.0), bends[i]


def undistort(image: np.ndarray, k: float) -> np.ndarray:
    """`image` with the division model's distortion `k` about its centre taken out."""
    h, w = image.shape[:2]
    half = float(np.hypot(w, h)) / 2
    ux = ((np.arange(w, dtype=np.float32) - w / 2) / half)[None, :]
    uy = ((np.arange(h, dtype=np.float32) - h / 2) / half)[:, None]
    # The drawn radius d of an undistorted radius r solves r = d / (1 + k d²): d / r is
    # 2 / (1 + sqrt(1 - 4 k r²)), finite at the centre.
    scale = np.float32(2 * half) / (1 + np.sqrt(np.maximum(np.float32(0), 1 - np.float32(4 * k) * (ux * ux + uy * uy))))
    map_x = ux * scale + np.float32(w / 2)
    map_y = uy * scale + np.float32(h / 2)
    # What the lens drew beyond the frame is not in the picture: black, as ground, never
    # the frame's edge drawn out (where the page reaches the edge, that would join the
    # page to the frame and hide its outline).
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def without_lens(image: np.ndarray, dpi: float) -> np.ndarray:
    """The picture (RGB or grey) with its lens's radial distortion taken out, or
    `image` itself when its rulings do not bend as a lens bends them."""
    k, before, after = fit_radial(image, dpi)
    if before - after < LENS_MIN_GAIN_IN or after > LENS_EXPLAINED * before:
        return image
    return undistort(image, k)
