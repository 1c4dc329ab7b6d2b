"""A phone lens's radial distortion undone before the page's outline is looked for
(catalogue/extract/ocr/lens.py): its one k fitted to the traced rulings, and pictures
whose rulings a lens did not bend left as they are. The distortion is drawn by scan
family B's generator (samples/generate_scan_family_b.barrel), not by the model fitted."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from scan_family_bench import bench, ruled_page

from catalogue.extract.ocr.lens import fit_radial, without_lens
from catalogue.extract.ocr.preprocess import find_page_outline

DPI = 200.0


def _bend(image: np.ndarray) -> float:
    return fit_radial(image, DPI)[1]


@pytest.mark.parametrize("k", [0.04, 0.08])
def test_the_lens_is_fitted_and_undone(k: float):
    bowed = bench.family_b.barrel(ruled_page(12, 9, scale=2), k)
    fitted, before, after = fit_radial(bowed, DPI)
    assert abs(fitted - k) < 0.005  # the generator's k (its inverse map is the division model to first order)
    assert after < before / 3
    straight = without_lens(bowed, DPI)
    assert straight is not bowed
    assert _bend(straight) < before / 3


def test_a_flat_page_is_left_as_it_is():
    page = ruled_page(12, 9, scale=2)
    assert abs(fit_radial(page, DPI)[0]) <= 0.001
    assert without_lens(page, DPI) is page


def test_a_bend_along_one_edge_is_no_lens():
    """Rulings bent only near one edge (a page curling off the desk) are not a lens's:
    no k about the centre straightens them, and the picture is left as it is."""
    page = ruled_page(12, 9, scale=2)
    h, w = page.shape[:2]
    xx = np.arange(w, dtype=np.float32)
    start = 0.78 * w
    lift = np.where(xx < start, 0, ((xx - start) / (w - start)) ** 2 * 40).astype(np.float32)
    map_x = np.broadcast_to(xx, (h, w)).copy()
    map_y = (np.arange(h, dtype=np.float32)[:, None] + lift[None, :]).astype(np.float32)
    curled = cv2.remap(page, map_x, map_y, cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    assert _bend(curled) > 0.003  # it does bend
    assert without_lens(curled, DPI) is curled


def test_fingertips_over_the_edge_do_not_hide_the_page():
    """A page on a dark desk with a fingertip, lit as brightly, over its left edge:
    the page and the finger were one bright area whose outline simplified to five
    corners, and the photo was not rectified."""
    page = ruled_page(12, 9, scale=2)
    desk = np.full((1900, 2700, 3), (120, 96, 70), np.uint8)
    desk[120:120 + page.shape[0], 180:180 + page.shape[1]] = page
    cv2.ellipse(desk, (150, 800), (220, 45), 0, 0, 360, (240, 205, 185), -1)
    found = find_page_outline(desk)
    assert found is not None
    corners, _ = found
    want = np.array([[180, 120], [2518, 120], [2518, 1773], [180, 1773]], np.float32)
    assert np.abs(corners - want).max() < 12
