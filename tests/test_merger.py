"""Merger: model spans without a genre-style ending, on sentences written for these tests."""
from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(exclude=["kg_statistical_ner"])


def merge(nlp, text, model, rules=(), scores=None):
    """Run the merger on `text` with model spans [(surface, label)] (and their confidences) and rule
    spans [(surface, label, role)]."""
    doc = nlp.make_doc(text)

    def span(name, label):
        s = text.index(name)
        return Span(doc, s, s + len(name), label=label)

    rule_spans = []
    for name, label, role in rules:
        sp = span(name, label)
        sp._.role = role
        rule_spans.append(sp)
    doc.spans["kg_rules"] = rule_spans
    doc.spans["kg_model"] = [span(name, label) for name, label in model]
    if scores is not None:
        doc.spans["kg_model"].attrs["scores"] = list(scores)
    doc = nlp.get_pipe("kg_entity_merger")(doc)
    return [(e.text, e.label_, e._.role) for e in doc.ents]


def test_named_enterprise_without_suffix(nlp):
    assert merge(nlp, "谷歌今天发布了新的芯片。", [("谷歌", "COMPANY")]) == [("谷歌", "Company", None)]
    assert merge(nlp, "他习惯用visa卡付款。", [("visa", "COMPANY")]) == [("visa", "Company", None)]


@pytest.mark.parametrize("text, name", [
    ("今年要大力推广新能源汽车。", "新能源汽车"),   # a category of things
    ("坚决制止违规用工行为。", "工行"),             # jieba cuts 用工|行为
    ("推动东北振兴取得新突破。", "东北振兴"),       # a phrase about a place
])
def test_phrases_are_not_companies(nlp, text, name):
    assert merge(nlp, text, [(name, "COMPANY")]) == []


def test_government_organ_without_level(nlp):
    assert merge(nlp, "银监会昨天公布了新的监管办法。", [("银监会", "GOV")]) == [("银监会", "GovernmentBody", None)]
    assert merge(nlp, "进一步优化产业布局。", [("产业布局", "GOV")]) == []
    assert merge(nlp, "建设廉洁政府。", [("廉洁政府", "GOV")]) == []


def test_model_organ_replaces_the_place_inside_it(nlp):
    got = merge(nlp, "南阳市税务局发布了通知。", [("南阳市税务局", "GOV")], rules=[("南阳市", "Place", None)])
    assert got == [("南阳市税务局", "GovernmentBody", None)]


def test_foreign_and_rarer_surname_persons(nlp):
    assert merge(nlp, "主教练克洛泽对比赛很满意。", [("克洛泽", "PER")]) == [("克洛泽", "Person", None)]
    assert merge(nlp, "洪晓明出席了会议。", [("洪晓明", "PER")]) == [("洪晓明", "Person", None)]


def test_longer_model_title_replaces_rule_role(nlp):
    got = merge(nlp, "协会副秘书长王建国介绍了情况。", [("副秘书长", "POSITION")],
                rules=[("王建国", "Person", "秘书长")])
    assert got == [("王建国", "Person", "副秘书长")]


def test_title_two_spaces_before_name(nlp):
    got = merge(nlp, "总经理  李华表示", [("总经理", "POSITION"), ("李华", "PER")])
    assert got == [("李华", "Person", "总经理")]


def test_other_organisations_only_when_the_model_is_sure(nlp):
    text = "中国足协昨天发布了新赛季的规定。"
    assert merge(nlp, text, [("中国足协", "ORG")], scores=[0.999]) == [("中国足协", "Organization", None)]
    assert merge(nlp, text, [("中国足协", "ORG")], scores=[0.85]) == [("中国足协", "Organization", None)]
    assert merge(nlp, text, [("中国足协", "ORG")], scores=[0.6]) == []
    assert merge(nlp, text, [("中国足协", "ORG")]) == []  # no confidence given: not sure


def test_funds_are_no_organisations(nlp):
    text = "设立生物医药产业专项基金支持企业研发。"
    assert merge(nlp, text, [("生物医药产业专项基金", "ORG")], scores=[0.98]) == []


def test_names_joined_by_a_middle_dot_are_persons(nlp):
    text = "代表阿依古丽·买买提在会上发言。"
    assert merge(nlp, text, [("阿依古丽·买买提", "PER")], scores=[0.95]) == [("阿依古丽·买买提", "Person", None)]
    assert merge(nlp, text, [("阿依古丽·买买提", "PER")], scores=[0.5]) == []


def test_sure_is_not_enough_for_events_and_categories(nlp):
    assert merge(nlp, "北京冬奥会圆满闭幕。", [("北京冬奥会", "ORG")], scores=[0.999]) == []
    assert merge(nlp, "地方政府要守住底线。", [("地方政府", "GOV")], scores=[0.999]) == []
    assert merge(nlp, "加快建设交通强国。", [("交通强国", "COMPANY")], scores=[0.999]) == []


def roles(nlp, text, model, rules=()):
    doc = nlp.make_doc(text)
    doc.spans["kg_rules"] = []
    for name, label, role in rules:
        s = text.index(name)
        span = Span(doc, s, s + len(name), label=label)
        span._.role = role
        doc.spans["kg_rules"] = list(doc.spans["kg_rules"]) + [span]
    doc.spans["kg_model"] = [Span(doc, text.index(n), text.index(n) + len(n), label=lab) for n, lab in model]
    doc = nlp.get_pipe("kg_entity_merger")(doc)
    return [(r.text, r.start_char) for r in doc.spans["kg_roles"]]


def test_titles_are_role_spans_beside_a_person_or_alone(nlp):
    text = "据记者了解，该公司董事长王建国表示，主持人随后提问。"
    got = roles(nlp, text, [("记者", "POSITION"), ("主持人", "POSITION")], rules=[("王建国", "Person", "董事长")])
    assert got == [("记者", 1), ("董事长", 9), ("主持人", 18)]


def test_a_title_inside_an_entity_is_no_role_span(nlp):
    # 市长 inside 深圳市长江路 is no title; a title overlapping a chosen name is dropped
    got = roles(nlp, "深圳市长江路改造完成。", [("市长", "POSITION")], rules=[("深圳市", "Place", None)])
    assert got == []


def test_model_names_with_an_ending_still_need_a_name_before_it(nlp):
    assert merge(nlp, "行业协会要发挥作用。", [("行业协会", "ORG")], scores=[0.99]) == []
    assert merge(nlp, "理顺行业协会商会的关系。", [("理顺行业协会", "ORG")], scores=[0.99]) == []
    got = merge(nlp, "深圳钟表行业协会会长发言。", [("深圳钟表行业协会", "ORG")], scores=[0.99])
    assert got == [("深圳钟表行业协会", "Organization", None)]


def test_model_company_running_on_from_a_listed_brand(nlp):
    got = merge(nlp, "接入电话的是携程国旅。", [("携程国旅", "COMPANY")], rules=[("携程", "Company", None)], scores=[0.99])
    assert got == [("携程国旅", "Company", None)]
    # a grammar name (with an ending) is not replaced by a longer model span
    got = merge(nlp, "华夏银行营业部正常营业。", [("华夏银行营业", "COMPANY")], rules=[("华夏银行", "Company", None)],
                scores=[0.99])
    assert got == [("华夏银行", "Company", None)]


def test_place_led_office_is_a_government_body(nlp):
    got = merge(nlp, "广州市住房保障办发布通知。", [("广州市住房保障办", "GOV")], rules=[("广州市", "Place", None)],
                scores=[0.9])
    assert got == [("广州市住房保障办", "GovernmentBody", None)]


def test_transliterated_and_latin_names(nlp):
    assert merge(nlp, "门将诺伊尔扑出了点球。", [("诺伊尔", "PER")], scores=[0.9]) == [("诺伊尔", "Person", None)]
    assert merge(nlp, "制作人Greg Keyes表示满意。", [("Greg Keyes", "PER")], scores=[0.85]) == \
        [("Greg Keyes", "Person", None)]
    assert merge(nlp, "制作人Greg Keyes表示满意。", [("Greg Keyes", "PER")], scores=[0.5]) == []


def test_a_sure_company_need_not_read_as_a_name_to_jieba(nlp):
    text = "育碧昨天发布了新游戏。"
    assert merge(nlp, text, [("育碧", "COMPANY")], scores=[0.999]) == [("育碧", "Company", None)]
    assert merge(nlp, text, [("育碧", "COMPANY")], scores=[0.9]) == []


def test_an_ideology_is_not_a_name(nlp):
    text = "坚持马克思列宁主义、毛泽东思想。"
    assert merge(nlp, text, [("马克思列宁", "ORG"), ("毛泽东", "PER")], scores=[0.99, 0.99]) == []


def test_a_model_title_loses_its_brackets(nlp):
    text = "关于中华人民共和国未成年人保护法》实施情况的报告。"
    got = merge(nlp, text, [("中华人民共和国未成年人保护法》", "BOOK")], scores=[0.99])
    assert got == [("中华人民共和国未成年人保护法", "Policy", None)]


def test_a_model_branch_name_replaces_its_bank(nlp):
    text = "他在建设银行东四支行办理了业务。"
    got = merge(nlp, text, [("建设银行东四支行", "COMPANY")], rules=[("建设银行", "Company", None)], scores=[0.99])
    assert got == [("建设银行东四支行", "Company", None)]


@pytest.mark.parametrize("text, name, label, fine", [
    ("长春光机所与吉林大学签署合作协议。", "长春光机所", "GOV", "ResearchInstitute"),
    ("中科院地理资源所派出专家团队。", "中科院地理资源所", "LOC", "ResearchInstitute"),
    ("会上，桑海组团介绍了产业情况。", "桑海组团", "COMPANY", "Platform"),
    ("上海市科协主办了这次论坛。", "上海市科协", "GOV", "GovernmentBody"),
    ("洛阳智能装备子基金首批投资三家企业。", "洛阳智能装备子基金", "ORG", "Company"),
    ("光明区引导基金参与出资。", "光明区引导基金", "COMPANY", "Company"),
])
def test_model_names_typed_by_a_short_ending(nlp, text, name, label, fine):
    """The model found the name's left edge; a short ending (所, 组团, 科协, 子基金) says its type."""
    assert merge(nlp, text, [(name, label)]) == [(name, fine, None)]


@pytest.mark.parametrize("text, name, label", [
    ("东京商品交易所橡胶期货强势上扬。", "东京商品交易所", "ORG"),      # an exchange is no institute
    ("他们在星河湾销售中心会议室见面。", "星河湾销售中心会议室", "ORG"),  # a room
    ("这是战略性新兴产业布局的一部分。", "战略性新兴产业布局", "GOV"),  # 布局 is no bureau
    ("面对敌军航空母舰所发动的攻击。", "敌军航空母舰所", "ORG"),        # 所 before a verb is a particle
    ("民生蓝筹混合型基金表现稳健。", "民生蓝筹混合型基金", "COMPANY"),  # a fund product, not an investment fund
])
def test_short_endings_do_not_type_other_things(nlp, text, name, label):
    assert [e for e in merge(nlp, text, [(name, label)]) if e[1] != "Place"] == [] or \
        merge(nlp, text, [(name, label)])[0][1] not in ("ResearchInstitute", "Platform", "GovernmentBody")


def test_a_model_name_starts_where_a_word_does(nlp):
    """The model's 合科技厅 in 联合科技厅 starts inside the word 联合: the name is 科技厅."""
    got = merge(nlp, "该所联合省科技厅召开座谈会。", [("合省科技厅", "GOV")])
    assert ("省科技厅", "GovernmentBody", None) in got


def test_a_unit_written_after_its_parent_replaces_the_parent(nlp):
    """The rules find 省科技厅, the model 省科技厅高新处: the unit with its parent in front is one name."""
    got = merge(nlp, "省科技厅高新处处长出席。", [("省科技厅高新处", "GOV")], rules=[("省科技厅", "GovernmentBody", None)])
    assert got == [("省科技厅高新处", "GovernmentBody", None)]
    got = merge(nlp, "中科院天津工业生物所所长出席。", [("中科院天津工业生物所", "GOV")],
                rules=[("中科院", "ResearchInstitute", None), ("天津", "Place", None)], scores=[0.99])
    assert got == [("中科院天津工业生物所", "ResearchInstitute", None)]


def test_a_model_name_with_its_place_in_front_replaces_the_rule_name(nlp):
    """The rules find the place and the bank apart (荆州|农商银行), or a ministry without 国家: the model's
    longer name is the complete one."""
    got = merge(nlp, "荆州农商银行发放贷款。", [("荆州农商银行", "COMPANY")],
                rules=[("荆州", "Place", None), ("农商银行", "Company", None)])
    assert got == [("荆州农商银行", "Company", None)]
    got = merge(nlp, "他曾任国家铁道部部长。", [("国家铁道部", "GOV")], rules=[("铁道部", "GovernmentBody", None)])
    assert ("国家铁道部", "GovernmentBody", None) in got


def test_clause_words_in_front_of_a_rule_name_go_when_the_model_starts_after_them(nlp):
    """The rules run 代表团专程到 and 上栗共建 into the names; the model starts after the verb: its start
    wins, the rules' type stays. A place in front with no verb between (荆州|农商银行) is not cut."""
    got = merge(nlp, "代表团专程到黎明化工设计院考察。", [("黎明化工设计院", "ORG")],
                rules=[("代表团专程到黎明化工设计院", "ResearchInstitute", None)])
    assert got == [("黎明化工设计院", "ResearchInstitute", None)]
    got = merge(nlp, "双方在上栗共建先进制造研究院。", [("先进制造研究院", "ORG")],
                rules=[("上栗共建先进制造研究院", "ResearchInstitute", None)])
    assert ("先进制造研究院", "ResearchInstitute", None) in got
    got = merge(nlp, "郑州大学第一附属医院召开会议。", [("第一附属医院", "ORG")],
                rules=[("郑州大学第一附属医院", "Organization", None)])
    assert got == [("郑州大学第一附属医院", "Organization", None)]
