"""A synthetic province of documents and interpretations, with the true pairs, for
``bench/linker_scale.py``.

The corpus is shaped like a province's county portals (about 200 documents per county; titles
built from topic vocabularies with varied scope and aspect wording, county and department
issuers, years, 文号, the many 解读 headline forms, and a mix of linking signals). One seed gives
one corpus: the draws are made in a fixed order, so reordering them changes every figure.

What the generator plants, per interpretation of a corpus document (draws are independent):
35% a link to the document (原文链接 / 相关文件 / body, URL spelled differently), 20% a link back
from the document (相关解读 / 关联稿件), 25% the 文号 in the body (5% in the title), 12% an
unrelated 相关链接 box of 3-5 documents, 15% an upstream provincial 文号 in the body. The title is
one of the 解读 forms around the document's title (place and year sometimes dropped), or a
paraphrased headline. 12% of interpretations explain a document that is not in the corpus: next
year's edition, the 实施细则 of a 方案, the province's version, or another county's document.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import jieba

from checks.records import DocRecord, LinkRecord

PROVINCES = {
    "山东省": "鲁",
    "四川省": "川",
    "安徽省": "皖",
    "河南省": "豫",
    "江苏省": "苏",
    "浙江省": "浙",
    "湖北省": "鄂",
    "湖南省": "湘",
    "江西省": "赣",
    "河北省": "冀",
}
DEPARTMENTS = [
    ("财政局", "财"),
    ("教育和体育局", "教体"),
    ("农业农村局", "农"),
    ("民政局", "民"),
    ("人力资源和社会保障局", "人社"),
    ("卫生健康局", "卫健"),
    ("住房和城乡建设局", "住建"),
    ("自然资源局", "自然资源"),
    ("应急管理局", "应急"),
    ("市场监督管理局", "市监"),
    ("发展和改革局", "发改"),
    ("水利局", "水"),
    ("交通运输局", "交"),
    ("商务局", "商"),
    ("文化和旅游局", "文旅"),
    ("医疗保障局", "医保"),
    ("司法局", "司"),
    ("林业局", "林"),
]
# (subject, department index): topics county portals publish on
SUBJECTS = [
    ("城乡居民基本医疗保险", 15),
    ("城乡居民大病保险", 15),
    ("医疗救助", 15),
    ("长期护理保险", 15),
    ("城乡居民基本养老保险", 4),
    ("被征地农民社会保障", 4),
    ("返乡入乡创业", 4),
    ("农民工工资支付保障", 4),
    ("灵活就业人员社会保险补贴", 4),
    ("高校毕业生就业创业", 4),
    ("职业技能提升", 4),
    ("农村人居环境整治提升", 2),
    ("高标准农田建设", 2),
    ("农业产业化龙头企业认定", 2),
    ("农村集体资产管理", 2),
    ("农村宅基地管理", 2),
    ("粮食生产扶持", 2),
    ("畜禽养殖污染防治", 2),
    ("农村厕所革命", 2),
    ("家庭农场培育", 2),
    ("农民专业合作社规范提升", 2),
    ("乡村振兴衔接资金", 2),
    ("蚕桑产业发展", 2),
    ("茶产业高质量发展", 2),
    ("城市生活垃圾分类", 6),
    ("物业管理", 6),
    ("城镇老旧小区改造", 6),
    ("保障性租赁住房", 6),
    ("城区集中供热", 6),
    ("建筑业高质量发展", 6),
    ("农村危房改造", 6),
    ("国有土地上房屋征收与补偿", 6),
    ("城市燃气安全", 6),
    ("自建房安全专项整治", 6),
    ("最低生活保障", 3),
    ("特困人员救助供养", 3),
    ("经济困难高龄失能老年人补贴", 3),
    ("残疾人两项补贴", 3),
    ("养老服务体系建设", 3),
    ("殡葬改革", 3),
    ("婚俗改革", 3),
    ("临时救助", 3),
    ("义务教育阶段学校招生入学", 1),
    ("普惠性民办幼儿园认定", 1),
    ("家庭经济困难学生认定", 1),
    ("校外培训机构监管", 1),
    ("教师队伍建设", 1),
    ("县域普通高中振兴", 1),
    ("县级财政专项资金管理", 0),
    ("政府购买服务", 0),
    ("预算绩效管理", 0),
    ("政府采购", 0),
    ("国有资产管理", 0),
    ("乡村振兴贷款风险补偿金", 0),
    ("政府投资项目管理", 10),
    ("民营经济高质量发展", 10),
    ("数字经济发展", 10),
    ("新型储能产业发展", 10),
    ("招商引资优惠政策", 13),
    ("促进消费", 13),
    ("电子商务进农村", 13),
    ("县域商业体系建设", 13),
    ("全域旅游发展", 14),
    ("文化产业发展", 14),
    ("公共文化服务体系", 14),
    ("森林防火", 17),
    ("林长制", 17),
    ("古树名木保护", 17),
    ("河长制", 11),
    ("农业水价综合改革", 11),
    ("城乡供水一体化", 11),
    ("防汛抗旱应急", 11),
    ("安全生产专项整治", 8),
    ("危险化学品安全", 8),
    ("地质灾害防治", 7),
    ("耕地保护", 7),
    ("不动产登记", 7),
    ("国土空间规划", 7),
    ("食品小作坊登记", 9),
    ("药品安全", 9),
    ("特种设备安全", 9),
    ("重污染天气应急", 10),
    ("家庭医生签约服务", 5),
    ("健康乡村建设", 5),
    ("医疗卫生服务体系", 5),
    ("托育服务发展", 5),
    ("农村公路建设", 12),
    ("城乡客运一体化", 12),
    ("电动自行车管理", 12),
    ("城区停车管理", 12),
    ("重大行政决策程序", 16),
    ("行政规范性文件管理", 16),
    ("行政执法三项制度", 16),
    ("政务公开", 16),
    ("优化营商环境", 10),
    ("社会信用体系建设", 10),
    ("县级储备粮管理", 10),
]
KINDS = [
    "实施方案",
    "工作方案",
    "实施细则",
    "管理办法",
    "实施办法",
    "若干措施",
    "若干政策",
    "三年行动方案",
    "工作要点",
    "应急预案",
    "暂行办法",
    "考核办法",
    "补助资金管理办法",
    "专项行动方案",
    "规划",
]
# Wording that makes titles of one topic differ, as real ones do (scope, aspect, emphasis).
SCOPES = [
    "",
    "",
    "",
    "",
    "城区",
    "农村",
    "乡镇",
    "县域",
    "中心城区",
    "重点区域",
    "重点行业",
    "城乡",
    "基层",
    "农村地区",
    "重点领域",
    "园区",
    "社区",
    "村级",
    "县直部门",
    "重点企业",
]
ASPECTS = [
    "",
    "",
    "",
    "",
    "补助资金",
    "考核评价",
    "监督检查",
    "信息公开",
    "奖补",
    "风险防控",
    "标准化建设",
    "示范创建",
    "提质增效",
    "数字化转型",
    "网格化管理",
    "长效管护",
    "绩效评价",
    "专项检查",
    "试点",
    "高质量发展",
    "规范化建设",
    "三年攻坚",
    "集中整治",
    "督导评估",
    "服务保障",
]
OPINION_FORMS = [
    "加快推进{}的实施意见",
    "进一步加强{}工作的实施意见",
    "支持{}的意见",
    "全面推进{}的实施意见",
]
INTERP_FORMS = [
    "《{}》政策解读",
    "关于《{}》的解读",
    "一图读懂《{}》",
    "图解：{}",
    "《{}》政策问答",
    "解读：{}",
    "视频解读丨{}",
    "政策解读｜{}",
    "【解读】{}",
    "一张图看懂{}",
    "《{}》解读",
    "图文解读：《{}》",
    "{}解读",
    "关于《{}》的起草说明",
]
PARAPHRASES = ["我县出台{}新政", "{}有了新规定", "一文读懂{}新变化", "{}，这些变化要知道", "聚焦{}"]


@dataclass(frozen=True)
class Spec:
    place: str
    subject: str
    department: int
    kind: str
    year: int | None
    opinion: str | None = None

    def core(self, *, place: bool = True, year: bool = True) -> str:
        prefix = self.place if place else ""
        when = f"{self.year}年" if (year and self.year) else ""
        if self.opinion:  # 《关于…的实施意见》, sometimes with the issuer: 《冠县人民政府关于…》
            issuer = f"{self.place}人民政府关于" if place else ""
            return issuer + self.opinion.format(self.subject)
        return f"{prefix}{when}{self.subject}{self.kind}"


def _places(count: int, rng: random.Random) -> list[str]:
    path = Path(jieba.__file__).parent / "dict.txt"
    names = sorted(
        {
            line.split()[0]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.endswith(" ns")
        }
    )
    counties = [
        n for n in names if len(n) in (3, 4) and n[-1] in "县市" and n[:-1] not in ("城", "都")
    ]
    rng.shuffle(counties)
    return counties[:count]


def _url_variant(url: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.25:
        return url.replace("http://", "https://")
    if choice < 0.45:
        head, _, tail = url.partition(".gov.cn")
        return head.upper() + ".gov.cn" + tail
    if choice < 0.6:
        return url + "#content"
    return url


def generate(
    n_docs: int, n_interps: int, seed: int
) -> tuple[list[DocRecord], list[DocRecord], set]:
    """``n_docs`` policy documents over a synthetic province, ``n_interps`` interpretations of
    them (some explaining a document that is not in the corpus), and the true pairs. The same
    seed gives the same corpus: every random draw is made in one fixed order."""
    corpus = _Corpus(random.Random(seed), n_docs)
    corpus.add_documents(n_docs)
    corpus.add_interpretations(n_interps)
    return corpus.finished_documents(), corpus.interps, corpus.truth


class _Corpus:
    """The generator's state: the province's places, the documents so far and their specs."""

    def __init__(self, rng: random.Random, n_docs: int) -> None:
        self.rng = rng
        self.places = _places(max(5, n_docs // 200), rng)
        self.provinces = {place: rng.choice(list(PROVINCES)) for place in self.places}
        self.next_id = iter(range(1, 10**9))
        self.specs: list[Spec] = []
        self.docs: list[DocRecord] = []
        self.seen: set[tuple] = set()
        self.hosts = {place: f"www.p{number}.gov.cn" for number, place in enumerate(self.places)}
        self.serials: dict[tuple[str, int], int] = {}
        self.interps: list[DocRecord] = []
        self.truth: set[tuple[int, int]] = set()
        self.doc_links: dict[int, list[LinkRecord]] = {}
        self.by_place: dict[str, list[int]] = {}

    # -- documents -----------------------------------------------------------------------------

    def add_documents(self, n_docs: int) -> None:
        rng = self.rng
        while len(self.docs) < n_docs:
            if rng.random() < 0.02:  # provincial documents reposted on county portals
                province = rng.choice(list(PROVINCES))
                spec, host, abbreviation = (
                    self.random_spec(province),
                    "www.sheng.gov.cn",
                    PROVINCES[province],
                )
            else:
                place = rng.choice(self.places)
                spec, host, abbreviation = self.random_spec(place), self.hosts[place], place[0]
            key = (spec.place, spec.subject, spec.kind, spec.year, spec.opinion)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.specs.append(spec)
            self.docs.append(self.make_doc(spec, host, abbreviation))
        for position, spec in enumerate(self.specs):
            self.by_place.setdefault(spec.place, []).append(position)

    def random_spec(self, place: str) -> Spec:
        rng = self.rng
        subject, department = rng.choice(SUBJECTS)
        subject = rng.choice(SCOPES) + subject + rng.choice(ASPECTS)
        year = rng.randint(2018, 2025) if rng.random() < 0.5 else None
        if rng.random() < 0.12:
            return Spec(place, subject, department, "意见", None, rng.choice(OPINION_FORMS))
        return Spec(place, subject, department, rng.choice(KINDS), year)

    def make_doc(self, spec: Spec, host: str, abbreviation: str) -> DocRecord:
        rng = self.rng
        year = spec.year or rng.randint(2018, 2025)
        date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        series = abbreviation + rng.choice(["政发", "政办发", "政办字"])
        issuer, series = self._issuer(spec, abbreviation, series)
        self.serials[(series, year)] = self.serials.get((series, year), 0) + 1
        number = f"{series}〔{year}〕{self.serials[(series, year)]}号"
        if spec.opinion:
            title = f"{issuer}关于{spec.core(place=False)}"
        elif rng.random() < 0.5:
            title = f"{issuer}关于印发《{spec.core()}》的通知"
        else:
            title = f"{issuer}关于印发{spec.core()}的通知"
        record_id = next(self.next_id)
        return DocRecord(
            id=record_id,
            url=f"http://{host}/zwgk/zcwj/{date:%Y%m}/t{date:%Y%m%d}_{record_id}.html",
            title=title,
            doc_number=number,
            issuing_agency=issuer,
            publish_date=date,
            written_date=date - dt.timedelta(days=rng.randint(0, 6)),
        )

    def _issuer(self, spec: Spec, abbreviation: str, series: str) -> tuple[str, str]:
        """(issuing agency, 文号 series): a department for some, else the government."""
        if spec.kind and self.rng.random() < 0.3:
            department, short = DEPARTMENTS[spec.department]
            return f"{spec.place}{department}", abbreviation + short + "发"
        return f"{spec.place}人民政府" + self.rng.choice(["", "办公室"]), series

    def finished_documents(self) -> list[DocRecord]:
        """The documents, each with the 相关解读 links interpretations put on it."""
        docs = list(self.docs)
        for position, extra in self.doc_links.items():
            docs[position] = DocRecord(**{**_fields(docs[position]), "links": tuple(extra)})
        return docs

    # -- interpretations ---------------------------------------------------------------------

    def add_interpretations(self, n_interps: int) -> None:
        for _ in range(n_interps):
            position = self.rng.randrange(len(self.docs))
            orphan = self.rng.random() < 0.12
            target = self.orphan_target(self.specs[position]) if orphan else self.specs[position]
            if target is not None:
                self.interps.append(self.interpretation(position, target, orphan=orphan))

    def orphan_target(self, spec: Spec) -> Spec | None:
        """The document an orphan explains: a neighbour of ``spec`` not in the corpus (None
        when the neighbour drawn is in it after all)."""
        rng = self.rng
        variant = rng.random()
        if variant < 0.3 and spec.year:
            target = Spec(spec.place, spec.subject, spec.department, spec.kind, spec.year + 1)
        elif variant < 0.55 and spec.kind.endswith("方案"):
            target = Spec(spec.place, spec.subject, spec.department, "实施细则", spec.year)
        else:
            place = (
                self.provinces.get(spec.place, "山东省")
                if variant < 0.8
                else rng.choice(self.places)
            )
            target = Spec(place, spec.subject, spec.department, spec.kind, spec.year, spec.opinion)
        key = (target.place, target.subject, target.kind, target.year, target.opinion)
        return None if key in self.seen else target

    def interpretation(self, position: int, target: Spec, *, orphan: bool) -> DocRecord:
        rng = self.rng
        spec, document = self.specs[position], self.docs[position]
        host = self.hosts.get(spec.place, "www.sheng.gov.cn")  # found on the similar one's portal
        department, _ = DEPARTMENTS[target.department]
        interp_id = next(self.next_id)
        published = self._published(spec, target, document, orphan=orphan)
        url = f"http://{host}/zwgk/zcjd/{published:%Y%m}/t{published:%Y%m%d}_{interp_id}.html"
        keep_place = target.place in PROVINCES or rng.random() < (0.3 if target.opinion else 0.7)
        core = target.core(place=keep_place, year=rng.random() < 0.85)
        body = f"为进一步做好{target.subject}工作，现就有关政策解读如下。"
        if not orphan and rng.random() < 0.1:
            title = rng.choice(PARAPHRASES).format(target.subject)
        else:
            title = rng.choice(INTERP_FORMS).format(core)
        links: list[LinkRecord] = []
        if not orphan:
            title, body = self._tie(position, interp_id, url, title, body, links)
        body = self._upstream_basis(spec, target, published, body)
        if rng.random() < 0.12:
            places = self.by_place[spec.place]
            neighbours = rng.sample(places, min(len(places), rng.randint(3, 5)))
            docs = self.docs
            links.extend(LinkRecord(docs[n].url, docs[n].title, "相关链接") for n in neighbours)
        return DocRecord(
            id=interp_id,
            url=url,
            title=title,
            issuing_agency=f"{target.place}{department}",  # the unit is the document's place's
            publish_date=published,
            body_text=body,
            links=tuple(links),
        )

    def _published(self, spec: Spec, target: Spec, document: DocRecord, *, orphan: bool) -> dt.date:
        rng = self.rng
        lag = rng.choice([rng.randint(0, 10)] * 8 + [rng.randint(11, 60)] * 2)
        if orphan and target.year and spec.year and target.year > spec.year:
            lag += 365 * (target.year - spec.year)  # next year's edition comes out next year
        elif orphan:
            lag = rng.randint(-200, 200)  # another document's 解读: unrelated to this one's date
        return (document.publish_date or dt.date(2022, 1, 1)) + dt.timedelta(days=lag)

    def _tie(
        self,
        position: int,
        interp_id: int,
        url: str,
        title: str,
        body: str,
        links: list[LinkRecord],
    ) -> tuple[str, str]:
        """Tie a true interpretation to its document (links either way, a quoted 文号) and
        record the pair; returns the title and body it ends with."""
        rng = self.rng
        document = self.docs[position]
        if rng.random() < 0.35:
            context = rng.choice(["原文链接", "相关文件", "", "政策原文"])
            links.append(LinkRecord(_url_variant(document.url, rng), "原文", context))
        if rng.random() < 0.2:
            context = rng.choice(["相关解读", "关联稿件", "政策解读"])
            self.doc_links.setdefault(position, []).append(LinkRecord(url, title, context))
        roll = rng.random()
        if roll < 0.05:
            title = f"{document.doc_number}文件解读"
        elif roll < 0.3:
            body = f"近日，{document.issuing_agency}印发了{document.doc_number}文件。" + body
        self.truth.add((document.id, interp_id))
        return title, body

    def _upstream_basis(self, spec: Spec, target: Spec, published: dt.date, body: str) -> str:
        """Some interpretations cite the province's document they implement (a 文号 that must
        not pair them with it)."""
        rng = self.rng
        if rng.random() >= 0.15:
            return body
        province = self.provinces.get(spec.place, "山东省")
        return (
            f"根据《{province}人民政府关于{target.subject}的意见》（{PROVINCES[province]}政发"
            f"〔{published.year - 1}〕{rng.randint(1, 40)}号）精神，" + body
        )


def _fields(record: DocRecord) -> dict:
    return {name: getattr(record, name) for name in DocRecord.__slots__}
