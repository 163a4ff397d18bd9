"""How fast checks.retrieval indexes and answers row x unit queries at a province's scale.

    .venv/bin/python bench/retrieval_speed.py [--docs 50000] [--units 40] [--queries 200]
                                              [--seed 12]

Generates ``--docs`` documents of 40 units: titles like a county portal's (县人社局关于做好2023年
就业帮扶工作的通知), bodies of 1–3 KB built from 政务公开 phrases, one or two of the units'
topics each, and a share of boilerplate that every document repeats. Builds the index
(``DocumentIndex.build``), then runs ``--queries`` row x unit queries the way
``unit_disclosure`` does: a task row's terms (from the three customers' tables), restricted to one
unit's documents of the row's period, every hit returned (the check counts them all, then shows
3).

Prints the build time, then the median and the 95th percentile of a query, over all queries and
split into cold ones (a phrase asked for the first time: its postings are built by one scan) and
warm ones (every phrase seen: the case of a row's second and later units). Figures only: timings
are never asserted (targets: build under 60 s, median under 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import statistics
import time

from checks.records import DocRecord
from checks.retrieval import DocumentIndex, normalise, variants

UNITS = [
    "县人力资源和社会保障局", "县发展和改革局", "县财政局", "县教育和体育局", "县卫生健康局",
    "县民政局", "县住房和城乡建设局", "县自然资源局", "县生态环境分局", "县交通运输局",
    "县农业农村局", "县水利局", "县商务和投资促进局", "县文化和旅游局", "县市场监督管理局",
    "县应急管理局", "县医疗保障局", "县退役军人事务局", "县司法局", "县审计局",
    "县统计局", "县城市管理局", "县行政审批服务局", "县工业和信息化局", "县科学技术局",
    "县公安局", "县税务局", "县人民政府办公室", "县政务服务管理办公室", "县乡村振兴局",
    "清泉街道", "崇文街道", "烟庄街道", "东古城镇", "北馆陶镇", "店子镇", "定远寨镇",
    "辛集镇", "梁堂镇", "范寨镇",
]  # fmt: skip
TOPICS = [
    "就业帮扶", "职业技能培训", "社会保险待遇", "养老保险", "医疗保障", "最低生活保障",
    "义务教育", "学前教育", "安全生产", "生态环境保护", "大气污染防治", "河湖长制",
    "农村人居环境整治", "乡村振兴", "高标准农田建设", "营商环境", "减税降费", "惠企政策",
    "市场主体培育", "食品安全", "药品安全", "住房保障", "老旧小区改造", "城市管理",
    "交通运输安全", "公共文化服务", "旅游市场秩序", "退役军人优抚", "法治政府建设", "审计整改",
    "统计调查", "政务服务", "一网通办", "双随机一公开", "行政执法公示", "重大行政决策",
    "征求意见", "政策解读", "预决算", "政府信息公开工作年度报告", "建议提案", "权责清单",
    "应急管理", "防汛抗旱", "森林防火", "疫情防控", "价格监测", "粮食安全", "创业担保贷款",
    "就业见习", "人才引进", "科技创新", "数字政府", "招商引资", "项目建设",
]  # fmt: skip
KINDS = ["通知", "实施方案", "工作方案", "公告", "意见", "办法", "工作总结", "情况报告", "解读"]
ACTIONS = ["做好", "加强", "进一步做好", "开展", "深入推进", "规范", "印发", "公开征求"]
BOILERPLATE = [
    "为深入贯彻落实党中央、国务院决策部署，", "根据有关法律法规和上级文件精神，",
    "结合我县实际，现就有关事项通知如下：", "各乡镇人民政府、街道办事处，县直各部门（单位）：",
    "一、总体要求。", "二、主要任务。", "三、保障措施。", "请各单位高度重视，认真抓好落实。",
    "要加强组织领导，明确责任分工，确保各项任务落到实处。", "本方案自印发之日起施行。",
    "联系电话：0635-5212345。", "各地各部门要强化督导检查，及时总结经验做法。",
    "所需经费纳入财政预算统筹保障。", "对工作中发现的问题，要及时整改到位。",
]  # fmt: skip
TOPIC_SENTENCES = [
    "全面推进{t}工作，", "围绕{t}重点任务，", "{t}相关政策措施落实情况良好，",
    "切实做好{t}有关工作，", "建立健全{t}长效机制，", "着力提升{t}服务水平。",
    "将{t}纳入年度考核。", "{t}工作取得明显成效，",
]  # fmt: skip
# Task rows as the catalogs write their terms (冠县, 盐亭, 广德).
ROWS = [
    ["就业帮扶", "职业技能培训", "社会保险待遇"],
    ["征求意见", "征集意见", "意见征集"],
    ["营商环境", "惠企政策", "减税降费"],
    ["安全生产", "应急管理", "防汛抗旱"],
    ["生态环境保护", "大气污染防治", "河湖长制"],
    ["义务教育", "学前教育"],
    ["住房保障", "老旧小区改造"],
    ["乡村振兴", "高标准农田建设", "农村人居环境整治"],
    ["食品安全", "药品安全"],
    ["预决算"],
    ["政策解读"],
    ["重大行政决策"],
    ["双随机一公开", "行政执法公示"],
    ["建议提案"],
    ["权责清单"],
    ["政务服务", "一网通办"],
    ["最低生活保障", "养老保险"],
    ["退役军人优抚"],
    ["审计整改"],
    ["统计调查"],
    ["创业担保贷款", "就业创业"],
    ["公共文化服务", "旅游市场秩序"],
    ["政府信息公开工作年度报告"],
    ["科技创新", "人才引进"],
    ["数字政府"],
]


def generate(count: int, units: int, seed: int) -> list[DocRecord]:
    """``count`` documents of the first ``units`` units, dated across 2023."""
    rng = random.Random(seed)
    names = UNITS[:units]
    docs = []
    for doc_id in range(1, count + 1):
        unit = rng.choice(names)
        topics = rng.sample(TOPICS, rng.choice((1, 1, 2)))
        title = f"{unit}关于{rng.choice(ACTIONS)}2023年{topics[0]}工作的{rng.choice(KINDS)}"
        size = rng.randint(1000, 3000) // 3  # a CJK character is 3 bytes of UTF-8
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            if rng.random() < 0.45:
                parts.append(rng.choice(TOPIC_SENTENCES).format(t=rng.choice(topics)))
            elif rng.random() < 0.1:
                parts.append(rng.choice(TOPIC_SENTENCES).format(t=rng.choice(TOPICS)))
            else:
                parts.append(rng.choice(BOILERPLATE))
        published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
        docs.append(
            DocRecord(
                id=doc_id,
                url=f"http://www.example.gov.cn/xxgk/{doc_id}.html",
                title=title,
                issuing_agency=unit,
                publish_date=published,
                body_text="".join(parts),
            )
        )
    return docs


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _line(name: str, times: list[float]) -> str:
    if not times:
        return f"{name:<6} queries: 0"
    median = statistics.median(times) * 1000
    p95 = _percentile(times, 0.95) * 1000
    return f"{name:<6} queries: {len(times):4d}  median {median:8.2f} ms  p95 {p95:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    docs = generate(args.docs, args.units, args.seed)
    megabytes = sum(len(d.body_text.encode()) + len(d.title.encode()) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {args.units} units, {megabytes:.1f} MB of UTF-8 text")

    gc.collect()
    started = time.perf_counter()
    index = DocumentIndex.build(docs)
    build = time.perf_counter() - started
    print(f"index build: {build:.2f} s")

    by_unit: dict[str, list[DocRecord]] = {}
    for doc in docs:
        by_unit.setdefault(doc.issuing_agency or "", []).append(doc)
    rng = random.Random(args.seed + 1)
    seen: set[str] = set()
    cold: list[float] = []
    warm: list[float] = []
    hits = 0
    for _ in range(args.queries):
        terms = rng.choice(ROWS)
        unit = rng.choice(UNITS[: args.units])
        due = dt.date(2023, rng.choice((8, 12)), 31)  # 2023年8月底前, 全年
        started = time.perf_counter()
        among = [d.id for d in by_unit.get(unit, []) if d.publish_date and d.publish_date <= due]
        found = index.search(terms, among=among, top=None)
        elapsed = time.perf_counter() - started
        hits += len(found)
        phrases = {normalise(v) for term in terms for v in variants(term)}
        (warm if phrases <= seen else cold).append(elapsed)
        seen |= phrases
    print(_line("all", cold + warm))
    print(_line("cold", cold))
    print(_line("warm", warm))
    print(f"hits per query (mean): {hits / args.queries:.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
