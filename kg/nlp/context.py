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
def _city_pattern() -> re.Pattern:
    names = [n for n, info in place_table().items() if len(n) >= 2 and (
        info["level"] in ("city", "province") or _county_city(info))]
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


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


def _detect_places(text: str, title: str) -> dict:
    cities: Counter = Counter()
    provinces: Counter = Counter()
    table = place_table()
    sample = title + "\n" + title + "\n" + text[:200_000]
    for m in _city_pattern().finditer(sample):
        info = table[m.group(0)]
        if info["level"] == "city" or _county_city(info):
            cities[info["name"]] += 1
            provinces[info["province"]] += 0.5
        else:
            provinces[info["name"]] += 1
    city = None
    if cities:
        name, count = cities.most_common(1)[0]
        city = name if count >= 2 or len(cities) == 1 else None
    province = table[city]["province"] if city else (provinces.most_common(1)[0][0] if provinces else None)
    return {"city": city, "province": province or None}
