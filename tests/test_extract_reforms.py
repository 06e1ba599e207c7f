"""Reform finder: one test per cause of issue 11, on sentences written for these tests.

None of these sentences is taken from the corpus; places and programmes are made up or
national, so that each test checks a rule, not a remembered name.
"""

from __future__ import annotations

import pytest

from govgraph.extract.reforms import find_reforms


def _names(text: str) -> set[str]:
    return {r.name for r in find_reforms(text)}


def test_known_reforms_unquoted_and_variants_resolve() -> None:
    got = {(r.name, r.text) for r in find_reforms("全面推行河湖长制，深化“放管服”改革，推进医养结合，落实“双减”政策。")}
    assert ("河长制", "河湖长制") in got and ("医养结合", "医养结合") in got
    assert any(name == "双减" for name, _ in got)


# --- unquoted named programmes and mechanisms ------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("今年全面实施乡村教师素质提升行动，成效明显。", "乡村教师素质提升行动"),
        ("深入推进山区供水保障工程，新增供水能力。", "山区供水保障工程"),
        ("启动实施青年人才托举计划，遴选一批骨干。", "青年人才托举计划"),
        ("坚定实施扩大内需战略，做强国内市场。", "扩大内需战略"),
        ("打好重点流域治污攻坚战。", "重点流域治污攻坚战"),
        ("持续打好碧水蓝天保卫战。", "碧水蓝天保卫战"),
        ("开展校园周边环境专项整治，消除隐患。", "校园周边环境专项整治"),
        ("稳步推进农村宅基地有偿退出试点。", "农村宅基地有偿退出试点"),
        ("扎实推进节水型社会示范创建。", "节水型社会示范创建"),
        ("严格落实安全生产领导责任制。", "安全生产领导责任制"),
        ("建立重大事项群众听证制度，保障知情权。", "重大事项群众听证制度"),
    ],
)
def test_unquoted_named_programmes_are_found(sentence: str, name: str) -> None:
    assert name in _names(sentence)


def test_programme_span_starts_after_the_introducing_verbs() -> None:
    found = find_reforms("县里深入开展农村人居环境整治提升行动。")
    assert [(r.name, r.text) for r in found] == [("农村人居环境整治提升行动", "农村人居环境整治提升行动")]


def test_a_content_verb_may_open_a_name_after_a_light_verb() -> None:
    # 开展 introduces; 优化 is part of the programme's own name
    assert "优化基层医疗服务行动" in _names("今年开展优化基层医疗服务行动。")


def test_generic_mechanisms_and_labels_are_not_reforms() -> None:
    text = "健全工作机制和沟通协调机制，完善长效机制，坚持改革，深化经济体制改革，推进各项改革，完善年度报告制度。"
    assert _names(text) == set()


def test_plans_that_are_schedules_and_works_that_are_built_are_not_programmes() -> None:
    text = "编制年度立法计划，下达政府投资计划，建成城区引水工程和高速公路扩容工程。"
    assert _names(text) == set()


def test_national_strategy_labels_are_not_named_strategies() -> None:
    assert _names("主动服务国家战略，落实区域重大战略，培育战略性新兴产业。") == set()


# --- quoted names keep their glued head --------------------------------------------------------


def test_quoted_name_keeps_the_head_glued_after_it() -> None:
    found = {(r.name, r.text) for r in find_reforms("启动实施“数字乡村+”行动，推广“田长巡田”模式。")}
    assert ("数字乡村+行动", "“数字乡村+”行动") in found
    assert ("田长巡田模式", "“田长巡田”模式") in found


def test_a_quote_of_digits_counts_with_its_head() -> None:
    assert "2+5+N服务体系" in _names("构建“2+5+N”服务体系。")
    assert _names("拨打“12345”热线，完成“2035”目标。") == set()


def test_a_numbered_short_quote_keeps_its_field() -> None:
    assert "行政执法三项制度" in _names("严格落实行政执法“三项制度”。")


def test_trailing_reform_is_dropped_after_a_standalone_quote() -> None:
    assert "证照分离" in _names("深化“证照分离”改革。")


# --- the X改革 rule ------------------------------------------------------------------------------


def test_an_exclusion_word_inside_a_longer_name_does_not_remove_it() -> None:
    # 国有企业 is a field in 国企改革 labels, but 国有企业改革 is a named reform
    assert "国有企业改革" in _names("深化国有企业改革，优化布局。")


def test_coordinated_reforms_share_their_head() -> None:
    found = {(r.name, r.text) for r in find_reforms("深化盐业、林场、水利工程管理等改革。")}
    assert {("盐业改革", "盐业"), ("林场改革", "林场"), ("水利工程管理改革", "水利工程管理")} <= found


def test_coordinated_campaigns_share_a_longer_head() -> None:
    names = _names("开展电梯、燃气管道等安全隐患专项整治。")
    assert {"电梯安全隐患专项整治", "燃气管道安全隐患专项整治"} <= names


def test_a_list_of_fields_does_not_make_pilots() -> None:
    assert _names("扩大电信、医疗等领域开放试点。") == set()


def test_left_edge_stops_at_the_scope() -> None:
    assert _names("全面完成全省市县政府机构改革。") == {"政府机构改革"}
    assert "长期护理保险制度" in _names("在全市域推行长期护理保险制度。")


def test_generic_labels_are_kept_out() -> None:
    assert _names("全面深化改革，推进经济体制改革和生态文明体制改革，推动标志性改革。") == set()


def test_major_reform_is_the_reform() -> None:
    assert "户籍制度改革" in _names("稳妥推进户籍制度重大改革。")


# --- precision: slogans, honours, abbreviations, places ------------------------------------------


def test_enumerations_and_slogans_with_counters_are_not_reforms() -> None:
    text = "坚持“四措并举”，聚焦“五个方面”，做到“周周有调度、月月有通报”。"
    assert _names(text) == set()


def test_honours_brands_products_and_events_are_not_reforms() -> None:
    text = "荣获“全国绿化模范单位”，推出“惠企贷”产品，举办“山花节”，入选“最美乡村”名单，建设“共享书屋”。"
    assert _names(text) == set()


def test_abbreviations_of_issues_groups_and_goals_are_not_reforms() -> None:
    text = "做好“三农”工作，实现“双碳”目标，加强村“两委”建设，纠治“四风”。"
    assert _names(text) == set()


def test_numbered_national_programmes_in_the_scheme_are_kept() -> None:
    assert {"两新", "两重"} <= _names("加力推进“两新”工作，扎实推进“两重”建设。")


def test_place_groups_and_layouts_are_not_reforms() -> None:
    text = "构建“一核两翼三带”发展格局，推动“长株潭”协同，打造“智慧湘潭”。"
    assert _names(text) == set()


def test_province_brands_are_not_reforms() -> None:
    assert _names("叫响“浙里好物”品牌，办好“赣出好味”展会。") == set()


# --- filters that were too broad ------------------------------------------------------------------


def test_quote_followed_by_de_is_kept() -> None:
    assert "一窗通办" in _names("推行“一窗通办”的做法。")


def test_quote_starting_with_hao_is_kept_when_it_has_its_work() -> None:
    assert "好邻居" in _names("推进“好邻居”建设。")


def test_quote_ending_in_hui_is_kept_unless_an_event() -> None:
    assert "村民说事会" in _names("推行“村民说事会”，化解矛盾。")
    assert _names("举办“春季招聘会”。") == set()


def test_offsets_point_at_the_surface_text() -> None:
    text = "各地启动实施“数字乡村+”行动。"
    for r in find_reforms(text):
        assert text[r.start : r.end] == r.text
