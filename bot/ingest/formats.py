"""Article files that are not plain text: the visible text of an HTML page (its <h1> or
<title> kept as the title) and Markdown without its marks. Every ingest path (folders, the
command line, uploads from Telegram) converts through here before cleaning."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from bot import messages
from bot.ingest.clean import RejectedArticle

HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md",)


class _HtmlText(HTMLParser):
    """Visible text of an HTML page, one line per block element; the <h1> or <title> kept."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe"})
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article",
            "header", "footer", "nav", "aside", "main", "blockquote", "figure", "figcaption",
            "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dd", "dt", "form",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.capture: str | None = None
        self.title = ""
        self.heading = ""
        self._captured: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        if tag in ("title", "h1") and self.capture is None:
            self.capture, self._captured = tag, []
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.capture:
            text = " ".join("".join(self._captured).split())
            if tag == "title" and not self.title:
                self.title = text
            elif tag == "h1" and not self.heading:
                self.heading = text
            self.capture = None
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self._captured.append(data)
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """(visible text with one line per block, the page's <h1> or else <title>)."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line), parser.heading or parser.title


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")


def markdown_to_text(text: str) -> str:
    """Markdown's heading marks, bold markers and link targets removed (the text stays)."""
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_LINK.sub(r"\1", text)


def to_text(data: bytes, path: Path) -> tuple[bytes, str]:
    """The article as plain-text bytes, and a title the markup gave ("" when none); plain text
    passes unchanged. Raises RejectedArticle for a binary or non-UTF-8 HTML/Markdown file."""
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES and suffix not in MARKDOWN_SUFFIXES:
        return data, ""
    if b"\x00" in data[:8192]:
        raise RejectedArticle(messages.ADMIN_BINARY.format(name=path.name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RejectedArticle(messages.ADMIN_NOT_UTF8.format(name=path.name)) from None
    if suffix in HTML_SUFFIXES:
        plain, title = html_to_text(text)
        return plain.encode(), title[:300]
    return markdown_to_text(text).encode(), ""
