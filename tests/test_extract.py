"""Extraction on the bundled report and on fixtures written here."""

from __future__ import annotations

from govgraph.extract.agencies import find_agencies
from govgraph.extract.documents import find_documents
from govgraph.extract.observations import find_observations
from govgraph.text.place_context import context_for


def _names(x, kind):
    return {e.name: e for e in x.entities if e.type == kind}


def test_agencies_expand_from_the_reports_place(haikou):
    ags = _names(haikou, "agency")
    assert {"海口市司法局", "中共海南省委员会", "海南省人民政府", "中共中央", "国家市场监督管理总局"} <= set(ags)
    assert ags["海口市综合行政执法局龙华分局"].parent == "海口市综合行政执法局"
    assert ags["中共海口市委员会全面依法治市委员会"].parent == "中共海口市委员会"
    assert "市司法局" in ags["海口市司法局"].surfaces


def test_agency_rules_are_general():
    ctx = context_for("440100")  # 广州市: never tuned on
    got = {
        (a.text, a.name)
        for a in find_agencies("市委依法治市办、市发展改革委和省委依法治省办联合召开会议，市政府常务会议审议。", ctx)
    }
    assert ("市委依法治市办", "中共广州市委员会全面依法治市委员会办公室") in got
    assert ("市发展改革委", "广州市发展和改革委员会") in got
    assert ("省委依法治省办", "中共广东省委员会全面依法治省委员会办公室") in got
    assert not any("会议" in name for _, name in got)


def test_documents_kind_level_and_short_law_names(haikou):
    docs = _names(haikou, "document")
    assert docs["中华人民共和国审计法"].kind == "law" and "审计法" in docs["中华人民共和国审计法"].surfaces
    assert docs["法治政府建设实施纲要（2021—2025年）"].level == "national"
    assert docs["海南省法治政府建设实施方案（2021—2025年）"].level == "provincial"
    assert docs["海口市人民政府公报"].kind == "periodical"
    assert "中华人民共和国民法典" in docs  # cited without 《》


def test_lost_dash_and_bracket_forms_are_one_document():
    ctx = context_for("460100")
    found = find_documents("《法治政府建设实施纲要(20212025年)》和《法治政府建设实施纲要（2021—2025年）》", ctx)
    assert len({d.name for d in found}) == 1


def test_places_and_reforms(haikou):
    assert {"海口市", "海南省", "龙华区", "美兰区", "流水坡社区", "海南自由贸易港"} <= set(_names(haikou, "place"))
    reforms = set(_names(haikou, "reform"))
    assert {"互联网+监管", "双随机、一公开", "枫桥经验", "扩权强区改革", "八五普法", "秒批"} <= reforms
    assert "12345" not in reforms and "12348" not in reforms


def test_observation_values_units_qualifiers_changes(haikou):
    obs = {(o.value, o.unit): o for o in haikou.observations}
    assert obs[(62200, "人次")].measure.endswith("法律咨询")
    assert obs[(219000000, "元")].qualifier == "approx"  # 2.19亿余元
    assert obs[(500000000, "元")].qualifier == "over"  # 超5亿元
    rate = obs[(15.3, "%")]
    assert rate.change.value == 4.06 and rate.change.unit == "个百分点" and rate.change.direction == "down"
    assert obs[(780000, "户")].change.value == 169.7  # the share 81% in between does not take the change
    assert (169.7, "%") not in obs
    assert not any(o.unit == "年" and o.value > 1900 for o in haikou.observations)


def test_observations_on_a_work_report_sentence():
    text = "地区生产总值增长5.5%，城镇、农村居民人均可支配收入分别增长3.4%、5.2%，接待游客突破1亿人次。预期目标是城镇调查失业率5.5%左右。"
    got = [(o.measure, o.value, o.unit, o.qualifier, o.status) for o in find_observations(text)]
    assert got[0] == ("地区生产总值增速", 5.5, "%", "exact", "actual")
    assert got[1][0].startswith("城镇") and got[2][0].startswith("农村居民人均可支配收入")
    assert got[3] == ("接待游客", 100000000, "人次", "over", "actual")
    assert got[4][3:] == ("approx", "target")


def test_measures_are_phrases_not_windows(haikou):
    for o in haikou.observations:
        assert o.measure and len(o.measure) <= 40
        assert o.measure in haikou.document.text or o.measure.endswith(("增速", "降幅")) or "、" not in o.measure


def test_documents_named_without_quotes():
    ctx = context_for("320100")  # 南京市: never tuned on
    text = "开展食品安全法电梯安全条例执法检查，宣传妇女权益保障及老年人权益保障两法，严格落实中央八项规定精神。"
    got = {d.name: d.text for d in find_documents(text, ctx)}
    assert got["中华人民共和国食品安全法"] == "食品安全法"
    assert got["电梯安全条例"] == "电梯安全条例"  # runs on right after a law
    assert got["中华人民共和国妇女权益保障法"] == "妇女权益保障"
    assert got["中华人民共和国老年人权益保障法"] == "老年人权益保障"
    assert "十八届中央政治局关于改进工作作风、密切联系群众的八项规定" in got


def test_known_reforms_unquoted_and_variants_resolve():
    from govgraph.extract.reforms import find_reforms

    got = {(r.name, r.text) for r in find_reforms("全面推行河湖长制，深化“放管服”改革，推进医养结合，落实“双减”政策。")}
    assert ("河长制", "河湖长制") in got and ("医养结合", "医养结合") in got
    assert any(name == "双减" for name, _ in got)


def test_absolute_changes_and_exact_big_numbers():
    text = "赤字规模4.06万亿元、比上年增加1800亿元。居民医保人均财政补助标准提高30元。"
    obs = find_observations(text)
    assert obs[0].value == 4060000000000 and obs[0].change.value == 180000000000 and obs[0].change.unit == "元"
    assert obs[1].measure == "居民医保人均财政补助标准增加额" and obs[1].value == 30
    assert len(obs) == 2


def test_observation_quotes_hold_measure_and_figure(haikou, haikou_text):
    quotes = {o.text for o in haikou.observations}
    assert {"38条具体工作举措", "行政机关负责人出庭率98.53%", "连续15年在全省法治建设考核中获评优秀等次"} <= quotes
    assert any(q.endswith("法律援助案件5426件") for q in quotes)
    for o in haikou.observations:
        assert haikou_text[o.start : o.end] == o.text


def test_named_areas_and_bodies_set_up_without_a_prefix():
    from govgraph.extract.places import find_places

    ctx = context_for("460000")
    places = {
        p.name for p in find_places("文化繁荣，中欧（保亭）绿色数字创新合作区启动，黄岩岛国家级自然保护区建立。", ctx)
    }
    assert {"中欧（保亭）绿色数字创新合作区", "保亭黎族苗族自治县", "黄岩岛国家级自然保护区"} <= places
    ags = {a.name for a in find_agencies("成立全国首个营商环境建设厅，全国首个国际船舶登记管理局落地运行。", ctx)}
    assert ags == {"海南省营商环境建设厅", "国际船舶登记管理局"}


def test_indicators_on_a_report_never_tuned_on():
    """A county's figures, written for this test, map to the indicator concepts."""
    text = (
        "全县地区生产总值增长6.1%，一般公共预算收入完成12.3亿元，城镇新增就业3200人，城镇调查失业率5.1%。"
        "全年办理行政复议案件58件，纠错率12.1%；行政机关负责人出庭应诉率100%；办理法律援助案件860件。"
    )
    from govgraph.resolve.indicators import indicator_for

    got = {o.measure: indicator_for(o.measure, o.unit) for o in find_observations(text)}
    assert set(got.values()) >= {
        "indicator/gdp-growth",
        "indicator/fiscal-revenue",
        "indicator/urban-jobs",
        "indicator/urban-surveyed-unemployment",
        "indicator/admin-reconsideration-cases",
        "indicator/admin-reconsideration-correction-rate",
        "indicator/agency-head-court-appearance-rate",
        "indicator/legal-aid-cases",
    }
