"""Documents researchers collect as files other than plain text: PDF, Word (.docx) and whole portal pages.

Each reader returns the text the pipeline analyses (all offsets refer to it) with the title and publication
date the file itself states, so that they reach the graph as dcterms:title and dcterms:date.

- PDF (pypdf): the text layer, page by page; lines a PDF broke inside a sentence are joined again. A PDF
  with no text layer is a scan, and says so.
- .docx (python-docx): paragraphs and table cells in document order; the core properties' title. An old
  binary .doc is refused with what to do.
- HTML (trafilatura): the article's title and body only — navigation, footers, related-article lists and
  share bars of a portal page are not the article; the page's own title and date metadata are kept.
  A page trafilatura finds no article in (a bare fragment) is read whole.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

from ..errors import DecodeError, InputError


@dataclass
class Extracted:
    text: str
    title: str | None = None
    date: str | None = None  # yyyy-mm-dd
    date_source: str | None = None  # where the date came from: "metadata" (the text's own is found later)


_SENTENCE_END = "。！？；：!?;:」』”）)》"


# pypdf puts a space between CJK text and digits or Latin letters that the page shows side by side
_CJK_LATIN_GAP = re.compile(r"(?<=[\u3400-\u9fff，。、；：（）《》“”]) (?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%]) (?=[\u3400-\u9fff，。、；：（）《》“”])")


def _join_pdf_lines(page: str) -> str:
    """A page's lines as paragraphs: a line that runs to the right margin (nearly as long as the page's
    longest) and ends without closing punctuation goes on in the next line, so the two are joined."""
    lines = [_CJK_LATIN_GAP.sub("", line.strip()) for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and width >= 20 and len(out[-1]) >= 0.85 * width and out[-1][-1] not in _SENTENCE_END:
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def read_pdf(data: bytes, name: str) -> Extracted:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files are ours to word
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is password-protected; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DecodeError(f"{name}: not a readable PDF ({' '.join(str(exc).split()) or type(exc).__name__})") from None
    text = "\n".join(_join_pdf_lines(p) for p in pages if p.strip())
    if not text.strip():
        raise DecodeError(f"{name}: the PDF has no text layer (it looks scanned); run OCR on it first")
    meta = reader.metadata or {}
    title = (meta.get("/Title") or "").strip() or None
    date = _pdf_date(meta.get("/CreationDate"))
    return Extracted(text, title, date, "metadata" if date else None)


def _pdf_date(value) -> str | None:
    m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", str(value or ""))
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).strftime("%Y-%m-%d")
    except ValueError:
        return None


def read_docx(data: bytes, name: str) -> Extracted:
    import zipfile

    import docx
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DecodeError(f"{name}: not a readable .docx file ({' '.join(str(exc).split()) or type(exc).__name__})") \
            from None
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            blocks.append(text.strip())
        elif tag == "tbl":  # each row a line, cells joined by a space
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")).strip()
                             for cell in row if cell.tag.endswith("}tc")]
                    blocks.append(" ".join(c for c in cells if c))
    text = "\n".join(b for b in blocks if b)
    if not text.strip():
        raise DecodeError(f"{name}: the .docx file holds no text")
    props = document.core_properties
    title = (props.title or "").strip() or None
    created = props.created
    date = created.strftime("%Y-%m-%d") if created else None
    return Extracted(text, title, date, "metadata" if date else None)


def refuse_doc(name: str) -> None:
    raise InputError(f"{name}: .doc (Word 97-2003) files are not read; save it as .docx (Word, WPS or "
                     "`libreoffice --convert-to docx`) and build again")


def read_html(html: str) -> Extracted | None:
    """The article of a web page, or None when the page holds no article trafilatura can find."""
    import trafilatura
    body = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True,
                               deduplicate=False, with_metadata=False)
    if not body or not body.strip():
        return None
    meta = trafilatura.extract_metadata(html)
    title = (getattr(meta, "title", None) or "").strip() or None
    date = getattr(meta, "date", None)
    date = date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
    text = body.strip()
    if title and not text.startswith(title):
        text = f"{title}\n{text}"  # the headline is part of what is read, as a text file's first line
    return Extracted(text, title, date, "metadata" if date else None)
