"""kg.read: files, folders, encodings, HTML."""
from __future__ import annotations

import pytest

from kg.errors import DecodeError, InputError
from kg.read import decode_bytes, html_to_text, iter_documents, read_document
from kg.read.documents import DocumentFailure, collect_files, detect_language, find_date

ARTICLE = "开封夸克新材料有限公司与哈尔滨工业大学联合研发新型涂层。\n发布日期:2024-04-13\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_decodes_every_supported_encoding(encoding):
    text, used = decode_bytes(ARTICLE.encode(encoding), "x.txt")
    assert text == ARTICLE


def test_binary_file_is_refused_with_its_name():
    with pytest.raises(DecodeError, match=r"^pic\.txt: binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "pic.txt")


def test_empty_file_is_refused_with_its_name():
    with pytest.raises(DecodeError, match=r"^empty\.txt: empty file"):
        decode_bytes(b"  \n", "empty.txt")


def test_invalid_bytes_are_refused():
    with pytest.raises(DecodeError, match="not UTF-8, UTF-16 or GB18030"):
        decode_bytes(b"\x81\x30\xff\xff\xfe" * 10, "bad.txt")


def test_html_to_text_keeps_visible_text_and_title():
    text, title = html_to_text("<html><head><title>页面</title><style>p{}</style></head><body><h1>科技新闻</h1>"
                               "<p>河南大学&amp;开封市科学院</p><script>alert(1)</script><div>第二段</div></body></html>")
    assert text == "科技新闻\n河南大学&开封市科学院\n第二段"
    assert title == "科技新闻"


def test_folder_is_read_recursively_and_other_files_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text(f"<p>{ARTICLE}</p>", encoding="utf-8")
    (tmp_path / "sub" / "c.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    files, skipped = collect_files([tmp_path])
    assert [f.name for f, _ in files] == ["a.txt", "empty.md", "b.html"]
    assert [p.name for p in skipped] == ["c.xlsx"]
    items = list(iter_documents([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "DocumentFailure", "Document"]
    assert items[2].doc_id == "sub/b"
    failure = items[1]
    assert isinstance(failure, DocumentFailure) and "empty file" in failure.message
    with pytest.raises(DecodeError):
        list(iter_documents([tmp_path], strict=True))


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_documents([tmp_path / "nope"]))


def test_metadata_title_date_language(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("【新闻】开封科技创新\n\n发布日期:2024-04-13 浏览数:641\n正文。", encoding="utf-8")
    doc = read_document(path)
    assert (doc.title, doc.date, doc.lang) == ("【新闻】开封科技创新", "2024-04-13", "zh")
    assert find_date("2023年9月7日，座谈会召开") == "2023-09-07"
    assert detect_language("Soochow University and Lumina Photonics signed an agreement.") == "en"


def test_a_source_line_is_the_documents_page_not_its_title(tmp_path):
    """Saved web articles start with '# source: URL': the URL is the document's source (dcterms:source),
    the title is the next line, and the text (and so every offset) is unchanged."""
    from kg.read import read_document
    path = tmp_path / "a.txt"
    path.write_text("# source: https://example.org/news/1.html\n新乡市举行科技大会\n正文第一句。\n", "utf-8")
    doc = read_document(path)
    assert doc.title == "新乡市举行科技大会"
    assert doc.meta["source"] == "https://example.org/news/1.html"
    assert doc.text.startswith("# source:")
