"""Entity rule layer, merger, English rules and gazetteers — on sentences written for these tests."""
from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.nlp import gazetteer, load_pipeline
from kg.nlp.components.entity_rules import policy_like


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(exclude=["kg_statistical_ner"])


@pytest.fixture(scope="module")
def nlp_en():
    return load_pipeline("en")


def ents(nlp, text):
    doc = nlp(text)
    return {(e.text, e.label_) for e in doc.ents if e._.source != "anaphor"}


def rule_spans(nlp, text):
    doc = nlp(text)
    return {(s.text, s.label_) for s in doc.spans["kg_rules"]}


# --------------------------------------------------------------------------- organisation grammar
@pytest.mark.parametrize("sentence, name, label", [
    ("依托洛阳理工学院建设的洛阳市智能装备中试基地正式运行。", "洛阳市智能装备中试基地", "Platform"),
    ("依托洛阳理工学院建设的洛阳市智能装备中试基地正式运行。", "洛阳理工学院", "University"),
    ("公司与西安交通大学联合成立了储能材料研究院。", "西安交通大学", "University"),
    ("该企业联合郑州大学开展技术攻关。", "郑州大学", "University"),
    ("推动许昌瑞示电子科技有限公司加快转型。", "许昌瑞示电子科技有限公司", "Company"),
    ("在安阳市科学院的支持下，团队完成了中试。", "安阳市科学院", "ResearchInstitute"),
    ("由南阳飞龙汽车零部件有限公司投资建设。", "南阳飞龙汽车零部件有限公司", "Company"),
    ("建设新乡市新能源电池检验检测中心。", "新乡市新能源电池检验检测中心", "Platform"),
    ("河南大学、郑州大学和中国科学院签署协议。", "中国科学院", "ResearchInstitute"),
    ("近日，焦作市怀药生物工程技术研究中心通过认定。", "焦作市怀药生物工程技术研究中心", "Platform"),
    ("这一消息令洛阳北玻硅巢技术有限公司倍受鼓舞。", "洛阳北玻硅巢技术有限公司", "Company"),
    ("组建信阳茶产业技术创新联合体。", "信阳茶产业技术创新联合体", "Platform"),
    ("商丘市种质资源实验室挂牌。", "商丘市种质资源实验室", "Lab"),
    ("依托企业建设的省智能传感器重点实验室获批。", "省智能传感器重点实验室", "Lab"),
    ("由量子算力(郑州)科技有限公司投资。", "量子算力(郑州)科技有限公司", "Company"),
    ("在洛北先进装备开发区，项目正加快建设。", "洛北先进装备开发区", "Platform"),
])
def test_org_left_boundary(nlp, sentence, name, label):
    assert (name, label) in ents(nlp, sentence)


def test_left_context_words_not_swallowed(nlp):
    found = ents(nlp, "推动企业与华中科技大学共建联合实验室，依托南阳理工学院建设的研发中心运行良好。")
    texts = {t for t, _ in found}
    assert "华中科技大学" in texts and "南阳理工学院" in texts
    for bad in ("与华中科技大学", "企业与华中科技大学", "依托南阳理工学院", "共建联合实验室"):
        assert bad not in texts


def test_categories_are_not_names(nlp):
    text = ("全市新增5家省级高新区、12家校企合作研发中心和一批国家级科技企业孵化器，"
            "积极培育建设中试基地，做优特色产业园区，重大创新平台持续增加。")
    assert ents(nlp, text) == set()


def test_nested_name_is_one_entity(nlp):
    found = ents(nlp, "整合资源，建设郑州大学洛阳研究院，打造创新策源地。")
    assert ("郑州大学洛阳研究院", "ResearchInstitute") in found
    assert ("郑州大学", "University") not in found
    # the rule layer may keep the inner name; the merger keeps only the longest
    assert ("郑州大学", "University") in rule_spans(nlp, "建设郑州大学洛阳研究院。")


def test_short_name_in_brackets(nlp):
    doc = nlp("洛阳栾川钼业集团股份有限公司(简称洛钼集团)发布新品，洛钼集团表示将扩大产能。")
    shorts = [e for e in doc.ents if e.text == "洛钼集团"]
    assert len(shorts) == 2
    assert all(e.label_ == "Company" for e in shorts)
    assert shorts[0]._.canonical == "洛阳栾川钼业集团股份有限公司"


# --------------------------------------------------------------------------- policies
def test_policy_titles(nlp):
    text = ("市政府印发《商丘市促进新型研发机构发展实施办法(试行)》《关于加快建设创新高地的若干意见》，"
            "《河南日报》对此作了报道，电影《追光者》也将上映。全市将科普纳入“十五五”规划。")
    found = ents(nlp, text)
    assert ("商丘市促进新型研发机构发展实施办法(试行)", "Policy") in found
    assert ("关于加快建设创新高地的若干意见", "Policy") in found
    assert ("“十五五”规划", "Policy") in found
    assert not any(t in ("河南日报", "追光者") for t, _ in found)


def test_policy_like():
    assert policy_like("漯河市科技创新三年行动计划(2024—2026年)")
    assert policy_like("中华人民共和国促进科技成果转化法")
    assert not policy_like("人民日报")
    assert not policy_like("机器学习方法")


# --------------------------------------------------------------------------- people
def test_person_titles_and_roles(nlp):
    doc = nlp("周口华英农牧有限公司董事长王振华表示，公司正联合江南大学陈卫东、孙莉莉团队攻关。"
              "王振华说，产品已出口。")
    people = {(e.text, e._.role) for e in doc.ents if e.label_ == "Person"}
    assert ("王振华", "董事长") in people
    assert {"陈卫东", "孙莉莉"} <= {t for t, _ in people}
    assert sum(1 for e in doc.ents if e.text == "王振华") == 2   # the later 王振华说 too


def test_byline_and_title_after_name(nlp):
    doc = nlp("资料图 全媒体记者 赵一鸣 摄\n李国栋院士在会上作报告。")
    people = {(e.text, e._.role) for e in doc.ents if e.label_ == "Person"}
    assert ("赵一鸣", "全媒体记者") in people
    assert ("李国栋", "院士") in people


def test_no_false_persons(nlp):
    found = ents(nlp, "高端团队集聚，王牌产品畅销，高新技术企业达到200家，和群众同志们一起奋斗。")
    assert not any(label == "Person" for _, label in found)


# --------------------------------------------------------------------------- places, government
def test_places_and_gazetteer(nlp):
    found = ents(nlp, "2023年，总书记来到兰考县考察，开封的企业与美国、德国企业开展合作，汝州市、鄢陵县也有进展。")
    for name in ("兰考县", "开封", "美国", "德国", "汝州市", "鄢陵县"):
        assert (name, "Place") in found


def test_place_inside_org_is_not_separate(nlp):
    found = ents(nlp, "平顶山市科学技术局发布通知。")
    assert found == {("平顶山市科学技术局", "GovernmentBody")}


def test_place_abbreviation_in_context(nlp):
    found = ents(nlp, "吸引更多人才在汴创新创业，推动豫企走出去。")
    assert ("汴", "Place") in found and ("豫", "Place") in found
    assert ents(nlp, "持续深化改革，在新时代展现新作为。") == set()


def test_adjectival_country_is_not_a_place(nlp):
    found = ents(nlp, "推进中国式现代化，其中国家级平台23家。")
    assert not any(t == "中国" for t, _ in found)


def test_government_bodies(nlp):
    found = ents(nlp, "在市委、市政府领导下，市科技局、漯河市发展和改革委员会与科技部、国务院有关部门对接，"
                      "郑州航空港区管委会出台措施。")
    for name in ("市委", "市政府", "市科技局", "漯河市发展和改革委员会", "科技部", "国务院", "郑州航空港区管委会"):
        assert (name, "GovernmentBody") in found, name


def test_a_committee_named_inside_a_title_is_an_organ_and_the_title_a_role(nlp):
    """GUIDELINES v2: bodies named inside a title are entities (市委书记张卫国 → 市委; 张卫国 works for it)."""
    doc = nlp("会议由市委书记张卫国主持。")
    assert [(e.text, e.label_, e._.role) for e in doc.ents] == [("市委", "GovernmentBody", None),
                                                                ("张卫国", "Person", "市委书记")]


# --------------------------------------------------------------------------- projects
def test_projects(nlp):
    found = ents(nlp, "由许昌远东传动轴股份有限公司投资的新能源汽车传动系统生产线项目开工，"
                      "提升重大产业项目承载能力，积极承接中试项目。")
    assert ("新能源汽车传动系统生产线项目", "Project") in found
    assert not any(label == "Project" and t != "新能源汽车传动系统生产线项目" for t, label in found)


# --------------------------------------------------------------------------- input forms
def test_traditional_and_full_width_input_keep_surface(nlp):
    simplified = "依托河南大学建设的开封市新材料研究院，与洛阳理工学院合作。"
    traditional = "依托河南大學建設的開封市新材料研究院，與洛陽理工學院合作。"
    a = nlp(simplified)
    b = nlp(traditional)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == \
           [(e.start_char, e.end_char, e.label_) for e in b.ents]
    assert {e.text for e in b.ents} == {"河南大學", "開封市新材料研究院", "洛陽理工學院"}
    full = nlp("由计算数字产业（河南）科技有限公司投资。")
    assert [e.text for e in full.ents] == ["计算数字产业（河南）科技有限公司"]


def test_text_without_entities(nlp):
    doc = nlp("坚持创新驱动发展，持续优化营商环境，不断增强发展新动能。今年以来，各项工作稳步推进。")
    assert list(doc.ents) == []
    assert nlp("").ents == ()


# --------------------------------------------------------------------------- merger
def test_merger_resolves_overlaps(nlp):
    merger = nlp.get_pipe("kg_entity_merger")
    doc = nlp.make_doc("张三丰在河南大学开封研究院工作，李四也在许昌发展。")
    doc.spans["kg_rules"] = [Span(doc, 4, 8, label="University"), Span(doc, 4, 13, label="ResearchInstitute"),
                             Span(doc, 8, 10, label="Place")]
    doc.spans["kg_model"] = [Span(doc, 0, 3, label="PER"), Span(doc, 6, 12, label="ORG"),
                             Span(doc, 16, 18, label="PER"), Span(doc, 20, 22, label="LOC"),
                             Span(doc, 22, 24, label="ORG")]
    doc = merger(doc)
    got = [(e.text, e.label_, e._.source) for e in doc.ents]
    assert got == [("张三丰", "Person", "model"), ("河南大学开封研究院", "ResearchInstitute", "rules"),
                   ("李四", "Person", "model"), ("许昌", "Place", "model")]


def test_merger_types_model_spans_by_suffix(nlp):
    merger = nlp.get_pipe("kg_entity_merger")
    text = "星火光电科技有限公司和黄河实验室以及市发改委，《关于支持科技创新的意见》。"
    doc = nlp.make_doc(text)
    doc.spans["kg_rules"] = []
    spans = []
    for name, label in (("星火光电科技有限公司", "ORG"), ("黄河实验室", "ORG"), ("市发改委", "GOV"),
                        ("关于支持科技创新的意见", "BOOK")):
        s = text.index(name)
        spans.append(Span(doc, s, s + len(name), label=label))
    doc.spans["kg_model"] = spans
    doc = merger(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("星火光电科技有限公司", "Company"), ("黄河实验室", "Lab"), ("市发改委", "GovernmentBody"),
        ("关于支持科技创新的意见", "Policy")]


# --------------------------------------------------------------------------- English
def test_english_rules(nlp_en):
    doc = nlp_en("Professor Li Ming of Zhengzhou University said the Ministry of Science and Technology "
                 "backed the \"Henan Innovation Platform Action Plan\". Henan Zhongjing Keyi Technology "
                 "Co., Ltd. works with the Chinese Academy of Sciences and Tsinghua University in Beijing. "
                 "Zhang Wei, chairman of the company, visited the State Key Laboratory of Crop Stress Biology.")
    found = {(e.text, e.label_) for e in doc.ents}
    expected = {("Li Ming", "Person"), ("Zhengzhou University", "University"),
                ("Ministry of Science and Technology", "GovernmentBody"),
                ("Henan Innovation Platform Action Plan", "Policy"),
                ("Henan Zhongjing Keyi Technology Co., Ltd.", "Company"),
                ("Chinese Academy of Sciences", "ResearchInstitute"), ("Tsinghua University", "University"),
                ("Beijing", "Place"), ("Zhang Wei", "Person"),
                ("State Key Laboratory of Crop Stress Biology", "Lab")}
    assert expected <= found, expected - found
    roles = {e.text: e._.role for e in doc.ents if e.label_ == "Person"}
    assert roles["Li Ming"] == "Professor" and roles["Zhang Wei"] == "chairman"


# --------------------------------------------------------------------------- gazetteers
def test_gazetteer_places():
    places = gazetteer.places()
    kf = places["开封"]
    assert (kf.full, kf.level, kf.province) == ("开封市", "city", "河南省")
    assert places["兰考县"].city == "开封市"
    assert places["河南"].full == "河南省" and places["河南"].level == "province"
    provinces = {p.full for p in places.values() if p.level == "province"}
    assert len(provinces) == 34
    assert len({p.full for p in places.values() if p.level == "city"}) >= 330
    assert places["美国"].level == "country"
    assert "豫" in gazetteer.place_abbreviations()


def test_gazetteer_word_lists():
    assert "欧阳" in gazetteer.surnames() and "王" in gazetteer.common_surnames()
    assert gazetteer.org_suffixes()["重点实验室"].type == "Lab"
    assert "科技部" in gazetteer.gov_bodies()
    assert gazetteer.universities()["哈工大"] == "哈尔滨工业大学"
    assert gazetteer.person_titles()["董事长"] == "both"


def test_national_platform_named_after_its_seat(nlp):
    found = ents(nlp, "国家超算郑州中心和国家技术转移郑州中心相继投入运营。")
    assert ("国家超算郑州中心", "Platform") in found and ("国家技术转移郑州中心", "Platform") in found
    assert not any(t.startswith("国家") for t, _ in ents(nlp, "国家发展改革委员会在郑州召开会议。") if t.endswith("中心"))


# --------------------------------------------------------------------------- names that run on
@pytest.mark.parametrize("sentence, name, label", [
    ("法国国防部与该公司签署了采购合同。", "法国国防部", "GovernmentBody"),   # a foreign ministry
    ("美国商务部昨天更新了出口管制清单。", "美国商务部", "GovernmentBody"),
    ("在洛阳市政协召开的座谈会上，代表们提出建议。", "洛阳市政协", "GovernmentBody"),
    ("中原银行洛阳分行向该企业发放了贷款。", "中原银行洛阳分行", "Company"),
    ("交通银行信用卡中心推出了新的分期产品。", "交通银行信用卡中心", "Company"),
    ("中国人民银行郑州中心支行召开了金融工作会议。", "中国人民银行郑州中心支行", "GovernmentBody"),
])
def test_place_before_organ_and_branch_after_bank(nlp, sentence, name, label):
    assert (name, label) in ents(nlp, sentence)


def test_a_foreign_ministry_is_not_the_chinese_one(nlp):
    doc = nlp("美国商务部昨天更新了出口管制清单。")
    (ent,) = [e for e in doc.ents if e.label_ == "GovernmentBody"]
    assert ent.text == "美国商务部" and ent._.canonical in (None, "美国商务部")


@pytest.mark.parametrize("sentence, name", [
    ("上周交通银行发布了新的理财产品。", "交通银行"),       # a time word is no part of a name
    ("2019年兼并洛宁农商银行后，规模翻了一番。", "洛宁农商银行"),
    ("本地工商银行为企业开通了绿色通道。", "工商银行"),
    ("据发行方华影电影发行公司介绍，影片将于下月上映。", "华影电影发行公司"),
])
def test_names_start_after_time_words_and_descriptions(nlp, sentence, name):
    assert (name, "Company") in ents(nlp, sentence)


def test_a_description_of_banks_is_no_name(nlp):
    assert not {label for _, label in ents(nlp, "业内多数银行都采用了这种做法。")} & {"Company"}


@pytest.mark.parametrize("sentence, name", [
    ("洛阳市轴承行业协会发布了年度报告。", "洛阳市轴承行业协会"),
    ("河南省科技创新促进会组织专家开展评审。", "河南省科技创新促进会"),
])
def test_associations_are_organisations(nlp, sentence, name):
    assert (name, "Organization") in ents(nlp, sentence)


@pytest.mark.parametrize("sentence", ["行业协会要发挥桥梁作用。", "理顺行业协会商会与行政机关的关系。"])
def test_associations_as_a_category_are_no_names(nlp, sentence):
    assert not ents(nlp, sentence)


def test_former_ministries_are_government_bodies(nlp):
    found = ents(nlp, "1998年，农业部、卫生部和铁道部联合发布了通知。")
    assert {("农业部", "GovernmentBody"), ("卫生部", "GovernmentBody"), ("铁道部", "GovernmentBody")} <= found


@pytest.mark.parametrize("sentence", ["小额贷款公司发展迅速。", "可以通过网上银行办理。", "中介公司收取了费用。",
                                      "当地一家新能源公司扩大了产能。", "不少中资银行下调了利率。"])
def test_kinds_of_companies_are_no_names(nlp, sentence):
    assert not {label for _, label in ents(nlp, sentence)} & {"Company"}


@pytest.mark.parametrize("sentence, name", [("河南中原小额贷款有限公司获批开业。", "河南中原小额贷款有限公司"),
                                            ("开封新能源有限公司投产。", "开封新能源有限公司")])
def test_a_named_company_of_such_a_kind_stays(nlp, sentence, name):
    assert (name, "Company") in ents(nlp, sentence)


@pytest.mark.parametrize("sentence, name, role", [
    ("该院副总工程师徐恭义介绍了方案。", "徐恭义", "副总工程师"),
    ("新闻发言人刘华表示，将继续推进。", "刘华", "新闻发言人"),
])
def test_compound_titles(nlp, sentence, name, role):
    doc = nlp(sentence)
    assert [(e.text, e._.role) for e in doc.ents if e.label_ == "Person"] == [(name, role)]


@pytest.mark.parametrize("sentence, name, label", [
    ("2000年与安联保险股份公司结成战略联盟。", "安联保险股份公司", "Company"),   # 与 opens the clause
    ("中国保险行业协会发布了年度数据。", "中国保险行业协会", "Organization"),    # a national association
])
def test_clause_openers_and_national_associations(nlp, sentence, name, label):
    assert (name, label) in ents(nlp, sentence)


def test_an_association_of_a_kind_is_no_name(nlp):
    assert not ents(nlp, "该省保险行业协会负责人介绍了情况。") & {("保险行业协会", "Organization")}


def test_a_conjunction_word_is_no_part_of_a_name(nlp):
    assert ("兴业银行", "Company") in ents(nlp, "但兴业银行表示将继续下调利率。")


# --------------------------------------------------------------------------- boundaries on real-news phrasing
@pytest.mark.parametrize("sentence, name, label", [
    # a provincial lab or centre: topic + place + category keeps its topic
    ("铜基合金材料山西省重点实验室通过验收。", "铜基合金材料山西省重点实验室", "Lab"),
    ("海洋牧场装备技术浙江省工程研究中心获批建设。", "海洋牧场装备技术浙江省工程研究中心", "Platform"),
    # a soft stop after a content word belongs to the name
    ("三一重工建设机械智能控制国家重点实验室揭牌。", "三一重工建设机械智能控制国家重点实验室", "Lab"),
    # a bracketed place after a name belongs to it
    ("北京师范大学(珠海)与农药国家工程研究中心(天津)签约。", "北京师范大学(珠海)", "University"),
    ("北京师范大学(珠海)与农药国家工程研究中心(天津)签约。", "农药国家工程研究中心(天津)", "Platform"),
    # a company's name has no 与 in it
    ("华星光电与福投公司拟共建电池项目。", "福投公司", "Company"),
    # a department written after its government body is one name
    ("河南省科技厅人才科普处处长张三出席。", "河南省科技厅人才科普处", "GovernmentBody"),
    ("科技部火炬中心主任李四作报告。", "科技部火炬中心", "GovernmentBody"),
    ("省政府办公厅印发了通知。", "省政府办公厅", "GovernmentBody"),
    # a verb before a name is no part of it
    ("会议建议兰州大学药学院牵头。", "兰州大学药学院", "University"),
    ("调研组赴四川大学国家大学科技园交流。", "四川大学国家大学科技园", "Platform"),
])
def test_name_boundaries_on_news_phrasing(nlp, sentence, name, label):
    assert (name, label) in ents(nlp, sentence)


@pytest.mark.parametrize("sentence, wrong", [
    ("华星光电与福投公司拟共建电池项目。", "华星光电与福投公司"),
    ("省科技厅处长王五出席。", "省科技厅处"),             # 处长 is a title
    ("调研组赴四川大学国家大学科技园交流。", "调研组赴四川大学国家大学科技园"),
])
def test_no_name_across_a_boundary(nlp, sentence, wrong):
    assert wrong not in {t for t, _ in ents(nlp, sentence)}


def test_a_place_before_a_national_short_name_is_another_academy(nlp):
    """广西农科院 is Guangxi's academy, not the national 中国农业科学院 its short form 农科院 names."""
    doc = nlp("广西农科院专家来访。")
    names = {(e.text, e._.canonical) for e in doc.ents}
    assert ("广西农科院", "广西农科院") in names


# --------------------------------------------------------------------------- person name boundaries
@pytest.mark.parametrize("sentence, name", [
    ("研究所所长马延和与四川一家公司董事长签约。", "马延和"),     # 和 ends the name: 与 follows
    ("大学校长包信和,省委常委出席。", "包信和"),
    ("副校长颜虹共同为其揭牌。", "颜虹"),                        # 共同 is a word: the name ends before it
    ("科技局局长李奕共同签署协议。", "李奕"),
    ("董事长孙德明说,公司将扩产。", "孙德明"),                    # 明 ends names, though 明说 is a word
    ("研究院院长王小刚关于创建中心作了汇报。", "王小刚"),          # 关于 cannot continue a name
    ("市委秘书长孔先锋,市政府秘书长出席。", "孔先锋"),            # cut off by a comma: a name
])
def test_person_name_ends_where_the_text_says(nlp, sentence, name):
    assert name in {t for t, label in ents(nlp, sentence) if label == "Person"}


@pytest.mark.parametrize("sentence, wrong", [
    ("董事长王芳和李明出席。", "王芳和"),   # 和 is the conjunction: another name follows
    ("副校长颜虹共同为其揭牌。", "颜虹共"),
    ("书记和群众一起劳动。", "和群众"),
])
def test_no_person_across_a_conjunction_or_a_word(nlp, sentence, wrong):
    assert wrong not in {t for t, _ in ents(nlp, sentence)}


@pytest.mark.parametrize("sentence, names", [
    ("院士李树深、焦念志、高德利等出席。", {"李树深", "焦念志", "高德利"}),      # a title before a list
    ("副所长孙际宾、李寅,产业合作部相关人员也参加了活动。", {"孙际宾", "李寅"}),
    ("作者:席建军", {"席建军"}),                                                # bylines
    ("记者/覃海明 通讯员/黄以轮", {"覃海明", "黄以轮"}),
    ("通讯员 张凡 科技处 编辑/祝和平)", {"张凡", "祝和平"}),
    ("责任编辑: 陈可轩", {"陈可轩"}),
    ("服务实现全覆盖。(殷醒欧)\n下一段。", {"殷醒欧"}),                          # a bracketed name closing a paragraph
    ("(化材学院 武新星)", {"武新星"}),
])
def test_persons_in_lists_and_bylines(nlp, sentence, names):
    assert names <= {t for t, label in ents(nlp, sentence) if label == "Person"}


def test_a_list_title_gives_each_name_the_role(nlp):
    doc = nlp("副所长孙际宾、李寅出席。")
    assert {(e.text, e._.role) for e in doc.ents if e.label_ == "Person"} == {("孙际宾", "副所长"), ("李寅", "副所长")}


@pytest.mark.parametrize("sentence, name, label", [
    ("华中科技大学与武汉经开区共建武汉经开区未来技术创新研究院。", "武汉经开区未来技术创新研究院", "ResearchInstitute"),
    ("双方计划打造现代云药标准化研究平台。", "现代云药标准化研究平台", "Platform"),
    ("国家技术转移东部中心云南分中心揭牌。", "国家技术转移东部中心云南分中心", "Platform"),
])
def test_platform_endings_and_a_stop_character_inside_an_ending(nlp, sentence, name, label):
    assert (name, label) in ents(nlp, sentence)


def test_bare_platform_words_are_no_names(nlp):
    assert not any(label == "Platform" for _, label in ents(nlp, "玩家可以登陆PC平台，也可以去购物中心。"))


def test_a_list_closed_by_a_kind_names_organisations_of_that_kind(nlp):
    found = ents(nlp, "申报国家高新技术企业18家,光华制造、金张科技、集友股份、宏宇五洲等4家企业获评市高新技术企业30强。")
    assert {("光华制造", "Company"), ("金张科技", "Company"), ("集友股份", "Company"), ("宏宇五洲", "Company")} <= found
    found = ents(nlp, "基金投向蓝澳生物、黔算科技等企业。")
    assert ("蓝澳生物", "Company") in found and not any(t.startswith("投向") for t, _ in found)


@pytest.mark.parametrize("sentence, name", [
    ("地理资源所葛全胜所长等领导出席签字仪式。", "葛全胜"),      # a name right after an organisation, before its title
    ("在贾平所长、马明亚书记的陪同下调研。", "马明亚"),
    ("广东省科技厅周木堂副巡视员出席。", "周木堂"),
    ("市政府参事陈宏民、李道季参加调研。", "李道季"),
])
def test_names_before_titles_after_organisations(nlp, sentence, name):
    assert (name, "Person") in ents(nlp, sentence)


def test_a_common_verb_ends_the_clause_before_an_institutions_name(nlp):
    """率领 and 提供 are verbs no organisation name is seen to contain (name_inner_words.tsv); the verbs platform
    names are made of (转移, 孵化) stay, and a firm's brand words may be verbs (发光)."""
    got = {t for t, _ in rule_spans(nlp, "副校长率领学校技术转移中心团队来访。许昌提供科技企业孵化器场地。")}
    assert not any("率领" in t or "提供" in t for t in got), got
    assert "科技企业孵化器" in got or "许昌科技企业孵化器" not in got
    assert ("龙南华稀发光材料有限公司", "Company") in rule_spans(nlp, "龙南华稀发光材料有限公司投产。")


@pytest.mark.parametrize("text, name", [
    ("会议在西岑科创园举行。", "西岑科创园"),
    ("企业落户江宁开发区高新园。", "江宁开发区高新园"),
    ("项目落户嘉兴高铁新城。", "嘉兴高铁新城"),
    ("活动在德州太阳能小镇举行。", "德州太阳能小镇"),
    ("中国农业大学齐河科技小院揭牌。", "中国农业大学齐河科技小院"),
    ("果桑产业科技特派员工作站成立。", "果桑产业科技特派员工作站"),
    ("学校成立脑机接口研究中心。", "脑机接口研究中心"),
])
def test_zone_and_centre_endings_real_news_uses_are_platforms(nlp, text, name):
    assert (name, "Platform") in ents(nlp, text)


def test_a_new_town_ending_needs_a_place_in_front(nlp):
    assert not any(t.endswith("新城") for t, _ in ents(nlp, "推进产业新城建设。"))


def test_a_conjunction_that_begins_a_place_name_joins_the_words_around_it(nlp):
    """张大力和县委常委: 和 + 县委, not the county 和县; after its city, 和县 is the county."""
    got = ents(nlp, "处长张大力和县委常委郑华永出席。")
    assert ("和县委", "GovernmentBody") not in got and ("县委", "GovernmentBody") in got
    assert ("马鞍山市和县县委", "GovernmentBody") in ents(nlp, "马鞍山市和县县委召开会议。")


@pytest.mark.parametrize("text, unit, label", [
    ("河南城建学院科研处处长张大力出席。", "河南城建学院科研处", "University"),
    ("市科技局外专科科长李苗到镇巴县督查。", "市科技局外专科", "GovernmentBody"),
    ("省教育厅科学研究与技术处处长冯发金出席。", "省教育厅科学研究与技术处", "GovernmentBody"),
])
def test_an_office_written_after_its_parent_is_one_unit(nlp, text, unit, label):
    assert (unit, label) in ents(nlp, text)


def test_a_schools_office_is_no_unit_of_its_own(nlp):
    got = {t for t, _ in ents(nlp, "四川大学高分子学院产学研办公室主任陈代强出席。")}
    assert "四川大学高分子学院产学研办公室" not in got


def test_a_list_counted_in_people_is_a_list_of_people(nlp):
    found = ents(nlp, "据悉，张清华、阿依古丽·买买提、刘明军3人获自治区科学技术突出贡献奖。")
    assert {("张清华", "Person"), ("阿依古丽·买买提", "Person"), ("刘明军", "Person")} <= found
    assert not any(label == "University" for _, label in found)
    # units counted in people are no people
    assert not any(label == "Person" for _, label in ents(nlp, "科技局、财政局2位同志参加。"))


def test_a_frequent_word_after_a_title_is_no_name(nlp):
    assert not any(label == "Person" for _, label in ents(nlp, "成都高新区为理事长单位、绵阳高新区为副理事长单位。"))
    assert not any(label == "Person" for _, label in ents(nlp, "恩施州委书记来访。"))
    assert ("高峰", "Person") in ents(nlp, "董事长王刚，总经理高峰出席。")


def test_regions_and_prefecture_short_forms_are_places(nlp):
    found = ents(nlp, "川渝两地的基地参与，成渝地区双城经济圈国际科技合作基地联盟成立。")
    assert ("川渝", "Place") in found
    assert ("成渝地区双城经济圈国际科技合作基地联盟", "Platform") in found
    assert ("昌吉州人民政府", "GovernmentBody") in ents(nlp, "新疆大学和昌吉州人民政府签约。")


def test_an_institute_short_name_is_known_by_the_staff_title_after_it(nlp):
    found = ents(nlp, "浙江福爱电子有限公司总经理助理谢莲；内燃所名誉所长白景升，所长祖炳锋出席。")
    assert ("内燃所", "ResearchInstitute") in found
    assert ("508所", "ResearchInstitute") in ents(nlp, "专家有中国科学院薛永祺院士、508所研究员张国瑞等。")
    # words that end in 所 are no institutes
    assert not any(label == "ResearchInstitute" for _, label in ents(nlp, "城关派出所所长王刚到场。"))
    assert not any(label == "ResearchInstitute" for _, label in ents(nlp, "会计师事务所所长李明说。"))


def test_no_person_from_a_motion_verb_or_the_next_title(nlp):
    assert not any(label == "Person" for _, label in ents(nlp, "黑龙江省政府参事来沪调研科技创新。"))
    found = ents(nlp, "清华珠三角研究院院长嵇世山、常务副院长王德保等出席。")
    assert {("嵇世山", "Person"), ("王德保", "Person")} <= found
    assert ("常务副", "Person") not in found
    assert {("孙际宾", "Person"), ("李寅", "Person")} <= ents(nlp, "副所长孙际宾、李寅参加。")


def test_a_list_closed_by_a_qualified_kind_names_firms(nlp):
    found = ents(nlp, "新增乐诚技术、造梦天地、高登世德等9户规模以上大数据企业。")
    assert {("乐诚技术", "Company"), ("造梦天地", "Company"), ("高登世德", "Company")} <= found
    found = ents(nlp, "基金与科隆新能源、信大捷安等17家意向投资企业签署了协议。")
    assert {("科隆新能源", "Company"), ("信大捷安", "Company")} <= found
    # industries listed before a kind of firm are no firms; people before 企业负责人 are no firms
    assert not any(label == "Company" for _, label in ents(nlp, "主要引进电子信息、检验检测、生物医药、能源环保等高新技术企业。"))
    assert not any(label == "Company" for _, label in ents(nlp, "张三丰、李四海等企业负责人参加。"))


def test_a_list_of_universities_closed_by_its_count_and_kind_names_their_short_forms(nlp):
    # 在内的 closes a list as 等 does; jieba's abbreviations (tag j: 武大) are names here, not words
    found = ents(nlp, "该区已与武大、华科在内的14所高校制定合作项目。")
    assert ("武大", "University") in found and ("华科", "University") in found


def test_conventional_university_contractions_are_made_by_rule():
    short = gazetteer.contracted_university_names(
        ["中国科学技术大学", "南京师范大学", "西南交通大学", "武汉理工大学", "南京大学", "南开大学", "四川大学", "武汉大学"])
    assert short["中国科大"] == "中国科学技术大学" and short["南京师大"] == "南京师范大学"
    assert short["西南交大"] == "西南交通大学" and short["武汉理工"] == "武汉理工大学"
    assert short.get("武大") == "武汉大学"
    assert "南大" not in short  # 南京大学 or 南开大学: neither
    assert "四大" not in short  # a common word, not 四川大学
    assert gazetteer.universities()["中国科大"] == "中国科学技术大学"


def test_a_province_or_city_with_descriptive_words_names_a_category_of_labs(nlp):
    found = ents(nlp, "全省现有企业国家重点实验室12个,支持共享企业国家重点实验室和郑州市重点实验室建设。"
                      "铜基新材料山西省重点实验室通过验收。")
    labs = {t for t, label in found if label == "Lab"}
    assert labs == {"铜基新材料山西省重点实验室"}


def test_a_name_after_a_title_is_not_the_conjunction_of_the_next_titled_person(nlp):
    found = ents(nlp, "万钢部长和马飚主席分别讲话。副院长皮亦鸣汇报了近期情况。")
    assert ("马飚", "Person") in found and ("和马飚", "Person") not in found
    assert ("皮亦鸣", "Person") in found  # 汇报 follows names as 表示 does


def test_a_photo_credit_glued_to_its_name_is_no_person():
    from kg.nlp import analyse
    from kg.read.documents import document_from_text
    a = analyse(document_from_text("活动现场。\n人民网 龙章榆摄\n", "t"))
    assert "龙章榆摄" not in {m.text for m in a.mentions}
