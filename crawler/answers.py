"""Was the answer the page, or something standing in front of it?

County portals sit behind WAFs and anti-bot services that answer a crawler with HTTP 200 and a
page of their own: an intercept notice (安全狗 "网站防火墙", 云锁, 创宇盾, 阿里云盾), a JavaScript
challenge that sets a cookie and reloads (加速乐 ``__jsl_clearance``, often after a 521; 瑞数
``$_ts``, often as 202 or 412), or a captcha. Read as the page, such an answer becomes a
document without a 文号 or a list without entries, and a check says 不符合 about evidence it never
saw. ``recognise`` names these answers so the crawl records them as blocked and the checks say
未能核验.

Signs, as the vendors' pages show them (and as public WAF fingerprinting tools match them):

- 安全狗: ``X-Powered-By``/``Server`` ``WAF/2.0`` or ``Safedog``, cookie ``safedog-flow-item``,
  images under ``404.safedog.cn/images/safedogsite/``, title 网站防火墙;
- 云锁: cookie ``yunsuo_session_verify`` / ``security_session_verify``,
  ``<img class="yunsuologo">``, the anti-CC page's ``YunSuoAutoJump()``;
- 加速乐 (知道创宇): cookies ``__jsluid_h`` / ``__jsluid_s``, a script computing
  ``__jsl_clearance(_s)`` then reloading, ``Server: jiasule-WAF``;
- 创宇盾 (知道创宇, 政务专用): links to ``365cyd.com``/``365cyd.cn`` and its
  ``cyd-error-help.html`` page, ``ks-waf-error.png``;
- 瑞数: ``<meta … r='m'>`` and ``$_ts=window['$_ts']`` with ``$_ts.cd``; the same script is also
  injected into real pages, so it only counts on a page with next to no text;
- 阿里云盾: ``errors.aliyun.com`` intercept pages, the ``acw_sc__v2`` challenge script;
- 腾讯云 WAF and captchas: 腾讯云Web应用防火墙, ``TCaptcha.js``;
- 360网站卫士: ``X-Powered-By-360WZB``, ``wzws-waf-cgi``.

A vendor's header or cookie is on every answer of a protected portal, real pages included: it
only names the vendor of an answer that is blocked for another reason. Wording and challenge
scripts count only on a short page (``SHORT`` characters of text), because a real 解读 may well
discuss a 网站防火墙 and a real page of a 瑞数 portal carries the ``$_ts`` script.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# Text (outside <head>, scripts and styles) of a page a person could read as content. A block
# page says one or two sentences; the emptiest real list page of a county portal still carries
# its navigation and footer, several hundred characters.
SHORT = 400

# (vendor, signs in the body, lowercased). Intercept pages' own assets and challenge scripts.
# Matched case-insensitively: see _VENDOR_SIGNS for how.
_BODY_SIGNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("安全狗", ("safedog.cn", "safedogsite", "safedog-flow-item")),
    ("云锁", ("yunsuologo", "yunsuoautojump", "yunsuo_session", "security_session_verify")),
    ("加速乐", ("__jsl_clearance", "__jsluid", "jiasule")),
    ("创宇盾", ("365cyd.", "cyd-error-help", "ks-waf-error", "ks_waf_error", "创宇盾")),
    ("瑞数", ("$_ts=window[", "$_ts = window[", "$_ts.cd", "$_ts.nsd")),
    ("阿里云盾", ("errors.aliyun", "error.aliyun", "acw_sc__v2")),
    ("腾讯云 WAF", ("腾讯云web应用防火墙", "tcaptcha.js", "captcha.qq.com")),
    ("360网站卫士", ("wzws-waf-cgi", "wangzhan.360.cn")),
)
# The signs as they are searched. Lowering a Chinese page (str.lower on the whole text) cost as
# much as all the searches together, and Python's re has no multi-literal prefilter
# (case-insensitive alternations cost a millisecond a page): the ASCII signs are plain byte
# searches in the page's ASCII letters lowered (every other character a "?", so none joins
# letters that were apart), the others a case-insensitive regex over the text as it is.
_VENDOR_SIGNS: tuple[tuple[str, tuple[bytes, ...], re.Pattern[str] | None], ...] = tuple(
    (
        vendor,
        tuple(sign.encode("ascii") for sign in signs if sign.isascii()),
        re.compile("|".join(re.escape(s) for s in signs if not s.isascii()), re.IGNORECASE)
        if not all(sign.isascii() for sign in signs)
        else None,
    )
    for vendor, signs in _BODY_SIGNS
)
# (vendor, header name, sign in its value). Set-Cookie is matched on the cookie's name.
_HEADER_SIGNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (vendor, name, re.compile(pattern, re.IGNORECASE))
    for vendor, name, pattern in (
        ("安全狗", "server", r"safedog|WAF/2\.0"),
        ("安全狗", "x-powered-by", r"safedog|WAF/2\.0"),
        ("安全狗", "set-cookie", r"^safedog-flow-item="),
        ("云锁", "set-cookie", r"^(?:yunsuo_session|security_session_verify)"),
        ("加速乐", "server", r"jiasule"),
        ("加速乐", "set-cookie", r"^(?:__jsluid|__jsl_clearance)"),
        ("阿里云盾", "set-cookie", r"^acw_"),
        ("360网站卫士", "x-powered-by-360wzb", r"."),
        ("360网站卫士", "wzws-ray", r"."),
    )
)
# Statuses only one vendor answers with on these portals: they name it when nothing else does.
_STATUS_VENDORS = {521: "加速乐", 493: "360网站卫士"}
# Scripts that compute a cookie and reload: the answer is a challenge, never the page.
_CHALLENGE_VENDORS = frozenset({"加速乐", "瑞数", "阿里云盾", "云锁"})
_CHALLENGE_SCRIPT = re.compile(
    r"document\.cookie\s*=|location\.(?:reload|href\s*=)|\$_ts\s*=|go\(\s*\{", re.IGNORECASE
)

# A script that sets a cookie and loads the page again: what every JS challenge does.
_COOKIE_RELOAD = re.compile(
    r"document\.cookie\s*=.{0,2000}?(?:location\.(?:reload|href\s*=|replace)|location\s*=)",
    re.IGNORECASE | re.DOTALL,
)
# Every alternative of _BLOCK_WORDS / _CAPTCHA_WORDS contains one of these: the regexes run
# only on a page that has one.
_BLOCK_KEYS = (
    "拦截",
    "被阻断",
    "被禁止",
    "被拒绝",
    "对网站造成",
    "非法请求",
    "非法访问",
    "不合法参数",
    "网站防火墙",
    "疑似黑客攻击",
    "过于频繁",
    "访问频率过高",
)
_CAPTCHA_KEYS = ("验证码", "滑动验证", "滑块", "人机验证", "安全验证")
# Either kind of wording, in one search: the keys are Chinese (no case), and a regex whose
# branches start with rare characters skips through the text faster than 17 ``in`` tests.
_WORDING = re.compile("|".join(re.escape(key) for key in (*_BLOCK_KEYS, *_CAPTCHA_KEYS)))
_BLOCK_WORDS = re.compile(
    r"访问(?:已)?被(?:拦截|阻断|禁止|拒绝)|请求(?:已)?被(?:拦截|阻断|拒绝)|已被[^，。！\s]{0,12}拦截"
    r"|对网站造成(?:安全)?威胁|非法(?:请求|访问)|不合法参数|网站防火墙|疑似黑客攻击"
    r"|(?:访问|请求)过于频繁|访问频率过高"
)
_CAPTCHA_WORDS = re.compile(r"输入(?:图片)?验证码|滑动验证|拖动(?:下方)?滑块|人机验证|安全验证")
_DROP = re.compile(
    r"<head\b.*?</head\s*>|<(script|style|noscript|template|textarea)\b.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def recognise(
    status: int,
    headers: Iterable[tuple[str, str]],
    text: str,
    *,
    expects_content: bool = False,
) -> str:
    """Why this answer is not the page ("" when it is the page), in Chinese for the report.

    ``headers`` are (name, value) pairs, a repeated header (Set-Cookie) once per value.
    ``expects_content`` is the family's expectation: a detail page must show something, so an
    answer with no readable text at all is an empty shell, not a document.

    >>> recognise(200, [], "<title>网站防火墙</title><p>您的请求带有不合法参数</p>")
    'WAF 拦截页'
    >>> recognise(200, [("X-Powered-By", "WAF/2.0")], "<title>网站防火墙</title><p>已拦截</p>")
    '安全狗 WAF 拦截页'
    >>> recognise(202, [], "<script>$_ts=window['$_ts'];$_ts.cd='x';</script>")
    '瑞数 JS 挑战页'
    >>> recognise(200, [], "<body><h1>关于印发方案的通知</h1><p>各乡镇：现印发。</p></body>")
    ''
    >>> recognise(200, [], "<html><body>  </body></html>", expects_content=True)
    '空白页面'
    """
    letters = text.encode("ascii", "replace").lower()
    body_vendor = _body_vendor(text, letters)
    vendor = body_vendor or _header_vendor(headers) or _STATUS_VENDORS.get(status, "")
    # Cheap before the text is extracted: most real pages have no sign and no wording at all.
    worded = _WORDING.search(text) is not None
    cookie_script = b"document.cookie" in letters and _COOKIE_RELOAD.search(text)
    if not (vendor or worded or cookie_script or expects_content):
        return ""
    visible = visible_text(text)
    if len(visible) <= SHORT:
        reason = _short_answer(text, visible, vendor, body_vendor, cookie_script=cookie_script)
        if reason:
            return reason
    if expects_content and not visible:
        # The CMS template answered (a title at most), the document did not.
        return "空白页面"
    return ""


def _short_answer(
    text: str, visible: str, vendor: str, body_vendor: str, *, cookie_script: object
) -> str:
    """The reason a short answer is not the page, or ""."""
    readable = f"{_title(text)} {visible}"
    if _BLOCK_WORDS.search(readable):
        return _named(vendor, "WAF 拦截页")
    if vendor in _CHALLENGE_VENDORS and _CHALLENGE_SCRIPT.search(text):
        # 加速乐's first answer spells its cookie's name one character at a time: only the
        # __jsluid cookie it sets with it names the vendor.
        return _named(vendor, "JS 挑战页")
    if cookie_script and not visible:
        return _named(vendor, "JS 挑战页")
    if _CAPTCHA_WORDS.search(readable):
        return _named(vendor, "验证码页")
    if body_vendor:
        return _named(body_vendor, "WAF 拦截页")
    return ""


def visible_text(text: str) -> str:
    """The page's readable text outside ``<head>``, scripts and styles, whitespace collapsed.

    >>> visible_text("<head><title>t</title></head><body><script>x=1</script><p>冠县 &amp; 县</p>")
    '冠县 & 县'
    """
    stripped = _TAG.sub(" ", _DROP.sub(" ", text))
    return " ".join(html.unescape(stripped).split())


def page_title(text: str) -> str:
    """The page's <title>, as text."""
    return _title(text)


def _title(text: str) -> str:
    match = _TITLE.search(text)
    return " ".join(html.unescape(_TAG.sub("", match.group(1))).split()) if match else ""


def _body_vendor(text: str, letters: bytes) -> str:
    """The first vendor whose sign the page shows; ``letters`` is the page's ASCII lowered.

    >>> _body_vendor("<img src='/404.SafeDog.cn/x.png'>", b"<img src='/404.safedog.cn/x.png'>")
    '安全狗'
    """
    for vendor, ascii_signs, other_signs in _VENDOR_SIGNS:
        if any(sign in letters for sign in ascii_signs):
            return vendor
        if other_signs is not None and other_signs.search(text):
            return vendor
    return ""


def _header_vendor(headers: Iterable[tuple[str, str]]) -> str:
    for name, value in headers:
        lowered = name.lower()
        for vendor, header, sign in _HEADER_SIGNS:
            if lowered == header and sign.search(value.strip()):
                return vendor
    return ""


def _named(vendor: str, kind: str) -> str:
    return f"{vendor} {kind}" if vendor else kind


# What portals' "page not found" templates say while answering 200 (a soft 404): the site's
# full navigation and footer around one line, so they are no short answer.
_NOT_FOUND = re.compile(
    r"(?:页面|网页|信息|文章|内容|栏目)(?:不存在|已(?:被)?删除|未找到|已过期|已下线)"
    r"|找不到(?:该|此|您要访问的|您所访问的|您访问的)?(?:页面|网页)"
    r"|404\s*(?:Not Found|错误|页面)|Page Not Found",
    re.IGNORECASE,
)
_NOT_FOUND_BODY = 300  # characters: a real document says more than its error line


def not_found(title: str, body: str, *, anywhere: bool = False) -> str:
    """ "页面不存在" when a page answered 200 is the portal's not-found page ("" otherwise):
    judged by its title, or by a short body saying so. A list page is asked only when it has no
    entries, and then the wording counts ``anywhere`` in its text (navigation and footer make a
    not-found page long); a detail page is asked on what it extracted.

    >>> not_found("抱歉，您访问的页面不存在", "")
    '页面不存在（软 404）'
    >>> not_found("冠县政策解读", "抱歉，您访问的页面不存在或已被删除。返回首页")
    '页面不存在（软 404）'
    >>> not_found("关于印发冠县农村饮水安全工作方案的通知", "各乡镇：现将方案印发给你们。" * 30)
    ''
    >>> not_found("政策解读", "首页 政务公开 " * 50 + "抱歉，您访问的页面不存在", anywhere=True)
    '页面不存在（软 404）'
    """
    if _NOT_FOUND.search(title) or (
        (anywhere or len(body) <= _NOT_FOUND_BODY) and _NOT_FOUND.search(body)
    ):
        return "页面不存在（软 404）"
    return ""
