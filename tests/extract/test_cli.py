import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from zwgk.extract_page import extract_command

PAGES = Path(__file__).parent / "pages"
GKMLPT = PAGES / "gkmlpt_header.html"
GKMLPT_URL = "http://www.yangjiang.gov.cn/gkmlpt/content/0/508/post_508890.html"
PDF = "http://www.yangjiang.gov.cn/attachment/0/88/88389/963149.pdf"


class _Portal(BaseHTTPRequestHandler):
    """Serves the saved GBK Hanweb page as a portal would, and a 404 elsewhere."""

    def do_GET(self) -> None:
        if self.path == "/art/2023/3/17/art_1229_5001.html":
            body = (PAGES / "hanweb_td_label_gbk.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=GBK")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

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


def test_table_output_shows_each_field_with_its_source_and_flags_the_missing(capsys):
    code, out, _ = run(capsys, str(GKMLPT), url=GKMLPT_URL)
    lines = out.splitlines()
    assert code == 0
    assert lines[:2] == [f"URL: {GKMLPT_URL}", "编码 encoding: utf-8"]
    row = {line.split()[1]: line.split() for line in lines if line.split()[1:2]}
    assert row["doc_number"][-2:] == ["阳府办〔2023〕5号", "table"]
    assert row["validity"][-2:] == ["未识别", "-"]
    assert "附件 attachments: 1" in lines
    assert "链接 links: 2" in lines


def test_gbk_file_is_detected_without_a_header(capsys):
    _, out, _ = run(capsys, str(PAGES / "hanweb_td_label_gbk.html"))
    assert "编码 encoding: gb18030" in out.splitlines()
    assert "冠发改字〔2023〕12号" in out


def test_missing_file_is_named_in_the_error_and_exits_2(capsys, tmp_path):
    missing = tmp_path / "nope.html"
    code, out, err = run(capsys, str(missing), as_json=True)
    assert (code, out) == (2, "")
    assert str(missing) in err


def test_url_is_fetched_and_decoded_with_its_content_type(capsys, portal):
    url = f"{portal}/art/2023/3/17/art_1229_5001.html"
    code, out, _ = run(capsys, url, as_json=True)
    data = json.loads(out)
    assert (code, data["doc_number"], data["links"][0]["href"]) == (
        0,
        "冠发改字〔2023〕12号",
        f"{portal}/col/col1/index.html",
    )


def test_url_answering_404_is_named_in_the_error_and_exits_2(capsys, portal):
    code, out, err = run(capsys, f"{portal}/missing.html")
    assert (code, out) == (2, "")
    assert f"{portal}/missing.html answered HTTP 404" in err


def test_unreachable_url_is_named_in_the_error_and_exits_2(capsys):
    code, out, err = run(capsys, "http://127.0.0.1:9/x.html")
    assert (code, out) == (2, "")
    assert "cannot fetch http://127.0.0.1:9/x.html" in err
