"""A long district-layout catalogue for bench/bench_pdf.py, built from generate_pdfs.py's pieces.

    python samples/generate_bench_pdf.py OUT_DIR [--pages 150]

The items of the district sample are repeated, each copy under its own 一级 label
(so a merged cell never runs from one copy into the next), until the layout fills
the pages asked for. Every page has the sample's traps: merged level cells, labels
cut by page breaks, rows split across pages, marks as glyphs, symbol fonts and drawn
boxes. Deterministic (reportlab's invariant mode): the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalogue_data as data  # noqa: E402
import generate_pdfs as gen  # noqa: E402
import pdflayout as pl  # noqa: E402

# Items per page of the district layout, to size the first attempt (a page holds 7-10).
ITEMS_PER_PAGE_GUESS = 7


def bench_items(copies: int) -> list[data.Item]:
    items: list[data.Item] = []
    for k in range(copies):
        for it in data.DISTRICT_ITEMS:
            levels = (f"{it.levels[0]}（{k + 1}）", *it.levels[1:])
            items.append(dataclasses.replace(it, levels=levels, expected_levels=None))
    return items


def make_bench_pdf(out_dir: Path, pages: int = 150) -> Path:
    """Write bench-district-<pages>p.pdf (at least `pages` pages) into out_dir; return its path."""
    path = out_dir / f"bench-district-{pages}p.pdf"
    if path.exists():
        return path  # deterministic: an existing file is the same file
    out_dir.mkdir(parents=True, exist_ok=True)
    per_copy = len(data.DISTRICT_ITEMS)
    copies = max(1, pages * ITEMS_PER_PAGE_GUESS // per_copy)
    with tempfile.TemporaryDirectory() as tmp, gen.fixed_font_timestamps():
        gen.register_fonts(Path(tmp))
        while True:
            spec = gen.district_spec(bench_items(copies))
            lay = pl.layout_table(spec, gen.capacity_fn(spec, gen.LANDSCAPE[1], title=True))
            if lay.n_pages >= pages:
                break
            # grow in proportion to what is missing (a layout of 150 pages takes about a second)
            copies = max(copies + 1, -(-copies * pages // lay.n_pages))
        partial = path.with_suffix(".pdf.part")
        gen.draw_document(partial, spec, lay, "某区政务公开事项目录（基准测试）")
        partial.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=150)
    args = parser.parse_args()
    path = make_bench_pdf(args.out_dir, args.pages)
    print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
