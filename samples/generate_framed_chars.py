"""Draw Han characters whose strokes frame a square (国 回 田 …) into one PNG, so the OCR
box finder can be tested on them on any machine (no font needed at test time).

    python samples/generate_framed_chars.py      # writes samples/scans/framed-chars.png

Needs a CJK TrueType font at generation time (Debian: fonts-wqy-microhei). Tile (i, j)
of the image holds FRAMED_CHARS[i] drawn at SIZES[j] px, at (20, 20) in a TILE×TILE tile.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FRAMED_CHARS = "国回田图单果算事信告馆中日局目"
SIZES = (22, 26, 32)
TILE = 80
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OUT = Path(__file__).resolve().parent / "scans" / "framed-chars.png"


def main() -> None:
    if not FONT.exists():
        raise SystemExit(f"{FONT} is needed (apt-get install fonts-wqy-microhei)")
    image = Image.new("L", (TILE * len(FRAMED_CHARS), TILE * len(SIZES)), 255)
    draw = ImageDraw.Draw(image)
    for j, size in enumerate(SIZES):
        font = ImageFont.truetype(str(FONT), size)
        for i, char in enumerate(FRAMED_CHARS):
            draw.text((TILE * i + 20, TILE * j + 20), char, font=font, fill=0)
    image.save(OUT, optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
