"""Merge rule spans (``doc.spans["kg_rules"]``, fine labels) and model spans (``doc.spans["kg_model"]``,
coarse labels PER/ORG/COMPANY/GOV/LOC/POSITION/BOOK) into non-overlapping ``doc.ents`` with fine types.

1. Rule spans are chosen first, longest first ("longest complete name wins": 河南大学开封研究院 over
   河南大学, a 《》 policy over the places and organisations inside it).
2. Model spans that overlap no chosen span are typed by suffix and gazetteer (ORG → Company / University
   / ResearchInstitute / Lab / Platform / GovernmentBody by its ending; PER → Person if a surname leads;
   LOC → Place if known or ending in 省/市/县/区/镇/乡; BOOK → Policy if policy-like) and added,
   longest first; the rest are dropped.
3. POSITION spans give a role to a person right next to them.

Every entity keeps ``span._.source`` ("rules"/"model"), ``span._.role`` and ``span._.canonical``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import gazetteer as gz
from .entity_rules import policy_like
from ..extensions import norm_text

#: tie-break between equally long rule spans (higher wins)
_LABEL_PRIORITY = {"Other": 1, "Policy": 9, "Project": 8, "GovernmentBody": 7, "University": 6, "ResearchInstitute": 6,
                   "Lab": 6, "Platform": 5, "Company": 5, "Person": 4, "Place": 3}
_MODEL_LABELS = {"PER", "ORG", "COMPANY", "GOV", "LOC", "POSITION", "BOOK"}
_HAN = re.compile(r"[\u3400-\u9fff]")
_WORDY = re.compile(r"[\u3400-\u9fffA-Za-z]")
_PUNCT_EDGE = re.compile(r"^[\s\W_]|[\s\W_]$")
_GOV_ENDINGS = ("人民政府", "政府", "委员会", "管委会", "常委会", "局", "厅", "委", "办公室", "部", "署", "总局")
_COMPANY_HINTS = ("科技", "技术", "药业", "制药", "医药", "生物", "电子", "信息", "智能", "装备", "机械", "电气",
                  "能源", "化工", "实业", "控股", "投资", "集团", "股份", "材料", "汽车", "重工", "软件", "网络",
                  "光电", "半导体", "仪器", "食品", "物流", "传媒", "银行", "证券", "保险")
_PLACE_ENDINGS = ("省", "市", "县", "区", "镇", "乡", "州", "自治州", "自治县", "旗", "盟")


@dataclass
class _Ent:
    start: int
    end: int
    label: str
    source: str
    role: str | None = None
    canonical: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


class EntityMerger:
    def __init__(self, nlp: Language, name: str, rules_key: str = "kg_rules", model_key: str = "kg_model",
                 use_model: bool = True, model_org_without_suffix: bool = False, max_entity_chars: int = 120):
        self.name = name
        self.rules_key = rules_key
        self.model_key = model_key
        self.use_model = use_model
        self.model_org_without_suffix = model_org_without_suffix
        self.max_entity_chars = max_entity_chars
        self.suffixes = gz.org_suffixes()
        self._suffix_list = sorted(self.suffixes, key=len, reverse=True)
        self.places = gz.places()
        self.surnames = gz.surnames()
        self.generic = gz.generic_words()
        self.gov = gz.gov_bodies()
        self.universities = gz.universities()
        self.institutes = gz.institutes()
        self.companies = gz.companies()

    # ------------------------------------------------------------------ typing model spans
    def _org_type(self, name: str) -> str | None:
        if name in self.gov:
            return "GovernmentBody"
        if name in self.universities:
            return "University"
        if name in self.institutes:
            return self.institutes[name][0]
        if name in self.companies:
            return "Company"
        for suf in self._suffix_list:
            if name.endswith(suf) and len(name) > len(suf):
                return self.suffixes[suf].type
        if name.endswith(_GOV_ENDINGS) and (name[:1] in "省市县区" or name.startswith(("国家", "中共", "中央"))
                                            or any(name[:n] in self.places for n in range(2, min(9, len(name))))):
            return "GovernmentBody"
        return None

    def _fine_type(self, label: str, name: str) -> str | None:
        if label == "PER":
            if not (2 <= len(name) <= 4) or not all(_HAN.match(ch) for ch in name):
                return None
            if name in self.places:
                return None
            if name[:2] in self.surnames and len(name[:2]) == 2 or name[:1] in self.surnames:
                return "Person"
            return None
        if label in ("ORG", "COMPANY"):
            if len(name) < 2 or name in self.places or self.generic.get(name):
                return None
            fine = self._org_type(name)
            if fine:
                return fine
            # Without a known ending, a model span is a company only when it is a Latin brand (RMC,
            # ASML) or, if configured, ends in an industry word: on news text the model's other
            # suffix-less ORG spans were mostly phrase fragments (新兴产业抢滩, 深发展).
            if re.fullmatch(r"[A-Z][A-Za-z0-9&\-]{1,15}", name) or (
                    self.model_org_without_suffix and name.endswith(_COMPANY_HINTS)):
                return "Company"
            return None
        if label == "GOV":
            # a government organ names its level or place (市科技局, 国家发改委): 战略性布局 does not
            return "GovernmentBody" if len(name) >= 2 and self._org_type(name) == "GovernmentBody" else None
        if label == "LOC":
            if name in self.places:
                return "Place"
            if len(name) >= 2 and name.endswith(_PLACE_ENDINGS) and all(_HAN.match(ch) for ch in name) \
                    and len(name) <= 8:
                return "Place"
            return None
        if label == "BOOK":
            return "Policy" if policy_like(name.strip("《》")) else None
        return None

    # ------------------------------------------------------------------ run
    def _junk(self, text: str, e: _Ent) -> bool:
        surface = text[e.start:e.end]
        if e.length == 0 or e.length > self.max_entity_chars or not _WORDY.search(surface):
            return True
        if e.label != "Policy" and _PUNCT_EDGE.search(surface) and not surface.endswith((")", ".")) \
                and not surface.startswith("“"):
            return True
        if e.length == 1 and e.label != "Place":
            return True
        if "\n" in surface:
            return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        text = norm_text(doc)
        rules, model, positions = [], [], []
        for span in doc.spans.get(self.rules_key, []) if self.rules_key in doc.spans else []:
            rules.append(_Ent(span.start_char, span.end_char, span.label_, "rules",
                              span._.role, span._.canonical))
        if self.use_model and self.model_key in doc.spans:
            for span in doc.spans[self.model_key]:
                label = span.label_
                if label == "POSITION":
                    positions.append((span.start_char, span.end_char))
                    continue
                if label not in _MODEL_LABELS:
                    fine = label if label in _LABEL_PRIORITY else None
                else:
                    fine = self._fine_type(label, text[span.start_char:span.end_char])
                if fine:
                    model.append(_Ent(span.start_char, span.end_char, fine, "model",
                                      span._.role, span._.canonical))
        taken = bytearray(len(text))
        chosen: list[_Ent] = []
        for group in (rules, model):
            group = [e for e in group if not self._junk(text, e)]
            group.sort(key=lambda e: (-e.length, -_LABEL_PRIORITY.get(e.label, 0), e.start))
            for e in group:
                if any(taken[e.start:e.end]):
                    continue
                taken[e.start:e.end] = b"\x01" * e.length
                chosen.append(e)
        chosen = [e for e in chosen if e.label != "Other"]
        chosen.sort(key=lambda e: e.start)
        # roles from POSITION spans next to a person
        char_tokens = len(doc) == len(text)
        for e in chosen:
            if e.label != "Person" or e.role:
                continue
            for ps, pe in positions:
                if pe == e.start or (pe < e.start and e.start - pe <= 1 and not text[pe:e.start].strip()) \
                        or ps == e.end:
                    e.role = doc[ps:pe].text if char_tokens else doc.char_span(ps, pe, alignment_mode="expand").text
                    break
        ents = []
        char_tokens = len(doc) == len(text)
        last_token = -1
        for e in chosen:
            if char_tokens:
                span = Span(doc, e.start, e.end, label=e.label)
            else:
                span = doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
                if span is None or not len(span) or span.start < last_token:
                    continue
                last_token = span.end
            span._.source = e.source
            span._.role = e.role
            span._.canonical = e.canonical
            ents.append(span)
        doc.ents = ents
        return doc


@Language.factory(
    "kg_entity_merger",
    assigns=["doc.ents"],
    default_config={"rules_key": "kg_rules", "model_key": "kg_model", "use_model": True,
                    "model_org_without_suffix": False, "max_entity_chars": 120},
)
def make_merger(nlp: Language, name: str, rules_key: str, model_key: str, use_model: bool,
                model_org_without_suffix: bool, max_entity_chars: int) -> EntityMerger:
    return EntityMerger(nlp, name, rules_key=rules_key, model_key=model_key, use_model=use_model,
                        model_org_without_suffix=model_org_without_suffix, max_entity_chars=max_entity_chars)

