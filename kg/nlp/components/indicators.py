"""Statistics stated in the text → indicator records (subject, value, previous value, unit, period).

Shapes of the genre:
- change:     高新技术企业由21家增至301家, 研发经费投入由16.38亿元增至29.34亿元
- count first: 8个先进制造业开发区, 两个院士工作站, 46项创新成果
- count last:  创新平台载体722家, 其中国家级23家, 培育中原学者8人
- money:      设立规模2亿元科创基金, 规模6000万元的…基金, 总投资15亿元
- share:      市场占有率超60%
Units are kept as written (`unit_text`) and normalised (`unit`: CNY, count, person, percent, tonne;
`normalized` is the value in that unit, so 2亿元 → 200000000 CNY).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import doc_text, norm_text
from .sentences import sentence_spans

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
COUNT_WORDS = "个家项人所座条款名台套件支位"
UNITS = {
    "亿元": ("CNY", 1e8), "万元": ("CNY", 1e4), "元": ("CNY", 1),
    "万吨": ("tonne", 1e4), "吨": ("tonne", 1), "%": ("percent", 1), "％": ("percent", 1),
    "万人": ("person", 1e4), "人": ("person", 1), "名": ("person", 1),
}
for _w in COUNT_WORDS:
    UNITS.setdefault(_w, ("count", 1))
    UNITS.setdefault("万" + _w, ("person", 1e4) if _w in "人名" else ("count", 1e4))
UNIT_RE = "亿元|万元|元|万吨|吨|%|％|万[" + COUNT_WORDS + "]|[" + COUNT_WORDS + "]"
BOUNDARY = "，,。；;：:！？!?、（）()《》\n"
LEAD_NOISE = re.compile(r"^(?:这十年|十年来|近年来|近年|目前|截至目前|截至\S{0,8}?底|其中|同时|我市|全市|本市|全省|我省|累计|共|已|已经|现有|拥有|新增|并|且|，|,)+")
VERB_TAIL = re.compile(r"(?:已有|已达|达到|达|共有|拥有|建成|创建|培育|新增|累计|突破|超过|超|总数|数量|实现|共计|约)+$")
PERIOD = re.compile(r"(十年来|这十年|近十年|五年来|近五年|“十三五”|“十四五”|\d{4}年(?:度)?|今年\d{1,2}月|今年|去年|上半年|一季度)")


def parse_number(text: str) -> float | None:
    """'16.38' → 16.38, '两' → 2, '千' → 1000, '三十五' → 35, '一百二十' → 120."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= 10_000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (digit if digit is not None else 1) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _value(number: str, unit_text: str) -> tuple[float, str, float] | None:
    value = parse_number(number)
    if value is None:
        return None
    unit, factor = UNITS.get(unit_text, ("count", 1))
    return value, unit, value * factor


def _clean_subject(text: str) -> str:
    text = text.strip(" “”\"'")
    text = re.sub(r"^.*\d{4}年(?:底|末|前)?", "", text)  # 明确到2026年全市… → 全市…
    text = LEAD_NOISE.sub("", text)
    text = VERB_TAIL.sub("", text)
    return text.strip(" 的“”\"")


def _left_phrase(text: str, end: int, limit: int = 24) -> str:
    start = end
    while start > 0 and text[start - 1] not in BOUNDARY and end - start < limit:
        start -= 1
    return text[start:end]


def _right_phrase(text: str, start: int, limit: int = 24) -> str:
    end = start
    while end < len(text) and text[end] not in BOUNDARY and end - start < limit:
        end += 1
    phrase = text[start:end]
    phrase = re.split(r"(?:实现|成为|获|入围|通过|已|正|将|等|的企业|中$)", phrase)[0]
    return phrase


CHANGE = re.compile(rf"由({NUM})({UNIT_RE})?(?:增|增加|增长|提高|提升|上升|扩大|跃升|下降|减少|降)(?:至|到)({NUM})({UNIT_RE})")
MONEY_SCALE = re.compile(rf"规模(?:达)?({NUM})(亿元|万元|元)(?:的)?")
COUNT_FIRST = re.compile(rf"(?<![第\d.])({NUM})(余|多)?(万?[{COUNT_WORDS}])(?![\d{COUNT_WORDS}])")
COUNT_LAST = re.compile(rf"({NUM})(余|多)?({UNIT_RE})(?=[，,。；;、）)]|$|等|左右)")
MONEY = re.compile(rf"({NUM})(余|多)?(亿元|万元)")
SHARE = re.compile(rf"(超过|超|达到|达|约|近)?({NUM})(%|％)")
RANK = re.compile(rf"(全球|全国|全省|全市|国内|世界)第({NUM})([家个位名])")
TONNAGE = re.compile(rf"({NUM})(万吨|吨)")


def find_indicators(sentence: str, context: dict | None = None) -> list[dict]:
    """Indicators in one sentence, offsets local to it."""
    found: list[dict] = []
    taken: list[tuple[int, int]] = []
    period_match = PERIOD.search(sentence)
    period = period_match.group(1).strip("“”") if period_match else None
    if period in ("十年来", "这十年", "近十年"):
        period = "十年"
    elif period and re.fullmatch(r"\d{4}年度?", period):
        period = period[:4]

    def free(a, b):
        return not any(x < b and a < y for x, y in taken)

    def add(a, b, subject, value_info, unit_text, previous=None, qualifier=None, number_at=None):
        if not subject or len(subject) < 2 or value_info is None or not free(a, b):
            return
        if number_at is not None and any(x <= number_at < y for x, y in quoted):
            return
        value, unit, normalized = value_info
        taken.append((a, b))
        found.append({"subject": subject, "value": value, "previous": previous, "unit": unit,
                      "unit_text": unit_text, "normalized": normalized, "period": period,
                      "qualifier": qualifier, "start": a, "end": b})

    for m in CHANGE.finditer(sentence):
        unit_text = m.group(4)
        before = _left_phrase(sentence, m.start())
        prev = parse_number(m.group(1))
        add(m.start() - len(before), m.end(), _clean_subject(before), _value(m.group(3), unit_text), unit_text,
            previous=prev)
    for m in MONEY_SCALE.finditer(sentence):
        subject = _right_phrase(sentence, m.end())
        add(m.start(), m.end() + len(subject), _clean_subject(subject), _value(m.group(1), m.group(2)), m.group(2))
    for m in SHARE.finditer(sentence):
        before = _left_phrase(sentence, m.start())
        add(m.start() - len(before), m.end(), _clean_subject(before), _value(m.group(2), m.group(3)), m.group(3),
            qualifier=m.group(1))
    for m in RANK.finditer(sentence):  # 成为全球第三家发布该产品的企业: a rank
        subject = _right_phrase(sentence, m.end())
        add(m.start(), m.end() + len(subject), f"{m.group(1)}排名: {_clean_subject(subject) or m.group(0)}",
            _value(m.group(2), m.group(3)), m.group(3), qualifier="rank")
    for m in TONNAGE.finditer(sentence):
        subject = _right_phrase(sentence, m.end())
        add(m.start(), m.end() + len(subject), _clean_subject(subject), _value(m.group(1), m.group(2)), m.group(2))
    # numbers inside 《…六项行动计划》 or “六个一流” are parts of names, not statistics
    quoted = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》|“[^”]{0,12}”", sentence)]
    for m in COUNT_LAST.finditer(sentence):
        if m.group(3) == "元":
            continue
        before = _left_phrase(sentence, m.start())
        subject = _clean_subject(before)
        if re.search(r"\d", subject) or not re.search(r"[\u4e00-\u9fff]{2}", subject):
            continue
        add(m.start() - len(before), m.end(), subject, _value(m.group(1), m.group(3)), m.group(3), qualifier=m.group(2), number_at=m.start())
    for m in MONEY.finditer(sentence):
        before = _left_phrase(sentence, m.start())
        subject = _clean_subject(re.sub(r"(?:给予|投入|投资|出资|安排|获得|争取)$", lambda x: x.group(0), before))
        end = m.end()
        if not re.search(r"[\u4e00-\u9fff]{2}", subject) or subject.endswith(("给予", "获得", "安排")):
            right = _right_phrase(sentence, m.end())
            subject = _clean_subject(right.lstrip("的"))
            end = m.end() + len(right)
        add(m.start(), end, subject, _value(m.group(1), m.group(3)), m.group(3), qualifier=m.group(2))
    for m in COUNT_FIRST.finditer(sentence):
        number = m.group(1)
        if number == "一" and re.search(r"(?:是|为|作为|成为|这|其|第|之|唯)[^，。]{0,8}$", sentence[:m.start()]):
            continue  # 是我市一家…企业: a description, not a count
        if re.match(r"[年月日号时分秒]", sentence[m.end():m.end() + 1]):
            continue
        subject = _right_phrase(sentence, m.end())
        subject = _clean_subject(subject)
        if not re.search(r"[\u4e00-\u9fff]{2}", subject or "") or re.match(r"[从在向把被对于与和]", subject):
            continue
        add(m.start(), m.end() + len(subject), subject, _value(number, m.group(3)), m.group(3), qualifier=m.group(2), number_at=m.start())
    for ind in found:
        ind["text"] = sentence[ind["start"]:ind["end"]]
    return sorted(found, key=lambda i: i["start"])


EN_MONEY = r"(\d+(?:\.\d+)?)\s*(million|billion)?\s*(yuan|RMB|dollars|US dollars|euros)"
EN_CHANGE = re.compile(rf"\bfrom\s+{EN_MONEY}.{{0,30}}?\bto\s+{EN_MONEY}")
EN_AMOUNT = re.compile(rf"(?<![\w.]){EN_MONEY}")
EN_COUNT = re.compile(r"(?<![\w.])(\d+)\s+(companies|firms|enterprises|researchers|scientists|people|patents|projects|universities|institutes|laboratories|labs|platforms|employees|students)\b")
EN_UNITS = {"yuan": "CNY", "RMB": "CNY", "dollars": "USD", "US dollars": "USD", "euros": "EUR"}
EN_SCALE = {None: 1, "million": 1e6, "billion": 1e9}


def find_indicators_en(sentence: str) -> list[dict]:
    """English statistics: 'from 210 million yuan to 480 million yuan', '2 billion yuan', '35 researchers'."""
    found, taken = [], []

    def add(a, b, subject, value, unit, unit_text, normalized, previous=None):
        if any(x < b and a < y for x, y in taken):
            return
        taken.append((a, b))
        found.append({"subject": subject, "value": value, "previous": previous, "unit": unit, "unit_text": unit_text,
                      "normalized": normalized, "period": None, "qualifier": None, "start": a, "end": b,
                      "text": sentence[a:b]})

    def subject_before(pos):
        left = re.split(r"[,;:.]", sentence[:pos])[-1]
        words = re.findall(r"[A-Za-z][\w-]*", left)
        return " ".join(words[-4:]) or "amount"

    for m in EN_CHANGE.finditer(sentence):
        unit_text = " ".join(x for x in (m.group(5), m.group(6)) if x)
        add(m.start(), m.end(), subject_before(m.start()), float(m.group(4)), EN_UNITS[m.group(6)], unit_text,
            float(m.group(4)) * EN_SCALE[m.group(5)], previous=float(m.group(1)))
    for m in EN_AMOUNT.finditer(sentence):
        unit_text = " ".join(x for x in (m.group(2), m.group(3)) if x)
        right = re.match(r"\s*([A-Za-z][\w\s-]{0,40}?)(?=[,.;]|\bwhich\b|\bto\b|\bin\b|$)", sentence[m.end():])
        subject = right.group(1).strip() if right and right.group(1).strip() else subject_before(m.start())
        add(m.start(), m.end(), subject, float(m.group(1)), EN_UNITS[m.group(3)], unit_text,
            float(m.group(1)) * EN_SCALE[m.group(2)])
    for m in EN_COUNT.finditer(sentence):
        add(m.start(), m.end(), m.group(2), float(m.group(1)), "count", m.group(2), float(m.group(1)))
    return sorted(found, key=lambda i: i["start"])


@Language.factory("kg_indicators", assigns=["doc._.indicators"])
def make_indicator_extractor(nlp: Language, name: str):
    return IndicatorExtractor()


class IndicatorExtractor:
    def __call__(self, doc: Doc) -> Doc:
        text = norm_text(doc)
        original = None  # doc.text is rebuilt on every access: take it once, only when needed
        ctx = doc._.context or {}
        city = ctx.get("city") or ""
        city_words = re.compile("我市|全市|本市" + (f"|{re.escape(city[:-1] or city)}" if city else ""))
        out = []
        for start, end in doc._.sentences or sentence_spans(text):
            sentence = text[start:end]
            if not re.search(r"\d|[一二两三四五六七八九十百千]", sentence):
                continue
            english = (doc._.lang or "zh") == "en"
            for ind in (find_indicators_en(sentence) if english else find_indicators(sentence, ctx)):
                ind["start"] += start
                ind["end"] += start
                if original is None:
                    original = doc_text(doc)
                ind["text"] = original[ind["start"]:ind["end"]]
                if city and city_words.search(sentence):
                    ind["refers_to_text"], ind["refers_to_type"] = ctx["city"], "Place"
                out.append(ind)
        doc._.indicators = out
        return doc
