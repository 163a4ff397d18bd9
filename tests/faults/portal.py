"""The scripted portal the fault tests crawl: one route per row of the fault table.

It poses as 冠县 (profile id ``shandong_guanxian``) so that the checks can run over it with the
county's real catalog (``shandong_guanxian_2023``): its 规范性文件 column lists two documents
answered as real pages (one with a 解读, one without: the true 不符合 that must survive), and
beside them every fault a portal has shown us. Titles and 文号 are made up for the tests.
"""

from __future__ import annotations

from pathlib import Path

from tests.faults.server import Answer, blocked, html, redirect, robots, slow

OFFSITE = "http://www.elsewhere.example.cn/xxgk/202303/t20230301_1.html"

# Listed path → what answers it (the vendors' pages: tests/data/blocked/).
BLOCKED_DETAILS: dict[str, Answer] = {
    "/gfxwj/safedog.html": blocked("safedog.html"),
    "/gfxwj/yunsuo.html": blocked("yunsuo.html"),
    "/gfxwj/yunsuo_cc.html": blocked("yunsuo_cc.html"),
    "/gfxwj/jsl521.html": blocked("jiasule_521.html"),
    "/gfxwj/jslgo.html": blocked("jiasule_go.html"),
    "/gfxwj/cyd.html": blocked("chuangyudun.html"),
    "/gfxwj/rs202.html": blocked("ruishu.html", 202),
    "/gfxwj/rs412.html": blocked("ruishu.html", 412),
    "/gfxwj/captcha.html": blocked("captcha.html"),
    "/gfxwj/intercept.html": blocked("generic_intercept.html"),
    "/gfxwj/aliyun.html": blocked("aliyun_challenge.html"),
    "/gfxwj/empty.html": blocked("empty_shell.html"),
}
# Listed path → the failure it must be recorded with (a prefix of page_fetch.error).
FAILING_DETAILS: dict[str, str] = {
    "/gfxwj/loop.html": "重定向循环",
    "/gfxwj/away.html": "重定向至站外 www.elsewhere.example.cn，未跟随",
    "/gfxwj/busy.html": "HTTP 503",
    "/gfxwj/throttled.html": "HTTP 429",
    "/gfxwj/slow.html": "无法访问：应答超时（2 秒）",
    "/private/doc.html": "robots.txt 禁止抓取",
}
# Listed path → final path: on-site redirects, documents to be paired with their entries.
MOVED = {
    "/gfxwj/moved.html": "/gfxwj/2023/moved.html",
    "/gfxwj/moved_nojd.html": "/gfxwj/2023/moved_nojd.html",
}
# Path → title as stored: lying charsets (GBK with a UTF-8 header, GBK with a Latin-1 header,
# UTF-8 with a GBK meta), each title checked after the crawl.
CHARSETS = {
    "/gfxwj/gbk_utf8_header.html": "冠县人民政府关于印发冠县城乡供水管理办法的通知",
    "/gfxwj/gbk_latin1_header.html": "冠县人民政府关于印发冠县殡葬管理实施办法的通知",
    "/gfxwj/utf8_gbk_meta.html": "冠县人民政府关于印发冠县农村公路养护管理办法的通知",
}
TITLES = {
    "/gfxwj/ok1.html": "冠县人民政府关于印发冠县物业管理办法的通知",
    "/gfxwj/ok2.html": "冠县人民政府关于印发冠县养犬管理办法的通知",
    "/gfxwj/2023/moved.html": "冠县人民政府关于印发冠县停车管理办法的通知",
    "/gfxwj/2023/moved_nojd.html": "冠县人民政府关于印发冠县河道管理办法的通知",
    **CHARSETS,
}
NUMBERS = {path: f"冠政发〔2023〕{i}号" for i, path in enumerate(TITLES, start=1)}
# Documents whose 解读 the 政策解读 column lists: every other real document lacks one.
INTERPRETED = ("/gfxwj/ok1.html", "/gfxwj/2023/moved.html")


def document(path: str, *, charset_meta: str = "utf-8") -> str:
    title, number = TITLES[path], NUMBERS[path]
    return f"""<!DOCTYPE html><html><head><meta charset="{charset_meta}">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2023-03-10 09:00">
<title>{title}_冠县人民政府</title></head><body>
<table class="xxgk"><tr><td>发文字号：</td><td>{number}</td>
<td>成文日期：</td><td>2023-03-08</td></tr><tr><td>发布机构：</td><td>冠县人民政府</td><td>发布日期：</td><td>2023-03-10</td></tr></table>
<h1>{title}</h1><div class="TRS_Editor"><p>各乡镇人民政府、街道办事处，县政府各部门：</p>
<p>现将《办法》印发给你们，请认真贯彻执行。本办法自印发之日起施行，有效期五年。</p>
<p>冠县人民政府</p><p>2023年3月8日</p></div></body></html>"""


def interpretation(path: str, target: str) -> str:
    title = f"《{TITLES[target]}》政策解读"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="{title}"><title>{title}</title></head><body>
<h1>{title}</h1><div class="TRS_Editor">
<p>一、出台背景。为规范管理，县政府制定了《办法》（{NUMBERS[target]}）。</p>
<p>二、主要内容。办法共五章二十条，明确了职责分工和监督管理要求。</p></div>
<div class="xgjd"><h3>相关文件</h3><ul><li><a href="{target}">{TITLES[target]}</a></li></ul></div>
</body></html>"""


def list_page(title: str, paths: list[str]) -> str:
    rows = "".join(
        f'<li><a href="{p}" title="{TITLES.get(MOVED.get(p, p), "关于印发管理办法的通知")}">'
        f"{TITLES.get(MOVED.get(p, p), '关于印发管理办法的通知')}</a><span>2023-03-10</span></li>"
        for p in paths
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_冠县人民政府</title>
</head><body><div class="nav"><a href="/">首页</a> &gt; 政府信息公开 &gt; {title}</div>
<h2>{title}</h2><ul class="list">{rows}</ul>
<div class="footer">主办：冠县人民政府办公室 地址：冠县冠州路 电话：0635-5262000</div>
</body></html>"""


def routes() -> dict[str, Answer]:
    """Every scripted route of the faulty portal."""
    listed = [
        "/gfxwj/ok1.html",
        "/gfxwj/ok2.html",
        *BLOCKED_DETAILS,
        *FAILING_DETAILS,
        *MOVED,
        *CHARSETS,
    ]
    served: dict[str, Answer] = {
        "/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
        "/gfxwj/index.html": html(list_page("规范性文件", listed)),
        "/zcjd/index.html": html(list_page("政策解读", ["/zcjd/jd1.html", "/zcjd/jd2.html"])),
        "/zcjd/jd1.html": html(interpretation("/zcjd/jd1.html", INTERPRETED[0])),
        # The 解读 links the document as the list does, by its old (redirecting) URL.
        "/zcjd/jd2.html": html(interpretation("/zcjd/jd2.html", INTERPRETED[1])),
        # A column whose list a WAF answers, and one robots.txt forbids.
        "/zcwj/index.html": blocked("yunsuo.html"),
        "/private/list.html": html(list_page("政策文件", ["/gfxwj/ok1.html"])),
        "/gfxwj/ok1.html": html(document("/gfxwj/ok1.html")),
        "/gfxwj/ok2.html": html(document("/gfxwj/ok2.html")),
        **BLOCKED_DETAILS,
        "/gfxwj/loop.html": redirect("/gfxwj/loop2.html"),
        "/gfxwj/loop2.html": redirect("/gfxwj/loop.html"),
        "/gfxwj/away.html": redirect(OFFSITE),
        "/gfxwj/busy.html": Answer(503, body=b"<h1>Service Unavailable</h1>"),
        "/gfxwj/throttled.html": Answer(429, body=b"<h1>Too Many Requests</h1>"),
        "/gfxwj/slow.html": slow(html(document("/gfxwj/ok2.html")), 4.0),
        "/private/doc.html": html(document("/gfxwj/ok2.html")),
    }
    # The same portal blocking the crawler outright: every column list is a block answer.
    for cid, page in WHOLLY_BLOCKED.items():
        served[f"/blocked/{cid}.html"] = page
    for listed_path, final in MOVED.items():
        served[listed_path] = redirect(final)
        served[final] = html(document(final))
    gbk = "gbk"
    served["/gfxwj/gbk_utf8_header.html"] = html(
        document("/gfxwj/gbk_utf8_header.html", charset_meta=gbk).replace(
            '<meta charset="gbk">', ""
        ),
        encoding=gbk,
        content_type="text/html; charset=utf-8",
    )
    served["/gfxwj/gbk_latin1_header.html"] = html(
        document("/gfxwj/gbk_latin1_header.html", charset_meta=gbk).replace(
            '<meta charset="gbk">', ""
        ),
        encoding=gbk,
        content_type="text/html; charset=ISO-8859-1",
    )
    served["/gfxwj/utf8_gbk_meta.html"] = html(
        document("/gfxwj/utf8_gbk_meta.html", charset_meta="gb2312"),
        content_type="text/html",
    )
    return served


WHOLLY_BLOCKED = {
    "gfxwj": blocked("safedog.html"),
    "zcjd": blocked("chuangyudun.html"),
    "zcwj": blocked("jiasule_521.html"),
    "private": blocked("ruishu.html", 412),
}


def write_profile(
    folder: Path, base_url: str, *, crawl: str = "", blocked_lists: bool = False
) -> Path:
    """The profile of the scripted portal, as ``<folder>/shandong_guanxian.toml``.

    ``blocked_lists``: every column list is a WAF page (the portal blocks the crawler outright).
    """
    columns = [
        ("gfxwj", "规范性文件", "规范性文件", "gfxwj/index.html"),
        ("zcjd", "政策解读", "政策解读", "zcjd/index.html"),
        ("zcwj", "政策文件", "政策文件", "zcwj/index.html"),
        ("private", "内部文件", "法定主动公开内容", "private/list.html"),
    ]
    if blocked_lists:
        columns = [(cid, name, role, f"blocked/{cid}.html") for cid, name, role, _ in columns]
    text = [
        'id = "shandong_guanxian"',
        'name = "冠县人民政府（故障测试）"',
        f'base_url = "{base_url}"',
        'cms = "generic"',
        "",
        "[crawl]",
        "rate = 50.0",
        "concurrency = 8",
        crawl,
    ]
    for cid, name, role, url in columns:
        text += ["", "[[column]]", f'id = "{cid}"', f'name = "{name}"', f'role = "{role}"']
        text += [f'url = "{url}"']
    path = folder / "shandong_guanxian.toml"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path
