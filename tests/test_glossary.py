"""Tests of crmlab.glossary: completeness against COURSE.md, data quality, lookups."""

from __future__ import annotations

import dataclasses
import pathlib
import re
import subprocess
import sys

import pandas as pd
import pytest

from crmlab import glossary, sources
from crmlab.glossary import (
    TERMS,
    UNITS,
    Term,
    TermList,
    TermTable,
    as_dataframe,
    entry,
    lookup,
    term,
    term_sequence,
)

# The exact labels of COURSE.md ("Shared data conventions"); copied rather than
# imported so that this test does not depend on crmlab.states.
STATES = ("potential", "target", "first-time", "repeat", "loyal", "churned", "non-customer")
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_names() -> set[str]:
    return {t.english.casefold() for t in TERMS}


def test_glossary_size_is_in_the_planned_range():
    assert 80 <= len(TERMS) <= 300
    assert isinstance(TERMS, tuple)
    assert all(isinstance(t, Term) for t in TERMS)


def test_no_duplicate_terms():
    english = [t.english.casefold() for t in TERMS]
    chinese = [t.chinese for t in TERMS]
    assert len(set(english)) == len(english)
    assert len(set(chinese)) == len(chinese)


def test_every_field_is_non_empty_text():
    for t in TERMS:
        for field in dataclasses.fields(Term):  # the key too: every entry has one
            value = getattr(t, field.name)
            assert isinstance(value, str) and value.strip() == value and value, (t, field.name)


def test_every_chinese_term_has_cjk_characters():
    assert [t.english for t in TERMS if not CJK.search(t.chinese)] == []


def test_definitions_are_one_line_sentences():
    for t in TERMS:
        assert "\n" not in t.definition, t.english
        assert t.definition.endswith("."), t.english
        assert len(t.definition) <= 200, t.english


def test_sources_and_units_are_well_formed():
    labels = "|".join(re.escape(label) for label in sources.table()["label"])
    pattern = re.compile(rf"({labels}|standard practice)(; ({labels}|standard practice))*")
    for t in TERMS:
        assert pattern.fullmatch(t.source), (t.english, t.source)
        assert t.unit in UNITS, (t.english, t.unit)
    assert {t.unit for t in TERMS} == set(UNITS) - {"07"}


def test_every_course_state_label_is_a_term():
    for label in STATES:
        assert label in english_names() or f"{label} customer" in english_names(), label


def test_seed003_state_terms_use_the_seed_wording():
    expected = {
        "potential customer": "潜在客户",
        "target customer": "目标客户",
        "first-time customer": "初次购买客户",
        "repeat customer": "重复购买客户",
        "loyal customer": "忠诚客户",
        "churned customer": "流失客户",
        "non-customer": "非客户",
        "customer flow model": "客户流转模式",
    }
    assert {name: term(name).chinese for name in expected} == expected


@pytest.mark.parametrize(
    ("category", "letter", "chinese"),
    [
        ("attractive", "A", "迷人质量"),
        ("one-dimensional", "O", "期望质量"),
        ("must-be", "M", "当然质量"),
        ("indifferent", "I", None),
        ("reverse", "R", None),
        ("questionable", "Q", None),
    ],
)
def test_every_kano_category_is_a_term(category, letter, chinese):
    found = lookup(category)[0]
    assert found.english.startswith(category)
    assert f"Kano category {letter}:" in found.definition
    if chinese:
        assert found.chinese == chinese
        assert found.source == "CRM slides"


@pytest.mark.parametrize(
    "name",
    [
        "CRM",
        "CRM triangle",
        "80/20 rule",
        "customer lifetime value",
        "annuity factor",
        "discount rate",
        "customer delivered value",
        "share of wallet",
        "RFM analysis",
        "customer flow model",
        "MAN principle",
        "relationship life cycle",
        "customer life cycle",
        "satisfaction ratio",
        "ACSI",
        "SCSB",
        "ECSI",
        "CCSI",
        "SERVQUAL",
        "Kano model",
        "NPS",
        "Cronbach's alpha",
        "control chart",
        "churn rate",
        "retention rate",
        "retention indicators",
        "relationship marketing",
        "database marketing",
        "one-to-one marketing",
        "win-back",
        "cohort",
        "survival curve",
        "Kaplan-Meier estimator",
    ],
)
def test_key_course_terms_are_present(name):
    assert term(name)


@pytest.mark.parametrize(
    "group",
    [
        [
            "profit source",
            "crowd effect",
            "information value",
            "word-of-mouth value",
            "barrier against competitors",
            "customer lifetime value",
        ],
        [
            "cultivation phase",
            "growth phase",
            "return phase",
            "retention phase",
            "termination phase",
        ],
        [
            "potential stage",
            "development stage",
            "growth stage",
            "maturity stage",
            "decline stage",
            "termination stage",
            "recovery stage",
        ],
        ["reliability", "responsiveness", "assurance", "empathy", "tangibles"],
        ["ideal loyalty", "latent loyalty", "spurious loyalty", "no loyalty"],
        [
            "monopoly loyalty",
            "inertia loyalty",
            "latent loyalty",
            "convenience loyalty",
            "price loyalty",
            "incentive loyalty",
            "super-value loyalty",
        ],
        ["customer perceived value", "customer satisfaction", "switching cost", "customer trust"],
        ["cognitive loyalty", "affective loyalty", "conative loyalty", "action loyalty"],
        [
            "active churn",
            "passive churn",
            "natural churn",
            "competitive churn",
            "fault churn",
            "non-malicious passive churn",
            "retaliatory passive churn",
            "malicious passive churn",
        ],
        ["key customer", "ordinary customer", "small customer", "unworthy customer"],
        ["mind satisfaction", "behaviour satisfaction", "visual satisfaction"],
        [
            "reputation",
            "name recognition",
            "return rate",
            "complaint rate",
            "purchase amount",
            "price sensitivity",
        ],
    ],
)
def test_every_member_of_each_course_list_is_present(group):
    for name in group:
        assert term(name), name


def test_seed_wording_spot_checks():
    assert term("churn rate").chinese == "客户流失率"
    assert term("retention rate").chinese == "客户保持率"
    assert term("CLV").chinese == "客户终生价值"
    assert term("share of wallet").chinese == "钱包份额"
    assert term("customer delivered value").chinese == "顾客让渡价值"
    assert term("spurious loyalty").chinese == "虚假忠诚"
    assert term("CCSI").chinese == "中国顾客满意指数"


def test_lookup_english_partial_and_case_insensitive():
    found = lookup("CHURN")
    assert all("churn" in t.english.casefold() for t in found)
    assert "churn rate" in [t.english for t in found]


def test_lookup_chinese():
    assert [t.english for t in lookup("客户流失率")] == ["churn rate"]
    names = [t.english for t in lookup("忠诚")]
    assert "spurious loyalty" in names and "loyal customer" in names


def test_lookup_puts_exact_matches_first():
    assert lookup("CLV")[0].english == "customer lifetime value (CLV)"
    assert lookup("  cohort ")[0].english == "cohort"
    assert lookup("lift")[0].english == "lift"


def test_lookup_returns_a_printable_term_list():
    found = lookup("钱包份额")
    assert isinstance(found, TermList)
    assert repr(found) == str(found[0])
    assert str(found[0]).startswith("share of wallet (SOW) | 钱包份额 | ")
    assert "<table" in found._repr_html_()


def test_unknown_lookup_suggests_close_matches():
    with pytest.raises(
        ValueError, match=r"No glossary term matches 'chrun rate'\. Did you mean: churn rate"
    ):
        lookup("chrun rate")
    with pytest.raises(ValueError, match="Did you mean: .*spurious loyalty"):
        lookup("spurios loyalty")
    with pytest.raises(ValueError, match="Did you mean: .*客户流失率"):
        lookup("客户流逝率")


def test_unknown_lookup_without_close_matches_points_to_the_table():
    with pytest.raises(ValueError, match=r"Browse all terms with crmlab\.glossary\.as_dataframe"):
        lookup("quantum chromodynamics")


@pytest.mark.parametrize(("text", "error"), [("", ValueError), ("   ", ValueError), (3, TypeError)])
def test_lookup_validation(text, error):
    with pytest.raises(error, match="text must"):
        lookup(text)


def test_term_is_exact():
    assert term("Net Promoter Score").english == "net promoter score (NPS)"
    assert term("net promoter score (NPS)") is term("nps")
    with pytest.raises(ValueError, match="No glossary term is named 'churn'. Did you mean"):
        term("churn")
    with pytest.raises(TypeError, match="english must be a str"):
        term(None)


def test_abbreviations_and_names_are_unambiguous():
    from crmlab.glossary import _names

    keys = [name for t in TERMS for name in _names(t)]
    duplicated = {k for k in keys if keys.count(k) > 1}
    assert duplicated == set()


TABLE_COLUMNS = ["english", "chinese", "definition", "definition_zh", "source", "unit"]


def test_terms_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        TERMS[0].english = "changed"


def test_as_dataframe_all_and_by_unit():
    df = as_dataframe()
    assert list(df.columns) == TABLE_COLUMNS
    assert len(df) == len(TERMS)
    unit5 = as_dataframe(unit="05")
    assert set(unit5["unit"]) == {"05"}
    pd.testing.assert_frame_equal(as_dataframe(unit=5), unit5)
    assert set(as_dataframe(unit="a1")["unit"]) == {"A1"}
    assert as_dataframe(unit=7).empty
    assert "churn rate" in set(unit5["english"])


@pytest.mark.parametrize("unit", ["08", 9, "B1", True])
def test_as_dataframe_rejects_unknown_units(unit):
    with pytest.raises(ValueError, match="unit must be one of 00, 01"):
        as_dataframe(unit=unit)


def test_keys_are_unique_stable_slugs():
    keys = [t.key for t in TERMS]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k) for k in keys), keys
    assert entry("customer-lifetime-value") is term("CLV")


def test_entry_errors():
    with pytest.raises(ValueError, match="Did you mean 'latent-loyalty'"):
        entry("latent-loyalty-x")
    with pytest.raises(TypeError, match="key must be a str"):
        entry(3)


def test_term_tables_are_read_only_views_of_the_glossary():
    table = TermTable({"a": "cohort", "b": "latent-loyalty"})
    assert table["a"] is entry("cohort")
    assert dict(TermTable({"a": "cohort"}, field="chinese")) == {"a": "同期群"}
    for change in (
        lambda: table.__setitem__("c", entry("cohort")),
        lambda: table.update(c=entry("cohort")),
        lambda: table.pop("a"),
        table.clear,
    ):
        with pytest.raises(TypeError, match="read-only"):
            change()
    assert pd.DataFrame.from_dict(table, orient="index").loc["a", "zh"] == "同期群"
    steps = term_sequence(["reception", "test-drive"])
    assert [s.english for s in steps] == ["reception", "test drive"]


def test_the_data_file_cites_sources_never_file_labels():
    text = (pathlib.Path(glossary.__file__).parent / "data" / "glossary.csv").read_text("utf-8")
    assert not re.search(r"seeds?\b ?0[0-4]|seeds/", text, re.IGNORECASE)
    assert "seeds/" not in pathlib.Path(glossary.__file__).read_text("utf-8")


def test_term_drift_is_fixed_once():
    # One Chinese term per concept, as the course uses them everywhere.
    assert term("cohort").chinese == "同期群"
    assert term("AVE").chinese == "平均方差抽取量"
    assert not any("平均提取方差" in t.chinese or "客户群组" in t.chinese for t in TERMS)
    assert term("Fortune Global 500").chinese == "全球500强"
    for name, level in (("financial", "first"), ("social", "second"), ("structural", "third")):
        found = term(f"{name} bonds")
        assert f"{level} of the three levels of relationship marketing" in found.definition
        assert "关系营销" in found.chinese
    assert "Dwyer method" in term("group CLV").definition
    dwyer = term("lost-for-good and always-a-share customers").definition
    assert "retention model" in dwyer and "migration model" in dwyer
    assert [t.english for t in TERMS if t.chinese == "潜在忠诚"] == ["latent loyalty"]


def test_label_tables_of_the_unit_modules_are_glossary_entries():
    from crmlab import churn, loyalty, satisfaction, states

    assert loyalty.LOYALTY_TYPES["latent"] is entry("latent-loyalty")
    assert loyalty.SEVEN_LOYALTY_TYPES["latent"] is entry("latent-loyalty")
    assert satisfaction.KANO_LABELS["A"] is entry("attractive-quality")
    assert churn.WINBACK_POLICY_ZH["key"] == entry("strive-to-win-back").chinese
    assert states.STATE_NAMES_ZH["potential"] == term("potential customer").chinese
    every = [*loyalty.LOYALTY_TYPES.values(), *satisfaction.SERVQUAL_DIMENSIONS.values()]
    assert all(t in TERMS for t in every)


def test_importing_the_glossary_reads_no_file():
    code = (
        "import crmlab.glossary as g\n"
        "print(g._entries.cache_info().currsize)\n"
        "g.TERMS\n"
        "print(g._entries.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "1"]


def test_chinese_first_when_the_course_language_is_chinese(monkeypatch):
    from crmlab import i18n

    found = lookup("share of wallet")
    monkeypatch.setattr(i18n, "_chosen", "zh")
    line = str(found[0])
    assert line.startswith("钱包份额 | share of wallet (SOW) | ")
    assert line.endswith("［《客户关系管理讲义》；第 01 单元］")
    assert found[0].source == "CRM slides"  # the data stays English; only the display changes
    html = found._repr_html_()
    assert html.index("<th>chinese</th>") < html.index("<th>english</th>")
    assert "《客户关系管理讲义》" in html
    with pytest.raises(ValueError, match="没有与 'qqqzz' 匹配的术语"):
        lookup("qqqzz")


# ----------------------------------------------------------------- Chinese definitions

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Half-width punctuation next to a Chinese character: Chinese prose uses ，；：？！.
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:?!]|[,;:?!][\u4e00-\u9fff]")
SITE_SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "scripts" / "build_site.py"


def test_every_definition_has_a_chinese_translation():
    for t in TERMS:
        assert t.definition_zh == t.description_zh, t.key
        assert CJK.search(t.definition_zh), (t.key, t.definition_zh)
        assert "\n" not in t.definition_zh, t.key
        assert t.definition_zh.endswith("。"), (t.key, t.definition_zh)
        assert not HALF_WIDTH_IN_CHINESE.search(t.definition_zh), (t.key, t.definition_zh)


def test_chinese_definitions_have_no_english_prose():
    from tests.test_translations import allowed_english, english_runs

    allowed = allowed_english()
    left = {t.key: runs for t in TERMS if (runs := english_runs(t.definition_zh, allowed))}
    assert left == {}


def test_the_english_checker_would_catch_an_untranslated_definition():
    from tests.test_translations import allowed_english, english_runs

    assert english_runs(entry("cohort").definition, allowed_english())


def test_chinese_definitions_keep_the_numbers_of_the_english():
    from collections import Counter

    for t in TERMS:
        english, chinese = (
            Counter(NUMBER.findall(t.definition)),
            Counter(NUMBER.findall(t.definition_zh)),
        )
        assert english == chinese, (t.key, t.definition, t.definition_zh)


@pytest.mark.parametrize(
    ("key", "chinese"),
    [
        ("very-low-tier", "家电企业五个价值等级中最低的一级：占其客户的42.2%，价值为负。"),
        ("churn-rate", "流失客户数除以客户数：一个比例，12% 即 0.12。"),
        ("product-quality", "加权满意度指数的指标 X21（权重 0.30）：可靠性、易使用性和功能特性。"),
    ],
)
def test_worked_examples_of_the_translation(key, chinese):
    assert entry(key).definition_zh == chinese


def test_chinese_definitions_use_the_source_wording():
    # 《客户关系管理讲义》 and 《顾客关系与满意度》 define satisfaction in these words,
    # 《保持客户关系》 switching cost and trust.
    assert "可感知效果" in entry("customer-satisfaction").definition_zh
    assert "期望值" in entry("customer-satisfaction").definition_zh
    assert "主观认知" in entry("switching-cost").definition_zh
    assert "依赖意愿" in entry("customer-trust").definition_zh


def test_chinese_definitions_use_the_glossary_terms():
    """A definition that names another glossary term uses that term's Chinese."""
    uses = {
        "retention-rate": ["客户流失率"],
        "group-churn-loss": ["客户流失率", "客户终生价值"],
        "retention-based-clv": ["客户保持率", "贴现率"],
        "servqual": ["可靠性", "敏感性", "保证", "善解人意", "硬件设备"],
        "determinants-of-loyalty": ["客户认知价值", "转移成本", "客户信任"],
        "relationship-life-cycle": ["培育期", "成长期", "回报期", "挽留期", "终止期"],
        "ideal-loyalty": ["相对态度", "重复惠顾"],
        "customer-state": ["潜在客户", "目标客户", "现实客户", "流失客户", "非客户"],
    }
    for key, words in uses.items():
        missing = [w for w in words if w not in entry(key).definition_zh]
        assert missing == [], key


def test_kano_definitions_are_what_the_kano_widget_shows():
    from crmlab import i18n
    from crmlab.satisfaction import KANO_LABELS

    for category, t in KANO_LABELS.items():
        assert i18n.catalog("zh")[f"widgets.kano.meaning.{category}"] + "。" == t.definition_zh
        assert i18n.catalog("en")[f"widgets.kano.meaning.{category}"] + "." == t.definition


def test_english_display_shows_the_english_definition():
    t = entry("cohort")
    assert t.shown_definition == t.definition
    assert t.definition in str(t)
    assert t.definition_zh not in str(t)
    html = TermList([t])._repr_html_()
    assert t.definition in html and t.definition_zh not in html


def test_chinese_display_shows_the_chinese_definition(monkeypatch):
    from crmlab import i18n

    monkeypatch.setattr(i18n, "_chosen", "zh")
    t = entry("cohort")
    assert t.shown_definition == t.definition_zh
    assert str(t) == (
        "同期群 | cohort | 在同一时期获取的客户，随时间一起跟踪观察。［通行做法；第 05 单元］"
    )
    found = lookup("流失率")
    assert t.definition not in repr(found)
    assert found[0].definition_zh in repr(found)
    html = found._repr_html_()
    assert found[0].definition_zh in html and found[0].definition not in html
    assert found[0].definition == entry("churn-rate").description  # the data keeps both


def test_jupyter_shows_the_term_line_in_chinese_and_the_fields_in_english(monkeypatch):
    from IPython.lib.pretty import pretty

    from crmlab import i18n

    t = entry("cohort")
    assert pretty(t) == repr(t)
    monkeypatch.setattr(i18n, "_chosen", "zh")
    assert pretty(t) == str(t)
    assert t.definition not in pretty(t)


def test_a_label_without_a_chinese_definition_shows_its_english_one(monkeypatch):
    from crmlab import i18n

    monkeypatch.setattr(i18n, "_chosen", "zh")
    label = Term("label", "标签", "A label given by the caller.")
    assert label.shown_definition == "A label given by the caller."


def test_the_table_has_both_definitions_in_either_language(monkeypatch):
    from crmlab import i18n

    english = as_dataframe()
    assert list(english.columns) == TABLE_COLUMNS
    monkeypatch.setattr(i18n, "_chosen", "zh")
    pd.testing.assert_frame_equal(as_dataframe(), english)
    row = english.set_index("english").loc["churn rate"]
    assert row["definition"] == entry("churn-rate").definition
    assert row["definition_zh"] == entry("churn-rate").definition_zh


def _site_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_site_for_glossary_test", SITE_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page_rows(page: str) -> list[list[str]]:
    lines = [line for line in page.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[1:]]


def test_site_glossary_page_in_chinese_shows_the_chinese_definitions():
    page = _site_script().glossary_page("zh")
    assert "| 英文 | 中文 | 定义 | 单元 | 来源 |" in page
    rows = _page_rows(page)
    assert len(rows) == len(TERMS)
    by_english = {row[0]: row for row in rows}
    for t in TERMS:
        row = by_english[t.english.replace("|", "\\|")]
        assert row[2] == t.definition_zh.replace("|", "\\|"), t.key
    assert entry("cohort").definition not in page


def test_site_glossary_page_in_english_keeps_the_english_definitions():
    page = _site_script().glossary_page("en")
    rows = _page_rows(page)
    assert len(rows) == len(TERMS)
    assert [row[2] for row in rows] == [t.definition.replace("|", "\\|") for t in TERMS]
