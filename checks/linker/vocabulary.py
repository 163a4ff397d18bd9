"""The words the linker knows: boilerplate that is no evidence, 文种 classes, and words that
look like place names but are not.

These are data, kept apart from the code that reads them: when a portal's titles surprise the
linker, the fix is usually a word here.
"""

from __future__ import annotations


def words(*lines: str) -> frozenset[str]:
    """The space-separated words of ``lines`` (a table written a few words to a line).

    >>> sorted(words("全市 本市", "城区"))
    ['全市', '城区', '本市']
    """
    return frozenset(word for line in lines for word in line.split())


# Words ending in 市/县/区/州/省 that name no place (a 全市 or 城区 title is about the unit's own).
NOT_PLACES = words(
    "城市 全市 本市 我市 市区 县区 全县 本县 我县 县级 市级 省级 全省 本省",
    "全区 我区 城区 社区 园区 景区 辖区 片区 新区 山区 都市 上市 入市",
    "老城区 旧城区 古城区 主城区 新城区 县城区 市城区 中心城区",
    "自治州 自治县 自治区",
)
NOT_PLACE_ENDINGS = (
    "地区",
    "军区",
    "城区",
    "特区",
    "中心区",
    "风景区",
    "示范区",
    "开发区",
    "试验区",
    "保护区",
    "功能区",
    "经济区",
    "平原区",
    "高原区",
    "无人区",
)

# Never evidence: words of interpretation headlines and function words.
STOP = words(
    "解读 政策解读 图解 图说 读懂 一图 一图读懂 看懂 一张 一文 问答 政策问答 答记者问",
    "记者 负责人 就 新闻 发布会 新闻发布会 视频 漫画 动漫 图文 H5 h5 专家 起草 说明",
    "起草说明 了解 带你 我县 我市 全县 全市 本县 本市 全省 近日 日前 出台 推出 印发",
    "发布 新政 新规 重磅 权威 来了 来啦 文件 一起 速看 划重点 解读稿 号文",
    "的 和 与 及 等 了 在 对 为 是 有 之 中 将 把 从 以 于 其 并 或 各 个 项 条 年 号",
    "县 市 省 区 局 第 版 新 关于 试行 暂行 修订 征求意见稿 意见稿 草案 送审稿",
)
# Policy boilerplate: shared by unrelated documents, so it weighs little.
GENERIC = words(
    "进一步 加强 加快 推进 推动 促进 全面 深化 建设 发展 高质量 高质 质量 体系 机制",
    "行动 计划 规定 通知 开展 做好 切实 有关 事项 相关 年度 提升 改革 专项 三年 支持",
    "若干 措施 若干措施 政策 若干政策 实施 方案 实施方案 工作方案 行动方案 办法",
    "管理办法 实施办法 细则 实施细则 意见 实施意见 指导意见 管理 工作 决定 规划 要点",
    "工作要点 预案 应急预案 应急 完善 优化 创新 健全 构建 县级 市级 人民 政府",
    "人民政府 办公室 办公 公室 规范 加大 力度 全力 大力 积极 扎实 持续 着力 强化",
    "保障 服务 提高 水平 能力",
)

# The 文种 a title ends with → its class: titles of two classes never explain each other
# (实施方案 and 工作方案 are both 方案; a 实施细则 is not the 方案 it implements).
KIND_CLASSES = {
    "细则": "细则",
    "方案": "方案",
    "办法": "办法",
    "意见": "意见",
    "规定": "规定",
    "措施": "措施",
    "举措": "措施",
    "政策": "措施",
    "规划": "规划",
    "纲要": "规划",
    "计划": "计划",
    "要点": "要点",
    "预案": "预案",
    "条例": "条例",
    "决定": "决定",
    "通知": "通知",
    "通告": "通告",
    "公告": "通告",
    "指南": "指南",
    "指引": "指南",
    "标准": "标准",
    "清单": "清单",
    "目录": "清单",
    "制度": "制度",
    "规则": "规则",
    "章程": "规则",
}

# Short forms a 解读 quotes a title in (《…深化医保制度改革…》 for 医疗保障) → the full form the
# document's own title uses. Only forms that name one thing: 住建 is always 住房和城乡建设.
ABBREVIATIONS = {
    "医保": "医疗保障",
    "社保": "社会保险",
    "低保": "最低生活保障",
    "非遗": "非物质文化遗产",
    "公租房": "公共租赁住房",
    "网约车": "网络预约出租汽车",
    "住建": "住房和城乡建设",
    "人社": "人力资源和社会保障",
    "文旅": "文化和旅游",
    "双创": "大众创业万众创新",
}
