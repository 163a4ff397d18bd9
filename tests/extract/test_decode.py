import codecs

import pytest

from crawler.extract.decode import decode_page

TEXT = "<p>冠县人民政府关于印发《工作要点》的通知</p>"
GBK_META = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "</head><body>" + TEXT + "</body></html>"
)


def test_gbk_meta_only_page_decodes_to_chinese():
    text, encoding = decode_page(GBK_META.encode("gbk"), None)
    assert (text, encoding) == (GBK_META, "gb18030")


def test_gbk_header_decodes_as_gb18030_superset():
    # 㙟 is outside GB2312/GBK but in GB18030: a GBK label must not lose it.
    page = "<p>㙟冠县</p>"
    assert decode_page(page.encode("gb18030"), "text/html; charset=GBK") == (page, "gb18030")


def test_utf8_header_decodes_utf8_page():
    assert decode_page(TEXT.encode("utf-8"), "text/html; charset=utf-8") == (TEXT, "utf-8")


def test_header_charset_wins_over_a_meta_charset_that_disagrees():
    page = '<meta charset="gbk">' + TEXT
    assert decode_page(page.encode("utf-8"), "text/html; charset=UTF-8") == (page, "utf-8")


def test_utf8_header_on_gbk_bytes_falls_back_to_the_meta_charset():
    # The server's default header lies; the bytes are not UTF-8, the meta tag is right.
    assert decode_page(GBK_META.encode("gbk"), "text/html; charset=utf-8") == (GBK_META, "gb18030")


def test_latin1_header_is_ignored_for_the_meta_charset():
    assert decode_page(GBK_META.encode("gbk"), "text/html; charset=ISO-8859-1") == (
        GBK_META,
        "gb18030",
    )


def test_gbk_declaration_on_utf8_bytes_is_not_believed():
    page = '<meta charset="gb2312">' + TEXT
    assert decode_page(page.encode("utf-8"), None) == (page, "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    ],
)
def test_byte_order_mark_decides_and_is_stripped(bom, codec, expected):
    body = bom + TEXT.encode(codec)
    assert decode_page(body, "text/html; charset=gbk") == (TEXT, expected)


def test_undeclared_utf8_is_detected():
    assert decode_page(TEXT.encode("utf-8"), "text/html") == (TEXT, "utf-8")


def test_undeclared_gbk_is_detected():
    assert decode_page(TEXT.encode("gbk"), None) == (TEXT, "gb18030")


def test_ascii_page_without_declaration_is_utf8():
    assert decode_page(b"<p>hello</p>", None) == ("<p>hello</p>", "utf-8")


def test_undecodable_bytes_are_replaced_not_fatal():
    body = TEXT.encode("utf-8") + b"\xff\xfe\xfd" + "尾".encode()
    text, encoding = decode_page(body, "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert text.startswith(TEXT)
    assert text.endswith("尾")
    assert "\ufffd" in text


def test_override_wins_over_header_and_meta():
    page = "<meta charset=utf-8><p>冠縣政府</p>"
    body = page.encode("big5")
    assert decode_page(body, "text/html; charset=utf-8", override="big5") == (page, "big5hkscs")


def test_override_gbk_is_read_as_its_gb18030_superset():
    page = "<p>㙟冠县</p>"
    assert decode_page(page.encode("gb18030"), None, override="GBK") == (page, "gb18030")


def test_without_override_big5_bytes_are_misread():
    # The control for the override tests: Big5 bytes decode as GB18030 without an error.
    page = "<p>冠縣政府</p>"
    assert decode_page(page.encode("big5"), "text/html; charset=utf-8")[0] != page
