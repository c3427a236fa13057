"""Indicator parsing: changes, counts, money with units normalised, shares, ranks."""
from __future__ import annotations

import pytest

from kg.nlp.components.indicators import find_indicators, find_indicators_en, parse_number


@pytest.mark.parametrize("text,value", [("16.38", 16.38), ("两", 2), ("千", 1000), ("三十五", 35), ("一百二十", 120)])
def test_parse_number(text, value):
    assert parse_number(text) == value


def one(sentence, **expected):
    found = find_indicators(sentence)
    assert any(all(i[k] == v for k, v in expected.items()) for i in found), found


def test_change_from_to():
    one("五年来，全市科技型中小企业由112家增至406家。", value=406, previous=112, unit="count", unit_text="家",
        subject="科技型中小企业")
    one("全社会研发经费投入由6.1亿元增至14.2亿元。", value=14.2, previous=6.1, unit="CNY", normalized=1.42e9)


def test_counts_before_and_after_the_noun():
    one("全市建成3个国家级孵化器。", value=3, unit_text="个")
    one("目前已拥有两个院士工作站。", value=2, unit_text="个")
    one("全市各类创新平台213家，其中国家级3家、省级58家。", value=58, unit_text="家")


def test_money_fund_and_share():
    one("设立规模5亿元的产业引导基金。", value=5, unit="CNY", normalized=5e8)
    one("该产品市场占有率超40%。", value=40, unit="percent", qualifier="超")


def test_names_and_descriptions_are_not_statistics():
    assert not find_indicators("印发《六项行动计划》，推进“四个一流”建设。")
    assert not find_indicators("华锂新能源是我市一家新能源企业。")
    assert not find_indicators("2024年3月5日召开会议。")


def test_english_amounts():
    found = find_indicators_en("Revenue grew from 120 million yuan in 2022 to 300 million yuan in 2023.")
    assert found[0]["value"] == 300 and found[0]["previous"] == 120 and found[0]["normalized"] == 3e8
