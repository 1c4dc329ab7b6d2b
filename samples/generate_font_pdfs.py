"""Generate PDFs whose text is only as readable as their fonts, in samples/fonts/.

    python samples/generate_font_pdfs.py

Every file draws the same small catalogue (FONT_ITEMS below) as a ruled table; only the
way its characters reach the page differs:

  cmap-<encoding>.pdf   a Type0 font that is NOT embedded, with a predefined CMap
                        (UniGB-UCS2-H, UniGB-UTF16-H, GBK-EUC-H, GB-EUC-H, Identity-H with
                        Adobe-GB1 CIDs): the way iText, reportlab and many report generators
                        write Chinese. A reader must decode them from the CMap alone, with
                        no system font (pdfium cannot; pdfminer carries the CMaps).
  gbk-font-name.pdf     UniGB-UCS2-H again, but the font is named in GBK bytes (宋体), as
                        Chinese word processors name it, and its CIDSystemInfo names no
                        Adobe collection: pdfminer leaves every character as (cid:N), and
                        the reader must name them from the CMap's collection.
  script-<encoding>.pdf the Traditional, Japanese and Korean predefined CMaps (UniCNS-UCS2-H,
                        B5pc-H, UniJIS-UCS2-H, 90ms-RKSJ-H, UniKS-UCS2-H, KSCms-UHC-H), each
                        drawing a table of strings in its own script (SCRIPT_TEXT).
  no-tounicode.pdf      the catalogue in an EMBEDDED TrueType subset (WenQuanYi Micro Hei)
                        whose ToUnicode maps were removed: every reader decodes its codes as
                        Latin letters, so only OCR of the drawn glyphs can read it.

Deterministic (no dates, fixed object order). The hand-written files need nothing but
Python; no-tounicode.pdf needs reportlab and a CJK TrueType font at generation time
(Debian: fonts-wqy-microhei). Expected rows: FONT_ITEMS, by the contract's rules
(expected_rows below); tests/test_pdf_fonts.py compares them with the pipeline.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_pdfs import hand_pdf  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "fonts"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

PAGE = (842.0, 595.0)  # A4 landscape
SIZE = 9.0  # font size of the cell text
TITLE = "某区政务公开事项目录"
HEADER = ("一级", "二级", "公开内容", "公开主体", "公开渠道", "公开时限", "公开属性")
WIDTHS = (70.0, 90.0, 160.0, 100.0, 130.0, 130.0, 120.0)
ROW_HEIGHT = 40.0  # room above and below one line: the text touches no edge (no cut cell)
LEFT, TOP = 16.0, 70.0  # the table's top-left corner, from the page's top-left


@dataclass(frozen=True)
class FontItem:
    level_1: str
    level_2: str
    content: str
    subject: str
    website: bool  # 政府网站 checked (√) or empty (□); 政府公报 is the opposite
    time_limit: str
    days: int | None
    kind: str | None
    proactive: bool  # 主动公开 checked, else 依申请公开 checked


FONT_ITEMS = (
    FontItem("机构职能", "机构简介", "本机关职能及内设机构", "区政府办公室", True, "形成之日起20个工作日内", 20,
             "working_days", True),
    FontItem("机构职能", "领导信息", "领导姓名职务及分工", "区政府办公室", True, "实时公开", None, "realtime", True),
    FontItem("规划信息", "年度计划", "本部门年度工作计划", "区发展改革委", False, "形成之日起15个工作日内", 15, "working_days",
             False),
)


def cell_texts(item: FontItem) -> tuple[str, ...]:
    web, gazette = ("√", "□") if item.website else ("□", "√")
    active, request = ("√", "□") if item.proactive else ("□", "√")
    return (item.level_1, item.level_2, item.content, item.subject, f"{web}政府网站 {gazette}政府公报",
            item.time_limit, f"{active}主动公开 {request}依申请公开")


def expected_rows(source: str) -> list[dict[str, object]]:
    """The contract fields this small layout fixes, from FONT_ITEMS alone."""
    rows = []
    for n, item in enumerate(FONT_ITEMS, start=1):
        rows.append({
            "source": source, "page": 1, "item_no": n, "item_key": f"{item.level_1} / {item.level_2}",
            "level_1": item.level_1, "level_2": item.level_2, "level_3": None, "content": item.content,
            "subject": item.subject, "channel_website": item.website, "channel_gazette": not item.website,
            "time_limit": item.time_limit, "time_limit_days": item.days, "time_limit_kind": item.kind,
            "disclosure_proactive": item.proactive, "disclosure_on_request": not item.proactive,
        })
    return rows


def table_rows() -> list[tuple[str, ...]]:
    return [HEADER, *(cell_texts(item) for item in FONT_ITEMS)]


# ------------------------------------------------------------ hand-written Type0 fonts

@dataclass(frozen=True)
class Cmap:
    encoding: str  # the predefined CMap
    ordering: str  # Adobe-<ordering> character collection
    font: str  # the non-embedded base font (an Adobe CJK font name)
    codec: str | None  # Python codec that writes the CMap's bytes; None: CIDs (Identity-H)
    # pdfium (as of pypdfium2 5) reads the UTF-8 and UTF-32 CMaps as two-byte codes and
    # gives other characters than pdfminer: the reader must notice and use pdfminer's.
    pdfium_decodes: bool = True
    name_codec: str = "ascii"  # how the font's name is written (a PDF name is bytes)
    written_ordering: str | None = None  # the CIDSystemInfo's Ordering, where not `ordering`


GB_CMAPS = (
    Cmap("UniGB-UCS2-H", "GB1", "STSong-Light", "utf-16-be"),
    Cmap("UniGB-UTF16-H", "GB1", "STSong-Light", "utf-16-be"),
    Cmap("GBK-EUC-H", "GB1", "STSong-Light", "gbk"),
    Cmap("GB-EUC-H", "GB1", "STSong-Light", "gb2312"),
    Cmap("Identity-H", "GB1", "STSong-Light", None),
    Cmap("UniGB-UTF8-H", "GB1", "STSong-Light", "utf-8", pdfium_decodes=False),
    Cmap("UniGB-UTF32-H", "GB1", "STSong-Light", "utf-32-be", pdfium_decodes=False),
)
SCRIPT_CMAPS = (
    Cmap("UniCNS-UCS2-H", "CNS1", "MSung-Light", "utf-16-be"),
    Cmap("B5pc-H", "CNS1", "MSung-Light", "big5"),
    Cmap("UniJIS-UCS2-H", "Japan1", "HeiseiMin-W3", "utf-16-be"),
    Cmap("90ms-RKSJ-H", "Japan1", "HeiseiMin-W3", "cp932"),
    Cmap("UniKS-UCS2-H", "Korea1", "HYSMyeongJo-Medium", "utf-16-be"),
    Cmap("KSCms-UHC-H", "Korea1", "HYSMyeongJo-Medium", "cp949"),
)
GBK_FONT_NAME = Cmap("UniGB-UCS2-H", "GB1", "宋体", "utf-16-be", name_codec="gbk", written_ordering="Unknown")
# A table per script: strings every CMap of that script can encode.
SCRIPT_TEXT = {
    "CNS1": [("政府資訊", "公開項目"), ("機關職能", "組織架構"), ("預算決算", "統計資料")],
    "Japan1": [("情報公開", "行政文書"), ("組織概要", "予算決算"), ("統計情報", "会議資料")],
    "Korea1": [("정보공개", "행정문서"), ("조직개요", "예산결산"), ("통계정보", "회의자료")],
}


def _cids(ordering: str) -> dict[str, int]:
    """Unicode → CID in an Adobe character collection, from pdfminer's data (the same
    tables a reader uses to decode them; the lowest CID where several share a character)."""
    from pdfminer.cmapdb import CMapDB

    table: dict[str, int] = {}
    for cid, text in CMapDB.get_unicode_map(f"Adobe-{ordering}").cid2unichr.items():
        if text not in table or cid < table[text]:
            table[text] = cid
    return table


def encode(text: str, cmap: Cmap) -> bytes:
    if cmap.codec is not None:
        return text.encode(cmap.codec)
    cids = _cids(cmap.ordering)
    return b"".join(cids[ch].to_bytes(2, "big") for ch in text)


def _advance(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0  # /W below: ASCII half-width, the rest full


def content_stream(rows: list[tuple[str, ...]], widths: tuple[float, ...], draw_text, title: str | None) -> bytes:  # type: ignore[no-untyped-def]
    """Rulings of a len(rows) × len(widths) grid and each cell's text, one line per cell."""
    height = PAGE[1]
    ops: list[bytes] = [b"0.6 w 0 G"]
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [TOP + ROW_HEIGHT * k for k in range(len(rows) + 1)]
    for y in ys:
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (xs[0], height - y, xs[-1], height - y))
    for x in xs:
        ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x, height - ys[0], x, height - ys[-1]))
    if title:
        ops.append(draw_text(title, LEFT, height - TOP + 24, 14.0))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                ops.append(draw_text(text, xs[c] + 3, height - ys[r] - 20, SIZE))
    return b"\n".join(ops)


def cmap_pdf(cmap: Cmap, rows: list[tuple[str, ...]], title: str | None = TITLE) -> bytes:
    def draw(text: str, x: float, y: float, size: float) -> bytes:
        return b"BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET" % (size, x, y, encode(text, cmap).hex().encode())

    widths = WIDTHS[: len(rows[0])]
    stream = content_stream(rows, widths, draw, title)
    registry = f"/Registry (Adobe) /Ordering ({cmap.written_ordering or cmap.ordering}) /Supplement 0".encode()
    font = pdf_name(cmap.font.encode(cmap.name_codec))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        % (int(PAGE[0]), int(PAGE[1])),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /%s /DescendantFonts [6 0 R] >>"
        % (font, cmap.encoding.encode()),
        # ASCII CIDs 1-95 are half-width in every Adobe CJK collection; the rest full width.
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /%s /CIDSystemInfo << %s >> /FontDescriptor 7 0 R "
        b"/DW 1000 /W [1 95 500] >>" % (font, registry),
        b"<< /Type /FontDescriptor /FontName /%s /Flags 6 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>" % font,
    ]
    return hand_pdf(objects)


def pdf_name(raw: bytes) -> bytes:
    """The bytes of a PDF name as written after its slash: bytes outside the printable
    ASCII range, and #, as #XX."""
    return b"".join(bytes([b]) if 0x21 <= b <= 0x7E and b != 0x23 else b"#%02X" % b for b in raw)


def script_rows(ordering: str) -> list[tuple[str, ...]]:
    return [tuple(pair) for pair in SCRIPT_TEXT[ordering]]


# ------------------------------------------------------------ embedded, ToUnicode removed

TOUNICODE = re.compile(rb"/ToUnicode\s+\d+\s+0\s+R")


def no_tounicode_pdf() -> bytes:
    """The catalogue in an embedded TrueType subset, then every /ToUnicode entry blanked
    out (same length, so the cross-reference offsets stay right)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if not WQY.exists():
        raise SystemExit(f"{WQY} is needed to generate no-tounicode.pdf (apt-get install fonts-wqy-microhei)")
    pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=0)
    rows = table_rows()
    xs = [LEFT]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    ys = [TOP + ROW_HEIGHT * k for k in range(len(rows) + 1)]
    height = PAGE[1]
    canvas.setLineWidth(0.6)
    for y in ys:
        canvas.line(xs[0], height - y, xs[-1], height - y)
    for x in xs:
        canvas.line(x, height - ys[0], x, height - ys[-1])
    canvas.setFont("WQY", 14)
    canvas.drawString(LEFT, height - TOP + 24, TITLE)
    canvas.setFont("WQY", SIZE)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            canvas.drawString(xs[c] + 3, height - ys[r] - 20, text)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    stripped, count = TOUNICODE.subn(lambda m: b" " * len(m.group(0)), data)
    if not count:
        raise SystemExit("reportlab wrote no /ToUnicode entry to remove")
    return stripped


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for cmap in GB_CMAPS:
        (OUT / f"cmap-{cmap.encoding}.pdf").write_bytes(cmap_pdf(cmap, table_rows()))
    for cmap in SCRIPT_CMAPS:
        (OUT / f"script-{cmap.encoding}.pdf").write_bytes(cmap_pdf(cmap, script_rows(cmap.ordering), None))
    (OUT / "gbk-font-name.pdf").write_bytes(cmap_pdf(GBK_FONT_NAME, table_rows()))
    (OUT / "no-tounicode.pdf").write_bytes(no_tounicode_pdf())
    print(f"wrote {len(GB_CMAPS) + len(SCRIPT_CMAPS) + 2} PDFs to {OUT}")


if __name__ == "__main__":
    main()
