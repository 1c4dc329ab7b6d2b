"""A long district-layout catalogue for bench/bench_pdf.py, built from generate_pdfs.py's pieces.

    python samples/generate_bench_pdf.py OUT_DIR [--pages 150]

The items of the district sample are repeated, each copy under its own 一级 label
(so a merged cell never runs from one copy into the next), until the layout fills
the pages asked for. Every page has the sample's traps: merged level cells, labels
cut by page breaks, rows split across pages, marks as glyphs, symbol fonts and drawn
boxes. Deterministic (reportlab's invariant mode): the same arguments give the same bytes.

With --embedded the CJK text is set in a subset of a TrueType font embedded in the file
(WenQuanYi Micro Hei, installed on the bench machine for generation only), as most real
government PDFs are; without it, in reportlab's STSong-Light, which is not embedded, so
the reader takes those pages' characters from pdfminer (slower).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from catalogue.inspect.font import font_path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalogue_data as data  # noqa: E402
import generate_pdfs as gen  # noqa: E402
import pdflayout as pl  # noqa: E402

# Items per page of the district layout, to size the first attempt (a page holds 7-10).
ITEMS_PER_PAGE_GUESS = 7
# The TrueType CJK font embedded by --embedded: WenQuanYi Micro Hei from the package
# the `ocr` extra installs for `catalogue inspect` (no system font folder needed).
EMBEDDED_CJK = Path(font_path())


def bench_items(copies: int) -> list[data.Item]:
    items: list[data.Item] = []
    for k in range(copies):
        for it in data.DISTRICT_ITEMS:
            levels = (f"{it.levels[0]}（{k + 1}）", *it.levels[1:])
            items.append(dataclasses.replace(it, levels=levels, expected_levels=None))
    return items


@contextmanager
def embedded_cjk(font: Path = EMBEDDED_CJK) -> Iterator[None]:
    """The layout's CJK font name stands for the embedded TrueType font, for a while."""
    if not font.exists():
        raise SystemExit(f"--embedded needs the font {font} (pip install -e '.[ocr]')")
    # registerFont keeps a name's first TrueType font, so the CID font is taken out first.
    cid = pdfmetrics._fonts.pop(pl.CJK_FONT, None) or UnicodeCIDFont(pl.CJK_FONT)
    pdfmetrics.registerFont(TTFont(pl.CJK_FONT, str(font), subfontIndex=0))
    try:
        yield
    finally:
        pdfmetrics._fonts.pop(pl.CJK_FONT, None)
        pdfmetrics.registerFont(cid)


def make_bench_pdf(out_dir: Path, pages: int = 150, embedded: bool = False) -> Path:
    """Write bench-district-<pages>p[-embedded].pdf (at least `pages` pages) into out_dir; return its path."""
    path = out_dir / f"bench-district-{pages}p{'-embedded' if embedded else ''}.pdf"
    if path.exists():
        return path  # deterministic: an existing file is the same file
    out_dir.mkdir(parents=True, exist_ok=True)
    per_copy = len(data.DISTRICT_ITEMS)
    copies = max(1, pages * ITEMS_PER_PAGE_GUESS // per_copy)
    with tempfile.TemporaryDirectory() as tmp, gen.fixed_font_timestamps():
        gen.register_fonts(Path(tmp))
        with embedded_cjk() if embedded else nullcontext():
            spec, lay = grow_layout(lambda n: gen.district_spec(bench_items(n)), copies, pages)
            draw_whole(path, spec, lay, "某区政务公开事项目录（基准测试）")
    return path


def grow_layout(make_spec: Callable[[int], pl.TableSpec], count: int, pages: int) -> tuple[pl.TableSpec, pl.Layout]:
    """The spec of make_spec(count), count grown until its layout fills `pages` pages."""
    while True:
        spec = make_spec(count)
        lay = pl.layout_table(spec, gen.capacity_fn(spec, gen.LANDSCAPE[1], title=True))
        if lay.n_pages >= pages:
            return spec, lay
        # grow in proportion to what is missing (a layout of 150 pages takes about a second)
        count = max(count + 1, -(-count * pages // lay.n_pages))


def draw_whole(path: Path, spec: pl.TableSpec, lay: pl.Layout, title: str) -> None:
    """Draw the document beside `path`, then rename it into place: a file there is whole."""
    partial = path.with_suffix(".pdf.part")
    gen.draw_document(partial, spec, lay, title)
    partial.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--embedded", action="store_true", help="embed the CJK font (a TrueType subset)")
    args = parser.parse_args()
    path = make_bench_pdf(args.out_dir, args.pages, args.embedded)
    print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
