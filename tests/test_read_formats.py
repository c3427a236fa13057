"""The documents researchers collect: PDF (printed here by headless Chromium), Word .docx (written here with
python-docx), whole portal pages with navigation, footers and related links; and what a user sees when one
of them cannot be read."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Graph
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.read import read_document

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")

POLICY_HTML = """<html><head><meta charset="utf-8"><title>洛阳市促进科技成果转化若干措施</title></head><body>
<h1>洛阳市促进科技成果转化若干措施</h1>
<p>发布日期：2024-03-08</p>
<p>为深入实施创新驱动发展战略，洛阳市人民政府印发《洛阳市促进科技成果转化若干措施》。支持河南科技大学与洛阳轴研科技股份有限公司
共建中试基地，对新认定的国家重点实验室给予500万元奖励。河南科技大学副校长王新华表示，学校将加快成果转化。</p>
</body></html>"""

PORTAL_HTML = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>洛阳市科技局_洛阳轴研科技与河南科技大学共建联合实验室</title>
<meta name="ArticleTitle" content="洛阳轴研科技与河南科技大学共建联合实验室">
<meta name="PubDate" content="2024-05-16 09:30">
<script>document.write("统计代码 郑州大学");</script><style>.nav{color:red}</style></head><body>
<div class="header"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | 郑州大学招生办</div>
<div class="nav"><ul><li><a href="/a">机构设置</a></li><li><a href="/b">开封市人民政府</a></li><li>清华大学合作专栏</li></ul></div>
<div class="location">当前位置：首页 &gt; 科技动态</div>
<div class="article"><h1>洛阳轴研科技与河南科技大学共建联合实验室</h1>
<div class="info">发布时间：2024-05-16 来源：洛阳市科技局 <span class="share">分享到：微信 微博 QQ空间</span></div>
<div class="content">
<p>5月15日，洛阳轴研科技股份有限公司与河南科技大学签署战略合作协议，双方将共建高端轴承联合实验室。</p>
<p>河南科技大学副校长王新华、洛阳轴研科技股份有限公司董事长李明出席签约仪式。该实验室将围绕高速精密轴承开展关键技术攻关。</p>
<p>洛阳市科技局有关负责人表示，将持续支持校企合作平台建设。</p></div></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/c1">西安交通大学与陕西鼓风机集团签约</a></li>
<li><a href="/c2">北京大学与华为技术有限公司共建实验室</a></li><li><a href="/c3">浙江大学杭州国际科创中心揭牌</a></li></ul></div>
<div class="footer">版权所有：洛阳市科学技术局 主办单位：洛阳市人民政府办公室 技术支持：河南大象网络科技有限公司</div>
</body></html>"""


def print_pdf(html: str, pdf: Path) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium fonts-wqy-zenhei")
    page = pdf.with_suffix(".html")
    page.write_text(html, "utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    page.unlink()
    if "洛阳" not in read_document(pdf).text:
        pytest.skip("no CJK font for Chromium to print with: apt-get install fonts-wqy-zenhei")
    return pdf


def write_docx(path: Path) -> Path:
    import docx
    d = docx.Document()
    d.core_properties.title = "关于开封市科技创新平台建设情况的报告"
    d.add_heading("关于开封市科技创新平台建设情况的报告", level=1)
    d.add_paragraph("2024年4月13日，开封市科技局发布年度报告。")
    d.add_paragraph("河南大学与开封市人民政府签署战略合作协议，共建河南大学开封研究院。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "单位", "负责人"
    table.cell(1, 0).text, table.cell(1, 1).text = "河南大学", "校长张锁江"
    d.save(path)
    return path


def test_a_pdf_is_read_through_its_text_layer_with_lines_joined(tmp_path):
    pdf = print_pdf(POLICY_HTML, tmp_path / "policy.pdf")
    doc = read_document(pdf)
    assert doc.title == "洛阳市促进科技成果转化若干措施"
    assert doc.date == "2024-03-08" and doc.meta["date_source"] == "text"
    # the line the page broke inside 河南|科技大学 is joined; pypdf's space before 500 is gone
    assert "支持河南科技大学与洛阳轴研科技股份有限公司" in doc.text and "给予500万元" in doc.text


def test_a_pdf_without_text_says_it_looks_scanned(tmp_path):
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scan = tmp_path / "scan.pdf"
    with open(scan, "wb") as f:
        writer.write(f)
    result = CliRunner().invoke(main, ["build", str(scan), "--out", str(tmp_path / "o"), "-q", "--no-map"])
    assert result.exit_code == 1
    assert "scan.pdf: the PDF has no text layer (it looks scanned); run OCR on it first" in result.output
    assert "Traceback" not in result.output


def test_damaged_pdf_docx_and_old_doc_are_one_line_errors(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "o"), "-q", "--no-map"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("broken.pdf: not a readable PDF" in line for line in lines)
    assert any("broken.docx: not a readable .docx file" in line for line in lines)
    assert any("old.doc: .doc (Word 97-2003) files are not read; save it as .docx" in line for line in lines)
    assert "Traceback" not in result.output and "EOF marker" not in result.output


def test_a_docx_is_read_with_its_paragraphs_tables_and_title(tmp_path):
    doc = read_document(write_docx(tmp_path / "report.docx"))
    assert doc.title == "关于开封市科技创新平台建设情况的报告"
    assert doc.date == "2024-04-13" and doc.meta["date_source"] == "text"
    assert "河南大学与开封市人民政府签署战略合作协议" in doc.text
    assert "河南大学 校长张锁江" in doc.text  # a table row, cells in order


def test_a_portal_page_is_read_as_its_article_only(tmp_path):
    page = tmp_path / "portal.html"
    page.write_text(PORTAL_HTML, "utf-8")
    doc = read_document(page)
    assert doc.title == "洛阳轴研科技与河南科技大学共建联合实验室"
    assert doc.date == "2024-05-16" and doc.meta["date_source"] == "page metadata"
    assert doc.text.startswith("洛阳轴研科技与河南科技大学共建联合实验室\n")
    assert "签署战略合作协议" in doc.text
    for boilerplate in ("郑州大学", "清华大学", "开封市人民政府", "西安交通大学", "版权所有", "分享到", "统计代码", "当前位置"):
        assert boilerplate not in doc.text


def test_a_folder_of_pdf_docx_html_and_text_builds_one_graph_with_titles_and_dates(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    print_pdf(POLICY_HTML, folder / "policy.pdf")
    write_docx(folder / "report.docx")
    (folder / "portal.html").write_text(PORTAL_HTML, "utf-8")
    (folder / "note.txt").write_text("郑州大学与宇通客车股份有限公司共建实验室\n发布日期：2024-06-01\n"
                                     "郑州大学与宇通客车股份有限公司签署合作协议。\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out), "-q", "--no-map"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out / "graph.ttl")
    dated = {str(t): str(d) for doc in g.subjects(DCTERMS.title, None)
             for t in g.objects(doc, DCTERMS.title) for d in g.objects(doc, DCTERMS.date)}
    assert dated == {"洛阳市促进科技成果转化若干措施": "2024-03-08", "关于开封市科技创新平台建设情况的报告": "2024-04-13",
                     "洛阳轴研科技与河南科技大学共建联合实验室": "2024-05-16", "郑州大学与宇通客车股份有限公司共建实验室": "2024-06-01"}
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert {"河南科技大学", "河南大学", "郑州大学", "洛阳轴研科技股份有限公司"} <= labels
    assert "清华大学" not in labels and "西安交通大学" not in labels  # from the portal's menus and related links
