"""Facts and rankings from an article's body paragraphs.

A fact is one figure-bearing claim of one sentence: its figure(s) normalised, what it measures,
who it is about, the period it refers to, and whether it is an actual value, a change, a target
or a forecast. Rankings given as ordered lists become one fact per entry.

Every rule works on positions in the folded sentence (same length as the NFC sentence), so what
is matched without diacritics can be cut from the original text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from bot import vn
from bot.lexicon import Lexicon
from bot.models import Article, Fact, Figure, Kind, Ranking, Unit

NUM = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:nghin ty|ngan ty|nghin|ngan|trieu|ty|ti)"
_MONEY = r"(?:dong|vnd|usd|do la)"
_UNIT_WORD = r"(?:%|phan tram|bac|lan)"
_NUMBER_WORDS = r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)"
_FIGURE = re.compile(
    rf"(?<![\w.,-])(?<!\d/)(?P<num>{NUM})(?:\s*-\s*(?P<num2>{NUM}))?(?:\s*/\s*(?P<den>{NUM}))?"
    rf"(?:\s+(?P<scale>{_SCALE})(?![\w]))?"
    rf"(?:\s*(?P<unit>{_UNIT_WORD})(?![\w]))?"
    rf"(?:\s+(?P<money>{_MONEY})(?![\w]))?"
    rf"|(?<![\w])(?P<word>{_NUMBER_WORDS})\s+(?P<wunit>bac|lan|nuoc)(?![\w])"
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
_AMBIGUOUS_ALIASES = frozenset({"y te", "tai chinh", "cong an", "xay dung bo"})
_LOCAL_PORTAL = re.compile(r"\s*(?:cua\s+)?(?:tinh|thanh pho|huyen)\b")
_RANK_BEFORE = re.compile(
    r"(?:vi tri(?: thu)?|xep(?: hang)?(?: thu)?|dung(?: thu)?|hang(?: thu)?|thu hang|thu)\s*$"
)
_RANK_CUE = re.compile(r"xep hang|thu hang|vi tri|xep thu|dung thu|\bxep\b|dung dau")
_NOT_FIGURE_BEFORE = re.compile(
    r"(?:\bso|\bdieu|\bkhoan|\bchuong|\bmuc do|\bmuc|\bcap do|\blevel|\bngay|\bthang|\bquy"
    r"|\bhom|\bsang|\bchieu|\btrua|\btoi|\bdem|\bnam|\bgiai doan|\btu nam|\bden nam|\bdot)\s*$"
)
_LEVEL_LIST = re.compile(r"(?:muc do|muc|cap do)\s+\d(?:\s*(?:,|va|hoac)\s*\d)+")
_DURATION_AFTER = re.compile(
    r"^\s*(?:nam|thang|ngay|gio|tieng|phut|giay|tuan|h\d|:\d|km|m\b|kg|tuoi|g\b)"
)
_DATE_LIKE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])")
_DOC_SUFFIX = re.compile(r"^\s*/\s*[a-z]")
_QUALIFIER = re.compile(r"(?:hon|tren|vuot|gan|khoang|xap xi|chung|toi thieu|it nhat|duoi)\s*$")
_TARGET = re.compile(r"muc tieu|phan dau|chi tieu|dat ra|ke hoach|dinh huong|huong toi|nham dat")
_FORECAST = re.compile(r"du doan|du bao|du kien|uoc tinh|ky vong|uoc dat")
_CHANGE_BEFORE = re.compile(r"(?:tang|giam|nang|tang truong)(?: them)?(?: hon| gan| khoang)?\s*$")
_AS_OF = re.compile(
    r"den nay|hien nay|hien co|hien dat|tinh den (?:nay|ngay|thang|het|cuoi|\d)|\bhien\b"
    r"|thoi diem nay"
)
_CONTINUATION = re.compile(
    r"^(?:theo do|trong do|cu the(?! hoa)|tuy nhien|ben canh do|ngoai ra|dong thoi)\b"
)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|\s-\s|,\s(?=trong do|qua do|dong thoi|con|nhung)")
_FROM_TO = re.compile(r"\btu\s*$")
_TO_WORD = re.compile(r"^\s*(?:nam\s+\d{4}\s*)?(?:len|den|toi|xuong|thanh)\s*$")
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
    ]
)
_LEAD_TRIM = re.compile(
    r"^(?:\s*(?:va|trong do|trong|do|qua do|dong thoi|cung|con|voi|la|dat|co|hon|tren|khoang|gan"
    r"|hien|ve|theo do|cu the|ngoai ra|so voi|den nay|tu|len|nam \d{4})\b[\s,]*)+"
)


def fold_chars(text: str) -> str:
    """Fold character by character so positions stay aligned with the NFC text."""
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return "d" if base == "đ" else base


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


def _unit_and_value(
    m: re.Match[str], sentence: str, folded: str
) -> tuple[Unit, float, float | None, float | None] | None:
    if m.group("word"):
        word_value = vn.parse_number_word(m.group("word"))
        if word_value is None:
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
    if word in ("%", "phan tram"):
        return "%", value, high, None
    if money:
        return ("USD" if money in ("usd", "do la") else "VND"), value, high, None
    if word == "bac":
        return "step", value, high, None
    if word == "lan":
        return "times", value, high, None
    before = folded[: m.start()]
    if den is not None:
        rank_context = _RANK_CUE.search(before) or _RANK_BEFORE.search(before)
        return ("rank" if rank_context else "count"), value, None, den
    if _RANK_BEFORE.search(before[-25:]) and value < 1000:
        return "rank", value, high, None
    if 0 < value < 1 and re.search(r"chi so[^.;]*$", before[-60:]):
        return "index", value, None, None
    return "count", value, high, None


def _excluded(m: re.Match[str], sentence: str, folded: str, blocked: list[tuple[int, int]]) -> bool:
    if m.group("word"):
        return False
    start, end = m.start(), m.end()
    if any(a <= start < b for a, b in blocked):
        return True
    before, after = folded[:start], folded[end:]
    raw = m.group(0)
    if _DOC_SUFFIX.match(after) or re.match(r"^[a-z]", after):
        return True
    if re.match(r"^/\d", after):
        # The rest of a full date ("12/02/2020"): the pattern stopped at its second slash.
        return True
    if _DATE_LIKE.fullmatch(raw.strip()) and re.search(
        r"(?:ngay|thang|sang|chieu|toi|trua|hom|dem|tu|den)\s*$", before
    ):
        return True
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/(?:19|20)\d{2}", raw.strip()):
        return True
    plain = not (m.group("unit") or m.group("money") or m.group("scale") or m.group("den"))
    if plain and _YEAR.fullmatch(m.group("num")) and m.group("num2") is None:
        return True
    if plain and m.group("num2") and _YEAR_RANGE.fullmatch(raw.strip()):
        return True
    if plain and _NOT_FIGURE_BEFORE.search(before[-14:]):
        return True
    if plain and _DURATION_AFTER.match(after):
        return True
    # "63 tỉnh" after a noun ("CQĐT 63 tỉnh") names the set of all provinces, not a count.
    return bool(
        plain
        and _CONSTANTS.match(folded[start:].replace(",", ""))
        and re.search(r"[a-z]\s*$", before)
    )


_SCALE_WORDS = frozenset({"nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "ngàn tỷ"})
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


class Extractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    # -- entities -----------------------------------------------------------------------

    def _entities(self, sentence: str) -> list[tuple[int, str, str]]:
        """(position in folded sentence, canonical name, type) of entities named."""
        folded = fold_chars(sentence)
        found: list[tuple[int, str, str]] = []
        for mention in self.lexicon.mentions(folded):
            alias = folded[mention.start : mention.end]
            entity = mention.entity
            if len(alias) < 3 or alias in _AMBIGUOUS_ALIASES:
                continue
            if entity.type == "portal" and _LOCAL_PORTAL.match(folded, mention.end):
                # "Cổng dịch vụ công của tỉnh" is a province's portal, not the national one.
                continue
            found.append((mention.start, entity.name, entity.type))
        # Abbreviations written in the text ("VN", "TPHCM") are matched in the expanded form.
        for m in re.finditer(r"\b(VN|TPHCM|TP\.?\s?HCM|NHNN)\b", sentence):
            named = self.lexicon.entity(m.group(1))
            if named:
                found.append((m.start(), named.name, named.type))
        found.sort(key=lambda e: (e[0], -len(e[1])))
        kept: list[tuple[int, str, str]] = []
        for item in found:
            if kept and (item[0] == kept[-1][0] or item[1] == kept[-1][1]):
                continue
            kept.append(item)
        return kept

    def _subject(self, entities: list[tuple[int, str, str]], position: int, default: str) -> str:
        before = [e for e in entities if e[0] <= position]
        if before:
            return before[-1][1]
        return entities[0][1] if entities else default

    # -- periods ------------------------------------------------------------------------

    @staticmethod
    def _as_of(published: dt.date | None) -> tuple[str | None, str]:
        if published is None:
            return None, "thời điểm bài viết (không rõ ngày)"
        return published.isoformat(), f"tính đến {published.day}/{published.month}/{published.year}"

    def _period(
        self,
        folded: str,
        start: int,
        end: int,
        inherited: str | None,
        published: dt.date | None,
    ) -> tuple[str | None, str]:
        after = _TRAILING_YEAR.match(folded[end:])
        if after:
            return after.group(1), f"năm {after.group(1)}"
        before = folded[:start]
        clause_start = max((m.end() for m in re.finditer(r"[;(]", before)), default=0)
        if _AS_OF.search(before[clause_start:]) or (
            clause_start == 0 and _AS_OF.search(before[:40])
        ):
            return self._as_of(published)
        ranges = list(_YEAR_RANGE.finditer(before))
        years = list(_YEAR.finditer(before))
        last_year = years[-1] if years else None
        last_range = ranges[-1] if ranges else None
        if last_range and (last_year is None or last_range.end() >= last_year.end()):
            a, b = last_range.group(1), last_range.group(2)
            return f"{a}-{b}", f"giai đoạn {a}-{b}"
        if last_year:
            return last_year.group(1), f"năm {last_year.group(1)}"
        later = _LATER_YEAR.match(folded[end:])
        if later:
            return later.group(1), f"năm {later.group(1)}"
        if inherited:
            return inherited, f"năm {inherited}" if len(inherited) == 4 else inherited
        return self._as_of(published)

    # -- kinds --------------------------------------------------------------------------

    @staticmethod
    def _kind(folded: str, start: int, figure: Figure) -> Kind:
        before = folded[:start]
        as_of = max((m.end() for m in _AS_OF.finditer(before)), default=-1)
        forecast = [m.start() for m in _FORECAST.finditer(before)]
        target = [m.start() for m in _TARGET.finditer(before)]
        if forecast and forecast[-1] > as_of:
            return "forecast"
        if target and target[-1] > as_of:
            return "target"
        if figure.unit in ("step", "times") or figure.role in ("from", "to"):
            return "change"
        if _CHANGE_BEFORE.search(before[-30:]) and figure.unit in ("%", "count", "VND", "USD"):
            return "change"
        return "actual"

    # -- figures ------------------------------------------------------------------------

    def figures(self, sentence: str) -> list[_Hit]:
        folded = fold_chars(sentence)
        blocked = [(m.start(), m.end()) for m in _LEVEL_LIST.finditer(folded)]
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
        return hits

    # -- sentences ----------------------------------------------------------------------

    def extract(self, article: Article, paragraphs: list[str]) -> Extraction:
        out = Extraction()
        title_f = fold_chars(article.title)
        home = next(
            (
                e.name
                for e in self.lexicon.entities
                if e.type == "province"
                and any(
                    re.search(rf"(?<![a-z]){re.escape(a)}(?![a-z])", title_f)
                    for a in e.aliases
                    if len(a) > 3
                )
            ),
            None,
        )
        sentence_no = 0
        last_year: str | None = None
        last_subject: str | None = None
        heading: str | None = None
        ranking_field: int | None = None
        for paragraph in paragraphs:
            paragraph_subject: str | None = None
            paragraph_year: str | None = None
            if paragraph.rstrip().endswith(":") and len(paragraph.split()) < 25:
                heading = paragraph.rstrip(": ").strip()
                sentence_no += 1
                continue
            for sentence in vn.sentences(paragraph):
                sentence_no += 1
                sentence = _strip_outlet(sentence)
                folded = fold_chars(sentence)
                continuation = bool(_CONTINUATION.match(folded))
                inherited = paragraph_year or (last_year if continuation else None)
                entities = self._entities(sentence)
                default_subject = (
                    paragraph_subject
                    or (last_subject if continuation else None)
                    or (
                        home
                        if home and re.search(r"toan tinh|\btinh\b|thanh pho", folded)
                        else None
                    )
                    or "Việt Nam"
                )
                listed = self._ordered_list(
                    article, sentence, folded, sentence_no, heading, inherited, ranking_field
                )
                if listed is not None:
                    out.facts.extend(listed[0])
                    out.rankings.extend(listed[1])
                    ranking_field = None
                else:
                    facts, rankings = self._sentence_facts(
                        article,
                        sentence,
                        folded,
                        sentence_no,
                        entities,
                        default_subject,
                        inherited,
                    )
                    out.facts.extend(facts)
                    out.rankings.extend(rankings)
                years = _ANY_YEAR.findall(folded)
                if years:
                    last_year = paragraph_year = years[-1]
                elif inherited:
                    paragraph_year = inherited
                if entities:
                    paragraph_subject = entities[0][1] if len(entities) == 1 else paragraph_subject
                    last_subject = entities[-1][1]
                heading = None if not sentence.rstrip().endswith(":") else heading
        return out

    def _sentence_facts(
        self,
        article: Article,
        sentence: str,
        folded: str,
        sentence_no: int,
        entities: list[tuple[int, str, str]],
        default_subject: str,
        inherited: str | None,
    ) -> tuple[list[Fact], list[Ranking]]:
        hits = self.figures(sentence)
        if not hits:
            return [], []
        facts: list[Fact] = []
        rankings: list[Ranking] = []
        topics = self.lexicon.topics_of(self.lexicon.match(sentence))
        index = 0
        while index < len(hits):
            hit = hits[index]
            group = [hit]
            # "từ 72% năm 2018 lên 86,5% năm 2019": one change with two dated values.
            if (
                index + 1 < len(hits)
                and _FROM_TO.search(folded[: hit.start])
                and _TO_WORD.match(folded[hit.end : hits[index + 1].start])
                and hits[index + 1].figure.unit == hit.figure.unit
            ):
                group = [hit, hits[index + 1]]
            measure = _measure(sentence, folded, hits, index)
            figures: list[Figure] = []
            for role, item in zip(
                ("from", "to") if len(group) == 2 else ("value",), group, strict=True
            ):
                period, _ = self._period(folded, item.start, item.end, inherited, article.published)
                figures.append(item.figure.model_copy(update={"period": period, "role": role}))
            last = group[-1]
            period, label = self._period(folded, last.start, last.end, inherited, article.published)
            kind = self._kind(folded, hit.start, figures[-1])
            subject = self._subject(entities, hit.start, default_subject)
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
            if fact.primary.unit == "rank" and kind == "actual":
                ranking = self._ranking(article, sentence, folded, hit, fact)
                rankings.append(ranking)
                series = _ranking_label(ranking)
                if series:
                    fact = fact.model_copy(update={"measure": f"{series}: {fact.measure}"})
            facts.append(fact)
            index += len(group)
        return facts, rankings

    def _ranking(
        self, article: Article, sentence: str, folded: str, hit: _Hit, fact: Fact
    ) -> Ranking:
        figure = fact.primary
        after = folded[hit.end : hit.end + 30]
        scope = next((v for k, v in _REGIONS.items() if after.lstrip().startswith(k)), None)
        sub = _SUBINDEX.search(folded[max(0, hit.start - 60) : hit.start])
        if scope is None and sub and "phat trien chinh phu dien tu" not in sub.group(0):
            scope = (
                "chỉ số "
                + sentence[
                    hit.start
                    - (len(folded[max(0, hit.start - 60) : hit.start]) - sub.start(1)) : hit.start
                ]
                .split(" xếp")[0]
                .split(" đạt")[0]
                .strip(" :,")[: len(sub.group(1))]
            )
        if scope is None:
            scope = next((v for k, v in _REGIONS.items() if k in folded and k != "quoc gia"), None)
        entity = self.lexicon.entity(fact.subject)
        if entity is not None and entity.type == "province":
            scheme = "provinces"
        elif entity is not None and entity.type == "ministry":
            scheme = "ministries"
        else:
            scheme = "un_egdi"
        if scope is None:
            scope = "thế giới" if scheme == "un_egdi" else "cả nước"
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

    def _ordered_list(
        self,
        article: Article,
        sentence: str,
        folded: str,
        sentence_no: int,
        heading: str | None,
        inherited: str | None,
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
        names.extend(part.strip(" .…") for part in re.split(r"[,;]", tail))
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
        elif inherited:
            period, label = inherited, f"năm {inherited}"
        else:
            period, label = self._as_of(article.published)
        topics = self.lexicon.topics_of(self.lexicon.match(measure + " xếp hạng"))
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
                    scope="cả nước",
                    entity=subject,
                    rank=position,
                    of=of,
                    year=int(period[:4]) if period else None,
                    article=article.id,
                    fact_sentence=sentence_no,
                )
            )
        return facts, rankings


def _strip_outlet(sentence: str) -> str:
    return re.sub(r"^\([\w.-]+\.(?:vn|com|net|org)\)\s*[-–—:]?\s*", "", sentence)
