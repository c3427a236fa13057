"""Normalisation and coreference: give every entity span its canonical name (`span._.canonical`).

- places: short forms become full names (开封 → 开封市, 河南 → 河南省, 汴 → 开封市);
- names relative to the article's city or province: 市委 → 开封市委, 市政府 → 开封市人民政府,
  市科学院 → 开封市科学院, 省心脏电生理重点实验室 → 河南省心脏电生理重点实验室;
- short names: (简称X) and names contained in exactly one full organisation name of the document
  (中镜科仪 → 河南中镜科仪科技有限公司); later occurrences of a short name that the recogniser missed
  become spans too;
- anaphors: 该企业/该公司/该校/该院/该所 (and 企业 before 正/已/将…) point to the nearest fitting
  antecedent in the preceding sentences; such spans carry `_.source = "anaphor"`.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..context import resolve_place
from ..extensions import doc_text, norm_text
from .short_forms import WordCuts, company_cores, find_short_forms, owner_of, parent_in_front, short_form_table

ORG_TYPES = {"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody"}
ANAPHORS = {
    "该企业": {"Company"}, "该公司": {"Company"}, "该集团": {"Company"},
    "该校": {"University"}, "该院": {"ResearchInstitute", "University"}, "该所": {"ResearchInstitute"},
    "该中心": {"Platform", "ResearchInstitute", "Lab"}, "该实验室": {"Lab"}, "该平台": {"Platform"},
    "该项目": {"Project"}, "该研究院": {"ResearchInstitute"}, "该学院": {"University"},
    "该联合体": {"Platform"}, "该基地": {"Platform"}, "该孵化器": {"Platform"},
    # the institution that writes the news, named somewhere in it (university and institute portals)
    "我校": {"University"}, "本校": {"University"}, "我所": {"ResearchInstitute"}, "本所": {"ResearchInstitute"},
    "我院": {"ResearchInstitute", "University"}, "本院": {"ResearchInstitute", "University"},
}
#: anaphors of the writing institution: when no fitting name precedes them nearby, the document's most
#: mentioned name of the kind is meant
SELF_ANAPHORS = frozenset({"我校", "本校", "我所", "本所", "我院", "本院"})
# a bare kind word opening a clause (研究院院长…, 联合体首席科学家…, 实验室负责人…) refers to the last name of
# that kind: the antecedent must end with the word
BARE_KIND = re.compile(r"(?<![\u4e00-\u9fff])(研究院|研究所|联合体|实验室|学院|学校|孵化器|中试基地)"
                       r"(?=院长|副院长|所长|副所长|主任|副主任|首席|负责人|理事长|秘书长|党委|执行|自主|先后|累计|"
                       r"已|将|还|也|目前|今年|去年|下设|建有|拥有|研发|牵头)")
_OF_KIND = frozenset({"该研究院", "该学院", "该联合体", "该基地", "该孵化器", "该实验室", "该中心"})
_KIND_TYPES = {"研究院": {"ResearchInstitute"}, "研究所": {"ResearchInstitute"}, "联合体": {"Platform"}, "学校": {"University"},
               "实验室": {"Lab"}, "学院": {"University"}, "孵化器": {"Platform"}, "中试基地": {"Platform"}}
BARE_ANAPHOR = re.compile(r"(?<![\u4e00-\u9fff])(?:企业|公司|集团)(?=正|已|将|还|也|先后|目前|近年|随后|同时|始终|一直|自主|成功|现)")
ORG_SUFFIX = re.compile(r"(?:公司|集团|大学|学院|研究院|研究所|科学院|实验室|中心|基地|联合体|委员会|局|厅|部|委|办)$")
GOV_RELATIVE = {"政府": "人民政府"}
UNIT_ENDINGS = ("中心", "研究院", "研究所", "实验室", "学院", "基地", "园区", "分院", "处", "室", "局", "办", "站")


@Language.factory("kg_coref", assigns=["span._.canonical"], requires=["doc.ents"],
                  default_config={"max_sentence_distance": 3})
def make_coref(nlp: Language, name: str, max_sentence_distance: int):
    return Coreference(max_sentence_distance)


# a rating or recognition right before a name: the name is a status (see Coreference._drop_statuses)
_STATUS_CUE = re.compile(r"(?:成为[\u4e00-\u9fff]{0,4}?(?:首家|首批|首个|第一家)|被评为|评为|获评|被认定为|认定为|晋升为|被列为|列为|被授予|被命名为)(?:为)?[“\"]?(?:\d{4}年度?)?$")
_STATUS_TYPES = frozenset({"Platform", "Lab"})
# a town after its county: two or three name characters and 镇/乡/街道, optionally a village after it
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:镇|乡|街道)(?:[\u4e00-\u9fff]{2,3}?村)?")
_NOT_TOWN_CHARS = set("各全本该每乡镇村县区市省等和与及的在一二三四五六七八九十百千个两几多")

class Coreference:
    def __init__(self, max_sentence_distance: int = 3):
        self.max_sentence_distance = max_sentence_distance

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.context or {}
        ents = self._split_country_prefix(doc, list(doc.ents))
        ents = self._drop_statuses(doc, ents)
        ents = self._merge_place_chains(doc, ents)
        ents = self._extend_places_by_town(doc, ents)
        ents = self._add_place_mentions(doc, ents, ctx)
        ents = self._place_short_forms(doc, ents)
        for ent in ents:
            if not ent._.canonical:
                ent._.canonical = ent.text
            ent._.canonical = self._relative(ent, ctx)
        ents = self._repeat_names(doc, ents)
        ents = self._document_short_forms(doc, ents)
        aliases = self._aliases(ents)
        ents = self._add_short_name_mentions(doc, ents, aliases)
        for ent in ents:
            full = aliases.get(ent.text)
            if full and ent._.canonical == ent.text:
                ent._.canonical = full
        ents = self._anaphors(doc, ents)
        doc.ents = sorted(filter_spans(ents), key=lambda e: e.start)
        self._parents(doc)
        return doc

    @staticmethod
    def _stands_alone(doc: Doc, unit: Span, parent: tuple) -> bool:
        """The parent of `unit` is a mention of its own somewhere in the document (by its surface or
        canonical name), or its written form occurs outside every entity that contains it."""
        length, canonical, _ = parent
        written = unit.text[:length]
        for e in doc.ents:
            if e is unit or e.start_char == unit.start_char:
                continue
            if (e._.canonical or e.text) == canonical or e.text in (written, canonical):
                return True
        if parent[2] == "Company":  # 上海嘉荣环保科技有限公司|院士专家工作站 …, 嘉荣公司成立…: its core stands alone
            text = doc_text(doc)
            for core in company_cores(canonical):
                for m in re.finditer(re.escape(core) + r"(?=公司|企业|集团|的|[，。、；,;])", text):
                    if not unit.start_char <= m.start() < unit.end_char:
                        return True
        return False

    @staticmethod
    def _parents(doc: Doc) -> None:
        """`span._.parent` of every unit written with its parent in front (河南大学|开封研究院, 中科院|地理资源所):
        the parent as the document or the gazetteer names it (see short_forms.parent_in_front)."""
        names = {}
        for e in doc.ents:
            if e.label_ in ORG_TYPES:
                names.setdefault(e.text, (e.label_, e._.canonical or e.text))
                names.setdefault(e._.canonical or e.text, (e.label_, e._.canonical or e.text))
        fulls = {canonical: type_name for type_name, canonical in names.values()}
        forms = short_form_table(fulls)
        for e in doc.ents:
            if e.label_ in ORG_TYPES and len(e.text) >= 5 and e._.source != "anaphor":
                parent = parent_in_front(e.text, names)
                if parent is not None:  # 沈阳分院|国家技术转移中心: the parent's short form is the full name's
                    full = owner_of(parent[1], fulls, forms)
                    if full is not None and full != (e._.canonical or e.text):
                        parent = (parent[0], full, fulls[full])
                    if not Coreference._stands_alone(doc, e, parent):
                        parent = None  # a parent only inside names is no entity of the text (GUIDELINES v2)
                e._.parent = parent

    @staticmethod
    def _add_place_mentions(doc: Doc, ents: list[Span], ctx: dict) -> list[Span]:
        """Standalone mentions of the article's own city by its short name (巩义铝加工产业), and
        towns named as locations (位于回郭镇的…), which no gazetteer lists."""
        text = norm_text(doc)
        covered = [(e.start_char, e.end_char) for e in ents]
        found = []
        city = ctx.get("city") or ""
        short = city[:-1] if city.endswith("市") and len(city) >= 3 else ""
        patterns = [re.escape(short)] if short else []
        patterns.append(r"(?<=位于|坐落|落户|地处)[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)(?=[的，,。])")
        patterns.append(r"(?<=在)[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)(?=[，,建投落设])")
        for m in re.finditer("|".join(f"(?:{p})" for p in patterns), text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            span = doc.char_span(m.start(), m.end(), label="Place")
            if span is not None:
                span._.source = "context"
                found.append(span)
                covered.append((m.start(), m.end()))
        return ents + found

    @staticmethod
    def _drop_statuses(doc: Doc, ents: list[Span]) -> list[Span]:
        """What an organisation is rated or recognised as (被评为甘肃省优秀企业技术中心, 获评“重庆市优秀院士专家
        工作站”, 被认定为河南省制冷特色产业基地) is a status, the tail of `awarded` as written, not a platform
        of the text (GUIDELINES v2: awards and statuses are no entities)."""
        text = norm_text(doc)
        out = []
        for e in ents:
            if e.label_ in _STATUS_TYPES and _STATUS_CUE.search(text, max(0, e.start_char - 8), e.start_char):
                continue
            out.append(e)
        return out

    @staticmethod
    def _extend_places_by_town(doc: Doc, ents: list[Span]) -> list[Span]:
        """A town (and its village) written after its county or district is one place with it (定远县拂晓乡,
        齐河县焦庙镇, 青浦区金泽镇, 城关镇莲花村 after a county): no gazetteer lists towns, but the county in
        front says what they are."""
        text = norm_text(doc)
        taken = {e.start_char for e in ents}
        out = []
        for e in ents:
            if e.label_ == "Place" and e.text.endswith(("县", "区", "市", "旗")):
                m = _TOWN.match(text, e.end_char)
                if m and not any(ch in _NOT_TOWN_CHARS for ch in m.group(1)) and m.end() not in taken:
                    span = doc.char_span(e.start_char, m.end(), label="Place")
                    if span is not None and not any(o is not e and o.start_char < m.end() and o.end_char > e.end_char
                                                    for o in ents):
                        span._.canonical = span.text
                        span._.source = e._.source
                        out.append(span)
                        continue
            out.append(e)
        return out

    @staticmethod
    def _merge_place_chains(doc: Doc, ents: list[Span]) -> list[Span]:
        """天津市南开区, 江西省萍乡市, 广州萝岗区九龙镇: places written one inside the next are one place, the
        innermost, named as written (GUIDELINES v2: the longest name as written)."""
        ordered = sorted(ents, key=lambda e: e.start_char)
        out: list[Span] = []
        i = 0
        while i < len(ordered):
            e = ordered[i]
            j = i
            while j + 1 < len(ordered) and ordered[j + 1].label_ == "Place" and ordered[j].label_ == "Place" \
                    and ordered[j + 1].start_char == ordered[j].end_char \
                    and Coreference._inside(ordered[j + 1], ordered[j]):
                j += 1
            if j > i:
                span = doc.char_span(e.start_char, ordered[j].end_char, label="Place")
                if span is not None:
                    inner = ordered[j]
                    span._.canonical = (resolve_place(inner._.canonical or inner.text) or {}).get("name") \
                        or inner._.canonical or inner.text
                    span._.source = inner._.source
                    out.append(span)
                    i = j + 1
                    continue
            out.append(e)
            i += 1
        return out

    @staticmethod
    def _inside(inner: Span, outer: Span) -> bool:
        """The place `inner` lies in the place `outer` (by the gazetteer's province and city)."""
        a = resolve_place(inner._.canonical or inner.text)
        b = resolve_place(outer._.canonical or outer.text)
        if not a or not b or a["name"] == b["name"]:
            return False
        return b["name"] in (a.get("province"), a.get("city"))

    @staticmethod
    def _place_short_forms(doc: Doc, ents: list[Span]) -> list[Span]:
        """A county or district named in full once (杨浦区, 瓯海区) is the place its short form names
        elsewhere in the document (杨浦, 瓯海), where that stands alone."""
        text = norm_text(doc)
        shorts = {}
        for e in ents:
            if e.label_ != "Place":
                continue
            info = resolve_place(e._.canonical or e.text)
            if info and info["level"] in ("county", "district") and info["name"].endswith(("区", "县", "市", "旗")):
                short = info["name"][:-1]
                if len(short) >= 2:
                    shorts[short] = info["name"]
        if not shorts:
            return ents
        cuts = WordCuts(text)
        covered = [(e.start_char, e.end_char) for e in ents]
        added = []
        for short, full in shorts.items():
            for m in re.finditer(re.escape(short), text):
                a, b = m.span()
                if a in cuts and b in cuts and not any(x < b and a < y for x, y in covered):
                    span = doc.char_span(a, b, label="Place")
                    if span is not None:
                        span._.canonical = full
                        span._.source = "alias"
                        added.append(span)
                        covered.append((a, b))
        return ents + added

    @staticmethod
    def _split_country_prefix(doc: Doc, ents: list[Span]) -> list[Span]:
        """瑞典斯凯孚公司 → Place 瑞典 + Company 斯凯孚公司: a foreign firm is named after its country."""
        out = []
        for ent in ents:
            if ent.label_ == "Company" and len(ent.text) >= 5:
                for n in (4, 3, 2):
                    info = resolve_place(ent.text[:n])
                    if info and info["level"] == "country" and info["name"] not in ("中国", "中华人民共和国"):
                        place = doc.char_span(ent.start_char, ent.start_char + n, label="Place")
                        firm = doc.char_span(ent.start_char + n, ent.end_char, label="Company")
                        if place is not None and firm is not None:
                            firm._.source = ent._.source
                            out.extend([place, firm])
                            break
                else:
                    out.append(ent)
                continue
            out.append(ent)
        return out

    # 开封 → 开封市, 市委 → 开封市委, 省X → 河南省X
    @staticmethod
    def _relative(ent: Span, ctx: dict) -> str:
        name = ent._.canonical or ent.text
        city, province = ctx.get("city"), ctx.get("province")
        if ent.label_ == "Place":
            if (ent.doc._.lang or "zh") != "zh":
                return name  # keep English names English; labels carry the document's language
            info = resolve_place(name)
            if info is None:  # a chain of places (天津市南开区): the innermost one
                tail = next((name[k:] for k in range(1, len(name) - 1) if resolve_place(name[:k])
                             and resolve_place(name[k:])), None)
                info = resolve_place(tail) if tail else None
            return info["name"] if info else name
        if ent.label_ in ORG_TYPES or ent.label_ in ("Project", "Policy"):
            if ent.label_ == "Policy":
                return name
            if name.startswith("市") and city and len(name) > 1 and not name.startswith(("市场", "市民")):
                rest = name[1:]
                return city + GOV_RELATIVE.get(rest, rest)
            if name.startswith("省") and province and len(name) > 1:
                rest = name[1:]
                return province + GOV_RELATIVE.get(rest, rest)
        return name

    @staticmethod
    def _repeat_names(doc: Doc, ents: list[Span]) -> list[Span]:
        """A name found once is found wherever the same string recurs outside other entities (the
        recogniser, reading each sentence alone, may find 长沙科技新城 once in five)."""
        text = norm_text(doc)
        taken = bytearray(len(text) + 1)
        for e in ents:
            taken[e.start_char:e.end_char] = b"\x01" * (e.end_char - e.start_char)
        seen = {}
        for e in ents:
            if e.label_ in ORG_TYPES | {"Policy", "Project"} and len(e.text) >= 3 and e._.source not in ("anaphor",):
                seen.setdefault(e.text, e)
        added = []
        for name, e in seen.items():
            for m in re.finditer(re.escape(name), text):
                a, b = m.span()
                if not any(taken[a:b]):
                    span = doc.char_span(a, b, label=e.label_)
                    if span is not None:
                        span._.canonical = e._.canonical
                        span._.source = "repeat"
                        added.append(span)
                        taken[a:b] = b"\x01" * (b - a)
        return ents + added

    @staticmethod
    def _document_short_forms(doc: Doc, ents: list[Span]) -> list[Span]:
        """Short forms of the document's full organisation names where they stand alone (内燃所, 恒和,
        地理资源所): spans of the full name's type and canonical name (see short_forms.py)."""
        names = {}
        for e in ents:
            if e.label_ in ORG_TYPES and e._.source != "anaphor":
                names.setdefault(e._.canonical or e.text, e.label_)
        if not names:
            return ents
        # parents written in front of the document's units are full names too (普利特 is short for the
        # 上海普利特复合材料股份有限公司 of 上海普利特复合材料股份有限公司院士专家工作站)
        surfaces = {e.text: (e.label_, e._.canonical or e.text) for e in ents if e.label_ in ORG_TYPES}
        for e in ents:
            if e.label_ in ORG_TYPES and len(e.text) >= 5:
                parent = parent_in_front(e.text, surfaces)
                if parent is not None and len(parent[1]) >= 4:
                    names.setdefault(parent[1], parent[2])
        # a name that is itself a short form of a longer one (地理资源所 beside 中科院地理资源所) is no full name
        forms = short_form_table(names)
        fulls = {n: t for n, t in names.items() if owner_of(n, {m: u for m, u in names.items() if m != n}, forms)
                 is None}
        forms = short_form_table(fulls)
        text = norm_text(doc)
        kept = []
        for e in ents:  # a span the recogniser found that is a short form: the full name's entity
            full = owner_of(e.text, fulls, forms) if e.label_ in ORG_TYPES | {"Person", "Organization"} else None
            if e.label_ == "Person" and full is not None and not (e.text in company_cores(full) and len(e.text) >= 3
                                                                   and text.find(full) < e.start_char):
                full = None  # a person unless the name is the core of a company named in full before it
            if full is None or e._.canonical not in (None, e.text):
                kept.append(e)
                continue
            span = doc.char_span(e.start_char, e.end_char, label=fulls[full])  # 普利特(董事长): no person
            span._.canonical = full
            span._.source = e._.source
            kept.append(span)
        ents = kept
        added = []
        for start, end, full in find_short_forms(text, fulls, [(e.start_char, e.end_char) for e in ents]):
            span = doc.char_span(start, end, label=fulls[full])
            if span is not None:
                span._.canonical = full
                span._.source = "alias"
                added.append(span)
        return ents + added

    @staticmethod
    def _aliases(ents: list[Span]) -> dict[str, str]:
        """short name → full name, from (简称X) spans and from names inside exactly one full name."""
        aliases = {e.text: e._.canonical for e in ents if e._.canonical and e._.canonical != e.text
                   and e.label_ != "Place" and not e.text.startswith(("市", "省"))}
        fulls = {e._.canonical: e.label_ for e in ents if e.label_ in ORG_TYPES and ORG_SUFFIX.search(e._.canonical or "")}
        for e in ents:
            if e.label_ not in ORG_TYPES or e.text in aliases or ORG_SUFFIX.search(e.text) or len(e.text) < 2:
                continue
            # 沈阳分院|国家技术转移中心, 南海新区|工委: a name written in front of a longer one of another kind is
            # its parent, not its short form
            containing = {f for f, kind in fulls.items() if e.text in f and f != e.text and not (
                f.startswith(e.text) and (f[len(e.text):].endswith(UNIT_ENDINGS) or kind != e.label_))}
            if len(containing) == 1:
                aliases[e.text] = containing.pop()
        return aliases

    @staticmethod
    def _add_short_name_mentions(doc: Doc, ents: list[Span], aliases: dict[str, str]) -> list[Span]:
        """Occurrences of a known short name that no entity covers become spans of the full name's type."""
        if not aliases:
            return ents
        text = norm_text(doc)
        types = {e._.canonical: e.label_ for e in ents}
        covered = [(e.start_char, e.end_char) for e in ents]
        added = []
        for short, full in aliases.items():
            if len(short) < 2:
                continue
            for m in re.finditer(re.escape(short), text):
                if any(s < m.end() and m.start() < e for s, e in covered):
                    continue
                span = doc.char_span(m.start(), m.end(), label=types.get(full, "Company"))
                if span is not None:
                    span._.canonical = full
                    span._.source = "alias"
                    added.append(span)
                    covered.append((m.start(), m.end()))
        return ents + added

    def _anaphors(self, doc: Doc, ents: list[Span]) -> list[Span]:
        text = norm_text(doc)
        sentences = doc._.sentences or [(0, len(text))]
        starts = [s for s, _ in sentences]

        def sentence_of(pos: int) -> int:
            import bisect
            return max(0, bisect.bisect_right(starts, pos) - 1)

        found = []
        pattern = re.compile("|".join(sorted(map(re.escape, ANAPHORS), key=len, reverse=True)))
        # 该研究院, 该联合体 …: the antecedent is a name of that kind (该院, 该公司 may be any)
        matches = [(m.start(), m.end(), ANAPHORS[m.group(0)], m.group(0)[1:] if m.group(0) in _OF_KIND else "")
                   for m in pattern.finditer(text)]
        matches += [(m.start(), m.end(), {"Company"}, "") for m in BARE_ANAPHOR.finditer(text)]
        matches += [(m.start(), m.end(), _KIND_TYPES[m.group(1)], "" if m.group(1) == "学校" else m.group(1))
                    for m in BARE_KIND.finditer(text)]  # (学校 is any university, not one named …学校)
        covered = [(e.start_char, e.end_char) for e in ents]
        ordered = sorted(ents, key=lambda e: e.start_char)
        from collections import Counter
        salient: dict = {}
        for types in {frozenset(t) for t in ANAPHORS.values()}:
            counts = Counter(e._.canonical or e.text for e in ordered if e.label_ in types and e._.source != "anaphor")
            if counts:
                name = counts.most_common(1)[0][0]
                salient[types] = next(e for e in ordered if (e._.canonical or e.text) == name)
        for start, end, types, kind in sorted(matches, key=lambda m: m[:2]):
            if any(s < end and start < e for s, e in covered):
                continue
            candidates = [e for e in ordered if e.end_char <= start and e.label_ in types
                          and e._.source != "anaphor" and (e._.canonical or e.text).endswith(kind)]
            own = text[start:end] in SELF_ANAPHORS or text[start:end] == "学校"
            if not candidates and not own:
                continue
            # salience: the first fitting entity (the subject) of the nearest sentence that has one; for 我校/
            # 我所, the writing institution: failing a near one, the document's most mentioned of the kind
            nearest = sentence_of(candidates[-1].start_char) if candidates else -99
            if sentence_of(start) - nearest > self.max_sentence_distance:
                if not own or frozenset(types) not in salient:
                    continue
                antecedent = salient[frozenset(types)]
            else:
                antecedent = next(e for e in candidates if sentence_of(e.start_char) == nearest)
            span = doc.char_span(start, end, label=antecedent.label_)
            if span is None:
                continue
            span._.canonical = antecedent._.canonical or antecedent.text
            span._.source = "anaphor"
            found.append(span)
        return ents + found
