"""Relation extraction from cue patterns over the entities of each sentence.

Every rule reads one sentence: its normalised text and the entities in it (after coreference, so
该企业 or 我市 already point at their antecedent). A rule emits a relation only when the text states
it through a cue (依托X建设的Y, A与B联合研发, X董事长Y, 市政府印发《P》, ...): two names in one sentence
are not a relation. Chinese coordination (A、B和C等) fans a relation out to every member. Cue words
live in resources/relation_cues.json.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import doc_text, norm_text
from .sentences import sentence_spans

ORG_CHARS_ROLE = re.compile(
    r"^(?:的)?(?:原|前|现任|时任|副|常务|执行|首席|总|党委|名誉|荣誉|创始|联合)?[\u4e00-\u9fff]{0,8}?"
    r"(?:董事长|总经理助理|总经理|副总经理|总裁|总监|经理|主任|院长|副院长|校长|副校长|所长|书记|部长|局长|厅长|"
    r"处长|科长|主席|理事长|秘书长|董事|监事|创始人|负责人|首席科学家|科学家|总工程师|工程师|研究员|教授|副教授|"
    r"讲师|博士|院士|专家|带头人|技术员|设计师|厂长|站长|队长|组长|会长|社长|行长|总编辑|记者|常委|市长|省长|县长|区长)$")
DATE_FULL = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DATE_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
CLAUSE_END = "。；;！？!?"
LIST_SEP = "、,，和与及"
ANAPHOR_TYPES = ("Company", "University", "ResearchInstitute", "Lab", "Platform")


@lru_cache(maxsize=1)
def load_cues() -> dict:
    return json.loads(resources.files("kg.nlp.resources").joinpath("relation_cues.json").read_text("utf-8"))


@dataclass
class Ent:
    start: int        # sentence-local
    end: int
    label: str
    text: str
    doc_start: int    # document offsets (within this Doc part)
    doc_end: int
    canonical: str | None = None
    parent: tuple | None = None  # (length, canonical, type) of the organisation written in front of it


class Sentence:
    """One sentence with its entities and helpers the rules share."""

    def __init__(self, text: str, start: int, ents: list[Ent], cues: dict, context: dict, original: str | None = None):
        self.text = text
        self.original = original if original is not None else text  # as written (text is normalised)
        self.start = start
        self.ents = ents
        self.cues = cues
        self.context = context
        self.org_types = set(cues["org_types"])

    def ent_starting(self, pos: int, types=None, max_gap: int = 0) -> Ent | None:
        for e in self.ents:
            if pos <= e.start <= pos + max_gap and (types is None or e.label in types):
                if not self.text[pos:e.start].strip(" 的") or e.start == pos or max_gap:
                    return e
        return None

    def ent_ending(self, pos: int, types=None, max_gap: int = 0) -> Ent | None:
        best = None
        for e in self.ents:
            if pos - max_gap <= e.end <= pos and (types is None or e.label in types):
                best = e if best is None or e.end > best.end else best
        return best

    def before(self, pos: int, types=None, clause: bool = True) -> Ent | None:
        """The nearest entity ending at or before `pos` (within the clause when clause=True)."""
        limit = self.clause_start(pos) if clause else 0
        found = [e for e in self.ents if limit <= e.start and e.end <= pos and (types is None or e.label in types)]
        return found[-1] if found else None

    def clause_start(self, pos: int) -> int:
        cut = max(self.text.rfind(ch, 0, pos) for ch in CLAUSE_END)
        return cut + 1

    def clause_end(self, pos: int) -> int:
        ends = [i for i in (self.text.find(ch, pos) for ch in CLAUSE_END) if i >= 0]
        return min(ends) if ends else len(self.text)

    def coordinated(self, first: Ent, types=None, forward: bool = True) -> list[Ent]:
        """first plus the entities joined to it by 、 和 与 及 , (A、B和C) in the given direction."""
        group = [first]
        ordered = self.ents if forward else list(reversed(self.ents))
        current = first
        for e in ordered:
            if types is not None and e.label not in types:
                continue
            gap = self.text[current.end:e.start] if forward else self.text[e.end:current.start]
            if (forward and e.start >= current.end) or (not forward and e.end <= current.start):
                if gap and len(gap) <= 2 and all(ch in LIST_SEP or ch == " " for ch in gap):
                    group.append(e)
                    current = e
                elif gap == "" and e is not current:
                    continue
                elif (forward and e.start > current.end) or (not forward and e.end < current.start):
                    break
        return group if forward else list(reversed(group))

    def list_before(self, pos: int, types) -> list[Ent]:
        """The coordinated entities right before `pos` (allowing 等 + a generic noun between)."""
        gap_re = re.compile(r"^(?:等)?(?:[\d一二三四五六七八九十百千余多]*[家个所项名座批人位])?(?:[\u4e00-\u9fff“”\"]{0,12}?)?$")
        last = self.before(pos, types)
        if last is None or not gap_re.match(self.text[last.end:pos]):
            return []
        return self.coordinated(last, types, forward=False)

    def subject(self, pos: int, types=None, comma_clause: bool = False) -> Ent | None:
        """The entity a predicate at `pos` is about: the nearest one before it in the sentence that
        is not itself the object of 与/和/联合 (A与B联合研发: B is a partner, not the subject)."""
        types = types or self.org_types
        limit = self.comma_clause_start(pos) if comma_clause else 0
        for e in reversed([e for e in self.ents if limit <= e.start and e.end <= pos and e.label in types]):
            left = self.text[max(0, e.start - 2):e.start]
            if left.endswith(("与", "和", "同", "跟")) or left in ("联合", "携手", "联手", "会同"):
                continue
            if re.match(r"等(?:高校|院所|企业|单位|机构|高校院所)", self.text[e.end:e.end + 5]):
                continue
            return e
        return None

    def comma_clause_start(self, pos: int) -> int:
        cut = max(self.text.rfind(ch, 0, pos) for ch in CLAUSE_END + "，,：:")
        return cut + 1


def _rel(s: Sentence, head: Ent | None, name: str, tail: Ent | None, confidence: float, *,
         tail_text: str | None = None, tail_type: str | None = None, tail_surface: str | None = None,
         head_text: str | None = None, head_type: str | None = None, role: str | None = None) -> dict | None:
    if (head is None and not head_text) or (tail is None and not tail_text):
        return None
    if head is not None and tail is not None and (head.doc_start, head.doc_end) == (tail.doc_start, tail.doc_end):
        return None
    if s.original is not s.text:  # names found in the normalised text are stored as written
        tail_text, tail_surface = _as_written(s, tail_text), _as_written(s, tail_surface)
    return {
        "head": (head.doc_start, head.doc_end) if head else None,
        "head_text": head_text, "head_type": head_type,
        "relation": name,
        "tail": (tail.doc_start, tail.doc_end) if tail else None,
        "tail_text": tail_text, "tail_type": tail_type, "tail_surface": tail_surface,
        "role": role, "confidence": confidence,
        "start": s.start, "end": s.start + len(s.text),
    }


def _as_written(s: "Sentence", text: str | None) -> str | None:
    if not text:
        return text
    i = s.text.find(text)
    return s.original[i:i + len(text)] if i >= 0 else text


@lru_cache(maxsize=256)
def _alternation(words: tuple) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def _find_all(text: str, words) -> list[tuple[int, str]]:
    """(position, word) of every cue, longest word first at each position, no overlaps."""
    return [(m.start(), m.group(0)) for m in _alternation(tuple(words)).finditer(text)]


# -- rule families ----------------------------------------------------------------------------

def hosted_by(s: Sentence) -> list:
    out = []
    cues = s.cues
    hosted = set(cues["hosted_types"])
    build = "|".join(sorted(map(re.escape, cues["build_verbs"]), key=len, reverse=True))
    for pos, cue in _find_all(s.text, cues["host_cues"]):
        host = s.ent_starting(pos + len(cue), s.org_types, max_gap=1)
        if host is None:
            continue
        hosts = s.coordinated(host, s.org_types)
        after = hosts[-1].end
        m = re.compile(rf"(?:[（(]简称[^）)]*[）)])?(?:等(?:单位|企业|高校|院所)?)?(?:(?:{build})(?:了|的)?|，|,)?").match(s.text, after)
        target = s.ent_starting(m.end() if m else after, hosted, max_gap=2)
        targets = s.coordinated(target, hosted) if target else []
        if not targets:  # Y依托X建设: the platform stands before the cue
            prev = s.before(pos, hosted)
            targets = [prev] if prev else []
        for t in targets:
            for h in hosts:
                out.append(_rel(s, t, "hostedBy", h, 0.9))
    # 由X(牵头)组建的Y / X建设的Y / X的Y (a lab or platform right after its organisation)
    for e in s.ents:
        if e.label not in hosted:
            continue
        left = s.text[max(0, e.start - 8):e.start]
        m = re.search(rf"(?:{build})的$", left) or re.search(r"(?:旗下|下属)?的$", left)
        if not m:
            continue
        host = s.ent_ending(e.start - len(m.group(0)), s.org_types - {"GovernmentBody"})
        if host is None or host.label in hosted and host.label != "ResearchInstitute":
            continue
        if s.text[host.end:e.start - len(m.group(0))].strip():
            continue
        for h in s.coordinated(host, s.org_types, forward=False):
            out.append(_rel(s, e, "hostedBy", h, 0.75))
    # X获批建设Y / X牵头组建了Y: the subject of the clause builds the platform (not a government body:
    # 市政府建设高新区 is policy, not hosting)
    active = re.compile(rf"(?:获批|牵头|负责|成功|先后|已)?(?:{build})(?:了)?$")
    for e in s.ents:
        if e.label not in hosted:
            continue
        m = active.search(s.text[max(0, e.start - 8):e.start])
        if not m:
            continue
        cue_start = e.start - (len(m.group(0)))
        host = s.subject(cue_start, s.org_types - {"GovernmentBody"}, comma_clause=True)
        if host is None or host.label in hosted and host.label != "ResearchInstitute" or host is e:
            continue
        between = s.text[host.end:cue_start]
        if len(between) > 12 or any(x.start >= host.end and x.end <= cue_start for x in s.ents):
            continue  # another name stands between: its own clause
        group = s.coordinated(host, s.org_types, forward=False)
        if len(group) > 1 or s.text[max(0, group[0].start - 2):group[0].start].endswith(("与", "和", "同", "联合")):
            continue  # A与B、C共建Y: built together, which is cooperation, not hosting
        if s.text[cue_start - 1:cue_start] == "的":
            continue
        out.append(_rel(s, e, "hostedBy", host, 0.7))
    # 由A牵头，联合B、C等N家单位组建的Y: the lead hosts Y (the partners are collaborators)
    for lead, _, built_end in _led_builds(s):
        if lead.label != "GovernmentBody" and s.text.startswith("的", built_end):
            target = s.ent_starting(built_end + 1, hosted, max_gap=0)
            if target is not None:
                out.append(_rel(s, target, "hostedBy", lead, 0.8))
    # Y由X(牵头)组建 / Y由X、Z联合建设: the platform first, its builders after 由
    for e in s.ents:
        if e.label not in hosted or not s.text.startswith("由", e.end):
            continue
        host = s.ent_starting(e.end + 1, s.org_types - {"GovernmentBody"}, max_gap=0)
        if host is None:
            continue
        hosts = s.coordinated(host, s.org_types - {"GovernmentBody"})
        if re.compile(rf"(?:等\w{{0,4}}?)?(?:牵头|联合|共同)?(?:{build})").match(s.text, hosts[-1].end):
            for h in hosts:
                out.append(_rel(s, e, "hostedBy", h, 0.75))
    return out


PARENT_SUFFIXES = ("大学", "学院", "科学院", "研究院", "集团", "公司")
PURE_SUFFIXES = {"有限公司", "股份有限公司", "有限责任公司", "公司", "集团", "集团有限公司", "大学", "学院"}


def _type_of_parent(name: str) -> str:
    if name.endswith(("科学院", "研究院", "研究所", "工程院")):
        return "ResearchInstitute"
    if name.endswith(("大学", "学院")):
        return "University"
    return "Company"


def part_of(s: Sentence) -> list:
    out = []
    for e in s.ents:
        if e.label not in s.org_types:
            continue
        # a unit written with its parent in front (河南大学开封研究院, 省政府办公厅; found by kg_coref): part of
        # the parent — or, a company's own lab or platform (普利特…院士专家工作站), hosted by it
        if e.parent and e.parent[1] != (e.canonical or e.text):
            length, canonical, type_name = e.parent
            relation = "hostedBy" if type_name == "Company" and e.label in s.cues["hosted_types"] else "partOf"
            out.append(_rel(s, e, relation, None, 0.8, tail_text=canonical, tail_type=type_name,
                            tail_surface=e.text[:length]))
        # X下属(的)Y / X旗下Y
        left = s.text[max(0, e.start - 4):e.start]
        for cue in s.cues["parent_cues"]:
            m = re.search(rf"{cue}(?:的)?$", left)
            if m:
                parent = s.ent_ending(e.start - len(m.group(0)), s.org_types)
                if parent:
                    out.append(_rel(s, e, "partOf", parent, 0.8))
        # Y是X直属/下属…
        m = re.compile(r"是").match(s.text, e.end)
        if m:
            parent = s.ent_starting(m.end(), s.org_types, max_gap=0)
            if parent and re.match(r"(?:的)?(?:直属|下属|所属|二级|派出)", s.text[parent.end:]):
                out.append(_rel(s, e, "partOf", parent, 0.8))
        # Y隶属于X
        for cue in s.cues["parent_tail_cues"]:
            if s.text.startswith(cue, e.end):
                parent = s.ent_starting(e.end + len(cue), s.org_types, max_gap=1)
                if parent:
                    out.append(_rel(s, e, "partOf", parent, 0.8))
    return out


_LEAD_THEN_JOIN = re.compile(r"牵头[，,]?(?:联合|携手|会同|联手)")
_JOINT_BUILD = re.compile(r"(?:等[\d一二三四五六七八九十百余多]*[家个所][\u4e00-\u9fff]{0,6}?)?(?:共同|联合)?"
                         r"(?:组建|建设|成立|发起|共建|打造)")


def _led_builds(s: Sentence) -> list[tuple[Ent, list[Ent], int]]:
    """(lead, partners, end of the build verb) for each 由A牵头，联合B、C等N家单位组建 in the sentence."""
    found = []
    for m in re.finditer(r"由", s.text):
        lead = s.ent_starting(m.end(), s.org_types, max_gap=0)
        m_join = _LEAD_THEN_JOIN.match(s.text, lead.end) if lead is not None else None
        partner = s.ent_starting(m_join.end(), s.org_types, max_gap=0) if m_join else None
        if partner is None:
            continue
        partners = s.coordinated(partner, s.org_types)
        m_build = _JOINT_BUILD.match(s.text, partners[-1].end)
        if m_build:
            found.append((lead, partners, m_build.end()))
    return found


def collaborates_with(s: Sentence) -> list:
    out = []
    cues = s.cues
    for pos, conn in _find_all(s.text, cues["collab_connectors"]):
        partner = s.ent_starting(pos + len(conn), s.org_types, max_gap=0)
        if partner is None:
            continue
        partners = s.coordinated(partner, s.org_types)
        clause_end = s.clause_end(partners[-1].end)
        tail_text = s.text[partners[-1].end:clause_end]
        if conn not in cues["self_cue_connectors"] and not any(c in tail_text[:40] for c in cues["collab_cues"]):
            continue
        head = s.subject(pos, s.org_types, comma_clause=True)
        if head is None or head in partners:
            continue
        # the head must not itself be one of a list ending at the connector (A、B与C合作 → all pairs)
        heads = s.coordinated(head, s.org_types, forward=False) if s.text[head.end:pos].strip() == "" else [head]
        for h in heads:
            for p in partners:
                out.append(_rel(s, h, "collaboratesWith", p, 0.85))
    # 由A牵头，联合B、C等N家单位组建(的Y): A works with each partner (Y hostedBy A: in hosted_by)
    for lead, partners, _ in _led_builds(s):
        for p_ in partners:
            out.append(_rel(s, lead, "collaboratesWith", p_, 0.8))
    # A、B共建/联合共建/签署… : a list of organisations as the subject of a collaboration cue
    for pos, cue in _find_all(s.text, ["共建", "联合共建", "共同建设", "联合研发", "签署", "签约", "合作共建"]):
        group = s.list_before(pos, s.org_types)
        if len(group) >= 2 and s.text[group[-1].end:pos] in ("", "共同", "联合", "携手"):
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    out.append(_rel(s, a, "collaboratesWith", b, 0.8))
    return out


def works_for(s: Sentence) -> list:
    out = []
    persons = [e for e in s.ents if e.label == "Person"]
    done = set()
    for p in persons:
        if id(p) in done:
            continue
        org = s.ent_ending(p.start, s.org_types, max_gap=14)
        role = None
        if org is not None and re.search(r"[（(]简称$", s.text[max(0, org.start - 3):org.start]):
            full = s.ent_ending(org.start - 3, s.org_types, max_gap=1)
            org = full or org
        if org is not None:
            gap = re.sub(r"[（(]简称[^）)]*[）)]", "", s.text[org.end:p.start]).strip(" ，,）)")
            # one post or several (副总经理、总工程师)
            if gap == "" or all(ORG_CHARS_ROLE.match(x) for x in gap.split("、")):
                role = gap.lstrip("的") or None
                group = s.coordinated(p, {"Person"})
                for q in group:
                    done.add(id(q))
                    out.append(_rel(s, q, "worksFor", org, 0.85, role=role if q is p or role else None))
                # a chain of posts before the name: 龙门实验室主任、中国工程院院士王立平
                edge = org.start
                while s.text[edge - 1:edge] == "、":
                    earlier = s.ent_ending(edge - 1, s.org_types, max_gap=12)
                    post = s.text[earlier.end:edge - 1] if earlier is not None else ""
                    if not post or not ORG_CHARS_ROLE.match(post):
                        break
                    out.append(_rel(s, p, "worksFor", earlier, 0.8, role=post.lstrip("的")))
                    edge = earlier.start
                # an organisation before a list of titled people applies to each (GUIDELINES v2): 浙江大学
                # 党委书记A,副校长B,党委常委、副校长C — until a name that is not a person begins a segment
                for q, post in _title_chain(s, group[-1]):
                    done.add(id(q))
                    out.append(_rel(s, q, "worksFor", org, 0.8, role=post))
                continue
        # P，ORG ROLE / P是ORG的ROLE / P(ORG ROLE) / P担任ORG ROLE
        m = re.compile(r"[，,（(]?(?:是|系|为|现任|担任|任)?").match(s.text, p.end)
        org = s.ent_starting(m.end(), s.org_types, max_gap=0) if m else None
        if org is not None:
            rm = re.compile(r"(?:的)?([\u4e00-\u9fff]{1,10}?)(?=[，,。；;）)]|$|表示|说|介绍)").match(s.text, org.end)
            role_text = rm.group(1) if rm else ""
            if role_text and ORG_CHARS_ROLE.match(role_text):
                out.append(_rel(s, p, "worksFor", org, 0.75, role=role_text))
    return out


_CHAIN_SEP = re.compile(r"[，,、]|及|以及|和")

# The article's own organisation, referred to without its name (学校常务副校长D, 校党委书记A, 我所所长B).
_SELF_REFERENCE = re.compile(r"(?:学校|我校|本校|该校|全校|我所|本所|该所)|校(?=党委|纪委|团委|工会)")
# titles only a university or an institute has, which name the article's own when no organisation precedes
_OWN_TITLES = re.compile(r"(?:常务)?(?:副)?校长|(?:常务)?(?:副)?所长|校党委(?:副)?书记")


@lru_cache(maxsize=1)
def _home_title_regexes() -> tuple[re.Pattern, re.Pattern]:
    """(self-reference + titles, own titles after a clause edge), each ending where the name begins."""
    titles = _titles_regex().pattern
    return (re.compile(f"(?:{_SELF_REFERENCE.pattern})(?:的)?(?:{titles})$"),
            re.compile(f"(?:^|[，,、]|以及|及)((?:{_OWN_TITLES.pattern})(?:、(?:{titles}))*)$"))


def works_for_home(s: Sentence, stated: list) -> list:
    """A titled person whose organisation is the article's own, written as 学校/校/我所 or left out before a
    title only it has (副校长B会见来宾): worksFor the university (institute) the document is about — the one
    its sentences name most (`s.home`, set by the extractor) — when no rule has given the person one."""
    home = getattr(s, "home", None) or {}
    if not home:
        return []
    employed = {r["head"] for r in stated if r and r["relation"] == "worksFor"}
    out = []
    for p in s.ents:
        if p.label != "Person" or (p.doc_start, p.doc_end) in employed:
            continue
        window = s.text[s.comma_clause_start(p.start):p.start]
        self_titled, own_titled = _home_title_regexes()
        m = self_titled.search(window)
        kind = None
        if m:
            kind = "University" if "校" in m.group(0)[:3] else "ResearchInstitute"
        else:
            own = own_titled.search(window)
            if own and s.ent_ending(p.start - len(own.group(1)), s.org_types, max_gap=1) is None:
                kind = "University" if "校" in own.group(1) else "ResearchInstitute"
        if kind and kind in home:
            role = (m.group(0) if m else own.group(1)).lstrip("的")
            for q in s.coordinated(p, {"Person"}):  # 常务副校长A、B: each of the list
                if (q.doc_start, q.doc_end) not in employed:
                    employed.add((q.doc_start, q.doc_end))
                    out.append(_rel(s, q, "worksFor", None, 0.75, tail_text=home[kind], tail_type=kind, role=role))
    return out


def _title_chain(s: Sentence, last) -> list:
    """(person, title) of each titled person that follows `last` in a list of titled people, segment by
    segment (,副校长B,党委常委、副校长C、D): a segment is titles then a person (or a person alone, after a
    titled one); the chain stops at a segment that starts with anything else (another organisation, a verb)."""
    out = []
    pos = last.end
    persons = {e.start: e for e in s.ents if e.label == "Person"}
    starts = {e.start for e in s.ents}
    while True:
        m = _CHAIN_SEP.match(s.text, pos)
        if not m:
            break
        pos = m.end()
        post = ""
        if pos not in persons:
            m_title = _titles_regex().match(s.text, pos)
            if not m_title or m_title.end() not in persons or pos in starts:
                break
            if _SELF_REFERENCE.match(s.text, pos):
                break  # 以及学校常务副校长D: the article's own school, not the organisation of the chain
            post = m_title.group(0).lstrip("的")
            pos = m_title.end()
        q = persons[pos]
        out.append((q, post or None))
        pos = q.end
    return out


@lru_cache(maxsize=1)
def _titles_regex() -> re.Pattern:
    """One title or several joined by 、 (党委常委、副校长), the person titles of the rule layer."""
    from .. import gazetteer as gz
    words = "|".join(re.escape(t) for t in sorted(gz.person_titles(), key=len, reverse=True))
    return re.compile(f"(?:的)?(?:[\u4e00-\u9fff]{{0,4}}?(?:{words}))(?:、(?:{words}))*")


def _government_of(s: Sentence, subject_word: str) -> tuple[str, str] | None:
    ctx = s.context or {}
    if subject_word in s.cues["city_subjects"] and ctx.get("city"):
        return f"{ctx['city']}人民政府", "市政府"
    if subject_word in s.cues["province_subjects"] and ctx.get("province"):
        return f"{ctx['province']}人民政府", "省政府"
    if subject_word in s.cues["county_subjects"] and ctx.get("county"):
        return f"{ctx['county']}人民政府", subject_word[-1] + "政府"
    return None


def issued_by(s: Sentence) -> list:
    out = []
    policies = [e for e in s.ents if e.label == "Policy"]
    if not policies:
        return out
    for pos, cue in _find_all(s.text, s.cues["issue_cues"]):
        end = s.clause_end(pos)
        targets = [p for p in policies if pos < p.start < end + 1 and not any(
            q.start > pos and q.end <= p.start and q.label not in ("Policy",) for q in s.ents if q not in policies)]
        targets = [p for p in targets if "《" not in s.text[pos:p.start - 1] or True]
        if not targets:
            continue
        clause = s.clause_start(pos)
        issuers = [e for e in s.ents if clause <= e.start and e.end <= pos and e.label == "GovernmentBody"]
        if issuers:
            last = issuers[-1]
            group = s.coordinated(last, {"GovernmentBody"}, forward=False)
            for p in targets:
                for g in group:
                    out.append(_rel(s, p, "issuedBy", g, 0.9))
            continue
        left = s.text[clause:pos]
        words = s.cues["city_subjects"] + s.cues["province_subjects"] + s.cues["county_subjects"]
        found = [w for w in words if w in left]
        if found:
            gov = _government_of(s, max(found, key=lambda w: left.rfind(w)))
            if gov:
                for p in targets:
                    out.append(_rel(s, p, "issuedBy", None, 0.75, tail_text=gov[0], tail_type="GovernmentBody",
                                    tail_surface=gov[1]))
    # 《P》由GOV印发
    for p in policies:
        m = re.compile(r"(?:》)?(?:由|经)").match(s.text, p.end)
        if m:
            gov = s.ent_starting(m.end(), {"GovernmentBody"})
            if gov and any(s.text.startswith(c, gov.end) for c in s.cues["issue_cues"]):
                out.append(_rel(s, p, "issuedBy", gov, 0.85))
    return out


def invests_in(s: Sentence) -> list:
    out = []
    for pos, cue in _find_all(s.text, s.cues["invest_cues"]):
        investor = s.ent_ending(pos, s.org_types, max_gap=2)
        if investor is None:
            continue
        # X投资N亿元(在Y)建设Z项目: a place between the sum and the building verb is allowed
        m = re.compile(r"(?:了)?(?:约)?(?:[\d.]+(?:亿|万)?元)?(?:(?:在|于)[\u4e00-\u9fff]{2,12}?(?=建设|兴建|新建))?"
                       r"(?:建设|兴建|新建)?(?:的)?").match(s.text, pos + len(cue))
        target = s.ent_starting(m.end() if m else pos + len(cue), {"Project", "Company", "ResearchInstitute", "Platform", "Lab"}, max_gap=1)
        if target is None:
            continue
        for inv in s.coordinated(investor, s.org_types, forward=False):
            out.append(_rel(s, inv, "investsIn", target, 0.85))
    return out


def _place_tail(s: Sentence, pos: int):
    """(entity, None) or (None, (text, type, surface)) for the place starting at pos (我市 → the city)."""
    target = s.ent_starting(pos, {"Place", "Platform"}, max_gap=0)
    if target is not None:
        return target, None
    ctx = s.context or {}
    for word in s.cues["city_subjects"]:
        if s.text.startswith(word, pos) and ctx.get("city"):
            return None, (ctx["city"], "Place", None)
    for word in s.cues["province_subjects"]:
        if s.text.startswith(word, pos) and ctx.get("province"):
            return None, (ctx["province"], "Place", None)
    return None, None


# A建设运营的Y, A牵头组建的Y, A（简称B）投资45亿元建设的Y: what follows A is the thing A built
_BUILT_BY = re.compile(r"(?:[（(][^）)]{1,20}[）)])?(?:牵头|联合|共同|负责)?(?:投资[^，。；的]{0,10}?)?"
                       r"(?:建设运营|建设|运营|组建|打造|共建|成立|兴建)的")


def located_in(s: Sentence) -> list:
    out = []
    movable = s.org_types | {"Project"}

    def add(subjects, place_ent, place_info, confidence):
        for subj in subjects:
            if place_ent is not None:
                if place_ent.label == "Platform" and subj.label == "Platform":
                    continue
                out.append(_rel(s, subj, "locatedIn", place_ent, confidence))
            elif place_info:
                out.append(_rel(s, subj, "locatedIn", None, confidence, tail_text=place_info[0],
                                tail_type=place_info[1], tail_surface=place_info[2]))

    # Y位于X / Y落户X
    for pos, cue in _find_all(s.text, s.cues["located_cues"]):
        place, info = _place_tail(s, pos + len(cue))
        if place is None and info is None:
            continue
        place_end = place.end if place is not None else pos + len(cue) + 2
        follower = s.ent_starting(place_end + 1, movable, max_gap=0) if s.text[place_end:place_end + 1] == "的" else None
        if follower is None and place is not None:  # 位于X（别名）的Y
            m = re.compile(r"[（(][^）)]{1,20}[）)]的").match(s.text, place_end)
            follower = s.ent_starting(m.end(), movable, max_gap=0) if m else None
        if follower is not None:
            subjects = [follower]
        elif s.text[pos - 1:pos] in ("，", ",") and not any(
                s.comma_clause_start(pos) <= e.start < pos for e in s.ents if e.label in movable):
            # A（简称B）是…机构，位于X: a clause of its own, about the sentence's subject
            first = next((e for e in s.ents if e.label in movable), None)
            subjects = [first] if first is not None and first.start <= 1 else []
        else:
            subjects = s.list_before(pos, movable) or ([s.subject(pos, movable)] if s.subject(pos, movable) else [])
        add(subjects, place, info, 0.85)
    # A、B等…在X挂牌运行
    for m in re.finditer(r"在", s.text):
        place, info = _place_tail(s, m.end())
        if place is None and info is None:
            continue
        after = (place.end if place else m.end() + 2)
        rest = s.text[after:after + 6]
        if not any(rest.startswith(v) for v in s.cues["located_after_place"]):
            if m.start() == s.clause_start(m.start()) or m.start() == 0:
                # 在X，…建设/推进的项目: everything built in the clause after it sits in X
                if s.text[after:after + 1] in "，,":
                    end = s.clause_end(after)
                    subjects = [e for e in s.ents if after < e.start < end and e.label in ("Project", "ResearchInstitute")]
                    # 在X，A（简称B）的车间里 / 在X，A建设运营的Y: the name the clause opens with is in X
                    first = s.ent_starting(after + 1, movable, max_gap=0)
                    builders = []
                    while first is not None:
                        m_built = _BUILT_BY.match(s.text, first.end)
                        nxt = s.ent_starting(m_built.end(), movable, max_gap=0) if m_built else None
                        if nxt is None:
                            break
                        builders.append(first)  # the builder may sit elsewhere
                        first = nxt
                    subjects = [e for e in subjects if e not in builders]
                    if first is not None and first not in subjects:
                        subjects.append(first)
                    add(subjects, place, info, 0.7)
            continue
        subjects = s.list_before(m.start(), movable)
        add(subjects, place, info, 0.8)
    # X是我市一家… : a firm described as one of the city's
    for m in re.finditer(r"是(我市|本市|全市)(?:的)?(?:一家|一所|首家|[^，。；]{0,10}?(?:企业|公司|单位|机构|高校|院所))", s.text):
        subj = s.ent_ending(m.start(), movable) or s.subject(m.start(), movable)
        place, info = _place_tail(s, m.start(1))
        if subj:
            add([subj], place, info, 0.75)
    # 德国徕卡 / 美国RMC: a country or city right before a company name
    for e in s.ents:
        if e.label == "Company":
            place = s.ent_ending(e.start, {"Place"})
            if place is not None and (e.canonical or "").startswith(place.text):
                continue  # 中国|航天科工 (中国航天科工集团公司): the place is part of the company's name
            if place is not None and place.end == e.start:
                add([e], place, None, 0.7)
            elif place is not None and s.text[place.end:e.start] in ("的",):
                add([e], place, None, 0.65)
    return out


_MEASURED = re.compile(r"(?:厚度|重量|精度|效率|功率|寿命|成本|速度|容量|密度|良率|产能|产量|能耗|续航)"
                       r"(?:仅|为|达|只|可|提|降|比|较|超|突破|不足|已|约|由|从)")


_CLAUSE_ADVERBS = frozenset({"尽快", "加快", "进一步", "不断", "持续", "全面", "积极", "已经", "正在", "逐步"})
_QUANTITY_LEAD = re.compile(r"(?:一批|一系列|系列|多项|多款|多种|一款|一种|一套|一项|若干|一大批)?")
#: heads of phrases that say how something is done, not what is made (一系列重磅举措, 产业发展生态链)
_ABSTRACT_HEADS = frozenset({"举措", "措施", "工作", "服务", "体系", "生态链", "生态", "模式", "机制", "作用", "能力",
                             "水平", "优势", "发展", "合作", "交流", "支撑", "保障", "环境", "氛围"})


def _tech_terms(s: Sentence, pos: int, limit_end: int | None = None) -> list[tuple[int, int]]:
    """Noun phrases after a develop cue: 'X、Y等系列耗材，以及Z' → X, Y, Z (sentence-local spans)."""
    text = s.text
    end = limit_end if limit_end is not None else len(text)
    pos = re.compile(r"(?:了|出|成功|的)*").match(text, pos).end()
    pos = _QUANTITY_LEAD.match(text, pos).end()  # 研发了一批|农林新药: the things, not their number
    stops = [w for w in s.cues["tech_stop_words"] if w != "的"]
    items = []
    start = i = pos
    while i <= end:
        ch = text[i] if i < end else "。"
        at_stop = next((w for w in stops if text.startswith(w, i)), None)
        if at_stop is None and i > start and (_MEASURED.match(text, i) or text.startswith("已", i)):
            at_stop = "predicate"  # T厚度仅为0.1毫米, T已推广种植: what is said of T begins
        joiner = ch == "、" or (text.startswith(("及", "和"), i) and i > start)
        if ch in "、，,。；;：:（(“”\"）)…" or at_stop or joiner:
            term = text[start:i]
            if 2 <= len(term) <= 25:
                items.append((start, i))
            if joiner:
                i += 1
                start = i
                continue
            if at_stop == "等":  # X等系列耗材，以及Z: skip the generic noun, follow 以及
                k = i
                while k < end and text[k] not in "，,。；;":
                    k += 1
                i = k
                ch = text[i] if i < end else "。"
            if ch in "，," and text.startswith("以及", i + 1):
                i += 3
                start = i
                continue
            break
        i += 1
    return items


def develops(s: Sentence) -> list:
    out = []
    cues = s.cues
    for pos, cue in _find_all(s.text, cues["develop_cues"] + cues["develop_focus_cues"]):
        head = s.subject(pos, s.org_types - {"GovernmentBody"})
        if head is None:
            continue
        after = pos + len(cue)
        if any(s.text.startswith(w, after) for w in cues["develop_noun_after"]) or after >= len(s.text):
            continue  # 研发机构, 研发、生产: a noun, not a predicate
        if s.text.startswith("的", after):  # X研发的Y: Y follows
            terms = _tech_terms(s, after + 1)
        else:
            terms = _tech_terms(s, after)
        if cue in cues["develop_focus_cues"]:
            terms = [t for t in terms if s.text[t[0]:t[1]].endswith(("技术", "材料", "产品", "装备", "器件", "芯片", "药物"))]
        heads = [head]
        if s.text[max(0, pos - 2):pos] in ("共同", "联合", "合作") or cue.startswith(("共同", "联合", "合作")):
            # A、B共同开发出T: everyone in the list develops T
            heads = s.coordinated(head, s.org_types - {"GovernmentBody"}, forward=False) or [head]
        # A与B联合研发的T: both develop T (but A联合B研发T: A develops, B is a partner)
        joint = re.compile(r"(?:与|和|同)$")
        together = s.text[max(0, pos - 2):pos] in ("共同", "联合", "合作")  # A与B合作开发了T
        partner = s.ent_ending(pos - 2 if together else pos, s.org_types - {"GovernmentBody"}, max_gap=0)
        if partner is not None and partner is not head and joint.search(s.text[head.end:partner.start]) \
                and (together or cue.startswith(("联合", "合作", "共同"))):
            heads.append(partner)  # A与B联合研发的T: both develop T
        elif partner is not None and partner is not head and s.text[head.end:partner.start] in ("联合", "携手") \
                and s.text[max(0, head.start - 1):head.start] == "由":
            heads.append(partner)  # 由A联合B研发的T: the agents of a passive develop T together
        for a, b in terms:
            term = s.text[a:b]
            ent = next((e for e in s.ents if e.start == a and e.end == b), None)
            for h in heads:
                if ent is not None and ent.label in ("Project",):
                    out.append(_rel(s, h, "develops", ent, 0.7))
                elif ent is None and not any(e.start < b and a < e.end for e in s.ents):
                    out.append(_rel(s, h, "develops", None, 0.7, tail_text=term,
                                    tail_type="Project" if term.endswith(("项目", "工程")) else "Technology",
                                    tail_surface=term))
    # X在T等…研发中 / X在T研发方面 / X(主要)从事T(的)研发
    for m in re.finditer(r"(?:在([^，。；在]{2,30}?)(?:等[^，。；]{0,6})?(?:研发|研制|开发)(?:中|方面|上)"
                         r"|从事([^，。；从]{2,30}?)的?(?:研发|研制|开发))", s.text):
        head = s.subject(m.start(), s.org_types - {"GovernmentBody"})
        if head is None:
            continue
        group = 1 if m.group(1) is not None else 2
        for a, b in _tech_terms(s, m.start(group), m.end(group)):
            out.append(_rel(s, head, "develops", None, 0.6, tail_text=s.text[a:b], tail_type="Technology",
                            tail_surface=s.text[a:b]))
    # COMPANY + PROJECT: 中粮工科茂盛装备有限公司粮食物流…项目获科技部立项
    for e in s.ents:
        if e.label == "Project":
            org = s.ent_ending(e.start, {"Company", "University", "ResearchInstitute"}, max_gap=1)
            if org is not None and s.text[org.end:e.start] in ("", "的"):
                out.append(_rel(s, org, "develops", e, 0.7))
    # 围绕“T”这一…项目
    for m in re.finditer(r"围绕[“\"]([^”\"]{2,20})[”\"]这一", s.text):
        head = s.subject(m.start(), s.org_types - {"GovernmentBody"})
        if head is not None:
            out.append(_rel(s, head, "develops", None, 0.65, tail_text=m.group(1), tail_type="Project",
                            tail_surface=m.group(1)))
    return out


# between the holders and the award verb: 等, a count and a kind (等11个企业技术中心, 2个市级院士专家站), an adverb
_AWARD_GAP = re.compile(r"等?(?:[\d一二三四五六七八九十百余多]+[家个所户项批名位人])?[\u4e00-\u9fff“”\"]{0,8}?"
                        r"(?:成功|已|先后|均|正式|分别|一举)?(?:被)?")
_YEAR_ONLY = re.compile(r"\d{4}年度?")
_STATUS_HEADER = re.compile(r"[\d一二三四五六七八九十]+(?:家|个|所|项)(?P<status>[^，。；:：、\d]{2,24}?)"
                            r"(?:(?:分别是|分别为|包括)[：:]?|[：:])")
_STATUS_MARK = re.compile(r"级|国家|重点|示范|优秀|首批|第[一二三四五六七八九十\d]+批|专精特新|小巨人|高新技术|新型研发")
_IS_STATUS = re.compile(r"是(?:一家|一所|一个|全国|全省|我国|国内)?(?P<status>(?:(?:国家级|省级|市级|国家|省|市)"
                        r"[^，。；、]{1,14}?(?:企业|机构|基地|平台|中心|孵化器|众创空间|实验室))|[^，。；、]{0,6}?"
                        r"(?:高新技术企业|专精特新[^，。；、]{0,8}?企业|科技型中小企业|技术创新示范企业))(?=[，。；、,;]|之一|$)")
_BECOMES_STATUS = re.compile(r"成为[\u4e00-\u9fff]{0,6}?(?:首家|首批|首个|第一家|第一批|唯一一家)"
                             r"(?P<status>[^，。；、]{2,16}?)(?=之一|[，。；、,;]|$)")
_YEAR_LEAD = re.compile(r"\d{4}年度?")


# what may stand between a clause's start and the award verb when the clause has no subject: adverbs only
_ZERO_SUBJECT = re.compile(r"(?:并|且|均|已|后|随后|最终|成功|顺利|正式|同时|一并|全部|分别)*(?:被)?")
_STATUS_VERBS = ("被认定为", "认定为", "被评为", "评为", "被确定为", "确定为", "被推选为", "被授予")


def _carried_subject(s: Sentence, pos: int, holders) -> list:
    """The list of holders that opens one of the (at most three) comma clauses before `pos`."""
    end = s.comma_clause_start(pos) - 1
    for _ in range(3):
        if end <= 0:
            return []
        start = s.comma_clause_start(end)
        first = s.ent_starting(start, holders, max_gap=4)
        if first is not None and first.start < end and len(s.text[start:first.start]) <= 4 \
                and not any(e.start < first.start and e.start >= start for e in s.ents):
            return s.coordinated(first, holders)
        if any(start <= e.start < end for e in s.ents if e.label in holders):
            return []  # the clause has a subject or object of its own: no carrying over it
        end = start - 1
    return []


def _award_term(s: Sentence, pos: int) -> tuple[int, int] | None:
    m = re.compile(r"[^，。；、,;：:（(…．.！!？?]{2,30}").match(s.text, pos)
    if not m:
        return None
    term = m.group(0)
    cut = re.search(r"(?:称号|荣誉|资格|等[\d一二三四五六七八九十百余多]+)", term)
    end = m.start() + (cut.start() if cut else len(term))
    for stop in ("，", "并", "后", "以来", "。"):
        k = s.text.find(stop, m.start(), end)
        if k > m.start():
            end = k
    return (m.start(), end) if end - m.start() >= 2 else None


def awarded(s: Sentence) -> list:
    out = []
    holders = s.org_types | {"Person", "Place", "Project"}
    for pos, cue in _find_all(s.text, s.cues["award_cues"]):
        if s.text.startswith("的", pos + len(cue)):
            continue  # 获批的实验室: "the approved labs", an attribute, not an award
        if cue == "获批" and s.text.startswith(tuple(s.cues["build_verbs"]) + ("运行", "启用"), pos + len(cue)):
            continue  # Y获批组建: approved to be built, no award (获批建设Y names one: a cue of its own)
        subjects = s.list_before(pos, holders)
        if subjects and re.search(r"等[\d一二三四五六七八九十百]+[家个所项批名]$", s.text[:subjects[0].start]):
            # X等9家合肥单位入围: the holder is X, not the place in the count phrase
            first = s.before(subjects[0].start, holders)
            subjects = s.coordinated(first, holders, forward=False) if first else []
        if not subjects or s.text[subjects[-1].end:pos].strip("等 成功已先后") not in ("",):
            gap = s.text[subjects[-1].end:pos] if subjects else None
            if subjects and _AWARD_GAP.fullmatch(gap or ""):
                pass
            elif _ZERO_SUBJECT.fullmatch(s.text[s.comma_clause_start(pos):pos]):
                # A、B…申报T，顺利通过评审，被认定为T: the clause has no subject of its own; the holders are
                # the list that opens an earlier clause of the sentence
                subjects = _carried_subject(s, pos, holders)
                if not subjects:
                    continue
            else:
                continue
        if cue in ("获", "获得") and not re.match(r"[^，。；]{0,30}(?:奖|称号|认定|荣誉|第[一二三四五六七八九十\d]+名)", s.text[pos:]):
            continue
        spans = []
        at = pos + len(cue)
        while True:  # 获批A、B: one award each
            span = _award_term(s, at)
            if span is None:
                break
            if _YEAR_ONLY.fullmatch(s.text[span[0]:span[1]]):
                span = None  # 分别获得2020年、2021年度省企业技术创新奖: years, then one award
            else:
                spans.append(span)
            end = span[1] if span else _award_term(s, at)[1]
            if s.text[end:end + 1] != "、":
                break
            at = end + 1
        if spans and len(spans) == 1 and at > pos + len(cue) + 1:
            a, b = spans[0]
            year = _YEAR_LEAD.match(s.text, a)
            if year and year.end() < b:
                spans = [(year.end(), b)]
        if not spans:
            # …公布T名单，X等9家单位入围: the list was named earlier in the sentence
            m_list = re.search(r"(?:公布|发布|公示|印发)(?:了)?([^，。；、,]{2,30}?名单)", s.text[:pos]) \
                or re.search(r"([^，。；、,公布发示]{2,24}名单)", s.text[:pos])
            if m_list and re.match(r"[，。；,]|$", s.text[pos + len(cue):pos + len(cue) + 1]):
                spans = [(m_list.start(1), m_list.end(1))]
        for a, b in spans:
            term = s.text[a:b].lstrip("的")
            if term[:1] in "“\"" and term[-1:] in "”\"" and len(term) > 2:
                term = term[1:-1]  # 获评“优秀”: the status without its quotes
            if cue not in _STATUS_VERBS and any(e.start == a and e.end == b for e in s.ents):
                continue  # 入选Y实验室 names a unit; 被认定为湖北省企业技术中心 names a status even when tagged
            for subj in subjects:
                out.append(_rel(s, subj, "awarded", None, 0.75, tail_text=term, tail_type="Award", tail_surface=term))
    # N家STATUS分别是：A、B / 2家省级企业技术中心：A、B — a category heading the list of its holders
    for m in _STATUS_HEADER.finditer(s.text):
        status = m.group("status").lstrip("的")
        first = s.ent_starting(m.end(), holders, max_gap=1)
        if first is None or not _STATUS_MARK.search(status):
            continue
        for holder in s.coordinated(first, holders):
            out.append(_rel(s, holder, "awarded", None, 0.7, tail_text=status, tail_type="Award", tail_surface=status))
    # X是(一家)国家级专精特新“小巨人”企业 / X成为洛阳首家省实验室: what X is rated as
    for rx in (_IS_STATUS, _BECOMES_STATUS):
        for m in rx.finditer(s.text):
            holder = s.ent_ending(m.start(), holders) if rx is _IS_STATUS else s.subject(m.start(), holders)
            status = m.group("status")
            if holder is not None:
                out.append(_rel(s, holder, "awarded", None, 0.7, tail_text=status, tail_type="Award",
                                tail_surface=status))
    # A、B通过T备案
    for m in re.finditer(r"通过([^，。；]{2,20}?)(?:的)?备案", s.text):
        for subj in s.list_before(m.start(), holders):
            out.append(_rel(s, subj, "awarded", None, 0.75, tail_text=m.group(1), tail_type="Award",
                            tail_surface=m.group(1)))
    # …T名单正式公布，…Y在列
    m_list = re.search(r"([^，。；、,]{2,24}名单)", s.text)
    if m_list:
        for m in re.finditer(r"(?:在列|入列|位列其中|榜上有名)", s.text):
            subj = s.before(m.start(), holders)
            if subj and m.start() - subj.end <= 2:
                term = m_list.group(1).lstrip("的")
                out.append(_rel(s, subj, "awarded", None, 0.7, tail_text=term, tail_type="Award", tail_surface=term))
    return out


def _with_cofounder(s: Sentence, gov: Ent, funders: set) -> list:
    """gov, and B when the sentence says gov联合/会同B (设立…基金): both fund what the fund supports."""
    m = re.compile(r"联合|会同|携手").match(s.text, gov.end)
    other = s.ent_starting(m.end(), funders, max_gap=0) if m else None
    return [gov, other] if other is not None else [gov]


def funds(s: Sentence) -> list:
    out = []
    funders = {"GovernmentBody", "Company", "ResearchInstitute", "University"}
    # P获GOV立项 / P获GOV资助
    for m in re.finditer(r"获(?:得)?", s.text):
        gov = s.ent_starting(m.end(), funders, max_gap=0)
        if gov is None or not re.match(r"[^，。；]{0,12}?(?:立项|资助|支持|专项资金)", s.text[gov.end:]):
            continue
        target = s.ent_ending(m.start(), {"Project", "Company", "University", "ResearchInstitute", "Lab", "Platform"}, max_gap=2)
        if target is not None:
            out.append(_rel(s, gov, "funds", target, 0.8))
    targets = {"Project", "Company", "University", "ResearchInstitute", "Lab", "Platform"}
    # GOV(联合B)(设立…基金，已)资助/支持/投向P(等N家企业)
    for pos, cue in _find_all(s.text, s.cues["fund_cues"] + ["投向"]):
        gov = s.subject(pos, {"GovernmentBody"})
        if gov is None:
            continue
        target = s.ent_starting(pos + len(cue), targets, max_gap=1)
        if target is not None:
            for f in _with_cofounder(s, gov, funders):
                for t in s.coordinated(target, targets):
                    out.append(_rel(s, f, "funds", t, 0.7))
    # GOV(联合B)设立…基金，已向P(等N家企业)投放资金
    for m in re.finditer(r"向", s.text):
        target = s.ent_starting(m.end(), targets, max_gap=0)
        gov = s.subject(m.start(), {"GovernmentBody"}) if target is not None else None
        group = s.coordinated(target, targets) if gov is not None else []
        if group and re.match(r"(?:等[\d一二三四五六七八九十百余多]*家[\u4e00-\u9fff]{0,4}?)?(?:投放|发放|拨付)",
                              s.text[group[-1].end:]):
            for f in _with_cofounder(s, gov, funders):
                for t in group:
                    out.append(_rel(s, f, "funds", t, 0.7))
    # GOV对/将/为P…给予N万元资金支持
    for m in re.finditer(r"给予[^，。；]{0,12}?(?:资金)?(?:支持|资助|补助|奖励|补贴)", s.text):
        gov = s.subject(m.start(), {"GovernmentBody"})
        if gov is None:
            continue
        target = next((e for e in s.ents if gov.end <= e.start and e.end <= m.start() and e.label in targets), None)
        if target is not None:
            out.append(_rel(s, gov, "funds", target, 0.75))
    return out


_AWARD_TAIL_END = re.compile(r"(?:名单|称号|奖|荣誉|基地|中心|平台|企业|单位|实验室|园区|园|示范区|高新区|开发区|站|机构|工程|"
                             r"计划|城市|城区|县|空间|孵化器|众创空间|联盟|强|百强|榜|单项冠军|小巨人|试点|示范|学科|"
                             r"大学|高校|研究院|研究所|专项|项目|品牌|产品|认证|资质|奖项|等奖|金奖|银奖|铜奖)\W*$")


def _free_tail_ok(s: Sentence, rel: dict) -> bool:
    """A free-text tail (an award, a product, a technology) must be a phrase of its own: it starts and ends
    where jieba cuts the sentence (not 型产业社区 out of 新型产业社区), and an award names a status, a list
    or a prize (…重点实验室, …名单, …一等奖), not the rest of a clause."""
    if rel["relation"] not in ("awarded", "develops") or rel.get("tail") is not None or not rel.get("tail_text"):
        return True
    from .entity_rules import _jieba, _segment
    term = rel.get("tail_surface") or rel["tail_text"]
    source, i = s.original, s.original.find(term)
    if i < 0:
        source, i = s.text, s.text.find(term)
    quoted = i > 0 and source[i - 1] in "“\"「『" and source[i + len(term):i + len(term) + 1] in ("”", "\"", "」", "』")
    if rel["relation"] == "awarded" and quoted and 2 <= len(term) <= 20:
        return True  # 获评“优秀” / 评为“合格”: a status the text itself sets off in quotation marks
    if i < 0 or len(term) < 3:
        return False
    cuts, pos = {0}, 0
    for _, tok in _segment(s.text):
        pos += len(tok)
        cuts.add(pos)
    if i not in cuts or i + len(term) not in cuts:
        return False
    if rel["relation"] == "awarded":
        return len(term) <= 25 and _AWARD_TAIL_END.search(term) is not None
    # a product or technology is a noun phrase: it neither starts with a preposition, conjunction or
    # adverb (到成果产业化…) nor ends in a verb or particle (党参产品尽快落地产业化, 技术的), nor is it a way of working
    tags = _jieba()[2]
    words = [tok for _, tok in _segment(term)]
    first, last = tags.get(words[0], ""), tags.get(words[-1], "")
    if first.startswith(("p", "c", "u")) or words[0] in ("到", "向", "从", "将", "把"):
        return False  # (jieba tags 高速 and 一体机 as adverbs: adverb tags say nothing here)
    if last.startswith(("v", "u", "p")) and last != "vn" or words[-1] in _ABSTRACT_HEADS:
        return False
    if any(w in _CLAUSE_ADVERBS for w in words[1:]):
        return False  # 党参产品|尽快|落地产业化: a clause goes on after the thing
    return True


_PARTIES = re.compile(r"双方|三方|两方|四方|各方")
_PARTY_COUNT = {"双方": 2, "两方": 2, "三方": 3, "四方": 4}
_PARTY_CONNECTORS = re.compile(r"与|和|同|跟|携手|联合|、")


def _groups(s: Sentence) -> list[list]:
    """The organisations of each cooperation a sentence names (A与B, A、B和C, A携手B), in text order."""
    orgs = [e for e in s.ents if e.label in s.org_types]
    out, i = [], 0
    while i < len(orgs):
        group = [orgs[i]]
        j = i + 1
        while j < len(orgs) and _PARTY_CONNECTORS.fullmatch(s.text[group[-1].end:orgs[j].start] or "-"):
            group.append(orgs[j])
            j += 1
        if len(group) >= 2:
            out.append(group)
        i = j
    return out


def _parties_after(s: Sentence, parties: tuple) -> tuple:
    """The last cooperation named up to the end of `s` (members, sentences since), for 双方 later."""
    groups = _groups(s)
    if groups:
        return groups[-1], 0
    return (parties[0], parties[1] + 1) if parties and parties[1] < 2 else ()


def _party_group(s: Sentence, pos: int, parties: tuple, count: int | None) -> list:
    before = [g for g in _groups(s) if g[-1].end <= pos]
    group = before[-1] if before else (parties[0] if parties else [])
    return group if group and (count is None or len(group) == count) else []


def _party_readings(s: Sentence, parties: tuple) -> list:
    """The sentence once for each party standing where it says 双方 (or 三方…): a copy of it with that
    party's entity (at its own document offsets) at the word's place."""
    out = []
    for m in _PARTIES.finditer(s.text):
        if s.text[max(0, m.start() - 2):m.start()].endswith("代表"):
            continue  # X、Y代表双方: each represents one (_party_representatives)
        group = _party_group(s, m.start(), parties, _PARTY_COUNT.get(m.group(0)))
        for member in group:
            virtual = Ent(m.start(), m.end(), member.label, m.group(0), member.doc_start, member.doc_end,
                          member.canonical)
            ents = [e for e in s.ents if not (e.start < m.end() and m.start() < e.end)]
            clone = Sentence(s.text, s.start, sorted(ents, key=lambda e: e.start) + [virtual], s.cues, s.context,
                             s.original if s.original is not s.text else None)
            clone.ents = sorted(clone.ents, key=lambda e: e.start)
            clone.ents.remove(virtual)
            clone.ents.append(virtual)  # last: the caller finds it there
            out.append(clone)
    return out


def _party_representatives(s: Sentence, parties: tuple) -> list:
    """A、B(分别)代表双方签字: A works for the first party, B for the second (in the order they were named)."""
    out = []
    for m in re.finditer(r"(?:分别)?代表(双方|三方|两方|四方)", s.text):
        group = _party_group(s, m.start(), parties, _PARTY_COUNT.get(m.group(1)))
        clause = s.comma_clause_start(m.start())
        people = [e for e in s.ents if e.label == "Person" and clause <= e.start and e.end <= m.start()]
        if group and len(people) == len(group):
            for person, party in zip(people, group):
                r = _rel(s, person, "worksFor", party, 0.75)
                if r:
                    r["source"] = "parties:represent"
                    out.append(r)
    return out


_CO_BUILD = re.compile(r"(?:携手共建|合作共建|联合共建|共同建设|共同打造|共同组建|共同建立|共建)(?:了)?(?:[^，。；、,;]{0,8}?的)?")
_HOSTED = {"Lab", "Platform", "ResearchInstitute"}
# what may stand before 共建 in its clause when the builders are the parties named before: nothing, an
# enumerator, 双方 and adverbs (一是共建…, 双方将共同建设…, 还将共建…)
_NO_SUBJECT = re.compile(r"(?:[一二三四五六七八九十]是)?(?:[\u4e00-\u9fff]{0,2}双方|三方|各方)?"
                         r"(?:将|还将|还|并|也|进一步|计划|拟|正式|同时|今后)*")


def _implicit_builders(s: Sentence, parties: tuple) -> list:
    """A与B签署协议，(双方将)共建Y、Z: 共建 with no organisation before it in its clause is said of the parties
    of the cooperation just named (in this sentence or, through 双方, the last one): Y and Z are hosted by each."""
    out = []
    for m in _CO_BUILD.finditer(s.text):
        first = s.ent_starting(m.end(), _HOSTED, max_gap=0)
        if first is None:
            continue
        clause = s.comma_clause_start(m.start())
        if not _NO_SUBJECT.fullmatch(s.text[clause:m.start()].strip()):
            continue  # A与B共建Y, 院省共建Y: the clause names its builders itself
        group = _party_group(s, m.start(), parties, None)
        if not 2 <= len(group) <= 5:
            continue
        for hosted in s.coordinated(first, _HOSTED):
            for host in group:
                if host is not hosted and hosted.text != host.text:
                    r = _rel(s, hosted, "hostedBy", host, 0.7)
                    if r:
                        r["source"] = "parties:co-build"
                        out.append(r)
    return out


#: confidence of a pattern's relation when no learned model decides (the patterns aim at recall)
PATTERN_CONFIDENCE = 0.7
RULES = (hosted_by, part_of, collaborates_with, works_for, issued_by, invests_in, located_in, develops, awarded, funds)


def sentence_date(text: str, context: dict | None) -> str | None:
    m = DATE_FULL.search(text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = DATE_MONTH_DAY.search(text)
        year = (context or {}).get("year")
        if not m or not year:
            return None
        y, (mo, d) = int(year), map(int, m.groups())
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _home_organisations(ents) -> dict[str, str]:
    """The university and the research institute an article is about: for each type, the canonical name
    mentioned most often, when it is mentioned more often than any other of its type."""
    from collections import Counter
    home = {}
    for kind in ("University", "ResearchInstitute"):
        counts = Counter(canonical or "" for _, _, label, canonical, _ in ents if label == kind and canonical)
        ranked = counts.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            home[kind] = ranked[0][0]
    return home


@Language.factory("kg_relations", assigns=["doc._.relations"], requires=["doc.ents"],
                  default_config={"mentioned_with": False, "scorer": True, "record_candidates": False})
def make_relation_extractor(nlp: Language, name: str, mentioned_with: bool, scorer: bool, record_candidates: bool):
    return RelationExtractor(mentioned_with=mentioned_with, scorer=scorer, record_candidates=record_candidates)


class RelationExtractor:
    """Cue rules and relation patterns per sentence, then (Chinese text, when the shipped model is present)
    the learned scorer over every typed pair of the sentence, which adds the pairs it is sure of; see
    relation_scorer.py. `record_candidates` keeps the candidates and their features on the Doc
    (``doc._.relation_candidates``) for training."""

    def __init__(self, mentioned_with: bool = False, scorer: bool = True, record_candidates: bool = False):
        self.mentioned_with = mentioned_with
        self.use_scorer = scorer
        self.record_candidates = record_candidates

    def __call__(self, doc: Doc) -> Doc:
        from .relation_patterns import match_patterns
        from .relation_scorer import SIGNATURES, candidates, shipped_model
        text = norm_text(doc)
        raw = doc_text(doc)
        original = raw if text != raw else text
        cues = load_cues()
        ents = sorted(((e.start_char, e.end_char, e.label_, e._.canonical, e._.parent) for e in doc.ents))
        starts = [e[0] for e in ents]
        relations = []
        recorded = []
        english = (doc._.lang or "zh") == "en"
        model = shipped_model() if self.use_scorer and not english else None
        memory: dict = {}  # last entity of each type, for English anaphors (the laboratory, the company)
        parties: tuple = ()  # the organisations of the last cooperation named, and how many sentences ago
        home = _home_organisations(ents)
        for start, end in doc._.sentences or sentence_spans(text):
            inside = []
            for es, ee, label, canonical, parent in ents[bisect_left(starts, start):bisect_left(starts, end)]:
                if ee <= end:
                    inside.append(Ent(es - start, ee - start, label, text[es:ee], es, ee, canonical, parent))
            if not inside:
                continue
            s = Sentence(text[start:end], start, inside, cues, doc._.context or {},
                         original[start:end] if original is not text else None)
            s.home = home
            if english:
                from .relations_en import english_rules
                found = [r for r in english_rules(s, _rel, memory) if r]
                for e in inside:
                    memory[e.label] = e
            else:
                found = self._chinese(s, model, recorded)
                # 双方/三方: the parties of the last cooperation named (A与B签约…双方将共建Y): the sentence is
                # read once more for each party standing in that place
                for party_sentence in _party_readings(s, parties):
                    seen = {(r.get("head"), r["relation"], r.get("tail")) for r in found}
                    virtual = party_sentence.ents[-1]
                    for r in self._chinese(party_sentence, model, recorded):
                        key = (r.get("head"), r["relation"], r.get("tail"))
                        if key not in seen and (virtual.doc_start, virtual.doc_end) in (r.get("head"), r.get("tail")):
                            r["source"] = "parties:" + r.get("source", "")
                            found.append(r)
                            seen.add(key)
                found += _party_representatives(s, parties)
                seen = {(r.get("head"), r["relation"], r.get("tail")) for r in found}
                found += [r for r in _implicit_builders(s, parties)
                          if (r.get("head"), r["relation"], r.get("tail")) not in seen]
                parties = _parties_after(s, parties)
            if self.mentioned_with:
                found += self._cooccurrence(s, found)
            date = sentence_date(s.text, doc._.context) if found else None
            for r in found:
                r["date"] = date
            relations.extend(found)
        doc._.relations = _dedupe(relations)
        if self.record_candidates:
            doc._.relation_candidates = recorded
        return doc


    def _chinese(self, s: Sentence, model, recorded: list) -> list:
        """Rules, patterns and (when shipped) the scorer on one Chinese sentence."""
        from .relation_patterns import match_patterns
        from .relation_scorer import SIGNATURES, candidates
        start, end = s.start, s.start + len(s.text)
        found = []
        for rule in RULES:
            for r in rule(s):
                if r:
                    r["source"] = rule.__name__
                    found.append(r)
        for p, h, t in match_patterns(s.text, s.ents):  # the phrasings in relation_patterns/*.tsv
            r = _rel(s, h, p.relation, t, PATTERN_CONFIDENCE)
            if r:
                r["source"] = f"pattern:{p.id}"
                found.append(r)
        for r in works_for_home(s, found):
            if r:
                r["source"] = "works_for_home"
                found.append(r)
        if model is not None or self.record_candidates:
            pairs = candidates(s, found)
            if self.record_candidates:
                recorded.append({"sentence": (start, end), "text": s.text, "candidates": [
                    {"head": (c.head.doc_start, c.head.doc_end, c.head.text, c.head.canonical),
                     "tail": (c.tail.doc_start, c.tail.doc_end, c.tail.text, c.tail.canonical, c.tail.label),
                     "relation": c.relation, "features": c.features} for c in pairs]})
            if model is not None:
                # the rules' and patterns' relations stand; the model adds the pairs it is sure of
                # (cross-validation chose this over letting it decide every pair: see MODEL_CARD.md)
                stated = {((r["head"]), r["relation"], (r["tail"])) for r in found}
                unseen = {((r["head"]), r["relation"], (r["tail"])) for r in found
                          if r.get("source", "").startswith("pattern:") and not model.saw_pattern(r["source"][8:])}
                vetoed = set()
                for c in pairs:
                    key = ((c.head.doc_start, c.head.doc_end), c.relation, (c.tail.doc_start, c.tail.doc_end))
                    if key in stated:
                        if model.vetoes.get(c.relation) and "nested" not in c.features and key not in unseen and \
                                model.vetoes_rule(c.relation, model.probability(c.relation, c.features)):
                            vetoed.add(key)  # a phrasing the model has seen state nothing here
                        continue
                    p = model.probability(c.relation, c.features)
                    if model.accepts(c.relation, p):
                        if "nested" in c.features:  # the parent written in front of the unit
                            r = _rel(s, c.head, c.relation, None, round(p, 3), tail_text=c.tail.canonical,
                                     tail_type=c.tail.label, tail_surface=c.tail.text)
                        else:
                            r = _rel(s, c.head, c.relation, c.tail, round(p, 3))
                        if r:
                            r["source"] = "scorer"
                            found.append(r)
                if vetoed:
                    found = [r for r in found if (r.get("head"), r["relation"], r.get("tail")) not in vetoed]
        found = [r for r in found if _free_tail_ok(s, r)]
        return found

    @staticmethod
    def _cooccurrence(s: Sentence, stated: list) -> list:
        tied = {(r["head"], r["tail"]) for r in stated} | {(r["tail"], r["head"]) for r in stated}
        out = []
        orgs = [e for e in s.ents if e.label in s.org_types]
        for i, a in enumerate(orgs):
            for b in orgs[i + 1:]:
                if ((a.doc_start, a.doc_end), (b.doc_start, b.doc_end)) not in tied and a.text != b.text:
                    out.append(_rel(s, a, "mentionedWith", b, 0.3))
        return out


def _dedupe(relations: list[dict]) -> list[dict]:
    seen = {}
    for r in relations:
        key = (r["head"], r.get("head_text"), r["relation"], r["tail"], r.get("tail_text"), r["start"])
        if key not in seen or r["confidence"] > seen[key]["confidence"]:
            seen[key] = r
    return list(seen.values())
