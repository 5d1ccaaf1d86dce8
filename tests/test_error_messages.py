"""Every error and warning a student can meet comes from the message catalogs.

Two guards for issue "Feedback in Chinese": a scan of the source, so that a new
English-only ``raise ValueError(f"...")`` fails the suite, and a sample of real
errors from each module raised with the language set to Chinese, which must
hold no English words except argument names, code and a few abbreviations.
"""

import ast
import inspect
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import i18n

ROOT = Path(crmlab.__file__).parent
#: The modules whose messages students see (the self-checks, grading helpers
#: and instructor tools are guarded by their own tests).
MODULES = sorted(
    {
        *(ROOT / name for name in ("_validation.py", "_align.py", "loyalty.py", "churn.py")),
        *(ROOT / name for name in ("retention.py", "clv_models.py", "_bgnbd.py")),
        *(ROOT / name for name in ("_gamma_gamma.py", "_btyd.py", "_simulation.py")),
        *(ROOT / name for name in ("glossary.py", "sources.py")),
        *(
            path
            for package in (
                "value",
                "states",
                "satisfaction",
                "pls",
                "plots",
                "widgets",
                "datasets",
            )
            for path in (ROOT / package).glob("*.py")
        ),
    }
)


def _is_message_call(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "message"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
    )


def _has_prose(node) -> bool:
    """A string literal (or f-string) with words in it: English written in code."""
    texts = []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        texts.append(node.value)
    elif isinstance(node, ast.JoinedStr):
        texts += [v.value for v in ast.iter_child_nodes(node) if isinstance(v, ast.Constant)]
    return any(re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", text) for text in texts)


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        text = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            text = node.exc.args[0]
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("warnings.warn", "warn")
            and node.args
        ):
            text = node.args[0]
        if text is not None and not _is_message_call(text):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(text)[:80]}")
        if _is_message_call(node):
            found += [
                f"{path.name}:{node.lineno}: field {k.arg} written in English"
                for k in node.keywords
                if _has_prose(k.value)
            ]
    return found


def test_the_scan_covers_the_student_facing_modules():
    names = {path.relative_to(ROOT).as_posix() for path in MODULES}
    assert {"_validation.py", "plots/_style.py", "pls/spec.py", "widgets/states.py"} <= names
    assert not any(name.startswith(("autograde/", "exercises/")) for name in names)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_errors_and_warnings_are_built_by_message(path):
    assert _offences(path) == [], "put the text in crmlab/data/messages/<lang>/<domain>.toml"


def test_the_scan_catches_an_english_only_error(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import warnings\n"
        "def f(x):\n"
        "    if x:\n"
        "        raise ValueError(f'x must be positive, got {x}.')\n"
        "    warnings.warn('this is English', UserWarning)\n"
        "    raise TypeError(message('validation.not_dataframe', name='x', type='some words'))\n"
    )
    assert len(_offences(bad)) == 3


def test_every_message_key_used_in_code_exists():
    english = i18n.catalog("en")
    unknown = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_message_call(node) and isinstance(node.args[0], ast.Constant):
                key = node.args[0].value
                if key not in english:
                    unknown.append(f"{path.name}:{node.lineno}: {key}")
    assert unknown == []


# ---------------------------------------------------------------- Chinese sample

#: Words allowed in a Chinese message besides the arguments and code it names.
ALLOWED = {
    "NaN", "None", "True", "False", "pandas", "DataFrame", "Series", "Index", "dtype",
    "matplotlib", "Axes", "PLS", "CLV", "RFM", "BG", "NBD", "Gamma", "ModelFit",
    "PLSResult", "Better", "Worse", "inf", "int", "float", "str", "list", "dict", "object",
}  # fmt: skip

_CODE = re.compile(
    r"[\w.-]*/[\w./-]+|'[^']*'|\"[^\"]*\"|[A-Za-z_][\w.]*\([^()]*\)|[A-Za-z_]\w*(?:[.\[][^\s，。；：]*)+|\w*_\w*"
)


def _english_words(text: str, names) -> list[str]:
    """The words of ``text`` that are English prose (not quoted, not code, not a name)."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", _CODE.sub(" ", text))
    return [w for w in words if w not in ALLOWED and w not in names]


def _sow():
    from crmlab.value import share_of_wallet

    a = pd.Series([10.0, 30.0], index=["a", "b"])
    return share_of_wallet(a, pd.Series([40.0, 20.0], index=["b", "c"]))


def _transactions():
    return pd.DataFrame(
        {"customer_id": [1, 2], "date": ["2024-01-05", "2024-02-01"], "amount": [10.0, 5.0]}
    )


def _call(function, *args, names=(), **kwargs):
    """A sample: the call, and the names that stay as code in its message (the
    function's parameters, plus ``names``: column or dataset names shown)."""
    names = set(inspect.signature(function).parameters) | set(names)
    return (lambda: function(*args, **kwargs)), names


def _set_unknown_control():
    crmlab.widgets.retention_explorer().set_values(speed=1)


SAMPLES = {
    "validation: string for a number": _call(crmlab.churn.churn_rate, "12", 100),
    "validation: percentage for a fraction": _call(crmlab.value.retention_clv, 100, 85, 0.1),
    "validation: part above whole": _call(crmlab.churn.churn_rate, 120, 100),
    "validation: NaN": _call(crmlab.value.clv, [100.0, np.nan], 0.1),
    "validation: missing columns": _call(
        crmlab.churn.churn_rate_by, pd.DataFrame({"x": [1]}), "plan", names={"x"}
    ),
    "validation: bad date": _call(crmlab.value.rfm, _transactions(), as_of="someday"),
    "align: misaligned Series": (_sow, {"our_sales", "category_spend"}),
    "align: lengths differ": _call(crmlab.churn.churn_rate, [1, 2], [3, 4, 5]),
    "value: DataFrame for a column": _call(crmlab.value.pareto_table, pd.DataFrame({"a": [1]})),
    "states: unknown label": _call(crmlab.states.in_state_order, ["vip"], names={"states"}),
    "states: rows not summing to 1": _call(crmlab.states.steady_state, [[0.5, 0.2], [0, 1]]),
    "satisfaction: unknown Kano key": _call(crmlab.satisfaction.better_worse, {"X": 1}),
    "satisfaction: bad items": _call(crmlab.satisfaction.cronbach_alpha, "items"),
    "loyalty: no drivers": _call(crmlab.loyalty.loyalty_drivers, pd.DataFrame(), "y", []),
    "churn: list for a survival curve": _call(crmlab.churn.median_survival_time, [1.0, 0.5]),
    "retention: retention of 1": _call(crmlab.retention.expected_lifetime_from_retention, 1.0),
    "clv: unknown time unit": _call(
        crmlab.clv_models.rfm_summary, _transactions(), "2024-03-01", time_unit="fortnight"
    ),
    "pls: blocks not a mapping": _call(crmlab.pls.pls_pm, pd.DataFrame(), ["SAT1"], {}),
    "plots: text for numbers": _call(crmlab.plots.pareto_curve, "abc"),
    "plots: unknown language": _call(crmlab.plots.retention_curves, 0.8, lang="fr"),
    "widgets: unknown control": (_set_unknown_control, {"speed"}),
    "datasets: unknown dataset": _call(
        crmlab.datasets.load, "sales", names=crmlab.datasets.DATASETS
    ),
    "glossary: key of the wrong type": _call(crmlab.glossary.entry, 3),
    "glossary: no such term": _call(crmlab.glossary.lookup, "qqqqzz"),
    "sources: unknown key": _call(crmlab.sources.label, "wiki"),
}


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", "zh")


@pytest.mark.parametrize("case", SAMPLES)
def test_errors_come_in_chinese(case, chinese):
    call, names = SAMPLES[case]
    with pytest.raises((ValueError, TypeError, KeyError)) as caught:
        call()
    text = str(caught.value.args[0])
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert _english_words(text, names) == [], text


def test_the_sample_check_catches_english():
    assert _english_words("churned 必须是整数，got 5.5 instead。", {"churned"}) == [
        "got",
        "instead",
    ]
    assert _english_words("例如 df.dropna() 或 'a b'", set()) == []
