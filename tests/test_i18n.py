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
