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
