import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.settings import USER_AGENT
from tests.conftest import run_zwgk
from zwgk.extract_page import extract_command

# The saved pages the extractor's own tests read.
PAGES = Path(__file__).parent.parent / "extract" / "pages"
GKMLPT = PAGES / "gkmlpt_header.html"
GKMLPT_URL = "http://www.yangjiang.gov.cn/gkmlpt/content/0/508/post_508890.html"
PDF = "http://www.yangjiang.gov.cn/attachment/0/88/88389/963149.pdf"


# A PDF as some portal servers send it, with a newline before its magic: only the
# Content-Type says what it is.
PDF_AFTER_NEWLINE = b"\n%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"


class _Portal(BaseHTTPRequestHandler):
    """Serves the saved GBK Hanweb page as a portal would, an attachment, and a 404 elsewhere;
    remembers the User-Agent of the last request."""

    user_agents: list[str] = []  # noqa: RUF012 (shared on purpose: read by the test)

    def do_GET(self) -> None:
        # http.server reads header bytes as Latin-1; the agent was sent as UTF-8.
        agent = self.headers.get("User-Agent", "").encode("latin-1").decode("utf-8")
        _Portal.user_agents.append(agent)
        if self.path == "/art/2023/3/17/art_1229_5001.html":
            self._send((PAGES / "hanweb_td_label_gbk.html").read_bytes(), "text/html; charset=GBK")
        elif self.path == "/attachment/notice.pdf":
            self._send(PDF_AFTER_NEWLINE, "application/pdf")
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run(
    capsys: pytest.CaptureFixture[str], *args: object, **kwargs: object
) -> tuple[int, str, str]:
    code = extract_command(*args, **kwargs)
    out, err = capsys.readouterr()
    print(out, err)  # shown by pytest when the test fails
    return code, out, err


def test_json_output_of_a_saved_file_is_the_extracted_document(capsys):
    code, out, _ = run(capsys, str(GKMLPT), url=GKMLPT_URL, as_json=True)
    assert code == 0
    assert json.loads(out) == {
        "title": "阳江市人民政府办公室关于印发阳江市促进消费若干措施的通知",
        "doc_number": "阳府办〔2023〕5号",
        "index_number": "007194536/2023-00123",
        "issuing_agency": "阳江市人民政府办公室",
        "written_date": "2023-03-10",
        "publish_date": "2023-03-15",
        "topic": "综合政务、其他",
        "validity": None,
        "body_text": (
            "各县（市、区）人民政府，市政府各部门、各直属机构：\n"
            "《阳江市促进消费若干措施》已经市人民政府同意，现印发给你们，请认真贯彻执行。\n"
            "阳江市人民政府办公室\n"
            "2023年3月10日"
        ),
        "attachments": [{"href": PDF, "text": "阳江市促进消费若干措施.pdf", "type": "pdf"}],
        "links": [
            {
                "href": "http://www.yangjiang.gov.cn/",
                "text": "阳江市人民政府门户网站",
                "context": "",
            },
            {"href": PDF, "text": "阳江市促进消费若干措施.pdf", "context": ""},
        ],
        "feedback_window": None,
        "js_boxes": [],
        "sources": {
            "title": "table",
            "doc_number": "table",
            "index_number": "table",
            "issuing_agency": "table",
            "written_date": "table",
            "publish_date": "table",
            "topic": "table",
        },
    }


def test_json_output_keeps_chinese_unescaped(capsys):
    _, out, _ = run(capsys, str(GKMLPT), url=GKMLPT_URL, as_json=True)
    assert '"title": "阳江市人民政府办公室' in out


def test_saved_file_links_resolve_against_its_file_url_by_default(capsys):
    _, out, _ = run(capsys, str(GKMLPT), as_json=True)
    hrefs = [a["href"] for a in json.loads(out)["attachments"]]
    assert hrefs == ["file:///attachment/0/88/88389/963149.pdf"]


def table_rows(out: str) -> dict[str, list[str]]:
    """The rich table's rows by field name: ``{"doc_number": [label, value, source]}``."""
    rows = {}
    for line in out.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if len(cells) == 3 and cells[0].split()[1:2]:
            rows[cells[0].split()[1]] = cells
    return rows


def test_table_output_shows_each_field_with_its_source_and_flags_the_missing(capsys):
    code, out, _ = run(capsys, str(GKMLPT), url=GKMLPT_URL)
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == [f"URL: {GKMLPT_URL}", "编码 encoding: utf-8"]
    row = table_rows(out)
    assert row["field"] == ["字段 field", "值 value", "来源 source"]
    assert row["doc_number"] == ["文号 doc_number", "阳府办〔2023〕5号", "table"]
    assert row["validity"] == ["有效性 validity", "未识别", "-"]
    assert "附件 attachments: 1" in lines
    assert "链接 links: 2" in lines


def test_table_output_keeps_each_row_on_one_line_when_piped(capsys):
    _, out, _ = run(capsys, str(GKMLPT), url=GKMLPT_URL)
    assert table_rows(out)["title"][1] == "阳江市人民政府办公室关于印发阳江市促进消费若干措施的通知"


def test_table_output_prints_page_text_literally_not_as_rich_markup(capsys, tmp_path):
    page = tmp_path / "markup.html"
    page.write_text(
        "<html><head><title>[bold]关于[/bold]的通知 :smile:</title></head><body></body></html>",
        encoding="utf-8",
    )
    _, out, _ = run(capsys, str(page))
    assert table_rows(out)["title"][1] == "[bold]关于[/bold]的通知 :smile:"


def test_gbk_file_is_detected_without_a_header(capsys):
    _, out, _ = run(capsys, str(PAGES / "hanweb_td_label_gbk.html"))
    assert "编码 encoding: gb18030" in out.splitlines()
    assert "冠发改字〔2023〕12号" in out


def test_missing_file_is_named_in_the_error_and_exits_2(capsys, tmp_path):
    missing = tmp_path / "nope.html"
    code, out, err = run(capsys, str(missing), as_json=True)
    assert (code, out) == (2, "")
    assert str(missing) in err


def test_unreadable_file_is_named_in_the_error_and_exits_2(capsys, tmp_path):
    # A directory: tests may run as root, who can read a file whatever its mode.
    code, out, err = run(capsys, str(tmp_path))
    assert (code, out, err) == (2, "", f"错误 error: cannot read {tmp_path}: Is a directory\n")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "it is empty"),
        (b"  \r\n", "it is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "it is a PDF document"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "it is an executable program"),
        (b"PK\x03\x04\x14\x00\x06\x00", "it is a ZIP archive (docx, xlsx, ofd …)"),
        ("冠县人民政府 纯文本，没有标签".encode("gbk"), "no HTML markup in it"),
        (b"\x00\x01\x02<p>x</p>", "no HTML markup in it"),
    ],
)
def test_file_that_is_not_an_html_page_is_refused_by_name_and_exits_2(
    capsys, tmp_path, content, why
):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert (code, out, err) == (2, "", f"错误 error: not an HTML page: {path} ({why})\n")


FRAGMENT = (  # a saved detail page as some portals serve it: the 信息公开 table alone
    '<table class="xxgk-table"><tbody>'
    "<tr><th>索引号：</th><td>11371525004302117P/2023-00001</td>"
    "<th>主题分类：</th><td>城乡建设</td></tr>"
    "<tr><th>发文机关：</th><td>冠县人民政府</td><th>成文日期：</th><td>2023/01/04</td></tr>"
    "<tr><th>发文字号：</th><td>冠政发（2023）1号</td><th>发布日期：</th><td>2023/01/09</td></tr>"
    "</tbody></table>"
)


def test_html_fragment_without_head_is_still_a_page(capsys, tmp_path):
    path = tmp_path / "fragment.html"
    path.write_bytes(FRAGMENT.encode("gbk"))
    code, out, _ = run(capsys, str(path), as_json=True)
    assert (code, json.loads(out)["doc_number"]) == (0, "冠政发〔2023〕1号")


def test_binary_executable_ends_in_one_line_without_a_traceback():
    result = run_zwgk("extract", "/bin/ls")
    print(result.stdout, result.stderr)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "错误 error: not an HTML page: /bin/ls (it is an executable program)\n",
    )


def test_url_is_fetched_and_decoded_with_its_content_type(capsys, portal):
    url = f"{portal}/art/2023/3/17/art_1229_5001.html"
    code, out, _ = run(capsys, url, as_json=True)
    data = json.loads(out)
    assert (code, data["doc_number"], data["links"][0]["href"]) == (
        0,
        "冠发改字〔2023〕12号",
        f"{portal}/col/col1/index.html",
    )


def test_url_is_fetched_with_the_crawlers_user_agent(capsys, portal):
    _Portal.user_agents.clear()
    run(capsys, f"{portal}/art/2023/3/17/art_1229_5001.html", as_json=True)
    assert _Portal.user_agents == [USER_AGENT]


def test_url_served_as_a_pdf_is_refused_by_its_content_type(capsys, portal):
    url = f"{portal}/attachment/notice.pdf"
    code, out, err = run(capsys, url)
    assert (code, out, err) == (
        2,
        "",
        f"错误 error: not an HTML page: {url} (Content-Type application/pdf)\n",
    )


def test_url_answering_404_is_named_in_the_error_and_exits_2(capsys, portal):
    code, out, err = run(capsys, f"{portal}/missing.html")
    assert (code, out) == (2, "")
    assert f"{portal}/missing.html answered HTTP 404" in err


def test_unreachable_url_is_named_in_the_error_and_exits_2(capsys):
    code, out, err = run(capsys, "http://127.0.0.1:9/x.html")
    assert (code, out) == (2, "")
    assert "cannot fetch http://127.0.0.1:9/x.html" in err


BIG5_TITLE = "冠縣政府關於公開徵求意見的通知"


@pytest.fixture
def big5_page(tmp_path: Path) -> Path:
    """A Big5 page that declares nothing: Big5 bytes also decode as GB18030 without error."""
    page = tmp_path / "big5.html"
    html = f"<html><head><title>{BIG5_TITLE}</title></head><body></body></html>"
    page.write_bytes(html.encode("big5"))
    return page


def test_big5_page_without_a_profile_is_misread_as_gb18030(capsys, big5_page):
    # The control for the override test below: detection alone gets this page wrong.
    _, out, _ = run(capsys, str(big5_page), as_json=True)
    assert json.loads(out)["title"] != BIG5_TITLE


def test_profile_encoding_override_decodes_a_page_whose_declarations_all_lie(
    capsys, tmp_path, big5_page
):
    profile = tmp_path / "xianggang_ceshi.toml"
    profile.write_text(
        'id = "xianggang_ceshi"\nname = "测试"\nbase_url = "http://example.gov.cn/"\ncms = "trs"\n'
        'encoding = "big5"\n[[column]]\nid = "zcwj"\nname = "政策文件"\nrole = "政策文件"\n'
        'url = "zcwj/index.html"\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, str(big5_page), as_json=True, profile=str(profile))
    assert (code, json.loads(out)["title"]) == (0, BIG5_TITLE)


def test_unknown_profile_is_named_in_the_error_and_exits_2(capsys):
    code, out, err = run(capsys, str(GKMLPT), profile="nowhere_nothing")
    assert (code, out) == (2, "")
    assert err.startswith("错误 error: ") and "nowhere_nothing.toml: no such profile file" in err
    assert err.count("\n") == 1
