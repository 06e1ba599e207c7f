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
    places = set(_names(haikou, "place"))
    assert {"海口市", "龙华区", "美兰区", "流水坡社区", "海南自由贸易港"} <= places
    assert "海南省" not in places  # named only inside an exam's name (参加海南省行政执法资格考试) and titles
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


def test_absolute_changes_and_exact_big_numbers():
    text = "赤字规模4.06万亿元、比上年增加1800亿元。居民医保人均财政补助标准提高30元。"
    obs = find_observations(text)
    assert obs[0].value == 4060000000000 and obs[0].change.value == 180000000000 and obs[0].change.unit == "元"
    assert obs[1].measure == "居民医保人均财政补助标准提高" and obs[1].value == 30  # the verb says what changed
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


def _agencies(text: str, adcode: str) -> dict[str, str | None]:
    return {a.name: a.parent for a in find_agencies(text, context_for(adcode))}


def test_county_level_city_and_autonomous_units_are_their_own_place():
    # a county-level city directly under its province: 市 is the city, never a placeholder
    got = _agencies("市委、市政府召开会议，市司法局牵头。", "469005")  # 文昌市
    assert {"中共文昌市委员会", "文昌市人民政府", "文昌市司法局"} <= set(got)
    assert not any("省直辖" in n for n in got)
    # a county-level city under a prefecture-level city
    assert "中共义乌市委员会" in _agencies("在市委的领导下。", "330782")
    got = _agencies("自治区党委、自治区政府高度重视，自治区生态环境厅组织实施。", "640000")
    assert {"中共宁夏回族自治区委员会", "宁夏回族自治区人民政府", "宁夏回族自治区生态环境厅"} <= set(got)
    got = _agencies("州委、州政府出台意见。", "522700")  # 黔南布依族苗族自治州
    assert {"中共黔南布依族苗族自治州委员会", "黔南布依族苗族自治州人民政府"} <= set(got)


def test_a_district_keeps_its_city_and_variants_join():
    got = _agencies("区委常委会听取汇报，区政府、区法院和区人民法院参加。", "310104")  # 上海市徐汇区
    assert "上海市徐汇区人民政府" in got and "上海市徐汇区人民法院" in got
    assert got["中共上海市徐汇区委员会常务委员会"] == "中共上海市徐汇区委员会"
    assert "中共上海市徐汇区委员会" in got  # the owner written in the name is listed too
    got = _agencies("市委市政府高度重视。", "330100")
    assert {"中共杭州市委员会", "杭州市人民政府"} <= set(got)
    # a district named just before 区委 in a city's report owns it
    got = _agencies("滨江区通过区委中心组学习会推进。", "330100")
    assert "中共杭州市滨江区委员会理论学习中心组" in got


def test_agency_heads_and_words_that_are_not_heads():
    got = _agencies("市委组织部、市委巡察组和县委党校参加，市防汛抗旱指挥部和市乡村振兴领导小组部署。", "330100")
    assert {"中共杭州市委员会组织部", "中共杭州市委员会巡察组", "杭州市防汛抗旱指挥部"} <= set(got)
    assert "杭州市乡村振兴领导小组" in got
    # 部门 and 部分 are not a …部, a designation is no body, a verb ends a name
    got = _agencies("市场监管部门和教育部门加强协作，建设国家中心城市，市政府交办事项。", "330100")
    assert set(got) == {"杭州市人民政府"}
    assert "教育部教育发展研究中心" in _agencies("教育部教育发展研究中心发布报告。", "110000")
    got = _agencies("全国政协委员提出意见，以中央对本市开展督察为契机，坚定维护世界贸易组织规则。", "110000")
    assert "中国人民政治协商会议全国委员会" not in got and {"中共中央", "世界贸易组织"} <= set(got)


def test_a_party_committee_written_in_full_and_verbs_of_handling():
    # 市委员会 is the full form of 市委, not 委 and then 员会
    got = _agencies("据中共杭州市委员会调查，市委员会办公室印发通知。", "330100")
    assert {"中共杭州市委员会", "中共杭州市委员会办公室"} <= set(got) and not any("员会员会" in n for n in got)
    assert "中共北京市委员会" in _agencies("据中国共产党北京市委员会调查。", "100000")
    # X申办 (bids for), X承办 (hosts) and X主办: a verb of handling, not an office called …办
    got = _agencies("支持北京市申办冬奥会，市政府承办论坛，市司法局主办培训。", "330100")
    assert set(got) == {"杭州市人民政府", "杭州市司法局"}
    # a body named inside a longer one ends where a head noun ends, not inside one (筹委|会)
    got = _agencies("香港特别行政区筹委会预备工作委员会已经开始工作。", "100000")
    assert got == {"香港特别行政区筹委会预备工作委员会": "香港特别行政区筹委会", "香港特别行政区筹委会": None}


def test_places_rules():
    from govgraph.extract.places import find_places

    def names(text: str, adcode: str) -> set[str]:
        return {p.name for p in find_places(text, context_for(adcode))}

    # the title line and an official's title hold no place mention; a programme's name neither
    assert names("宁波市2023年法治政府建设情况报告\n宁波市市长出席，建设法治浙江。", "330200") == set()
    assert names("融入杭州都市圈，推动长江中游城市群发展。", "330100") >= {"杭州都市圈", "长江中游城市群"}
    got = names("奋力抢抓浙江自由贸易试验区机遇，促进综合保税区转型，鼓励人才到中西部地区。", "330100")
    assert "中国（浙江）自由贸易试验区" in got and not any("促进" in n or n == "西部地区" for n in got)
    assert not any("新城" in n for n in names("推动创新城乡融合。", "330100"))
    # a district's short name only in its own city's report: 新建 is a word in a province's report
    assert "新建区" not in names("新建和改造高标准农田。", "360000")
    assert "东城区" in names("推荐东城、延庆参评。", "110000")
    # another province's city by its short name only where the sentence goes to it
    assert "遵义市" in names("选派干部支援遵义。", "440000") and "遵义市" not in names("遵义会议精神", "440000")


def test_documents_without_quotes_are_laws_only():
    ctx = context_for("330100")
    got = {d.name for d in find_documents("以法治政府建设实施纲要为主题，维护宪法和基本法确定的宪制秩序。", ctx)}
    assert not any("纲要" in n for n in got)
    assert {"中华人民共和国香港特别行政区基本法", "中华人民共和国澳门特别行政区基本法"} <= got


def test_header_publisher_notes_and_district_place():
    from govgraph.model import ReportMeta
    from govgraph.read.metadata import merge_header

    m = merge_header({"place": "天津市西青区", "publisher": "天津市西青区人民政府 (文章来源: 司法局)"}, ReportMeta())
    assert m.place == "天津市西青区" and m.publisher == "天津市西青区司法局"
    m = merge_header({"place": "浙江省", "publisher": "浙江省人民政府 (来源: 浙江日报)"}, ReportMeta())
    assert m.publisher == "浙江省人民政府"  # a newspaper reprints, it does not publish


def test_body_only_metadata_of_work_reports():
    from govgraph.read.metadata import infer_metadata

    m = infer_metadata(
        "政 府 工 作 报 告\n二〇二四年一月九日在宁波市第十六届人民代表大会第四次会议上\n各位代表：\n现在，我代表市人民政府向大会报告工作。"
    )
    assert (m.title, m.place, m.year, m.published) == ("2024年宁波市政府工作报告", "宁波市", 2023, "2024-01-09")
    m = infer_metadata("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2019年工作回顾\n过去一年，重庆等地……")
    assert (m.place, m.level, m.year, m.publisher) == ("中华人民共和国", "national", 2019, "国务院")
    m = infer_metadata("2022年西青区坚持以习近平法治思想为指导，推进法治政府建设。")
    assert (m.place, m.year) == ("天津市西青区", 2022)
