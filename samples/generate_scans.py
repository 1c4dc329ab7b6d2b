"""Make the scanned-catalogue samples in samples/scans/ from data held in this file.

    python samples/generate_scans.py            # writes samples/scans/*

What it draws, at 200 dpi, A4 landscape: a district-layout catalogue table
(事项类别 一级/二级/三级 | 公开内容 | 公开主体 | 公开渠道 | 公开时限 | 公开属性 | 公开方式 |
公开对象) over two pages, with merged level cells, drawn check boxes (ticked or empty),
a slight skew, speckle noise and, on page 2, a red seal stamped over text. A third,
small image holds one option per column ("√" or an empty cell). The pages are also
wrapped into a black-and-white PDF without a text layer (without the seal).

Next to the images it writes the truth the tests compare against:
- `<name>.cells.json`: per page, the grid (rows, cols, spans) and each cell's text with
  canonical marks (☑/☐), as the OCR extractor should produce it;
- `scan-district.rows.json`: the contract rows for the catalogue.

Needs Pillow and a CJK TrueType font. On Debian/Ubuntu:
    apt-get install -y fonts-wqy-microhei
which gives /usr/share/fonts/truetype/wqy/wqy-microhei.ttc (or set CATALOGUE_CJK_FONT).
The output is deterministic for a given Pillow and font (fixed random seed).
"""

from __future__ import annotations

import io
import json
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent / "scans"
FONT_PATHS = (
    os.environ.get("CATALOGUE_CJK_FONT", ""),
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
DPI = 200
MM = DPI / 25.4  # pixels per millimetre
PAGE_W, PAGE_H = round(297 * MM), round(210 * MM)
FONT_PX = 26  # about 9.4 pt at 200 dpi, a usual catalogue body size
LINE_PX = 34
PAD = 8  # cell padding in pixels
BOX = 24  # check-box side in pixels (about 3 mm)
RULE = 2  # ruling width in pixels

CHECKED, UNCHECKED = "☑", "☐"

# District layout: (header, width in mm); the first three sit under 事项类别.
COLUMNS = [
    ("一级", 20), ("二级", 22), ("三级", 22), ("公开内容", 52), ("公开主体", 26),
    ("公开渠道", 44), ("公开时限", 28), ("公开属性", 24), ("公开方式", 24), ("公开对象", 15),
]
CHANNEL_SHORT = ("政府网站", "政府公报", "政务微博", "政务微信")
CHANNEL_LONG = CHANNEL_SHORT + ("移动客户端", "信息公告栏", "政务服务中心")
DISCLOSURE = ("主动公开", "依申请公开")
METHOD = ("预公开", "全文发布")


@dataclass
class Item:
    levels: tuple[str, str, str]  # "" for a level the item does not have
    content: str
    subject: str
    channels: tuple[str, ...]  # options printed in the cell
    channels_on: tuple[str, ...]  # the ticked ones
    time_limit: str
    disclosure_on: tuple[str, ...]
    method_on: tuple[str, ...]
    audience: str
    l2_spans_l3: bool = False  # 二级 cell merged across 三级 (an item with two levels)


TWENTY = "相关信息形成或变更之日起20个工作日内"
PAGES: list[list[Item]] = [
    [
        Item(("履职依据", "上级法规规章", ""), "涉及本部门的国务院部门行政规章、省政府行政规章",
             "区政府各部门（单位）", CHANNEL_SHORT, ("政府网站",), TWENTY, ("主动公开",),
             ("全文发布",), "社会", l2_spans_l3=True),
        Item(("履职依据", "政策专题", "惠企政策"), "公开惠企政策申请条件、申报材料清单、办理流程、承办部门、联系方式等信息",
             "区政府各部门（单位）", CHANNEL_LONG, ("政府网站", "政务微信"), TWENTY, ("主动公开",),
             ("全文发布",), "社会"),
        Item(("履职依据", "政策专题", "六稳六保工作"), "稳就业、稳金融、稳外贸各项政策举措及其效果",
             "区发展改革委", CHANNEL_SHORT, ("政府网站", "政府公报"), "即时公开", ("主动公开",),
             ("预公开", "全文发布"), "全社会"),
        Item(("机关简介", "机构设置", "机构概况"), "机构职责、机构设置、联系方式（地址、办公时间、联系电话）",
             "各街道镇、区政府各部门", CHANNEL_SHORT, ("政府网站",), TWENTY, ("主动公开",),
             ("全文发布",), "社会"),
        Item(("机关简介", "领导信息", ""), "领导姓名、职务、简历、工作分工",
             "区政府各部门（单位）", CHANNEL_SHORT, ("政府网站", "政务微博"), "信息形成之日起5个工作日内",
             ("主动公开",), ("全文发布",), "社会"),
    ],
    [
        Item(("规划信息", "发展规划", "国民经济规划"), "国民经济和社会发展规划纲要及其解读",
             "区发展改革委", CHANNEL_LONG, ("政府网站", "信息公告栏"), TWENTY, ("主动公开",),
             ("全文发布",), "社会"),
        Item(("规划信息", "专项规划", ""), "教育、卫生、交通等专项规划",
             "区政府各部门（单位）", CHANNEL_SHORT, ("政府网站",), "每年1月31日前", ("主动公开",),
             ("预公开",), "社会"),
        Item(("财政信息", "财政预决算", "部门预算"), "部门预算报表及说明",
             "区财政局", CHANNEL_SHORT, ("政府网站", "政府公报"), "批复后20日内", ("主动公开",),
             ("全文发布",), "社会"),
        Item(("财政信息", "财政预决算", "部门决算"), "部门决算报表、三公经费决算情况说明",
             "区财政局", CHANNEL_LONG, ("政务服务中心",), "批复后20日内", ("依申请公开",),
             ("全文发布",), "特定群体"),
    ],
]
# One option per column: (事项, 主动公开 ticked, 依申请公开 ticked)
TICK_ROWS = [("政府信息公开指南", True, False), ("依申请公开目录", False, True), ("年度报告", True, False)]


def load_font() -> ImageFont.FreeTypeFont:
    for path in FONT_PATHS:
        if path and Path(path).exists():
            return ImageFont.truetype(path, FONT_PX)
    raise SystemExit("no CJK font found: apt-get install -y fonts-wqy-microhei (or set CATALOGUE_CJK_FONT)")


def wrap(text: str, width: int, font: ImageFont.FreeTypeFont) -> list[str]:
    """Break text into lines that fit `width` pixels, at any character (CJK style)."""
    lines, line = [], ""
    for ch in text:
        if line and font.getlength(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def option_lines(options: tuple[str, ...], on: tuple[str, ...], width: int,
                 font: ImageFont.FreeTypeFont) -> list[list[tuple[str, bool]]]:
    """Options packed into lines without splitting a label: [[(label, ticked), …], …]."""
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0
    for label in options:
        need = BOX + 4 + int(font.getlength(label)) + 12
        if lines[-1] and used + need > width:
            lines.append([])
            used = 0
        lines[-1].append((label, label in on))
        used += need
    return lines


def option_text(lines: list[list[tuple[str, bool]]]) -> str:
    return "\n".join(" ".join((CHECKED if on else UNCHECKED) + label for label, on in line) for line in lines)


def draw_box(draw: ImageDraw.ImageDraw, x: int, y: int, ticked: bool, rng: random.Random) -> None:
    draw.rectangle((x, y, x + BOX, y + BOX), outline=(0, 0, 0), width=2)
    if ticked:
        # A hand-made tick: short stroke down, long stroke up, sometimes past the frame.
        over = rng.choice((0, 0, 6))
        pts = [(x + 5, y + 12), (x + 10, y + 19), (x + BOX - 3 + over // 2, y + 4 - over)]
        draw.line(pts, fill=(0, 0, 0), width=3, joint="curve")


def draw_tick(draw: ImageDraw.ImageDraw, cx: int, cy: int) -> None:
    """A "√" drawn alone, as in one-option-per-column catalogues."""
    draw.line([(cx - 12, cy), (cx - 4, cy + 11), (cx + 13, cy - 14)], fill=(0, 0, 0), width=3, joint="curve")


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str  # expected extractor text (marks as ☑/☐, lines joined by "\n")
    kind: str = "text"  # "text", "options", "tick"
    options: list[list[tuple[str, bool]]] | None = None
    centered: bool = True


def page_cells(items: list[Item], font: ImageFont.FreeTypeFont, col_px: list[int]) -> list[Cell]:
    cells = [
        Cell(0, 0, 1, 3, "事项类别"),
        *[Cell(0, c, 2, 1, COLUMNS[c][0]) for c in range(3, len(COLUMNS))],
        Cell(1, 0, 1, 1, "一级"), Cell(1, 1, 1, 1, "二级"), Cell(1, 2, 1, 1, "三级"),
    ]
    first = 2
    # Level cells merge down over items that share the same path prefix.
    for level in range(3):
        r = 0
        while r < len(items):
            key = items[r].levels[: level + 1]
            span = 1
            while r + span < len(items) and items[r + span].levels[: level + 1] == key:
                span += 1
            item = items[r]
            if level == 2 and item.l2_spans_l3:
                pass  # covered by the 二级 cell
            elif level == 1 and item.l2_spans_l3:
                cells.append(Cell(first + r, 1, span, 2, item.levels[1]))
            else:
                cells.append(Cell(first + r, level, span, 1, item.levels[level]))
            r += span
    for i, item in enumerate(items):
        row = first + i
        inner = [w - 2 * PAD for w in col_px]
        cells.append(Cell(row, 3, 1, 1, item.content, centered=False))
        cells.append(Cell(row, 4, 1, 1, item.subject))
        opts = option_lines(item.channels, item.channels_on, inner[5], font)
        cells.append(Cell(row, 5, 1, 1, option_text(opts), "options", opts, centered=False))
        cells.append(Cell(row, 6, 1, 1, item.time_limit))
        opts = option_lines(DISCLOSURE, item.disclosure_on, inner[7], font)
        cells.append(Cell(row, 7, 1, 1, option_text(opts), "options", opts, centered=False))
        opts = option_lines(METHOD, item.method_on, inner[8], font)
        cells.append(Cell(row, 8, 1, 1, option_text(opts), "options", opts, centered=False))
        cells.append(Cell(row, 9, 1, 1, item.audience))
    return cells


def render_table(cells: list[Cell], col_px: list[int], font: ImageFont.FreeTypeFont,
                 rng: random.Random, size: tuple[int, int] = (PAGE_W, PAGE_H),
                 origin: tuple[int, int] = (round(12 * MM), round(14 * MM))) -> tuple[Image.Image, dict]:
    n_rows = max(c.row + c.rowspan for c in cells)
    n_cols = len(col_px)
    # Row heights from the tallest single-row content; spanned cells get what they span.
    heights = [LINE_PX + 2 * PAD] * n_rows
    for cell in cells:
        if cell.rowspan == 1:
            w = sum(col_px[cell.col: cell.col + cell.colspan]) - 2 * PAD
            n = len(cell.options) if cell.options is not None else len(wrap(cell.text, w, font)) or 1
            heights[cell.row] = max(heights[cell.row], n * LINE_PX + 2 * PAD)
    xs = [origin[0]]
    for w in col_px:
        xs.append(xs[-1] + w)
    ys = [origin[1]]
    for h in heights:
        ys.append(ys[-1] + h)
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    expected = []
    for cell in cells:
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
        draw.rectangle((x0, y0, x1, y1), outline=(0, 0, 0), width=RULE)
        w = x1 - x0 - 2 * PAD
        if cell.kind == "options":
            assert cell.options is not None
            top = y0 + (y1 - y0 - len(cell.options) * LINE_PX) // 2
            for k, line in enumerate(cell.options):
                x = x0 + PAD
                y = top + k * LINE_PX
                for label, on in line:
                    draw_box(draw, x, y + (LINE_PX - BOX) // 2, on, rng)
                    x += BOX + 4
                    draw.text((x, y + 3), label, font=font, fill=(0, 0, 0))
                    x += int(font.getlength(label)) + 12
        elif cell.kind == "tick":
            if cell.text:
                draw_tick(draw, (x0 + x1) // 2, (y0 + y1) // 2)
        else:
            lines = wrap(cell.text, w, font)
            top = y0 + (y1 - y0 - len(lines) * LINE_PX) // 2
            for k, line in enumerate(lines):
                lw = font.getlength(line)
                x = x0 + (x1 - x0 - lw) / 2 if cell.centered else x0 + PAD
                draw.text((x, top + k * LINE_PX + 3), line, font=font, fill=(0, 0, 0))
            cell.text = "\n".join(lines)
        expected.append({"row": cell.row, "col": cell.col, "rowspan": cell.rowspan,
                         "colspan": cell.colspan, "text": cell.text})
    expected.sort(key=lambda c: (c["row"], c["col"]))
    return img, {"n_rows": n_rows, "n_cols": n_cols, "cells": expected}


def stamp_seal(img: Image.Image, cx: int, cy: int, font_path: str) -> Image.Image:
    """A red round seal, multiplied over the page as ink is: black text under it stays black."""
    r = 150
    seal = Image.new("RGB", img.size, (255, 255, 255))
    d = ImageDraw.Draw(seal)
    red = (215, 40, 45)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=9)
    star = [(cx + 45 * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
             cy + 45 * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    d.polygon(star, fill=red)
    seal_font = ImageFont.truetype(font_path, 30)
    text = "政务公开办公室"
    for k, ch in enumerate(text):
        angle = math.radians(-160 + k * (140 / (len(text) - 1)))
        d.text((cx + 110 * math.cos(angle) - 15, cy + 110 * math.sin(angle) - 15), ch, font=seal_font, fill=red)
    d.text((cx - 60, cy + 60), "专用章", font=seal_font, fill=red)
    return ImageChops.multiply(img, seal)


def scan(img: Image.Image, angle: float, rng: random.Random) -> Image.Image:
    """Skew, speckle and a soft edge, as a flatbed scan gives."""
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    px = img.load()
    w, h = img.size
    for _ in range(w * h // 3000):  # dark speckles
        x, y = rng.randrange(w - 2), rng.randrange(h - 2)
        g = rng.randrange(0, 120)
        for dx, dy in ((0, 0), (1, 0), (0, 1))[: rng.randrange(1, 4)]:
            px[x + dx, y + dy] = (g, g, g)
    return img


def small_png(img: Image.Image) -> bytes:
    """A 16-colour palette PNG: the scans stay a few tens of KB in git."""
    buf = io.BytesIO()
    img.quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buf, "PNG", optimize=True, dpi=(DPI, DPI))
    return buf.getvalue()


def contract_rows(source: str) -> list[dict]:
    """The contract rows the whole pipeline should give for the district catalogue."""
    channels = {"政府网站": "channel_website", "政府公报": "channel_gazette", "政务微博": "channel_weibo",
                "政务微信": "channel_wechat", "移动客户端": "channel_app",
                "信息公告栏": "channel_bulletin_board", "政务服务中心": "channel_service_hall"}
    all_channels = ["channel_website", "channel_gazette", "channel_weibo", "channel_wechat", "channel_app",
                    "channel_tv", "channel_radio", "channel_press", "channel_bulletin_board",
                    "channel_service_hall", "channel_archives", "channel_other"]
    rows = []
    for page_no, items in enumerate(PAGES, start=1):
        for item in items:
            levels = [lv or None for lv in item.levels] + [None, None, None]
            row: dict = {"source": source, "page": page_no, "item_no": len(rows) + 1,
                         "item_key": " / ".join(lv for lv in item.levels if lv)}
            row.update({f"level_{i}": levels[i - 1] for i in range(1, 7)})
            row.update({"content": item.content, "basis": None, "subject": item.subject})
            row.update(dict.fromkeys(all_channels, False))
            row.update({channels[c]: True for c in item.channels_on})
            row["channels_extra"] = []
            row["time_limit"] = item.time_limit
            if "工作日" in item.time_limit:
                row["time_limit_days"], row["time_limit_kind"] = int("".join(filter(str.isdigit, item.time_limit))), "working_days"
            elif "日内" in item.time_limit:
                row["time_limit_days"], row["time_limit_kind"] = 20, "calendar_days"
            elif "即时" in item.time_limit:
                row["time_limit_days"], row["time_limit_kind"] = None, "realtime"
            else:
                row["time_limit_days"], row["time_limit_kind"] = None, "deadline"
            row.update({"disclosure_proactive": "主动公开" in item.disclosure_on,
                        "disclosure_on_request": "依申请公开" in item.disclosure_on,
                        "disclosure_not_public": False})
            row.update({"method_pre_release": "预公开" in item.method_on,
                        "method_full_text": "全文发布" in item.method_on,
                        "method_desensitized": False, "method_interpretation": False,
                        "method_onsite": False, "method_other": False})
            row.update({"audience": item.audience, "tier_county": None, "tier_township": None,
                        "warnings": []})
            rows.append(row)
    return rows


def main() -> None:
    OUT.mkdir(exist_ok=True)
    font = load_font()
    font_path = str(font.path)
    rng = random.Random(20240604)
    col_px = [round(w * MM) for _, w in COLUMNS]
    office_scans, truth = [], []
    for n, items in enumerate(PAGES, start=1):
        plain, grid = render_table(page_cells(items, font, col_px), col_px, font, rng)
        img = plain
        if n == 2:  # the seal lands over content and subject text
            img = stamp_seal(plain, round(12 * MM) + sum(col_px[:3]) + 300, 560, font_path)
        state = rng.getstate()
        img = scan(img, (1.0, -0.8)[n - 1], rng)
        (OUT / f"scan-district-p{n}.png").write_bytes(small_png(img))
        rng.setstate(state)  # the same skew and specks, without the seal
        office_scans.append(scan(plain, (1.0, -0.8)[n - 1], rng).convert("L").convert("1", dither=Image.Dither.NONE))
        truth.append({"page": n, **grid})
    (OUT / "scan-district.cells.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (OUT / "scan-district.rows.json").write_text(
        json.dumps(contract_rows("scan-district.pdf"), ensure_ascii=False, indent=1) + "\n", "utf-8")
    # A scanned PDF as an office scanner makes it: black and white pages, no text layer.
    # Bilevel pages keep the file small; they carry no seal, since a red seal would
    # turn black (its page in colour is scan-district-p2.png).
    office_scans[0].save(OUT / "scan-district.pdf", "PDF", resolution=DPI, save_all=True,
                         append_images=office_scans[1:])

    # One option per column: "√" alone in a cell, or nothing.
    tick_cols = [round(w * MM) for w in (60, 30, 30)]
    cells = [Cell(0, 0, 1, 1, "事项名称"), Cell(0, 1, 1, 1, "主动公开"), Cell(0, 2, 1, 1, "依申请公开")]
    for r, (name, a, b) in enumerate(TICK_ROWS, start=1):
        cells += [Cell(r, 0, 1, 1, name), Cell(r, 1, 1, 1, CHECKED if a else "", "tick"),
                  Cell(r, 2, 1, 1, CHECKED if b else "", "tick")]
    img, grid = render_table(cells, tick_cols, font, rng, size=(1100, 420), origin=(60, 60))
    img = scan(img, 0.5, rng)
    (OUT / "scan-tick-columns.png").write_bytes(small_png(img))
    (OUT / "scan-tick-columns.cells.json").write_text(
        json.dumps([{"page": 1, **grid}], ensure_ascii=False, indent=1) + "\n", "utf-8")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name:32} {path.stat().st_size // 1024:5} KB")


if __name__ == "__main__":
    main()
