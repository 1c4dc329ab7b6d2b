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

A worn copier's streak is often grey, lighter than the cut that finds rulings: inside
the table the grid finder has it only as short pieces, found whole in its faint ink
(the pieces it bridges across breaks). So a line may be judged on other evidence than
the pieces it is taken from: the faint ink's pieces on it, the whole sheet along,
while the frame is still drawn by the table's rulings. A line that comes within
SHEET_EDGE_IN of both edges of the sheet draws no frame: two streaks on one page
would otherwise each mark the frame for the other.

The faint ink has more than streaks in it: a noisy scan's specks and paper fibres lie
all over the margins, and the grid finder's groups chain them (each within a line's
width of the next across) into one group hundreds of pixels across that reaches past
the frame at both ends. A line drawn through such pieces zigzags across the table and
takes a true ruling where it crosses one. So the margins are asked for a line, not
for ink: on each side of the table, pieces at one position across that run unbroken
over MARGIN_INK_SHARE of the bare margin there, the two sides within LEAN_IN of each
other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Piece = tuple[float, int, int]  # position across the line, start and end along it


@dataclass(frozen=True)
class Crease:
    """A line across the sheet: points along it and its position across at each, and
    where the table's frame it runs past starts and ends."""

    along: list[float]
    across: list[float]
    frame: tuple[float, float]

    def lies_on(self, piece: Piece, near: float, beyond: float) -> bool:
        """The piece is part of this line: within `near` of it, and not a ruling the
        table's whole length that stops at its frame (a line found whole in darker ink
        than a grey streak a few pixels beside it: the table's ruling)."""
        pos, s, e = piece
        if abs(pos - float(np.interp((s + e) / 2, self.along, self.across))) > near:
            return False
        return not (abs(s - self.frame[0]) <= beyond and abs(e - self.frame[1]) <= beyond)


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
# A line reaching within this of both edges of the sheet runs across it, and one this
# close to the sheet's side is its edge (a scanner's shadow of the paper's border): a
# printed table stands inside margins of half an inch and more, a streak or a fold
# runs off the paper (a scan's edge may be cropped or shadowed by a few pixels).
SHEET_EDGE_IN = 0.15
# A fold or a streak is unbroken ink across the bare margin beside the table: its
# pieces at one position across run on over at least this share of the margin on each
# side, across breaks no longer than DROPOUT_IN. Specks and paper fibres lie in short
# stretches far apart at any one position, and a heading or a page number in the
# margin is text, broken into strokes.
MARGIN_INK_SHARE = 0.5
# Breaks a scan drops out of a line (worn toner, a faint stretch), as the grid finder's
# GAP_IN bridges in a ruling.
DROPOUT_IN = 0.04
# How far a line across the sheet may move across between the two margins: a roller's
# streak runs with the paper and a fold is a straight line, and the page is deskewed
# by its rulings, so either stays near parallel to them. As the grid finder's
# SAME_LINE_IN (pieces this close across are one line): ink leaning more than that from
# one side of the table to the other is two things near one position, not one line.
LEAN_IN = 0.04


def _extent(group: Sequence[Piece], long: float = 0.0) -> tuple[int, int, int]:
    """Where a group starts and ends, and its length. With `long`, where its pieces of
    at least that length start and end, if it has any: strokes of a heading above the
    table chain onto a ruling's group, and would move the frame to them."""
    whole = [p for p in group if p[2] - p[1] >= long] or list(group)
    return min(s for _, s, _ in whole), max(e for _, _, e in whole), sum(e - s for _, s, e in group)


def _position(group: Sequence[Piece]) -> float:
    """Where a group lies across, weighted by length: its long pieces, not the specks
    or strokes of text chained to it."""
    return float(np.average([p for p, _, _ in group], weights=[max(1, e - s) for _, s, e in group]))


def sheet_lines(groups: list[list[Piece]], dpi: float, min_ruling_in: float,
                frame: list[list[Piece]] | None = None, sheet: tuple[int, int] | None = None) -> list[Crease]:
    """The lines among `groups` that run past the table's frame at both ends, each as
    the line its margin pieces draw. The frame is drawn by `frame` (default: the other
    groups), by those at least `min_ruling_in` long (the grid finder's bound for a
    ruling: shorter ones are strokes of text) that neither reach within SHEET_EDGE_IN of
    both ends of the `sheet` nor lie that close to its sides (`sheet`: its length
    along the lines and across them, where known)."""
    edge = SHEET_EDGE_IN * dpi
    beyond = BEYOND_FRAME_IN * dpi
    near = CREASE_HALF_WIDTH_IN * dpi
    framing = []
    for k, g in enumerate(groups if frame is None else frame):
        s, e, length = _extent(g, min_ruling_in * dpi)
        if length >= min_ruling_in * dpi and (sheet is None or not (s <= edge and e >= sheet[0] - edge)
                                              and edge < _position(g) < sheet[1] - edge):
            framing.append((k, g, s, e))
    # Where the sheet ends along, where it is not known: the farthest ink.
    far = max((e for g in groups for _, _, e in g), default=0)
    creases: list[Crease] = []
    for i, group in enumerate(groups):
        # Not the line itself: where the frame is drawn by other groups, those lying
        # where this group's pieces lie (its own pieces of darker ink among them).
        low, high = min(p for p, _, _ in group) - near, max(p for p, _, _ in group) + near
        others = [(s, e) for k, g, s, e in framing
                  if (k != i if frame is None else not low <= _position(g) <= high)]
        if not others:
            continue
        start, end = min(s for s, _ in others), max(e for _, e in others)
        left = [p for p in group if p[1] < start - beyond]
        right = [p for p in group if p[2] > end + beyond]
        if not (left and right):
            continue
        if sheet is not None and all(p <= edge or p >= sheet[1] - edge for p, _, _ in left + right):
            # The paper's edge (a scanner's shadow of its border), however patchy: no
            # table is printed that close to it.
            creases.append(_through(left + right, (start, end)))
        else:
            creases += _lines_across(left, right, (start, end), sheet[0] if sheet else far, dpi)
    return creases


def _through(margin: list[Piece], frame: tuple[int, int]) -> Crease:
    """The line through a line's pieces in the two margins, a fold's tilt kept."""
    margin = sorted(margin, key=lambda q: q[1] + q[2])
    return Crease([(s + e) / 2 for _, s, e in margin], [q for q, _, _ in margin], frame)


def _unbroken(pieces: Sequence[Piece], low: float, high: float, gap: float) -> float:
    """The share of [low, high) along that the longest run of `pieces` covers, across
    breaks up to `gap` long."""
    if high <= low:
        return 0.0
    longest, run = 0.0, None
    for _, s, e in sorted(pieces, key=lambda p: p[1]):
        a, b = max(s, low), min(e, high)
        if b <= a:
            continue
        run = (run[0], max(run[1], b)) if run is not None and a <= run[1] + gap else (a, b)
        longest = max(longest, run[1] - run[0])
    return longest / (high - low)


def _on_one_line(pieces: Sequence[Piece], low: float, high: float, dpi: float) -> list[tuple[float, list[Piece]]]:
    """Positions across where the pieces within CREASE_HALF_WIDTH_IN run over
    MARGIN_INK_SHARE of [low, high), unbroken but for DROPOUT_IN; best covered first,
    each with those pieces, none sharing a piece with a better one."""
    near, gap = CREASE_HALF_WIDTH_IN * dpi, DROPOUT_IN * dpi
    found = []
    for pos, _, _ in pieces:
        on = [p for p in pieces if abs(p[0] - pos) <= near]
        cover = _unbroken(on, low, high, gap)
        if cover >= MARGIN_INK_SHARE:
            found.append((cover, _position(on), on))
    found.sort(key=lambda f: -f[0])
    out: list[tuple[float, list[Piece]]] = []
    for _, pos, on in found:
        if not any(p in taken for _, taken in out for p in on):
            out.append((pos, on))
    return out


def _lines_across(left: list[Piece], right: list[Piece], frame: tuple[int, int], far: float,
                  dpi: float) -> list[Crease]:
    """The lines that the margin pieces of a group draw across the sheet (`left` before
    the `frame`, `right` after it; `far`: where the sheet ends along): each side's
    pieces at one position running unbroken over MARGIN_INK_SHARE of the margin there
    (`_on_one_line`), paired with the other side's nearest within LEAN_IN. Two streaks chained into one group are two
    lines; specks chained into one are none."""
    lean = LEAN_IN * dpi
    lines = []
    ends = _on_one_line(right, frame[1], far, dpi)
    for pos, on_left in _on_one_line(left, 0, frame[0], dpi):
        paired = [(abs(p - pos), p, on) for p, on in ends if abs(p - pos) <= lean]
        if not paired:
            continue
        _, p, on_right = min(paired)
        ends = [(q, on) for q, on in ends if q != p]
        lines.append(_through(on_left + on_right, frame))
    return lines


def off_sheet_lines(groups: list[list[Piece]], creases: list[Crease], dpi: float) -> list[list[Piece]]:
    """The groups without the pieces that lie on one of `creases` (within
    CREASE_HALF_WIDTH_IN of its line, Crease.lies_on); a group left empty is dropped."""
    near, beyond = CREASE_HALF_WIDTH_IN * dpi, BEYOND_FRAME_IN * dpi
    out = []
    for group in groups:
        kept = [p for p in group if not any(crease.lies_on(p, near, beyond) for crease in creases)]
        if kept:
            out.append(kept)
    return out


def without_sheet_lines(groups: list[list[Piece]], dpi: float, min_ruling_in: float,
                        evidence: list[list[Piece]] | None = None,
                        sheet: tuple[int, int] | None = None) -> list[list[Piece]]:
    """The grid finder's groups of ruling pieces (one group a grid line) without the
    pieces of lines that run across the sheet. A group left empty is dropped. Lines
    shorter than `min_ruling_in` (the grid finder's bound for a ruling: shorter ones are
    strokes of text) do not mark the frame. `evidence`, where given, are groups of
    pieces of fainter ink over the sheet's whole length, on which the lines are judged;
    the frame is drawn by `groups`. `sheet`: the sheet's length along the lines and
    across them, in pixels."""
    if evidence is None:
        return off_sheet_lines(groups, sheet_lines(groups, dpi, min_ruling_in, sheet=sheet), dpi)
    return off_sheet_lines(groups, sheet_lines(evidence, dpi, min_ruling_in, frame=groups, sheet=sheet), dpi)
