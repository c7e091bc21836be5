"""Turn a scraped article file into metadata, body paragraphs and tables, boilerplate removed.

Scraped pages carry site menus, header dates, view counts, bylines, photo captions, related
headlines, tags, share buttons and copyright footers. The rules here are about the shapes of
such lines, never about one article's contents:
- the page head (everything before the first body paragraph) holds the title, the header date,
  menus and the outlet's name; the title is the first line there that reads like a headline;
- a body paragraph ends with sentence punctuation; captions, headings and bylines do not;
- the body ends at a page-furniture marker ("Đọc thêm", "Tin liên quan", "Chia sẻ", a copyright
  line); what follows is read only for the outlet's name;
- three or more consecutive rows of cells ("1 | Quảng Ninh | 0,6228", tab-separated, or
  "1. Quảng Ninh 0,6228") form a table, kept with the line that names it;
- bullets, single lines with "|" separators, and teaser blocks (a headline printed twice) are
  furniture.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot import vn
from bot.models import Article


class RejectedArticle(Exception):
    """The file cannot be read as an article; the message says why, in Vietnamese."""


MAX_BYTES = 2_000_000
OUTLETS_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "outlets.toml"

_END_MARKERS = re.compile(
    r"^(?:đọc thêm|xem thêm|tin liên quan|bài viết liên quan|bài liên quan|tin cùng chuyên mục"
    r"|tin khác|các tin khác|tin đã đưa|bài viết cùng chủ đề|cùng chuyên mục|chia sẻ bài viết"
    r"|đừng bỏ lỡ|video đang xem nhiều|có thể bạn quan tâm|tin mới nhất|tin nổi bật|tin xem nhiều"
    r"|bình luận(?:\s*\(\d+\))?|ý kiến bạn đọc|gửi bình luận|từ khóa|từ khoá|tags?|chủ đề\b.*"
    r"|\(\s*责任编辑.*|\(\s*biên tập.*\)?)\s*:?.*$",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:đọc thêm|xem thêm|tin liên quan|bài viết liên quan|bài liên quan|có thể bạn quan tâm"
    r"|đừng bỏ lỡ)\b",
    re.IGNORECASE,
)
"""End markers that may also open a box of links inside the article."""
_BULLET = re.compile(r"^\s*(?:[-–—•·*]+\s*)+[·•]?\s*")
_FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?![\d/])")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_WEEKDAY = re.compile(r"^(?:thứ\s+\w+|chủ nhật|cập nhật|ngày đăng|đăng lúc|đăng ngày|ngày)\b", re.I)
_OUTLET_MARK = re.compile(
    r"^(?:\((?P<paren>[^()]{2,40})\)|(?P<bare>[A-Za-zÀ-ỹĐđ0-9][\w.+&-]*(?:\s[\w.+&-]+){0,3}))"
    r"\s*[-–—:]\s+(?=\S)"
)
_SPAM_TAG = re.compile(r"^[【\[][^】\]]{0,40}[】\]]\s*")
_CAPTION = re.compile(
    r"(?:\s[-–]\s*(?:ảnh|hình)\s*\d+\.?\s*$"  # "Top 3 địa phương dẫn đầu - Ảnh 1."
    r"|\((?:ảnh|ảnh minh họa|ảnh minh hoạ|nguồn ảnh|photo|video)\s*:?[^)]*\)"
    r"|(?:^|[.\s])(?:ảnh|nguồn ảnh|photo)\s*:\s*[^.]{1,60})\s*$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…:;\"”)]\s*$")
_SENTENCE_INSIDE = re.compile(r"(?:\w{2,}|[\d%)”\"])[.!?…]\s+(\w)")
_LABELLED_FIGURE = re.compile(r"^[^:|]{3,60}:\s*(?:[^\d\s]+\s+){0,3}\d")
_DATE_PREFIX = re.compile(
    r"(?i)^(?:date|ngày đăng|published)?\s*:?\s*((?:19|20)\d{2}-\d{2}(?:-\d{2})?)"
    r"(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\s+(?=\S.{10,})"
)
_LEDE_DATE = re.compile(
    r"(?:^|[\s,(])(?:ngày|sáng|chiều|trưa|tối|đêm|hôm)\s+(?:nay\s+)?"
    r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?(?![\d/-])",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(r"(?i)\b(?:trong|trước|hết|chậm nhất|hạn)\s*$")
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})[/-]((?:19|20)\d{2})", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d./,])((?:19|20)\d{2})(?![\d%]|[.,]\d)")
_FRONT_MATTER = re.compile(r"^---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_FOOTER_OUTLET = re.compile(
    r"^(?:©\s*)?(?:theo|nguồn|bản quyền thuộc(?: về)?|copyright|©)\s*:?\s*(.+?)\s*\.?$",
    re.IGNORECASE,
)
_FOOTER_HINT = re.compile(r"©|bản quyền|copyright|^\s*theo\s|^\s*nguồn\s*:", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s[>»›]\s|^(?:[^\W\d_][^/\d]{0,30}\s/\s){2,}[^/\d]{1,30}$")
"""A breadcrumb: "Tin tức > Khoa học", or "Trang chủ / Công nghệ / Kinh tế số" (no digits, so
a "2021/2022" season or a document number is not one)."""
_PAPER_LINE = re.compile(
    r"^(?:©\s*)?((?:báo|tạp chí|cổng thông tin điện tử|cổng ttđt|đài phát thanh)\b.{2,60})$",
    re.IGNORECASE,
)
_ROW_LEAD = re.compile(r"^(\d{1,3})[.)/]?\s+(\D.*?)\s*$")
_ROW_NUMBERED = re.compile(
    r"^(\d{1,3})[.)]?\s+([^\d|\t]{2,60}?)[\s:–-]+(\d+(?:[.,]\d+)*)\s*(%|điểm)?\s*$"
)


@dataclass(frozen=True)
class Table:
    """Rows of cells as scraped, with the line that names the table and its header row."""

    after: int
    """How many body paragraphs come before the table."""
    heading: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class ParsedArticle:
    article: Article
    paragraphs: list[str]
    dropped: list[str] = field(default_factory=list)
    """Lines recognised as boilerplate, kept for inspection and tests."""
    tables: list[Table] = field(default_factory=list)
    asides: list[str] = field(default_factory=list)
    """Headings and captions set between the paragraphs: no facts, but they name the period
    an undated page is about ("... theo báo cáo năm 2020 của Liên Hợp Quốc")."""
    month: str | None = None
    """The month a saved page is stamped with when its day is not known ("2021-11")."""

    @property
    def content_hash(self) -> str:
        """The same text under another file name, or re-saved with other spacing, hashes alike."""
        body = "\n".join(vn.fold(p) for p in self.paragraphs)
        return hashlib.sha256(body.encode()).hexdigest()


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


# -- outlets ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    """Folded alias -> display name, from data/outlets.toml."""
    if not OUTLETS_PATH.is_file():
        return {}
    with OUTLETS_PATH.open("rb") as fh:
        raw = tomllib.load(fh)
    names: dict[str, str] = {}
    for item in raw.get("outlets", []):
        for alias in [item["name"], *item.get("aliases", [])]:
            names.setdefault(vn.fold(alias), item["name"])
    return names


def known_outlet(text: str) -> str | None:
    """The outlet named by ``text`` as a whole ("Vietnam+", "BÁO ĐIỆN TỬ CHÍNH PHỦ")."""
    folded = vn.fold(text).strip(" .,:;()-–—©")
    return _outlets().get(folded)


def _outlet_in(text: str) -> str | None:
    """An outlet named inside a footer or byline ("Bản quyền thuộc về VietnamPlus, TTXVN")."""
    folded = vn.fold(text)
    best: tuple[int, str] | None = None
    for alias, name in _outlets().items():
        match = re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w])", folded)
        if match and len(alias) >= 3 and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return best[1] if best else None


def _domain_like(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?:vn|com|net|org|gov\.vn)", text))


def _opening_mark(line: str) -> tuple[str, int] | None:
    """The outlet mark that opens a lede: "(Baohatinh.vn) -", "(Vietnam+) -", "ICTnews -"."""
    match = _OUTLET_MARK.match(line)
    if not match:
        return None
    name = (match.group("paren") or match.group("bare") or "").strip()
    known = known_outlet(name)
    if known is not None:
        return (name if _domain_like(name) else known), match.end()
    if match.group("paren") and (_domain_like(name) or len(name.split()) <= 3):
        return name, match.end()
    return None


# -- lines ------------------------------------------------------------------------------------


def _is_dateline(line: str) -> dt.date | None:
    """A header date line ("Thứ Năm, 19/09/2024 14:40 (GMT+7)", "12/02/2020 - 15:03")."""
    if len(line.split()) > 14:
        return None
    match = _FULL_DATE.search(line) or None
    if match is not None:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        iso = _ISO_DATE.search(line)
        if iso is None:
            return None
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    rest = (line[: match.start()] + line[match.end() :]) if match else line
    rest = _TIME.sub(" ", rest)
    words = re.findall(r"[^\W\d_]+", rest)
    if len(words) > 6 and not _WEEKDAY.match(line.strip()):
        return None
    return _safe_date(year, month, day)


def _repeated(line: str) -> bool:
    """ "No title... No title... No title...": one short phrase said over and over, as a
    scraper leaves in place of a missing element."""
    words = vn.fold(line).replace(".", " ").split()
    for size in range(1, 4):
        if len(words) >= 2 * size and len(words) % size == 0:
            phrase = words[:size]
            if all(words[i : i + size] == phrase for i in range(0, len(words), size)):
                return True
    return False


def _is_furniture(line: str, title: str | None) -> bool:
    if "|" in line or _BREADCRUMB.search(line) or _repeated(line):
        return True
    if _BULLET.match(line) and (line.lstrip()[:1] in "-–—•·*"):
        return True
    if title is not None and vn.fold(line) == vn.fold(title):
        return True
    return bool(_CAPTION.search(line))


def _after_inline_box(lines: list[str], start: int) -> int | None:
    """Where the article resumes after a box of related headlines that opens at ``start``: at
    two paragraphs in a row within the next few lines (a list of links has at most one blurb
    under each headline, never two paragraphs together), or None if it does not."""
    for j in range(start, min(len(lines) - 1, start + 8)):
        if _paragraph(lines[j]) and _paragraph(lines[j + 1]):
            return j
    return None


def _paragraph(line: str) -> bool:
    return len(line.split()) >= 20 and bool(_TERMINAL.search(line)) and not _CAPTION.search(line)


def _cut_paragraph(line: str) -> bool:
    """A paragraph whose end was cut off ("... (4 quốc gia khác là Ukraine; Mongolia"), or
    followed by "(còn nữa)": long, with a whole sentence in it, which no heading has."""
    return len(line.split()) >= 30 and any(
        m.group(1).isupper() for m in _SENTENCE_INSIDE.finditer(line)
    )


def _cut_at_the_end(line: str) -> bool:
    """The page's last line, cut off mid-sentence as saved excerpts end ("Hải Phòng là địa
    phương dẫn đầu bảng xếp hạng năm 2024 với 96,17%, tăng 4,30% và lên một bậc so"): long,
    with a figure, which a byline, a tag or a headline has not."""
    return len(line.split()) >= 15 and any(c.isdigit() for c in line)


def _menu(line: str) -> bool:
    """A site menu: four or more short sections between bars ("Thời sự | Góc nhìn | Thế giới |
    Kinh doanh"), not a row of related headlines ("Giá vàng hôm nay tăng mạnh | Thời tiết")."""
    sections = [part.split() for part in line.split("|") if part.strip()]
    return len(sections) >= 4 and sum(map(len, sections)) <= 3 * len(sections)


def _is_byline(line: str) -> bool:
    """An author line: a few capitalised words ("Minh Anh - Hoàng Hà", "Hoàng Linh (Vietnam+)")."""
    core = re.sub(r"\([^)]*\)", " ", line)
    words = re.findall(r"[^\W\d_]+", core)
    if not words or len(words) > 7:
        return False
    return all(w[0].isupper() for w in words) or line.strip().upper() in ("PV", "NHÓM PV", "TTXVN")


def _headline_like(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 40 or line.rstrip().endswith("."):
        return False
    if _is_byline(line) and len(words) <= 6:
        return False
    return not re.fullmatch(r"[\W\d_]+", line)


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
            days = [
                d
                for dd, m, y in _FULL_DATE.findall(text)
                if (d := _safe_date(int(y), int(m), int(dd))) is not None
            ]
            # A month named as a deadline ("làm xong trong tháng 4-2023", on 1/3/2023) is
            # ahead of the day written, not behind it ("từ tháng 12/2020 đến nay").
            months = [
                d
                for m in _MONTH_YEAR.finditer(text)
                if not _DEADLINE_BEFORE.search(text, max(0, m.start() - 20), m.start())
                and (d := _safe_date(int(m.group(2)), int(m.group(1)), 1))
            ]
            dated = [*days, *months]
            if dated:
                latest = max(dated)
                candidate = _safe_date(latest.year, month, day)
                if candidate and candidate < latest:
                    candidate = _safe_date(latest.year + 1, month, day)
                return candidate
            return None
    return None


# -- tables -----------------------------------------------------------------------------------


def _cells(line: str) -> tuple[str, ...] | None:
    """A table row's cells, or None when the line is not shaped like a row."""
    if "|" in line or "\t" in line:
        parts = [c.strip() for c in re.split(r"\s*[|\t]\s*", line.strip().strip("|"))]
        parts = [p for p in parts if p]
        return tuple(parts) if len(parts) >= 2 else None
    numbered = _ROW_NUMBERED.match(line.strip())
    if numbered:
        value = numbered.group(3) + (
            f" {numbered.group(4)}" if numbered.group(4) == "điểm" else (numbered.group(4) or "")
        )
        return (numbered.group(1), numbered.group(2).strip(" :–-"), value)
    return None


def _table_at(lines: list[str], start: int) -> tuple[tuple[str, ...], list[tuple[str, ...]]] | None:
    """Header and rows of a table starting at ``lines[start]``: three or more data rows."""
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    index = start
    while index < len(lines):
        cells = _cells(lines[index])
        if cells is None:
            break
        has_figure = any(re.fullmatch(r"[\d.,%\s/+-]+(?:\s*điểm)?", c) for c in cells)
        if not rows and not header and not re.fullmatch(r"\d{1,3}", cells[0]) and not has_figure:
            header = cells
        elif has_figure:
            rows.append(cells)
        else:
            break
        index += 1
    return (header, rows) if len(rows) >= 3 else None


def _cell_rows(
    lines: list[str],
    first: int,
    width: int,
    accept: Callable[[tuple[str, ...], int], bool],
) -> list[tuple[str, ...]]:
    """Rows of ``width`` cells, one per line, from ``lines[first]`` on, while ``accept`` takes
    a row (its cells and how many rows came before)."""
    rows: list[tuple[str, ...]] = []
    at = first
    while at + width <= len(lines):
        cells = tuple(line.strip() for line in lines[at : at + width])
        if not accept(cells, len(rows)):
            break
        rows.append(cells)
        at += width
    return rows


def _short_cell(line: str) -> bool:
    """A table cell on its own line: a few words, not a sentence."""
    return len(line.split()) <= 10 and not re.search(r"[^\W\d_]{2}[.!?…]\s*$", line)


def _cell_per_line_table_at(
    lines: list[str], start: int
) -> tuple[tuple[str, ...], list[tuple[str, ...]], int] | None:
    """A table scraped one cell per line: header cells, then rows that each open with their
    number ("TT", "Tỉnh, thành phố", "Năm 2017", "1", "Thừa Thiên - Huế", "01 (0,727)", "2",
    ...). The width is the distance from row 1 to row 2; a header cell broken over two lines
    is joined. Returns the header, the rows and how many lines they take."""
    first = next(
        (
            j
            for j in range(start, min(len(lines), start + 7))
            if re.fullmatch(r"0?1\.?", lines[j].strip())
        ),
        None,
    )
    if first is None or not all(_short_cell(line) for line in lines[start:first]):
        return None
    if first > start and re.fullmatch(r"[\d.,%()\s]+", lines[start]):
        return None  # a table starts at its header or its first row, not inside a row
    width = next(
        (
            k
            for k in range(2, 7)
            if first + 2 * k < len(lines)
            and re.fullmatch(r"0?2\.?", lines[first + k].strip())
            and re.fullmatch(r"0?3\.?", lines[first + 2 * k].strip())
        ),
        None,
    )
    if width is None:
        return None

    def numbered(cells: tuple[str, ...], count: int) -> bool:
        number = re.fullmatch(r"0*(\d{1,3})\.?", cells[0])
        return (
            number is not None
            and int(number.group(1)) == count + 1
            and all(_short_cell(cell) for cell in cells)
        )

    rows = _cell_rows(lines, first, width, numbered)
    at = first + len(rows) * width
    if len(rows) < 3:
        return None
    header = [line.strip() for line in lines[start:first]]
    if len(header) > width >= 2:
        header = [header[0], " ".join(header[1 : len(header) - width + 2]), *header[-width + 2 :]]
    if len(header) != width:
        header = []
    return tuple(header), rows, at - start


_YEAR_CELL = re.compile(r"(?:19|20)\d{2}")
_FIGURE_CELL = re.compile(r"[\d.,%\s/()-]+(?:\s*điểm)?")


def _join_broken_cells(cells: list[str], width: int) -> list[str]:
    """Header cells a page broke over lines ("Chỉ số" / "phát triển CPĐT"): a line that opens
    in lower case goes on the one before, until the header is as wide as the rows."""
    joined: list[str] = []
    for cell in cells:
        if joined and cell[:1].islower():
            joined[-1] = f"{joined[-1]} {cell}"
        else:
            joined.append(cell)
    return joined if len(joined) == width else []


def _year_table_at(
    lines: list[str], start: int
) -> tuple[tuple[str, ...], list[tuple[str, ...]], int] | None:
    """A series scraped one cell per line, each row opening with its year ("Năm đánh giá",
    "Chỉ số", "phát triển CPĐT", ..., "2016", "0.51426", "0.69492", ..., "2014", ...). The
    width is the distance from one year to the next; every other cell is a figure; two rows
    or more. Returns the header, the rows and how many lines they take."""
    first = next(
        (
            j
            for j in range(start, min(len(lines), start + 13))
            if _YEAR_CELL.fullmatch(lines[j].strip())
        ),
        None,
    )
    if first is None or not all(_short_cell(line) for line in lines[start:first]):
        return None
    if first > start and _FIGURE_CELL.fullmatch(lines[start]):
        return None  # a table starts at its header or its first row, not inside a row
    width = next(
        (
            k
            for k in range(2, 9)
            if first + k < len(lines) and _YEAR_CELL.fullmatch(lines[first + k].strip())
        ),
        None,
    )
    if width is None:
        return None

    def dated(cells: tuple[str, ...], _: int) -> bool:
        return bool(_YEAR_CELL.fullmatch(cells[0])) and all(
            _FIGURE_CELL.fullmatch(c) for c in cells[1:]
        )

    rows = _cell_rows(lines, first, width, dated)
    at = first + len(rows) * width
    if len(rows) < 2:
        return None
    header = _join_broken_cells([line.strip() for line in lines[start:first]], width)
    return tuple(header), rows, at - start


def _year_runs_at(
    lines: list[str], start: int, heading: str
) -> tuple[list[tuple[str, ...]], int] | None:
    """A series scraped as two runs of lines: its years, then as many values ("2012", "2013",
    ..., "2022", "86.00", "85.93", ...). Rows of (year, value) under the heading's measure,
    and how many lines they take; three years or more, in order."""
    years: list[str] = []
    at = start
    while at < len(lines) and _YEAR_CELL.fullmatch(lines[at].strip()):
        years.append(lines[at].strip())
        at += 1
    if len(years) < 3 or years != sorted(years) or at + len(years) > len(lines):
        return None
    values = [line.strip() for line in lines[at : at + len(years)]]
    if not heading or not all(
        _FIGURE_CELL.fullmatch(v) and re.search(r"\d", v) and not _YEAR_CELL.fullmatch(v)
        for v in values
    ):
        return None
    return [(year, value) for year, value in zip(years, values, strict=True)], 2 * len(years)


_RANKED_LINE = re.compile(r"(\d{1,3})\.?\s+([A-ZĐÀ-Ỹ][^\d|\t]{1,60})")
RANKED_LIST_HEADER = ("Xếp hạng", "Tên")
"""The header given to a ranking scraped as a numbered list of names."""


def _ranked_list_at(lines: list[str], start: int) -> list[tuple[str, ...]] | None:
    """A ranking scraped as numbered names, one per line ("1 TP. Đà Nẵng", "2 TP. Hồ Chí
    Minh", ..., "15 Thanh Hóa", "15 Yên Bái", "17 Hậu Giang"): places from 1, a tie repeats
    its place and skips the next; five rows or more. Names have no digits and no sentence."""
    rows: list[tuple[str, ...]] = []
    for line in lines[start:]:
        found = _RANKED_LINE.fullmatch(line.strip())
        if found is None or len(found.group(2).split()) > 8 or _TERMINAL.search(found.group(2)):
            break
        place = int(found.group(1))
        if place != len(rows) + 1 and not (rows and place == int(rows[-1][0])):
            break
        rows.append((found.group(1), found.group(2).strip()))
    return rows if len(rows) >= 5 else None


# -- the article -------------------------------------------------------------------------------


def parse_article(
    data: bytes, path: Path, manifest: dict[str, dict[str, str]] | None = None
) -> ParsedArticle:
    """Read one article file: metadata (manifest > front matter > inferred) and body paragraphs."""
    text = decode(data, path.name)
    meta, text = _front_matter(vn.clean(text).replace("\r\n", "\n").replace("\r", "\n"))
    meta = {**meta, **(manifest or {}).get(path.stem, {})}
    lines = [_SPAM_TAG.sub("", line.strip()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    stamp = _DATE_PREFIX.match(lines[0]) if lines else None
    month: str | None = None
    if stamp and len(stamp.group(1)) == 7:
        # "date 2021-11 Sau gần 2 năm ...": only the month is known; it is not a day to cite.
        month = stamp.group(1)
        lines[:1] = [lines[0][stamp.end() :]]
    elif stamp:
        # "date 2025-10-21 Việc tổ chức đánh giá ...": a saved page's date, then its text.
        lines[:1] = [stamp.group(1), lines[0][stamp.end() :]]
    dropped: list[str] = []
    asides: list[str] = []
    tables: list[Table] = []

    inferred: list[str] = []
    title = meta.get("title")
    published = parse_date(meta["published"]) if meta.get("published") else None
    outlet = meta.get("outlet") or None
    found_outlet: str | None = None
    header_date: dt.date | None = None
    short_title: str | None = None
    body: list[str] = []
    said: set[str] = set()
    last_line = ""
    headings: list[str] = []  # the short lines since the last paragraph
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if (body or tables) and len(line.split()) <= 12 and _END_MARKERS.match(line):
            resume = _after_inline_box(lines, index) if _RELATED.match(line) else None
            if resume is None:
                dropped.extend(lines[index - 1 :])
                break
            # A box of related headlines set inside the article: the article goes on after it.
            dropped.extend(lines[index - 1 : resume])
            index = resume
            continue
        table = _table_at(lines, index - 1)
        if table is not None:
            header, rows = table
            consumed = len(rows) + (1 if header else 0)
            tables.append(Table(len(body), last_line, header, tuple(rows)))
            index += consumed - 1
            continue
        runs = _year_runs_at(lines, index - 1, last_line)
        if runs is not None:
            rows, consumed = runs
            tables.append(Table(len(body), last_line, ("Năm", last_line), tuple(rows)))
            index += consumed - 1
            continue
        ranked_list = _ranked_list_at(lines, index - 1)
        if ranked_list is not None:
            # Named by the headings above it, which pages set one per line ("XẾP HẠNG", "DTI",
            # "CÁC TỈNH, THÀNH PHỐ ..."): those since the last paragraph.
            heading = " ".join(headings[-8:]) or last_line
            tables.append(Table(len(body), heading, RANKED_LIST_HEADER, tuple(ranked_list)))
            index += len(ranked_list) - 1
            continue
        column_table = _cell_per_line_table_at(lines, index - 1) or _year_table_at(lines, index - 1)
        if column_table is not None:
            header, rows, consumed = column_table
            tables.append(Table(len(body), last_line, header, tuple(rows)))
            index += consumed - 1
            continue
        dateline = _is_dateline(line) if not body else None
        if dateline is not None:
            header_date = header_date or dateline
            dropped.append(line)
            continue
        if not re.search(r"[^\W\d_]", line):
            # ".", "|", "***": no word (a date line is read above), no title nor heading
            dropped.append(line)
            continue
        if not body and title is None and _banner(line):
            found_outlet = found_outlet or _banner(line)
            dropped.append(line)
            continue
        if not body and "|" in line and found_outlet is None:
            found_outlet = known_outlet(line.split("|")[0])
        if not body:
            named = known_outlet(line) or (
                _outlet_in(line) if _PAPER_LINE.match(line) or _FOOTER_OUTLET.match(line) else None
            )
            if named and len(line.split()) <= 10:
                found_outlet = found_outlet or named
                dropped.append(line)
                continue
        if index < len(lines) and vn.fold(lines[index]) == vn.fold(line):
            guessed = title is not None and "title" in inferred and not body
            if (title is None or guessed) and _headline_like(line):
                # The headline printed twice, as page templates do: a surer sign of the title
                # than a headline-like line above it (a menu or breadcrumb such as "Chi tiết
                # bài viết Tin tức").
                if guessed and title is not None:
                    dropped.append(title)
                title = line
                if "title" not in inferred:
                    inferred.append("title")
                index += 1
                dropped.append(line)
                continue
            if title is not None:
                # A headline printed twice in a row opens a teaser block: headline, headline, blurb.
                dropped.extend(lines[index - 1 : index + 2])
                index += 2
                continue
        if _BULLET.match(line) and _LABELLED_FIGURE.search(line):
            # "- Hạ tầng viễn thông: 0,389, xếp hạng 100/193": a list of figures, not links.
            line = _BULLET.sub("", line)
            line = line if _TERMINAL.search(line) else line + "."
        if _is_furniture(line, title):
            if not body and title is not None and inferred[-1:] == ["title"] and _menu(line):
                # A site menu under a headline-like line: that line was the site's
                # tagline ("Báo tiếng Việt nhiều người xem nhất"); the headline comes later.
                dropped.append(title)
                title = None
                inferred.pop()
            dropped.append(line)
            if body:
                asides.append(line)
            last_line = line if not _CAPTION.search(line) else last_line
            headings.append(line)
            continue
        mark = _opening_mark(line)
        is_body = _TERMINAL.search(line) and (len(line.split()) >= 8 or mark is not None)
        if title is None and not body and not is_body and not _cut_paragraph(line):
            # Not a lede whose closing stop was lost: a headline holds no whole sentence.
            if _headline_like(line) and len(line.split()) >= 6:
                title = line.rstrip(".")
                inferred.append("title")
                continue
            if _headline_like(line) and short_title is None:
                short_title = line.rstrip(".")
        if mark and not body:
            if outlet is None and found_outlet is None:
                found_outlet = mark[0]
            line = line[mark[1] :]
        if (
            not _TERMINAL.search(line)
            and not _cut_paragraph(line)
            and not (index == len(lines) and _cut_at_the_end(line))
        ):
            # Headings, captions and bylines carry no sentence punctuation.
            dropped.append(line)
            if body:
                asides.append(line)
            last_line = line
            headings.append(line)
            continue
        if (
            title is None
            and not body
            and short_title is None
            and len(line.split()) <= 40
            and not _cut_paragraph(line)
        ):
            title = line.rstrip(".")
            inferred.append("title")
            continue
        if vn.fold(line) in said:
            # A paragraph said again (after a heading, as pages that repeat their lede do).
            dropped.append(line)
            continue
        said.add(vn.fold(line))
        body.append(line)
        last_line = line
        headings.clear()

    if title is None and short_title is not None:
        title = short_title
        inferred.append("title")
    if found_outlet is None and outlet is None:
        found_outlet = _footer_outlet(dropped)
    if outlet is None and found_outlet is not None:
        outlet = found_outlet
        inferred.append("outlet")
    if published is None and header_date is not None:
        published = header_date
        inferred.append("published")
    if published is None:
        published = infer_published(body)
        if published is not None and month is not None and published.isoformat()[:7] != month:
            # "Cổng ... được đưa vào hoạt động ngày 9/12/2019" in a page saved in 2021-11: a
            # date the story recalls, not the day it was published.
            published = None
        if published is not None:
            inferred.append("published")
    if not body and not tables:  # a page that is a ranking table is an article too
        raise RejectedArticle(f"{path.name}: không tìm thấy đoạn văn nào của bài viết")
    if title is None and not body:
        title = tables[0].heading or path.stem
        inferred.append("title")
    if title is None:
        first = vn.sentences(body[0])[0]
        words = first.split()
        title = " ".join(words[:14]).rstrip(".,") + ("…" if len(words) > 14 else "")
        inferred.append("title")
    article = Article(
        id=path.stem,
        title=title,
        outlet=outlet,
        published=published,
        url=_http_url(meta.get("url")),
        inferred=tuple(inferred),
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(path),
    )
    return ParsedArticle(article, body, dropped, tables, asides, month)


def _footer_outlet(dropped: list[str]) -> str | None:
    """The outlet named in a footer or byline line: "Theo VnExpress", "© ... VietnamPlus"."""
    for line in reversed(dropped):
        if len(line.split()) > 30:
            continue
        if _FOOTER_HINT.search(line) or _PAPER_LINE.match(line):
            named = _outlet_in(line)
            if named:
                return named
        if _is_byline(line):
            for inside in re.findall(r"\(([^()]+)\)", line):
                named = known_outlet(inside)
                if named:
                    return named
    return None


def _banner(line: str) -> str | None:
    """A site banner in capitals ("CỔNG THÔNG TIN ĐIỆN TỬ TỈNH NINH BÌNH"): the outlet's name."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 6 or not all(c.isupper() for c in letters) or len(line.split()) > 14:
        return None
    named = known_outlet(line) or _outlet_in(line)
    if named is None and re.search(r"[?!]\s*$|[,\d]", line):
        return None  # "NHỮNG ĐỊA PHƯƠNG NÀO DẪN ĐẦU CHUYỂN ĐỔI SỐ?": a headline in capitals
    return named or line.strip(" -–").title()


def _http_url(url: str | None) -> str | None:
    """Only web links are kept: a ``javascript:`` or ``file:`` URL is dropped."""
    if url and re.match(r"https?://[^\s/$.?#].[^\s]*$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


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
