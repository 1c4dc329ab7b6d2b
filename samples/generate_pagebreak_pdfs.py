"""Generate catalogue PDFs in samples/pagebreaks/ where a page break cuts in each way
Word cuts a long ruled table, with the contract rows they must give.

    python samples/generate_pagebreak_pdfs.py   # writes samples/pagebreaks/*.pdf and *.expected.json

Each sample is a short district or national table on short pages. The height of its
first row is tried from small to large until the layout (samples/pdflayout.py, Word's
rules) puts the page break where the sample wants it; the generator checks the trap
from the layout itself and refuses to write a sample that lost it. Expected rows come
from the items (samples/catalogue_data.py) and the layout's facts, never from an
extraction.

Samples (trap → what the extractor must do):
  split-row-bare          a row split by the break; the lower part (top of the next page)
                          holds the rest of the content, more channel marks and the rest of
                          the time limit, but no level text → one item, its cut cells completed
  split-row-levels        a row split by the break, and the lower part carries level text:
                          the row is the first of a merged group whose centred label is
                          printed on the next page → one item, the group's label on every row
  cut-label-span          a level label cut inside a merged cell that runs over the break
                          ("最低生活" above, "保障" below) → one label on every row of the group
  label-centred-across    a merged level_2 cell that starts on one page and whose label is
                          printed on the next → the label on every row it spans, on both pages
  new-group-lower         a new level_1 group starts at the top of the next page, its label
                          centred lower down → the rows above the label belong to the new group
  national-split-seq      the national layout (序号 column): a row split by the break, the
                          lower part with no 序号 → one item; the next 序号 starts the next item
  label-centred-lone-row  (issue 22) a merged level_1 cell whose label is printed on the next
                          page, where its first row is the only data row of its page (no merged
                          cell there to show the table merges) → the label on that row too
  label-centred-cut-parent (issue 22) a merged level_2 cell whose label is printed on the next
                          page, at the very break that cuts the level_1 label above it → the
                          level_2 label on its row above the break, not the previous group's
  cut-label-short-of-foot (issue 22) a level label cut inside a merged cell whose first part
                          stops more than a line above the page's foot (the line that did not
                          fit moved on) → one label on every row
  cut-label-words         (issue 22, layout 2) a two-line level_2 label cut inside a merged cell
                          ("最低生活" the last line above the break, "保障" the first below), its
                          first part short of the foot, so no text-edge flag shows the cut and
                          both parts are words → one label on every row of the group
  false-join-two-labels   (issue 22) two rows at a break, each with its own deepest-level label
                          in its own cell (生育保险和医疗救助 | 医保稽查稽核) → two labels, no join
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalogue_data as data  # noqa: E402
import generate_pdfs as gp  # noqa: E402
import pdflayout as pl  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "pagebreaks"
# Short pages, so that a handful of items already runs over a break.
PAGE = (842.0, 360.0)
# The first row's height is tried in these steps (points) until the trap appears.
HEIGHT_STEP = 1.0
HEIGHTS = [30.0 + HEIGHT_STEP * k for k in range(200)]

W = data.web
LONG = data.LONG
RELIEF = "区民政局、各街道镇"
LONG_CONTENT = ("最低生活保障对象的申请条件、申请材料、办理流程、办理时限、咨询电话、监督电话；审核确认结果，"
                "包括保障对象姓名（隐去中间字）、所在村（居）、保障人数、保障金额；资金筹集、分配、使用情况")


def _d(levels: tuple[str, ...], content: str | None, **kw: object) -> data.Item:
    base: dict[str, object] = {
        "channels": W(LONG, "政务微博", "信息公告栏"),
        "disclosure": data.proactive(data.DISCLOSURE2),
        "method": data.full_text(data.METHOD4),
        "subject": RELIEF,
    }
    base.update(kw)
    return data.Item(levels, content, **base)  # type: ignore[arg-type]


RELIEF_ITEMS = [
    _d(("社会救助", "政策文件"), "国家、省、市、区有关社会救助的法律法规、规章、规范性文件。"),
    _d(("社会救助", "最低生活保障", "办事指南"), LONG_CONTENT),
    _d(("社会救助", "最低生活保障", "审核确认结果"), "最低生活保障对象姓名（隐去中间字）、所在村（居）、保障人数、保障金额。"),
    _d(("社会救助", "最低生活保障", "资金使用情况"), "最低生活保障资金筹集、分配、使用情况。",
       time=("每年3月31日前", None, "deadline")),
    _d(("社会救助", "特困人员救助供养", "政策文件"), "有关特困人员救助供养的法律法规、规章、规范性文件。"),
    _d(("社会救助", "特困人员救助供养", "审核确认结果"), "特困人员姓名（隐去中间字）、所在村（居）、供养方式、救助供养标准。"),
    _d(("财政预决算", "部门预算"), "部门预算收支总表、收入总表、支出总表、财政拨款收支总表、“三公”经费支出表。",
       subject="区财政局"),
    _d(("财政预决算", "部门决算"), "部门决算收支总表、收入决算表、支出决算表、财政拨款收支决算总表。",
       subject="区财政局"),
    _d(("财政预决算", "乡镇预决算"), "乡镇预算、决算及报表；乡镇“三公”经费预决算情况。", subject="区财政局"),
]


# ---------------------------------------------------------------- what the layout did


def _level_cells(spec: pl.TableSpec, lay: pl.Layout, first_col: int, n_levels: int) -> list[pl.PlacedCell]:
    return [p for p in lay.cells if first_col <= p.spec.col < first_col + n_levels and p.lines]


def _text_pages(placed: pl.PlacedCell) -> list[int]:
    return sorted({ln.page for ln in placed.lines})


def _split_rows(lay: pl.Layout, n_rows: int) -> list[int]:
    return [r for r in range(n_rows) if len(lay.row_pages(r)) > 1]


def _cells_of_row(lay: pl.Layout, r: int) -> list[pl.PlacedCell]:
    return [p for p in lay.cells if p.spec.row <= r < p.spec.row + p.spec.rowspan]


def _row_text_goes_on(lay: pl.Layout, r: int, cols: tuple[int, ...]) -> bool:
    """Each of these columns of row r has text on both pages of the row."""
    pages = lay.row_pages(r)
    return all(
        any(p.spec.col == c and p.spec.rowspan == 1 and {ln.page for ln in p.lines} >= set(pages[:2])
            for p in _cells_of_row(lay, r))
        for c in cols
    )


def split_row_bare(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A split row whose content, channel and time cells go on over the break, and no
    level text of the row's cells is on the next page."""
    for r in _split_rows(lay, spec.n_body_rows):
        after = lay.row_pages(r)[1]
        levels = [p for p in _cells_of_row(lay, r) if p.spec.col < 6]
        if _row_text_goes_on(lay, r, (6, 8, 9)) and not any(ln.page == after for p in levels for ln in p.lines):
            return True
    return False


def split_row_levels(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A split row that is the first of a merged level group whose label lies wholly on the next page."""
    for r in _split_rows(lay, spec.n_body_rows):
        after = lay.row_pages(r)[1]
        for p in _level_cells(spec, lay, 0, 6):
            if p.spec.row == r and p.spec.rowspan > 1 and _text_pages(p) == [after]:
                return _row_text_goes_on(lay, r, (6,))
    return False


def cut_label_span(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A merged level cell whose label lines lie on two pages, and no row is split."""
    return not _split_rows(lay, spec.n_body_rows) and any(
        p.spec.rowspan > 1 and len(_text_pages(p)) > 1 for p in _level_cells(spec, lay, 0, 6))


def label_centred_across(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A merged level_2 cell starting on one page with its label on the next, and no row split."""
    return not _split_rows(lay, spec.n_body_rows) and any(
        p.spec.col == 1 and p.spec.rowspan > 1 and _text_pages(p)[0] > lay.row_pages(p.spec.row)[0]
        and len(_text_pages(p)) == 1
        for p in _level_cells(spec, lay, 0, 6))


def new_group_lower(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A level_1 group that starts at the top of a page (its first row is the page's
    first), whose label is printed below its first row, and no row split."""
    if _split_rows(lay, spec.n_body_rows):
        return False
    for p in _level_cells(spec, lay, 0, 6):
        if p.spec.col != 0 or p.spec.rowspan < 3:
            continue
        first = next(part for part in lay.parts if part.row == p.spec.row)
        if first.page > 0 and first.top == 0.0 and min(ln.top for ln in p.lines) > first.height \
                and len(_text_pages(p)) == 1:
            return True
    return False


def national_split_seq(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    for r in _split_rows(lay, spec.n_body_rows):
        after = lay.row_pages(r)[1]
        seq = [p for p in _cells_of_row(lay, r) if p.spec.col == 0]
        levels = [p for p in _cells_of_row(lay, r) if p.spec.col in (1, 2)]
        goes_on = any(_row_text_goes_on(lay, r, (c,)) for c in (3, 4, 5, 6))
        if goes_on and not any(ln.page == after for p in seq + levels for ln in p.lines):
            return True
    return False


def _label_pages_late(lay: pl.Layout, placed: pl.PlacedCell) -> bool:
    """The cell's label lies wholly on a later page than the cell's first row."""
    pages = _text_pages(placed)
    return len(pages) == 1 and pages[0] > lay.row_pages(placed.spec.row)[0]


def label_centred_lone_row(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A merged level_1 cell whose label is on the next page, its first row alone on its page."""
    if _split_rows(lay, spec.n_body_rows):
        return False
    for p in _level_cells(spec, lay, 0, 6):
        if p.spec.col == 0 and p.spec.rowspan > 1 and _label_pages_late(lay, p):
            first = lay.row_pages(p.spec.row)[0]
            if [r for r in range(spec.n_body_rows) if lay.row_pages(r)[0] == first] == [p.spec.row]:
                return True
    return False


def label_centred_cut_parent(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A merged level_2 cell whose label is on the next page, while the level_1 label
    over it is cut by the same break."""
    if _split_rows(lay, spec.n_body_rows):
        return False
    cells = _level_cells(spec, lay, 0, 6)
    for p in cells:
        if p.spec.col != 1 or p.spec.rowspan < 2 or not _label_pages_late(lay, p):
            continue
        break_page = _text_pages(p)[0]
        if any(q.spec.col == 0 and q.spec.row <= p.spec.row < q.spec.row + q.spec.rowspan
               and _text_pages(q) == [break_page - 1, break_page] for q in cells):
            return True
    return False


# A reader's "no room for another line" between text and a cell edge: this many font
# sizes (the extractor's TEXT_AT_TOP / TEXT_AT_BOTTOM flags).
ONE_LINE = 1.25
# Where pdflayout.draw_lines puts a line's baseline below the line's top: half the
# leading's slack, then the ascent (0.86 of the size); a reader's nominal glyph box is
# 0.8 of the size above the baseline and 0.2 below it.
ASCENT, NOMINAL_ABOVE, NOMINAL_BELOW = 0.86, 0.8, 0.2


def _room(spec: pl.TableSpec, placed: pl.PlacedCell, page: int) -> tuple[float, float]:
    """The room above and below the cell's text on one page, as a reader measures it."""
    size, lead = spec.font_size, spec.leading
    baselines = [ln.top + (lead - size) / 2 + ASCENT * size for ln in placed.lines if ln.page == page]
    regions = [r for r in placed.regions if r.page == page]
    return (min(baselines) - NOMINAL_ABOVE * size - min(r.top for r in regions),
            max(r.bottom for r in regions) - (max(baselines) + NOMINAL_BELOW * size))


def cut_label_short_of_foot(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A level label cut by the break whose first part ends more than a line above the
    foot of its page (Word moved on a line that did not fit), and no row is split."""
    if _split_rows(lay, spec.n_body_rows):
        return False
    return any(p.spec.rowspan > 1 and len(_text_pages(p)) > 1
               and _room(spec, p, _text_pages(p)[0])[1] > ONE_LINE * spec.font_size
               for p in _level_cells(spec, lay, 0, 6))


def cut_label_words(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """A level_2 label of two lines cut inside a merged cell, one line on each page, its
    first line short of the foot (as cut_label_short_of_foot), while the level_1 label
    over it lies wholly above the break (the level_2 cut alone is the trap), and no row is split."""
    if _split_rows(lay, spec.n_body_rows):
        return False
    cells = _level_cells(spec, lay, 0, 6)
    for p in cells:
        pages = _text_pages(p)
        if p.spec.col != 1 or p.spec.rowspan < 2 or len(p.lines) != 2 or len(pages) != 2:
            continue
        if _room(spec, p, pages[0])[1] <= ONE_LINE * spec.font_size:
            continue
        if all(_text_pages(q) == pages[:1] for q in cells
               if q.spec.col == 0 and q.spec.row <= p.spec.row < q.spec.row + q.spec.rowspan):
            return True
    return False


def false_join_two_labels(spec: pl.TableSpec, lay: pl.Layout) -> bool:
    """Two rows on two pages, each with its own one-row level_6 cell whose label fills it
    (less than a line's room above and below), and no row split: a label at the foot of
    one page and another at the top of the next, as a cut one would be."""
    if _split_rows(lay, spec.n_body_rows):
        return False
    own = {p.spec.row: p for p in _level_cells(spec, lay, 0, 6) if p.spec.col == 5 and p.spec.rowspan == 1}

    def fills(r: int) -> bool:
        return max(_room(spec, own[r], _text_pages(own[r])[0])) < ONE_LINE * spec.font_size

    return any(r in own and r + 1 in own and lay.row_pages(r)[-1] < lay.row_pages(r + 1)[0]
               and fills(r) and fills(r + 1) for r in range(spec.n_body_rows - 1))


# Six-level items whose deepest labels meet at a break, in rows three lines high (short
# option lists), so that a label of two or three lines fills its cell.
FUND = ("重点领域信息公开", "社会公益事业", "医疗卫生", "医疗保障工作", "医保基金监管")


def _fund(label: str, content: str) -> data.Item:
    return _d((*FUND, label), content, subject="区医保局", channels=W(), method=data.full_text())


FUND_ITEMS = [
    _fund("基金监管政策", "医保基金监管的法律法规、规章、规范性文件。"),
    _fund("定点医药机构", "定点医药机构名单。"),
    _fund("生育保险和医疗救助", "生育保险待遇和医疗救助政策。"),
    _fund("医保稽查稽核", "稽查稽核结果。"),
    _fund("举报奖励", "举报奖励办法。"),
]


# ---------------------------------------------------------------- samples


@dataclass
class Sample:
    name: str
    items: list[data.Item]
    trap: Callable[[pl.TableSpec, pl.Layout], bool]
    national: bool = False
    page: tuple[float, float] = PAGE
    row_split: bool = True  # Word's "allow row to break across pages"
    # Rows given a fixed least height (row, points) besides the first row's tried ones:
    # where a span's height decides where in it its label's lines fall.
    min_heights: tuple[tuple[int, float], ...] = ()


SAMPLES = [
    Sample("split-row-bare", [RELIEF_ITEMS[0], RELIEF_ITEMS[1], *RELIEF_ITEMS[6:9]], split_row_bare),
    Sample("split-row-levels", [RELIEF_ITEMS[0], *RELIEF_ITEMS[1:4], *RELIEF_ITEMS[6:8]], split_row_levels),
    Sample("cut-label-span", RELIEF_ITEMS[:8], cut_label_span, row_split=False),
    Sample("label-centred-across", RELIEF_ITEMS[:8], label_centred_across, row_split=False),
    Sample("new-group-lower", RELIEF_ITEMS, new_group_lower, row_split=False),
    Sample("national-split-seq", data.NATIONAL_ITEMS[5:10], national_split_seq, national=True),
    Sample("label-centred-lone-row", RELIEF_ITEMS, label_centred_lone_row, row_split=False),
    Sample("label-centred-cut-parent", RELIEF_ITEMS[:8], label_centred_cut_parent, row_split=False),
    Sample("cut-label-short-of-foot", RELIEF_ITEMS[:8], cut_label_short_of_foot, row_split=False),
    # The 最低生活保障 span's last row is made tall enough to put its label's centre at
    # the break: its first line above it, short of the foot, its second below.
    Sample("cut-label-words", RELIEF_ITEMS[:8], cut_label_words, row_split=False, min_heights=((3, 85.0),)),
    Sample("false-join-two-labels", FUND_ITEMS, false_join_two_labels, row_split=False),
]


def _layout(sample: Sample) -> tuple[pl.TableSpec, pl.Layout]:
    for height in HEIGHTS:
        spec = gp.national_spec(sample.items) if sample.national else gp.district_spec(sample.items)
        spec.min_heights[0] = height
        for row, least in sample.min_heights:
            spec.min_heights[row] = least
        spec.allow_row_split = sample.row_split
        lay = pl.layout_table(spec, gp.capacity_fn(spec, sample.page[1], title=True))
        if sample.trap(spec, lay):
            return spec, lay
    raise SystemExit(f"{sample.name}: no first-row height gives its trap; adjust the data")


def make(sample: Sample, out: Path) -> int:
    spec, lay = _layout(sample)
    name = f"{sample.name}.pdf"
    gp.draw_document(out / name, spec, lay, "某区政务公开事项目录", page_size=sample.page)
    first_col, n_levels = (1, 2) if sample.national else (0, 6)
    facts = gp.row_facts(spec, lay, n_levels, first_col)
    gp.write_expected(out / f"{sample.name}.expected.json", name, sample.items, facts,
                      {"pages": lay.n_pages, "first_row_height": spec.min_heights[0],
                       "traps": gp.trap_report(spec, lay, n_levels, first_col)})
    return lay.n_pages


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, gp.fixed_font_timestamps():
        gp.register_fonts(Path(tmp))
        for sample in SAMPLES:
            pages = make(sample, OUT)
            print(f"{sample.name + '.pdf':28} {pages} pages {(OUT / (sample.name + '.pdf')).stat().st_size:>8} bytes")
    print(json.dumps({s.name: s.trap.__name__ for s in SAMPLES}))


if __name__ == "__main__":
    main()
