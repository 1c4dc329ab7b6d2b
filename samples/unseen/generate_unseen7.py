"""Catalogues of the seventh round's unfamiliar layouts, and the rows they must give.

  unruled-continued.pdf  unruled.pdf's table (no rules at all) with its header printed on
                 the first page only: the later pages go on in the same columns under the
                 title, as Word prints a table whose header row is not marked to repeat
  letterhead.pdf unruled.pdf's table typed over a full-page picture on every page (a pale
                 coloured page with a red letterhead band and a grey seal-like watermark, as
                 an office prints onto a scanned letterhead): the text layer is visible, drawn
                 over the picture
  searchable.pdf the same pages with the table's text in render mode 3 (invisible), as a
                 scanner lays its recognised text over the scan, and only the title and the
                 page number visible: a scan, which OCR reads (no expected rows; with --ocr
                 never it must say OCR is needed, never read the hidden layer as a table)
Expected rows (<name>.expected.json) come from the data of generate_unseen.py and this
file, never from an extraction. Regenerate: `python samples/unseen/generate_unseen7.py`
(reportlab); it writes only the files above.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_unseen import _write_expected, make_pdf_table  # noqa: E402


def make_unruled_continued_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=False, repeat_header=False)


def _letterhead() -> object:
    """A page picture: pale paper, a red band across the top, a grey ring in the middle."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (421, 298), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 420, 14), fill=(196, 30, 36))
    draw.ellipse((150, 90, 270, 210), outline=(205, 205, 205), width=6)
    return image


def make_letterhead_pdf(out: Path) -> list[dict[str, object]]:
    return make_pdf_table(out, rules=False, background=_letterhead())


def make_searchable_pdf(out: Path) -> None:
    make_pdf_table(out, rules=False, background=_letterhead(), text_mode=3)


def main() -> None:
    make_searchable_pdf(HERE / "searchable.pdf")
    for name, make in (("unruled-continued.pdf", make_unruled_continued_pdf),
                       ("letterhead.pdf", make_letterhead_pdf)):
        path = HERE / name
        _write_expected(path, make(path))


if __name__ == "__main__":
    main()
