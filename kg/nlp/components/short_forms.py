"""Short forms of the document's own names, found across the whole document (not from lists): a name
written once in full and later in short is one entity (GUIDELINES v2: aliases).

Three shapes, each a form of a full organisation name F found in the same document:

- the unit without its parent: F = parent + unit, and the unit stands alone later (中科院地理资源所 →
  地理资源所, 北方材料所高分子实验室 → 高分子实验室, 黄三角农高区 → 农高区);
- an abbreviation keeping F's last character and some of its characters in order (天津大学内燃机研究所 →
  内燃所, 天内所; 中国科学院长春光学精密机械与物理研究所 → 长春光机所);
- a company's distinctive core: F without place, legal form and trailing industry words
  (无锡恒和环保科技有限公司 → 恒和, 上海普利特复合材料股份有限公司 → 普利特);
- a university's or institute's name without its ending (武汉理工大学 → 武汉理工).

A candidate must stand alone where it occurs (jieba cuts at both its edges, no entity covers it), must not
be a common word or a bare category (研究所, 重点实验室), and must fit exactly one full name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer as gz
from .entity_rules import _jieba

ORG_TYPES = {"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody"}
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "股份公司", "公司", "集团")


@lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    names = set(gz.org_suffixes()) | {e for e, t, _ in gz.model_endings() if t}
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _ending_regex() -> re.Pattern:
    return re.compile("(?:" + "|".join(re.escape(e) for e in _endings()) + ")$")


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


@lru_cache(maxsize=1 << 14)
def is_category(name: str) -> bool:
    """A bare kind (研究所, 重点实验室, 省高新区): an ending after descriptive words only."""
    generic = gz.generic_words()
    ending = _ending_of(name)
    if not ending:
        return False
    body = name[:-len(ending)]
    jieba, _, _ = _jieba()
    return len(body) < 2 or all(generic.get(w) or w in "省市县区国家" for w in jieba.lcut(body, HMM=False))


def unit_forms(full: str) -> list[str]:
    """The unit of `full` without its parent in front: every proper suffix of 3+ characters that is no
    bare category, longest first."""
    out = []
    for k in range(1, len(full) - 2):
        tail = full[k:]
        if not "\u4e00" <= tail[0] <= "\u9fff" or tail.count("(") != tail.count(")"):
            continue  # (军山校区: no name starts with a bracket
        if tail.endswith(_endings()) and not is_category(tail):
            out.append(tail)
    return out


@lru_cache(maxsize=1 << 14)
def _ending_of(name: str) -> str:
    """The longest organisation ending `name` ends with, or ''."""
    m = _ending_regex().search(name)
    return m.group(0) if m else ""


def abbreviates(form: str, full: str) -> bool:
    """`form` keeps `full`'s last character and others in order, but shortens its ending (内燃所 of
    …内燃机研究所; not 平舆县院士工作站 of 平舆县调研院士工作站, which is another name with the same ending)."""
    ending = _ending_of(full)
    return form[-1] == full[-1] and _subsequence(form, full) and not full.endswith(form) \
        and not (len(ending) >= 2 and form.endswith(ending))


def bare_names(full: str) -> list[str]:
    """A university's or institute's name without its ending, when it stays a name (武汉理工 of 武汉理工大学,
    浙大城市 of 浙大城市学院; not 河南 of 河南大学)."""
    ending = _ending_of(full)
    if ending not in ("大学", "学院", "研究院", "科学院", "研究所", "职业技术学院", "职业学院"):
        return []
    bare = full[:-len(ending)]
    if len(bare) < 3 or bare in gz.places() or is_category(full):
        return []
    return [bare]


def company_cores(full: str) -> list[str]:
    """A company's distinctive core and its prefixes (恒和 of 无锡恒和环保科技有限公司), longest first."""
    core = next((full[:-len(x)] for x in LEGAL_FORMS if full.endswith(x) and len(full) > len(x)), None)
    if core is None:
        return []
    places = gz.places()
    changed = True
    while changed:
        changed = False
        for n in range(min(8, len(core) - 2), 1, -1):
            if core[:n] in places:
                core, changed = core[n:], True
                break
        if "(" in core:
            core, changed = core[:core.index("(")] + core[core.index(")") + 1:] if ")" in core else core, \
                core.index("(") >= 0 and ")" in core
    return [core[:k] for k in range(len(core), 1, -1)]


class WordCuts:
    """Where jieba cuts `text`, found only where asked (a window around the position, segmented once and
    remembered): whole-document segmentation costs more than everything else coreference does."""

    WINDOW = 8

    def __init__(self, text: str):
        self.text = text
        self.known: dict[int, bool] = {0: True, len(text): True}

    def __contains__(self, i: int) -> bool:
        if i not in self.known:
            jieba = _jieba()[0]
            left = max(0, i - self.WINDOW)
            pos = left
            cut = False
            for tok in jieba.cut(self.text[left:i + self.WINDOW], HMM=False):
                pos += len(tok)
                if pos == i:
                    cut = True
                    break
                if pos > i:
                    break
            self.known[i] = cut
        return self.known[i]


def short_form_table(fulls: dict[str, str]) -> dict[str, set]:
    """short form → {full names it may stand for} (unit forms and company cores)."""
    forms: dict[str, set] = {}
    for full, type_name in fulls.items():
        if len(full) < 4:
            continue
        cands = unit_forms(full)
        if type_name == "Company":
            cands += [c for c in company_cores(full) if len(c) >= 2]
        else:
            cands += bare_names(full)
        for c in cands:
            forms.setdefault(c, set()).add(full)
    return forms


def owner_of(name: str, fulls: dict[str, str], forms: dict[str, set]) -> str | None:
    """The one full name `name` is a short form of (a unit form, company core or abbreviation), or None."""
    if name in fulls or len(name) < 2:
        return None
    owners = forms.get(name)
    if owners is None and len(name) >= 3 and not is_category(name):
        owners = {f for f in fulls if len(f) >= 6 and fulls[f] != "Company" and abbreviates(name, f)}
    if owners:  # 中国科学院 in front of 中国科学院|重庆绿色智能技术研究院 is its parent, not its short form
        owners = {f for f in owners if not _written_in_front(name, f, fulls.get(f))}
    return next(iter(owners)) if owners and len(owners) == 1 else None


def _written_in_front(name: str, full: str, full_type: str | None) -> bool:
    """`full` is a unit written with `name` in front (name + a unit of three characters or more with an
    ending of its own): `name` is the unit's parent."""
    rest = full[len(name):]
    return full_type != "Company" and full.startswith(name) and len(rest) >= 3 and rest.endswith(_endings())


def find_short_forms(text: str, fulls: dict[str, str], covered: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, full) of short forms of `fulls` (full name → type) in `text` outside `covered` spans."""
    jieba, freq, _ = _jieba()
    taken = bytearray(len(text) + 1)
    for s, e in covered:
        taken[s:e] = b"\x01" * (e - s)
    cuts = WordCuts(text)

    forms = short_form_table(fulls)
    found = []
    for form, owners in sorted(forms.items(), key=lambda kv: -len(kv[0])):
        if len(owners) != 1 or len(form) < 2 or freq.get(form, 0) > 3:
            continue  # ambiguous, or a dictionary word (合作, 科技)
        full = next(iter(owners))
        i = text.find(form)
        while i >= 0:
            j = i + len(form)
            if not any(taken[i:j]) and i in cuts and j in cuts and not text.startswith(full, i):
                found.append((i, j, full))
                taken[i:j] = b"\x01" * (j - i)
            i = text.find(form, j)
    found += _abbreviations(text, fulls, taken, cuts, freq)
    return found


def _abbreviations(text, fulls, taken, cuts, freq) -> list[tuple[int, int, str]]:
    """内燃所 / 天内所 for 天津大学内燃机研究所: the full name's last character and 2–5 of its other characters
    in order, standing alone, fitting one full name only."""
    out = []
    by_last: dict[str, list[str]] = {}
    for full, type_name in fulls.items():
        if len(full) >= 6 and type_name != "Company":
            by_last.setdefault(full[-1], []).append(full)
    if not by_last:
        return out
    letters = {ch: set("".join(fs)) for ch, fs in by_last.items()}
    for m in re.finditer("[" + re.escape("".join(by_last)) + "]", text):
        i, ch = m.start(), m.group(0)
        if taken[i]:
            continue
        j = i + 1
        for length in range(6, 2, -1):  # the cheap tests first; where jieba cuts is asked last
            s = j - length
            if s < 0 or any(taken[s:j]):
                continue
            form = text[s:j]
            if not all(c in letters[ch] for c in form) or not all("\u4e00" <= c <= "\u9fff" for c in form):
                continue
            owners = [f for f in by_last[ch] if abbreviates(form, f)]
            if len(owners) == 1 and freq.get(form, 0) <= 3 and not is_category(form) and j in cuts and s in cuts:
                out.append((s, j, owners[0]))
                taken[s:j] = b"\x01" * length
                break
    return out


@lru_cache(maxsize=1)
def _known_names() -> dict[str, tuple[str, str]]:
    """Gazetteer organisation names and short names → (type, full name)."""
    out: dict[str, tuple[str, str]] = {}
    for name in gz.gov_bodies():
        out[name] = ("GovernmentBody", name)
    for name, full in gz.companies().items():
        out[name] = ("Company", full)
    for name, (type_name, full) in gz.institutes().items():
        out[name] = (type_name, full)
    for name, full in gz.universities().items():
        out[name] = ("University", full)
    return out


@lru_cache(maxsize=1)
def _parent_endings() -> tuple[tuple[str, str], ...]:
    """(ending, type) of names that can stand in front of a unit: 大学, 研究院, 集团, 管委会, 厅 …"""
    rows = [(s, info.type) for s, info in gz.org_suffixes().items() if info.type not in ("Other", "Organization")]
    rows += [(e, t) for e, t, _ in gz.model_endings() if t and len(e) >= 2]
    rows += [("政府", "GovernmentBody"), ("人民政府", "GovernmentBody"), ("管委会", "GovernmentBody"),
             ("厅", "GovernmentBody"), ("局", "GovernmentBody"), ("委", "GovernmentBody")]
    return tuple(sorted(set(rows), key=lambda r: -len(r[0])))


def parent_in_front(name: str, names: dict[str, tuple[str, str]]) -> tuple[int, str, str] | None:
    """(length, canonical, type) of the organisation written in front of the unit `name` (河南大学|开封研究院,
    中科院|地理资源所, 省政府|办公厅, 上海交大|浙江研究院), or None. `names` maps the document's entity surfaces
    and canonical names to (type, canonical). The longest parent wins; the unit after it must have an
    ending of its own, and a place alone is no parent (河南省|科学院)."""
    places = gz.places()
    known = _known_names()
    unit_endings = _endings()
    for k in range(len(name) - 2, 1, -1):
        parent, unit = name[:k], name[k:]
        if parent in places or not unit.endswith(unit_endings) or unit.startswith(("有限", "股份", "(", "集团")):
            continue
        if unit.endswith(LEGAL_FORMS) or unit in ("大学", "学院", "研究院", "科学院", "研究所", "分院"):
            continue  # 华为|技术有限公司 is the company itself; 中国科学院|大学: a name of its own
        if parent in names:
            type_name, canonical = names[parent]
            return k, canonical, type_name
        if parent in known:
            type_name, full = known[parent]
            return k, full, type_name
        ending = next(((e, t) for e, t in _parent_endings() if parent.endswith(e) and len(parent) > len(e)), None)
        if ending and parent.count("(") == parent.count(")") and (ending[1] == "GovernmentBody" or
                                                                  not is_category(parent)):
            return k, parent, ending[1]  # (省科技厅 is a name: a relative organ, not a category)
    return None
