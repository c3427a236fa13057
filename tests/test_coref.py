"""Document context and coreference: 我市, 市委/市政府, 市X, 省X, (简称X), 该企业."""
from __future__ import annotations

from kg.nlp import analyse
from kg.nlp.context import detect_context
from kg.read.documents import document_from_text


def canon(text: str, context=None) -> dict[str, str]:
    a = analyse(document_from_text(text, "t"), context=context)
    return {m.text: m.canonical for m in a.mentions}


def test_city_is_detected_from_the_text():
    doc = document_from_text("新乡：创新驱动发展\n新乡市科技局表示，我市新增高新技术企业。新乡高新区…", "t")
    ctx = detect_context(doc)
    assert ctx["city"] == "新乡市" and ctx["province"] == "河南省"


def test_national_text_has_no_city():
    doc = document_from_text("国务院要求保持经济运行在合理均衡水平上，加强科技创新。", "t")
    assert detect_context(doc)["city"] is None


def test_city_relative_names_resolve_to_the_city():
    names = canon("新乡：创新驱动\n新乡市召开会议。市委、市政府印发文件，市科学院参加。", {"city": "新乡市"})
    assert names["市委"] == "新乡市委"
    assert names["市政府"] == "新乡市人民政府"
    assert names["市科学院"] == "新乡市科学院"


def test_province_relative_names():
    names = canon("省精密轴承重点实验室在洛阳揭牌。", {"city": "洛阳市", "province": "河南省"})
    assert names["省精密轴承重点实验室"] == "河南省精密轴承重点实验室"


def test_abbreviation_and_later_short_mentions():
    text = ("河南华锂新能源科技有限公司（简称华锂新能源）成立于2015年。"
            "华锂新能源与郑州大学开展合作。")
    a = analyse(document_from_text(text, "t"), context={"city": "新乡市"})
    shorts = [m for m in a.mentions if m.text == "华锂新能源"]
    assert len(shorts) == 2
    assert all(m.canonical == "河南华锂新能源科技有限公司" for m in shorts)


def test_anaphor_resolves_to_the_subject_of_the_previous_sentence():
    text = "洛阳晶联光电材料有限责任公司是我市一家新材料企业，与清华大学有合作。近年来，该企业研发的ITO靶材实现量产。"
    a = analyse(document_from_text(text, "t"), context={"city": "洛阳市"})
    anaphor = next(m for m in a.mentions if m.text == "该企业")
    assert anaphor.canonical == "洛阳晶联光电材料有限责任公司"
    assert any(r["relation"] == "develops" and r["tail_text"] == "ITO靶材" for r in a.relations)


def test_a_kind_word_refers_to_the_last_name_of_that_kind():
    from kg.nlp import analyse
    from kg.read.documents import document_from_text
    text = ("洛阳先进轴承研究院由洛阳市政府与河南科技大学共建。研究院院长、中国工程院院士王立平表示，"
            "该研究院自主研发的高速轴承检测技术已在8家企业应用。")
    a = analyse(document_from_text(text, "t"), context={"city": "洛阳市", "province": "河南省"})
    anaphors = [(m.text, m.canonical) for m in a.mentions if m.source == "anaphor"]
    assert ("研究院", "洛阳先进轴承研究院") in anaphors
    assert ("该研究院", "洛阳先进轴承研究院") in anaphors  # not 中国工程院, the nearer 院


def test_places_written_one_inside_the_next_are_one_place():
    from kg.nlp import analyse
    from kg.read.documents import document_from_text
    a = analyse(document_from_text("走进位于天津市南开区的科技园。南开区将继续支持园区发展。", "t"))
    places = {(m.text, m.canonical) for m in a.mentions if m.type == "Place"}
    assert ("天津市南开区", "南开区") in places and ("南开区", "南开区") in places


def test_a_county_named_in_full_is_the_place_its_short_form_names():
    from kg.nlp import analyse
    from kg.read.documents import document_from_text
    a = analyse(document_from_text("杨浦区位于上海东北部。复旦大学与杨浦共建创新街区。", "t"))
    assert ("杨浦", "杨浦区") in {(m.text, m.canonical) for m in a.mentions if m.type == "Place"}


def test_a_town_after_its_county_is_one_place_with_it():
    """No gazetteer lists towns; the county in front says what 拂晓乡 and 城关镇莲花村 are. Words such as
    乡镇 and counted towns (十个乡镇) are no towns."""
    a = analyse(document_from_text("工作站在淮阳县拂晓乡揭牌成立。企业落户竹山县城关镇莲花村。全县十个乡镇参加。", "t"))
    places = {m.text for m in a.mentions if m.type == "Place"}
    assert {"淮阳县拂晓乡", "竹山县城关镇莲花村"} <= places
    assert not any("乡镇" in p for p in places)


def test_a_name_in_front_of_a_longer_one_of_another_kind_is_its_parent_not_its_short_form():
    names = canon("南海新区工委书记张海军参加峰会。南海新区发展迅速。")
    assert names["南海新区"] == "南海新区"
