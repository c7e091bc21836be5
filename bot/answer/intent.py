"""What a question asks: the kind of answer, the words it is about, the entity, the period.

Everything here is read from the question's matching form (folded, abbreviations expanded,
synonyms unified) with the phrase lists of ``data/lexicon.toml``; no rule names an article.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot import vn
from bot.lexicon import Entity, Lexicon, Mention
from bot.searchtext import terms

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# The month a question asks about: "tháng 12/2024", "tháng 3 năm 2023", "đầu năm 2024".
_MONTH = re.compile(r"\bthang n(\d{1,2}) (?:nam )?n(?:19|20)\d{2}\b")
_PART_OF_YEAR = (("dau nam", 2), ("giua nam", 6), ("cuoi nam", 12), ("het nam", 12))
_SAME_PERIOD = re.compile(r"(?<!so voi )\bcung ky\s+(?:nam\s+)?n?((?:19|20)\d{2})\b")
_CHANGE_WORD = re.compile(r"\b(?:tang|giam|gap|hon|chenh)\b")
_BASE_YEAR = re.compile(
    r"\b(?:so voi|so voi cung ky|(?<!dien )tu nam|(?<!dien )tu thang n?\d{1,2})\s+"
    r"(?:ky danh gia\s+|nam\s+)?n?"
    r"((?:19|20)\d{2})\b"
)
_POSITION = re.compile(
    r"\b(?:thu|hang|vi tri(?: thu| so)?|top|dung thu|xep thu)\s+(n?\d{1,2}|nhat|nhi|hai|ba|tu|bon"
    r"|nam|sau|bay|tam|chin|muoi)\b"
)
_TOP = re.compile(r"\btop\s+n?(\d{1,2}|hai|ba|bon|nam|muoi)\b")
# "bao nhiêu hồ sơ", "mấy tỉnh": a count of something named right after the question word.
_COUNTED = re.compile(
    r"\b(?:bao nhieu|may|so luong)\s+(?!diem\b|phan tram\b|lan\b|bac\b|nam\b|thang\b|ngay\b"
    r"|la\b|vay\b|the\b|nhi\b|a\b|roi\b|ha\b|nhe\b|$)[a-z]"
)
_LEAD_NAMED = re.compile(r"^(?:ai |tinh |bo )?(?:dan dau|dung dau|dung cuoi|xep cuoi)\b")
_PLACE_NAMED = re.compile(r"\b(?:hang|thu|vi tri)\s+n(\d{1,2})\b")
_HOW_LONG_A_RUN = re.compile(r"\b(?:bao nhieu|may|bn) (?:nam|lan|ky) lien tiep\b")
_HOW_MANY_PLACES = re.compile(
    r"\b(?:bao nhieu|may|bn)\s+(?:tinh|thanh pho|dia phuong|bo|nuoc|quoc gia|don vi|co quan)\b"
)
_AVERAGE = re.compile(r"\b(?:trung binh|binh quan)\b")
_FIELD_FRAME = frozenset({"cua", "ve", "nganh", "khoi", "va", "voi", "la", "thi", "nhu", "con"})
"""Words after which a field named alone ("y tế", "tư pháp") still names its ministry ("ngành y
tế", "của tư pháp"); after another word it is part of a noun ("bảo hiểm y tế", "lý lịch tư
pháp")."""
REGIONS = (
    ("dong nam a", "Đông Nam Á"),
    ("chau a", "châu Á"),
    ("the gioi", "thế giới"),
    ("toan cau", "thế giới"),
)
"""Regions a rank is given for, as matched text and as named in replies."""
# Words that only make a question a question ("bao nhiêu", "là", "thế"): never content.
_ASKING = frozenset(
    [
        *("bao", "nhieu", "may", "la", "duoc", "gi", "nao", "khong", "ko", "k", "roi"),
        *("nhi", "vay", "sao", "hien", "nay", "bay", "gio", "oi", "nhe", "nha", "ai"),
    ]
)
# Whose average a question asks, named as the extractor names it ("cả nước (trung bình)").
_AVERAGE_OF = (
    (r"\b(?:cac |khoi |cap )?bo(?: nganh)?\b|\bbo,? nganh\b", "các bộ, ngành"),
    (r"\b(?:cac |cap )tinh\b|\btinh thanh\b|\bdia phuong\b|\bca nuoc\b|\btoan quoc\b", "cả nước"),
)
# "cao hơn năm trước mấy điểm": by how much; not "bao nhiêu địa phương cao hơn 2022" (a count)
_HIGHER_BY = re.compile(r"\b(?:cao|thap|nhieu|it) hon\b(?: [a-z0-9]+){0,4} (?:bao nhieu|may|bn)\b")
WANTS = ("entity", "document", "date", "change", "rank", "percent", "money", "index", "count")


@dataclass
class Question:
    text: str
    matched: str
    words: list[str]
    content: list[str]
    """Words that say what is asked about (question words removed, typos corrected)."""
    unknown: list[str] = field(default_factory=list)
    """Content words the corpus has never seen, even after correction."""
    entities: list[Entity] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    """Years the answer must be about ("năm 2024"); a comparison base is not one of them."""
    base_years: list[str] = field(default_factory=list)
    """Years named as a comparison base ("so với 2018")."""
    numbers: set[float] = field(default_factory=set)
    """Figures the user wrote ("hơn 2900 thủ tục"): context, not the answer sought."""
    wants: str | None = None
    """The kind of answer: one of WANTS, or None when the question does not say."""
    also_wants: set[str] = field(default_factory=set)
    position: int | None = None
    """For "which province leads / is third": the position asked (-1 for the last)."""
    top: int | None = None
    """For "top 3 gồm những tỉnh nào": how many."""
    entity_type: str | None = None
    kind: str | None = None
    """"target" or "forecast" when the question asks for one."""
    average: bool = False
    moved: str | None = None
    """For "tỉnh nào tăng mạnh nhất": "rise" (or "fall"), who moved most, not who leads."""
    average_of: str | None = None
    """Whose average is asked: "cả nước" ("các tỉnh thành", "cấp tỉnh", "toàn quốc") or "các
    bộ, ngành" ("khối bộ"); the extractor names averages the same way."""
    regions: list[str] = field(default_factory=list)
    change: bool = False
    """The question asks how much something grew or fell ("tăng bao nhiêu %")."""
    times: bool = False
    """... as a ratio ("gấp mấy lần", "tăng bao nhiêu lần")."""
    month: int | None = None
    """The month of the year asked ("tháng 12/2024": 12; "đầu năm 2024": 2), if one is."""
    moment: Literal["", "start", "then"] = ""
    """The question is anchored to a moment, not to now: the start of a series ("lúc mới ra
    mắt", "ban đầu"), or a moment it names ("sau một năm vận hành")."""
    counted: str = ""
    """The word right after "bao nhiêu" / "mấy" ("quốc gia", "tỉnh"): what is counted."""
    indices: list[str] = field(default_factory=list)
    """Indices the question names ("DTI", "PAR Index"), by their name in the lexicon."""
    year_only: bool = False
    """A "when" question that asks for a year ("năm nào"), not a day."""


def _is_number(word: str) -> bool:
    """A number token of the search text ("n2900", "n86p5"; see searchtext.terms)."""
    return word[:1] == "n" and word[1:2].isdigit()


def _has(matched: str, phrases: tuple[str, ...]) -> re.Match[str] | None:
    for phrase in phrases:
        found = re.search(rf"(?<![0-9a-z]){re.escape(phrase)}(?![0-9a-z])", matched)
        if found:
            return found
    return None


_LONE_PERCENT = re.compile(r"(?<![0-9])(?<![0-9] )%")


class QuestionParser:
    def __init__(self, lexicon: Lexicon, vocabulary: set[str]) -> None:
        self.lexicon = lexicon
        self.intent_words = frozenset(
            w for phrases in lexicon.intents.values() for p in phrases for w in p.split()
        )
        # Words of the asking vocabulary are never "corrected" into corpus words.
        self.vocabulary = vocabulary | lexicon.alias_words | lexicon.stopwords | self.intent_words
        self._choices = sorted(w for w in self.vocabulary if len(w) >= 3 and not w[0].isdigit())
        self._corrections: dict[str, str | None] = {}

    def _field_in_a_noun(self, mention: Mention, matched: str) -> bool:
        """A ministry's field named alone inside a longer noun: "bảo hiểm y tế" is not Bộ Y
        tế, while "y tế xếp thứ mấy" and "ngành y tế" are."""
        entity = mention.entity
        alias = matched[mention.start : mention.end]
        if entity.type != "ministry" or " " not in alias or alias.startswith("bo "):
            return False
        if alias == self.lexicon.match(entity.name):
            return False
        before = matched[: mention.start].split()
        return bool(before) and before[-1] not in _FIELD_FRAME

    def _in_a_name(self, previous: str, word: str) -> str | None:
        """A misspelt word that goes on a name ("Quảng Nimh"): the closest word that follows
        the one before in a name, if close (one letter off in a short word)."""
        following = self.lexicon.alias_next_words.get(previous)
        if not following or len(word) < 3:
            return None
        cutoff = 66 if len(word) <= 3 else 70  # one letter off: "noj" (66.7), "nimh" (75)
        found = process.extractOne(
            word, following, scorer=fuzz.ratio, score_cutoff=cutoff, processor=None
        )
        return found[0] if found else None

    def correct(self, word: str) -> str | None:
        """The corpus word closest to a word the corpus does not know, if one is close."""
        if word in self._corrections:
            return self._corrections[word]
        best = None
        if len(word) >= 4 and not word[0].isdigit():
            cutoff = 88 if len(word) <= 5 else 80
            found = process.extractOne(
                word, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, processor=None
            )
            best = found[0] if found else None
        if len(self._corrections) < 50_000:
            self._corrections[word] = best
        return best

    def parse(self, text: str) -> Question:
        lexicon = self.lexicon
        # "bao nhiêu %": a per cent sign on its own is the word for it.
        words = terms(_LONE_PERCENT.sub(" phần trăm ", text), lexicon)
        corrected: list[str] = []
        unknown: list[str] = []
        for word in words:
            if word in self.vocabulary or _is_number(word):
                corrected.append(word)
                continue
            fixed = self._in_a_name(corrected[-1] if corrected else "", word) or self.correct(word)
            if fixed is None:
                unknown.append(word)
                corrected.append(word)
            else:
                corrected.append(fixed)
        matched = " ".join(corrected)
        plain = " ".join(w[1:] if _is_number(w) else w for w in corrected)
        question = Question(text=text, matched=matched, words=corrected, content=[])
        question.base_years = [y for y in _BASE_YEAR.findall(matched)]
        for same in _SAME_PERIOD.finditer(matched):
            # "tăng bao nhiêu % cùng kỳ năm 2019": the base of a change; "cùng kỳ năm 2019 đạt
            # bao nhiêu": the period asked.
            if _CHANGE_WORD.search(matched, 0, same.start()):
                question.base_years.append(same.group(1))
        question.years = [y for y in _YEAR.findall(plain) if y not in question.base_years]
        seen: set[str] = set()
        for mention in lexicon.asked(matched):
            if vn.written_otherwise(text, mention.entity.written | {mention.entity.name.lower()}):
                continue  # "đề án đô thị" does not name "Ấn Độ"
            if lexicon.in_a_term(matched, mention.start, mention.end):
                continue  # "de an do thi" is "đề án đô thị", not "Ấn Độ"
            if self._field_in_a_noun(mention, matched):
                continue
            if matched[: mention.start].split()[-1:] == ["theo"]:
                continue  # "theo Bộ TT&TT, kinh tế số chiếm ...": who says it, not about whom
            if mention.entity.type == "portal" and re.match(
                r"\s+(?:cua\s+)?(?:tinh|thanh pho|huyen)\b", matched[mention.end :]
            ):
                continue  # "cổng dvc tỉnh Bình Dương": a province's portal, not the national one
            if mention.entity.name not in seen:
                seen.add(mention.entity.name)
                question.entities.append(mention.entity)
        self._wants(question, matched)
        question.average = bool(_AVERAGE.search(matched))
        if question.average:
            question.average_of = next(
                (name for pattern, name in _AVERAGE_OF if re.search(pattern, matched)), None
            )
        question.indices = [
            name
            for name, phrases in lexicon.indices.items()
            if _has(matched, tuple(lexicon.match(p) for p in phrases))
        ]
        if question.years:
            month = _MONTH.search(matched)
            if month and 1 <= int(month.group(1)) <= 12:
                question.month = int(month.group(1))
            else:
                question.month = next(
                    (m for key, m in _PART_OF_YEAR if re.search(rf"\b{key} n\d{{4}}", matched)),
                    None,
                )
        question.year_only = bool(re.search(r"\bnam (?:nao|may)\b", matched))
        counted = re.search(r"\b(?:bao nhieu|may)\s+([a-z]+(?: [a-z]+){0,2})\b", matched)
        question.counted = counted.group(1) if counted else ""
        share_of = re.search(r"\b(?:bao nhieu|may)\s+phan tram\s+(.*)$", matched)
        if share_of:
            # "bao nhiêu % hồ sơ khai sinh": a share of what is named after it, in full (up
            # to four words, not into a number: "bao nhiêu phần trăm năm 2020")
            named: list[str] = []
            for word in share_of.group(1).split()[:4]:
                if not re.fullmatch(r"[a-z]+", word):
                    break
                named.append(word)
            rest = share_of.group(1).split()[len(named) :]
            if named and rest and named[-1] in ("nam", "thang", "quy") and _is_number(rest[0]):
                named.pop()
            if named:
                question.counted = "phan tram " + " ".join(named)
        if counted and re.match(r"\s+n\d", matched[counted.end() :]):
            # "bao nhiêu phần trăm năm 2020": "năm" goes with the year, not with what is counted.
            question.counted = re.sub(r"(?:^| )(?:nam|thang|quy)$", "", question.counted)
        if any(question.counted.startswith(key) for key, _ in REGIONS):
            question.counted = ""  # "thứ mấy thế giới": a region, not a counted thing
        question.regions = [name for key, name in REGIONS if key in matched]
        digits = re.sub(r"\bn(\d+)\b", r"\1", matched)
        if lexicon.has_intent(digits, "start"):
            question.moment = "start"
        elif lexicon.has_intent(digits, "moment"):
            question.moment = "then"
        if lexicon.has_intent(matched, "target"):
            question.kind = "target"
        elif lexicon.has_intent(matched, "forecast"):
            question.kind = "forecast"
        for word in corrected:
            if _is_number(word) and word[1:] not in question.years:
                with contextlib.suppress(ValueError):
                    question.numbers.add(float(word[1:].removesuffix("%").replace("p", ".")))
        # "xã hội số": a word written with other marks than the stopword it folds to ("hỏi")
        # is content; written without marks it stays ambiguous, and a stopword.
        spoken = {
            folded
            for word in re.findall(r"\w+", vn.normalise_tones(text).lower())
            if (folded := vn.fold(word)) in lexicon.stopwords
            and folded != word
            and word not in lexicon.stopwords_written
        }
        # "top 3 PAPI 2022": the size of the list is asked, not words to find in a sentence
        # ("Quảng Ninh dẫn đầu, thứ hai là ..., thứ ba là ...").
        top = _TOP.search(matched)
        listing = {"top", f"n{top.group(1)}"} if top else set()
        if re.search(r"\b(?:bao nhieu|may|bn|bnhiu)\s+phan tram\b", matched):
            # "được bao nhiêu %": the unit asked, which sentences write "%", not words to find
            listing |= {"phan", "tram"}
        # A word the question did not write came from an abbreviation or a synonym ("chạy" is
        # "vận hành"): it is content even when it folds like a stopword ("vẫn").
        written = set(re.findall(r"\w+", vn.fold(text)))
        question.content = [
            w
            for w in corrected
            if w not in _ASKING
            and (w not in lexicon.stopwords or w in spoken or w not in written)
            and not _YEAR.fullmatch(w.lstrip("n"))
            and w not in listing
        ]
        question.unknown = [
            w
            for w in unknown
            if w not in lexicon.stopwords and w not in _ASKING and w not in self.intent_words
        ]
        return question

    def _wants(self, question: Question, matched: str) -> None:
        lexicon = self.lexicon
        found = [w for w in WANTS if lexicon.has_intent(matched, w, question.text)]
        if (
            "rank" not in found
            and re.search(r"\bhang\s*$", matched)
            and not vn.written_otherwise(question.text, ("hạng",))
        ):
            found.append("rank")  # "Đồng Tháp bộ chỉ số 2023 hạng?": the last word asks
        if "change" not in found and _HIGHER_BY.search(matched):
            found.insert(found.index("count") if "count" in found else len(found), "change")
        entity_kind = self._entity_kind(matched)
        # "top 3 SIPAS 2023": a top list asked by naming it, with no figure asked.
        listed = (
            set(found) <= {"rank"}
            and _TOP.search(matched) is not None
            and not re.search(r"\b(?:bao nhieu|may|bn)\b", matched)
        ) or (
            # "dẫn đầu DTI miền núi phía Bắc 2023": who leads, asked by naming the lead
            not found and not question.entities and _LEAD_NAMED.search(matched) is not None
        )
        if "entity" in found or entity_kind or listed:
            question.wants = "entity"
            question.entity_type = entity_kind
            question.top = self._top_size(matched)
            question.position = self._position(matched)
            if question.position is None and question.top is None:
                question.position = 1 if self._first_or_last(matched) != "last" else -1
            if vn.ROSE_MOST.search(matched):
                question.moved, question.position = "rise", 1
            elif vn.FELL_MOST.search(matched):
                question.moved, question.position = "fall", 1
        elif (
            set(found) <= {"rank"}
            and not question.entities
            and (place := _PLACE_NAMED.search(matched)) is not None
        ):
            # "PCI 2017 hạng 10": no one is named whose place could be asked, so who is 10th
            question.wants, question.position = "entity", int(place.group(1))
        elif found:
            question.wants = found[0]
        if question.wants == "count" and len(found) > 1:
            question.wants = found[1]
        if (
            question.wants == "rank"
            and "count" in found
            and _COUNTED.search(matched)
            and not re.search(
                r"\b(?:thu|hang|vi tri|xep)\b|\btop\s+(?:may|bao nhieu|bn)\b", matched
            )
        ):
            # "có mấy tỉnh giữ được top 10": how many, the top group is what they are in.
            question.wants = "count"
        if question.wants == "count" and not _COUNTED.search(matched):
            # "đạt bao nhiêu", "là bn": the question does not say what is counted.
            question.wants = "index" if self._names_index(matched) else None
        elif question.wants is None and self._names_index(matched):
            question.wants = "index"
        if question.wants != "entity" and _HOW_LONG_A_RUN.search(matched):
            question.wants = "count"  # "dẫn đầu bao nhiêu năm liên tiếp": a run, not a place
        if question.wants in ("index", "percent", "money") and _HOW_MANY_PLACES.search(matched):
            # "có bao nhiêu tỉnh thành có điểm ... cao hơn mức trung bình": places are counted;
            # the score, the share or the money is what they are counted by.
            question.wants = "count"
        question.also_wants = set(found[1:])
        question.change = "change" in found
        if question.wants == "rank" and "change" in found:
            question.wants = "change"
        question.times = lexicon.has_intent(matched, "times", question.text)
        if question.times and question.wants in ("change", "percent", "rank", "count"):
            question.wants = "change"  # "tăng bao nhiêu lần"
        elif question.wants == "change" and "percent" in found:
            question.wants = "percent"  # "tăng bao nhiêu %": a share that is a change
        if question.wants == "index" and "rank" in found:
            # "chỉ số DTI của Bình Dương xếp thứ mấy": the index is named, a rank is asked.
            question.wants = "rank"

    def _names_index(self, matched: str) -> bool:
        """Whether the question names an index ("chỉ số", "EGDI", "DTI") as what it asks."""
        return bool(re.search(r"\bchi so\b|\bdiem\b", matched))

    def _entity_kind(self, matched: str) -> str | None:
        """ "tỉnh nào", "bộ nào", "nước nào dẫn đầu": the type of entity asked for."""
        for kind, words in self.lexicon.entity_words.items():
            for word in words:
                pattern = rf"\b{re.escape(word)}\s+(?:nao|gi)\b|\bnhung\s+{re.escape(word)}\b"
                if re.search(pattern, matched):
                    return kind
                if re.search(
                    rf"\b{re.escape(word)}\b[^?]*\b(?:la ai|dung dau|dan dau)\s*$", matched
                ):
                    return kind
                if re.search(rf"\btop\s+n?\d{{1,2}}\s+(?:cac\s+)?{re.escape(word)}\b", matched):
                    return kind
        return None

    def _top_size(self, matched: str) -> int | None:
        """ "top 3", "3 tỉnh nào", "ba bộ nào": a top list of that many."""
        found = _TOP.search(matched)
        if found is None:
            for words in self.lexicon.entity_words.values():
                kinds = "|".join(re.escape(word) for word in words)
                found = re.search(
                    rf"\b(?:n?(\d{{1,2}})|(hai|ba|bon|nam|muoi))\s+(?:cac\s+)?(?:{kinds})"
                    rf"\s+(?:nao|gi)\b",
                    matched,
                )
                if found:
                    break
        if found is None:
            return None
        size = next(group for group in found.groups() if group)
        value = int(size) if size.isdigit() else vn.ORDINALS.get(size)
        return value if value and value > 1 else None

    def _first_or_last(self, matched: str) -> str | None:
        if _has(matched, self.lexicon.positions.get("last", ())):
            return "last"
        if _has(matched, self.lexicon.positions.get("first", ())):
            return "first"
        return None

    def _position(self, matched: str) -> int | None:
        found = _POSITION.search(matched)
        if found:
            word = found.group(1)
            if _is_number(word):
                word = word[1:]  # number tokens are "n5", "n86p5"
            if word.isdigit():
                return int(word)
            return vn.ORDINALS.get(word)
        if _has(matched, self.lexicon.positions.get("second", ())):
            return 2  # "á quân", "về nhì"
        return None
