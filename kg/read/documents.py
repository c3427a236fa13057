"""Find documents under paths, decode them and describe them as `Document`s."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import DecodeError, InputError
from .decode import decode_bytes
from .html import html_to_text

#: one document larger than this is refused: a news article or a policy is a few hundred kB at most, and
#: a file this big is a whole corpus or a dump (the pipeline would take hours on it as one text)
MAX_DOCUMENT_BYTES = 20 * 2**20
SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc")
_DATE_PATTERNS = (
    re.compile(r"(?:发布日期|发布时间|日期|时间)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"),
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)


@dataclass(frozen=True)
class Document:
    """One input document. `text` is what the pipeline reads; offsets refer to it."""

    doc_id: str
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd when the document states it
    encoding: str = "utf-8"
    lang: str = "zh"
    meta: dict = field(default_factory=dict, compare=False)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocumentFailure:
    """A file that could not be read; the build goes on without it."""

    path: str
    message: str


def detect_language(text: str) -> str:
    """'zh' when CJK characters make up a real share of the letters, else 'en'."""
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if cjk == 0 and latin == 0:
        return "zh"
    return "zh" if cjk * 3 >= latin * 0.5 else "en"


def find_date(text: str) -> str | None:
    head = text[:400]
    for pattern in _DATE_PATTERNS:
        match = pattern.search(head)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


_SOURCE_LINE = re.compile(r"^\s*#\s*source\s*[:：]\s*(\S+)\s*$", re.IGNORECASE)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if _SOURCE_LINE.match(line):
            continue  # "# source: URL" says where the text comes from; the title follows it
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


def source_url(text: str) -> str | None:
    """The URL of a first line '# source: URL' (how saved web articles record their page), or None."""
    for line in text.splitlines()[:3]:
        m = _SOURCE_LINE.match(line)
        if m and m.group(1).lower().startswith(("http://", "https://")):
            return m.group(1)
    return None


def make_doc_id(path: Path, root: Path | None) -> str:
    """A readable id, stable for the same relative path: 'sub/article' for root/sub/article.txt."""
    try:
        rel = path.resolve().relative_to(root.resolve()) if root else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    stem = rel.with_suffix("").as_posix()
    stem = unicodedata.normalize("NFC", stem)
    return re.sub(r"[\s#?%\"<>\\^`{|}]+", "_", stem) or "document"


def document_from_text(text: str, doc_id: str, *, path: str | None = None, title: str | None = None,
                       encoding: str = "utf-8", html: bool = False, date: str | None = None,
                       date_source: str | None = None) -> Document:
    """Build a Document from already-decoded text. HTML is reduced to its article (title and body; the
    whole page's text when no article is found). The date is the one the text states in its opening
    (发布日期, 2024年5月16日), else `date` (a page's or file's metadata); `meta["date_source"]` says which."""
    if html:
        from .formats import read_html
        article = read_html(text)
        if article is not None:
            text, title = article.text, title or article.title
            date, date_source = article.date or date, "page metadata" if article.date else date_source
        else:
            text, html_title = html_to_text(text)
            title = title or html_title
    if not text.strip():
        raise DecodeError(f"{path or doc_id}: no text")
    url = source_url(text)
    meta = {"source": url} if url else {}
    stated = find_date(text)
    if html and date_source == "page metadata":
        found, source = date, date_source  # a page's own date beats a date in its first lines
    elif stated:
        found, source = stated, "text"
    else:
        found, source = date, date_source if date else None
    if source:
        meta["date_source"] = source
    return Document(
        doc_id=doc_id, text=text, path=path, title=title or _first_line(text),
        date=found, encoding=encoding, lang=detect_language(text), meta=meta,
    )


def read_document(path: str | Path, root: str | Path | None = None) -> Document:
    """Read one file into a Document; DecodeError names the file when it is not usable text."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(f"{path}: {size / 2**20:.0f} MB is more than kg reads as one document "
                             f"({MAX_DOCUMENT_BYTES // 2**20} MB); split it into its articles")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    suffix = path.suffix.lower()
    doc_id = make_doc_id(path, Path(root) if root else None)
    if suffix in (".pdf", ".docx", ".doc"):
        from .formats import read_docx, read_pdf, refuse_doc
        if suffix == ".doc":
            refuse_doc(str(path))
        got = read_pdf(data, str(path)) if suffix == ".pdf" else read_docx(data, str(path))
        return document_from_text(got.text, doc_id, path=str(path), title=got.title, date=got.date,
                                  date_source="file metadata" if got.date else None)
    text, encoding = decode_bytes(data, str(path))
    return document_from_text(text, doc_id, path=str(path), encoding=encoding, html=suffix in (".html", ".htm"))


def skip_reason(path: str | Path) -> str:
    """Why a folder's file is not read as a document, as the user is told."""
    name = Path(path).name.lower()
    if name.endswith(".gold.json"):
        return "gold annotations"
    if name in ("readme.md", "readme.txt", "readme"):
        return "folder documentation"
    return "not .txt/.md/.html/.pdf/.docx"


def collect_files(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, Path | None]], list[Path]]:
    """Expand files and folders (recursively, sorted). Returns ([(file, root)], skipped files)."""
    files: list[tuple[Path, Path | None]] = []
    skipped: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(p).parts):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES and not child.name.endswith(".gold.json"):
                    if child.name.lower() == "readme.md":
                        skipped.append(child)
                        continue
                    files.append((child, p))
                else:
                    skipped.append(child)
        elif p.is_file():
            if p.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append((p, None))
            else:
                skipped.append(p)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return files, skipped


def iter_documents(paths: Iterable[str | Path], strict: bool = False) -> Iterator[Document | DocumentFailure]:
    """Yield a Document per readable file and a DocumentFailure per unreadable one.

    With strict=True the first unreadable file raises its DecodeError instead.
    """
    files, _ = collect_files(paths)
    for path, root in files:
        try:
            yield read_document(path, root)
        except InputError as exc:
            if strict:
                raise
            yield DocumentFailure(str(path), str(exc))
