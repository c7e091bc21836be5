"""Facts and rankings from an article's body paragraphs and tables.

A fact is one figure-bearing claim of one sentence: its figure(s) normalised, what it measures,
who it is about, the period it refers to, and whether it is an actual value, a change, a target
or a forecast. Dates ("ngày 9/12/2019", "từ tháng 3/2020", "năm 2019") and documents ("Quyết
định số 749/QĐ-TTg") are figures too, so "when" and "which document" questions have answers.
Rankings come from rank figures, from prose ("Đà Nẵng dẫn đầu ...; tiếp theo là A, B"), from
ordered lists and from tables, one fact per entry.

Every rule is about how Vietnamese news writes figures, never about one article. Rules work on
positions in the folded sentence (same length as the NFC sentence), so what is matched without
diacritics can be cut from the original text.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot import vn
from bot.ingest.clean import Table
from bot.lexicon import Lexicon
from bot.models import Article, Fact, Figure, Kind, Ranking, Unit
from bot.period import Period
from bot.vn import fold_chars as _fold_chars

# "ngày 25-10-2023", "12.4.2022", "tháng 11-2022": dates as some outlets write them, read as
# "25/10/2023", "12/4/2022", "tháng 11/2022" (the same length, so positions stay aligned).
_DATE_SEPARATORS = re.compile(
    r"(?<![\d/.,-])\d{1,2}[-.]\d{1,2}[-.](?:19|20)\d{2}(?![\d.,]\d)"
    r"|\bthang\s+\d{1,2}[-.](?:19|20)\d{2}(?![\d.,]\d)"
    r"|\b(?:ngay|sang|chieu|trua|toi|dem|hom)\s+\d{1,2}-\d{1,2}(?![\d-])"
)


def fold_chars(text: str) -> str:
    """The text folded character by character (`bot.vn.fold_chars`), dates written with dashes
    or dots read as written with slashes."""
    return _DATE_SEPARATORS.sub(
        lambda m: m.group(0).replace("-", "/").replace(".", "/"), _fold_chars(text)
    )


NUM = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:nghin ty|ngan ty|trieu ty|trieu ti|nghin|ngan|trieu|ty|ti)"
_MONEY = r"(?:dong|vnd|usd|do la)"
_UNIT_WORD = r"(?:%|phan tram|diem phan tram|bac|lan|diem)"
_NUMBER_WORDS = r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_FIGURE = re.compile(
    rf"(?<![\w.,-])(?<!\d/)(?P<num>{NUM})(?:\s*-\s*(?P<num2>{NUM}))?(?:\s*/\s*(?P<den>{NUM}))?"
    rf"(?:\s+(?P<scale>{_SCALE})(?![\w])(?! le\b))?"  # not "tỷ lệ"
    rf"(?:\s*(?P<unit>{_UNIT_WORD})(?![\w]))?"
    rf"(?:\s+(?P<money>{_MONEY})(?![\w]))?"
    rf"|(?<![\w])(?P<word>{_NUMBER_WORDS})\s+(?P<wunit>bac|lan|nuoc)(?![\w])"
    # "sáu địa phương có chỉ số giảm", "tám chỉ số nội dung": a count said in words ("một" and
    # "năm" are left out: "một số", "năm 2023").
    r"|(?<![\w])(?P<cword>hai|ba|bon|sau|bay|tam|chin|muoi)(?=\s+(?:tinh|thanh pho|dia phuong"
    r"|bo|co quan|don vi|chi so|tru cot|quoc gia|nhom)\b)"
)
_YEAR = re.compile(r"(?<![\d./,])((?:19|20)\d{2})(?![\d%/]|[.,]\d)")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})")
_TRAILING_YEAR = re.compile(
    r"^\s*(?:,\s*)?(?:vao |den |toi |trong |cua )?(?:het )?nam\s+((?:19|20)\d{2})"
)
# A period named later in the figure's clause ("18,5% số hồ sơ trong tháng 12/2021"), not a
# comparison base ("so với năm 2020", "cùng kỳ năm 2019"): only after "trong/vào/đến/tới".
_LATER_YEAR = re.compile(
    r"^[^;()]*?\b(?:trong|vao|den|toi)\s+(?:het\s+|cuoi\s+)?(?:thang\s+\d{1,2}/|nam\s+)"
    r"((?:19|20)\d{2})(?![\d%]|[.,]\d)"
)
# Aliases a question may use but an article's sentence cannot be trusted with ("y tế" alone
# is health care, not the ministry).
_AMBIGUOUS_ALIASES = frozenset({"y te", "tai chinh", "cong an", "xay dung bo", "thu do"})
# "dẫn đầu cả nước", "vị trí thứ nhất cả nước", "cao nhất trên cả nước": the field a place is
# held in, not the country as the subject.
_SCOPE_BEFORE = re.compile(
    r"(?:dan dau|dung dau|nhat|(?:thu|hang|vi tri)(?: so)? \w+"
    # "thứ hạng của Lào Cai trong cả nước": the field of a place, not whose place
    r"|\b(?:thu hang|xep hang)(?: cua [^,;.()]{1,30}?)?)(?:\s+(?:tren|trong))?\s*$"
)
_LOCAL_PORTAL = re.compile(r"\s*(?:cua\s+)?(?:tinh|thanh pho|huyen)\b")
_RANK_BEFORE = re.compile(
    r"(?:vi tri(?: thu| so)?|xep(?: hang)?(?: thu)?|dung(?: thu)?|hang(?: thu)?|thu hang|thu"
    r"|top|nhom|len thu|xuong thu)\s*$"
)
# "năm thứ 3 liên tiếp", "lần thứ 2": counted times, not ranks (read with diacritics: "Việt
# Nam thứ 5" is a place).
_NOT_A_PLACE = re.compile(
    r"(?<!\w)(?:năm|lần|kỳ|kì|đợt|tuần|tháng|ngày|phiên|khóa|khoá|nhiệm kỳ)\s+thứ\s*$",
    re.IGNORECASE,
)
# "nhóm 10 tỉnh dẫn đầu" is a top group; "nhóm 17 bộ có cung cấp dịch vụ công" is a set.
_GROUP_OF_LEADERS = re.compile(
    r"dan dau|dung dau|top|cao nhat|tot nhat|xuat sac|hang dau|thap nhat|cuoi bang|rat cao"
)
# A sentence about a move in a ranking: bare numbers "từ 120 lên 117" in it are places.
_RANK_MOVE = re.compile(r"\d+\s+bac\b|\b(?:xep hang|thu hang|hang)\b")
# An index's edition named by its year: "DTI 2024", "PAR INDEX 2023", "Vietnam ICT Index 2020".
_EDITION_BEFORE = re.compile(r"(?:\b[A-Z][A-Za-z&]*[A-Z]|\bIndex)\s*$")
_RANK_CUE = re.compile(r"xep hang|thu hang|vi tri|xep thu|dung thu|\bxep\b|dung dau")
_NOT_FIGURE_BEFORE = re.compile(
    # "số 70" is a number (not "điểm số 70,7", a score); "thang điểm 100" is a scale
    r"(?:(?<!diem )\bso|\bthang diem|\bdieu|\bkhoan|\bchuong|\bmuc do|\bmuc|\bcap do|\blevel"
    r"|\bngay|\bthang|\bquy"
    r"|\bde an|\bnghi quyet|\bnghi dinh|\bquyet dinh|\bchi thi|\bthong tu|\bke hoach"
    r"|\bhom|\bsang|\bchieu|\btrua|\btoi|\bdem|\bnam|\bgiai doan|\btu nam|\bden nam|\bdot)\s*$"
)
_LEVEL_LIST = re.compile(r"(?:muc do|muc|cap do)\s+\d(?:\s*(?:,|va|hoac)\s*\d(?!\d|[.,]\d))+")
# "so với mức 0,7326": a value at a level ("mức"), not a section ("mục 3") or "mức độ 4".
_LEVEL_OF = re.compile(r"\bmức\s*$", re.IGNORECASE)
_DURATION_AFTER = re.compile(
    r"^\s*(?:nam|thang|ngay|gio|tieng|phut|giay|tuan|h\d|:\d|km|m\b|kg|tuoi|g\b)"
)
_DATE_LIKE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])")
_DOC_SUFFIX = re.compile(r"^\s*/\s*[a-z]")
_QUALIFIER = re.compile(r"(?:hon|tren|vuot|gan|khoang|xap xi|chung|toi thieu|it nhat|duoi)\s*$")
_TARGET = re.compile(
    r"muc tieu|phan dau|chi tieu|dat ra|dinh huong|huong toi|nham dat|yeu cau|dich den"
    r"|ke hoach(?! va dau tu)"  # a plan; not "Bộ / Sở Kế hoạch và Đầu tư"
)
_FORECAST = re.compile(r"du doan|du bao|du kien|uoc tinh|ky vong|uoc dat")
_CHANGE_BEFORE = re.compile(
    # "tăng tới 32,7%", "được rút ngắn 60 - 70%"
    r"(?:(?:tang|giam|nang|tang truong|rut ngan)(?: them| toi| duoc)?(?: hon| gan| khoang)?"
    # "cao hơn năm trước đó 8,39 điểm"; not "cao hơn mức bình quân 76,99", the base
    r"|(?:cao|thap) hon(?: (?:nam|ky) truoc(?: do)?| cung ky(?: nam \d{4})?"
    r"| so voi (?:nam|ky) (?:truoc|\d{4}))?)\s*$"
)
# "tăng 63,4% về số lượng và 12,6% về giá trị": the second figure is a change too.
_CHANGE_PAIR = re.compile(
    r"(?:tang|giam|tang truong)(?: them)?(?: hon| gan| khoang)?\s*\d[\d.,]*\s*(?:%|lan)?"
    r"(?:\s+ve\s+[a-z]+(?: [a-z]+){0,3})?\s+va\s*$"
)
_AS_OF = re.compile(
    r"den nay|hien nay|hien co|hien dat|tinh den (?:nay|ngay|thang|het|cuoi|\d)"
    # "hiện" alone ("hiện đạt"), not the second half of "thực hiện", "thể hiện", "phát hiện"
    r"|(?<!thuc )(?<!the )(?<!xuat )(?<!phat )\bhien\b"
    r"|thoi diem nay"
)
_CONTINUATION = re.compile(
    r"^(?:theo do|trong do|cu the(?! hoa)|tuy nhien|ben canh do|ngoai ra|dong thoi)\b"
)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|\s-\s|,\s(?=trong do|qua do|dong thoi|con|nhung)")
_FROM_TO = re.compile(r"\btu(?:\s+(?:vi tri|hang|thu|muc))*\s*$")
_TO_WORD = re.compile(
    r"^\s*(?:(?:cua\s+)?nam\s+\d{4}\s*)?,?\s*(?:len|den|toi|xuong|thanh)"
    r"(?:\s+(?:vi tri|hang|thu|muc|con))*\s*$"
)
_REGIONS = {
    "dong nam a": "Đông Nam Á",
    "asean": "Đông Nam Á",
    "chau a": "Châu Á",
    "the gioi": "thế giới",
    "toan cau": "thế giới",
    "quoc gia": "thế giới",
}
_SUBINDEX = re.compile(r"chi so ((?:[a-z]+ ){0,5}?[a-z]+)\s*(?:xep|dat|dung|o vi tri|la|:)?\s*$")
_ORDERED_LIST = re.compile(r"(?:theo thu tu|nhu sau|lan luot|ke den la|tiep theo la)[^:]*:\s*")
_FIRST_PLACE = re.compile(
    r"(?:xep (?:vi tri |hang )?thu|dung thu|xep hang|dung dau)\s*(?:nhat|1)\b"
)
_CONSTANTS = re.compile(r"^(?:63 tinh|63 tinh thanh|193 quoc gia)")
_NOUN_STOP = re.compile(r"[,.;:()!?…\"“”/]|\s-\s|\s–\s|\d")
# Function words a counted noun never ends with, as written: "sơ" in "hồ sơ" is not "số".
_NOUN_TRIM_WORDS = frozenset(
    [
        "của",
        "và",
        "với",
        "tại",
        "trong",
        "cho",
        "từ",
        "đến",
        "ở",
        "là",
        "được",
        "năm",
        "mỗi",
        "mới",
        "hoặc",
        "trên",
        "số",
        "như",
        "để",
        "lên",
        "xuống",
        "tới",
        "so",
    ]
)
_LEAD_TRIM = re.compile(
    r"^(?:\s*(?:va|trong do|trong|do|qua do|dong thoi|cung|con|voi|la|dat|co|hon|tren|khoang|gan"
    r"|hien|ve|theo do|cu the|ngoai ra|so voi|den nay|tu|len|nam \d{4})\b[\s,]*)+"
)


@dataclass
class _Hit:
    start: int
    end: int
    figure: Figure
    noun_end: int = 0


@dataclass
class Extraction:
    facts: list[Fact] = field(default_factory=list)
    rankings: list[Ranking] = field(default_factory=list)


def _figure_end(m: re.Match[str], sentence: str) -> int:
    """Where the figure ends, leaving out a scale or currency word that only folds like one."""
    end = m.end()
    if m.group("money") and _written(m, sentence, "money") not in _MONEY_WORDS:
        end = m.start("money")
    if m.group("scale") and _written(m, sentence, "scale") not in _SCALE_WORDS:
        end = m.start("scale")
    return len(sentence[:end].rstrip())


def _bare_count(figure: Figure) -> bool:
    """A number with nothing after it that says what it counts ("từ 120 lên 117")."""
    return figure.unit == "count" and not figure.noun and figure.value < 1000 and not figure.of


def _unit_and_value(
    m: re.Match[str], sentence: str, folded: str
) -> tuple[Unit, float, float | None, float | None] | None:
    if m.group("cword"):
        counted = vn.parse_number_word(m.group("cword"))
        if counted is None or not sentence[m.start() : m.end()].islower():
            return None
        return "count", float(counted), None, None
    if m.group("word"):
        word_value = vn.parse_number_word(m.group("word"))
        if word_value is None:
            return None
        if not sentence[m.start("word") : m.end("word")].islower():
            return None  # "Việt Nam lần đầu": a name, not "năm lần"
        if m.group("wunit") == "lan" and not re.search(
            r"(?:gap|tang|giam|hon|nhan|nang)[^,;.]{0,12}$", folded[: m.start()]
        ):
            return None
        word_units: dict[str, Unit] = {"bac": "step", "lan": "times", "nuoc": "count"}
        return word_units[m.group("wunit")], float(word_value), None, None
    value = vn.parse_number(m.group("num"))
    if value is None:
        return None
    high = vn.parse_number(m.group("num2")) if m.group("num2") else None
    den = vn.parse_number(m.group("den")) if m.group("den") else None
    end = _figure_end(m, sentence)
    scale_ok = m.group("scale") and m.end("scale") <= end
    scale = vn.scale_of(m.group("scale")) if scale_ok else 1.0
    value *= scale or 1.0
    if high is not None:
        high *= scale or 1.0
    word = (m.group("unit") or "") if m.group("unit") and m.end("unit") <= end else ""
    money = (m.group("money") or "") if m.group("money") and m.end("money") <= end else ""
    if word in ("%", "phan tram", "diem phan tram"):  # percentage points are a share too
        return "%", value, high, None
    if money:
        return ("USD" if money in ("usd", "do la") else "VND"), value, high, None
    if word == "bac":
        return "step", value, high, None
    if word == "lan":
        # "gấp 3 lần", "tăng 2 lần"; not "lần này", "ba lần liên tiếp", "2 năm một lần".
        if not re.search(r"(?:gap|tang|giam|hon|nhan|nang)[^,;.]{0,12}$", folded[: m.start()]):
            return None
        return "times", value, high, None
    if word == "diem":
        return "index", value, high, None
    before = folded[: m.start()]
    if den is not None:
        rank_context = _RANK_CUE.search(before) or _RANK_BEFORE.search(before)
        if not rank_context and re.search(r"\bdiem(?: so)?(?: la| dat)?\s*$", before[-20:]):
            return "index", value, None, den  # "ở mức điểm 8,3/10": a score out of ten
        return ("rank" if rank_context else "count"), value, None, den
    if (
        value == int(value)
        and value < 300
        and re.search(r"\bbac so voi (?:nam|ky|lan)[^()]{0,20}\(\s*$", before[-60:])
        and re.match(r"\s*\)", folded[m.end() :])
    ):
        return "rank", value, None, None  # "tăng 12 bậc so với năm 2006 (82)": the place then
    if _RANK_BEFORE.search(before[-25:]) and value < 1000:
        if re.search(r"\bnhom\s*$", before) and not (
            _GROUP_OF_LEADERS.search(folded[m.start() : m.end() + 50])
            or re.search(r"\b(?:vao|lot|top|giu|o trong)\s+nhom\s*$", before)
        ):
            return "count", value, high, None  # "nhóm 17 bộ có cung cấp dịch vụ công": a set
        return "rank", value, high, None
    if 0 < value < 1 and value != int(value):
        # A fraction of one is an index or a score ("0,7709", "đạt 0,6 điểm"), never a count.
        return "index", value, None, None
    if re.search(r"\b(?:muc|so|tong)? ?diem(?: so)?(?: la| dat| dat duoc)?\s*$", before[-24:]):
        return "index", value, high, None  # "với mức điểm 46,0415", "điểm số 83,06"
    if value < 1000 and re.search(
        r"\bchi so(?: [a-z]+){0,3} (?:dat|la|o muc|dat muc)\s*$", before[-40:]
    ):
        return "index", value, high, None  # "với chỉ số tổng hợp đạt 47,88"
    if re.fullmatch(r"\d{1,3},\d{4,}", m.group("num")):
        return "index", value, high, None  # "ở mức 43,9603": four decimals measure, not count
    clause = before[max(before.rfind(";"), len(before) - 80) + 1 :]
    if value < 1000 and value != int(value) and re.search(r"\bdiem\b", clause):
        return "index", value, high, None  # "điểm trung bình ... của các tỉnh đạt 85,11"
    return "count", value, high, None


def _excluded(m: re.Match[str], sentence: str, folded: str, blocked: list[tuple[int, int]]) -> bool:
    if m.group("word") or m.group("cword"):
        return False
    start, end = m.start(), m.end()
    if any(a <= start < b for a, b in blocked):
        return True
    before, after = folded[:start], folded[end:]
    raw = m.group(0)
    plain = not (m.group("unit") or m.group("money") or m.group("scale") or m.group("den"))
    if (plain and _DOC_SUFFIX.match(after)) or re.match(r"^[a-z]", after):
        return True  # "42/QĐ-TTg"; but "500.000 đồng/năm" is a rate
    if re.match(r"^/\d", after):
        # The rest of a full date ("12/02/2020"): the pattern stopped at its second slash.
        return True
    if _DATE_LIKE.fullmatch(raw.strip()) and re.search(
        r"(?:ngay|thang|sang|chieu|toi|trua|hom|dem|tu|den)\s*$", before
    ):
        return True
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/(?:19|20)\d{2}", raw.strip()):
        return True
    if plain and _YEAR.fullmatch(m.group("num")) and m.group("num2") is None:
        return True
    if plain and m.group("num2") and _YEAR_RANGE.fullmatch(raw.strip()):
        return True
    if plain and _NOT_A_PLACE.search(sentence[:start][-24:]):
        return True  # "năm thứ 3 liên tiếp", "lần thứ hai": which time, not a place held
    not_figure = _NOT_FIGURE_BEFORE.search(before[-14:]) if plain else None
    if not_figure and not (
        _LEVEL_OF.search(sentence[:start][-14:]) and re.search(r"[.,]\d", m.group("num"))
    ):
        return True  # "mức 4" is a level of service; "mức 0,7326" is a value
    if plain and _DURATION_AFTER.match(after):
        return True
    # "63 tỉnh" after a noun ("CQĐT 63 tỉnh") names the set of all provinces, not a count.
    return bool(
        plain
        and _CONSTANTS.match(folded[start:].replace(",", ""))
        and re.search(r"[a-z]\s*$", before)
    )


_SCALE_WORDS = frozenset(
    {"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "ngàn tỷ", "triệu tỷ", "triệu tỉ"}
)
_MONEY_WORDS = frozenset({"đồng", "vnd", "vnđ", "usd", "đô la"})


def _written(m: re.Match[str], sentence: str, group: str) -> str:
    """A group's text as written: "ngân" folds like "ngàn", "Đông" like "đồng"."""
    return sentence[m.start(group) : m.end(group)].lower()


def _noun_after(sentence: str, folded: str, end: int) -> tuple[str, int]:
    """The counted noun written after a figure ("2.900 thủ tục hành chính của ...")."""
    tail_f = folded[end:]
    if re.match(r"\s*(?:vao |den |trong )?nam\s+\d", tail_f):
        return "", end
    stop = _NOUN_STOP.search(tail_f)
    limit = stop.start() if stop else len(tail_f)
    words = sentence[end : end + limit].split()[:6]
    while words and words[-1].lower() in _NOUN_TRIM_WORDS:
        words.pop()
    noun = " ".join(words)
    position = sentence.find(noun, end) if noun else end
    return noun, (position + len(noun) if noun else end)


_FUNCTION_WORDS = frozenset(
    [
        "va",
        "cua",
        "la",
        "co",
        "tu",
        "len",
        "den",
        "toi",
        "tang",
        "giam",
        "hon",
        "tren",
        "dat",
        "thu",
        "vi",
        "tri",
        "o",
        "muc",
        "khoang",
        "gan",
        "chi",
        "da",
        "dang",
        "duoc",
        "trong",
        "do",
        "voi",
        "cac",
        "nhung",
        "mot",
        "so",
        "nay",
        "theo",
        "nam",
        "ky",
        "cung",
        "qua",
        "sau",
        "xep",
        "hang",
    ]
)


def _content_words(folded: str) -> int:
    return sum(1 for w in re.findall(r"[a-z]+", folded) if w not in _FUNCTION_WORDS)


def _clause_start(folded: str, position: int) -> int:
    """Start of the clause holding ``position``: after ";" or ":", or inside open brackets."""
    before = folded[:position]
    start = max((m.end() for m in re.finditer(r"[;:]", before)), default=0)
    opened = before.rfind("(")
    if opened > before.rfind(")") and opened >= start:
        start = opened + 1
    return start


# Measure labels for ranks, so one ranking is one series whatever the sentence said around it.
_RANKING_LABELS = {
    "un_egdi": "thứ hạng Chính phủ điện tử theo Liên Hợp Quốc ({scope})",
    "provinces": "thứ hạng của tỉnh, thành phố trên cả nước",
    "ministries": "thứ hạng của bộ, ngành",
    "countries": "thứ hạng {scope}",
}


def _ranking_label(ranking: Ranking) -> str | None:
    if ranking.scheme == "un_egdi" and ranking.scope.startswith("chỉ số"):
        return f"thứ hạng {ranking.scope} (khảo sát Chính phủ điện tử của LHQ)"
    template = _RANKING_LABELS.get(ranking.scheme)
    return template.format(scope=ranking.scope) if template else None


_CONTEXT_OPENER = re.compile(
    r"^\s*(?:theo|ve|trong|sau|tai|tu|den|hien|nam|qua|ben canh|ngoai ra|cu the|dac biet|nho"
    r"|doi voi|so voi|tuy nhien)\b"
)


def _drop_context(pre: str, noun_words: int) -> str:
    """Drop leading comma-separated context phrases ("Theo báo cáo của LHQ, năm 2020, ...")."""
    while True:
        head, comma, rest = pre.partition(",")
        if not comma or len(head.split()) > 12 or not _CONTEXT_OPENER.match(fold_chars(head)):
            return pre
        if _content_words(fold_chars(rest)) + noun_words < 2:
            return pre
        pre = rest


EXTRACTION_VERSION = 75
"""Raised whenever extraction changes what it finds or what is stored with a fact (3: its
search terms; 4: a headline printed twice is the title): stored articles extracted by another
version (or with another vocabulary) are extracted again from their stored text at start."""


def extraction_stamp(lexicon: Lexicon) -> int:
    """What read an article: this extractor's version with this vocabulary."""
    return zlib.crc32(f"{EXTRACTION_VERSION}:{lexicon.fingerprint}".encode()) & 0x7FFFFFFF


_PERIOD_WORDS = frozenset(
    [
        "cung",
        "ky",
        "nam",
        "truoc",
        "ngoai",
        "thang",
        "quy",
        "dau",
        "cuoi",
        "nay",
        "do",
        "qua",
        "vua",
        "luc",
        "khi",
        "giai",
        "doan",
    ]
)


def _period_only(measure: str) -> bool:
    """Whether a measure names only a period ("cùng kỳ năm 2019", "năm trước")."""
    words = re.findall(r"[a-z]+", fold_chars(measure))
    return not [w for w in words if w not in _FUNCTION_WORDS and w not in _PERIOD_WORDS]


def _measure(sentence: str, folded: str, hits: list[_Hit], index: int) -> str:
    """What a figure measures: the words leading to it in its clause, plus its counted noun.

    Figures listed in one clause ("bán lẻ tăng 46%, gọi xe tăng 34%") each take the words since
    the previous figure; when that leaves too little ("24/47 Châu Á"), the span reaches further
    back. Other figures' texts are cut out.
    """
    hit = hits[index]
    clause = _clause_start(folded, hit.start)
    floors = [h.noun_end for h in hits[:index] if h.noun_end >= clause] or []
    lo = max([clause, *floors])
    as_of = [m.end() for m in _AS_OF.finditer(folded, lo, hit.start)]
    if (
        as_of
        and _content_words(folded[as_of[-1] : hit.start])
        + _content_words(fold_chars(hit.figure.noun))
        >= 2
    ):
        lo = as_of[-1]
    noun_words = _content_words(fold_chars(hit.figure.noun))
    while _content_words(folded[lo : hit.start]) + noun_words < 2 and lo > clause:
        earlier = [f for f in floors if f < lo]
        lo = max([clause, *earlier])
    opens_clause = _content_words(folded[clause : hit.start]) == 0
    if _content_words(folded[lo : hit.start]) + noun_words < 2 and clause > 0 and not opens_clause:
        lo = _clause_start(folded, max(0, clause - 1)) if clause > 1 else 0
    pieces: list[str] = []
    cursor = lo
    for other in hits:
        if lo <= other.start < hit.start:
            pieces.append(sentence[cursor : other.start])
            cursor = other.end
    pieces.append(sentence[cursor : hit.start])
    pre = _drop_context(" ".join(pieces), noun_words)
    pre_f = fold_chars(pre)
    lead = _LEAD_TRIM.match(pre_f)
    cut = lead.end() if lead else 0
    pre, pre_f = pre[cut:], pre_f[cut:]
    tail = re.search(
        r"(?:[\s,]+(?:la|dat|co|len|o muc|muc|khoang|hon|tren|gan|chi|vuot|thu|vi tri"
        r"|xep|xep hang|dung|tu|den))+[\s,]*$",
        " " + pre_f,
    )
    if tail:
        pre = pre[: max(0, tail.start() - 1)]
    text = f"{pre.strip(' ,/')} {hit.figure.noun}".strip()
    noun_f = fold_chars(hit.figure.noun).split()
    percent_of_noun = (
        hit.figure.unit == "%"
        and bool(noun_f)
        and (noun_f[0] not in _FUNCTION_WORDS or noun_f[0] == "cac")
        and not re.search(r"tỷ lệ|tỉ lệ|\btăng\b|\bgiảm\b", pre.lower())
    )
    if percent_of_noun:
        # "100% các bộ, ngành có Trung tâm SOC": the share is of what follows the figure.
        short_pre = pre.strip(" ,") if len(pre.split()) <= 6 else ""
        text = f"{short_pre} {hit.figure.noun}".strip()
    if percent_of_noun or _content_words(fold_chars(text)) < 3:
        nxt = [h.start for h in hits if h.start > hit.end]
        stop = re.search(r"[;.()]", folded[hit.noun_end :])
        limit = min([*nxt, hit.noun_end + (stop.start() if stop else len(folded))])
        after = " ".join(sentence[hit.noun_end : limit].split()[:14]).strip(" ,")
        text = f"{text} {after}".strip()
    return re.sub(r"\s+", " ", text).strip(" ,")


# -- dates, documents, years -----------------------------------------------------------------

_FULL_DATE_F = re.compile(
    r"(?<![\d/])(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})(?![\d/])"
    r"|(?<![\d/])ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d{2})(?!\d)"
)
_MONTH_F = re.compile(
    r"thang\s+(\d{1,2})\s*/\s*((?:19|20)\d{2})(?![\d/])|thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d{2})"
)
_DAY_MONTH_F = re.compile(
    r"(?:ngay|sang|chieu|trua|toi|dem|tu|den|truoc|sau)\s+(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])"
)
_YEAR_F = re.compile(r"(?<![\d./,-])((?:19|20)\d{2})(?![\d%/]|[.,]\d|\s*-\s*(?:19|20)\d{2})")
_RANGE_F = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
_DOCUMENT_F = re.compile(
    r"(?P<kind>nghi quyet|quyet dinh|nghi dinh|chi thi|thong tu|ke hoach|cong van|luat|de an"
    r"|chuong trinh|thong bao|ket luan|phap lenh|chien luoc)\s+"
    # "Luật Tiếp cận thông tin số 104/2016/QH13": the document's name may come before "số".
    r"(?:(?:[a-z]+\s+){0,12}?so\s+)?"
    r"(?P<num>\d+[a-z]?(?:\s*/\s*\d{4})?\s*[/-]\s*[a-z]+\d*(?:\s*[-/]\s*[a-z]+\d*)*)"
)
_HIGHER_LOWER = r"\b(?:cao|thap|nhinh|kem) hon"
"""Higher or lower than ("thấp hơn mức 0,4558 của năm 2008"): what follows is compared with."""
# A year after these words is a comparison base ("so với năm 2022", "cùng kỳ năm 2019"), not
# the period the figure refers to.
_BASE_BEFORE = re.compile(
    r"(?:\bso voi|\bcung ky|\bky truoc|\bso cung ky|\bnhu nam|\bbang nam|\bhon nam"
    # "thấp hơn mức 0,4558 của năm 2008"; not "hơn 2.700 dịch vụ năm 2020" (more than)
    rf"|{_HIGHER_LOWER}|\b(?:lon|nho|it) hon)"
    r"(?:[^,;.()]|(?<=\d)[.,](?=\d)){0,32}$"  # "so với mức 0,5217 điểm của năm 2012"
)
# "tính đến hết năm 2021", "đến ngày 15/1/2024", "tới tháng 12/2024": a standing at a date named.
_AS_OF_DATED = re.compile(
    r"\b(?:tinh )?(?:den|toi) (?:het |cuoi )?(?:ngay (\d{1,2})/(\d{1,2})/((?:19|20)\d{2})"
    r"|thang (\d{1,2})(?:/| nam )((?:19|20)\d{2})|nam ((?:19|20)\d{2}))\b"
)
_AS_OF_BEFORE = re.compile(r"(?:tinh )?(?:den|toi) (?:het |cuoi )?(?:nam|thang)\s*$")
_BASE_FIGURE = re.compile(
    rf"(?:\bso voi|\btu|\btu muc|\bso voi muc|{_HIGHER_LOWER})\s+"
    r"(?:(?:vi tri|hang|muc|con so)\s+)?(?:thu\s+)?"
    # "so với mức 0,5568 và hạng 84 của năm 2022": the second of two figures compared with
    r"(?:\d[\d.,]*(?:\s+[a-z]+){0,2}\s+va\s+(?:(?:vi tri|hang|muc|con so)\s+)?(?:thu\s+)?)?$"
)
_TARGET_YEAR = re.compile(r"(?:den|toi|vao|truoc|trong)\s+(?:het\s+|cuoi\s+)?(?:nam\s+)?$")
# "Ở cấp huyện, ...", "trong tỉnh, ...": a ranking of a province's districts or communes.
_LOCAL_LEVEL = re.compile(
    r"\b(?:o|tai|trong|doi voi)\s+(?:(?:khoi|nhom)\s+)?cap\s+(?:huyen|xa)\b"
    r"|\btrong (?:toan )?tinh\b"
)
_INITIALS = re.compile(r"\b[A-ZĐ]{1,5}\s?&\s?[A-ZĐ]{1,5}(?:\s+Việt Nam)?(?![\w&])")
_PLACE_AND_SCORE = re.compile(r"0*(\d{1,3})\s*\(\s*\d+[.,]\d+\s*\)")
# "do Bộ Nội vụ công bố ngày 17/4/2024, chỉ số ... là 82,66%": the day of the announcement
# says when the figures were made public, not what period they are of.
_EVENT_BEFORE = re.compile(
    r"\b(?:cong bo|ban hanh|to chuc|dien ra|khai mac|phat hanh|cong khai)\b(?:\s+vao)?"
    # "công bố vào nửa cuối tháng 4/2023"
    r"(?:\s+(?:nua\s+)?(?:dau|cuoi|giua))?\s*(?:ngay|thang)?\s*$"
)
# "Ra mắt năm 2019, Hue-S đang ...": the year something began, not the one a page reports on.
_SINCE_BEFORE = re.compile(
    r"\b(?:ra mat|khai truong|thanh lap|ra doi|bat dau|dua vao (?:hoat dong|van hanh|su dung)"
    r")\s+(?:thang \d{1,2}\s*/\s*|nam\s+)?$"
)
# "86,5% năm 2019", "24 triệu tài khoản năm 2023": the year one figure is of.
_FIGURE_YEAR_BEFORE = re.compile(
    r"\d(?:[\d.,]*\d)?\s*(?:%|[a-z]+(?:\s+[a-z]+){0,2})?\s+(?:nam\s+)?$"
)
# "đến năm 2025", "tầm nhìn 2030": a year looked ahead to, not the year a page reports on.
_TARGET_YEAR_BEFORE = re.compile(
    r"\b(?:den|toi|truoc)\s+(?:het\s+|cuoi\s+)?(?:nam\s+)?$"
    r"|\b(?:muc tieu|tam nhin|dinh huong|ke hoach)\b[^,;.()]{0,30}$"
)

# -- subjects -----------------------------------------------------------------------------------

# "trung bình cao", "trung bình thấp": PAPI's middle groups, not an average
_AVERAGE = re.compile(
    r"\b(?:trung binh|binh quan|muc trung binh|muc binh quan)\b(?! (?:cao|thap)\b)"
)
_AVERAGE_REGIONS = (
    ("dong nam a", "Đông Nam Á"),
    ("asean", "Đông Nam Á"),
    ("chau a", "châu Á"),
    ("the gioi", "thế giới"),
    ("toan cau", "thế giới"),
    ("ca nuoc", "cả nước"),
    ("toan quoc", "cả nước"),
    ("cap tinh", "cả nước"),
    ("cac tinh", "cả nước"),
    ("cac bo", "các bộ, ngành"),
    ("khu vuc", "khu vực"),
)
# "thành phố đã đưa 75% ...", "toàn tỉnh có ...": the province or city the paragraph (or the
# article) is about, referred to without its name; not "cấp tỉnh", "các tỉnh", "63 tỉnh".
_ANAPHOR = re.compile(
    r"(?<!cap )(?<!cac )(?<!nhieu )(?<!\d )(?<![a-z])"
    r"(?:(?:toan|cua) (?:tinh|thanh pho)|(?:tinh|thanh pho|dia phuong) nay"
    r"|(?:tinh|thanh pho) (?:da|dat|co|la|dung|xep|tiep tuc|van|cung|hien|con|duoc|tang|giam"
    r"|chi|bo tri|dua|trien khai)\b)"
)
# "xếp trên cả Thủ đô Hà Nội", "vượt qua Đà Nẵng": the one compared with, not the subject.
_COMPARED = re.compile(
    r"\b(?:xep (?:tren|duoi|sau|truoc)|dung (?:tren|duoi|sau|truoc)|vuot(?: qua)?|bo xa"
    r"|chi sau|thua)\s+(?:ca\s+)?(?:(?:thu do|tinh|thanh pho|tp\.?)\s+)?$"
)
_ATTRIBUTION = re.compile(
    # "do" (by), not the end of "thủ đô"; "báo cáo (tổng hợp) của"
    r"(?:\btheo|(?<!thu )\bdo|\bphoi hop voi"
    r"|\b(?:bao cao|thong tin|so lieu|danh gia|thong ke)(?: [a-z]+){0,2} (?:cua|tu))\s+$"
)
_MINISTRY_ALIAS = re.compile(
    r"^(?:bo |ngan hang|van phong|bao hiem|thanh tra|uy ban|kho bac|tong cuc|vien han lam|dai "
    r"|thong tan)"
)

# -- rankings in prose ---------------------------------------------------------------------------

_FIRST_CUE = re.compile(
    r"(?<!nguoi )\b(?:dan dau|dung dau|ngoi dau|giu ngoi dau|ngoi vi quan quan|cao nhat ca nuoc"
    r"|cao nhat nuoc|nhieu nhat ca nuoc"
    r"|quan quan|vi tri (?:so )?(?:mot|1|dau tien)(?![\d])|xep (?:thu|hang) nhat|hang nhat"
    r"|dung (?:thu|so) (?:nhat|mot|1)(?!\d)|top 1(?!\d)|so 1(?!\d)|so mot)\b(?! doan)"
)
# "Cao Bằng đứng cuối cùng", "Bộ GD&ĐT xếp cuối", "cuối bảng là Bắc Kạn", "bét bảng"
_LAST_CUE = re.compile(
    r"\b(?:(?:dung|xep|nam|o)(?: o)? cuoi(?: cung| bang)?|cuoi bang|bet bang|vi tri cuoi cung)\b"
)
# "ba địa phương ở cuối bảng", "nhóm cuối bảng": a group, not the last place ("năm" is a year)
_LAST_GROUP = re.compile(
    r"\b(?:nhom|top|\d{1,2}|hai|ba|bon|sau|bay|tam|chin|muoi)(?: [a-z]+){0,3}\s*$"
)
# "xếp vị trí thứ hai sau Thanh Hóa": the name after "sau" holds the place above
_PLACE_BEHIND = re.compile(
    r"\b(?:thu|hang|vi tri(?: thu)?)\s+(\d{1,2}|hai|ba|bon|nam|sau|bay|tam|chin|muoi|nhi)"
    r"\s*,?\s+(?:(?:chi|xep|dung|dung ngay)\s+)?sau\s+"
)
_FIELD_AFTER = re.compile(
    r"\s*(?:trong so|tren tong so|tren|trong)\s+(\d{1,3})\s+(?:quoc gia|nuoc|nen kinh te"
    r"|thanh vien|tinh|dia phuong|bo|co quan|don vi)\b"
)
_SAID_PLACES: tuple[tuple[re.Pattern[str], Literal["last", "rise", "fall"], int], ...] = (
    (_LAST_CUE, "last", -1),
    (vn.ROSE_MOST, "rise", 1),
    (vn.FELL_MOST, "fall", 1),
)
_STREAK = re.compile(
    r"\b(?:(?P<count>\d{1,2}|hai|ba|bon|nam|sau|bay|tam|chin|muoi) (?P<unit>nam|lan|ky)"
    r"|(?P<unit2>nam|lan|ky) thu (?P<nth>\d{1,2}|hai|ba|tu|nam|sau|bay|tam|chin|muoi))"
    r" lien tiep\b"
)
_QUARTER_F = re.compile(r"\bquy\s+(?:i{1,3}|iv|[1-4])\s*/\s*((?:19|20)\d{2})\b")
_QUOTED_NAME = re.compile(r"“[^”]{10,200}”")


def _blank_quoted(folded: str) -> str:
    """A quoted name ("Hội thảo “... hiện đại hóa đến năm 2030, tầm nhìn đến năm 2045”") says
    nothing of the figures' period: blanked, positions kept."""
    return _QUOTED_NAME.sub(lambda m: " " * len(m.group(0)), folded)


_NEXT_CUE = re.compile(
    r"\b(?:tiep theo (?:lan luot )?la|tiep den la|ke den la|theo sau la|xep sau (?:lan luot )?la"
    r"|(?:hai|ba|bon|nam|cac) vi tri (?:ke tiep|tiep theo|tiep sau) (?:thuoc ve|la)"
    r"|vi tri (?:ke tiep|tiep theo) thuoc ve|ke tiep la|lan luot la)\b"
)
_TOP_GROUP = re.compile(
    r"\b(?:top|nhom)\s+(\d{1,2}|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\b[^.;:]{0,60}?"
    r"\b(?:gom|bao gom|la|goi ten)\b\s*:?\s*"  # "top 10 tỉnh, thành phố về DTI 2023 gồm: A, B"
)
_COUNT_WORD = r"(\d{1,2}|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_LEAD_CUE = r"(?:dan dau|dung dau|cao nhat|tot nhat|nhieu nhat|lon nhat|xep dau)"
# "ba địa phương có tỷ lệ ... cao nhất cả nước là A, B và C", "5 đơn vị dẫn đầu gồm: ..."
_GROUP_AFTER = re.compile(
    rf"\b{_COUNT_WORD}\s+(?:[a-z0-9]+\s+){{1,16}}?{_LEAD_CUE}\b"
    # "... dẫn đầu về chuyển đổi số", "... dẫn đầu Chỉ số SIPAS năm 2023 lần lượt thuộc về"
    r"(?:\s+(?:ve|chi so|bang xep hang)(?:\s+[a-z0-9&-]+){1,12}?"
    r"(?=\s+(?:ca nuoc|toan quoc|nam nay|van|tiep tuc|deu"
    r"|lan luot|la|gom|bao gom|thuoc ve)\b))?"
    r"(?:\s+(?:ca nuoc|toan quoc|khu vuc|the gioi|nam nay|hien nay|van|tiep tuc|deu"
    r"|(?:khoi|nhom|bang|khu vuc) nay|lan luot))*"
    r"\s*(?:la|gom|bao gom|thuoc ve|goi ten|:)\b\s*:?\s*"
)
# "A, B và C là ba tỉnh dẫn đầu"
_GROUP_BEFORE = re.compile(
    rf"\bla\s+(?:nhung\s+|cac\s+)?{_COUNT_WORD}\s+(?:[a-z]+\s+){{0,8}}?{_LEAD_CUE}\b"
)
# "A có tỷ lệ ... cao nhất với 97,8%", "A là địa phương có ... cao nhất"
_SUPERLATIVE = re.compile(r"\b(?:cao nhat|nhieu nhat|tot nhat|lon nhat)\b")
_NOT_AMONG_OTHERS = re.compile(
    r"\s*(?:tu truoc|tu khi|ke tu|trong lich su|trong (?:\d+|vong|may|nhieu)|lien tiep"
    r"|cua (?:tinh|thanh pho|bo|nganh|minh)|o (?:chi so|tru cot|linh vuc))"
)
# "A và B lần lượt đứng thứ hai và thứ ba", "A, B và C lần lượt giữ các vị trí 5, 6 và 7"
_RESPECTIVE_RANKS = re.compile(
    r"\blan luot\s+(?:dung|xep|giu|o|chiem|nam o|xep o)?\s*(?:cac\s+)?(?:vi tri|hang|thu)\b"
)
# "Các vị trí thứ 4 đến thứ 6 lần lượt thuộc về A, B và C"
_RESPECTIVE_SPAN = re.compile(
    r"\bvi tri (?:thu )?(\d{1,2}) (?:den|toi) (?:thu )?(\d{1,2}) lan luot (?:thuoc ve|la)\b\s*:?\s*"
)
_RESPECTIVELY = re.compile(r"\blan luot\b")
_NUMBER_F = re.compile(NUM)
_LIST_GAP = re.compile(
    r"\s*(?:\([^()]{0,30}\))?\s*(?:,|va|,\s*va|;)?\s*(?:(?:tinh|thanh pho|tp\.?)\s+)?"
)
_ORDINAL_RANK = re.compile(
    r"(?:xep|dung|vi tri|hang|len|xuong|giu|o)\s+(?:vi tri\s+)?(?:hang\s+)?(?:thu\s+)"
    r"(?P<word>nhat|nhi|hai|ba|tu|nam|sau|bay|tam|chin|muoi)(?![a-z])"
    r"|(?:hang|a quan)\s+(?P<word2>nhat|nhi|ba)(?![a-z])"
    # "đứng đầu là Đà Nẵng, thứ hai là TPHCM, thứ ba là Quảng Ninh": places in a list
    r"|(?:^|[,;]\s*|\bva\s+|\btiep theo\s+)thu\s+(?P<word3>nhi|hai|ba|tu|nam|sau|bay|tam|chin|muoi)"
    r"(?=\s+(?:la|thuoc ve)\b)"
)


@dataclass
class _Year:
    start: int
    end: int
    year: str
    base: bool
    event: bool = False
    """The year of the day something was announced or held ("công bố ngày 17/4/2024")."""


@dataclass
class _Context:
    """What a sentence inherits: the paragraph's year and subject, the article's."""

    article: Article
    focus: str | None
    home: str | None
    paragraph_year: str | None = None
    paragraph_subject: str | None = None
    month: str | None = None
    """The month an undated page is stamped with ("2021-11"): its standing is as of then."""
    last_rank: tuple[int, str] | None = None
    """The last position given in prose, and the scheme, so "tiếp theo là" can go on."""


def _month_end(month: str | None) -> dt.date | None:
    """The last day of a month stamped "2023-11": a day named without its year ("ngày
    25-10") is the latest such day up to it."""
    if month is None:
        return None
    year, number = int(month[:4]), int(month[5:7])
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _date_value(year: int, month: int = 0, day: int = 0) -> float | None:
    if not 1 <= month <= 12 and month != 0:
        return None
    if month and day:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return float(year * 10000 + month * 100 + day)


def date_iso(value: float) -> str:
    """ "2019-12-09", "2020-03" or "2019" from a date figure's value (yyyymmdd)."""
    digits = f"{int(value):08d}"
    year, month, day = digits[:4], digits[4:6], digits[6:]
    return year + (f"-{month}" if month != "00" else "") + (f"-{day}" if day != "00" else "")


class Extractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        names = [
            (self.lexicon.match(phrase), name)
            for name, phrases in lexicon.indices.items()
            for phrase in phrases
        ]
        names.sort(key=lambda p: -len(p[0]))  # the longest name first
        self._index_patterns = [
            (re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])"), name)
            for phrase, name in names
        ]

    # -- entities -----------------------------------------------------------------------

    def _after_surname(self, sentence: str, start: int) -> bool:
        """Whether the words before ``start`` end with a family name and the name goes on in
        capitals ("Trương Hòa Bình", "Nguyễn Thái Bình")."""
        words = sentence[:start].split()
        return (
            bool(words)
            and words[-1] in self.lexicon.surnames
            and sentence[start : start + 1].isupper()
        )

    def entities(self, sentence: str) -> list[tuple[int, int, str, str]]:
        """(start, end, canonical name, type) of entities named, positions in the sentence."""
        folded = fold_chars(sentence)
        found: list[tuple[int, int, str, str]] = []
        for mention in self.lexicon.mentions(folded):
            alias = folded[mention.start : mention.end]
            entity = mention.entity
            if len(alias) < 3 or alias in _AMBIGUOUS_ALIASES:
                continue
            original = vn.normalise_tones(sentence[mention.start : mention.end]).lower()
            if (
                original != alias
                and original not in entity.written
                and vn.fold(original) in {vn.fold(w) for w in entity.written}
            ):
                continue  # the same letters with other diacritics: another word
            if (
                entity.type == "ministry"
                and alias != self.lexicon.match(entity.name)
                and not _MINISTRY_ALIAS.match(alias)
            ):
                # "y tế", "tư pháp" alone are fields, not the ministries.
                continue
            if entity.type == "province" and self._after_surname(sentence, mention.start):
                continue  # "Phó Thủ tướng Trương Hòa Bình": a person
            if alias in ("ca nuoc", "toan quoc") and (
                _SCOPE_BEFORE.search(folded, 0, mention.start)
                or (
                    re.search(r"\bnhom\b[^;.]{0,60}\bcua\s*$", folded[: mention.start])
                    and any(e[3] in ("province", "ministry") for e in found)
                )
            ):
                # "dẫn đầu cả nước", "thứ nhất trên cả nước"; "Quảng Ninh nằm trong nhóm 16
                # tỉnh ... của cả nước": a group of the country's, not the country
                continue
            if entity.type == "portal" and _LOCAL_PORTAL.match(folded, mention.end):
                # "Cổng dịch vụ công của tỉnh" is a province's portal, not the national one.
                continue
            found.append((mention.start, mention.end, entity.name, entity.type))
        # Abbreviations written in the text ("VN", "TPHCM") are matched in the expanded form.
        for m in re.finditer(
            r"\b(VN|TPHCM|TP\.?\s?HCM|NHNN|BHXH Việt Nam"
            r"|Bộ\s+[A-ZĐ]{1,5}(?:\s?[&-]\s?[A-ZĐ]{1,5})*)(?![\w&-])",
            sentence,
        ):
            # "Bộ TT&TT", "Bộ GD&ĐT", "Bộ GTVT": a ministry by its initials.
            named = self.lexicon.entity(m.group(1))
            if named:
                found.append((m.start(), m.end(), named.name, named.type))
        for m in _INITIALS.finditer(sentence):
            # "Viện Hàn lâm KH&CN Việt Nam": a name with initials inside, read in full (the
            # longest run of words before the initials that, expanded, is a known name).
            words = list(re.finditer(r"\S+", sentence[max(0, m.start() - 40) : m.start()]))
            offset = max(0, m.start() - 40)
            for first in words[-4:]:
                start = offset + first.start()
                named = self.lexicon.entity(sentence[start : m.end()])
                if named:
                    found.append((start, m.end(), named.name, named.type))
                    break
        found.sort(key=lambda e: (e[0], -(e[1] - e[0])))
        kept: list[tuple[int, int, str, str]] = []
        for item in found:
            if kept and item[0] < kept[-1][1]:
                continue
            kept.append(item)
        return kept

    def _subject(
        self,
        folded: str,
        entities: list[tuple[int, int, str, str]],
        start: int,
        ctx: _Context,
        end: int | None = None,
    ) -> str:
        average = self._average_of(folded, start)
        if average and not (
            end is not None
            and re.search(r"\(\s*$", folded[:start])
            and re.match(r"\s*so voi\s+\d", folded[end:])
        ):
            # "cao hơn bình quân của thế giới (0.5725 so với 0.4623)": the first of the pair
            # is the subject's own figure, the second the average's.
            return average
        if end is not None:
            follows = re.match(r"\s*(?:la|thuoc ve|:)\s+", folded[end:])
            if follows:
                at = end + follows.end()
                named = [e for e in entities if at <= e[0] <= at + 12]
                if named:
                    return named[0][2]
        named = [
            e
            for e in entities
            if not _ATTRIBUTION.search(folded[max(0, e[0] - 14) : e[0]])
            and not _COMPARED.search(folded[max(0, e[0] - 20) : e[0]])
        ]
        respective = self._respective(folded, named, start)
        if respective:
            return respective
        before = [e for e in named if e[1] <= start]
        if before:
            return before[-1][2]
        local = self.lexicon.by_name.get(ctx.paragraph_subject or ctx.home or "")
        if (
            local is not None
            and local.type == "province"
            and _ANAPHOR.search(folded, _clause_start(folded, start), start)
        ):
            return local.name
        after = [e for e in named if e[0] >= start]
        if after:
            return after[0][2]
        return ctx.paragraph_subject or ctx.home or "Việt Nam"

    @staticmethod
    def _respective(
        folded: str, entities: list[tuple[int, int, str, str]], start: int
    ) -> str | None:
        """ "Hà Nội và TP.HCM ... ở mức lần lượt là 43,96 và 41,78": the n-th figure after
        "lần lượt" is the n-th of the entities listed before it."""
        cue = next(reversed(list(_RESPECTIVELY.finditer(folded, 0, start))), None)
        if cue is None or re.search(r"[.;]\s", folded[cue.end() : start]):
            return None
        ahead = sum(
            not re.fullmatch(r"(?:19|20)\d{2}", n)
            for n in _NUMBER_F.findall(folded, cue.end(), start)
        )
        listed = [e for e in entities if e[1] <= cue.start()]
        group: list[tuple[int, int, str, str]] = []
        for entity in reversed(listed):
            if group and not _LIST_GAP.fullmatch(folded[entity[1] : group[0][0]]):
                break
            group.insert(0, entity)
        if len(group) < 2 or ahead >= len(group):
            return None
        return group[ahead][2]

    @staticmethod
    def _average_of(folded: str, start: int) -> str | None:
        """ "bình quân của châu Á (0,6990)": a region's average, not Vietnam's own figure.

        The region is the one named last between the word for average and the figure (or
        right after the figure), unless a country or province is named after it.
        """
        # A clause ends at a full stop, not at the decimal point of "0.5491".
        clause = max([0, *(m.end() for m in re.finditer(r"[;:]|\.(?!\d)|\bcon\b", folded[:start]))])
        window = folded[max(clause, start - 90) : start]
        found = list(_AVERAGE.finditer(window))
        if not found:
            return None
        segment = window[found[-1].start() :]
        named = [
            (m.end(), name)
            for key, name in _AVERAGE_REGIONS
            for m in re.finditer(rf"\b{key}\b", segment)
        ]
        if named:
            end, region = max(named)
            # "của các tỉnh, thành phố năm 2015 đạt 85,11": the pair names one region
            rest = re.sub(r"^\s*,?\s*(?:va\s+)?thanh pho\b", "", segment[end:])
            if re.search(r"\b(?:viet nam|tinh|thanh pho)\b", rest):
                return None
            return f"{region} (trung bình)"
        after = folded[start : start + 25]
        trailing = next((name for key, name in _AVERAGE_REGIONS if key in after), None)
        if trailing and not re.search(r"\d", segment[len(found[-1].group(0)) :]):
            return f"{trailing} (trung bình)"
        return None

    # -- periods ------------------------------------------------------------------------

    @staticmethod
    def _years(folded: str) -> list[_Year]:
        folded = _blank_quoted(folded)  # a year inside a quoted name is the name's
        found: list[_Year] = []
        for m in _YEAR_F.finditer(folded):
            if re.search(r"\d\s*/\s*$", folded[: m.start()]):
                continue  # the year of a full date ("9/12/2019") or a month ("3/2020")
            before = folded[max(0, m.start() - 40) : m.start()]
            base = bool(_BASE_BEFORE.search(before))
            found.append(_Year(m.start(1), m.end(1), m.group(1), base))
        for m in _FULL_DATE_F.finditer(folded):
            year = m.group(3) or m.group(6)
            before = folded[max(0, m.start() - 40) : m.start()]
            event = bool(_EVENT_BEFORE.search(before[-25:]))
            found.append(
                _Year(m.start(), m.end(), year, bool(_BASE_BEFORE.search(before)), event=event)
            )
        for m in _QUARTER_F.finditer(folded):  # "quý I/2020": a part of that year
            before = folded[max(0, m.start() - 40) : m.start()]
            found.append(_Year(m.start(), m.end(), m.group(1), bool(_BASE_BEFORE.search(before))))
        for m in _MONTH_F.finditer(folded):
            year = m.group(2) or m.group(4)
            before = folded[max(0, m.start() - 40) : m.start()]
            event = bool(_EVENT_BEFORE.search(before[-25:]))  # "công bố vào cuối tháng 4/2023"
            found.append(
                _Year(m.start(), m.end(), year, bool(_BASE_BEFORE.search(before)), event=event)
            )
        found.sort(key=lambda y: y.start)
        return found

    def _period(
        self,
        folded: str,
        start: int,
        end: int,
        years: list[_Year],
        hits: list[_Hit],
        ctx: _Context,
    ) -> tuple[str | None, str]:
        """The period of the figure at ``folded[start:end]``.

        In order: a year written right after the figure in its phrase ("86,5% năm 2019"), a
        span ("giai đoạn 2021-2025"), the nearest year before it that no other figure took and
        that is not a comparison base, an "as of" phrase (the article's date), a year later in
        its clause, the paragraph's year, the year the article is about, the article's date.
        """
        folded = _blank_quoted(folded)
        others = [h for h in hits if h.start != start]
        tail = folded[end:]
        for year in years:
            if year.start < end or year.base:
                continue
            between = folded[end : year.start]
            if (
                len(between) <= 45
                and not re.search(r"[,;:()]|\bso voi\b|\bva\b", between)
                and not any(end <= h.start < year.start for h in others)
            ):
                return year.year, f"năm {year.year}"
            break
        window = max(0, start - 60)
        span = _RANGE_F.search(folded[window:start])
        if span and any(
            window + span.end() <= y.start < start and not y.base and y.end - y.start == 4
            for y in years
        ):
            span = None  # "bình quân giai đoạn 2020-2022 đạt 12,75% và năm 2022 là 12,67%"
        span = span or _RANGE_F.match(tail.lstrip(" ,("))
        if span and re.search(
            r"giai doan|thoi ky|trong|den|nam", folded[max(0, start - 80) : end + 30]
        ):
            a, b = span.group(1), span.group(2)
            if not _AS_OF.search(folded[max(0, start - 30) : start]):
                return f"{a}-{b}", f"giai đoạn {a}-{b}"
        clause_start = max((m.end() for m in re.finditer(r"[;(]", folded[:start])), default=0)
        first_figure = min((h.start for h in hits), default=start)
        dated = [m for m in _AS_OF_DATED.finditer(folded[:start]) if m.start() >= clause_start]
        if dated and _AS_OF.search(folded[clause_start:start]):
            return _dated(dated[-1])
        if _AS_OF.search(folded[clause_start:start]) or _AS_OF.search(folded[:first_figure]):
            # "Đến nay, ..." / "Từ tháng 12/2019 đến nay, ...": the sentence reports a
            # standing, as of the article's date (of the year it reports on when undated).
            if ctx.article.published is None and ctx.month is None and ctx.focus:
                return ctx.focus, f"năm {ctx.focus}"
            return self._as_of(ctx.article.published, ctx.month)
        clause = max((m.end() for m in re.finditer(r"[;(,]", folded[:start])), default=0)
        compared = [
            y
            for y in years
            if y.base
            and clause <= y.start
            and y.end <= start
            and not any(y.end <= h.start < start for h in others)
        ]
        if compared and not re.match(r"\s*(?:[a-z]+\s+){0,2}so voi\b", tail):
            # "(cùng kỳ năm 2019 chỉ đạt 16,1%)": the value compared with, of its own year;
            # not "3% so với năm 2022 và 50,8% so với năm 2020", a change with its own base.
            return compared[-1].year, f"năm {compared[-1].year}"
        paren = next(
            (y for y in years if y.base and re.fullmatch(r"\s*\(\s*", folded[y.end : start])),
            None,
        )
        if paren is not None:
            # "tăng 2,58% so với năm 2022 (80,08%)": the value compared with, of that year.
            return paren.year, f"năm {paren.year}"
        before = [
            y
            for y in years
            if y.end <= start
            and not y.base
            and not y.event
            and not any(y.end <= h.start < start and h.figure.unit == "date" for h in others)
        ]
        if before:
            year = before[-1]
            return year.year, f"năm {year.year}"
        later = _LATER_YEAR.match(tail)
        if later:
            return later.group(1), f"năm {later.group(1)}"
        own = [y for y in years if not y.base and y.start >= end]
        if own and not re.search(r"[;,]", folded[end : own[0].start]):
            return own[0].year, f"năm {own[0].year}"
        published = ctx.article.published
        if ctx.paragraph_year:
            return ctx.paragraph_year, f"năm {ctx.paragraph_year}"
        if ctx.focus and not (published and str(published.year) == ctx.focus):
            return ctx.focus, f"năm {ctx.focus}"
        # The article reports on its own year: its date says more than the year alone.
        return self._as_of(published, ctx.month)

    @staticmethod
    def _base_period(
        folded: str, end: int, period: str | None, ctx: _Context
    ) -> tuple[str | None, str]:
        after = folded[end : end + 40]
        year = re.match(r"[^,;.()\d]{0,20}?\bnam\s+((?:19|20)\d{2})\b", after)
        if year:
            return year.group(1), f"năm {year.group(1)}"
        current = (period or ctx.focus or "")[:4]
        if current.isdigit() and re.match(
            r"[^,;.()\d]{0,20}?\b(?:nam truoc|nam ngoai|ky truoc)\b", after
        ):
            earlier = str(int(current) - 1)
            return earlier, f"năm {earlier}"
        return period, f"năm {period}" if period and len(period) == 4 else (period or "")

    @staticmethod
    def _as_of(published: dt.date | None, month: str | None = None) -> tuple[str | None, str]:
        if published is None and month is not None:
            year, number = month.split("-")
            return month, f"tháng {int(number)}/{year}"
        if published is None:
            return None, "thời điểm bài viết (không rõ ngày)"
        return published.isoformat(), f"tính đến {published.day}/{published.month}/{published.year}"

    def _focus_year(
        self,
        article: Article,
        paragraphs: list[str],
        asides: Sequence[str] = (),
        month: str | None = None,
    ) -> str | None:
        """The year the article reports on: in its title, else its lede, not after its date,
        else a year its next paragraphs and headings name twice ("DTI năm 2022" and "Năm 2022,
        100% các bộ ..." on a page dated 2023). An undated page (a saved excerpt, a page
        without its header) has no date to check a year against: there the year must be
        named twice, in the title, its first three paragraphs and headings ("... ở Việt Nam
        năm 2020", then "Vietnam ICT Index 2020"), or be the first year named after every year
        it compares with (`_after_bases`); a page stamped with a month only is about that
        month's year when it names no other."""
        if article.published is None and month is not None:
            stamped = article.model_copy(update={"published": dt.date(int(month[:4]), 12, 31)})
            return self._focus_year(stamped, paragraphs, asides) or month[:4]
        limit = article.published.year if article.published else 2100
        texts = [article.title, *paragraphs[:3], *asides[:3]]
        named: list[set[str]] = []
        for number, text in enumerate(texts):
            folded = fold_chars(text)
            # A year written alone ("Chỉ số năm 2019"), not the year of a date ("19/5/2020"):
            # a date says when it was published or held, not what the article is about. Past
            # the lede, nor the year of one figure ("từ 72% năm 2018 lên 86,5% năm 2019").
            named.append(
                {
                    y.year
                    for y in self._years(folded)
                    if not y.base
                    and y.end - y.start == 4
                    and int(y.year) <= limit
                    and not (
                        number >= 2
                        and _FIGURE_YEAR_BEFORE.search(folded, max(0, y.start - 30), y.start)
                    )
                    and not _SINCE_BEFORE.search(folded, max(0, y.start - 30), y.start)
                }
            )
        if article.published:
            lead = next((own for own in named[:2] if own), None)
            if lead:
                # Of two years in the lede ("Ngày Chuyển đổi số Quốc gia năm 2025 ... DTI năm
                # 2024"), the one the next paragraphs name again, else the later.
                return max(lead, key=lambda y: (sum(y in own for own in named), y))
        twice = [y for y in set().union(*named) if sum(y in own for own in named) >= 2]
        if twice:
            return max(twice)
        if article.published:
            return None
        mentions = [
            (folded, self._years(folded))
            for folded in map(fold_chars, [article.title, *paragraphs, *asides])
        ]
        if len(named[0]) == 1 and all(
            y.year in named[0] for _, years in mentions[1:] for y in years
        ):
            # The title's year, when no line of the page names another ("BÁO CÁO XẾP HẠNG ...
            # năm 2022", then a ranking without a word on its year).
            return next(iter(named[0]))
        return self._after_bases(mentions) or self._only_year(mentions) or self._one_year(mentions)

    @staticmethod
    def _one_year(mentions: Sequence[tuple[str, list[_Year]]]) -> str | None:
        """The one year an undated page names, if it names only one (bases and years looked
        ahead to aside: "riêng quý I/2020 ... tăng 26% so với quý I năm ngoái"): without it,
        no question that names a year could find the page's figures. Not a year that opens a
        sentence ("Năm 2018, Việt Nam đứng thứ 88"): a page may recall one past year alone."""
        named: set[str] = set()
        for folded, years in mentions:
            for y in years:
                before = folded[max(0, y.start - 40) : y.start]
                if y.base or (y.end - y.start == 4 and _TARGET_YEAR_BEFORE.search(before)):
                    continue  # "đến năm 2025" looks ahead; "tính đến hết tháng 10/2026" stands
                if re.search(r"(?:^|[.;:!?]\s*)nam\s*$", folded[: y.start]):
                    return None
                named.add(y.year)
        return next(iter(named)) if len(named) == 1 else None

    @staticmethod
    def _only_year(mentions: Sequence[tuple[str, list[_Year]]]) -> str | None:
        """The year of the day or month an undated page stands at ("tính từ đầu năm đến đầu
        tháng 11-2022"), when it names no other year: the year it reports on. A year named
        alone may be a past one ("Năm 2018, Việt Nam đứng thứ 88"), so it does not count."""
        standing: set[str] = set()
        named: set[str] = set()
        for folded, years in mentions:
            for y in years:
                named.add(y.year)
                before = folded[max(0, y.start - 40) : y.start]
                if (
                    y.end - y.start > 4
                    and not y.base
                    and re.search(r"\b(?:den|toi)\s+(?:het\s+|dau\s+|cuoi\s+)?$", before)
                    and not _TARGET.search(folded, 0, y.start)
                ):
                    standing.add(y.year)
        return standing.pop() if len(standing) == 1 and named == standing else None

    @staticmethod
    def _after_bases(mentions: Sequence[tuple[str, list[_Year]]]) -> str | None:
        """The year an undated page reports on, told by the years it compares with: the first
        year named after the latest base ("tăng 1 bậc so với năm 2016" and a heading "... năm
        2018" → 2018), else the year after "cùng kỳ năm 2021" (the same months a year
        before). Years of a target or a span ("đến năm 2025", "2021-2025") say nothing."""
        bases: set[int] = set()
        same_months: set[int] = set()
        named: set[int] = set()
        for folded, years in mentions:
            for y in years:
                if y.end - y.start != 4:
                    continue  # the year of a date or a month
                before = folded[max(0, y.start - 40) : y.start]
                if y.base:
                    bases.add(int(y.year))
                    if re.search(r"\bcung ky\b[^,;.()]{0,12}$", before):
                        same_months.add(int(y.year))
                elif (
                    not _TARGET_YEAR_BEFORE.search(before)
                    and not re.match(r"\s*[-–]\s*(?:19|20)\d{2}", folded[y.end :])
                    and not re.search(r"(?:19|20)\d{2}\s*[-–]\s*$", before)
                ):
                    named.add(int(y.year))
        if not bases:
            return None
        later = sorted(y for y in named if y > max(bases))
        if later:
            return str(later[0])
        if same_months and max(same_months) == max(bases):
            return str(max(same_months) + 1)
        return None

    # -- kinds --------------------------------------------------------------------------

    @staticmethod
    def _kind(folded: str, start: int, figure: Figure, period: str | None, ctx: _Context) -> Kind:
        before = folded[:start]
        as_of = max((m.end() for m in _AS_OF.finditer(before)), default=-1)
        forecast = [m.start() for m in _FORECAST.finditer(before)]
        target = [m.start() for m in _TARGET.finditer(before)]
        published = ctx.article.published
        span = Period.of(period).year_range if period else None
        past = span is not None and published is not None and span[1] < published.year
        if forecast and forecast[-1] > as_of and not past:
            # "ước tính 18,3% năm 2024" in 2025 estimates what was, it does not forecast.
            return "forecast"
        if target and target[-1] > as_of:
            return "target"
        if (
            period
            and period[:4].isdigit()
            and published is not None
            and int(period[:4]) > published.year
            and _TARGET_YEAR.search(folded[max(0, start - 80) : start] + " ") is None
        ):
            future = re.search(
                rf"(?:den|toi|vao|truoc)\s+(?:het\s+)?(?:nam\s+)?{period[:4]}", folded
            )
            if future:
                return "target"
        if figure.unit in ("step", "times") or figure.role in ("from", "to"):
            return "change"
        if (
            _CHANGE_BEFORE.search(before[-30:]) or _CHANGE_PAIR.search(before[-60:])
        ) and figure.unit in ("%", "count", "VND", "USD", "index"):
            return "change"  # "tăng 0,16 điểm so với năm 2014" too
        return "actual"

    # -- figures ------------------------------------------------------------------------

    def figures(self, sentence: str) -> list[_Hit]:
        """The quantities of a sentence: counts, shares, money, ranks, indices, changes."""
        folded = fold_chars(sentence)
        blocked = [(m.start(), m.end()) for m in _LEVEL_LIST.finditer(folded)]
        blocked += [(m.start(), m.end()) for m in _DOCUMENT_F.finditer(folded)]
        hits: list[_Hit] = []
        for m in _FIGURE.finditer(folded):
            if _excluded(m, sentence, folded, blocked):
                continue
            parsed = _unit_and_value(m, sentence, folded)
            if parsed is None:
                continue
            unit, value, high, den = parsed
            before = folded[: m.start()]
            qualifier_m = _QUALIFIER.search(before[-16:])
            qualifier = ""
            if qualifier_m:
                word = qualifier_m.group(0).strip()
                qualifier = (
                    "more"
                    if word in ("hon", "tren", "vuot", "toi thieu", "it nhat")
                    else "less"
                    if word == "duoi"
                    else "about"
                )
            fig_end = _figure_end(m, sentence)
            raw = sentence[m.start() : fig_end].strip()
            if unit == "rank":
                window = max(0, len(before) - 25)
                rank_word = _RANK_BEFORE.search(before[window:])
                if rank_word:
                    raw = sentence[window + rank_word.start() : m.end()].strip()
            noun, noun_end = _noun_after(sentence, folded, fig_end)
            if unit in ("VND", "USD"):
                noun, noun_end = "", fig_end
            if (
                unit == "count"
                and m.group("wunit") == "nuoc"
                and re.search(
                    r"dan dau|dung dau|top|nhom", folded[max(0, m.start() - 12) : m.end() + 12]
                )
            ):
                unit = "rank"
            if unit == "rank" and re.search(r"\b(?:top|nhom)\s*$", before[-8:]):
                qualifier = "top"  # "vào nhóm bốn nước dẫn đầu", "top 10": a group, not a place
            if unit == "rank" and den is None:
                # "đứng thứ 70 trong số 134 quốc gia", "thứ 83 trên tổng số 190 quốc gia"
                field = _FIELD_AFTER.match(folded, m.end())
                if field and value <= int(field.group(1)):
                    den = float(field.group(1))
            figure = Figure(
                raw=raw,
                value=value,
                unit=unit,
                of=den,
                value_max=high,
                qualifier=qualifier,
                noun=noun,
            )
            hits.append(_Hit(m.start(), fig_end, figure, noun_end))
        for m in _ORDINAL_RANK.finditer(folded):
            group = next(g for g in ("word", "word2", "word3") if m.group(g))
            word, start = m.group(group), m.start(group)
            if any(h.start <= start < h.end for h in hits):
                continue
            if re.match(r"\s*(?:,\s*)?\d{1,2}/", folded[m.end() :]):
                continue  # "thứ Hai, 9/12": a weekday
            position = vn.ORDINALS[word]
            raw = sentence[m.start() : m.end()].strip()
            raw = re.sub(r"^(?:xếp|đứng|lên|xuống|giữ|ở)\s+", "", raw, flags=re.IGNORECASE)
            if group == "word3":
                raw = sentence[start - 4 : m.end()].strip()  # "thứ hai", not ", thứ hai"
            figure = Figure(raw=raw, value=position, unit="rank")
            hits.append(_Hit(m.start(), m.end(), figure, m.end()))
        for m in _STREAK.finditer(folded):
            # "11 năm liên tiếp", "năm thứ 7 liên tiếp", "lần thứ 11 liên tiếp": how long a run
            count = _count_of(m.group("count") or m.group("nth"))
            if count < 2 or any(h.start < m.end() and m.start() < h.end for h in hits):
                continue
            raw = sentence[m.start() : m.end()]
            noun = {"nam": "năm", "lan": "lần", "ky": "kỳ"}[m.group("unit") or m.group("unit2")]
            figure = Figure(raw=raw, value=count, unit="count", noun=f"{noun} liên tiếp")
            hits.append(_Hit(m.start(), m.end(), figure, m.end()))
        hits.sort(key=lambda h: h.start)
        return hits

    def dates(self, sentence: str, published: dt.date | None = None) -> list[_Hit]:
        """Dates as figures (value yyyymmdd, 00 for what is not said): full dates, months, and
        years named as a time ("năm 2019", "từ năm 2020"), not comparison bases. A day without
        its year ("phát hành ngày 11/5") takes the year the sentence names, if one, else the
        last such day up to ``published`` (news reports what just happened)."""
        folded = fold_chars(sentence)
        hits: list[_Hit] = []
        taken: list[tuple[int, int]] = []
        for m in _FULL_DATE_F.finditer(folded):
            groups = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
            day, month, year = (int(g) for g in groups)
            value = _date_value(year, month, day)
            if value is None:
                continue
            raw = sentence[m.start() : m.end()]
            raw = re.sub(r"^ngày\s+", "", raw, flags=re.IGNORECASE)
            hits.append(_Hit(m.start(), m.end(), Figure(raw=raw, value=value, unit="date")))
            taken.append((m.start(), m.end()))
        for m in _MONTH_F.finditer(folded):
            if any(a <= m.start() < b for a, b in taken):
                continue
            month, year = (
                int(g) for g in ((m.group(1), m.group(2)) if m.group(1) else m.group(3, 4))
            )
            value = _date_value(year, month)
            if value is None:
                continue
            raw = sentence[m.start() : m.end()]
            hits.append(_Hit(m.start(), m.end(), Figure(raw=raw, value=value, unit="date")))
            taken.append((m.start(), m.end()))
        mentions = self._years(folded)
        named = {
            y.year
            for y in mentions
            if not y.base
            and len(y.year) == 4
            # "Kết quả DTI 2024 ... công bố hôm nay, ngày 21/10": an edition, not the day's year
            and not _EDITION_BEFORE.search(sentence, 0, y.start)
            # "... ngày 25-10 nhằm ... đến năm 2030": a year looked ahead to, not the day's
            and not _TARGET_YEAR_BEFORE.search(folded[max(0, y.start - 40) : y.start])
        }
        for m in _DAY_MONTH_F.finditer(folded):
            if any(a <= m.start(1) < b for a, b in taken) or (published is None and not named):
                continue
            day, month = int(m.group(1)), int(m.group(2))
            if len(named) == 1:
                year = int(next(iter(named)))
            elif published is not None and not named:
                year = published.year - ((month, day) > (published.month, published.day))
            else:
                continue
            value = _date_value(year, month, day)
            if value is None:
                continue
            raw = sentence[m.start(1) : m.end()]
            hits.append(_Hit(m.start(1), m.end(), Figure(raw=raw, value=value, unit="date")))
            taken.append((m.start(1), m.end()))
        for mention in mentions:
            if mention.base or any(a <= mention.start < b for a, b in taken):
                continue
            if len(mention.year) != 4 or not re.search(r"\bnam\s*$", folded[: mention.start]):
                continue
            if _RANGE_F.match(folded, max(0, mention.start - 7)) or re.match(
                r"\s*[-–]\s*\d", folded[mention.end :]
            ):
                continue
            raw = sentence[
                mention.start
                - (
                    len(folded[: mention.start]) - folded[: mention.start].rstrip().rfind("nam")
                ) : mention.end
            ]
            hits.append(
                _Hit(
                    mention.start,
                    mention.end,
                    Figure(raw=raw.strip(), value=float(int(mention.year) * 10000), unit="date"),
                )
            )
        hits.sort(key=lambda h: h.start)
        return hits

    def documents(self, sentence: str) -> list[_Hit]:
        """Legal documents by number: "Quyết định số 749/QĐ-TTg", "Nghị quyết 17/NQ-CP"."""
        folded = fold_chars(sentence)
        hits: list[_Hit] = []
        for m in _DOCUMENT_F.finditer(folded):
            number = sentence[m.start("num") : m.end("num")].strip()
            kind = sentence[m.start("kind") : m.end("kind")]
            lead = re.match(r"\d+", number)
            value = float(lead.group(0)) if lead else 0.0
            figure = Figure(raw=number, value=value, unit="document", noun=kind)
            hits.append(_Hit(m.start(), m.end(), figure, m.end()))
        return hits

    # -- sentences ----------------------------------------------------------------------

    def extract(
        self,
        article: Article,
        paragraphs: list[str],
        tables: Sequence[Table] = (),
        asides: Sequence[str] = (),
        month: str | None = None,
    ) -> Extraction:
        """The facts and rankings of one article. ``asides`` are the headings and captions set
        between its paragraphs, ``month`` the month an undated page was saved in."""
        out = Extraction()
        ctx = _Context(
            article,
            self._focus_year(article, paragraphs, asides, month),
            self._home(article, paragraphs),
            month=month,
        )
        sentence_no = 0
        heading: str | None = None
        ranking_field: int | None = None
        previous_year: str | None = None
        previous_sentence = ""
        for index in range(len(paragraphs) + 1):
            for table in tables:
                if table.after == index:
                    sentence_no += 1
                    self._table(article, table, sentence_no, ctx, out)
            if index == len(paragraphs):
                break
            paragraph = paragraphs[index]
            ctx.paragraph_subject = None
            ctx.paragraph_year = (
                previous_year if _CONTINUATION.match(fold_chars(paragraph)) else None
            )
            if paragraph.rstrip().endswith(":") and len(paragraph.split()) < 25:
                heading = paragraph.rstrip(": ").strip()
                sentence_no += 1
                continue
            for sentence in vn.sentences(paragraph):
                sentence_no += 1
                sentence = _strip_outlet(sentence)
                folded = fold_chars(sentence)
                first_new = len(out.facts)
                listed = self._ordered_list(
                    article, sentence, folded, sentence_no, heading, ctx, ranking_field
                )
                if listed is not None:
                    out.facts.extend(listed[0])
                    out.rankings.extend(listed[1])
                    ranking_field = None
                else:
                    self._sentence(article, sentence, folded, sentence_no, ctx, out)
                context = heading or previous_sentence
                for position in range(first_new, len(out.facts)):
                    out.facts[position] = out.facts[position].model_copy(
                        update={"context": context}
                    )
                previous_sentence = sentence
                years = [y for y in self._years(folded) if not y.base]
                if years:
                    ctx.paragraph_year = years[-1].year
                heading = None if not sentence.rstrip().endswith(":") else heading
            previous_year = ctx.paragraph_year
        self._headline(article, paragraphs, sentence_no + 1, ctx, out)
        self._name_the_articles_index(article, [*paragraphs, *asides], out)
        return out

    def _headline(
        self,
        article: Article,
        paragraphs: list[str],
        sentence_no: int,
        ctx: _Context,
        out: Extraction,
    ) -> None:
        """Figures only the headline says ("SIPAS 2019: Tỷ lệ ... hài lòng ... đạt 84,45%",
        the body never repeating it): facts quoting the headline. A figure the body says is
        the body's (the headline's is often rounded), a small count names a set ("SIPAS của
        63 địa phương", "Cao điểm 90 ngày đêm"), and a headline cut from the first sentence
        ("Theo công bố…") says nothing of its own."""
        title = article.title
        if not title or title.endswith("…") or not re.search(r"\d", title):
            return
        body = fold_chars(" ".join(paragraphs))
        first_fact, first_ranking = len(out.facts), len(out.rankings)
        ctx.paragraph_subject = None
        ctx.paragraph_year = None
        self._sentence(article, title, fold_chars(title), sentence_no, ctx, out)
        out.facts[first_fact:] = [
            f
            for f in out.facts[first_fact:]
            if (f.primary.unit != "count" or f.primary.value >= 1000)
            and f.primary.unit not in ("date", "document", "rank")
            and fold_chars(f.primary.raw) not in body
        ]
        del out.rankings[first_ranking:]

    def _home(self, article: Article, paragraphs: list[str]) -> str | None:
        """The province or ministry an article is about: the one its title names, else the one
        its text names most, if it is named at least half as often as all others together."""
        named = {e[2] for e in self.entities(article.title) if e[3] in ("province", "ministry")}
        if len(named) == 1:
            return named.pop()
        counts: dict[str, int] = {}
        for paragraph in paragraphs:
            for entity in self.entities(paragraph):
                if entity[3] in ("province", "ministry"):
                    counts[entity[2]] = counts.get(entity[2], 0) + 1
        if not counts:
            return None
        top, count = max(counts.items(), key=lambda item: item[1])
        return top if count >= 3 and 2 * count >= sum(counts.values()) else None

    def _sentence(
        self,
        article: Article,
        sentence: str,
        folded: str,
        sentence_no: int,
        ctx: _Context,
        out: Extraction,
    ) -> None:
        entities = self.entities(sentence)
        hits = self.figures(sentence)
        dates = self.dates(sentence, article.published or _month_end(ctx.month))
        documents = self.documents(sentence)
        years = self._years(folded)
        topics = self.lexicon.topics_of(self.lexicon.match(sentence))
        scope = self._scope_index(folded)
        quantities = sorted(hits, key=lambda h: h.start)
        subjects_seen: list[str] = []
        measures: list[tuple[str, str]] = []
        index = 0
        while index < len(quantities):
            hit = quantities[index]
            group = [hit]
            # "từ 72% năm 2018 lên 86,5% năm 2019": one change with two dated values.
            if (
                index + 1 < len(quantities)
                and _FROM_TO.search(folded[: hit.start])
                and _TO_WORD.match(folded[hit.end : quantities[index + 1].start])
            ):
                after = quantities[index + 1]
                if hit.figure.unit == "rank" and _bare_count(after.figure):
                    # "từ vị trí 53 lên 46": the second place is said without its word.
                    after = _Hit(
                        after.start,
                        after.end,
                        after.figure.model_copy(update={"unit": "rank"}),
                        after.noun_end,
                    )
                    quantities[index + 1] = after
                if after.figure.unit == hit.figure.unit:
                    group = [hit, after]
            measure = _measure(sentence, folded, quantities, index)
            earlier = [m for unit, m in measures if unit == hit.figure.unit]
            if earlier and _period_only(measure):
                # "đạt 30% (cùng kỳ năm 2019 chỉ đạt 16,1%)": the same measure, another period.
                measure = earlier[-1]
            measures.append((hit.figure.unit, measure))
            figures: list[Figure] = []
            places = (
                len(group) == 2
                and all(_bare_count(item.figure) for item in group)
                and bool(_RANK_MOVE.search(folded))
            )
            for role, item in zip(
                ("from", "to") if len(group) == 2 else ("value",), group, strict=True
            ):
                period, _ = self._period(folded, item.start, item.end, years, quantities, ctx)
                update: dict[str, object] = {"period": period, "role": role}
                if places:
                    # "tăng 3 bậc, từ 120 lên 117": the places before and after.
                    update |= {"unit": "rank", "noun": ""}
                figures.append(item.figure.model_copy(update=update))
            last = group[-1]
            period, label = self._period(folded, last.start, last.end, years, quantities, ctx)
            span = re.fullmatch(r"(\d{4})-(\d{4})", period or "")
            if len(group) == 2 and span:
                # "giai đoạn 2014-2020, từ vị trí 99 lên vị trí 86": each end of the span.
                figures = [
                    figures[0].model_copy(update={"period": span.group(1)}),
                    figures[1].model_copy(update={"period": span.group(2)}),
                ]
                period, label = span.group(2), f"năm {span.group(2)}"
            if len(group) == 1 and _BASE_FIGURE.search(folded[max(0, hit.start - 60) : hit.start]):
                # "tăng 18 bậc so với vị trí 118 của năm 2022", "từ vị trí thứ 7 của năm trước":
                # the figure compared with, dated by the year after it.
                period, label = self._base_period(folded, hit.end, period, ctx)
                figures = [figures[0].model_copy(update={"role": "from", "period": period})]
            kind = self._kind(folded, hit.start, figures[-1], period, ctx)
            subject = self._subject(folded, entities, hit.start, ctx, last.end)
            if subject not in (ctx.paragraph_subject, ctx.home) and "(trung bình)" not in subject:
                subjects_seen.append(subject)
            fact = Fact(
                article=article.id,
                sentence_no=sentence_no,
                quote=sentence,
                figures=tuple(figures),
                kind=kind,
                measure=measure,
                subject=subject,
                period=period,
                period_label=label,
                topics=topics,
            )
            if fact.primary.unit == "rank" and kind == "actual" and fact.primary.qualifier != "top":
                ranking = self._ranking(article, folded, hit, fact, scope)
                out.rankings.append(ranking)
                series = _ranking_label(ranking)
                if series:
                    fact = fact.model_copy(update={"measure": f"{series}: {fact.measure}"})
                if ranking.scheme in ("provinces", "ministries"):
                    ctx.last_rank = (ranking.rank, ranking.scheme)
            out.facts.append(fact)
            index += len(group)
        self._prose_ranks(
            article,
            sentence,
            folded,
            sentence_no,
            entities,
            years,
            quantities,
            ctx,
            out,
            scope,
            topics,
        )
        for hit in [*dates, *documents]:
            period = date_iso(hit.figure.value) if hit.figure.unit == "date" else None
            if period is None:
                period, label = self._period(folded, hit.start, hit.end, years, quantities, ctx)
            else:
                label = period
            measure = _measure(sentence, folded, [*quantities, hit], len(quantities))
            out.facts.append(
                Fact(
                    article=article.id,
                    sentence_no=sentence_no,
                    quote=sentence,
                    figures=(hit.figure.model_copy(update={"period": period}),),
                    kind="actual",
                    measure=measure,
                    subject=self._subject(folded, entities, hit.start, ctx),
                    period=period,
                    period_label=label,
                    topics=topics,
                )
            )
        if len(set(subjects_seen)) == 1:
            ctx.paragraph_subject = subjects_seen[0]

    def _name_the_articles_index(
        self, article: Article, paragraphs: list[str], out: Extraction
    ) -> None:
        """A page about one index (named in more paragraphs and headings than any other, at
        least twice) whose title does not name it: its facts that name no index themselves,
        nor does the sentence before, are that index's ("Kết quả xếp hạng cụ thể cho thấy
        Quảng Ninh dẫn đầu" on a PAPI page titled by its first sentence). The name is added to
        the fact's context, which retrieval reads with the sentence and the title."""
        if self._scope_index(fold_chars(article.title)):
            return
        named = Counter(
            found for p in paragraphs if (found := self._scope_index(fold_chars(p))) is not None
        )
        ranked = named.most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return
        index_name = ranked[0][0]
        for position, fact in enumerate(out.facts):
            if self._scope_index(fold_chars(f"{fact.quote} {fact.context}")) is None:
                context = f"{fact.context} ({index_name})".strip()
                out.facts[position] = fact.model_copy(update={"context": context})

    def _scope_index(self, matched_folded: str) -> str | None:
        """The index a sentence ranks by ("DTI", "PAR Index", "EGDI"), from the lexicon."""
        text = self.lexicon.match(matched_folded)
        for pattern, name in self._index_patterns:
            if pattern.search(text):
                return name
        return None

    # -- rankings -----------------------------------------------------------------------

    def _ranking(
        self, article: Article, folded: str, hit: _Hit, fact: Fact, index_name: str | None
    ) -> Ranking:
        figure = fact.primary
        after = folded[hit.end : hit.end + 30]
        scope = next((v for k, v in _REGIONS.items() if after.lstrip().startswith(k)), None)
        sub = _SUBINDEX.search(folded[max(0, hit.start - 60) : hit.start])
        lead = folded[max(0, hit.start - 80) : hit.start]
        lead = lead[max((m.end() for m in re.finditer(r"\d", lead)), default=0) :]
        own_index = self._scope_index(lead) if lead.strip() else None
        if own_index:
            index_name = own_index
        if scope is None and index_name in self.lexicon.subindices:
            scope = index_name
        if scope is None and sub and "phat trien chinh phu dien tu" not in sub.group(0):
            sub_name = self._scope_index(sub.group(0))
            if sub_name and sub_name != "EGDI":
                scope = sub_name
        if scope is None:
            scope = next((v for k, v in _REGIONS.items() if k in folded and k != "quoc gia"), None)
        entity = self.lexicon.entity(fact.subject)
        if entity is not None and entity.type == "province":
            scheme = "provinces"
        elif entity is not None and entity.type == "ministry":
            scheme = "ministries"
        elif index_name and index_name != "EGDI" and index_name not in self.lexicon.subindices:
            # "WEF ... Chỉ số sẵn sàng kết nối, Việt Nam đứng thứ 70": countries ranked by
            # another index than the UN survey, kept out of its history (/rank)
            scheme = "countries"
        else:
            scheme = "un_egdi"
        if scheme == "countries":
            scope = f"{index_name} ({scope or 'thế giới'})"
        elif scheme != "un_egdi":
            scope = index_name or "cả nước"
        elif scope is None:
            scope = "thế giới"
        of = figure.of
        if of is None:
            field_m = re.search(r"(?:trong|tren|trong so)\s+(\d+)\s", folded)
            of = float(field_m.group(1)) if field_m else None
        year = int(fact.period[:4]) if fact.period and fact.period[:4].isdigit() else None
        return Ranking(
            scheme=scheme,
            scope=scope,
            entity=fact.subject,
            rank=int(figure.value),
            of=int(of) if of else None,
            year=year,
            article=article.id,
            fact_sentence=fact.sentence_no,
        )

    @staticmethod
    def _named_at(
        folded: str,
        cue: re.Match[str],
        ranked: list[_Entity],
        target: re.Match[str] | None,
        local: re.Match[str] | None,
    ) -> _Entity | None:
        """Whom a place said in words belongs to: the name after "là" / "thuộc về" or in the
        brackets that follow, else the last name before it in its clause; None for a group
        ("ba địa phương ở cuối bảng"), an aim, a district's place or a comparison base."""
        lead = folded[max(0, cue.start() - 40) : cue.start()]
        if (
            (target and target.start() < cue.start())
            or (local and local.start() < cue.start())
            or _LAST_GROUP.search(lead)
            or re.search(r"\bso voi(?: \w+){0,2}\s*$", lead)
        ):
            return None
        follows = re.match(
            r"\s*(?:(?:[a-z0-9]+,?\s+){0,6}?(?:la|thuoc ve)\b|:)\s*", folded[cue.end() :]
        )
        after = [e for e in ranked if e[0] >= cue.end()]
        named = [e for e in after if follows and e[0] - cue.end() - follows.end() <= 6]
        if follows and named:
            return named[0]
        bracket = re.match(r"[^.;()]{0,25}\(\s*", folded[cue.end() :])
        if bracket and after and after[0][0] == cue.end() + bracket.end():
            return after[0]  # "thăng cao nhất 34 bậc (Sóc Trăng)"
        before = [
            e
            for e in ranked
            if e[1] <= cue.start() and not re.search(r"[;:]|,\s", folded[e[1] : cue.start()])
        ]
        if before and cue.start() - before[-1][1] <= 120:
            if len(before) > 1 and _LIST_GAP.fullmatch(folded[before[-2][1] : before[-1][0]]):
                return None  # "Bạc Liêu, Quảng Ninh và Trà Vinh ... tăng nhiều nhất": a group
            return before[-1]
        return None

    def _rank_fact(
        self,
        article: Article,
        sentence: str,
        sentence_no: int,
        name: str,
        position: int,
        raw: str,
        period: str | None,
        label: str,
        measure: str,
        topics: tuple[str, ...],
        of: int | None,
        index_name: str | None,
        out: Extraction,
        qualifier: Literal["", "last", "rise", "fall"] = "",
    ) -> None:
        """A place said in words; with a ``qualifier`` (the last, who rose or fell most) it
        has no number, so it is a fact but no row of the ranking."""
        entity = self.lexicon.entity(name)
        kind = entity.type if entity else ""
        scheme = {"province": "provinces", "ministry": "ministries"}.get(kind, "un_egdi")
        figure = Figure(
            raw=raw, value=position, unit="rank", of=of, qualifier=qualifier, period=period
        )
        fact = Fact(
            article=article.id,
            sentence_no=sentence_no,
            quote=sentence,
            figures=(figure,),
            kind="actual",
            measure=measure,
            subject=entity.name if entity else name,
            period=period,
            period_label=label,
            topics=topics,
        )
        duplicate = any(
            f.sentence_no == sentence_no
            and f.subject == fact.subject
            and f.primary.unit == "rank"
            and f.primary.value == position
            and f.primary.qualifier == qualifier
            for f in out.facts[-40:]
        )
        if duplicate:
            return
        out.facts.append(fact)
        if qualifier:
            return
        scope = index_name or ("cả nước" if scheme != "un_egdi" else "thế giới")
        out.rankings.append(
            Ranking(
                scheme=scheme,
                scope=scope,
                entity=fact.subject,
                rank=position,
                of=of,
                year=int(period[:4]) if period and period[:4].isdigit() else None,
                article=article.id,
                fact_sentence=sentence_no,
            )
        )

    def _prose_ranks(
        self,
        article: Article,
        sentence: str,
        folded: str,
        sentence_no: int,
        entities: list[tuple[int, int, str, str]],
        years: list[_Year],
        hits: list[_Hit],
        ctx: _Context,
        out: Extraction,
        index_name: str | None,
        topics: tuple[str, ...],
    ) -> None:
        """Positions said in words: "X dẫn đầu", "đứng đầu là X", "tiếp theo là A, B",
        "nhóm ba địa phương dẫn đầu gồm A, B và C"."""
        ranked = [e for e in entities if e[3] in ("province", "ministry", "country")]
        if not ranked:
            return
        measure = re.split(r"[,;:]", sentence)[0].strip()[:120]

        def emit(entity: tuple[int, int, str, str], position: int, raw: str, at: int) -> None:
            period, label = self._period(folded, at, at + 1, years, hits, ctx)
            self._rank_fact(
                article,
                sentence,
                sentence_no,
                entity[2],
                position,
                raw,
                period,
                label,
                measure,
                topics,
                None,
                index_name,
                out,
            )
            ctx.last_rank = (position, entity[3])

        # A group named with its size, its members listed: positions in the listed order,
        # only when all are listed ("còn lại trong top 10 gồm A, B" lists some, not places).
        for pattern, names_first in (
            (_TOP_GROUP, False),
            (_GROUP_AFTER, False),
            (_GROUP_BEFORE, True),
        ):
            group = pattern.search(folded)
            if not group:
                continue
            size = _count_of(group.group(1))
            listed = (
                _list_before(folded, ranked, group.start())
                if names_first
                else _list_after(folded, ranked, group.end())
            )
            if size >= 2 and len(listed) == size:
                for position, entity in enumerate(listed, start=1):
                    emit(entity, position, f"top {size}", group.start())
                return
        respective = _respective_ranks(folded, ranked)
        if respective:
            # The names and places pair in order; a place read alone went to the nearest name.
            placed = {position for _, position, _ in respective}
            out.facts = [
                f
                for f in out.facts
                if not (
                    f.sentence_no == sentence_no
                    and f.quote == sentence
                    and f.primary.unit == "rank"
                    and f.primary.value in placed
                )
            ]
            out.rankings = [
                r
                for r in out.rankings
                if not (
                    r.article == article.id and r.fact_sentence == sentence_no and r.rank in placed
                )
            ]
            for entity, position, at in respective:
                emit(entity, position, f"thứ {position}", at)
        target = _TARGET.search(folded)
        local = _LOCAL_LEVEL.search(folded)
        for cue in _FIRST_CUE.finditer(folded):
            if target and target.start() < cue.start():
                continue  # "phấn đấu vào nhóm dẫn đầu": an aim, not a position held
            if local and local.start() < cue.start():
                continue  # "Ở cấp huyện, TP Hải Dương ... dẫn đầu": first within a province
            if re.search(
                r"\bnhom(?: \w+){0,4}\s*$", folded[max(0, cue.start() - 30) : cue.start()]
            ):
                continue  # "nhóm 50 nước dẫn đầu": a group, not first place
            if re.search(
                r"\bso voi(?: \w+){0,2}\s*$", folded[max(0, cue.start() - 30) : cue.start()]
            ):
                continue  # "lùi 3 bậc so với vị trí dẫn đầu": the base, not the place held
            if re.match(r"\s+(?:khu vuc|vung|mien|dong bang|tay nguyen)\b", folded[cue.end() :]):
                continue  # "đứng đầu khu vực Đồng bằng sông Cửu Long": first in a region only
            before = [
                e
                for e in ranked
                if e[1] <= cue.start() and not re.search(r"[;:]", folded[e[1] : cue.start()])
            ]
            after = [e for e in ranked if e[0] >= cue.end()]
            # "dẫn đầu là X", "dẫn đầu bảng xếp hạng năm nay là X": the name right after "là".
            # "Đứng đầu khối bộ, ngành là X"; not "X đứng đầu thế giới, tiếp theo là Y".
            follows = re.match(
                # "đứng đầu về CCHC trong khối các cơ quan bộ, ngành là X": up to 12 words,
                # none that turns to another place ("trong khi tỉnh thấp nhất là Y").
                r"\s*(?:(?:(?!tiep theo\b|ke (?:den|tiep)\b|theo sau\b|xep sau\b|sau do\b"
                r"|trong khi\b|con\b|nhung\b|thap\b|cuoi\b|sau\b|thu\b)"
                r"[a-z0-9&]+,?\s+){0,12}?(?:la|thuoc ve)\b|:)\s*",
                folded[cue.end() :],
            )
            named = [e for e in after if follows and e[0] - cue.end() - follows.end() <= 6]
            if follows and named:
                chosen = named[0]
            elif before and cue.start() - before[-1][1] <= 120:
                chosen = before[-1]
            else:
                continue
            emit(chosen, 1, sentence[cue.start() : cue.end()], cue.start())
        for pattern, qualifier, value in _SAID_PLACES:
            for cue in pattern.finditer(folded):
                # Places without a number: the last ("Cao Bằng đứng cuối"), who rose or fell
                # most ("Bình Thuận tăng mạnh nhất", "thăng cao nhất 34 bậc (Sóc Trăng)"). A
                # fact for "tỉnh nào đứng cuối / tăng mạnh nhất", not a place in the ranking
                # (/rank shows numbered places only).
                owner = self._named_at(folded, cue, ranked, target, local)
                if owner is None or (
                    qualifier == "last"
                    and any(
                        f.sentence_no == sentence_no
                        and f.quote == sentence
                        and f.subject == owner[2]
                        and f.primary.unit == "rank"
                        for f in out.facts[-30:]
                    )
                ):
                    continue  # "Bắc Kạn xếp cuối (63/63)": the place is said
                period, label = self._period(folded, cue.start(), cue.end(), years, hits, ctx)
                self._rank_fact(
                    article,
                    sentence,
                    sentence_no,
                    owner[2],
                    value,
                    sentence[cue.start() : cue.end()],
                    period,
                    label,
                    measure,
                    topics,
                    None,
                    index_name,
                    out,
                    qualifier,
                )
        for cue in _PLACE_BEHIND.finditer(folded):
            place = 2 if cue.group(1) == "nhi" else _count_of(cue.group(1))
            above = next((e for e in ranked if cue.end() <= e[0] <= cue.end() + 3), None)
            if place >= 2 and above is not None:
                emit(above, place - 1, f"thứ {place - 1}", above[0])
        moves = [m.span() for p in (vn.ROSE_MOST, vn.FELL_MOST) for m in p.finditer(folded)]
        for cue in _SUPERLATIVE.finditer(folded):
            # "A có tỷ lệ ... cao nhất": first place for a province or a ministry that is the
            # last name before it in the clause; not "cao nhất từ trước đến nay" (its own best).
            if (
                _NOT_AMONG_OTHERS.match(folded, cue.end())
                or (target and target.start() < cue.start())
                or (local and local.start() < cue.start())
                or any(a < cue.end() <= b for a, b in moves)
            ):
                continue  # "tăng nhiều nhất": who rose most (above), not who leads
            before = [e for e in ranked if e[1] <= cue.start()]
            if not before or before[-1][3] not in ("province", "ministry"):
                continue
            between = folded[before[-1][1] : cue.start()]
            if len(between) > 120 or re.search(r"[,;:()]|\b(?:trong khi|nhung|con)\b", between):
                continue
            emit(before[-1], 1, sentence[cue.start() : cue.end()], cue.start())
        for cue in _NEXT_CUE.finditer(folded):
            stated = [
                int(f.primary.value)
                for f in out.facts[-30:]
                if f.sentence_no == sentence_no
                and f.primary.unit == "rank"
                and f.quote == sentence
                and fold_chars(f.primary.raw) in folded[: cue.start()]
            ]
            if stated:
                position = max(stated)
            elif ctx.last_rank is not None:
                position = ctx.last_rank[0]
            else:
                break
            # The list ends at a semicolon or the sentence's end, not at the dots of "TP.HCM"
            # or "86.315 hồ sơ".
            stop = re.search(r";|\.\s*$", folded[cue.end() :])
            limit = cue.end() + (stop.start() if stop else len(folded))
            for entity in [e for e in ranked if cue.end() <= e[0] < limit]:
                position += 1
                emit(entity, position, f"thứ {position}", cue.start())

    def _table(
        self, article: Article, table: Table, sentence_no: int, ctx: _Context, out: Extraction
    ) -> None:
        """Facts from a table's rows.

        A row names an entity (a ranking: "1 | Quảng Ninh | 0,6228") or a period (a series:
        "2003 | 97 | 191 | 0,338"); every figure cell becomes a fact whose measure is its column
        header, and a ranking's position becomes a rank fact for the entity.
        """
        heading = table.heading.rstrip(" :.")
        context = " ".join([heading, *table.header])
        folded_context = fold_chars(context)
        years = [y for y in self._years(fold_chars(heading)) if not y.base] or [
            y for y in self._years(folded_context) if not y.base
        ]
        table_period: str | None
        if years:
            table_period, table_label = years[-1].year, f"năm {years[-1].year}"
        elif ctx.paragraph_year or ctx.focus:
            inherited = ctx.paragraph_year or ctx.focus or ""
            table_period, table_label = inherited, f"năm {inherited}"
        else:
            table_period, table_label = self._as_of(article.published, ctx.month)
        index_name = self._scope_index(folded_context) or self._scope_index(
            fold_chars(article.title)
        )
        topics = self.lexicon.topics_of(self.lexicon.match(context))
        header_f = [fold_chars(h).strip() for h in table.header]
        rank_column: int | None = next(
            (
                i
                for i, h in enumerate(header_f)
                if re.fullmatch(r"s?tt|#|hang|thu hang|xep hang", h)
            ),
            None,
        )
        # A row's number ("TT") is no figure of its own; a column named for a year ("Xếp
        # hạng 2016" beside "Xếp hạng 2018") dates its own cells.
        numbering = {i for i, h in enumerate(header_f) if re.fullmatch(r"s?tt|#", h)}
        column_years = {
            i: found.group(0) for i, h in enumerate(header_f) if (found := _YEAR.search(h))
        }
        ranked_table = bool(
            re.search(r"xep hang|top|thu hang|bang xep|cao nhat|dan dau", fold_chars(heading))
        )
        default_subject = ctx.paragraph_subject or ctx.home or "Việt Nam"
        for row_no, cells in enumerate(table.rows, start=1):
            year_cell = next(
                (i for i, c in enumerate(cells) if re.fullmatch(r"(?:19|20)\d{2}", c.strip())), None
            )
            name_cell = next(
                (
                    i
                    for i, c in enumerate(cells)
                    if re.search(r"[^\W\d_]{2}", c) and not re.fullmatch(r"[\d.,%\s]+(?:điểm)?", c)
                ),
                None,
            )
            mentions = self.entities(cells[name_cell]) if name_cell is not None else []
            entity = mentions[0][2] if mentions else None
            subject = entity or default_subject
            period: str | None = table_period
            label = table_label
            if year_cell is not None and name_cell is None:
                period, label = cells[year_cell].strip(), f"năm {cells[year_cell].strip()}"
            position: int | None = None
            lead = 0 if rank_column is None else rank_column
            # "01 (0,727)" in a ranking: the place, then the score it was given.
            placed = next(
                (
                    (i, int(found.group(1)))
                    for i, c in enumerate(cells)
                    if ranked_table and (found := _PLACE_AND_SCORE.fullmatch(c.strip()))
                ),
                None,
            )
            if entity is not None and placed is not None:
                position = placed[1]
            elif (
                entity is not None
                and lead < len(cells)
                and lead != name_cell
                and re.fullmatch(r"\d{1,3}", cells[lead].strip())
                and (rank_column is not None or lead == 0)
            ):
                position = int(cells[lead])
            elif entity is not None and ranked_table and rank_column is None:
                position = row_no
            shown = "; ".join(
                f"{h}: {c}" if h else c
                for h, c in zip([*table.header, *[""] * len(cells)], cells, strict=False)
            )
            quote = f"{heading} — {shown}" if heading else shown
            if position is not None and entity is not None:
                self._rank_fact(
                    article,
                    quote,
                    sentence_no,
                    entity,
                    position,
                    f"thứ {position}",
                    period,
                    label,
                    heading or context,
                    topics,
                    None,
                    index_name,
                    out,
                )
            row_name = "" if entity or name_cell is None else cells[name_cell].strip()
            for column, cell in enumerate(cells):
                if column in (name_cell, year_cell) or (column == lead and position is not None):
                    continue
                if column in numbering:
                    continue
                column_name = table.header[column] if column < len(table.header) else ""
                column_f = fold_chars(column_name)
                column_year = column_years.get(column) if year_cell is None else None
                cell_period, cell_label = (
                    (column_year, f"năm {column_year}") if column_year else (period, label)
                )
                hits = self.figures(cell)
                if placed is not None and column == placed[0]:
                    hits = hits[1:]  # the place is the rank fact above; the score remains
                for hit in hits:
                    figure = hit.figure
                    if (
                        re.search(r"\bdiem\b|chi so|gia tri|egdi|dti", column_f)
                        and figure.unit == "count"
                    ):
                        figure = figure.model_copy(update={"unit": "index"})
                    if re.search(r"\bhang\b|thu hang|vi tri", column_f) and figure.unit == "count":
                        figure = figure.model_copy(
                            update={"unit": "rank", "raw": f"thứ {cell.strip()}"}
                        )
                    # A column named only by its year ("Năm 2024") dates its cells; what they
                    # measure is the table's, so both years stay one series.
                    named = column_name
                    if column_year and re.fullmatch(r"(?:nam\s+)?(?:19|20)\d{2}", column_f.strip()):
                        named = ""
                    measure = " — ".join(x for x in (row_name, named or heading) if x)
                    out.facts.append(
                        Fact(
                            article=article.id,
                            sentence_no=sentence_no,
                            context=table.heading,
                            quote=quote,
                            figures=(figure.model_copy(update={"period": cell_period}),),
                            kind="actual",
                            measure=measure,
                            subject=subject,
                            period=cell_period,
                            period_label=cell_label,
                            topics=topics,
                        )
                    )

    def _ordered_list(
        self,
        article: Article,
        sentence: str,
        folded: str,
        sentence_no: int,
        heading: str | None,
        ctx: _Context,
        field_size: int | None,
    ) -> tuple[list[Fact], list[Ranking]] | None:
        """ "theo thứ tự ... như sau: A, B, C" and "A xếp vị trí thứ 1; kế đến là: B, C"."""
        m = _ORDERED_LIST.search(folded)
        if not m:
            return None
        names: list[str] = []
        first = _FIRST_PLACE.search(folded[: m.start()])
        if first:
            lead = sentence[: first.start()]
            lead = re.split(r"[,;:]", lead)[-1].strip()
            names.append(lead)
        tail = sentence[m.end() :].rstrip(" .…")
        for part in re.split(r"[,;]", tail):
            part = part.strip(" .…")
            if self.lexicon.entity(part) is None and " và " in part:
                # "..., Bộ Nội vụ và Bộ Xây dựng": the last two names joined by "và".
                head, _, last = part.rpartition(" và ")
                if self.lexicon.entity(last.strip()) is not None:
                    names.extend([head.strip(), last.strip()])
                    continue
            names.append(part)
        names = [n for n in names if n]
        known = [self.lexicon.entity(n) for n in names]
        if len(names) < 3 or sum(k is not None for k in known) < max(2, len(names) // 2):
            return None
        span = re.search(r"tu xep hang (\d+) den xep hang (\d+)", folded)
        of = int(span.group(2)) if span else field_size
        if of is None and not sentence.rstrip().endswith("…"):
            of = len(names)
        types = {k.type for k in known if k is not None}
        scheme = "ministries" if types == {"ministry"} else "provinces"
        measure = heading or re.split(r"[:(]", sentence[: m.start()])[0].strip(" ,")
        measure = re.sub(r"^(?:Về|Ve)\s+", "", measure)
        own_years = _YEAR.findall(folded[: m.start()])
        if own_years:
            period, label = own_years[-1], f"năm {own_years[-1]}"
        elif ctx.paragraph_year:
            period, label = ctx.paragraph_year, f"năm {ctx.paragraph_year}"
        else:
            period, label = self._as_of(article.published, ctx.month)
        topics = self.lexicon.topics_of(self.lexicon.match(measure + " xếp hạng"))
        index_name = self._scope_index(fold_chars(measure)) or "cả nước"
        facts: list[Fact] = []
        rankings: list[Ranking] = []
        for position, (name, entity) in enumerate(zip(names, known, strict=True), start=1):
            subject = entity.name if entity else name
            figure = Figure(
                raw=f"thứ {position}", value=position, unit="rank", of=of, period=period
            )
            facts.append(
                Fact(
                    article=article.id,
                    sentence_no=sentence_no,
                    quote=sentence,
                    figures=(figure,),
                    kind="actual",
                    measure=measure,
                    subject=subject,
                    period=period,
                    period_label=label,
                    topics=topics,
                )
            )
            rankings.append(
                Ranking(
                    scheme=scheme,
                    scope=index_name,
                    entity=subject,
                    rank=position,
                    of=of,
                    year=int(period[:4]) if period else None,
                    article=article.id,
                    fact_sentence=sentence_no,
                )
            )
        return facts, rankings


_Entity = tuple[int, int, str, str]


def _dated(m: re.Match[str]) -> tuple[str, str]:
    """The period and label of an "as of" date written out (``_AS_OF_DATED``)."""
    day, month, year, month_only, month_year, year_only = m.groups()
    if year:
        return f"{year}-{int(month):02d}-{int(day):02d}", f"tính đến {day}/{month}/{year}"
    if month_year:
        return f"{month_year}-{int(month_only):02d}", f"tính đến tháng {month_only}/{month_year}"
    return year_only, f"năm {year_only}"


def _count_of(word: str) -> int:
    return int(word) if word.isdigit() else vn.ORDINALS.get(word, 0)


def _list_after(folded: str, ranked: list[_Entity], start: int) -> list[_Entity]:
    """The names listed from ``start`` on ("A, B và C"), up to the first other words."""
    listed: list[_Entity] = []
    position = start
    for entity in ranked:
        if entity[0] < position:
            continue
        if not _LIST_GAP.fullmatch(folded, position, entity[0]):
            break
        listed.append(entity)
        position = entity[1]
    return listed


def _list_before(folded: str, ranked: list[_Entity], end: int) -> list[_Entity]:
    """The names listed right before ``end`` ("A, B và C là ..."), in their order."""
    listed: list[_Entity] = []
    position = end
    for entity in reversed(ranked):
        if entity[1] > position:
            continue
        if not _LIST_GAP.fullmatch(folded, entity[1], position):
            break
        listed.insert(0, entity)
        position = entity[0]
    return listed


def _ordinals(folded: str, start: int) -> list[int]:
    """The positions written from ``start`` on: "thứ hai và thứ ba", "5, 6 và 7"."""
    found: list[int] = []
    for word in re.findall(r"nam \d{4}|[a-z0-9]+|[,;.()]", folded[start:]):
        if word in ("thu", ",", "va", "cac", "vi", "tri", "hang"):
            continue
        if word.isdigit() and len(word) <= 2:
            found.append(int(word))
        elif word in vn.ORDINALS and word != "mot":
            found.append(vn.ORDINALS[word])
        else:
            break
    return found


def _respective_ranks(folded: str, ranked: list[_Entity]) -> list[tuple[_Entity, int, int]]:
    """ "A và B lần lượt đứng thứ hai và thứ ba"; "các vị trí thứ 4 đến thứ 6 lần lượt thuộc
    về A, B và C": (name, place, where said), paired in order when the counts agree."""
    found: list[tuple[_Entity, int, int]] = []
    for cue in _RESPECTIVE_RANKS.finditer(folded):
        names = _list_before(folded, ranked, cue.start())
        positions = _ordinals(folded, cue.end())
        if len(names) >= 2 and len(names) == len(positions):
            found += [(e, p, cue.start()) for e, p in zip(names, positions, strict=True)]
    for span in _RESPECTIVE_SPAN.finditer(folded):
        low, high = int(span.group(1)), int(span.group(2))
        names = _list_after(folded, ranked, span.end())
        if 2 <= len(names) == high - low + 1:
            found += [(e, p, span.start()) for p, e in enumerate(names, start=low)]
    return found


def _strip_outlet(sentence: str) -> str:
    return re.sub(r"^\([\w.+ -]+\)\s*[-–—:]\s*", "", sentence)
