"""Figures a researcher can trust (issue 12): targets against outcomes, earlier years' figures, what a
measure counts, values as written, contradictions that are real, and indicators that keep stages apart.

Every sentence here is written for the test, following a pattern seen in real reports.
"""

from __future__ import annotations

from govgraph.extract.observations import find_observations
from govgraph.model import Observation
from govgraph.resolve.figure_checks import rate_vs_counts
from govgraph.resolve.indicators import change_indicator, indicator_for


def _obs(text: str) -> list[tuple[str, float, str | None, str, str]]:
    return [(o.measure, o.value, o.unit, o.qualifier, o.status) for o in find_observations(text)]


def _values(text: str) -> list[tuple[float, str | None, str]]:
    return [(o.value, o.unit, o.qualifier) for o in find_observations(text)]


# 1. target against outcome


def test_a_target_restated_in_an_explanation_is_a_target() -> None:
    text = "这里要着重说明，提出国内生产总值增长7%左右，主要是考虑了就业的需要。"
    assert [(o.value, o.status) for o in find_observations(text)] == [(7.0, "target")]


def test_an_expectation_is_a_target_and_a_result_against_it_is_actual() -> None:
    assert find_observations("今年的经济增长预期为6％左右。")[0].status == "target"
    assert find_observations("经济运行好于预期，全年国内生产总值增长6.2%。")[0].status == "actual"
    assert find_observations("提出法律意见建议120条。")[0].status == "actual"  # 提出 with a count is work done


def test_targets_listed_after_a_colon_on_their_own_line() -> None:
    text = "今年经济社会发展的主要预期目标是：\n国内生产总值增长7%左右；城镇新增就业900万人以上。"
    assert {o.status for o in find_observations(text)} == {"target"}


def test_averages_over_years_are_no_one_years_growth() -> None:
    obs = find_observations("全市地区生产总值跨过1500亿元台阶，年均增长6.4%。")
    growth = [o for o in obs if o.unit == "%"]
    assert growth[0].measure == "全市地区生产总值年均增速"
    assert indicator_for(growth[0].measure, "%") is None
    level = find_observations("国内生产总值增加到98万亿元，五年年均增长6.1%。")[0]
    assert level.change is not None and level.change.basis == "五年年均"
    assert change_indicator("indicator/gdp", "%", level.change.basis) is None


def test_a_change_since_a_named_year_is_cumulative() -> None:
    text = "2015年与2010年相比，国内生产总值增长48.2%，年均增长8.2%。"
    measures = [o.measure for o in find_observations(text)]
    assert measures[0] == "国内生产总值较2010年增速"
    assert all(indicator_for(m, "%") is None for m in measures)


def test_a_range_target_is_a_lower_bound() -> None:
    assert _values("今年发展的主要预期目标是：国内生产总值增长5.5%－6%，居民消费价格涨幅3%左右。")[0] == (
        5.5,
        "%",
        "over",
    )


# 2. earlier years' figures


def test_a_figure_of_a_named_earlier_year_is_its_own_observation() -> None:
    later, earlier = find_observations("全年受理行政复议案件640件，较2021年597件增长7.2%。")
    assert (later.value, later.change.value, later.change.basis) == (640, 7.2, "较2021年")  # type: ignore[union-attr]
    assert (earlier.value, earlier.year, earlier.explains, earlier.measure) == (597, 2021, later.start, later.measure)


def test_last_years_figure_lies_one_year_back() -> None:
    later, earlier = find_observations("办理法律援助案件92件（去年同期为75件），同比增长22.7%。")
    assert later.change is not None and later.change.value == 22.7
    assert (earlier.value, earlier.years_back, earlier.year) == (75, 1, None)
    assert Observation("x", 75, "件", "", 0, 1, "一", years_back=1).ref_period(2023, "fazhi") == 2022


# 3. measures carry what is counted


def test_a_bare_stage_takes_the_cases_counted_before_it() -> None:
    measures = [o.measure for o in find_observations("全区共收到行政复议申请860件，办结702件，其中直接纠错41件。")]
    assert measures[1:] == ["办结行政复议申请", "直接纠错行政复议申请"]


def test_a_share_names_the_category_it_is_a_share_of() -> None:
    measures = [o.measure for o in find_observations("新增经营主体12万户，同比增长35%，占全省40.5%。")]
    assert measures[-1] == "新增经营主体占全省"


def test_an_absolute_change_keeps_its_verb() -> None:
    assert find_observations("城乡居民基础养老金最低标准再提高20元。")[0].measure == "城乡居民基础养老金最低标准提高"


def test_names_listed_before_figures_share_their_tail() -> None:
    text = "城镇、农村常住居民人均可支配收入分别增长4.1%、6.3%。"
    assert [o.measure for o in find_observations(text)] == [
        "城镇常住居民人均可支配收入增速",
        "农村常住居民人均可支配收入增速",
    ]
    text = "地区生产总值、固定资产投资占全省比重达30.1%、33.6%。"
    assert [o.measure for o in find_observations(text)] == ["地区生产总值占全省比重", "固定资产投资占全省比重"]


def test_one_figure_shared_by_two_measures() -> None:
    got = [(o.measure, o.value, o.qualifier) for o in find_observations("监管事项认领率、检查实施清单填报率均超97%。")]
    assert got == [("监管事项认领率", 97.0, "over"), ("检查实施清单填报率", 97.0, "over")]


# 4. values as written


def test_spaces_inside_numbers() -> None:
    assert _values("实现营业收入2. 2万亿元。")[0] == (2.2e12, "元", "exact")
    assert _values("接待游客7492. 4万人次。")[0] == (74924000, "人次", "exact")
    assert _values("国内生产总值达到7 4 7 7 2 亿元。")[0] == (7477200000000, "元", "exact")
    assert _values("1. 2022年以来，全面推进依法行政。") == []  # a list number before a year


def test_qualifiers_approx_and_over() -> None:
    assert _values("非公经济占比约为24%。")[0] == (24.0, "%", "approx")
    assert _values("惠及群众超120万人。")[0] == (1200000, "人", "over")
    assert _values("惠及学生2100多万人次。")[0] == (21000000, "人次", "approx")


def test_chinese_numeral_quantities() -> None:
    assert _values("两次下调存款准备金率。") == [(2.0, "次", "exact")]
    assert _values("中小企业贷款占比近六成。") == [(60.0, "%", "approx")]
    assert _values("分十批次集中发布。") == [(10.0, "批次", "exact")]
    assert _values("新增专项债务限额两万亿元。") == [(2e12, "元", "exact")]
    assert _values("出台两个方案。") == [(2.0, "个", "exact")]


def test_numerals_inside_names_and_slogans_are_no_figures() -> None:
    text = "坚决做到“两个维护”，统筹国内国际两个大局，办好铁人三项赛，落实省委七届八次全会精神，惠及千家万户。"
    assert find_observations(text) == []


def test_units_that_were_missing() -> None:
    text = (
        "举办第5届论坛。外汇储备3.1万亿美元。粮食亩产412千克。开行中欧班列120列。客流是上年的1.5倍。新增签约1.2万户。"
    )
    units = {o.unit for o in find_observations(text)}
    assert {"美元", "千克", "列", "倍", "户"} <= units


def test_a_bare_wan_takes_the_unit_its_measure_names() -> None:
    assert _values("康养旅游人次42.3万。")[0] == (423000, "人次", "exact")
    assert _values("基本养老保险参保人数达615万。")[0] == (6150000, "人", "exact")


def test_a_ratio_has_no_unit() -> None:
    obs = find_observations("城乡居民收入比缩小至2.1：1。")
    assert [(o.value, o.unit) for o in obs] == [(2.1, None)]


# 5. check: a contradiction only when no base explains the rate


def _checked(text: str) -> list[str]:
    obs = [
        Observation(o.measure, o.value, o.unit, "", o.start, o.end, "一", o.qualifier) for o in find_observations(text)
    ]
    return [f.message for f in rate_vs_counts(text, obs)]


def test_the_real_base_given_earlier_explains_the_rate() -> None:
    assert _checked("全年受理行政复议案件864件，审结213件，其中调解150件，调解率17.4%。") == []


def test_a_rate_no_base_explains_is_a_contradiction() -> None:
    assert _checked("共受理复议案件512件，纠错37件，纠错率9.35%。") == [
        "纠错率 9.35% does not follow from 37件 of 512件 (7.23%)"
    ]
    assert _checked("调处矛盾纠纷5210宗，成功调处5210宗，调处成功率96%。")


# 6. one indicator, three values


def test_reconsideration_stages_are_different_indicators() -> None:
    got = {
        indicator_for(m, "件")
        for m in ("收到行政复议申请", "办结行政复议申请", "直接纠错行政复议申请", "区政府作为被申请人的行政复议案件")
    }
    assert len(got) == 4 and None not in got
    assert indicator_for("行政复议案件", "件") == "indicator/admin-reconsideration-cases"


def test_figures_dated_in_the_text_keep_their_years() -> None:
    first, last = find_observations("全省财政收入从2015年的2100亿元增加到2020年的3050亿元，平均每年增加190亿元。")
    assert (first.measure, first.year, last.measure, last.year) == ("全省财政收入", 2015, "全省财政收入", 2020)
    assert last.change is not None and last.change.basis == "平均每年"


def test_changes_over_years_or_on_a_comparable_basis_check_no_previous_report() -> None:
    from govgraph.model import Figure
    from govgraph.resolve.figure_checks import previous_year

    level = find_observations("各类市场主体达到6200万户，五年增加65%。")[0]
    assert level.change is not None and level.change.basis == "五年"
    comparable = find_observations("全省财政收入达到1620亿元，按可比口径增加210亿元。")[0]
    assert comparable.change is not None and comparable.change.basis == "按可比口径"
    before = Figure("o1", "r1", "p", "i", 2021, 1300e8, "元", "财政收入")
    now = Figure("o2", "r2", "p", "i", 2022, 1620e8, "元", "财政收入", 210e8, "元", "up", "按可比口径")
    assert previous_year([now, before]) == []
    stated = Figure("o2", "r2", "p", "i", 2022, 1620e8, "元", "财政收入", 210e8, "元", "up", "比上年")
    assert [implied for _, _, implied in previous_year([stated, before])] == [1410e8]  # the same change, checked


def test_a_districts_three_reconsideration_figures_keep_three_indicators(tmp_path) -> None:
    """The issue's pattern end to end: received, closed and as respondent are told apart by measure and indicator."""
    import govgraph

    report = tmp_path / "district.txt"
    report.write_text(
        "# title: 某区2023年法治政府建设情况报告\n# place: 海口市龙华区\n# year: 2023\n\n一、行政复议\n"
        "全年共受理行政复议申请905件，办结812件，其中直接纠错33件，区政府作为被申请人的行政复议案件14件。\n",
        encoding="utf-8",
    )
    obs = govgraph.to_json(govgraph.extract_report(report))["observations"]
    got = {o["value"]: (o["measure"], o["indicator"]) for o in obs}
    assert got[905][1] == "indicator/admin-reconsideration-cases-received"
    assert got[812] == ("办结行政复议申请", "indicator/admin-reconsideration-cases-closed")
    assert got[33][1] == "indicator/admin-reconsideration-cases-corrected"
    assert got[14][1] == "indicator/admin-reconsideration-cases-as-respondent"
