"""Turn a scraped article file into metadata and body paragraphs, boilerplate removed.

Scraped pages carry related-headline lists, sidebars, captions, share buttons and editor tags.
The rules here are about the shape of such lines, not about the seed articles' contents:
- a body paragraph ends with sentence punctuation; captions, headings and bylines do not;
- the body ends at a page-furniture marker ("Đọc thêm", "Chia sẻ bài viết", "(责任编辑:...)");
- bullet lists, lines with "|" separators and teaser blocks (a headline printed twice) are
  furniture.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot import vn
from bot.models import Article


class RejectedArticle(Exception):
    """The file cannot be read as an article; the message says why, in Vietnamese."""


MAX_BYTES = 2_000_000

_END_MARKERS = re.compile(
    r"^(?:đọc thêm|xem thêm|tin liên quan|bài viết liên quan|tin cùng chuyên mục|chia sẻ bài viết"
    r"|đừng bỏ lỡ|video đang xem nhiều|có thể bạn quan tâm|tin mới nhất|tin nổi bật|bình luận"
    r"|từ khóa|tags?|chủ đề\b.*|\(\s*责任编辑.*|\(\s*biên tập.*\)?)\s*:?\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-–—•·*]+\s*)+[·•]?\s*")
_DATELINE = re.compile(
    r"^(?:[A-Za-zÀ-ỹ ,]+,\s*)?(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*[-–|,]?\s*\d{1,2}[:h]\d{2})?"
    r"(?:\s*(?:\(?GMT[+-]\d+\)?))?$"
)
_OUTLET_MARK = re.compile(r"^\(([A-Za-z0-9][\w.-]*\.(?:vn|com|net|org|gov\.vn))\)\s*[-–—:]?\s*")
_SPAM_TAG = re.compile(r"^[【\[][^】\]]{0,40}[】\]]\s*")
_CAPTION = re.compile(r"\((?:ảnh|ảnh minh họa|nguồn ảnh|photo)\s*:?[^)]*\)\s*$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…:;\"”)]\s*$")
_LEDE_DATE = re.compile(
    r"(?:^|[\s,(])(?:ngày|sáng|chiều|trưa|tối|đêm|hôm)\s+(?:nay\s+)?"
    r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})/((?:19|20)\d{2})", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d./,])((?:19|20)\d{2})(?![\d%]|[.,]\d)")
_FRONT_MATTER = re.compile(r"^---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass
class ParsedArticle:
    article: Article
    paragraphs: list[str]
    dropped: list[str] = field(default_factory=list)
    """Lines recognised as boilerplate, kept for inspection and tests."""


def decode(data: bytes, name: str) -> str:
    """Bytes to text, or a RejectedArticle saying what is wrong with the file."""
    if not data.strip():
        raise RejectedArticle(f"{name}: tệp rỗng")
    if len(data) > MAX_BYTES:
        raise RejectedArticle(f"{name}: tệp quá lớn ({len(data):,} byte, tối đa {MAX_BYTES:,})")
    if b"\x00" in data[:8192]:
        raise RejectedArticle(f"{name}: tệp nhị phân, không phải văn bản")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedArticle(
            f"{name}: không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start}); "
            "hãy lưu lại tệp với mã hóa UTF-8"
        ) from None
    head = text.lstrip()[:2000].lower()
    if (
        head.startswith(("<!doctype", "<html", "<?xml"))
        or len(re.findall(r"</?[a-z]+[^>]*>", head)) > 5
    ):
        raise RejectedArticle(f"{name}: là HTML/XML, không phải văn bản thuần; hãy lấy phần chữ")
    if "\ufffd" in text:
        raise RejectedArticle(f"{name}: văn bản có ký tự hỏng (\ufffd), có thể đã sai mã hóa")
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40:
        raise RejectedArticle(f"{name}: quá ngắn để là một bài báo")
    vietnamese = sum(1 for c in letters if vn.fold(c) != c.lower() or c in "đĐ")
    if vietnamese / len(letters) < 0.05:
        raise RejectedArticle(f"{name}: không phải văn bản tiếng Việt")
    return text


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]


def _is_furniture(line: str, title: str | None) -> bool:
    if "|" in line:
        return True
    if _BULLET.match(line) and (line.lstrip()[:1] in "-–—•·*"):
        return True
    if title is not None and vn.fold(line) == vn.fold(title):
        return True
    return bool(_CAPTION.search(line))


def parse_date(value: str) -> dt.date | None:
    """A date as people write it in metadata: 2021-03-15, 15/3/2021, 15-3-2021, 15.3.2021."""
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_published(body: list[str]) -> dt.date | None:
    """The date of the reported event, from the lede ("Ngày 9/9", "Chiều 26/8").

    A date written without a year takes the year the text implies: a year named in the same
    sentence, else the year of the latest full date in the text (moved one year on if the
    day-month would fall before that date).
    """
    text = "\n".join(body)
    for paragraph in body[:4]:
        for sentence in vn.sentences(paragraph):
            match = _LEDE_DATE.search(sentence)
            if not match:
                continue
            day, month = int(match.group(1)), int(match.group(2))
            if match.group(3):
                return _safe_date(int(match.group(3)), month, day)
            years = [int(y) for y in _YEAR.findall(sentence[match.end() :])]
            if years:
                return _safe_date(years[0], month, day)
            dated = [
                d
                for d in (
                    *(_safe_date(int(y), int(m), int(dd)) for dd, m, y in _FULL_DATE.findall(text)),
                    *(_safe_date(int(y), int(m), 1) for m, y in _MONTH_YEAR.findall(text)),
                )
                if d is not None
            ]
            if dated:
                latest = max(dated)
                candidate = _safe_date(latest.year, month, day)
                if candidate and candidate < latest:
                    candidate = _safe_date(latest.year + 1, month, day)
                return candidate
            return None
    return None


def parse_article(
    data: bytes, path: Path, manifest: dict[str, dict[str, str]] | None = None
) -> ParsedArticle:
    """Read one article file: metadata (manifest > front matter > inferred) and body paragraphs."""
    text = decode(data, path.name)
    meta, text = _front_matter(vn.clean(text).replace("\r\n", "\n").replace("\r", "\n"))
    meta = {**meta, **(manifest or {}).get(path.stem, {})}
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    dropped: list[str] = []

    inferred: list[str] = []
    title = meta.get("title")
    published = parse_date(meta["published"]) if meta.get("published") else None
    outlet = meta.get("outlet") or None
    body: list[str] = []
    previous = None
    index = 0
    while index < len(lines):
        line = _SPAM_TAG.sub("", lines[index])
        index += 1
        if _END_MARKERS.match(line):
            dropped.extend(lines[index - 1 :])
            break
        dateline = _DATELINE.match(line)
        if dateline and not body:
            if published is None:
                day, month, year = (int(g) for g in dateline.groups())
                published = _safe_date(year, month, day)
                if published:
                    inferred.append("published")
            dropped.append(line)
            continue
        if index < len(lines) and vn.fold(lines[index]) == vn.fold(line) and title is not None:
            # A headline printed twice in a row opens a teaser block: headline, headline, blurb.
            dropped.extend(lines[index - 1 : index + 2])
            index += 2
            continue
        if _is_furniture(line, title):
            dropped.append(line)
            continue
        if title is None and len(line.split()) <= 40:
            title = line.rstrip(".")
            inferred.append("title")
            continue
        mark = _OUTLET_MARK.match(line)
        if mark:
            if outlet is None:
                outlet = mark.group(1)
                inferred.append("outlet")
            line = line[mark.end() :]
        if not _TERMINAL.search(line):
            # Headings, captions and bylines carry no sentence punctuation.
            dropped.append(line)
            continue
        if previous is not None and vn.fold(line) == previous:
            dropped.append(line)
            continue
        previous = vn.fold(line)
        body.append(line)

    if published is None:
        published = infer_published(body)
        if published is not None:
            inferred.append("published")
    if not body:
        raise RejectedArticle(f"{path.name}: không tìm thấy đoạn văn nào của bài viết")
    article = Article(
        id=path.stem,
        title=title or path.stem,
        outlet=outlet,
        published=published,
        url=meta.get("url") or None,
        inferred=tuple(inferred),
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(path),
    )
    return ParsedArticle(article, body, dropped)


def load_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Optional ``manifest.toml`` beside the articles.

    Each ``[article-id]`` table may give ``title``, ``outlet``, ``url`` and ``published``.
    """
    path = folder / "manifest.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return {
        key: {k: str(v) for k, v in value.items()}
        for key, value in raw.items()
        if isinstance(value, dict)
    }
