"""Relation patterns as data: one TSV file per relation family in resources/relation_patterns/, each line a
phrasing over typed entity slots with an example sentence (its test), e.g.

    hb02  hostedBy  {T:HOST}(申报|建设)的{H+:HOSTED}  我市易邦生物工程有限公司申报的“动物基因工程疫苗国家重点实验室”获得批准

Pattern syntax (compiled to a regular expression over the sentence with every entity replaced by one
placeholder character that says its type):

- ``{H:TYPES}`` / ``{T:TYPES}`` the relation's head / tail: one entity of one of the types, ``|``-separated;
  a group name stands for several (ORG, HOSTED, GOV, PLACE, …, see GROUPS);
- ``{H+:TYPES}`` / ``{T+:TYPES}`` a coordinated list (A、B和C): the relation holds for each member;
- ``{E:TYPES}`` an entity that must be there but is no end of the relation;
- ``…`` up to 12 characters that are no entity and no clause punctuation (``…30`` up to 30);
- ``<TITLE>`` one person title or several joined by 、 (董事长, 副总经理、总工程师; person_titles.txt);
- ``(a|b)`` alternatives, ``?`` after a group or character makes it optional, ``[x]`` or ``[x|y]`` optional
  text, everything else literal; quotation marks and 《》 in the
  sentence are dropped before matching, so patterns never mention them.

Every pattern that matches a sentence yields its relation for each head × tail (collaboratesWith: each pair
of a list, too; with ``all`` in the optional ``pairs`` column, the tails of one match are parties with each other
as well: A与B、C签署 gives A–B, A–C and B–C); the pattern's id is a feature of that pair for the learned scorer
(relation_scorer.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TYPES = ("Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody", "Organization",
         "Person", "Place", "Policy", "Project")
GROUPS = {
    "ORG": ("Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody", "Organization"),
    "HOSTED": ("Lab", "Platform", "ResearchInstitute"),
    "HOST": ("Company", "University", "ResearchInstitute", "GovernmentBody", "Platform", "Organization"),
    "GOV": ("GovernmentBody",),
    "PLACE": ("Place",),
    "PERSON": ("Person",),
    "SITE": ("Place", "Platform"),
    "MOVABLE": ("Company", "University", "ResearchInstitute", "Lab", "Platform", "Organization", "Project"),
}
BASE = 0xE000  # placeholder characters: BASE + index in TYPES
_CLASS_OF = {t: chr(BASE + i) for i, t in enumerate(TYPES)}
_JOINER = r"(?:、|和|与|及|以及|，|,)"
_QUOTES = "“”\"‘’「」『』《》"
_GAP = "[^。；;，,\uE000-\uE0ff]"


@lru_cache(maxsize=1)
def _titles() -> str:
    """<TITLE>: one title or several joined by 、 (副总经理、总工程师), optionally after 的."""
    from .. import gazetteer as gz
    words = "|".join(re.escape(t) for t in sorted(gz.person_titles(), key=len, reverse=True))
    return f"(?:(?:的)?(?:{words})(?:、(?:{words}))*)"


_MACROS = {"TITLE": _titles}


@dataclass(frozen=True)
class Pattern:
    id: str
    relation: str
    source: str
    example: str
    regex: re.Pattern
    symmetric_list: bool  # collaboratesWith over one list slot: each pair of its members
    all_parties: bool = False  # collaboratesWith: head and tail list are all parties of one signing (each pair)


def _types(spec: str) -> str:
    names = []
    for part in spec.split("|"):
        part = part.strip()
        names += GROUPS.get(part, (part,))
    unknown = [n for n in names if n not in _CLASS_OF]
    if unknown:
        raise ValueError(f"unknown entity type(s) {unknown} in {spec!r}")
    return "[" + "".join(_CLASS_OF[n] for n in dict.fromkeys(names)) + "]"


def compile_pattern(source: str) -> re.Pattern:
    out, i = [], 0
    slots = set()
    while i < len(source):
        ch = source[i]
        if ch == "{":
            j = source.index("}", i)
            name, spec = source[i + 1:j].split(":", 1)
            many = name.endswith("+")
            name = name.rstrip("+")
            if name not in ("H", "T", "E"):
                raise ValueError(f"slot {name!r} in {source!r}: use H, T or E")
            cls = _types(spec)
            group = f"{cls}(?:{_JOINER}{cls})*" if many else cls
            key = name if name not in slots else f"{name}{len(slots)}"
            slots.add(key)
            out.append(f"(?P<{key}>{group})")
            i = j + 1
        elif ch == "…":
            m = re.match(r"…(\d+)?", source[i:])
            out.append(f"{_GAP}{{0,{int(m.group(1) or 12)}}}?")
            i += len(m.group(0))
        elif ch == "[":
            j = source.index("]", i)
            out.append("(?:" + "|".join(re.escape(x) for x in source[i + 1:j].split("|")) + ")?")
            i = j + 1
        elif ch == "<":
            j = source.index(">", i)
            out.append(_MACROS[source[i + 1:j]]())
            i = j + 1
        elif ch in "()|?":
            out.append({"(": "(?:", ")": ")", "|": "|", "?": "?"}[ch])
            i += 1
        else:
            if ch not in _QUOTES:
                out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out))


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    folder = resources.files("kg.nlp.resources").joinpath("relation_patterns")
    out = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".tsv"):
            continue
        lines = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t")))
            source = row["pattern"]
            out.append(Pattern(row["id"], row["relation"], source, row.get("example", ""), compile_pattern(source),
                               row["relation"] == "collaboratesWith" and "{T" not in source,
                               (row.get("pairs") or "").strip() == "all"))
    return tuple(out)


class Encoded:
    """A sentence with each entity replaced by its type's placeholder character."""

    def __init__(self, text: str, ents: list):
        self.ents = sorted(ents, key=lambda e: e.start)
        parts, self.owner, cursor = [], [], 0
        for k, e in enumerate(self.ents + [None]):
            if e is not None and (e.start < cursor or e.label not in _CLASS_OF):
                continue
            gap = "".join(ch for ch in text[cursor:e.start if e is not None else len(text)] if ch not in _QUOTES)
            parts.append(gap)
            self.owner += [None] * len(gap)
            if e is None:
                break
            parts.append(_CLASS_OF[e.label])
            self.owner.append(k)
            cursor = e.end
        self.text = "".join(parts)

    def members(self, start: int, end: int) -> list:
        return [self.ents[self.owner[i]] for i in range(start, end) if self.owner[i] is not None]


def match_patterns(text: str, ents: list) -> list[tuple[Pattern, object, object]]:
    """(pattern, head entity, tail entity) for every pattern match in the sentence `text` with `ents`."""
    enc = Encoded(text, ents)
    found = []
    for p in load_patterns():
        for m in p.regex.finditer(enc.text):
            groups = {k: enc.members(*m.span(k)) for k, v in m.groupdict().items() if v is not None}
            heads = [e for k, v in groups.items() if k.startswith("H") for e in v]
            tails = [e for k, v in groups.items() if k.startswith("T") for e in v]
            if p.symmetric_list:
                heads = tails = heads
            for h in heads:
                for t in tails:
                    if h is not t and (not p.symmetric_list or h.start < t.start):
                        found.append((p, h, t))
            if p.all_parties and len(heads) == 1 and 2 <= len(tails) <= MAX_PARTIES - 1 \
                    and not _open_list(enc.text, m, "T"):
                # A与B、C签署协议: three parties of one agreement, each pair (GUIDELINES v2)
                found += [(p, a, b) for i, a in enumerate(tails) for b in tails[i + 1:]]
    return found


#: the most parties of one signing that are read as each pair cooperating (五方签署: 10 pairs)
MAX_PARTIES = 5


def _open_list(encoded: str, m: re.Match, slot: str) -> bool:
    """The list in `slot` goes on with 等 (与北京大学、清华大学等85所高校): not every party is named."""
    end = max((m.end(k) for k in m.groupdict() if k.startswith(slot) and m.group(k) is not None), default=-1)
    return end >= 0 and encoded.startswith("等", end)
