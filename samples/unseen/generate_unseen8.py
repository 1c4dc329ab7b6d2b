"""Catalogues of the eighth round's unfamiliar layouts, and the rows they must give.

  strips-clipped.pdf  the national sheet (samples/printed/generate_printed.py) at full size,
                 printed by LibreOffice in three strips of columns, the second strip ending
                 after 纸质媒体, inside 公开渠道和载体: the group's name, written once centred
                 over its thirteen options, is cut by the paper's edge, so the second strip
                 shows only 公 over its channels and the third 开渠道和载体
  strips-unnamed.pdf  the same, the second strip ending after 广播电视: the group's name falls
                 wholly on the third strip, and the second shows a blank merged cell over
                 its channels

Expected rows (<name>.expected.json) come from the items (samples/catalogue_data.py) and
the data here, never from an extraction. Regenerate: `python samples/unseen/generate_unseen8.py`
(openpyxl and LibreOffice; printing needs a CJK font, e.g. Debian's fonts-wqy-microhei,
passed with CJK_FONT_DIR=/path/to/folder); it writes only the files above.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "office"))
sys.path.insert(0, str(HERE.parent / "printed"))

import generate_office as office  # noqa: E402
import generate_printed as printed  # noqa: E402

# Each sheet's strips end after these columns: after 公开主体 (the first strip holds the
# item's own columns), then inside the channels, where the cut falls through the group's
# name (纸质媒体) or leaves all of it to the next strip (广播电视).
CLIPPED_STRIPS = {"strips-clipped": ("公开主体", "纸质媒体"), "strips-unnamed": ("公开主体", "广播电视")}


def make_clipped_strips(out: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name, breaks in CLIPPED_STRIPS.items():
            printed.make_sheet(work / f"{name}.xlsx", fit=False, breaks=breaks)
            office.soffice(["--convert-to", "pdf", f"{name}.xlsx"], work)
            shutil.copyfile(work / f"{name}.pdf", out / f"{name}.pdf")
            expected = out / f"{name}.expected.json"
            office.write_expected(expected, f"{name}.pdf", office.national_expected_items(),
                                  printed.pages_of(fit=False, over_then_down=False))
            doc = json.loads(expected.read_text(encoding="utf-8"))
            for row in doc["rows"]:  # every item's channels and further columns are on later strips
                row["warnings"] = [*row["warnings"], printed.STRIP_WARNING]
            expected.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    make_clipped_strips(HERE)


if __name__ == "__main__":
    main()
