"""Lines across the whole sheet that are no rulings: a fold's crease, a scanner's streak.

A fold leaves a thin dark line with a shadow beside it, as long and straight as a
ruling, and the grid finder took it for a row's border, cutting the rows it crosses in
two (a tall row became two items). A ruling, though, belongs to its table and ends at
the table's frame, where the table's other rulings end; a crease belongs to the sheet
and runs on across the margins. So the pieces of a line that reach past the table's
other rulings at both ends are the sheet's, and so are the pieces inside the frame
that lie on the line those margin pieces draw; a ruling that happens to lie next to
the crease (within the grid finder's SAME_LINE_IN, which groups it with the crease)
keeps its own pieces and stays.
"""

from __future__ import annotations

import numpy as np

Piece = tuple[float, int, int]  # position across the line, start and end along it

# How far past the table's other rulings, at each end, a line must run to be taken for
# something across the sheet. A table's rulings end together at its frame, give or take
# a ruling's width and a skew's pixel; the margin beside a printed table is an inch or
# so. A quarter inch is far from both.
BEYOND_FRAME_IN = 0.25
# A piece inside the frame within this of the crease's line (drawn through its pieces
# in the margins) is the crease: the crease is a line two or three pixels thick at
# 200 dpi with its shadow's edge beside it. A ruling beside it lies farther off: one
# that close would print as one thick line with the crease anyway.
CREASE_HALF_WIDTH_IN = 0.02


def without_sheet_lines(groups: list[list[Piece]], dpi: float, min_ruling_in: float) -> list[list[Piece]]:
    """The grid finder's groups of ruling pieces (one group a grid line) without the
    pieces of lines that run across the sheet. A group left empty is dropped. Lines
    shorter than `min_ruling_in` (the grid finder's bound for a ruling: shorter ones are
    strokes of text) do not mark the frame."""
    extents = [(min(s for _, s, _ in g), max(e for _, _, e in g), sum(e - s for _, s, e in g)) for g in groups]
    beyond = BEYOND_FRAME_IN * dpi
    out = []
    for i, group in enumerate(groups):
        others = [(s, e) for j, (s, e, length) in enumerate(extents) if j != i and length >= min_ruling_in * dpi]
        if not others:
            out.append(group)
            continue
        start, end = min(s for s, _ in others), max(e for _, e in others)
        left = [p for p in group if p[1] < start - beyond]
        right = [p for p in group if p[2] > end + beyond]
        if not left or not right:
            out.append(group)
            continue
        # The crease's line through its pieces in the two margins, a fold's tilt kept.
        margin = sorted(left + right, key=lambda p: p[1] + p[2])
        along = [(s + e) / 2 for _, s, e in margin]
        across = [pos for pos, _, _ in margin]
        near = CREASE_HALF_WIDTH_IN * dpi
        kept = [p for p in group if p not in margin
                and abs(p[0] - float(np.interp((p[1] + p[2]) / 2, along, across))) > near]
        if kept:
            out.append(kept)
    return out
