"""Document-level short forms (kg/nlp/components/short_forms.py, used by kg_coref): a name written once in
full and later in short is one entity — on sentences written for these tests."""
from __future__ import annotations

import pytest

from kg.nlp import analyse
from kg.nlp.components.short_forms import abbreviates, company_cores, is_category, unit_forms
from kg.read.documents import document_from_text


def mentions(text):
    return {(m.text, m.type, m.canonical) for m in analyse(document_from_text(text, "t")).mentions}


def test_an_abbreviation_keeping_the_last_character_is_the_full_name():
    got = mentions("华北大学内燃机研究所与一家企业签约。内燃所所长出席,华内所将派出团队。")
    assert ("内燃所", "ResearchInstitute", "华北大学内燃机研究所") in got
    assert ("华内所", "ResearchInstitute", "华北大学内燃机研究所") in got


def test_a_company_is_called_by_its_core():
    got = mentions("苏州恒嘉环保科技有限公司成立研发中心。恒嘉将投入两千万元。")
    assert ("恒嘉", "Company", "苏州恒嘉环保科技有限公司") in got


def test_the_core_of_a_company_named_before_is_no_person():
    got = mentions("上海普雷特复合材料股份有限公司成立院士工作站。普雷特董事长出席。")
    assert ("普雷特", "Company", "上海普雷特复合材料股份有限公司") in got
    assert not any(t == "Person" and n == "普雷特" for n, t, _ in got)


def test_a_unit_without_its_parent_is_the_unit():
    got = mentions("北方材料所高分子实验室与企业签约。高分子实验室主任出席。")
    assert ("高分子实验室", "Lab", "北方材料所高分子实验室") in got


@pytest.mark.parametrize("form, full, ok", [
    ("内燃所", "天津大学内燃机研究所", True),
    ("光机所", "中国科学院长春光学精密机械与物理研究所", True),
    ("平舆县院士工作站", "平舆县调研院士工作站", False),   # same ending kept whole: another name
    ("研究所", "天津大学内燃机研究所", False),             # the full name's own ending
])
def test_abbreviation_shape(form, full, ok):
    assert abbreviates(form, full) is ok


def test_categories_units_and_cores():
    assert is_category("研究所") and is_category("重点实验室") and not is_category("地理资源所")
    assert "地理资源所" in unit_forms("中科院地理资源所") and "研究所" not in unit_forms("天津大学内燃机研究所")
    assert "恒和" in company_cores("无锡恒和环保科技有限公司")


def test_a_name_written_in_front_of_a_unit_is_its_parent_not_its_short_form():
    from kg.nlp.components.short_forms import owner_of, short_form_table
    fulls = {"中国科学院重庆绿色智能技术研究院": "ResearchInstitute"}
    assert owner_of("中国科学院", fulls, short_form_table(fulls)) is None


def test_the_parent_in_front_keeps_its_own_name_and_the_unit_is_part_of_it():
    from kg.nlp import analyse
    from kg.read.documents import document_from_text
    a = analyse(document_from_text("中国科学院与安徽省召开会议。会上,中国科学院重庆绿色智能技术研究院院长袁家虎讲话。", "t"))
    assert {m.canonical for m in a.mentions if m.text == "中国科学院"} == {"中国科学院"}
    canon = {(m.start, m.end): m.canonical for m in a.mentions}
    assert any(r["relation"] == "partOf" and canon.get(tuple(r["head"])) == "中国科学院重庆绿色智能技术研究院"
               and (r.get("tail_text") or canon.get(tuple(r["tail"] or ()))) == "中国科学院" for r in a.relations)
