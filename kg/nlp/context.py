"""Document context: which city, province (and county) an article is about.

'我市', '市委', '市科学院' only mean something once the article's city is known. The city is the
prefecture-level place named most often in the text (full or short form, the title counting
double); its province comes from the gazetteer. `--context city=开封市` overrides detection.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources




@lru_cache(maxsize=1)
def place_table() -> dict[str, dict]:
    """name (full and short forms) → {'name': full name, 'level', 'province', 'city'}."""
    table: dict[str, dict] = {}
    text = resources.files("kg.nlp.resources").joinpath("places.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    for row in rows:
        rec = dict(zip(header, row + [""] * (len(header) - len(row))))
        info = {"name": rec["name"], "level": rec["level"], "province": rec.get("province") or "",
                "city": rec.get("city") or ""}
        table.setdefault(rec["name"], info)
        short = rec.get("short") or ""
        from .gazetteer import renamed_district
        variant = renamed_district(rec["name"], rec["level"], short)
        if variant:
            table.setdefault(variant, dict(info, name=variant, level="district"))
        # a short form names the higher-level place first (吉林 → 吉林省 before 吉林市)
        if short and (short not in table or _rank(info) < _rank(table[short])):
            table[short] = info
    abbreviations = resources.files("kg.nlp.resources").joinpath("place_abbreviations.tsv").read_text("utf-8")
    for line in abbreviations.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and not line.startswith("#") and parts[0] != "abbr" and parts[1] in table:
            table.setdefault(parts[0], table[parts[1]])
    return table


def _county_city(info: dict) -> bool:
    """County-level cities (巩义市, 昆山市) say 我市 of themselves."""
    return info["level"] == "county" and info["name"].endswith("市")


def _rank(info: dict) -> int:
    return {"country": 0, "province": 1, "city": 2, "county": 3, "district": 4}.get(info["level"], 5)


@lru_cache(maxsize=1)
def _city_lexicon():
    """Leftmost-longest finder of city and province names (a regex alternation of thousands of names
    costs more than the whole rest of context detection)."""
    from .components.entity_rules import _Lexicon
    # county-level cities count by their full name only: short forms like 合作 (合作市) or 义乌 are
    # ordinary words or too easily part of other names
    names = [n for n, info in place_table().items() if len(n) >= 2 and (
        info["level"] in ("city", "province") or (_county_city(info) and n == info["name"]))]
    return _Lexicon(dict.fromkeys(names))


def resolve_place(name: str) -> dict | None:
    return place_table().get(name)


def detect_context(document, given: dict | None = None) -> dict:
    """{'city', 'province', 'year', 'date'} for a document; `given` values win."""
    ctx: dict = {"year": int(document.date[:4]) if document.date else None, "date": document.date,
                 "city": None, "province": None}
    if document.lang == "zh":
        ctx.update(_detect_places(document.text, document.title or ""))
    for key, value in (given or {}).items():
        ctx[key] = value
    if given and given.get("city") and not given.get("province"):
        info = resolve_place(given["city"])
        if info:
            ctx["city"] = info["name"]
            ctx["province"] = info["province"] or ctx.get("province")
    return ctx


def _is_word(text: str, start: int, end: int) -> bool:
    """Whether jieba segments text[start:end] as a word of its own (short place names hide in words)."""
    import jieba
    left = max(0, start - 4)
    window = text[left:end + 4]
    cuts, pos = {0}, 0
    for token in jieba.cut(window, HMM=False):
        pos += len(token)
        cuts.add(pos)
    return (start - left) in cuts and (end - left) in cuts


def _detect_places(text: str, title: str) -> dict:
    cities: Counter = Counter()
    provinces: Counter = Counter()
    table = place_table()
    sample = title + "\n" + title + "\n" + text[:200_000]
    from .components.entity_rules import _codes
    for start, end, name in _city_lexicon().find(sample, _codes(sample)):
        info = table[name]
        if name != info["name"] and not _is_word(sample, start, end):
            continue  # 均衡水平 does not name 衡水
        if info["level"] == "city" or _county_city(info):
            cities[info["name"]] += 1
            provinces[info["province"]] += 0.5
        else:
            provinces[info["name"]] += 1
    city = None
    if cities:
        name, count = cities.most_common(1)[0]
        speaks_as_city = re.search(r"我市|本市|全市|市委|市政府", text[:200_000]) is not None
        # a city article names its city often, and more than any other; a national report does not
        if count >= (2 if speaks_as_city else 3) and count * 2 >= sum(cities.values()):
            city = name
    province = table[city]["province"] if city else None
    if province is None and provinces:
        name, count = provinces.most_common(1)[0]
        if count >= 2 and count * 2 >= sum(provinces.values()):
            province = name
    return {"city": city, "province": province or None}
