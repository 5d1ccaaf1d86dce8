"""The look shared by every chart: colours, markers, the bilingual chart texts, the
Chinese font, and the small helpers that check a chart's input and finish its Axes.

The texts are chart wording (titles, axis labels) in English and Chinese; the
names of concepts come from :mod:`crmlab.glossary`.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from crmlab import _validation as v
from crmlab._align import align
from crmlab.i18n import get_language, message

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_BLUE, _ORANGE, _GREEN, _VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
_SKY, _PURPLE, _YELLOW, _GREY = "#56B4E9", "#CC79A7", "#F0E442", "#999999"
_CYCLE = [_BLUE, _ORANGE, _GREEN, _VERMILLION, _PURPLE, _SKY, "#000000"]
_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
_LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1))]

_STATE_STYLE = {
    "potential": ("#DDDDDD", ""),
    "target": (_SKY, ".."),
    "first-time": (_YELLOW, "//"),
    "repeat": (_ORANGE, "\\\\"),
    "loyal": (_GREEN, "xx"),
    "churned": (_VERMILLION, "--"),
    "non-customer": ("#777777", "oo"),
}

# (English, Chinese) for every piece of chart text.
_TEXT = {
    # Pareto curve
    "pareto.title": ("Pareto curve of customer value", "客户价值帕累托曲线"),
    "pareto.x": (
        "Cumulative share of customers, most valuable first (%)",
        "累计客户占比(按价值从高到低)(%)",
    ),
    "pareto.y": ("Cumulative share of total value (%)", "累计价值占比 (%)"),
    "pareto.curve": ("Customers ranked by value", "按价值排序的客户"),
    "pareto.equal": ("Equal value (no concentration)", "价值均等(无集中)"),
    "pareto.point": (
        "Top {c:.0f}% of customers: {v:.1f}% of value",
        "前 {c:.0f}% 的客户贡献 {v:.1f}% 的价值",
    ),
    # Value tiers
    "tiers.title": ("Customer value tiers: value vs customers", "客户价值层级:价值与客户占比"),
    "tiers.x": ("Customer value tier", "客户价值层级"),
    "tiers.y": ("Share (%)", "占比 (%)"),
    "tiers.value": ("Share of value (%)", "价值占比 (%)"),
    "tiers.customers": ("Share of the company's customers (%)", "公司客户占比 (%)"),
    "tiers.market": ("Share of the market (%)", "市场占比 (%)"),
    "tiers.negative": (
        "{p:.1f}% of customers sit in tiers with negative value",
        "{p:.1f}% 的客户处于负价值层级",
    ),
    # CLV by year
    "clv.title": (
        "Customer lifetime value year by year (i = {i:.1%})",
        "逐年客户终生价值 (i = {i:.1%})",
    ),
    "clv.x": (
        "Year t (cash flows at year end; year 0 = acquisition)",
        "第 t 年(年末现金流;第 0 年为获取)",
    ),
    "clv.y": ("Amount ({cur})", "金额 ({cur})"),
    "clv.net": ("Net contribution Q_t − C_t", "净贡献 Q_t − C_t"),
    "clv.disc": ("Discounted: (Q_t − C_t)(1+i)^−t", "贴现值 (Q_t − C_t)(1+i)^−t"),
    "clv.acq": ("Acquisition cost C_0", "获取成本 C_0"),
    "clv.cum": ("Cumulative CLV", "累计客户终生价值"),
    "clv.final": ("CLV = {x:,.2f}", "CLV = {x:,.2f}"),
    # State counts
    "flow.title": ("Customers in each state over time", "各状态客户数量随时间的变化"),
    "flow.title_share": (
        "Share of customers in each state over time",
        "各状态客户占比随时间的变化",
    ),
    "flow.x": ("Period", "期数"),
    "flow.y": ("Customers (count)", "客户数(人)"),
    "flow.y_share": ("Share of customers (%)", "客户占比 (%)"),
    # Customer flow diagram
    "diagram.title": (
        "Customer flow model (transition probabilities per period)",
        "客户流转模式(每期转移概率)",
    ),
    "diagram.caption": (
        "Arrows: probability of moving in one period (line width grows with it)",
        "箭头:一期内转移的概率(线越粗概率越大)",
    ),
    "diagram.stay": ("stay {p}", "保持 {p}"),
    "diagram.count": ("n = {n:,.0f}", "人数 {n:,.0f}"),
    # Transition heatmap
    "heat.title": ("Transition matrix between customer states", "客户状态转移矩阵"),
    "heat.x": ("State in the next period (to)", "下一期状态(转入)"),
    "heat.y": ("State in this period (from)", "本期状态(转出)"),
    "heat.cbar": ("Transition probability", "转移概率"),
    # Satisfaction breakdown
    "sat.title": (
        "Satisfaction by indicator (index Y = {y:.1f})",
        "各指标满意度(满意度指数 Y = {y:.1f})",
    ),
    "sat.x": ("Mean score (0-100 scale)", "平均得分(0-100 分)"),
    "sat.y": ("Second-level indicator (weight)", "二级指标(权重)"),
    "sat.weight": ("weight {w:.2f}", "权重 {w:.2f}"),
    "sat.index": ("Weighted index Y = {y:.1f}", "加权指数 Y = {y:.1f}"),
    "sat.weakest": ("Weakest indicator", "最弱指标"),
    "sat.other": ("Indicator score", "指标得分"),
    # Kano
    "kano.title": ("Kano Better-Worse diagram", "卡诺模型 Better-Worse 图"),
    "kano.x": (
        "|Worse|: dissatisfaction when the feature is missing (0-1)",
        "|Worse|:缺少该功能时的不满意程度 (0-1)",
    ),
    "kano.y": (
        "Better: satisfaction when the feature is present (0-1)",
        "Better:具备该功能时的满意程度 (0-1)",
    ),
    "kano.A": ("A: attractive", "A:迷人质量"),
    "kano.O": ("O: one-dimensional", "O:期望质量"),
    "kano.M": ("M: must-be", "M:当然质量"),
    "kano.I": ("I: indifferent", "I:无差异质量"),
    "kano.features": ("Features", "功能"),
    # Importance-performance
    "ipa.title": ("Importance-performance analysis", "重要性-绩效分析"),
    "ipa.x": ("Performance (mean rating)", "绩效(平均评分)"),
    "ipa.y": ("Importance (mean rating)", "重要性(平均评分)"),
    "ipa.mean": ("Means", "均值"),
    "ipa.attributes": ("Attributes", "属性"),
    "ipa.q1": ("Concentrate here", "重点改进区"),
    "ipa.q2": ("Keep up the good work", "继续保持区"),
    "ipa.q3": ("Low priority", "低优先区"),
    "ipa.q4": ("Possible overkill", "过度投入区"),
    # Control chart
    "cc.title": ("Control chart (mean ± {s:g} sigma)", "控制图(均值 ± {s:g} 倍标准差)"),
    "cc.x": ("Sample (in time order)", "样本(按时间顺序)"),
    "cc.y": ("Satisfaction score", "满意度得分"),
    "cc.values": ("Observed", "观测值"),
    "cc.title_given": ("Control chart (limits given)", "控制图(给定控制限)"),
    "cc.centre": ("Centre line (mean) = {c:.2f}", "中心线(均值)= {c:.2f}"),
    "cc.centre_given": ("Centre line = {c:.2f}", "中心线 = {c:.2f}"),
    "cc.limits": ("Control limits [{lo:.2f}, {hi:.2f}]", "控制限 [{lo:.2f}, {hi:.2f}]"),
    "cc.out": ("Outside the limits ({n})", "超出控制限({n} 个)"),
    # Loyalty matrix
    "lm.title": (
        "Loyalty types: relative attitude x repeat patronage",
        "忠诚类型:相对态度 x 重复购买",
    ),
    "lm.x": ("Repeat patronage (score)", "重复购买(得分)"),
    "lm.y": ("Relative attitude (score)", "相对态度(得分)"),
    "lm.ideal": ("Ideal loyalty", "理想忠诚"),
    "lm.latent": ("Latent loyalty", "潜在忠诚"),
    "lm.spurious": ("Spurious loyalty", "虚假忠诚"),
    "lm.none": ("No loyalty", "缺乏忠诚"),
    "lm.cut": ("Cut lines", "分界线"),
    # Loyalty profit
    "lp.title": ("Loyalty = profit: profit per customer by year", "忠诚 = 利润:每位客户各年利润"),
    "lp.x": ("Year of the relationship", "关系年份"),
    "lp.y": ("Profit per customer ({cur})", "每位客户利润 ({cur})"),
    "lp.total": ("Total profit", "利润合计"),
    # Churn reasons
    "cr.title": ("Pareto chart of churn reasons", "客户流失原因排列图"),
    "cr.x": ("Churn reason", "流失原因"),
    "cr.y": ("Churned customers (count)", "流失客户数(人)"),
    "cr.y2": ("Cumulative share of churned customers (%)", "累计占比 (%)"),
    "cr.bars": ("Customers", "客户数"),
    "cr.cum": ("Cumulative %", "累计百分比"),
    "cr.80": ("80% line", "80% 线"),
    # Cohort heatmap
    "coh.title": (
        "Cohort retention: share of each cohort still active",
        "同期群留存:各期群仍活跃的比例",
    ),
    "coh.x": ("Periods since acquisition", "获取后的期数"),
    "coh.y": ("Acquisition cohort", "获取期群"),
    "coh.cbar": ("Share active (%)", "活跃比例 (%)"),
    # Survival
    "sv.title": ("Kaplan-Meier survival curve", "Kaplan-Meier 生存曲线"),
    "sv.x": ("Time since acquisition ({unit})", "获取后的时间({unit})"),
    "sv.y": ("Share of customers not yet churned S(t) (%)", "尚未流失的客户比例 S(t) (%)"),
    "sv.median": ("{name} (median {m:g} {unit})", "{name}(中位数 {m:g} {unit})"),
    "sv.nomedian": ("{name} (median not reached)", "{name}(未达到中位数)"),
    "sv.all": ("All customers", "全部客户"),
    "sv.half": ("S(t) = 50%", "S(t) = 50%"),
    # Retention curves
    "rc.title": (
        "Retention curves: share of customers still active",
        "客户保持曲线:仍活跃的客户比例",
    ),
    "rc.x": ("Period t", "第 t 期"),
    "rc.y": ("Customers still active r^t (%)", "仍活跃的客户 r^t (%)"),
    "rc.label": (
        "r = {r:.0%} (expected lifetime {life:.1f} periods)",
        "r = {r:.0%}(预期寿命 {life:.1f} 期)",
    ),
    "rc.forever": ("r = 100% (no churn)", "r = 100%(无流失)"),
    # RFM
    "rfm.title_count": ("Customers by R and F score", "按 R、F 得分的客户数"),
    "rfm.title_mean": ("Mean {col} by R and F score", "按 R、F 得分的平均 {col}"),
    "rfm.x": ("F score (frequency, higher = more purchases)", "F 得分(频率,越高购买越多)"),
    "rfm.y": ("R score (recency, higher = more recent)", "R 得分(近度,越高越近)"),
    "rfm.cbar_count": ("Customers (count)", "客户数(人)"),
    "rfm.cbar_mean": ("Mean {col}", "平均 {col}"),
}

# Fonts known to carry simplified Chinese, tried first (cheap name lookup).
_CJK_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Arial Unicode MS",
)


# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Name of an installed font that can draw Chinese, or None.

    Known Chinese fonts are looked up by name first; otherwise every font
    matplotlib knows is checked for the glyphs of 客户 (customer). The answer
    is cached for the session.

    Returns
    -------
    str or None
        A font family name usable as ``fontfamily=...``, or None when no
        installed font has Chinese glyphs.

    Examples
    --------
    >>> find_cjk_font() is None or isinstance(find_cjk_font(), str)
    True
    """
    entries = font_manager.fontManager.ttflist
    names = {entry.name for entry in entries}
    for name in _CJK_FONT_NAMES:
        if name in names:
            return name
    needed = {ord("客"), ord("户")}
    for entry in entries:
        # Matplotlib's own "Last Resort" font maps every character to a
        # placeholder box: it has the code points but no Chinese glyphs.
        if entry.name.startswith("Last Resort"):
            continue
        try:
            charmap = FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if needed <= charmap.keys():
            return entry.name
    return None


def _resolve_lang(lang) -> tuple[str, str | None]:
    """The language actually used and the font to use for it.

    ``None`` means the course language (:func:`crmlab.get_language`).
    """
    if lang is None:
        lang = get_language()
    if not isinstance(lang, str):
        raise TypeError(message("plots.lang_must_be_en_or", lang=lang))
    v.check_labels(lang, ("en", "zh"), "lang")
    if lang == "en":
        return "en", None
    font = find_cjk_font()
    if font is None:
        warnings.warn(
            message("plots.lang_zh_needs_a_font"),
            UserWarning,
            stacklevel=3,
        )
        return "en", None
    return "zh", font


def _t(key: str, lang: str, **fields) -> str:
    en, zh = _TEXT[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def _name(label, lang: str, table: Mapping[str, str]) -> str:
    """Translate a known category label (state, tier, reason); others pass through."""
    if lang == "zh" and isinstance(label, str) and label in table:
        return table[label]
    return str(label)


def _axes(ax, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
        return ax
    if not isinstance(ax, Axes):
        raise TypeError(message("plots.ax_must_be_a_matplotlib", type=type(ax).__name__))
    return ax


def _finish(ax: Axes, font: str | None, *others: Axes) -> Axes:
    """Give every text of the chart the Chinese font (with a Latin fallback)."""
    if font is not None:
        family = [font, "DejaVu Sans"]
        for axes in (ax, *others):
            for text in axes.findobj(Text):
                text.set_fontfamily(family)
            axes.tick_params(labelfontfamily=font)
    return ax


def _series(values, name: str, *, allow_mapping: bool = True) -> pd.Series:
    """1-D, non-empty, finite numeric data as a float Series (index kept)."""
    if isinstance(values, pd.DataFrame):
        raise TypeError(message("plots.name_must_be_d_a", name=name))
    if isinstance(values, Mapping):
        if not allow_mapping:
            raise TypeError(
                message("plots.name_must_be_a_list", name=name, type=type(values).__name__)
            )
        values = pd.Series(dict(values), dtype=None if values else float)
    elif isinstance(values, str | bytes) or values is None or np.ndim(values) == 0:
        raise TypeError(
            message("plots.name_must_be_a_list_2", name=name, type=type(values).__name__)
        )
    elif np.ndim(values) != 1:
        raise ValueError(message("plots.name_must_be_d_got", name=name, shape=np.shape(values)))
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    if len(series) == 0:
        raise ValueError(message("plots.name_is_empty_there_is", name=name))
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(message("plots.name_must_hold_numbers_got", name=name, dtype=series.dtype))
    if series.isna().any():
        raise ValueError(
            message("plots.name_has_n_series_missing", name=name, n=int(series.isna().sum()))
        )
    arr = v.check_finite(series.to_numpy(dtype=float), name)
    return pd.Series(arr, index=series.index, name=series.name)


def _frame(df, name: str, columns=()) -> pd.DataFrame:
    v.check_columns(df, columns, name)
    if df.empty:
        raise ValueError(message("plots.name_is_empty_there_is", name=name))
    return df


def _numeric_frame(df, name: str, *, allow_nan: bool = False) -> pd.DataFrame:
    """A non-empty DataFrame whose every column is numeric, as float."""
    _frame(df, name)
    bad = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    bad += [c for c in df.columns if pd.api.types.is_bool_dtype(df[c])]
    if bad:
        raise TypeError(message("plots.name_must_hold_numbers_only", name=name, bad=bad))
    out = df.astype(float)
    arr = out.to_numpy()
    if not allow_nan and np.isnan(arr).any():
        raise ValueError(
            message("plots.name_has_n_arr_missing", name=name, n=int(np.isnan(arr).sum()))
        )
    if np.isinf(arr).any():
        raise ValueError(message("plots.name_has_infinite_value_s", name=name))
    return out


def _column(df: pd.DataFrame, name: str, frame_name: str) -> pd.Series:
    """A column looked up case-insensitively ('better' finds 'Better')."""
    for col in df.columns:
        if str(col).lower() == name:
            return _series(df[col], f"{frame_name}[{col!r}]")
    present = ", ".join(map(str, df.columns))
    raise ValueError(
        message(
            "plots.frame_name_is_missing_column", frame_name=frame_name, name=name, present=present
        )
    )


def _corner_labels(ax: Axes, corners, lang: str) -> None:
    """Name the quadrants of a four-quadrant chart in its corners.

    ``corners`` holds (label key, x, y, ha, va) in axes coordinates.
    """
    for key, x, y, ha, va in corners:
        ax.text(
            x,
            y,
            _t(key, lang),
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=10,
            fontweight="bold",
            color="#444444",
        )


def _legend(ax: Axes, **kwargs):
    return ax.legend(frameon=True, framealpha=0.9, fontsize="small", **kwargs)


def _heat_text(ax: Axes, data: np.ndarray, fmt, vmax: float, fontsize: float) -> None:
    """Write each non-missing cell value, in white on dark cells."""
    for (i, j), value in np.ndenumerate(data):
        if np.isnan(value):
            continue
        color = "white" if vmax > 0 and value > 0.6 * vmax else "black"
        ax.text(j, i, fmt(value), ha="center", va="center", color=color, fontsize=fontsize)


def _labelled_pairs(first, second, names: tuple[str, str]) -> tuple[pd.Series, pd.Series]:
    a = _series(first, names[0])
    b = _series(second, names[1])
    if isinstance(first, pd.Series | Mapping) and isinstance(second, pd.Series | Mapping):
        return tuple(align(**{names[0]: a, names[1]: b}).inputs)
    align(**{names[0]: a.to_numpy(), names[1]: b.to_numpy()})
    return a, pd.Series(b.to_numpy(), index=a.index)
