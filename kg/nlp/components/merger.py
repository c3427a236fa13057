"""Merge rule spans (``doc.spans["kg_rules"]``, fine labels) and model spans (``doc.spans["kg_model"]``,
coarse labels PER/ORG/COMPANY/GOV/LOC/POSITION/BOOK) into non-overlapping ``doc.ents`` with fine types.

1. Rule spans are chosen first, longest first ("longest complete name wins": 河南大学开封研究院 over
   河南大学, a 《》 policy over the places and organisations inside it).
2. Model spans that overlap no chosen span are typed by suffix and gazetteer (ORG → Company / University
   / ResearchInstitute / Lab / Platform / GovernmentBody by its ending; PER → Person if a surname leads;
   LOC → Place if known or ending in 省/市/县/区/镇/乡; BOOK → Policy if policy-like) and added,
   longest first; the rest are dropped. Suffix-less names pass gates instead (config flags): a COMPANY
   span jieba reads as a proper noun or abbreviation and cuts at both edges (谷歌, 农行), a GOV span
   ending in an organ word (银监会), a transliterated PER (克洛泽); each must be marked by the model at
   most of its occurrences in the text. A name the model is sure of (posterior ≥ ``confident_model_names``,
   from ``doc.spans["kg_model"].attrs["scores"]``) skips those segmentation/agreement gates but not the
   checks against phrases and categories. An ORG span without a known ending that is no event or fund
   becomes ``Organization``, and a PER span of dotted parts (阿依古丽·买买提) or a Latin name a Person, above
   ``confident_model_generic``.
   A model organisation wholly containing rule places replaces them.
3. POSITION spans give a role to a person right next to them (a longer model title before the name
   replaces a rule role it ends with: 副秘书长 over 秘书长).
4. Every title the pipeline recognises goes to ``doc.spans["kg_roles"]`` (label ``Role``): each person's
   role where it stands beside the name, and model POSITION spans overlapping no entity (记者, 主持人,
   市长 with nobody named beside them). Only the first kind reaches the graph, as a person's role; the
   group is what ``kg eval --format cluener`` scores as ``position``.

Every entity keeps ``span._.source`` ("rules"/"model"), ``span._.role`` and ``span._.canonical``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import gazetteer as gz
from .entity_rules import BRANCH_ENDINGS, _jieba, policy_like
from ..extensions import doc_text, norm_text

#: tie-break between equally long rule spans (higher wins)
_LABEL_PRIORITY = {"Other": 1, "Organization": 2, "Policy": 9, "Project": 8, "GovernmentBody": 7, "University": 6,
                   "ResearchInstitute": 6, "Lab": 6, "Platform": 5, "Company": 5, "Person": 4, "Place": 3}
_MODEL_LABELS = {"PER", "ORG", "COMPANY", "GOV", "LOC", "POSITION", "BOOK"}
_ORG_LABELS = frozenset({"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody",
                         "Organization"})
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ .·\-]?[A-Z][a-z]+){0,3}")
_DOTTED_NAME = re.compile(r"[\u3400-\u9fff]{1,8}(?:[·•][\u3400-\u9fff]{1,8})+")
_WORDY = re.compile(r"[\u3400-\u9fffA-Za-z]")
_PUNCT_EDGE = re.compile(r"^[\s\W_]|[\s\W_]$")
_GOV_ENDINGS = ("人民政府", "政府", "委员会", "管委会", "常委会", "局", "厅", "委", "办公室", "办", "部", "署", "总局")
_COMPANY_HINTS = ("科技", "技术", "药业", "制药", "医药", "生物", "电子", "信息", "智能", "装备", "机械", "电气",
                  "能源", "化工", "实业", "控股", "投资", "集团", "股份", "材料", "汽车", "重工", "软件", "网络",
                  "光电", "半导体", "仪器", "食品", "物流", "传媒", "银行", "证券", "保险")
_PLACE_ENDINGS = ("省", "市", "县", "区", "镇", "乡", "州", "自治州", "自治县", "旗", "盟")
# organs the model marks GOV whose name carries no level or place (公安机关, 银监会, 海关, 派出所)
_GOV_ORGAN_ENDINGS = tuple(x for x in _GOV_ENDINGS if "政府" not in x) + (
    "机关", "法院", "检察院", "派出所", "公安", "海关", "中央银行", "央行", "警方", "警察局", "监会", "议会", "国会",
    "参议院", "众议院", "政协", "人大", "司", "军方", "海军", "陆军", "空军", "解放军", "志愿军", "武警", "部队")
# words ending like an organ that are not one
_NOT_ORGAN_WORDS = ("东部", "西部", "南部", "北部", "中部", "布局", "部署", "格局", "结局", "大局", "干部", "全部",
                    "内部", "外部", "局部", "本部", "总部", "俱乐部", "当局")
# names of events, not organisations (北京冬奥会, 全国运动会, 进博会, 达沃斯论坛, 世界杯)
_EVENT_ENDINGS = ("奥会", "运会", "运动会", "博会", "交会", "展会", "博览会", "交易会", "洽谈会", "峰会", "大会", "年会",
                  "论坛", "锦标赛", "联赛", "杯", "赛", "节")
# jieba tags of words that are names (person, organisation, other proper noun, abbreviation)
_NAME_TAGS = ("nr", "nt", "nz", "j")
# a bare category is not an organ (地方政府, 中央财政 …)
_GOV_GENERIC = frozenset({"政府", "地方政府", "中央政府", "各级政府", "基层政府", "人民政府", "各级人民政府", "部门",
                          "中央部门", "公共服务部门", "有关部门", "监管部门", "主管部门", "委员会", "办公室", "机关",
                          "党政机关", "国家机关", "公安", "军队", "部队", "人民军队", "政协", "人大", "司法机关",
                          "行政机关", "公安机关", "中央财政", "地方财政", "党政军", "党组织", "基层党组织"})
# single-character country forms before 军 (美军, 英军)
_ARMY_PREFIXES = "美英法德日俄韩朝印以伊苏越"
# verbs and modifiers that start a phrase, not a name (深化农村…, 加强…, 发展中医药)
_PHRASE_STARTS = ("贯彻", "发展", "深化", "加强", "加快", "推动", "推进", "设立", "强化", "优化", "完善", "建设", "支持",
                  "实施", "促进", "提高", "提升", "扩大", "坚持", "落实", "构建", "健全", "创新", "改革", "重视",
                  "发挥", "鼓励", "引导", "保障", "实现", "培育", "壮大", "规范", "大力", "积极", "全面", "进一步")
# Han characters of transliterated foreign names (克鲁斯, 加斯佩里尼): a name of these only
_TRANSLIT = frozenset("阿埃艾爱安昂奥巴邦贝本比彼宾波伯博布查达戴丹道德迪蒂丁东杜多厄恩法菲费芬丰佛弗福盖冈戈格古"
                      "哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱兰朗劳勒雷蕾里利莉丽连林琳隆卢鲁路"
                      "伦罗洛马迈麦曼梅门蒙米明莫默姆穆纳奈南内尼宁纽努诺帕潘庞佩皮普奇乔切琼萨塞桑森沙什施斯"
                      "苏索塔泰坦汤唐特提图托瓦万威韦维温沃乌西希锡夏谢辛休雅亚耶伊因尤于扎泽詹兹佐"
                      "尔夫娜娃娅妮丝莎薇黛芙露玛瑞约翰逊顿登治廉得茨瑟斐琴舍略列珀鲍修保")


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


def role_span(text: str, start: int, end: int, role: str) -> tuple[int, int] | None:
    """Where the title `role` of the person at text[start:end] stands: just before the name (董事长X,
    副局长 王五) or just after it (X教授)."""
    before = text.rfind(role, max(0, start - len(role) - 12), start)
    if before >= 0:
        return before, before + len(role)
    after = text.find(role, end, end + len(role) + 4)
    return (after, after + len(role)) if after >= 0 else None


class EntityMerger:
    roles_key = "kg_roles"

    def __init__(self, nlp: Language, name: str, rules_key: str = "kg_rules", model_key: str = "kg_model",
                 use_model: bool = True, model_org_without_suffix: bool = False, max_entity_chars: int = 120,
                 model_company_names: bool = True, model_gov_organs: bool = True, model_foreign_names: bool = True,
                 model_generic_orgs: bool = False, model_over_places: bool = True, min_model_agreement: float = 0.5,
                 confident_model_names: float = 0.0, confident_model_generic: float = 0.0,
                 model_endings: bool = False):
        self.name = name
        self.model_endings = model_endings
        self.rules_key = rules_key
        self.model_key = model_key
        self.use_model = use_model
        self.model_org_without_suffix = model_org_without_suffix
        self.max_entity_chars = max_entity_chars
        self.model_company_names = model_company_names
        self.model_gov_organs = model_gov_organs
        self.model_foreign_names = model_foreign_names
        self.model_generic_orgs = model_generic_orgs
        self.model_over_places = model_over_places
        self.min_model_agreement = min_model_agreement
        self.confident_model_names = confident_model_names
        self.confident_model_generic = confident_model_generic or confident_model_names
        self._agreement: Counter = Counter()
        self._text = ""
        self.suffixes = gz.org_suffixes()
        self._suffix_list = sorted(self.suffixes, key=len, reverse=True)
        self.places = gz.places()
        self.surnames = gz.surnames()
        self.generic = gz.generic_words()
        self.stops = gz.left_stops()
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
        ending = next((x for x in BRANCH_ENDINGS if name.endswith(x)), None)
        if ending:  # a branch of a bank or company is of its parent's kind (建设银行东四支行)
            body = len(name) - len(ending)
            parent = max(name.rfind("银行", 0, body), name.rfind("公司", 0, body))
            if parent > 0:
                return self._org_type(name[:parent + 2]) or "Company"
        for suf in self._suffix_list:
            if name.endswith(suf) and len(name) > len(suf):
                return None if self._category(name, suf) else self.suffixes[suf].type
        if name.endswith(_GOV_ENDINGS) and (name[:1] in "省市县区" or name.startswith(("国家", "中共", "中央"))
                                            or any(name[:n] in self.places for n in range(2, min(9, len(name))))):
            return "GovernmentBody"
        return None

    def _typed_by_ending(self, name: str, end: int) -> str | None:
        """`_model_ending_type`, when on, except for 所 as the particle before a verb (…航空母舰所发动的)."""
        if not self.model_endings:
            return None
        type_name = self._model_ending_type(name)
        if type_name and name.endswith("所") and end:  # 所 + verb + 的 (…航空母舰所发动的攻击) is the particle
            jieba, _, tags = _jieba()
            following = next(iter(jieba.cut(self._text[end:end + 6], HMM=False)), "")
            if tags.get(following, "").startswith("v") and \
                    self._text.startswith("的", end + len(following)):
                return None
        return type_name

    @lru_cache(maxsize=1 << 16)
    def _model_ending_type(self, name: str) -> str | None:
        """The type of a model-proposed name by an ending of model_endings.tsv (中科院地理资源所, 桑海组团,
        洛阳智能装备子基金): the model found its left edge, the ending says what it is. Never a category
        (重点研究所), a phrase (加快建设…园区) or a name with 的/和 inside."""
        for ending, type_name, min_body in gz.model_endings():
            if not name.endswith(ending):
                continue
            body = name[:-len(ending)]
            if type_name is None or len(body) < min_body or not all(_HAN.match(ch) or ch.isalnum() or ch in "()-+·"
                                                                     for ch in body):
                return None
            if any(ch in body for ch in "的和与及或对在") or self._starts_with_phrase(name):
                return None
            jieba, _, _ = _jieba()
            if all(self.generic.get(w) for w in jieba.lcut(body, HMM=False)):
                return None  # 重点研究所, 省级园区: a category
            return type_name
        return None

    @lru_cache(maxsize=1 << 16)
    def _starts_with_phrase(self, name: str) -> bool:
        """The first word of `name` is one a name never starts with (left_stop.txt's hard words, 发展/深化…)."""
        jieba, _, _ = _jieba()
        first = next(iter(jieba.cut(name, HMM=False)), "")
        return len(first) < len(name) and (first in _PHRASE_STARTS or self.stops.get(first) == "hard")

    @lru_cache(maxsize=1 << 16)
    def _category(self, name: str, suffix: str | None = None) -> bool:
        """`name` is a known ending after descriptive words only (行业协会, 重点实验室): a category."""
        suffix = suffix or next((x for x in self._suffix_list if name.endswith(x) and len(name) > len(x)), None)
        if suffix is None:
            return False
        jieba, _, _ = _jieba()
        return all(self.generic.get(w) for w in jieba.lcut(name[:-len(suffix)], HMM=False))

    def _fine_type(self, label: str, name: str, start: int = 0, end: int = 0, confidence: float | None = None) -> str | None:
        sure = bool(self.confident_model_names) and confidence is not None and confidence >= self.confident_model_names
        sure_generic = bool(self.confident_model_generic) and confidence is not None \
            and confidence >= self.confident_model_generic
        if end and self._text.startswith(("主义", "思想", "理论"), end) and label != "BOOK":
            return None  # 马克思列宁(主义), 毛泽东(思想): an ideology named after people, not a name here
        if label == "PER":
            if name in self.places:
                return None
            if len(name) >= 3 and name.endswith("摄") and (end >= len(self._text) or self._text[end] in "\n )）"):
                return None  # 人民网 龙章榆摄: a photo credit, the name glued to 摄 (the byline rule reads 龙章榆 摄)
            if sure_generic and (self._foreign_name(name) or _LATIN_NAME.fullmatch(name)):
                return "Person"
            if sure_generic and _DOTTED_NAME.fullmatch(name):
                return "Person"  # 保罗·盖蒂, 阿依古丽·买买提: given and family name joined by a middle dot
            if self.model_foreign_names and self._foreign_name(name) and self._consistent(name):
                return "Person"
            if not (2 <= len(name) <= 4) or not all(_HAN.match(ch) for ch in name):
                return None
            if name[:2] in self.surnames and len(name[:2]) == 2 or name[:1] in self.surnames:
                return "Person"
            return None
        if label in ("ORG", "COMPANY"):
            if len(name) < 2 or name in self.places or self.generic.get(name):
                return None
            if self._starts_with_phrase(name):
                return None  # 理顺行业协会, 加快建设…实验室: a verb phrase running into a name
            fine = self._org_type(name)
            if fine is None and self._category(name):
                return None
            if fine == "Company" and name in self.companies and len(name) <= 3 \
                    and not self._clause_constituent(start, end):
                return None  # 用|工行|为
            if fine:
                return fine
            # Without a known ending, a model span is a company only when it is a Latin brand (RMC,
            # ASML) or, if configured, ends in an industry word: on news text the model's other
            # suffix-less ORG spans were mostly phrase fragments (新兴产业抢滩, 深发展).
            if re.fullmatch(r"[A-Z][A-Za-z0-9&\-]{1,15}", name) or (
                    self.model_org_without_suffix and name.endswith(_COMPANY_HINTS)):
                return "Company"
            # A named enterprise (华为, 新浪, 宝钢) has no ending: taken when the model calls it COMPANY,
            # it reads as a name (no verb or 的, not a category) and the model marks it wherever it recurs.
            if label == "COMPANY" and self.model_company_names and self._plain_name(name, 8, start, end, sure):
                return "Company"
            # other organisations (clubs, associations, 世界贸易组织) only when the model is sure, and
            # never an event (北京冬奥会, 全国运动会, 博览会, 论坛)
            typed = self._typed_by_ending(name, end)
            if typed:
                return typed
            if label == "ORG" and self.model_generic_orgs and sure_generic and not name.endswith(_EVENT_ENDINGS) \
                    and not (name.endswith("基金") or name.endswith(_NOT_ORGAN_WORDS)) \
                    and self._plain_name(name, 12, start, end, sure_generic, company=False):
                return "Organization"
            return None
        if label == "GOV":
            # a government organ names its level or place (市科技局, 国家发改委): 战略性布局 does not
            if len(name) >= 2 and self._org_type(name) == "GovernmentBody":
                return "GovernmentBody"
            typed = self._typed_by_ending(name, end)  # the model calls some institutes organs (中科院…所)
            if typed:
                return typed
            # … or is an organ by its ending alone (公安机关, 银监会, 美军), never a bare category (地方政府)
            if self.model_gov_organs and self._gov_organ(name, start, end, sure):
                return "GovernmentBody"
            return None
        if label == "LOC":
            if name in self.places:
                return "Place"
            if len(name) >= 2 and name.endswith(_PLACE_ENDINGS) and all(_HAN.match(ch) for ch in name) \
                    and len(name) <= 8:
                return "Place"
            # the model calls some organisations places (长春光机所, 新乡新材料子基金): their ending says so
            return self._typed_by_ending(name, end)
        if label == "BOOK":
            return "Policy" if policy_like(name.strip("《》")) else None
        return None

    def _consistent(self, name: str) -> bool:
        """The model marks `name` at least `min_model_agreement` of the times it occurs in the text."""
        occurrences = self._text.count(name)
        return not occurrences or self._agreement[name] / occurrences >= self.min_model_agreement

    def _word_start(self, start: int, end: int) -> int:
        """`start`, or the first word boundary after it when jieba, segmenting the text around it, reads
        the characters on both sides of `start` as one word (联合|科技厅: the model's 合科技厅 is 科技厅)."""
        jieba, _, _ = _jieba()
        left = max(0, start - 6)
        pos = left
        for token in jieba.cut(self._text[left:end], HMM=False):
            if pos >= start:
                return pos if pos < end else start
            pos += len(token)
        return start

    def _clause_constituent(self, start: int, end: int) -> bool:
        """jieba, segmenting the text around it, cuts at both edges of text[start:end] (用工|行为 hides 工行)."""
        jieba, _, _ = _jieba()
        left = max(0, start - 6)
        cuts, pos = {0}, 0
        for token in jieba.cut(self._text[left:end + 6], HMM=False):
            pos += len(token)
            cuts.add(pos)
        return (start - left) in cuts and (end - left) in cuts

    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def _names_something(name: str) -> bool:
        """jieba reads the name as a proper noun or abbreviation (新浪, 农行, 任天堂), or as one led by
        such a word: common words (新能源汽车, 太阳能, 平安中国, 东北振兴) name a category or a phrase."""
        jieba, freq, tags = _jieba()
        words = jieba.lcut(name, HMM=False)
        while words and tags.get(words[0], "").startswith("ns") and len(words) > 1:
            words = words[1:]  # a place in front (北京万科, 三亚辰龙)
        head, last = words[0], words[-1]
        if len(words) > 1 and (len(last) > 1 and tags.get(last, "").startswith(("v", "a"))
                               or freq.get(last, 0) >= 5000):
            return False  # …振兴, …汽车: a phrase about a thing
        # (entries of frequency 3 are words added to jieba's dictionary by us or by jieba's user lists,
        # such as 新兴产业, 新能源: their tags say nothing)
        if freq.get(head, 0) > 3 and (tags.get(head, "").startswith(_NAME_TAGS) or (len(head) > 1
                                                                                  and freq[head] < 60)):
            return True
        # a word jieba does not know falls apart into single characters (立|博, 伟|德, 数|力游戏)
        return any(len(a) == 1 and len(b) == 1 for a, b in zip(words, words[1:]))

    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def _common_words(name: str, floor: int = 300) -> bool:
        """`name` is two or more common dictionary words (交通|强国, 平安|中国, 新能源|汽车)."""
        jieba, freq, _ = _jieba()
        words = jieba.lcut(name, HMM=False)
        return len(words) >= 2 and all(len(w) >= 2 and freq.get(w, 0) >= floor for w in words)

    def _plain_name(self, name: str, max_chars: int, start: int, end: int, sure: bool = False,
                    company: bool = True) -> bool:
        """A suffix-less name the model proposes: Latin brand (visa, bet365) or a short Han name.
        `sure` (the model's confidence is above `confident_model_names`) skips the checks that the
        name is cut as a word in its sentence and marked wherever it recurs, not the ones that keep
        out phrases, slogans and categories (交通强国, 新能源汽车: the model can be sure of those too)."""
        if name in self.places or self.generic.get(name) or name in _GOV_GENERIC:
            return False
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9&\-]{2,15}", name):
            return sure or self._consistent(name)
        if not (2 <= len(name) <= max_chars) or not all(_HAN.match(ch) or ch.isalnum() for ch in name):
            return False
        if name.startswith(_PHRASE_STARTS) or any(ch in name for ch in "的和与及或对"):
            return False
        if len(set(name)) < len(name) <= 5:
            return False  # a slogan's repeats (金山银山, 强农惠农富农), not a name
        if not (self._names_something(name) or (sure and not self._common_words(name))):
            # (a sure name need not read as one to jieba: 热那亚, 育碧, 中储粮 are unknown to it or cut
            # apart; but one made of common words is a slogan or a category: 交通强国, 平安中国)
            return False
        return sure or (self._clause_constituent(start, end) and self._consistent(name))

    def _gov_organ(self, name: str, start: int, end: int, sure: bool = False) -> bool:
        if not (2 <= len(name) <= 15) or name in _GOV_GENERIC or not all(_HAN.match(ch) for ch in name):
            return False
        if name.startswith(_PHRASE_STARTS) or name.startswith("现代化") or any(ch in name for ch in "的和与及或对"):
            return False
        if name.endswith(_NOT_ORGAN_WORDS):
            return False
        if sure:  # an organ without an organ word (中国共产党, 伊朗革命卫队), when the model is sure of it
            return True
        army = len(name) == 2 and name[1] == "军" and name[0] in _ARMY_PREFIXES
        return (army or name.endswith(_GOV_ORGAN_ENDINGS)) and self._clause_constituent(start, end) \
            and self._consistent(name)

    def _foreign_name(self, name: str) -> bool:
        """A transliterated name: parts of transliteration characters, maybe joined by ·/-."""
        parts = [p for p in re.split(r"[·•\-]", name)]
        if not (2 <= len(name) <= 14) or any(not p for p in parts):
            return False
        return all(ch in _TRANSLIT for p in parts for ch in p) and (len(parts) > 1 or len(name) >= 3)

    # ------------------------------------------------------------------ run
    def _role_spans(self, doc: Doc, text: str, chosen: list[_Ent], positions: list[tuple[int, int]]) -> list[Span]:
        """Title spans: each person's role beside the name, then POSITION spans touching no entity."""
        raw = doc_text(doc)
        found = [where for e in chosen if e.label == "Person" and e.role
                 for where in [role_span(raw, e.start, e.end, e.role) or role_span(text, e.start, e.end, e.role)]
                 if where]
        taken = bytearray(len(text))
        for e in chosen:
            taken[e.start:e.end] = b"\x01" * e.length
        found += [(ps, pe) for ps, pe in positions if pe - ps >= 2 and not any(taken[ps:pe])]
        spans, last = [], -1
        for start, end in sorted(set(found)):
            span = doc.char_span(start, end, label="Role", alignment_mode="expand")
            if span is not None and len(span) and span.start >= last:
                spans.append(span)
                last = span.end
        return spans

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
        if e.source == "model" and e.label != "Policy" and any(ch in surface for ch in "、，,；;。"):
            return True  # 展示馆、零号湾…集聚区: a list, not a name
        return False

    def _brand_of(self, rule: _Ent, m: _Ent) -> bool:
        """`rule` is a company name that the model's company name starts with and runs on from: a listed
        name without an ending by a few characters (新浪乐居, 携程国旅), any company by a branch
        (建设银行东四支行, 中国农业银行亚运村支行)."""
        if not (rule.label == m.label == "Company" and rule.start == m.start):
            return False
        if m.end - rule.end <= 8 and self._text.endswith(BRANCH_ENDINGS, rule.end, m.end):
            return True
        return m.end - rule.end <= 4 and self._text[rule.start:rule.end] in self.companies

    def _place_chain(self, m: _Ent) -> bool:
        """The model's place is places written one after another (天津市南开区, 广州萝岗区九龙镇)."""
        name, parts = self._text[m.start:m.end], 0
        while name:
            n = next((k for k in range(min(10, len(name)), 1, -1) if name[:k] in self.places), 0)
            if not n:
                return False
            name, parts = name[n:], parts + 1
        return parts >= 2

    def _parent_of(self, rule: _Ent, m: _Ent) -> bool:
        """`rule` is an organisation written in front of the model's longer name, which is a unit of it
        typed by its own ending (中科院|天津工业生物所, 省科技厅|高新处, 中科院|广州分院): one name, the whole."""
        return rule.start == m.start and rule.label in _ORG_LABELS and m.label in _ORG_LABELS \
            and m.end - rule.end >= 2 and self._unit_typed(self._text[m.start:m.end])

    def _place_before(self, inside: list[_Ent], m: _Ent) -> bool:
        """The model's organisation is the rules' one with its place written in front (香港|招行, 国家|铁道部,
        俄罗斯|欧洲银行): rule places, or 国家 before a government body, then one rule organisation that
        ends where the model's name ends."""
        if not inside or m.label not in _ORG_LABELS:
            return False
        *places, org = sorted(inside, key=lambda e: e.start)
        if org.end != m.end or org.label not in _ORG_LABELS or org.start <= m.start:
            return False
        at = m.start
        for p in places:
            if p.label != "Place" or p.start != at:
                return False
            at = p.end
        return at == org.start and bool(places) or (
            not places and self._text[m.start:org.start] == "国家" and org.label == "GovernmentBody")

    #: single characters of motion and place that end a clause before a name (专程到|X, 来甘调研|X)
    _MOTION = frozenset("到在赴来向从")

    def _trim_clause_prefix(self, rules: list[_Ent], model_names: list[tuple[int, int]]) -> list[_Ent]:
        """A rule organisation that the model reads as a shorter name ending at the same place, when the
        characters between are clause words (代表团专程到|黎明化工设计院, 上栗共建|先进制造研究院, 校企共建|联合实验室):
        a verb, preposition, adverb or conjunction no organisation name is seen to contain, jieba cutting at
        the model's start. The rules' type is kept."""
        ends = {}
        for start, end in model_names:  # before typing: 先进制造研究院 is too generic to stand alone, not to cut
            ends.setdefault(end, []).append(start)
        if not ends:
            return rules
        jieba, _, tags = _jieba()
        inner = gz.name_inner_words()
        out = []
        for r in rules:
            starts = [s for s in ends.get(r.end, ()) if r.start < s < r.end - 1] if r.label in _ORG_LABELS else ()
            for start in sorted(starts):
                words, pos, cut = [], r.start, False
                for tok in jieba.cut(self._text[r.start:r.end], HMM=False):
                    if pos >= start:
                        cut = pos == start
                        break
                    words.append(tok)
                    pos += len(tok)
                if cut and any(w not in inner and (tags.get(w, "")[:1] in ("v", "p", "d", "c") or w[-1] in self._MOTION
                                                   and tags.get(w, "")[:1] in ("", "l", "v"))
                               for w in words):
                    r = _Ent(start, r.end, r.label, r.source, r.role, None)
                    break
            out.append(r)
        return out

    def _unit_typed(self, name: str) -> bool:
        return self._model_ending_type(name) is not None or any(
            name.endswith(x) for x in self._suffix_list if self.suffixes[x].type != "Other")

    def _promote_longer_names(self, rules: list[_Ent], model: list[_Ent]) -> tuple[list[_Ent], list[_Ent]]:
        """A model organisation that wholly contains rule places and nothing else (北京市消防局 over 北京市,
        美国国防部 over 美国), or a listed company name it runs on from (新浪乐居 over 新浪), is the longer
        complete name: it replaces them among the rule spans."""
        by_start = sorted(rules, key=lambda e: e.start)
        starts = [e.start for e in by_start]
        dropped, promoted = set(), []
        for m in model:
            if m.label in ("Person", "Policy") or (m.label == "Place" and not self._place_chain(m)):
                continue
            lo = bisect_left(starts, m.start - self.max_entity_chars)
            hi = bisect_left(starts, m.end)
            inside = [r for r in by_start[lo:hi] if r.end > m.start]
            if self._place_before(inside, m):
                dropped.update(id(r) for r in inside)
                promoted.append(m)
                continue
            if inside and all(m.start <= r.start and r.end <= m.end and r.length < m.length
                              and (r.label == "Place" or self._brand_of(r, m) or self._parent_of(r, m))
                              for r in inside):
                dropped.update(id(r) for r in inside)
                promoted.append(m)
        if not promoted:
            return rules, model
        keep = [r for r in rules if id(r) not in dropped]
        return keep + promoted, [m for m in model if all(m is not p for p in promoted)]

    def __call__(self, doc: Doc) -> Doc:
        text = norm_text(doc)
        rules, model, positions, model_names = [], [], [], []
        for span in doc.spans.get(self.rules_key, []) if self.rules_key in doc.spans else []:
            rules.append(_Ent(span.start_char, span.end_char, span.label_, "rules",
                              span._.role, span._.canonical))
        self._text = text
        self._agreement = Counter(text[sp.start_char:sp.end_char] for sp in doc.spans[self.model_key]) \
            if self.use_model and self.model_key in doc.spans else Counter()
        if self.use_model and self.model_key in doc.spans:
            group = doc.spans[self.model_key]
            scores = group.attrs.get("scores") or [None] * len(group)
            for span, score in zip(group, scores):
                label = span.label_
                if label == "POSITION":
                    positions.append((span.start_char, span.end_char))
                    continue
                start, end = span.start_char, span.end_char
                if label == "BOOK":  # a title without its brackets (《…》 may be half inside the span)
                    while start < end and text[start] in "《〈":
                        start += 1
                    while end > start and text[end - 1] in "》〉":
                        end -= 1
                if label in ("ORG", "COMPANY", "GOV") and self.model_endings:
                    start = self._word_start(start, end)  # 联|合科技厅 → 科技厅: a name starts where a word does
                if label in ("ORG", "COMPANY", "GOV"):
                    model_names.append((start, end))
                if label not in _MODEL_LABELS:
                    fine = label if label in _LABEL_PRIORITY else None
                else:
                    fine = self._fine_type(label, text[start:end], start, end, score)
                if fine:
                    model.append(_Ent(start, end, fine, "model", span._.role, span._.canonical))
        if self.model_over_places and model:
            rules, model = self._promote_longer_names(rules, model)
        if self.model_over_places and model_names:
            rules = self._trim_clause_prefix(rules, model_names)
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
            if e.label != "Person":
                continue
            for ps, pe in positions:
                before = pe == e.start or (pe < e.start and e.start - pe <= 2 and not text[pe:e.start].strip())
                if not (before or ps == e.end):
                    continue
                title = text[ps:pe]
                if e.role:
                    # the model's longer title over the rules' (副秘书长 over 秘书长, 党委副书记 over 副书记),
                    # unless the extra part is a name of its own (深圳市长: 深圳市 is a place)
                    if not (before and len(title) > len(e.role) and title.endswith(e.role)) \
                            or any(c.start < pe and c.end > ps for c in chosen):
                        continue
                e.role = doc[ps:pe].text if char_tokens else doc.char_span(ps, pe, alignment_mode="expand").text
                break
        doc.spans[self.roles_key] = self._role_spans(doc, text, chosen, positions)
        ents = []
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
    assigns=["doc.ents", "doc.spans"],
    default_config={"rules_key": "kg_rules", "model_key": "kg_model", "use_model": True,
                    "model_org_without_suffix": False, "max_entity_chars": 120, "model_company_names": True,
                    "model_gov_organs": True, "model_foreign_names": True, "model_generic_orgs": False,
                    "model_over_places": True, "min_model_agreement": 0.5, "confident_model_names": 0.0,
                    "confident_model_generic": 0.0, "model_endings": False},
)
def make_merger(nlp: Language, name: str, rules_key: str, model_key: str, use_model: bool,
                model_org_without_suffix: bool, max_entity_chars: int, model_company_names: bool,
                model_gov_organs: bool, model_foreign_names: bool, model_generic_orgs: bool,
                model_over_places: bool, min_model_agreement: float, confident_model_names: float = 0.0,
                confident_model_generic: float = 0.0, model_endings: bool = False) -> EntityMerger:
    return EntityMerger(nlp, name, rules_key=rules_key, model_key=model_key, use_model=use_model,
                        model_org_without_suffix=model_org_without_suffix, max_entity_chars=max_entity_chars,
                        model_company_names=model_company_names, model_gov_organs=model_gov_organs,
                        model_foreign_names=model_foreign_names, model_generic_orgs=model_generic_orgs,
                        model_over_places=model_over_places, min_model_agreement=min_model_agreement,
                        confident_model_names=confident_model_names, confident_model_generic=confident_model_generic,
                        model_endings=model_endings)

