import pytest

import crmlab
from crmlab import i18n


@pytest.fixture(autouse=True)
def _reset(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)


def test_english_by_default():
    assert crmlab.get_language() == "en"


def test_environment_variable_then_set_language(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "zh")
    assert crmlab.get_language() == "zh"
    crmlab.set_language("en")
    assert crmlab.get_language() == "en"


@pytest.mark.parametrize("bad", ["fr", "ZH", None, 1])
def test_unknown_language_is_refused(bad):
    with pytest.raises(ValueError, match="language must be one of 'en', 'zh'"):
        crmlab.set_language(bad)


def test_unknown_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv(i18n.ENV_VAR, "de")
    with pytest.raises(ValueError, match="CRMLAB_LANGUAGE"):
        crmlab.get_language()


def test_message_follows_the_language():
    got = i18n.message("i18n.unknown_language", name="x", got="1")
    assert got.startswith("x must be one of")
    crmlab.set_language("zh")
    assert i18n.message("i18n.unknown_language", name="x", got="1").startswith("x 只能是")


def test_unknown_key_is_a_bug():
    with pytest.raises(KeyError, match="no message"):
        i18n.message("nowhere.nothing")


def test_every_english_message_has_a_chinese_one_with_the_same_fields():
    english, chinese = i18n.catalog("en"), i18n.catalog("zh")
    assert sorted(set(english) - set(chinese)) == [], "translate these into zh/*.toml"
    assert sorted(set(chinese) - set(english)) == [], "these Chinese keys have no English"
    wrong = [k for k in english if i18n.fields(english[k]) != i18n.fields(chinese[k])]
    assert wrong == [], "the Chinese template must fill the same fields"
