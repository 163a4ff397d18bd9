"""The other words pages use for a catalog's terms: a small curated list of 政务公开 terms.

A catalog names a row's topics as its author reads the requirement (就业帮扶, 职业技能培训,
社会保险待遇); the units' pages write some of them otherwise (就业援助, 职业培训, 社保待遇). Three
kinds of entry:

- ``SYNONYMS``: whole terms that mean the same thing here. A term equal to one member also
  searches the others.
- ``SHORT_FORMS``: a short form and its full form, swapped *inside* a term (社会保险待遇 also
  searches 社保待遇), because pages use the short form in running text and the full one in titles.
- ``KINDS``, one way only: a term also finds the kinds its governing rule names (社会救助:
  最低生活保障, 临时救助 …).

Every group says why it is one.

What is left out on purpose: words that only overlap a topic (就业 alone for 就业帮扶:
就业见习基地名单 is not a 帮扶 policy), broader words (民生 for 社会保险), and everything a
catalog can write as one more term itself. A synonym widens every row that uses the term, so a
group goes in only when a page using either word is about the same thing.
"""

from __future__ import annotations

SYNONYMS: tuple[tuple[str, ...], ...] = (
    # The forms of a 解读 the 国办 rules name (国办发〔2016〕80号 实施细则: 图片图表、音频视频、
    # 答记者问 …): a unit's 图解 of a policy is its 解读.
    ("政策解读", "解读", "图解", "答记者问"),
    # A consultation is announced as 征求意见 or 征集意见 and listed as 意见征集; all are one act
    # (《重大行政决策程序暂行条例》 第十四条 公开征求意见). Its title usually names the draft
    # between the two words (关于公开征求《…》意见的公告): the gap forms (``index.GAP``) find it.
    ("征求意见", "征集意见", "意见征集", "征求…意见", "征集…意见"),
    # 就业促进法 第五章 calls the help for 就业困难人员 就业援助; tables say 就业帮扶.
    ("就业帮扶", "就业援助"),
    # Tables join 就业 and 创业 in either order; pages write 就业创业, 创业就业 or 创业带动就业.
    ("就业创业", "创业就业", "创业带动就业"),
    # 职业技能培训 is written short as 职业培训 or 技能培训 in notices (补贴、报名).
    ("职业技能培训", "职业培训", "技能培训"),
    # 养老金 is the 养老保险 benefit itself; a 养老金调整 notice is a 养老保险待遇 disclosure.
    ("养老保险", "养老金"),
    # 预决算 is 预算 and 决算 together; units publish them as 部门预算 and 部门决算 separately.
    # Not 预算 alone: 所需经费纳入财政预算 closes half of all policy texts.
    ("预决算", "部门预算", "部门决算", "财政预算", "财政决算"),
    # 重大建设项目 is the 国办 name of the field (重大建设项目批准和实施领域信息公开); tables and
    # titles shorten it to 重大项目.
    ("重大建设项目", "重大项目"),
    # 重大行政决策 is shortened to 重大决策 in titles (重大决策预公开).
    ("重大行政决策", "重大决策"),
    # The 年报 of 条例 第五十条, under its full and its usual short titles.
    ("政府信息公开工作年度报告", "政府信息公开年度报告", "信息公开年报"),
    # 政府常务会议 is written 常务会议 or 常务会 in the notices inviting the public to attend.
    ("政府常务会议", "常务会议", "常务会"),
    # 政策评价 and 政策评估 name the same act in 国办 guidance and in county tables.
    ("政策评价", "政策评估"),
    # 开放日 activities run as a day, a week or a month (政府开放月).
    ("开放日", "开放周", "开放月"),
    # 建议提案: the 人大代表建议 and the 政协提案 a unit answers (国办发〔2014〕46号 公开办理结果).
    ("建议提案", "建议和提案", "人大代表建议", "政协提案", "政协委员提案"),
    # 权责清单 is published as 权力清单 and 责任清单 (the two halves) too.
    ("权责清单", "权力清单", "责任清单"),
    # The same 监管 practice, with and without the enumeration comma.
    ("双随机一公开", "双随机、一公开"),
    # 规范性文件 in full since 国办发〔2018〕37号.
    ("规范性文件", "行政规范性文件"),
)

# A term also finds the kinds its governing rule names: a page on one kind is a page on the term
# (one way only: a 社会救助 page is not necessarily about 低保).
KINDS: dict[str, tuple[str, ...]] = {
    # 《社会救助暂行办法》(国务院令第649号, 2014) 第二条 names the kinds of 社会救助; pages name the
    # kind (城市居民最低生活保障实施办法, 特困人员救助供养) rather than 社会救助.
    "社会救助": (
        "最低生活保障",
        "特困人员",
        "受灾人员救助",
        "医疗救助",
        "教育救助",
        "住房救助",
        "就业救助",
        "临时救助",
    ),
}

SHORT_FORMS: tuple[tuple[str, ...], ...] = (
    # 社保 is 社会保险 in every 人社 text (社保缴费, 社保待遇, 社保卡).
    ("社会保险", "社保"),
    # 医保 stands for 医疗保障 (the 医保局's name) and for 医疗保险 (the insurance itself).
    ("医疗保障", "医疗保险", "医保"),
    # 低保 is the 最低生活保障 in 民政 notices.
    ("最低生活保障", "低保"),
    # 人社 is the 人力资源和社会保障 of unit names and topics (人社政策).
    ("人力资源和社会保障", "人社"),
    # 双创 is 大众创业万众创新 (国发〔2015〕32号).
    ("大众创业万众创新", "双创"),
)


def variants(term: str) -> tuple[str, ...]:
    """``term`` first, then what else a page may write for it: the whole-term synonyms of its
    group, and each of these with a short form swapped for its full one or back.

    >>> variants("社会保险待遇")
    ('社会保险待遇', '社保待遇')
    >>> variants("就业帮扶")
    ('就业帮扶', '就业援助')
    >>> variants("就业")  # not widened: 就业帮扶 and 就业创业 are narrower, not the same
    ('就业',)
    >>> variants("医保")
    ('医保', '医疗保障', '医疗保险')
    >>> variants("社会救助")[:3], "低保" in variants("社会救助")
    (('社会救助', '最低生活保障', '特困人员'), True)
    """
    found = [term]
    for group in SYNONYMS:
        if term in group:
            found += [other for other in group if other != term]
    found += KINDS.get(term, ())
    swapped: list[str] = []
    for word in found:
        for group in SHORT_FORMS:
            # Longest first: 医疗保障 is replaced whole, not through a shorter member inside it.
            for member in sorted(group, key=len, reverse=True):
                if member in word:
                    swapped += [word.replace(member, other) for other in group if other != member]
                    break
    return tuple(dict.fromkeys([*found, *swapped]))
