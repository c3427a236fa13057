"""Gazetteers and word lists shipped in ``kg/nlp/resources/`` (UTF-8; ``#`` starts a comment line;
``.tsv`` files have a header row). Every loader is cached, so callers may call them freely.

>>> from kg.nlp import gazetteer
>>> gazetteer.places()["开封"].full, gazetteer.places()["开封"].level, gazetteer.places()["开封"].province
('开封市', 'city', '河南省')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "Place", "places", "place_candidates", "place_abbreviations", "surnames", "common_surnames",
    "compound_surnames", "org_suffixes", "OrgSuffix", "gov_bodies", "gov_departments",
    "policy_words", "person_titles", "universities", "institutes", "companies", "left_stops",
    "generic_words", "read_lines", "read_tsv", "trie_regex",
]

#: surnames ranked below this count as common (they need less context to start a name)
COMMON_SURNAME_RANK = 120
_LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "county": 3, "district": 4}


def _text(name: str) -> str:
    return resources.files("kg.nlp").joinpath("resources").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of resource file `name`, stripped."""
    out = []
    for line in _text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[dict, ...]:
    """Rows of a TSV resource file with a header line, as dicts (missing cells → '')."""
    lines = read_lines(name)
    if not lines:
        return ()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows.append({key: cells[i].strip() for i, key in enumerate(header)})
    return tuple(rows)


# --------------------------------------------------------------------------- places
@dataclass(frozen=True)
class Place:
    name: str          # the form looked up (开封 or 开封市)
    full: str          # full official name (开封市)
    level: str         # country | province | city | county | district
    province: str      # full name of the province ('' for countries and provinces' own rows → itself)
    city: str          # full name of the prefecture-level city for counties/districts, else ''
    short: str         # short form (开封), '' when the name has none


@lru_cache(maxsize=1)
def _place_rows() -> tuple[Place, ...]:
    rows = []
    for row in read_tsv("places.tsv"):
        level = row["level"]
        province = row["province"] or (row["name"] if level == "province" else "")
        rows.append(Place(row["name"], row["name"], level, province, row["city"], row["short"]))
    names = {p.name for p in rows}
    for p in list(rows):  # counties and county-level cities turned districts (偃师市 → 偃师区) keep their name
        variant = renamed_district(p.name, p.level, p.short)
        if variant and variant not in names:
            rows.append(Place(variant, variant, "district", p.province, p.city, ""))
            names.add(variant)
    return tuple(rows)


def renamed_district(name: str, level: str, short: str) -> str | None:
    """The district a county or county-level city may have become (偃师市 → 偃师区, 长安县 → 长安区)."""
    if level == "county" and name.endswith(("市", "县")) and len(short) >= 2:
        return short + "区"
    return None


@lru_cache(maxsize=1)
def _place_index() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    for place in _place_rows():
        index.setdefault(place.full, []).append(place)
        if place.short:
            index.setdefault(place.short, []).append(Place(place.short, place.full, place.level,
                                                           place.province, place.city, place.short))
        if place.short and place.full.endswith("自治州"):  # 昌吉州, 黔东南州: how news names a prefecture
            index.setdefault(place.short + "州", []).append(Place(place.short + "州", place.full, place.level,
                                                                 place.province, place.city, place.short))
    return {name: tuple(sorted(v, key=lambda p: (_LEVEL_RANK.get(p.level, 9), p.name != p.full)))
            for name, v in index.items()}


def place_candidates(name: str) -> tuple[Place, ...]:
    """Every place `name` may denote (full or short form), highest administrative level first."""
    return _place_index().get(name, ())


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Name (full or short form) → the most prominent Place it denotes (开封 → 开封市, city, 河南省).
    Ambiguous short forms (吉林: province and city) resolve to the higher level."""
    return {name: cands[0] for name, cands in _place_index().items()}


@lru_cache(maxsize=1)
def place_abbreviations() -> dict[str, tuple[str, bool]]:
    """One-character abbreviation → (full place name, safe) (汴 → (开封市, True))."""
    return {r["abbr"]: (r["name"], r.get("safe") == "yes") for r in read_tsv("place_abbreviations.tsv")}


# --------------------------------------------------------------------------- people
@lru_cache(maxsize=1)
def surnames() -> dict[str, int]:
    """Surname → frequency rank (0 = most frequent). Compound surnames included."""
    return {name: rank for rank, name in enumerate(read_lines("surnames.txt"))}


@lru_cache(maxsize=1)
def common_surnames() -> frozenset[str]:
    return frozenset(s for s, rank in surnames().items() if rank < COMMON_SURNAME_RANK and len(s) == 1)


@lru_cache(maxsize=1)
def compound_surnames() -> frozenset[str]:
    return frozenset(s for s in surnames() if len(s) == 2)


@lru_cache(maxsize=1)
def person_titles() -> dict[str, str]:
    """Role title → where the name stands relative to it: 'after', 'before' or 'both'."""
    return {r["title"]: r["position"] or "both" for r in read_tsv("person_titles.txt")}


# --------------------------------------------------------------------------- organisations
@dataclass(frozen=True)
class OrgSuffix:
    suffix: str
    type: str
    bare: bool       # 省/市/国家 + suffix alone is a name (省科学院)
    min_body: int    # fewest name characters before the suffix
    anchor: bool = False  # the name must start with a place / 省 / 市 / 国家 / known organisation


@lru_cache(maxsize=1)
def org_suffixes() -> dict[str, OrgSuffix]:
    return {r["suffix"]: OrgSuffix(r["suffix"], r["type"], r["bare"] == "yes", int(r["min_body"] or 1),
                                   r.get("anchor") == "yes")
            for r in read_tsv("org_suffixes.tsv")}


@lru_cache(maxsize=1)
def gov_bodies() -> frozenset[str]:
    return frozenset(read_lines("gov_bodies.txt"))


@lru_cache(maxsize=1)
def gov_departments() -> tuple[str, ...]:
    return read_lines("gov_departments.txt")


@lru_cache(maxsize=1)
def policy_words() -> tuple[str, ...]:
    return read_lines("policy_words.txt")


@lru_cache(maxsize=1)
def universities() -> dict[str, str]:
    """University name or common short name → full name: the short names listed in universities.txt and
    those the conventional contractions make of the full names (see `contracted_university_names`)."""
    out = {}
    for r in read_tsv("universities.txt"):
        out[r["name"]] = r["name"]
        if r.get("short"):
            out.setdefault(r["short"], r["name"])
    for short, full in contracted_university_names(n for n, f in out.items() if n == f).items():
        out.setdefault(short, full)
    return out


#: how Chinese news contracts the kind of a university: 中国科学技术大学 → 中国科大, 西南交通大学 → 西南交大
_UNIVERSITY_CONTRACTIONS = (("科学技术大学", "科大"), ("科技大学", "科大"), ("交通大学", "交大"), ("师范大学", "师大"),
                            ("农业大学", "农大"), ("工业大学", "工大"), ("医科大学", "医大"), ("财经大学", "财大"),
                            ("理工大学", "理工"))


def contracted_university_names(full_names) -> dict[str, str]:
    """Short forms nobody introduces, made by rule rather than listed: the kind contracted after a name of
    two characters or more (华中科大, 南京师大, 武汉理工), and a city's first character + 大 where jieba knows it
    as an abbreviation (tag j) of middling frequency (武大, 同大; not 四大, which is a common word). A
    contraction two universities would share (南大: 南京, 南开, 南昌) names neither."""
    from collections import defaultdict
    from .components.entity_rules import _jieba
    _, freq, tags = _jieba()
    made: dict[str, set[str]] = defaultdict(set)
    for full in full_names:
        for kind, short in _UNIVERSITY_CONTRACTIONS:
            if full.endswith(kind) and len(full) - len(kind) >= 2:
                made[full[: -len(kind)] + short].add(full)
                break
        else:
            if full.endswith("大学") and len(full) == 4:
                made[full[0] + "大"].add(full)
    return {short: next(iter(fulls)) for short, fulls in made.items()
            if len(fulls) == 1 and (len(short) > 2 or tags.get(short) == "j" and freq.get(short, 0) < 1000)}


@lru_cache(maxsize=1)
def institutes() -> dict[str, tuple[str, str]]:
    """Institute/lab name or short name → (type, full name)."""
    out = {}
    for r in read_tsv("institutes.txt"):
        out[r["name"]] = (r["type"], r["name"])
        if r.get("short"):
            out.setdefault(r["short"], (r["type"], r["name"]))
    return out


@lru_cache(maxsize=1)
def companies() -> dict[str, str]:
    """Well-known company name → canonical (full) name."""
    return {r["name"]: r.get("full") or r["name"] for r in read_tsv("companies.txt")}


# --------------------------------------------------------------------------- boundary words
@lru_cache(maxsize=1)
def left_stops() -> dict[str, str]:
    """Left-boundary word → 'hard' or 'soft'."""
    return {r["word"]: r["kind"] or "hard" for r in read_tsv("left_stop.txt")}


@lru_cache(maxsize=1)
def generic_words() -> dict[str, str]:
    """Descriptive word → scope ('all' or 'noncompany')."""
    return {r["word"]: r["scope"] or "all" for r in read_tsv("generic_words.txt")}


# --------------------------------------------------------------------------- regex helper
def trie_regex(words) -> str:
    """A regex alternation for `words` built as a character trie: matches the longest word at a
    position and runs in time linear in the text (no backtracking over thousands of branches)."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [(ch, sub) for ch, sub in node.items() if ch != ""]
        if not branches:
            return ""
        singles, multis = [], []
        for ch, sub in sorted(branches):
            rest = build(sub)
            if rest == "" and "" in sub and len(sub) == 1:
                singles.append(re.escape(ch))
            else:
                multis.append(re.escape(ch) + rest)
        alts = multis[:]
        if singles:
            alts.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        if end:
            body += "?"
        return body

    return build(trie)


@lru_cache(maxsize=1)
def model_endings() -> tuple[tuple[str, str | None, int], ...]:
    """(ending, type or None, min_body) of model-proposed names, longest ending first."""
    rows = [(r["ending"], None if r["type"] == "-" else r["type"], int(r["min_body"] or 1))
            for r in read_tsv("model_endings.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def name_inner_words() -> frozenset[str]:
    """Verbs, adverbs and other function-class words that occur inside organisation names (learned by
    scripts/learn_name_words.py): any other such word before a name is the name's left edge."""
    return frozenset(r["word"] for r in read_tsv("name_inner_words.tsv"))


@lru_cache(maxsize=1)
def given_final_chars() -> dict[str, tuple[int, int]]:
    """Character → (times it ends a three-character person name, times it follows a complete name), learned
    by scripts/learn_name_words.py from the corpora's person names."""
    return {r["char"]: (int(r["final"]), int(r["after"])) for r in read_tsv("given_final_chars.tsv")}
