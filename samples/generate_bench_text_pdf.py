"""A long text-heavy catalogue for bench/bench_text_pdf.py: the national layout, about 6 items a page.

    python samples/generate_bench_text_pdf.py OUT_DIR [--pages 195] [--seed 23]

Unlike generate_bench_pdf.py, which repeats the district sample's 33 items, every item
here is drawn anew from a seeded random generator: its content (2-5 clauses), its basis
(1-3 laws), time limit, subject, channels, audience, disclosure and tier, so no two cells
of a column need be alike and nothing the pipeline caches per text is reused more than a
real catalogue would allow. The layout is generate_pdfs.py's national one (序号, two level
columns, long text columns, ■/□ channel marks and √ columns, ruled with lines), its CJK
text set in an embedded TrueType subset (WenQuanYi Micro Hei, needed at generation time
only, as for generate_bench_pdf.py --embedded) as in most real government PDFs.

Deterministic: the same arguments give the same bytes. Writes
bench-text-<pages>p.pdf and bench-text-<pages>p.expected.json (the items, in the
contract's rows, by generate_pdfs.write_expected).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # catalogue, for the packaged font

import catalogue_data as data  # noqa: E402
import generate_pdfs as gen  # noqa: E402
from generate_bench_pdf import draw_whole, embedded_cjk, grow_layout  # noqa: E402

DEFAULT_PAGES = 195
DEFAULT_SEED = 23
# Items per page of this layout with 2-5 clauses of content, to size the first attempt.
ITEMS_PER_PAGE_GUESS = 6
# Items under one 一级 label: real catalogues group a few to a dozen items per domain.
GROUP_SIZES = (3, 12)

DOMAINS = (
    "政府预决算", "最低生活保障", "特困人员救助供养", "临时救助", "医疗救助", "就业创业", "社会保险",
    "户籍管理", "义务教育", "公共文化服务", "城乡规划", "重大建设项目", "生态环境", "安全生产",
    "食品药品监管", "市场监管", "农村危房改造", "保障性住房", "交通运输", "税收管理", "涉农补贴",
    "公共法律服务", "自然资源", "卫生健康", "退役军人服务", "养老服务", "残疾人服务", "水利工程",
)
TOPICS = (
    "政策法规文件", "办事指南", "审核确认结果", "资金使用情况", "监督检查", "行政许可", "行政处罚",
    "行政强制", "行政征收", "行政给付", "年度计划", "实施方案", "标准规范", "项目审批", "招标投标",
    "征收补偿", "信用信息", "统计数据", "工作动态", "咨询投诉",
)
CLAUSES = (
    "国家、省、市、县有关法律法规、规章、规范性文件",
    "申请条件、申请材料、办理流程、办理时限、咨询电话、监督电话",
    "对象姓名（隐去中间字）、所在村（居）、保障人数、保障金额",
    "资金筹集、分配、使用情况及绩效评价结果",
    "监督检查结果；举报投诉方式及处理结果",
    "项目名称、建设单位、建设地点、建设规模、总投资及资金来源",
    "审批、核准、备案结果及批准文号",
    "招标公告、中标候选人公示、中标结果公示、合同订立及履行情况",
    "征收范围、补偿标准、安置方案及征收决定",
    "行政处罚决定书（依法不予公开的除外）",
    "许可事项、许可依据、许可条件、许可数量、许可程序、许可期限",
    "年度工作计划、工作进展及完成情况",
    "部门预算收支总表、收入总表、支出总表、财政拨款收支总表",
    "“三公”经费支出情况及说明",
    "重大决策事项的草案、说明、征求意见情况及采纳结果",
    "实施主体、实施依据、实施对象、实施标准、实施程序",
    "服务机构名称、地址、联系电话、服务时间",
    "突发事件的预警信息、应对措施及处置情况",
    "统计调查制度、统计数据、统计公报及数据解读",
    "随机抽查事项清单、抽查计划、抽查结果及处理情况",
    "补贴对象、补贴标准、补贴金额、发放方式及发放时间",
    "信用承诺、信用评价结果及失信联合惩戒对象名单",
)
LAWS = (
    "《中华人民共和国政府信息公开条例》", "《中华人民共和国预算法》", "《社会救助暂行办法》",
    "《最低生活保障审核确认办法》", "《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》",
    "《中华人民共和国就业促进法》", "《中华人民共和国社会保险法》", "《中华人民共和国城乡规划法》",
    "《中华人民共和国环境保护法》", "《中华人民共和国安全生产法》", "《中华人民共和国招标投标法》",
    "《国有土地上房屋征收与补偿条例》", "《重大行政决策程序暂行条例》", "《优化营商环境条例》",
    "《中华人民共和国统计法》", "《公共文化服务保障法》", "《中华人民共和国食品安全法》",
)
TIMES: tuple[tuple[str, int | None, str | None], ...] = (
    ("信息形成或变更之日起20个工作日内", 20, "working_days"),
    ("审核确认后10个工作日内", 10, "working_days"),
    ("批准后20日内", 20, "calendar_days"),
    ("财政部门批复后20日内", 20, "calendar_days"),
    ("每年3月31日前", None, "deadline"),
    ("即时", None, "realtime"),
    ("作出决定之日起7个工作日内", 7, "working_days"),
)
SUBJECTS = (
    "县级财政部门", "县级民政部门", "乡镇人民政府", "各预算部门", "县级人力资源社会保障部门",
    "县级住房城乡建设部门", "县级生态环境部门", "县级市场监管部门", "县级民政部门、乡镇人民政府",
    "县级卫生健康部门", "县级交通运输部门", "县级自然资源部门、乡镇人民政府",
)


def text_items(rng: random.Random, count: int) -> list[data.Item]:
    """`count` national-layout items drawn from rng, grouped under 一级 labels of their own."""
    items: list[data.Item] = []
    group = 0
    while len(items) < count:
        group += 1
        # the group number keeps each 一级 label apart from the next group's, as a merged cell does
        domain = f"{rng.choice(DOMAINS)}（{group}）"
        for topic in rng.sample(TOPICS, min(len(TOPICS), rng.randint(*GROUP_SIZES))):
            if len(items) == count:
                break
            content = "；".join(rng.sample(CLAUSES, rng.randint(2, 5)))
            basis = "".join(rng.sample(LAWS, rng.randint(1, 3)))
            channels = tuple(sorted(rng.sample(data.NATIONAL_CHANNELS, rng.randint(1, 4)),
                                    key=data.NATIONAL_CHANNELS.index))
            audience = rng.choice((("全社会",), ("特定群体",), ("全社会", "特定群体")))
            disclosure = rng.choice((("主动公开",), ("依申请公开",), ("主动公开", "依申请公开")))
            tier = rng.choice((("县级",), ("乡级",), ("县级", "乡级")))
            items.append(data._nat(len(items) + 1, (domain, topic), content, basis, rng.choice(TIMES),
                                   rng.choice(SUBJECTS), channels, audience, disclosure, tier))
    return items


def packaged_cjk() -> Path:
    try:
        from catalogue.inspect.font import font_path
    except ImportError as error:  # Pillow, of the same extra
        raise SystemExit("the generator needs the ocr extra (its CJK font): pip install '.[ocr]'") from error
    return Path(font_path())


def make_text_pdf(out_dir: Path, pages: int = DEFAULT_PAGES, seed: int = DEFAULT_SEED) -> Path:
    """Write bench-text-<pages>p.pdf (at least `pages` pages) and its expected rows; return the PDF's path."""
    path = out_dir / f"bench-text-{pages}p.pdf"
    if path.exists():
        return path  # deterministic: an existing file is the same file
    out_dir.mkdir(parents=True, exist_ok=True)
    count = pages * ITEMS_PER_PAGE_GUESS
    with gen.fixed_font_timestamps(), embedded_cjk(packaged_cjk()):
        # the same seed for every count: a longer list starts with the shorter one's items
        spec, lay = grow_layout(lambda n: gen.national_spec(text_items(random.Random(seed), n)), count, pages)
        draw_whole(path, spec, lay, "县级基层政务公开标准目录（基准测试）")
    items = text_items(random.Random(seed), spec.n_body_rows)
    facts = gen.row_facts(spec, lay, 2, 1)
    gen.write_expected(path.with_suffix(".expected.json"), path.name, items, facts,
                       {"pages": lay.n_pages, "seed": seed})
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    path = make_text_pdf(args.out_dir, args.pages, args.seed)
    print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
