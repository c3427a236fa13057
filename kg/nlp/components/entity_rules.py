"""Rule and gazetteer entity layer for Chinese innovation news → ``doc.spans["kg_rules"]``.

Every rule reads the normalised text (``norm_text(doc)``: same length as the original, full-width →
ASCII, Traditional → Simplified) and builds spans from its offsets, so surfaces stay as written.
Spans may overlap here; ``kg_entity_merger`` picks the longest complete name.

Rule families (each a method of :class:`EntityRules`):

- gazetteers: places (full names always; short forms of provinces/cities when they do not cut a
  dictionary word), countries, central government bodies, local 市委/开封市政府 forms, well-known
  universities, institutes, labs, companies and public figures;
- organisation grammar: a name ending (``org_suffixes.tsv``) whose left edge is found by walking
  back over name characters and cutting at the last boundary word (``left_stop.txt``: hard words
  always, soft words and 和/与/及 only when the rest starts with a place or known organisation);
  names of a mere category (省级高新区, 14家校企合作研发中心) are dropped (``generic_words.txt``);
- government grammar: place/省/市/县/区 + department stem + 局/厅/委/委员会/办公室 (市科技局);
- policies: 《…》 titles ending in a policy word, “十四五”规划-style quoted plan names;
- projects: names ending in 项目/工程 with a real name before them, and “X”这一…项目;
- persons: titles before (董事长X, 全媒体记者 X) or after (X总书记, X教授, X团队) a surname-led
  name, "A大学B、C团队" lists, and every later mention of a name found that way;
- short names: (简称X)/(以下简称“X”) after an organisation, and the core of company names found
  in the same document (河南中镜科仪科技有限公司 → 中镜科仪科技);
- one-character place abbreviations in context (在汴创新创业, 豫企).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import gazetteer as gz
from ..extensions import norm_text

#: "Other" marks organisations outside the ontology (hospitals, courts, schools, museums): the
#: merger lets them cover the places and names inside them and then drops them.
LABELS = ("Other", "Organization", "Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody",
          "Policy", "Person", "Place", "Project")
ORG_TYPES = frozenset({"Company", "University", "ResearchInstitute", "Lab", "Platform", "GovernmentBody"})
#: a branch named after its bank or company (中原银行洛阳分行, 平安银行信用卡中心); longest first
BRANCH_ENDINGS = ("中心支行", "支行", "分行", "分公司", "营业部", "信用卡中心")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_HAN = re.compile(f"[{_HAN}]")
_NAME_CHAR = re.compile(f"[{_HAN}A-Za-z0-9·]")
_QUANT_TOKEN = re.compile(r"^(?:第[\d一二三四五六七八九十两百千万]+(?:个|家|所|座|批|项|支|类|种|名|位|处|条|只|届|大|期)|"
                          r"[\d一二三四五六七八九十两几多数百千万]+(?:个|家|所|座|批|项|支|类|种|名|位|处|条|只|届|大))$")
_NUMBER_TOKEN = re.compile(r"^[\d一二三四五六七八九十两百千万]+$")
_MEASURES = frozenset("个家所座批项支类种名位处条只届大")
_CONJ = frozenset({"和", "与", "及", "同", "跟", "暨", "以及", "并与", "和与"})
_ACTORS = frozenset({"企业", "公司", "高校", "大学", "院所", "科研院所", "学校", "政府", "部门", "团队",
                     "机构", "单位", "我市", "我省", "我国", "我区", "我县", "其", "双方", "他们", "园区",
                     "市", "省", "县", "区", "该企业", "该公司", "集团", "专家", "院士", "学者"})
_ANCHOR_WORDS = ("中华人民共和国", "中国", "国家", "全国", "中共", "中央", "省", "市", "县", "区", "自治区")
_MARKERS = frozenset({"省", "市", "县", "区", "国家", "中国", "全国", "自治区", "州"})
_ADMIN_ENDINGS = ("省", "市", "县", "区", "州", "旗", "盟", "自治区", "地区")
_LEVEL_WORDS = frozenset({"省级", "市级", "县级", "区级", "国家级", "部级", "省部级", "厅级", "国字号"})
_LEAD_TAGS = ("v", "d", "p", "c", "r", "u", "a")
_ADJECTIVAL = re.compile(r"式|特色|梦")
_POLICY_NOTE = re.compile(r"(?:\((?:试行|暂行|修订|修订版|征求意见稿|草案|送审稿|\d{4}[-—–~至]\d{4}年?|\d{4}年?)\)|"
                          r"(?:试行|暂行))+$")
_JIANCHENG = re.compile(r"\((?:以下|下文)?(?:简称|下称|称)[:：]?[“\"']?([^()“”\"']{2,12}?)[”\"']?\)")
_RIGHT_BLOCK = {
    "大学": "生城路站", "学院": "派路站", "公司": "法制化债", "集团": "化军", "研究所": "长",
    "基地": "化", "联盟": "军", "开发区": "长", "新区": "长", "实验室": "长主",
}
_PERSON_RIGHT = ("表示", "说", "介绍", "指出", "强调", "认为", "坦言", "告诉", "透露", "称", "等", "和",
                 "与", "及", "的", "在", "是", "也", "对", "向", "从", "为", "带领", "率领", "团队", "一行",
                 "同志", "先生", "女士", "教授", "院士", "博士", "研究员", "摄", "报道", "主持", "出席",
                 "参加", "代表", "来到", "前往", "走进", "深入", "调研", "考察", "一起", "回忆", "提出",
                 "宣布", "发表", "致辞", "讲话", "签约", "签署", "作", "就", "将", "已", "曾", "正", "还",
                 "又", "则", "接受", "当选", "担任", "获得", "荣获", "说道", "感慨", "解释", "补充",
                 "笑着", "坦承", "看来", "希望", "领衔", "牵头", "指导", "会见", "听取", "主持", "总书记",
                 "书记", "主任", "院长", "校长", "所长", "董事长", "总经理", "再次", "亲自", "先后", "同",
                 "到", "赴", "率队", "带队", "视察", "看望", "慰问", "召开", "汇报", "发言", "解读", "分享",
                 "讲解", "演讲", "回答", "主讲", "应邀", "宣读", "点评", "总结", "作了")
#: kinds of organisation that close a list of names (A、B等4家企业)
_LIST_KINDS = {"企业": "Company", "公司": "Company", "高校": "University", "大学": "University", "院校": "University",
               "科研院所": "ResearchInstitute", "研究院所": "ResearchInstitute", "院所": "ResearchInstitute"}
#: endings of organisation names a person's name may follow directly (…研究所张三所长, …科技局李四局长)
_ORG_TAILS = ("所", "研究院", "科学院", "大学", "学院", "公司", "集团", "局", "厅", "委", "部", "办", "中心", "处",
              "管委会", "政府", "实验室")
#: last characters of organ names (经信委, 科技局, 教育厅), never of a person's given name
_ORGAN_FINALS = frozenset("委局厅处办署")
#: function-word characters that still end given names often (包信和, 马延和, 李同): allowed last when what
#: follows rules out the function word
_FREE_FINAL = frozenset("和同为成")
_BAD_GIVEN = frozenset("的了是在和与及等也都说表摄称就将已曾又还对向从为把被让给到着过这那其该此所"
                       "市省县区年月日个们")
_LEFT_PERSON = frozenset("的和与及由在对向是被让请经据将把给跟同称为了着过说示到从以等并而或见访邀、，,。；;：: \n\t“”\"'(（）)《》")
_CLIQUE = frozenset({"反党", "叛徒", "卖国", "侵略", "反革命", "统治", "修正主义", "反动", "战争", "好战", "防务",
                     "条约", "阴谋", "流氓", "利益", "军事", "帝国主义", "垄断资本"})
_SURNAME_TITLES = frozenset({"主席", "总理", "主任", "书记", "教授", "老师", "院士", "先生", "女士", "同志", "部长",
                             "局长", "院长", "校长", "所长", "市长", "省长", "县长", "董事长", "总经理", "总",
                             "博士", "研究员", "工程师", "副主席", "副总理", "副主任", "副部长"})
_FUNCTION_CHARS = frozenset("和于向由应从同将把对为以及与在是被让给")
_PROJECT_GENERIC = frozenset({"重大", "重点", "产业", "中试", "获奖", "建设", "招商", "签约", "民生", "基础设施",
                              "科技", "研发", "示范", "一批", "大国重器", "合作", "投资", "创新", "工业", "农业",
                              "在建", "新建", "续建", "开工", "竣工", "投产", "省级", "市级", "国家级", "国家",
                              "省", "市", "县", "区", "各类", "相关", "该", "此", "这个", "这些", "多个", "一个",
                              "攻关", "科研", "技术", "改造", "升级", "技改", "配套", "储备", "谋划", "政府",
                              "专项", "优质", "好", "大", "新", "引进", "落地", "招引", "招商引资", "对外",
                              "入库", "备案", "审批", "申报", "立项", "实施", "推进", "转化", "成果", "人才",
                              "工程", "示范性", "标志性", "引领性", "带动性", "龙头", "头部", "产业化", "先进",
                              "高质量", "发展", "制造业", "民营", "外资", "国有", "企业", "高端", "社会", "公共",
                              # qualifiers and amounts of a kind of project, not a project's name
                              "以上", "以下", "超", "新签", "市属", "省属", "区外", "区内", "市外", "东西部", "国企",
                              "央企", "大部分", "部分", "全部", "亿元", "万元", "百亿元", "千亿元", "产值", "总额",
                              "产学研", "成果", "科技成果", "合作项目", "领域", "产业链", "优质", "颠覆性", "专项资金",
                              "获奖", "二等奖", "一等奖", "三等奖", "清单", "情况"})
_PROJECT_RIGHT_BLOCK = frozenset("技师学院研建公局队系化设中实项部厅处科所")


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Every cue word of the relation layer (投向, 资助, 依托 …): verbs of a clause, never a name's start."""
    import json
    from importlib import resources
    cues = json.loads(resources.files("kg.nlp.resources").joinpath("relation_cues.json").read_text("utf-8"))
    return frozenset(w for v in cues.values() if isinstance(v, list) for w in v if len(w) >= 2) | {"投向"}


@lru_cache(maxsize=1)
def _policy_endings() -> tuple[str, ...]:
    return tuple(sorted(gz.policy_words(), key=len, reverse=True))


def policy_like(title: str) -> bool:
    """Whether a 《》 title names a policy: it ends in a policy word (规划, 实施意见, 管理办法(试行) …)."""
    core = _POLICY_NOTE.sub("", title.strip())
    if len(core) < 3:
        return False
    if core.endswith("法"):
        return len(core) >= 4 and not core.endswith(("方法", "算法", "兵法", "手法", "语法", "说法",
                                                     "看法", "做法", "想法", "疗法", "书法", "技法"))
    return core.endswith(_policy_endings())


#: verbs that name what an office does (社会合作处, 成果转化处, 对外交流办公室): words of a unit's name
_UNIT_VERBS = frozenset({"合作", "转化", "交流", "推广", "服务", "管理", "发展", "建设", "规划", "监督", "协调",
                         "创新", "转移", "评估", "审批", "引进", "培养", "保障", "开发", "研究", "统计", "宣传"})

#: first characters of places that are also conjunctions (和县, 同安区, 与…): see _conjunction_led
_CONJ_CHARS = frozenset("和同与及")

#: a verb at least this frequent in jieba's dictionary, seen inside no organisation name, ends the clause
#: before the name of an institution, lab or platform (率领|学校技术转移中心); rarer verbs may be words of a name
VERB_STOP_FREQ = 500


#: where one item of a list ends
_ITEM_END_RE = re.compile(r"[、，,。；;：:\n]")


@dataclass
class Cand:
    start: int
    end: int
    label: str
    role: str | None = None
    canonical: str | None = None
    rule: str = ""


@dataclass
class _Lexicon:
    """Exact-name lookup for thousands of names at numpy speed: candidate positions come from a
    vectorised bigram test, then dict lookups (longest first) confirm them."""
    entries: dict[str, list]
    keys: np.ndarray = field(init=False)
    lengths: dict[int, tuple[int, ...]] = field(init=False)

    def __post_init__(self):
        lengths: dict[int, set] = {}
        for word in self.entries:
            if len(word) >= 2:
                key = (ord(word[0]) << 21) | ord(word[1])
                lengths.setdefault(key, set()).add(len(word))
        self.keys = np.array(sorted(lengths), dtype=np.int64)
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}

    def find(self, text: str, codes: np.ndarray, overlapping: bool = False) -> list[tuple[int, int, str]]:
        if codes.shape[0] < 2:
            return []
        big = (codes[:-1] << 21) | codes[1:]
        hits = np.flatnonzero(np.isin(big, self.keys))
        out = []
        last = 0
        for i in hits.tolist():
            if i < last and not overlapping:
                continue
            for n in self.lengths[int(big[i])]:
                word = text[i:i + n]
                if len(word) == n and word in self.entries:
                    out.append((i, i + n, word))
                    last = i + n
                    break
        return out


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    import jieba.posseg
    return jieba, jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab


def _segment(text: str) -> list[tuple[int, str]]:
    jieba, _, _ = _jieba()
    out, pos = [], 0
    for tok in jieba.lcut(text, HMM=False):
        out.append((pos, tok))
        pos += len(tok)
    return out


class EntityRules:
    def __init__(self, nlp: Language, name: str, spans_key: str = "kg_rules", max_name_chars: int = 30,
                 persons: bool = True, places: bool = True, abbreviations: bool = True,
                 projects: bool = True, short_names: bool = True, place_short_forms: bool = True,
                 blocked_place_short_forms: list | None = None):
        self.name = name
        self.spans_key = spans_key
        self.max_name_chars = max_name_chars
        self.use_persons = persons
        self.use_places = places
        self.use_abbreviations = abbreviations
        self.use_projects = projects
        self.use_short_names = short_names
        self.place_short_forms = place_short_forms
        self.blocked_short = frozenset(blocked_place_short_forms or ())
        _jieba()  # load the dictionaries now, not on the first document
        self._build()

    # ------------------------------------------------------------------ setup
    def _build(self) -> None:
        places = gz.places()
        self.place_names = places
        self.suffixes = gz.org_suffixes()
        self.suffix_re = re.compile(gz.trie_regex(self.suffixes))
        self.stops = gz.left_stops()
        self.inner_words = gz.name_inner_words()
        # endings that start with a one-character stop word (经开区, 经济技术开发区 start with 经)
        self._stop_led_words = tuple(x for x in gz.org_suffixes() if len(x) >= 3 and self.stops.get(x[0]) == "hard")
        self.name_finals = gz.given_final_chars()
        self.generic = gz.generic_words()
        self.surnames = gz.surnames()
        self.common_surnames = gz.common_surnames()
        self.compound_surnames = gz.compound_surnames()
        titles = gz.person_titles()
        self.titles = titles
        after = [t for t, p in titles.items() if p in ("after", "both")]
        before = [t for t, p in titles.items() if p in ("before", "both")]
        self.title_after_re = re.compile(gz.trie_regex(after))
        self.title_before_re = re.compile(gz.trie_regex(before))
        self.place_abbr = frozenset(gz.place_abbreviations())
        # 内燃所名誉所长白景升, 508所研究员张国瑞: an institute's short name is known by the staff title after it
        self.headed_institute_re = re.compile(
            r"(?:^|(?<=[，,。；;：:、\s（(]))(\d{2,4}所|[\u4e00-\u9fff]{2,5}?所)(?=(?:名誉|常务副|副)?所长|"
            + gz.trie_regex([t for t in after if t != "所长"]) + r"[\u4e00-\u9fff]{2})")
        self.policy_words = tuple(sorted(gz.policy_words(), key=len, reverse=True))
        self.famous = frozenset(gz.read_lines("persons.txt"))

        entries: dict[str, list] = {}

        def add(word, label, canonical=None, kind="name"):
            entries.setdefault(word, []).append((label, canonical or word, kind))

        for name, place in places.items():
            if name == place.full:
                add(name, "Place", name, "place")
            elif place.level in ("province", "city", "country"):
                add(name, "Place", place.full, "place_short")
        for name, cands in ((n, gz.place_candidates(n)) for n in list(places)):
            full = [p for p in cands if p.name == p.full]
            for p in full:
                if p.level == "province":
                    for s in ("省委", "省政府", "省人民政府") if name.endswith("省") else ("委", "政府", "人民政府", "党委"):
                        base = name[:-1] if name.endswith("省") else name
                        add(base + s, "GovernmentBody", base + s, "gov")
                elif p.level in ("city", "county", "district"):
                    base = name
                    for s in ("委", "政府", "人民政府"):
                        if base[-1] in "市县区":
                            add(base + s, "GovernmentBody", base + s, "gov")
        for name, place in places.items():
            if place.level in ("city", "province") and name == place.short and len(name) >= 2:
                suffix = "市" if place.level == "city" and place.full.endswith("市") else None
                if suffix:
                    for s in ("市委", "市政府", "市人民政府"):
                        add(name + s, "GovernmentBody", name + s, "gov")
                if place.level == "province" and place.full.endswith("省"):
                    for s in ("省委", "省政府", "省人民政府"):
                        add(name + s, "GovernmentBody", name + s, "gov")
        for body in gz.gov_bodies():
            add(body, "GovernmentBody", body, "gov")
        for name, full in gz.universities().items():
            add(name, "University", full, "known" if name == full else "known_short")
        for name, (label, full) in gz.institutes().items():
            add(name, label, full, "known" if name == full else "known_short")
        for name, full in gz.companies().items():
            add(name, "Company", full, "known_short")
        for name in self.famous:
            add(name, "Person", name, "person")
        self.lexicon = _Lexicon(entries)
        self.entries = entries
        # anchors: a name that starts with one of these is "anchored" (see _anchored)
        anchor = set(_ANCHOR_WORDS)
        for name, place in places.items():
            anchor.add(name)
        anchor.update(w for w, v in entries.items() if any(k in ("known", "known_short", "gov") for _, _, k in v))
        self.anchor_set = frozenset(anchor)
        self.anchor_max = max(len(a) for a in anchor)
        # government grammar: department stem + organ word, prefix checked separately
        depts = gz.gov_departments()
        organs = ("委员会", "委", "局", "厅", "办公室", "办", "部", "领导小组办公室", "管理局", "总局")
        self.gov_re = re.compile("(?:" + gz.trie_regex(depts) + ")(?:" + gz.trie_regex(organs) + ")")
        self.gov_tail_re = re.compile(r"(?:管委会|管理委员会|人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|政府|党工委|工委)")
        self.quote_plan_re = re.compile(r"[“\"]([^“”\"\n]{1,10})[”\"]([" + _HAN + r"]{0,14}?)(规划|纲要|行动计划)")
        self.policy_re = re.compile(r"《([^《》\n]{2,100})》")
        byline_titles = ("责任编辑|值班编辑|值班总监|值班主任|全媒体记者|采访人员|通讯员|记者|编辑|责编|作者|供稿|撰稿|编审|"
                         "审核|初审|复审|终审|校对|摄影|文/图|图/文|文图")
        self.byline_re = re.compile(r"(?<![\u4e00-\u9fff])(" + byline_titles + r")[ \u3000]*[:：/|丨·]?[ \u3000]*(?=[\u4e00-\u9fff])")
        self.bracket_name_re = re.compile(r"[（(](?:[^()（）\n]{1,20}?[ \u3000])?([\u4e00-\u9fff]{2,4})[)）][ \u3000]*(?=\n|$)")
        self.sub_unit_re = re.compile(r"([\u4e00-\u9fff]{0,10}?)(办公厅|办公室|处|司|中心|科(?=副?科长))")
        self.bracket_tail_re = re.compile(r"\(([\u4e00-\u9fff\d]{1,8})\)")
        self.branch_re = re.compile(r"([" + _HAN + r"]{0,8}?)(" + "|".join(BRANCH_ENDINGS) + ")")
        self.project_re = re.compile(r"项目|工程")
        self.quoted_project_re = re.compile(r"[“\"]([^“”\"\n]{2,20})[”\"]这一[^，。；,;\n]{0,40}?(?:项目|工程)")
        abbr = gz.place_abbreviations()
        self.abbr = abbr
        all_abbr = "".join(sorted(abbr))
        safe_abbr = "".join(sorted(a for a, (_, safe) in abbr.items() if safe))
        self.abbr_re = re.compile(
            r"(?:在|来|赴|留|驻|落户|扎根|回|入|进|到|离)([" + all_abbr + r"])(?=创新|创业|投资|发展|工作|落户|落地|兴业|"
            r"就业|学习|考察|调研|企业|召开|举办|举行|设立|建设|办厂|开展|生活|定居|求学|深造|参观|访问|交流|扎根|安家|置业)")
        self.abbr_safe_re = re.compile(r"([" + safe_abbr + r"])(?=企|商|籍|字号|产品|货)")
        self.group_re = re.compile(r"((?:[" + _HAN + r"]{2,4}[、])+)([" + _HAN + r"]{2,3}?)"
                                   r"(团队|教授|副教授|院士|研究员|博士|课题组|等)")
        # 王清华、古扎丽努尔·阿不力孜、刘明军5人获…: a list counted in people is a list of people
        self.counted_people_re = re.compile(r"((?:[" + _HAN + r"·]{2,12}、)+[" + _HAN + r"·]{2,12}?)等?"
                                            r"[\d一二三四五六七八九十两]+(?:人|位同志|名同志)")
        # …等9户规模以上大数据企业 / 等17家意向投资企业: a count and a few words saying what kind of firm
        self.typed_list_re = re.compile(r"((?:[\u4e00-\u9fffA-Za-z0-9]{2,10}、)+[\u4e00-\u9fffA-Za-z0-9]{2,10})(?:等|在内的)"
                                        r"(?:[\d一二三四五六七八九十两百]+(?:家|个|所|位|户))?(?P<mod>[\u4e00-\u9fff]{0,8}?)"
                                        r"(?P<kind>" + "|".join(_LIST_KINDS) + r")(?!负责人|代表|家|主|人员|员工|高管|职工|董事|的)")
        country = gz.trie_regex([p for p, v in places.items() if v.level == "country"])
        self.company_pair_tail_re = re.compile(r"(?:两|三|几|等)(?:家|个)(?:企业|公司|厂商|巨头)")
        self.company_pair_re = re.compile(
            r"(?:(" + country + r"))?"
            r"([A-Za-z][A-Za-z0-9&\-]{1,15}|[" + _HAN + r"]{2,4}?)"
            r"(?:和|与|、|及)(?:(" + country + r"))?"
            r"([A-Za-z][A-Za-z0-9&\-]{1,15}|[" + _HAN + r"]{2,4}?)$")
        self.industry_words = ("科技", "技术", "新材料", "材料", "药业", "制药", "医药", "生物", "电子", "信息",
                               "智能", "装备", "机械", "电气", "能源", "新能源", "化工", "实业", "控股", "投资",
                               "发展", "贸易", "物流", "农业", "食品", "环保", "软件", "网络", "数据", "光电",
                               "半导体", "汽车", "重工", "精密", "仪器", "设备", "工业", "纺织", "文化", "传媒",
                               "股份", "集团", "(集团)", "实业发展", "科技发展")
        self.industry_set = frozenset(self.industry_words) | {"工程", "建设", "建筑", "投资", "安装", "开发",
                                                              "置业", "房地产", "地产", "咨询", "服务"}
        self._org_endings = tuple(self.suffixes) + ("项目", "工程", 
            "院所", "高校", "学校", "中学", "小学", "医院", "企业", "单位", "机构", "部门")

    # ------------------------------------------------------------------ run
    def __call__(self, doc: Doc) -> Doc:
        text = norm_text(doc)
        cands: list[Cand] = []
        if text.strip():
            codes = _codes(text)
            cands += self._gazetteer(text, codes)
            orgs = self._organisations(text)
            cands += orgs
            cands += self._government(text)
            cands += self._policies(text)
            if self.use_projects:
                cands += self._projects(text)
            if self.use_abbreviations:
                cands += self._abbreviations(text)
            cands += self._company_pairs(text)
            cands += self._typed_lists(text, cands)
            cands += self._national_centres(text)
            cands += self._headed_institutes(text, cands)
            cands += self._extended_names(text, cands)
            if self.use_short_names:
                cands += self._short_names(text, cands)
            if self.use_persons:
                cands += self._persons(text, cands)
        spans = []
        best: dict[tuple, Cand] = {}
        for c in cands:
            key = (c.start, c.end, c.label)
            if c.end <= c.start:
                continue
            old = best.get(key)
            if old is None:
                best[key] = c
            else:
                old.role = old.role or c.role
                old.canonical = old.canonical if old.canonical and old.canonical != text[c.start:c.end] else c.canonical
        for c in sorted(best.values(), key=lambda c: (c.start, -c.end, c.label)):
            span = Span(doc, c.start, c.end, label=c.label)
            span._.source = "rules"
            if c.role:
                span._.role = c.role
            if c.canonical and c.canonical != span.text:
                span._.canonical = c.canonical
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    # ------------------------------------------------------------------ gazetteers
    def _crosses_word(self, text: str, s: int, e: int, right: bool = True) -> bool:
        """True when a dictionary word straddles the edge of text[s:e] (其中|国家, 创新|乡村 for 新乡)."""
        _, freq, tags = _jieba()
        n = len(text)
        for a in range(max(0, s - 3), s):
            for b in range(s + 1, min(e, a + 5) + 1):
                w = text[a:b]
                if freq.get(w, 0) >= 3 and not tags.get(w, "").startswith("ns"):
                    return True
        if not right:
            return False
        for a in range(s + 1, e):
            for b in range(e + 1, min(n, e + 3) + 1):
                w = text[a:b]
                if freq.get(w, 0) >= 3 and not tags.get(w, "").startswith("ns"):
                    return True
        return False

    def _gazetteer(self, text: str, codes: np.ndarray) -> list[Cand]:
        out = []
        for s, e, word in self.lexicon.find(text, codes, overlapping=True):
            if word[0] in _CONJ_CHARS and any(word[:n] in self.place_names for n in (2, 3, 4)) \
                    and self._conjunction_led(text, s):
                continue  # 张大力|和县委常委: 和 joins the person to 县委 (not the county 和县's committee)
            for label, canonical, kind in self.entries[word]:
                if label == "Place":
                    if not self.use_places:
                        continue
                    if kind == "place_short" and (not self.place_short_forms or word in self.blocked_short):
                        continue
                    after_place = kind == "place" and self._place_ending_at(text, s) is not None
                    if not after_place and self._crosses_word(text, s, e, right=kind == "place_short"):
                        continue  # 其中国家级 is not 中国, 创新乡村 is not 新乡 (but 天津市|南开区 is two places)
                    if _ADJECTIVAL.match(text, e) and not text.startswith("式样", e):
                        continue  # 中国式现代化, 中国特色
                elif kind in ("known_short", "person") and self._crosses_word(text, s, e):
                    continue
                # (市委书记王敏: the committee named inside the title is an entity too, GUIDELINES v2)
                out.append(Cand(s, e, label, canonical=canonical, rule="gazetteer:" + kind))
        return out

    # ------------------------------------------------------------------ organisation grammar
    def _window_start(self, text: str, end: int, limit: int) -> int:
        """Leftmost index of the run of name characters ending at `end` (parentheses kept)."""
        i = end
        lo = max(0, end - limit)
        while i > lo:
            ch = text[i - 1]
            if ch in "”\"" and i - 1 > lo:
                j = max(text.rfind("“", max(lo, i - 14), i - 1), text.rfind('"', max(lo, i - 14), i - 1))
                if j < 0 or not _IS_HAN.match(text, j + 1):
                    break
                i = j
                continue
            if ch == ")":
                j = text.rfind("(", max(lo, i - 14), i - 1)
                if j < 0 or not _IS_HAN.match(text, j + 1):
                    break
                i = j
                continue
            if not _NAME_CHAR.match(ch):
                break
            i -= 1
        return i

    def _suffix_cut(self, text: str, ws: int, s: int, e: int, tokens: list[tuple[int, str]]) -> bool:
        """Whether the ending at s is part of an ordinary word: a dictionary word runs across its start
        (扩大|学校, 伟大|学说), or the ending closes a common word that follows a generic word or a
        boundary word (农村|宅基地, 学校和|夜大学)."""
        _, freq, tags = _jieba()
        for k, (off, tok) in enumerate(tokens):
            ts, te = ws + off, ws + off + len(tok)
            if not (ts < s < te):
                continue
            if tags.get(tok, "").startswith(("nt", "ns", "nr", "nz")) or te > e:
                return False
            if te < e:
                return freq.get(tok, 0) >= 100
            # te == e: a compound such as 工业大学, 夜大学, 宅基地
            if freq.get(tok, 0) < 5:
                return False
            prev = tokens[k - 1][1] if k > 0 else ""
            return not prev or self.stops.get(prev) is not None or prev in _CONJ or \
                self.generic.get(prev) == "all"
        return False

    def _anchored(self, text: str, pos: int, end: int) -> bool:
        for n in range(min(self.anchor_max, end - pos), 0, -1):
            if text[pos:pos + n] in self.anchor_set:
                return True
        return False

    def _is_quant(self, tokens: list[tuple[int, str]], k: int) -> bool:
        """tokens[k] is (part of) a quantity: 5家, 两个, 第四批, 一批."""
        tok = tokens[k][1]
        if len(tok) == 1 and tok in _MEASURES | {"批", "级"}:
            return k > 0 and bool(_NUMBER_TOKEN.match(tokens[k - 1][1].lstrip("第")))
        if _NUMBER_TOKEN.match(tok):
            return k + 1 < len(tokens) and tokens[k + 1][1] in _MEASURES | {"批"}
        return bool(_QUANT_TOKEN.match(tok))

    def _left_edge(self, text: str, ws: int, body_end: int, end: int,
                   org_ends: frozenset = frozenset(), tokens=None, company: bool = False,
                   verb_stops: bool = False) -> tuple[int, bool]:
        """Start of the name whose body is text[ws:body_end] (+ ending up to `end`), and whether a
        quantity word (5家, 第四批) stands right before it."""
        if tokens is None:
            tokens = _segment(text[ws:end])
        start = ws
        quant = False
        for k in range(len(tokens) - 1, -1, -1):
            off, tok = tokens[k]
            ts = ws + off
            te = ts + len(tok)
            if te > body_end:
                continue  # token reaches into the ending
            if te in org_ends and te < body_end:
                start = te
                break
            kind = self.stops.get(tok)
            if kind is None and k > 0:
                pair = tokens[k - 1][1] + tok
                if self.stops.get(pair) == "hard":  # 做优, 用好: jieba splits these
                    start = te
                    break
            if kind == "hard" and len(tok) == 1 and any(text.startswith(x, ts) for x in self._stop_led_words):
                kind = None  # 武汉|经|开区: the stop character starts an ending (经开区), no boundary
            if kind == "hard" or tok in "()“”\"":
                if tok in ("(", ")", "“", "”", '"'):
                    continue
                start = te
                break
            if kind is None and self._clause_word(tok, verb_stops and k > 0) and te < body_end:
                start = te  # 推荐|食品学院, 建议|兰州大学药学院: a verb no name is made of
                break
            if self._is_quant(tokens, k):
                start, quant = te, True
                break
            if kind == "soft" or tok in _CONJ:
                prev = tokens[k - 1][1] if k > 0 else ""
                left_is_org = bool(prev) and (prev in _ACTORS or prev.endswith(self._org_endings)) or \
                    self._ends_with_org(text, ts)
                rest = text[te:body_end]
                # …年与X公司, 并与X公司: a conjunction right after a boundary opens the clause, so the
                # name starts after it (文化和科技融合示范基地 keeps its 和: 文化 is no boundary)
                opens = tok in _CONJ and (not prev or self.stops.get(prev) == "hard")
                if self._anchored(text, te, end) or left_is_org or (not rest and tok in _CONJ) or opens:
                    start = te
                    break
                if kind == "soft" and len(rest) >= 2 and not self._industry_only(rest) and \
                        (company or self._opens_clause(tokens, k)):
                    # 建设雄安新区 (verb + name) vs 中国建设银行, XX建设工程有限公司 (name word); after a
                    # content word it is part of the name: 中联重科|建设|机械…实验室 (after a verb it is not:
                    # 获批|建设|粮食储运…中心)
                    start = te
                    break
                if company and tok in _CONJ and len(rest) >= 2 and not self._industry_only(rest):
                    start = te  # 冠城大通与福投公司: a company's name has no 与/和 in it
                    break
        # a name never starts with these
        while start < body_end and text[start] in "·-&)":
            start += 1
        return start, quant

    def _opens_clause(self, tokens: list[tuple[int, str]], k: int) -> bool:
        """tokens[k] follows a boundary: nothing, a stop word (or a pair jieba splits: 获|批), a non-Han token, a
        verb no name contains or a place — so a verb-like word there opens the clause's object (获批|建设|…中心,
        在郑州|建设|…项目)."""
        if k == 0:
            return True
        prev = tokens[k - 1][1]
        pair = tokens[k - 2][1] + prev if k >= 2 else ""
        tag = _jieba()[2].get(prev, "")
        return self.stops.get(prev) is not None or self.stops.get(pair) == "hard" or not _IS_HAN.match(prev) \
            or (tag == "v" and prev not in self.inner_words) or prev in self.place_names \
            or tag in ("m", "q") or _QUANT_TOKEN.match(prev) is not None or prev.endswith(("元", "亿", "万"))

    def _ends_with_org(self, text: str, end: int) -> bool:
        """text[:end] ends with an organisation ending (a bracketed place after it allowed): the word
        before 与/和 closes a name of its own (香港中文大学(深圳)和…, …农产品加工所与…)."""
        if text[end - 1:end] == ")":
            k = text.rfind("(", max(0, end - 10), end)
            end = k if k > 0 else end
        return any(text.endswith(x, 0, end) for x in self.suffixes) or \
            text.endswith(("所", "院", "局", "厅", "委", "办", "处", "中心"), 0, end)

    def _verb_stop(self, tok: str) -> bool:
        """A common verb no organisation name is seen to contain (率领, 询问, 提供)."""
        _, freq, tags = _jieba()
        return tags.get(tok, "") == "v" and freq.get(tok, 0) >= VERB_STOP_FREQ and tok not in self.inner_words

    def _clause_word(self, tok: str, verbs: bool = False) -> bool:
        """A verb, adverb, pronoun, preposition or conjunction of two or more characters that no
        organisation name is seen to contain (name_inner_words.tsv, learned from name lists): it belongs
        to the clause before the name."""
        if len(tok) < 2 or tok in self.inner_words or tok in self.place_names:
            return False
        _, freq, tags = _jieba()
        tag = tags.get(tok, "")
        # a common verb no name is seen to contain (率领, 询问, 提供): the clause's, not the name's
        return tag in ("d", "r", "p", "c") or (verbs and self._verb_stop(tok))

    def _industry_only(self, rest: str) -> bool:
        toks = [t for _, t in _segment(rest)]
        return all(t in self.industry_set for t in toks)

    def _generic(self, text: str, start: int, body_end: int, label: str) -> bool:
        """Whether text[start:body_end] (the part before the ending) only describes a category:
        all its words are descriptive (generic_words.txt, numbers, 省/市 markers) once leading verbs,
        adverbs and prepositions are set aside (做优特色产业园区, 培育建设中试基地); a level word
        (省级, 国家级) anywhere means a category too (晋位省级高新区)."""
        body = text[start:body_end]
        if not body:
            return True
        _, _, tags = _jieba()
        tokens = [(o, t) for o, t in _segment(body) if t not in "()“”\""]
        if any(t in _LEVEL_WORDS for _, t in tokens):
            return True
        k = 0
        while k < len(tokens):
            tok = tokens[k][1]
            if tok in self.place_names or tok in self.anchor_set:
                break
            tag = tags.get(tok)
            if tag is None and len(tok) == 1:
                tag = "x"
            if tag and tag.startswith(_LEAD_TAGS) and self.generic.get(tok) is None:
                k += 1
                continue
            break
        rest = tokens[k:]
        content = [t for _, t in rest if t not in _MARKERS and not tags.get(t, "").startswith(("c", "u", "p"))]
        if len(content) >= 3 and sum(map(len, content)) >= 5 and label != "Company":
            return False  # 国家文化和科技融合示范基地: specific enough to be a name
        if label == "Company" and any(t in _CLIQUE for t in content):
            return True  # 反党集团, 侵略集团 are not companies
        for j, (_, tok) in enumerate(rest):
            if label == "Lab" and j == 0 and tok in self.place_names:
                continue  # 山西省企业国家重点实验室, 郑州市重点实验室: a province's or city's labs, no one lab
            scope = self._generic_scope(tok)
            if scope == "all" or (scope == "noncompany" and label != "Company"):
                continue
            if tok in _MARKERS or self._is_quant(rest, j):
                continue
            if len(tok) >= 3 and tok[-1] in "型式性":
                continue  # 研究型, 创新型, 开放式, 政策性
            if tags.get(tok, "").startswith(("c", "u", "p")):
                continue  # 国有及国有控股
            if len(tok) >= 3 and tok[-1] in "型式性化" and tags.get(tok) is None:
                continue
            return False
        return True

    def _generic_scope(self, tok: str) -> str | None:
        """generic_words.txt scope of a word, or of a compound of two such words (保险|行业, one jieba
        word): "noncompany" if either part is only descriptive for non-company names."""
        scope = self.generic.get(tok)
        if scope is not None or len(tok) < 4:
            return scope
        for i in range(2, len(tok) - 1):
            a, b = self.generic.get(tok[:i]), self.generic.get(tok[i:])
            if a and b:
                return "all" if a == b == "all" else "noncompany"
        return None

    def _anchor_shift(self, text: str, start: int, body_end: int) -> int:
        """A name that does not start with a place/known organisation but has a province/city/
        country inside (not in brackets) starts there: 这一消息令河南中镜科仪… → 河南中镜科仪…."""
        if self._anchored(text, start, body_end):
            return start
        depth = 0
        for off, tok in _segment(text[start:body_end]):
            if tok in ("(", "“"):
                depth += 1
            elif tok in (")", "”"):
                depth = max(0, depth - 1)
            elif depth == 0 and off > 0:
                place = self.place_names.get(tok)
                if place and place.level in ("province", "city", "country") and len(tok) >= 2:
                    prefix = text[start:start + off]
                    if self.suffix_re.search(prefix):
                        continue
                    if self._topic_before_category(prefix, text[start + off + len(tok):body_end]):
                        return start  # 先进炭基电极材料|山西省|重点实验室: a topic named before the place
                    return start + off
        return start

    def _topic_before_category(self, prefix: str, after_place: str) -> bool:
        """A provincial lab or centre is named topic + place + category (铜基新材料山西省重点实验室,
        智慧海洋牧场装备技术浙江省工程研究中心): nothing but descriptive words between the place and the
        ending, and a topic of content words before the place."""
        if any(not self.generic.get(t) for _, t in _segment(after_place)):
            return False
        tags = _jieba()[2]
        words = [t for _, t in _segment(prefix)]
        return len(prefix) >= 2 and all(_IS_HAN.match(t) and t not in self.stops and
                                        not tags.get(t, "").startswith(("v", "p", "c", "r", "d", "u")) or
                                        t in self.inner_words for t in words)

    def _organisations(self, text: str) -> list[Cand]:
        out = []
        limit = self.max_name_chars
        for m in self.suffix_re.finditer(text):
            suffix = m.group()
            info = self.suffixes[suffix]
            s, e = m.start(), m.end()
            block = _RIGHT_BLOCK.get(suffix)
            if block and e < len(text) and text[e] in block:
                continue
            ws = self._window_start(text, s, limit)
            if s - ws < 1:
                continue
            tokens = _segment(text[ws:e])
            if self._suffix_cut(text, ws, s, e, tokens):
                continue  # 扩大学校, 伟大学说, 农村宅基地
            # a common verb after another word ends the clause before an institution's name (率领|学校技术转移中心);
            # firms' brand words and schools' subjects may be verbs (发光材料有限公司, 智能建造与土木工程学院)
            start, quant = self._left_edge(text, ws, s, e, tokens=tokens, company=info.type == "Company",
                                           verb_stops=info.type not in ("Company", "University"))
            start = self._anchor_shift(text, start, s)
            body = text[start:s]
            n_body = len(body.replace("(", "").replace(")", ""))
            if n_body < info.min_body:
                continue
            if info.bare and body in _MARKERS:
                pass
            elif info.type == "Organization" and body.startswith(("中国", "全国", "中华")) and len(body) > 2:
                pass  # 中国保险行业协会, 全国工商联房地产商会: national associations are named by their trade
            elif self._generic(text, start, s, info.type):
                continue
            elif quant and info.type != "Company":
                continue
            if info.anchor and not self._anchored(text, start, e):
                continue
            name = text[start:e]
            if name in self.place_names or (self._place_ending_at(text, e) or e) <= start:
                continue  # 浦东新区, 上海浦东新区 are places
            out.append(Cand(start, self._bracket_tail(text, e), info.type, rule="org:" + suffix))
        return out

    def _sub_unit_end(self, text: str, end: int, parent: str = "GovernmentBody") -> int | None:
        """End of a department named right after its government body (…厅|人才科普处, …部|火炬中心,
        …局|科技司, 省政府|办公厅, …局|外专科 before 科长) or its university or institute (浙江农林大学|社会合作处),
        or None: a name of content words (no verb, stop word or title; 与/和 between two) before a unit ending."""
        m = self.sub_unit_re.match(text, end)
        if not m:
            return None
        body, unit = m.group(1), m.group(2)
        if parent != "GovernmentBody" and unit != "处":
            return None  # a university's centre is a platform of its own (the organisation rules type it)
        if unit in ("处", "司", "中心") and len(body) < 2 or unit in ("处", "司") and text.startswith("长", m.end()):
            return None  # 科技厅处长 is a title
        tags = _jieba()[2]
        tokens = [tok for _, tok in _segment(body)]
        for k, tok in enumerate(tokens):
            if tok in ("与", "和", "及") and 0 < k < len(tokens) - 1:
                continue  # 战略规划与政策法规处, 科学研究与技术处
            if tok in self.stops or tok in self.titles or tags.get(tok, "") in ("p", "u", "m") or \
                    self._clause_word(tok) or (len(tok) >= 2 and tags.get(tok) == "v" and tok not in self.inner_words
                                               and tok not in _UNIT_VERBS):
                return None
        return m.end()

    def _bracket_tail(self, text: str, end: int) -> int:
        """The end of a name, with a bracketed place or phase right after it that belongs to the name
        (香港中文大学(深圳), 农药国家工程研究中心(天津), 华中科技大学…园区(军山校区), …产业园(二期))."""
        m = self.bracket_tail_re.match(text, end)
        if not m:
            return end
        inner = m.group(1)
        if inner in self.place_names or self._place_ending_at(inner, len(inner)) == 0 or \
                re.fullmatch(r"[一二三四五六七八九十\d]+期|[\u4e00-\u9fff]{1,4}校区|[\u4e00-\u9fff]{2,6}[区园]", inner):
            return m.end()
        return end

    def _extended_names(self, text: str, cands: list[Cand]) -> list[Cand]:
        """Names that run on past a name found alone: a place before a listed organ (美国国防部, 武汉市政协:
        a foreign ministry is not the Chinese one the gazetteer names), and a branch after a bank or
        company (星展银行香港分行, 平安银行信用卡中心, 中国人民银行郑州中心支行)."""
        out = []
        for c in cands:
            if c.rule == "gazetteer:gov":
                start = self._place_ending_at(text, c.start)
                if start is not None:
                    out.append(Cand(start, c.end, "GovernmentBody", rule="gov:place+organ"))
            if c.label in ("GovernmentBody", "University", "ResearchInstitute"):
                end = self._sub_unit_end(text, c.end, c.label)
                if end:  # 河南省科技厅人才科普处, 科技部火炬中心, 省政府办公厅: a unit written after its parent
                    out.append(Cand(c.start, end, c.label, rule="gov:sub-unit"))
            if c.rule == "gazetteer:known_short" and c.label in ORG_TYPES and \
                    (c.canonical or "").startswith(("中国", "国家", "全国")):
                start = self._place_ending_at(text, c.start)
                if start is None and c.start > 0 and text[c.start - 1] in "省市":
                    start = c.start - 1
                if start is not None:  # 广西农科院, 省农科院: a provincial academy, not the national one
                    out.append(Cand(start, c.end, c.label, rule="org:place+short"))
            if c.label == "Company" or (c.label == "GovernmentBody" and text.endswith("银行", c.start, c.end)):
                m = self.branch_re.match(text, c.end)
                if m and (not m.group(1) or self._place_ending_at(text, c.end + len(m.group(1))) == c.end):
                    out.append(Cand(c.start, m.end(), c.label, rule="org:branch"))
        return out

    # ------------------------------------------------------------------ government grammar
    def _national_centres(self, text: str) -> list[Cand]:
        """国家 + kind + city + 中心/基地/实验室, a national platform named after its seat (国家超算郑州中心,
        国家技术转移郑州中心): a name whose ending (超算中心, 技术转移中心) is split by the place."""
        out = []
        for m in re.finditer(r"国家([\u4e00-\u9fff]{2,10}?)(中心|基地|实验室)", text):
            stem, ending = m.group(1), m.group(2)
            for n in (4, 3, 2):
                place, kind = stem[-n:], stem[:-n]
                if len(kind) < 2 or place not in self.place_names:
                    continue
                suffix = next((x for x in self.suffixes if (kind + ending).endswith(x) and len(x) > len(ending)), None)
                if suffix is not None:
                    out.append(Cand(m.start(), m.end(), self.suffixes[suffix].type, rule="national_centre"))
                    break
        return out

    def _committee_named_by_place(self, text: str, organ_start: int, end: int,
                                  posts: tuple[str, ...] = ("书记", "副书记")) -> bool:
        """text[organ_start:end] is a committee (…委) between a place name and one of its posts
        (开封市委书记): the committee is named there, and the post is the person's role."""
        return text[end - 1] == "委" and text.startswith(posts, end) \
            and self._place_ending_at(text, organ_start) is not None

    def _place_ending_at(self, text: str, end: int) -> int | None:
        """Start of the place name(s) ending at `end` (鹤壁市淇滨区 → start of 鹤壁市), or None."""
        found = None
        while True:
            for n in range(min(10, end), 1, -1):
                if text[end - n:end] in self.place_names and not (found is None and self._conjunction_led(text, end - n)):
                    found = end = end - n
                    break
            else:
                return found

    def _conjunction_led(self, text: str, start: int) -> bool:
        """The place at `start` begins with a conjunction that joins it to the word before (张大力|和县委常委:
        和 + 县委, not the county 和县); after a place (马鞍山市和县) or a boundary it is the place."""
        if text[start:start + 1] not in _CONJ_CHARS or start == 0 or not _IS_HAN.match(text, start - 1):
            return False
        return self._place_ending_at(text, start) is None

    def _government(self, text: str) -> list[Cand]:
        out = []
        for m in self.gov_re.finditer(text):
            s, e = m.start(), m.end()
            if e < len(text) and text[e] in "长员主书记" and not text.startswith("委员会", e - 1):
                # 局长, 委员, 部长 …: the organ word belongs to a title (市委书记 is handled as a role),
                # but a named place's party committee is named before its secretary (开封市委书记)
                if text[e - 1] != "会" and not self._committee_named_by_place(text, s, e):
                    continue
            start = self._place_ending_at(text, s)
            if start is None:
                if s > 0 and text[s - 1] in "省市县区州":
                    start = s - 1
                    p = self._place_ending_at(text, start)
                    if p is not None:
                        start = p
                    elif start > 0 and _IS_HAN.match(text, start - 1) and text[start - 1] not in "、和与及在由向对从经据是为的":
                        # 城市管理局 ← '城' + 市: only a bare 市 after a non-word char counts
                        _, freq, _ = _jieba()
                        if freq.get(text[start - 1:start + 1], 0) > 0:
                            continue
                else:
                    continue
            if start >= 2 and text[start - 2:start] == "中共":
                start -= 2
            out.append(Cand(start, e, "GovernmentBody", rule="gov:dept"))
        for m in self.gov_tail_re.finditer(text):
            s, e = m.start(), m.end()
            # 开封市人民政府, 汴东开发区管委会, 郑东新区党工委
            ws = self._window_start(text, s, 20)
            if s - ws < 2:
                continue
            start, _ = self._left_edge(text, ws, s, e)
            body = text[start:s]
            if len(body) < 2:
                continue
            place = self._place_ending_at(text, s)
            if "政府" in m.group():
                if place is None or place < start:
                    continue
                start = place if place >= start else start
            elif not (body[-1] in "区县市镇乡园城" or body.endswith(("开发区", "新区", "高新区", "园区"))):
                continue
            out.append(Cand(start, e, "GovernmentBody", rule="gov:tail"))
        return out

    # ------------------------------------------------------------------ policies
    def _policy_like(self, title: str) -> bool:
        return policy_like(title)

    def _policies(self, text: str) -> list[Cand]:
        out = []
        for m in self.policy_re.finditer(text):
            if self._policy_like(m.group(1)):
                s, e = m.start(1), m.end(1)
                while s < e and text[s] == " ":
                    s += 1
                while e > s and text[e - 1] == " ":
                    e -= 1
                out.append(Cand(s, e, "Policy", rule="policy:title"))
        for m in self.quote_plan_re.finditer(text):
            inner, mid = m.group(1), m.group(2)
            if not (re.search(r"\d|十[一二三四五六七八九]五|十[一二三四五]", inner) or len(inner) <= 6):
                continue
            if any(tok in self.stops and self.stops[tok] == "hard" for _, tok in _segment(mid)):
                continue
            start = m.start()
            p = self._place_ending_at(text, start)
            if p is not None:
                start = p
            elif text[max(0, start - 2):start] == "国家":
                start -= 2
            out.append(Cand(start, m.end(), "Policy", rule="policy:quoted"))
        return out

    # ------------------------------------------------------------------ projects
    def _projects(self, text: str) -> list[Cand]:
        out = []
        org_end_re = self.suffix_re
        for m in self.project_re.finditer(text):
            s, e = m.start(), m.end()
            if m.group() == "工程" and e < len(text) and text[e] in _PROJECT_RIGHT_BLOCK:
                continue
            if e < len(text) and text[e] in "部组库制化": # 项目部, 项目组, 项目库, 项目制, 工程化
                continue
            ws = self._window_start(text, s, self.max_name_chars + 6)
            if s - ws < 4:
                continue
            # an organisation name inside the window ends the project's left side
            org_ends = frozenset(mm.end() + ws for mm in org_end_re.finditer(text[ws:s])
                                 if self.suffixes[mm.group()].type in ("Company", "University", "ResearchInstitute"))
            start, quant = self._left_edge(text, ws, s, e, org_ends)
            if org_ends:
                start = max(start, max(x for x in org_ends if x <= s))
            # leading verbs, adverbs and prepositions are never part of a project name
            _, _, tags = _jieba()
            for off, tok in _segment(text[start:s]):
                tag = tags.get(tok, "")
                if tok in self.place_names or not (tag in ("v", "d", "p", "c", "r", "u", "ad", "vd") or
                                                   tok in self.stops):
                    start += off
                    break
            else:
                continue
            body = text[start:s]
            if len(body) < 5 or quant:
                continue
            toks = [t for _, t in _segment(body)]
            if all(t in _PROJECT_GENERIC or t in self.generic or _NUMBER_TOKEN.match(t) for t in toks):
                continue
            if toks and toks[0] in ("重大", "重点", "一批", "各类", "相关", "该", "这个", "多个"):
                continue
            out.append(Cand(start, e, "Project", rule="project"))
        for m in self.quoted_project_re.finditer(text):
            inner = m.group(1)
            if len(inner) >= 4 and _IS_HAN.match(inner):
                out.append(Cand(m.start(1), m.end(1), "Project", rule="project:quoted"))
        return out

    # ------------------------------------------------------------------ abbreviations, pairs
    def _abbreviations(self, text: str) -> list[Cand]:
        out = []
        for rx in (self.abbr_re, self.abbr_safe_re):
            for m in rx.finditer(text):
                a = m.group(1)
                if rx is self.abbr_safe_re and self._crosses_word(text, m.start(1), m.end(1)):
                    continue
                out.append(Cand(m.start(1), m.end(1), "Place", canonical=self.abbr[a][0], rule="place:abbr"))
        return out

    def _typed_lists(self, text: str, cands: list[Cand]) -> list[Cand]:
        """光华制造、金张科技、集友股份等4家企业: a list closed by a kind of organisation names organisations of
        that kind — each member that reads as a name (not a place, a common word or a phrase) and that no
        other name covers."""
        out = []
        covered = [(c.start, c.end) for c in cands]
        _, freq, tags = _jieba()
        for m in self.typed_list_re.finditer(text):
            kind = _LIST_KINDS[m.group("kind")]
            if m.group("mod") and not self._kind_modifier(m.group("mod")):
                continue
            pos = m.start(1)
            members = m.group(1).split("、")
            found, words = [], 0
            for k, member in enumerate(members):
                a, b = pos, pos + len(member)
                pos = b + 1
                if k == 0:  # the first member starts after the clause's last word (其中|光华制造, 基金投向|蓝澳生物)
                    start = 0
                    for off, tok in _segment(member):
                        tag = tags.get(tok, "")
                        if off + len(tok) <= len(member) - 2 and (tok in self.stops or tok in _cue_words() or
                                                                  tag.startswith(("d", "p", "c", "r", "m")) or
                                                                  len(tok) >= 2 and tag == "v"):  # 新增|乐诚技术
                            start = off + len(tok)
                    a += start
                name = text[a:b]
                if not 2 <= len(name) <= 10 or any(x < b and a < y for x, y in covered):
                    continue
                abbreviation = tags.get(name) == "j"  # jieba's tag of short forms (武大, 北大): a name, not a word
                if name in self.place_names or self.generic.get(name) or freq.get(name, 0) > 50 and not abbreviation:
                    words += 1
                    continue
                if not self._implausible_company(name):
                    found.append(Cand(a, b, kind, rule="org:typed-list"))
                toks = [t for _, t in _segment(name)]
                if len(toks) == 1 and freq.get(name, 0) > 0 and not abbreviation or \
                        len(toks) == 2 and all(len(t) >= 2 and freq.get(t, 0) >= 1000 for t in toks):
                    words += 1  # 生物医药, 检验|检测: an industry's name
            # 电子信息、生物医药、能源环保等高新技术企业: when half the members are words, the list names
            # industries and its other members are no firms either
            if words * 2 < len(members):
                out += found
        return out

    def _kind_modifier(self, mod: str) -> bool:
        """Words that only qualify a kind of organisation (规模以上大数据, 意向投资, 高新区): no verb, preposition,
        conjunction or pronoun, no cue word, no second kind (项目落户|企业 says something else)."""
        _, _, tags = _jieba()
        if any(k in mod for k in (*_LIST_KINDS, "项目", "单位", "机构")):
            return False
        for _, tok in _segment(mod):
            tag = tags.get(tok, "")  # a soft stop (投资, 合作) may qualify a kind: 意向投资企业
            if self.stops.get(tok) == "hard" or tag.startswith(("p", "c", "r", "u")) or tag == "v":
                return False
        return True

    def _implausible_company(self, name: str) -> bool:
        """A verb phrase or a common word's compound, not a name (加强合作, 科技创新)."""
        _, freq, tags = _jieba()
        words = [t for _, t in _segment(name)]
        return tags.get(words[0], "").startswith(("v", "d", "p")) and len(words[0]) >= 2 or \
            len(words) == 1 and freq.get(name, 0) > 0 and tags.get(name) != "j" or \
            all(self.generic.get(w) for w in words)

    def _company_pairs(self, text: str) -> list[Cand]:
        """德国徕卡和美国RMC两家企业 → two companies (and their countries come from the gazetteer)."""
        out = []
        for tail in self.company_pair_tail_re.finditer(text):
            lo = max(0, tail.start() - 45)
            head = text[lo:tail.start()]
            for k in range(len(head) - 5, -1, -1):
                m = self.company_pair_re.match(head, k)
                if not m:
                    continue
                if k > 0 and _NAME_CHAR.match(head[k - 1]) and not m.group(1):
                    continue
                for g in (2, 4):
                    name = m.group(g)
                    if name and name not in self.place_names and name not in self.stops \
                            and not self.generic.get(name):
                        out.append(Cand(lo + m.start(g), lo + m.end(g), "Company", rule="company:pair"))
                break
        return out

    # ------------------------------------------------------------------ short names
    def _core_names(self, full: str) -> list[str]:
        core = full
        for suf in ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "股份公司", "公司"):
            if core.endswith(suf):
                core = core[:-len(suf)]
                break
        else:
            return []
        core = re.sub(r"\([^()]*\)$", "", core)
        changed = True
        while changed:
            changed = False
            for n in range(min(8, len(core) - 2), 1, -1):
                if core[:n] in self.place_names:
                    core = core[n:]
                    changed = True
                    break
            if core[:1] in "省市县区" and len(core) > 3:
                core, changed = core[1:], True
        core = re.sub(r"\([^()]*\)", "", core)
        out = []
        if len(core) >= 4:
            out.append(core)
        for w in sorted(self.industry_words, key=len, reverse=True):
            if core.endswith(w) and len(core) - len(w) >= 3:
                out.append(core[:-len(w)])
                break
        return out

    def _short_names(self, text: str, cands: list[Cand]) -> list[Cand]:
        out = []
        shorts: dict[str, tuple[str, str]] = {}
        for c in cands:
            if c.label not in ORG_TYPES:
                continue
            m = _JIANCHENG.match(text, c.end)
            if m:
                short = m.group(1).strip()
                if 2 <= len(short) <= 12:
                    shorts[short] = (c.label, text[c.start:c.end])
            if c.label == "Company" and c.rule.startswith("org:"):
                for core in self._core_names(text[c.start:c.end]):
                    if _jieba()[1].get(core, 0) == 0 and \
                            not all(self.generic.get(t) or t in _MARKERS for _, t in _segment(core)):
                        shorts.setdefault(core, (c.label, text[c.start:c.end]))
        for short, (label, full) in shorts.items():
            i = text.find(short)
            while i >= 0:
                j = i + len(short)
                inside = any(c.start <= i and j <= c.end and c.end - c.start > len(short) for c in cands
                             if c.label in ORG_TYPES)
                if not inside:
                    out.append(Cand(i, j, label, canonical=full, rule="short"))
                i = text.find(short, j)
        return out

    # ------------------------------------------------------------------ persons
    def _surname_len(self, text: str, p: int) -> int:
        if text[p:p + 2] in self.compound_surnames:
            return 2
        if text[p:p + 1] in self.surnames:
            return 1
        return 0

    def _valid_given(self, given: str, final_free: bool = False) -> bool:
        """Given-name characters; with `final_free` the last one may be a character that is a function word
        on its own (信和, 延和): the caller has ruled out that reading from what follows. A name never ends in
        an organ's character (经信|委副主任: 委 closes 经信委)."""
        if not given or not all(_IS_HAN.match(ch) for ch in given) or given[-1] in _ORGAN_FINALS:
            return False
        body = given[:-1] if final_free and len(given) == 2 else given
        return all(ch not in _BAD_GIVEN for ch in body) and (given[-1] in _FREE_FINAL if final_free and
                                                              len(given) == 2 and given[-1] in _BAD_GIVEN else True)

    def _right_ok(self, text: str, q: int) -> bool:
        if q >= len(text) or not _IS_HAN.match(text, q):
            return True
        return text.startswith(_PERSON_RIGHT, q)

    def _word_runs_over(self, text: str, q: int) -> bool:
        """A dictionary word of two or more characters runs across position q (颜虹共|同为: 共同): a name
        cannot end there."""
        left = max(0, q - 3)
        pos = left
        for tok in _segment(text[left:q + 4]):
            start, end = pos, pos + len(tok[1])
            pos = end
            if start < q < end:
                return len(tok[1]) >= 2 and not _jieba()[2].get(tok[1], "").startswith("nr")
        return False

    def _clear_end(self, text: str, q: int) -> bool:
        """What follows position q cannot continue a name: punctuation, a list separator, the end, or a
        function word, verb or title as jieba reads the text there (所长马延和|与, 院长王小刚|关于)."""
        if q >= len(text) or not _IS_HAN.match(text, q):
            return True
        if text.startswith(_PERSON_RIGHT, q):
            return True
        following = _segment(text[q:q + 6])[0][1]
        tag = _jieba()[2].get(following, "")
        return len(following) >= 2 and (tag.startswith(("p", "c", "d", "v", "u")) or following in self.titles) \
            or following in ("与", "和", "及", "等", "在", "向", "对", "为", "将", "是", "称", "说", "致")

    def _common_word(self, name: str) -> bool:
        _, freq, tags = _jieba()
        tag = tags.get(name)
        return tag is not None and not tag.startswith("nr") and freq.get(name, 0) > 0

    def _frequent_word(self, name: str) -> bool:
        """A word too frequent to be read as a name even where punctuation closes it: a verb (来访, 出席) or
        any common word but a name's or place's (单位, 方向)."""
        _, freq, tags = _jieba()
        tag, f = tags.get(name) or "", freq.get(name, 0)
        if not tag or tag.startswith(("nr", "ns")):
            return False
        return f >= (300 if tag.startswith("v") else 2000)

    def _implausible_name(self, name: str, title: str | None = None) -> bool:
        """Names made of common words: 和群众, 向全党, 高举毛(主席), 许多老(同志), 应支持."""
        _, freq, tags = _jieba()

        def common(w, floor=500):
            tag = tags.get(w)
            return tag is not None and not tag.startswith(("nr", "ns", "nz")) and freq.get(w, 0) >= floor

        sl = 2 if name[:2] in self.compound_surnames else 1
        given = name[sl:]
        if len(given) == 2 and common(given):
            return True
        if len(name) == 3 and common(name[:2], 100):
            return True
        if len(name) == 2 and title in _SURNAME_TITLES and name[1] in self.common_surnames:
            return True  # 和毛主席, 向王教授: the title follows a bare surname
        if name[0] in _FUNCTION_CHARS and len(name) == 2:
            return True
        return False

    def _name_after(self, text: str, p: int, strong: bool) -> tuple[int, int] | None:
        """A name starting at p (after a title): (start, end) or None."""
        n = len(text)
        if p >= n:
            return None
        if text[p] == " ":  # byline: 全媒体记者 石斐 摄
            q = p
            while q < n and text[q] == " ":
                q += 1
            r = q
            while r < n and _IS_HAN.match(text, r):
                r += 1
            if 2 <= r - q <= 4 and self._surname_len(text, q) and (r - q <= 3 or self._surname_len(text, q) == 2):
                if self._valid_given(text[q + self._surname_len(text, q):r]):
                    return q, r
            return None
        sl = self._surname_len(text, p)
        if not sl:
            return None
        for glen in (2, 1):
            q = p + sl + glen
            if q > n:
                continue
            given = text[p + sl:q]
            if self._word_runs_over(text, q) and not (glen == 2 and self._ends_names(text[q - 1])):
                continue  # 颜虹共|同: the name ends before the word (but 孙德明|说: 明 ends names)
            clear = self._clear_end(text, q)
            if not self._valid_given(given, final_free=clear and not self._name_follows(text, q)):
                continue
            if self._right_ok(text, q) or clear:
                name = text[p:q]
                # a name cut off by punctuation is a name even when its parts are words (孔先锋,), unless it
                # starts with a function character (和群众, 向全党)
                separated = (q >= n or text[q] in "、，,。；;）)：:\n ") and text[p] not in _FUNCTION_CHARS
                if not (strong or separated) and (self._common_word(name) or self._implausible_name(name)):
                    return None
                if len(name) == 2 and name[0] in "来到回返赴" and name[1] in self.place_abbr:
                    return None  # 参事来沪调研: a verb of motion and a place's one-character name
                if name[0] in "和与及同" and self.title_before_re.match(text, q):
                    return None  # 万钢部长|和马飚主席: a conjunction, then a name with a title of its own
                if not strong and len(name) == 2 and self._frequent_word(name):
                    return None  # 理事长单位、 / 书记来访。: a frequent word, not a surname and a given name
                return p, q
        return None

    def _bylines(self, text: str, inside_other) -> list[Cand]:
        """Reporters, editors and authors: 作者:席建军, 编辑/祝和平, 记者/覃海明 通讯员/黄以轮, 责任编辑: 陈可轩,
        (通讯员 尔实), and a bracketed name closing a paragraph: (殷醒欧), (化材学院 武新星)."""
        out = []
        for m in self.byline_re.finditer(text):
            pos, role = m.end(), m.group(1)
            while True:
                got = self._byline_name(text, pos, titled=True)
                if not got or inside_other(*got):
                    break
                out.append(Cand(got[0], got[1], "Person", role=role, rule="person:byline"))
                pos = got[1]
                while pos < len(text) and text[pos] in " \u3000、":
                    pos += 1
        for m in self.bracket_name_re.finditer(text):
            got = self._byline_name(text, m.start(1))
            if got and got[1] == m.end(1) and not inside_other(*got):
                out.append(Cand(got[0], got[1], "Person", rule="person:byline"))
        return out

    def _byline_name(self, text: str, p: int, titled: bool = False) -> tuple[int, int] | None:
        """A 2–4 character name at p standing alone (white space, punctuation, a bracket or a line end after
        it), led by a surname, not a word or a place (nor, without a byline title before it, made of words)."""
        q = p
        while q < len(text) and _IS_HAN.match(text, q) and q - p < 5:
            q += 1
        if not 2 <= q - p <= 4 or (q < len(text) and _IS_HAN.match(text, q)):
            return None
        sl = self._surname_len(text, p)
        name = text[p:q]
        given_ok = all(ch not in "的了是在说" for ch in name[sl:]) if titled else self._valid_given(name[sl:])
        if not sl or (q - p == 4 and sl != 2) or not given_ok or name in self.place_names \
                or self._common_word(name) or (not titled and self._implausible_name(name)):
            return None
        return p, q

    def _ends_names(self, ch: str) -> bool:
        """`ch` ends person names more often than it follows them (明, 刚, 涛; not 共, 同, 说)."""
        final, after = self.name_finals.get(ch, (0, 0))
        return final >= 3 and final > after

    def _name_follows(self, text: str, q: int) -> bool:
        """After a conjunction character at q-1 comes another name (王芳和|李明): that character is the
        conjunction, not the end of a given name."""
        return self._surname_len(text, q) > 0 and not text.startswith(_PERSON_RIGHT, q)

    def _name_before(self, text: str, s: int, org_ends=frozenset(), title: str | None = None
                     ) -> tuple[int, int] | None:
        """A name ending at s (before a title such as 总书记, 教授, 团队)."""
        for length in (3, 2):
            p = s - length
            if p < 0:
                continue
            sl = self._surname_len(text, p)
            if not sl or not self._valid_given(text[p + sl:s]):
                continue
            left = text[p - 1] if p > 0 else " "
            if p in org_ends or text.endswith(_ORG_TAILS, 0, p):
                left = " "  # 地理资源所|葛全胜所长: the name follows an organisation's name
            name = text[p:s]
            if self._implausible_name(name, title):
                continue
            if length == 3:
                if left in _LEFT_PERSON or not _IS_HAN.match(left):
                    return p, s
                continue
            if self._common_word(name):
                return None
            if left in _LEFT_PERSON or not _IS_HAN.match(left):
                return p, s
        return None

    def _headed_institutes(self, text: str, cands: list[Cand]) -> list[Cand]:
        """Short institute names no full form introduces (内燃所, 508所), known by a staff title right after them.
        A word of the dictionary that ends in 所 (派出所, 事务所, 场所) is no institute's short name."""
        taken = [(c.start, c.end) for c in cands]
        out = []
        for m in self.headed_institute_re.finditer(text):
            a, b = m.span(1)
            name = m.group(1)
            if any(s <= a and b <= e for s, e in taken) or name in self.generic:
                continue
            freq = _jieba()[1]
            if not name[0].isdigit() and (any(freq.get(name[-k:], 0) > 0 for k in range(2, len(name) + 1))
                                          or len(name) == 3 and freq.get(name[:-1], 0) == 0):
                continue  # 城关派出所, 会计师事务所, 场所: a word ending in 所
            out.append(Cand(a, b, "ResearchInstitute", rule="institute:headed"))
        return out

    def _counted_people(self, text: str) -> list[Cand]:
        """Each member of a list that ends in its head count of people (A、B、C3人): a Han name of two or three
        characters with a surname, or a transcribed name joined by · (古扎丽努尔·阿不力孜). The members the
        count covers all have to read as names, so a list of places or units counted in people is left alone."""
        out = []
        for m in self.counted_people_re.finditer(text):
            items, pos, ok = m.group(1).split("、"), m.start(1), []
            for item in items:
                transcribed = re.fullmatch(r"[\u4e00-\u9fff]{2,6}(?:·[\u4e00-\u9fff]{2,6})+", item)
                han = 2 <= len(item) <= 3 and self._surname_len(item, 0) \
                    and self._valid_given(item[self._surname_len(item, 0):])
                if transcribed or han:
                    ok.append((pos, pos + len(item)))
                pos += len(item) + 1
            if len(ok) == len(items):
                out += [Cand(a, b, "Person", rule="person:counted-list") for a, b in ok]
        return out

    def _persons(self, text: str, cands: list[Cand]) -> list[Cand]:
        out: list[Cand] = []
        covered = [(c.start, c.end) for c in cands if c.label in ORG_TYPES or c.label in ("Place", "Policy")]

        def inside_other(a, b):
            return any(s <= a and b <= e for s, e in covered)

        for m in self.title_after_re.finditer(text):
            title = m.group()
            # titles that only ever precede a name (an official's too: 市委书记高建军, where 建军 is a word)
            strong = text.startswith(" ", m.end()) or title in ("董事长", "总经理", "总经理助理", "院士", "教授",
                                                                "记者", "全媒体记者", "通讯员", "研究员", "市委书记",
                                                                "省委书记", "县委书记", "区委书记", "市长", "省长",
                                                                "县长", "区长", "副市长", "副省长", "副县长", "副区长")
            got = self._name_after(text, m.end(), strong)
            if not got:
                continue
            a, b = got
            if inside_other(a, b):
                continue
            out.append(Cand(a, b, "Person", role=title, rule="person:title-after"))
            # a title before a list applies to each name: 院士李树深、焦念志 / 副所长孙际宾、李寅 / 记者 张三 李四
            byline = title.endswith(("记者", "通讯员", "编辑", "摄影"))
            while b < len(text) and (text[b] == "、" or text[b] == " " and byline):
                nxt = self._name_after(text, b if text[b] == " " else b + 1, True)
                if not nxt or inside_other(*nxt):
                    break
                if self.title_after_re.match(text, nxt[0]) or self.title_after_re.match(text, nxt[1]):
                    break  # 院长嵇世山、常务副院长王德保: the next item has a title of its own
                item_end = _ITEM_END_RE.search(text, nxt[1])
                if self.title_after_re.search(text, nxt[1], item_end.start() if item_end else len(text)):
                    break  # 局长王清华、盘州创新孵化基地总经理陈三三: the next item is a unit with its own title
                a, b = nxt
                out.append(Cand(a, b, "Person", role=title, rule="person:byline" if byline else "person:list"))
        out += self._bylines(text, inside_other)
        org_ends = frozenset(c.end for c in cands if c.label in ORG_TYPES)
        for m in self.title_before_re.finditer(text):
            title = m.group()
            got = self._name_before(text, m.start(), org_ends, title)
            if not got:
                continue
            a, b = got
            if inside_other(a, b):
                continue
            role = title if title not in ("团队", "课题组", "一行", "先生", "女士", "同志") else None
            out.append(Cand(a, b, "Person", role=role, rule="person:title-before"))
        for end in sorted(org_ends):
            m = self.group_re.match(text, end)
            if not m:
                continue
            names = [x for x in m.group(1).split("、") if x] + [m.group(2)]
            pos = end
            ok = []
            for nm in names:
                if 2 <= len(nm) <= 3 and self._surname_len(nm, 0) and self._valid_given(nm[self._surname_len(nm, 0):]):
                    ok.append((pos, pos + len(nm)))
                pos += len(nm) + 1
            if len(ok) == len(names):
                for a, b in ok:
                    out.append(Cand(a, b, "Person", rule="person:group"))
        out += self._counted_people(text)
        # later mentions of every name found (郭新勇说 …), plus famous names from the gazetteer
        names = {text[c.start:c.end] for c in out if c.end - c.start >= 2}
        names |= {text[c.start:c.end] for c in cands if c.label == "Person"}
        found = {(c.start, c.end) for c in out}
        for name in names:
            i = text.find(name)
            while i >= 0:
                j = i + len(name)
                if (i, j) not in found and not inside_other(i, j) and self._right_ok(text, j):
                    out.append(Cand(i, j, "Person", rule="person:repeat"))
                    found.add((i, j))
                i = text.find(name, j)
        return out


@Language.factory(
    "kg_entity_rules",
    assigns=["doc.spans"],
    default_config={
        "spans_key": "kg_rules",
        "max_name_chars": 30,
        "persons": True,
        "places": True,
        "abbreviations": True,
        "projects": True,
        "short_names": True,
        "place_short_forms": True,
        "blocked_place_short_forms": ["大同", "朝阳", "长治", "白银", "安康", "来宾", "阿里", "四平", "兴安",
                                      "山南", "海东", "海北", "海西", "普洱", "红河", "文山", "玉树", "黄南",
                                      "白山"],
    },
)
def make_entity_rules(nlp: Language, name: str, spans_key: str, max_name_chars: int, persons: bool,
                      places: bool, abbreviations: bool, projects: bool, short_names: bool,
                      place_short_forms: bool, blocked_place_short_forms: list) -> EntityRules:
    return EntityRules(nlp, name, spans_key=spans_key, max_name_chars=max_name_chars, persons=persons,
                       places=places, abbreviations=abbreviations, projects=projects,
                       short_names=short_names, place_short_forms=place_short_forms,
                       blocked_place_short_forms=blocked_place_short_forms)
