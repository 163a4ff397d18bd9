"""Dates as Chinese government pages write them, turned into ``datetime.date``.

Portals write one date a dozen ways: ``2023-03-15``, ``2023/3/5``, ``2023.03.15``,
``2023年3月15日``, with full-width digits, inside a label (``发布时间：2023-03-15 10:20:11``) or
in Chinese numerals on a document's 成文日期 (``二〇二三年三月十五日``). The displayed date can
also differ from the one in the URL (real portals show one date and write another into the
URL), so the URL is only ever a last resort.

>>> normalise_date("发布时间：２０２３－０３－１５ 10:20:11")
datetime.date(2023, 3, 15)
>>> normalise_date("二〇二三年三月十五日")
datetime.date(2023, 3, 15)
>>> normalise_date("2023-02-30") is None
True
>>> find_date_in_url("http://www.qg.gov.cn/zwgk/202111/t20211119_2655175.htm")
datetime.date(2021, 11, 19)
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from ground.text.fullwidth import fold_fullwidth

# Ｏ and ○ are common typing slips for 〇 in Chinese-numeral years (full-width digits and
# separators are folded before any pattern runs: fold_fullwidth).
_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "o": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_YEAR = "[〇零○ＯOo0一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十廿卅]{1,3}"

_DATE_RE = re.compile(
    r"(?<!\d)(?P<y1>(?:19|20)\d\d)\s*(?P<sep>[-/.])\s*(?P<m1>\d{1,2})\s*(?P=sep)\s*(?P<d1>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<y2>(?:19|20)\d\d)\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})(?!\d)"
    rf"|(?<!\d)(?P<y3>{_CN_YEAR}|(?:19|20)\d\d)\s*年\s*(?P<m3>{_CN_SMALL}|\d{{1,2}})\s*月\s*"
    rf"(?P<d3>{_CN_SMALL}|\d{{1,2}})\s*[日号]"
)
# A bare 8-digit date (or 14-digit timestamp) is a date only when it is the whole text: inside
# longer text such digit runs are index numbers and ids.
_COMPACT_RE = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)(?:\d{6})?")

_URL_DATE_RES = (
    # TRS: /202303/t20230315_1001.html
    re.compile(r"(?:^|/)t((?:19|20)\d\d)(\d\d)(\d\d)_\d+"),
    # Hanweb /art/2023/3/15/art_…, gov.cn /content/2023-03/15/, older CMSs /2023/03/15/
    re.compile(r"/((?:19|20)\d\d)[-/](\d{1,2})[-/](\d{1,2})/"),
    # file names that start with a timestamp: /20200911083851127.html
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)\d{6,}\.\w+$"),
)


def _cn_number(text: str) -> int | None:
    """A Chinese numeral from 一 to 三十一 (or plain digits) as an int.

    >>> [_cn_number(s) for s in ("五", "十", "十二", "二十", "廿一", "三十一", "07")]
    [5, 10, 12, 20, 21, 31, 7]
    """
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    tens = _CN_DIGITS.get(tens_text) if tens_text else 1
    ones = _CN_DIGITS.get(ones_text) if ones_text else 0
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


def _cn_year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _make_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None or not 1900 <= year <= 2099:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normalise_date(text: str | None) -> dt.date | None:
    """The first real date written in ``text``, or None.

    Impossible dates (2023-02-30, month 13) are skipped, not corrected.

    >>> sorted({str(normalise_date(s)) for s in (
    ...     "2023-03-15", "2023/03/15", "2023.03.15", "2023年3月15日",
    ...     "2023 年 03 月 15 日", "２０２３年３月１５日", "20230315")})
    ['2023-03-15']
    >>> normalise_date("2023-3-5")
    datetime.date(2023, 3, 5)
    >>> normalise_date("二〇二三年十二月三十一日")
    datetime.date(2023, 12, 31)
    >>> normalise_date("索引号：11371525004308/2023-00012") is None
    True
    """
    if not text:
        return None
    folded = fold_fullwidth(text)
    for match in _DATE_RE.finditer(folded):
        if match.group("y1"):
            found = _make_date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
        elif match.group("y2"):
            found = _make_date(int(match["y2"]), int(match["m2"]), int(match["d2"]))
        else:
            found = _make_date(
                _cn_year(match["y3"]), _cn_number(match["m3"]), _cn_number(match["d3"])
            )
        if found is not None:
            return found
    compact = _COMPACT_RE.fullmatch(folded.strip())
    if compact:
        return _make_date(int(compact[1]), int(compact[2]), int(compact[3]))
    return None


def iso_date(text: str | None) -> str | None:
    """``normalise_date`` as a ``YYYY-MM-DD`` string (how extracted documents store dates).

    >>> iso_date("2023年3月5日"), iso_date("无")
    ('2023-03-05', None)
    """
    found = normalise_date(text)
    return found.isoformat() if found else None


def find_date_in_url(url: str) -> dt.date | None:
    """The date a CMS wrote into a detail URL's path.

    TRS writes ``t20230315_…``, Hanweb ``/art/2023/3/15/``; the query string is never read.

    >>> find_date_in_url("http://www.jiangxi.gov.cn/art/2019/6/12/art_18819_699133.html")
    datetime.date(2019, 6, 12)
    >>> find_date_in_url("https://www.gov.cn/zhengce/content/2023-03/15/content_5746.htm")
    datetime.date(2023, 3, 15)
    >>> find_date_in_url("http://example.gov.cn/xxgk/t20230230_1.html") is None
    True
    >>> find_date_in_url("http://wsb.nanning.gov.cn/xxgk/zwdt/tzgg/t206701.html") is None
    True
    """
    path = urlsplit(url).path
    for pattern in _URL_DATE_RES:
        match = pattern.search(path)
        if match:
            found = _make_date(int(match[1]), int(match[2]), int(match[3]))
            if found is not None:
                return found
    return None
