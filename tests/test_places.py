"""Place rules, each on sentences written for its test (no corpus text)."""

from __future__ import annotations

from govgraph.extract.places import find_places
from govgraph.text.place_context import context_for


def names(text: str, adcode: str) -> set[str]:
    return {p.name for p in find_places(text, context_for(adcode))}


def test_both_ends_of_a_route_are_places():
    # 和平 is an ordinary word glued to 高速 unless a route names it
    assert {"连平县", "和平县"} <= names("开工建设连平至和平高速公路。", "440000")
    assert "和平县" not in names("维护和平稳定的发展环境。", "440000")
    # another province's places, where no other division shares the name
    assert {"兰州市", "西宁市"} <= names("新建兰州至西宁城际铁路。", "100000")
    # a span of time or a figure is no route
    assert names("一至三季度增长较快，至今保持稳定。", "440000") == set()


def test_a_posting_names_its_destination():
    assert "徐闻县" in names("选派医护人员派驻徐闻支援抗疫。", "460000")
    assert "徐闻县" not in names("徐闻菠萝远销各地。", "460000")  # another province's county, no posting
    # a name several divisions share is not guessed
    assert not any(n.startswith("和平") for n in names("派驻和平守护一方。", "460000"))


def test_a_team_or_a_plant_names_the_county_that_owns_it():
    got = names("台山核电稳定运行，五华女足获得冠军，蕉岭代表队再创佳绩。", "440000")
    assert {"台山市", "五华县", "蕉岭县"} <= got
    # an ordinary word that begins like a county stays a word
    assert "新兴县" not in names("培育新兴产业，发展核电产业。", "440000")


def test_a_bracketed_head_names_a_second_area():
    got = names("推动广西自贸区（港）联动发展。", "450000")
    assert {"中国（广西）自由贸易试验区", "广西自由贸易港"} <= got
    assert "广西自由贸易港" not in names("推动广西自贸区（南宁片区）发展。", "450000")


def test_a_place_inside_a_brand_a_platform_or_an_exam_is_no_mention():
    assert "云南省" not in names("上线“云南办事通”平台，打响“游在云南”品牌。", "530000")
    assert "云南省" in names("宣传“云南”，在云南推广。", "530000")
    assert "云南省" not in names("组织干部参加云南省行政执法资格考试。", "530000")
    assert "云南省" not in names("我县在2021年度云南省县域法治政府建设考核评估中名列前茅。", "530100")
    assert "云南省" in names("云南省在全国营商环境考核中获评优秀。", "530000")


def test_a_list_batch_starts_the_lists_name():
    assert "海南自由贸易港" not in names("两项做法入选第二批自贸港制度创新案例。", "460000")
    assert "海南自由贸易港" in names("两项做法服务自贸港建设。", "460000")


def test_a_name_read_across_two_words_is_none():
    assert "重庆市" not in names("我们隆重庆祝建党纪念日。", "100000")
    assert "重庆市" in names("支持四川与重庆共建经济圈，重庆庆祝成立纪念日。", "510000")


def test_a_transport_line_named_after_a_county_is_a_facility():
    # even in an enumeration, where a county's short name may otherwise run on into the next word
    assert "永嘉县" not in names("推进码头一期、永嘉支线复线建设。", "330000")
    assert "永嘉县" in names("推进码头一期、永嘉、苍南建设。", "330000")


def test_a_county_name_ending_an_ordinary_word_needs_the_place_named_plainly_too():
    # 合作 (合作市) and 资源 (资源县) end ordinary words before a clause's end
    assert names("深化开放合作，保护水资源。", "620000") == set()
    assert "资源县" not in names("加强水资源和旅游资源保护。", "450000")
    assert "新兴县" not in names("大力发展这一新兴的产业。", "440000")
    # the same word counts where the report names that place plainly elsewhere
    assert "合作市" in names("在合作市召开现场会，推动开放合作。", "620000")
    got = find_places("服务覆盖琼中。支持琼中、保亭发展。", context_for("460000"))
    assert [p.start for p in got if p.name == "琼中黎族苗族自治县"] == [4, 9]
