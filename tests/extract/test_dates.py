import datetime as dt

import pytest

from crawler.extract.dates import find_date_in_url, iso_date, normalise_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-15", D(2023, 3, 15)),
        ("2023-3-5", D(2023, 3, 5)),
        ("2023/03/15", D(2023, 3, 15)),
        ("2023/3/5", D(2023, 3, 5)),
        ("2023.03.15", D(2023, 3, 15)),
        ("2023年3月15日", D(2023, 3, 15)),
        ("2023年03月05日", D(2023, 3, 5)),
        ("2023 年 3 月 15 日", D(2023, 3, 15)),
        ("2023年3月15号", D(2023, 3, 15)),
        ("２０２３－０３－１５", D(2023, 3, 15)),
        ("２０２３年３月１５日", D(2023, 3, 15)),
        ("２０２３／３／５", D(2023, 3, 5)),
        ("发布时间：2023-03-15 10:20:11", D(2023, 3, 15)),
        ("【发布日期：2023年03月15日】 来源：冠县人民政府", D(2023, 3, 15)),
        ("二〇二三年三月十五日", D(2023, 3, 15)),
        ("二○二三年十二月三十一日", D(2023, 12, 31)),
        ("二〇二三年十月一日", D(2023, 10, 1)),
        ("二零二三年二月二十八日", D(2023, 2, 28)),
        ("2023年三月十日", D(2023, 3, 10)),
        ("20230315", D(2023, 3, 15)),
        ("20230315102011", D(2023, 3, 15)),
        ("PubDate 2026-07-19 07:16", D(2026, 7, 19)),
    ],
)
def test_usual_date_forms_normalise_to_the_same_date(text, expected):
    assert normalise_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "无",
        "2023-02-30",  # no such day
        "2023-13-01",  # no such month
        "2023年2月29日",  # 2023 is not a leap year
        "二〇二三年二月三十日",
        "2023-03",  # no day
        "2023年3月",
        "1850-01-01",  # outside 1900–2099: a typo or an index number, not a document date
        "索引号：11371525004308123X/2023-00012",
        "冠政发〔2023〕5号",
        "第20230315号 文件",  # a digit run inside text is an id, not a date
        "2023-03/15",  # mixed separators
    ],
)
def test_text_without_a_real_date_gives_none(text):
    assert normalise_date(text) is None


def test_first_real_date_wins_over_an_impossible_one_before_it():
    assert normalise_date("2023-02-30 更正为 2023-03-02") == D(2023, 3, 2)


def test_leap_day_is_a_real_date_in_a_leap_year():
    assert normalise_date("2024年2月29日") == D(2024, 2, 29)


def test_iso_date_gives_the_stored_string_form():
    assert (iso_date("2023年3月5日"), iso_date("暂无"), iso_date(None)) == (
        "2023-03-05",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.guanxian.gov.cn/xxgk/zcwj/202303/t20230315_1001.html", D(2023, 3, 15)),
        (
            "http://www.jingzhou.gov.cn/zfwgk/zc/gfxwj/jzbh/202201/t20220107_685106.shtml",
            D(2022, 1, 7),
        ),
        ("./moe_1485/202607/t20260719_1444325.html", D(2026, 7, 19)),
        ("http://www.jiangxi.gov.cn/art/2019/6/12/art_18819_699133.html", D(2019, 6, 12)),
        ("https://www.cma.org.cn/art/2025/10/29/art_4584_60353.html", D(2025, 10, 29)),
        ("https://www.gov.cn/zhengce/content/2023-03/15/content_5746.htm", D(2023, 3, 15)),
        ("http://www.kmsl.gov.cn/c/2025-09-30/7062911.shtml", D(2025, 9, 30)),
        ("http://www.taiyuan.gov.cn/doc/2017/07/17/266699.shtml", D(2017, 7, 17)),
        ("https://www.nmpa.gov.cn/zwfw/sdxx/20200911083851127.html", D(2020, 9, 11)),
    ],
)
def test_cms_url_dates_are_found(url, expected):
    assert find_date_in_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://wsb.nanning.gov.cn/xxgk/zwdt/tzgg/t206701.html",  # old TRS id, no date
        "http://www.nbjb.gov.cn/col/col1229214366/index.html",  # Hanweb column
        "http://www.example.gov.cn/xxgk/t20230230_1.html",  # impossible date
        "http://www.example.gov.cn/list.jsp?date=2023-03-15",  # the query is not read
        "http://www.yangjiang.gov.cn/gkmlpt/content/0/508/post_508890.html",
    ],
)
def test_urls_without_a_path_date_give_none(url):
    assert find_date_in_url(url) is None
