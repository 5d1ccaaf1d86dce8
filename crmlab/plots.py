"""Charts for the CRM course: one function per chart, matplotlib only.

Every function takes data that is already computed (a DataFrame, a Series,
numbers), draws one chart and returns the matplotlib ``Axes``. They share
two keyword arguments:

``ax``
    draw into this Axes; when ``None`` a new figure of a sensible size is made.
``lang``
    ``"en"`` (default) or ``"zh"``. Chinese titles and labels are used only
    when a font with Chinese glyphs is installed (see :func:`find_cjk_font`);
    otherwise the chart falls back to English with a ``UserWarning``.

Charts are made to survive black-and-white printing: series that overlap
differ by marker, line style or hatch, not by colour alone. Importing this
module changes no global matplotlib setting and never calls ``plt.show()``.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from crmlab import plots
>>> ax = plots.retention_curves([0.8, 0.85], periods=10)
>>> ax.get_title()
'Retention curves: share of customers still active'
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps, font_manager
from matplotlib.axes import Axes
from matplotlib.ft2font import FT2Font
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from crmlab import _validation as v
from crmlab._align import align
from crmlab.churn import median_survival_time
from crmlab.glossary import TermTable
from crmlab.loyalty import loyalty_type
from crmlab.retention import retention_curve
from crmlab.satisfaction import SIMPLE_INDEX, control_limits, out_of_control
from crmlab.states import STATE_NAMES_ZH, STATES
from crmlab.value import clv, pareto_table

__all__ = [
    "churn_reasons_pareto",
    "clv_by_year",
    "cohort_heatmap",
    "control_chart",
    "customer_flow",
    "find_cjk_font",
    "importance_performance",
    "kano_scatter",
    "loyalty_matrix",
    "loyalty_profit",
    "pareto_curve",
    "retention_curves",
    "rfm_heatmap",
    "satisfaction_breakdown",
    "state_counts",
    "survival_curve",
    "transition_heatmap",
    "value_tiers",
]

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

# Chinese names of the data's labels, from the glossary.
_TIER_ZH = TermTable(
    {
        "very low": "very-low-tier",
        "low": "low-tier",
        "moderate": "moderate-tier",
        "high": "high-tier",
        "very high": "very-high-tier",
    },
    field="chinese",
)
_REASON_ZH = TermTable(
    {
        "competition": "competitive-churn",
        "price": "churn-for-price",
        "service attitude": "churn-for-service-attitude",
        "billing/integrity": "churn-for-billing-or-integrity",
        "natural": "natural-churn",
        "bad debt": "bad-debt",
    },
    field="chinese",
)
_COMPONENT_ZH = TermTable(
    {
        "acquisition": "acquisition-cost-component",
        "base_profit": "base-profit",
        "increased_purchases": "increased-purchases",
        "lower_operating_cost": "lower-operating-cost",
        "referrals": "referrals",
        "price_premium": "price-premium",
    },
    field="chinese",
)
# Edges of the customer-flow diagram of Knowing the customer carry a verb; other arrows show only the number.
_EDGE_VERBS = {
    ("potential", "first-time"): ("develop", "开发"),
    ("target", "first-time"): ("develop", "开发"),
    ("churned", "first-time"): ("win back", "挽回"),
    ("churned", "repeat"): ("win back", "挽回"),
    ("churned", "loyal"): ("win back", "挽回"),
    ("churned", "non-customer"): ("lost forever", "永远流失"),
}
# Box centres of the customer-flow diagram, after the figure in Knowing the customer: the
# buying states stacked in the middle (loyal on top), where they come from on
# the left, churn on the right and the customers lost for good at the bottom.
_FLOW_LAYOUT = {
    "target": (0.0, 2.0),
    "potential": (0.0, 0.0),
    "first-time": (3.0, 0.0),
    "repeat": (3.0, 2.0),
    "loyal": (3.0, 4.0),
    "churned": (6.6, 2.0),
    "non-customer": (3.0, -2.0),
}
_BOX_W, _BOX_H = 1.7, 0.8

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
    """The language actually used and the font to use for it."""
    if not isinstance(lang, str):
        raise TypeError(f"lang must be 'en' or 'zh', got {lang!r}.")
    v.check_labels(lang, ("en", "zh"), "lang")
    if lang == "en":
        return "en", None
    font = find_cjk_font()
    if font is None:
        warnings.warn(
            "lang='zh' needs a font with Chinese characters and none is installed; "
            "using English labels. Install e.g. 'Noto Sans CJK SC' to get Chinese labels.",
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
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}.")
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
        raise TypeError(
            f"{name} must be 1-D (a list, array or Series), got a DataFrame; "
            "pick one column, e.g. df['amount']."
        )
    if isinstance(values, Mapping):
        if not allow_mapping:
            raise TypeError(
                f"{name} must be a list, array or Series, got a {type(values).__name__}."
            )
        values = pd.Series(dict(values), dtype=None if values else float)
    elif isinstance(values, str | bytes) or values is None or np.ndim(values) == 0:
        raise TypeError(
            f"{name} must be a list, array or Series of numbers, got {type(values).__name__}."
        )
    elif np.ndim(values) != 1:
        raise ValueError(f"{name} must be 1-D, got an array of shape {np.shape(values)}.")
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    if len(series) == 0:
        raise ValueError(f"{name} is empty; there is nothing to plot.")
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(f"{name} must hold numbers, got dtype {series.dtype}.")
    if series.isna().any():
        raise ValueError(
            f"{name} has {int(series.isna().sum())} missing value(s); drop or fill them first."
        )
    arr = v.check_finite(series.to_numpy(dtype=float), name)
    return pd.Series(arr, index=series.index, name=series.name)


def _frame(df, name: str, columns=()) -> pd.DataFrame:
    v.check_columns(df, columns, name)
    if df.empty:
        raise ValueError(f"{name} is empty; there is nothing to plot.")
    return df


def _numeric_frame(df, name: str, *, allow_nan: bool = False) -> pd.DataFrame:
    """A non-empty DataFrame whose every column is numeric, as float."""
    _frame(df, name)
    bad = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    bad += [c for c in df.columns if pd.api.types.is_bool_dtype(df[c])]
    if bad:
        raise TypeError(f"{name} must hold numbers only; column(s) {bad!r} are not numeric.")
    out = df.astype(float)
    arr = out.to_numpy()
    if not allow_nan and np.isnan(arr).any():
        raise ValueError(f"{name} has {int(np.isnan(arr).sum())} missing value(s).")
    if np.isinf(arr).any():
        raise ValueError(f"{name} has infinite value(s).")
    return out


def _column(df: pd.DataFrame, name: str, frame_name: str) -> pd.Series:
    """A column looked up case-insensitively ('better' finds 'Better')."""
    for col in df.columns:
        if str(col).lower() == name:
            return _series(df[col], f"{frame_name}[{col!r}]")
    present = ", ".join(map(str, df.columns))
    raise ValueError(f"{frame_name} is missing column {name!r}. It has these columns: {present}.")


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


# --------------------------------------------------------------------------- value


def pareto_curve(values, *, top: float = 0.2, ax=None, lang: str = "en") -> Axes:
    """Pareto (Lorenz-type) curve of customer value with the 80/20 point marked.

    Customers are ranked by value, most valuable first; the curve plots the
    cumulative share of customers (x) against the cumulative share of value
    (y). The point at ``top`` (20% of customers by default) is marked with the
    share of value it holds: the 80/20 rule (二八法则) says it is near 80%.

    Parameters
    ----------
    values : array-like, Series or DataFrame
        One value per customer (e.g. total amount spent), or the output of
        :func:`crmlab.value.pareto_table` (columns ``customer_share`` and
        ``value_share``).
    top : float, default 0.2
        Share of customers to mark, a fraction in (0, 1).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        The curve is ``ax.lines[0]``; it starts at (0, 0) and ends at (100, 100).

    Raises
    ------
    TypeError, ValueError
        For non-numeric or empty values, missing columns or ``top`` outside (0, 1).

    References
    ----------
    CRM slides (80/20 rule and the appliance tiers), Chain-store CRM (bank 20/80 rule).

    Examples
    --------
    >>> ax = pareto_curve([500, 200, 100, 80, 50, 30, 20, 10, 6, 4])
    >>> float(ax.lines[0].get_ydata()[2])   # top 20% (2 of 10) hold 70% of value
    70.0
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    top = float(v.check_fraction(top, "top", allow_zero=False, allow_one=False))
    if isinstance(values, pd.DataFrame):
        table = _frame(values, "values", ("customer_share", "value_share"))
        x_share = _series(table["customer_share"], "values['customer_share']")
        y_share = _series(table["value_share"], "values['value_share']")
    else:
        table = pareto_table(_series(values, "values", allow_mapping=False))
        x_share, y_share = table["customer_share"], table["value_share"]
    x = np.r_[0.0, x_share.to_numpy(dtype=float)] * 100
    y = np.r_[0.0, y_share.to_numpy(dtype=float)] * 100
    if np.any(np.diff(x) < 0):
        raise ValueError(
            "values['customer_share'] must be increasing (sorted as pareto_table does)."
        )
    y_top = float(np.interp(top * 100, x, y))

    ax = _axes(ax, (6.5, 5))
    many = len(x) > 40
    ax.plot(
        x, y, color=_BLUE, lw=2, marker=None if many else "o", ms=4, label=_t("pareto.curve", lang)
    )
    ax.plot([0, 100], [0, 100], color=_GREY, ls="--", label=_t("pareto.equal", lang))
    low = min(0.0, float(y.min()))
    ax.plot([top * 100, top * 100], [low, y_top], color="black", ls=":", lw=1)
    ax.plot([0, top * 100], [y_top, y_top], color="black", ls=":", lw=1)
    ax.plot(
        [top * 100],
        [y_top],
        ls="none",
        marker="D",
        ms=9,
        color=_VERMILLION,
        markeredgecolor="black",
        label=_t("pareto.point", lang, c=top * 100, v=y_top),
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(low, max(100.0, float(y.max())) * 1.04)
    ax.set_title(_t("pareto.title", lang))
    ax.set_xlabel(_t("pareto.x", lang))
    ax.set_ylabel(_t("pareto.y", lang))
    ax.grid(alpha=0.3)
    _legend(ax, loc="lower right")
    return _finish(ax, font)


def value_tiers(tiers, *, show_market: bool = False, ax=None, lang: str = "en") -> Axes:
    """Grouped bars of each value tier's share of value vs share of customers.

    The appliance table of the CRM slides shows the 80/20 rule at work: the top tiers
    hold most of the value with few customers, while most customers sit in
    tiers of negative value (annotated on the chart).

    Parameters
    ----------
    tiers : DataFrame
        Columns ``tier``, ``value_pct`` and ``customer_share_pct`` (and
        ``market_share_pct`` when ``show_market``), as returned by
        :func:`crmlab.datasets.load_appliance_tiers`. Percentages, not fractions.
    show_market : bool, default False
        Add a third bar per tier for the share of the market.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One bar per tier and series (``len(ax.patches) == 2 * len(tiers)``).

    Raises
    ------
    TypeError, ValueError
        If ``tiers`` is not a DataFrame, is empty, lacks a column or holds
        non-numeric or missing percentages.

    References
    ----------
    CRM slides (the appliance company's customer value tiers).

    Examples
    --------
    >>> tiers = pd.DataFrame({"tier": ["low", "high"], "value_pct": [-5.0, 105.0],
    ...                       "customer_share_pct": [80.0, 20.0]})
    >>> ax = value_tiers(tiers)
    >>> len(ax.patches)
    4
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    columns = ["tier", "value_pct", "customer_share_pct"]
    if show_market:
        columns.append("market_share_pct")
    _frame(tiers, "tiers", columns)
    series = [
        ("value_pct", _t("tiers.value", lang), _BLUE, "//"),
        ("customer_share_pct", _t("tiers.customers", lang), _ORANGE, ".."),
    ]
    if show_market:
        series.append(("market_share_pct", _t("tiers.market", lang), _GREY, "xx"))
    data = {col: _series(tiers[col], f"tiers[{col!r}]").to_numpy() for col, *_ in series}

    ax = _axes(ax, (7.5, 4.8))
    x = np.arange(len(tiers))
    width = 0.8 / len(series)
    for k, (col, label, color, hatch) in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * width
        bars = ax.bar(
            x + offset, data[col], width, label=label, color=color, hatch=hatch, edgecolor="black"
        )
        ax.bar_label(bars, fmt="%.1f", fontsize=8, padding=2)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, [_name(t, lang, _TIER_ZH) for t in tiers["tier"]])
    negative = float(data["customer_share_pct"][data["value_pct"] < 0].sum())
    if negative > 0:
        ax.text(
            0.02,
            0.97,
            _t("tiers.negative", lang, p=negative),
            transform=ax.transAxes,
            va="top",
            fontsize=9,
            bbox={"boxstyle": "round", "fc": "white", "ec": _GREY},
        )
    ax.set_title(_t("tiers.title", lang))
    ax.set_xlabel(_t("tiers.x", lang))
    ax.set_ylabel(_t("tiers.y", lang))
    ax.margins(y=0.12)
    # Under the note in the top-left corner, where the low tiers leave room.
    _legend(ax, loc="upper left", bbox_to_anchor=(0.0, 0.86))
    return _finish(ax, font)


def clv_by_year(
    contributions,
    rate: float,
    acquisition_cost: float = 0.0,
    costs=0.0,
    *,
    currency: str = "yuan",
    ax=None,
    lang: str = "en",
) -> Axes:
    """Yearly contributions, their discounted values and the cumulative CLV.

    Year t (1..T) shows the net contribution Q_t - C_t and its present value
    (Q_t - C_t)(1+i)^-t; the line is the running CLV, starting at -C_0 in
    year 0 and ending at V_k = -C_0 + sum (Q_t - C_t)(1+i)^-t, the customer
    lifetime value (客户终生价值), which is annotated.

    Parameters
    ----------
    contributions : 1-D array-like
        Q_t for t = 1..T (one customer).
    rate : float
        Discount rate i as a fraction (0.09, not 9).
    acquisition_cost : float, default 0
        C_0, paid at t = 0 and not discounted.
    costs : float or 1-D array-like, default 0
        C_t, the cost of serving the customer each year.
    currency : str, default "yuan"
        Unit shown on the y axis.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the cumulative CLV (T + 1 points, years 0..T).

    Raises
    ------
    TypeError, ValueError
        As :func:`crmlab.value.clv` does, and for 2-D contributions.

    References
    ----------
    CRM slides (individual CLV in four steps; worked example T=5, i=9%,
    Q=500, C_0=400 gives 1544.83).

    Examples
    --------
    >>> ax = clv_by_year([500] * 5, 0.09, acquisition_cost=400)
    >>> round(float(ax.lines[0].get_ydata()[-1]), 2)
    1544.83
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if np.ndim(contributions) != 1:
        raise ValueError(
            "contributions must be 1-D (Q_1..Q_T of one customer), "
            f"got an array of shape {np.shape(contributions)}."
        )
    total = float(clv(contributions, rate, costs=costs, acquisition_cost=acquisition_cost))
    q = _series(contributions, "contributions", allow_mapping=False).to_numpy()
    c = np.broadcast_to(np.asarray(costs, dtype=float), q.shape)
    c0 = float(acquisition_cost)
    years = np.arange(1, len(q) + 1)
    net = q - c
    discounted = net * (1 + float(rate)) ** -years
    cumulative = np.r_[-c0, -c0 + np.cumsum(discounted)]

    ax = _axes(ax, (7.5, 4.8))
    width = 0.38
    ax.bar(
        years - width / 2,
        net,
        width,
        color=_SKY,
        hatch="//",
        edgecolor="black",
        label=_t("clv.net", lang),
    )
    ax.bar(
        years + width / 2,
        discounted,
        width,
        color=_ORANGE,
        hatch="..",
        edgecolor="black",
        label=_t("clv.disc", lang),
    )
    if c0:
        ax.bar(
            [0],
            [-c0],
            width,
            color=_VERMILLION,
            hatch="xx",
            edgecolor="black",
            label=_t("clv.acq", lang),
        )
    ax.plot(
        np.arange(len(q) + 1),
        cumulative,
        color="black",
        marker="o",
        lw=2,
        label=_t("clv.cum", lang),
    )
    ax.annotate(
        _t("clv.final", lang, x=total),
        xy=(len(q), cumulative[-1]),
        xytext=(-10, 12),
        textcoords="offset points",
        ha="right",
        fontweight="bold",
        bbox={"boxstyle": "round", "fc": "white", "ec": _GREY},
    )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(np.arange(len(q) + 1))
    ax.set_title(_t("clv.title", lang, i=float(rate)))
    ax.set_xlabel(_t("clv.x", lang))
    ax.set_ylabel(_t("clv.y", lang, cur=currency))
    ax.margins(y=0.15)
    _legend(ax, loc="upper left")
    return _finish(ax, font)


# --------------------------------------------------------------------------- states


def _state_order(labels, name: str) -> list[str]:
    labels = list(labels)
    unknown = [s for s in labels if s not in STATES]
    if unknown:
        raise ValueError(
            f"{name} has unknown state(s) {unknown!r}; allowed states are {', '.join(STATES)}."
        )
    return [s for s in STATES if s in labels]


def state_counts(
    flow,
    *,
    kind: str = "area",
    share: bool = False,
    drop_empty: bool = True,
    ax=None,
    lang: str = "en",
) -> Axes:
    """Stacked area (or bars) of the customers in each state over periods.

    Parameters
    ----------
    flow : DataFrame
        One row per period, one column per state, as returned by
        :func:`crmlab.states.simulate_flow`. Columns must be labels of
        ``STATES``; they are drawn in the ``STATES`` order (potential at the
        bottom). Counts must be non-negative.
    kind : {"area", "bar"}, default "area"
    share : bool, default False
        Plot each state's percentage of all customers instead of counts.
    drop_empty : bool, default True
        Leave out the states that have no customers in any period (e.g. the
        "target" and "non-customer" columns of a simulation started from
        :func:`crmlab.states.count_states`, which lists every state), so
        that they take no room in the stack and no line in the legend. If
        every state is empty, all are kept. Pass False to draw every column.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        With ``kind="area"`` one filled area per state drawn (``ax.collections``);
        with ``kind="bar"`` one bar per state drawn and period (``ax.patches``).

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty data, unknown states, negative or
        non-numeric counts, or an unknown ``kind``.

    References
    ----------
    Knowing the customer (customer states and the customer flow model).

    Examples
    --------
    >>> flow = pd.DataFrame({"first-time": [100.0, 60.0], "repeat": [0.0, 30.0],
    ...                      "churned": [0.0, 10.0]})
    >>> ax = state_counts(flow)
    >>> len(ax.collections)
    3
    >>> plt.close(ax.figure)

    A state with nobody in any period is left out unless ``drop_empty=False``:

    >>> flow["loyal"] = 0.0
    >>> [t.get_text() for t in state_counts(flow).get_legend().get_texts()]
    ['churned', 'repeat', 'first-time']
    >>> plt.close("all")
    """
    lang, font = _resolve_lang(lang)
    v.check_labels(kind, ("area", "bar"), "kind")
    data = _numeric_frame(flow, "flow")
    if (data.to_numpy() < 0).any():
        raise ValueError("flow must hold non-negative counts.")
    order = _state_order(data.columns, "flow")
    if drop_empty:
        present = [state for state in order if (data[state] > 0).any()]
        order = present or order
    data = data[order]
    if share:
        totals = data.sum(axis=1)
        if (totals <= 0).any():
            raise ValueError("flow has a period with no customers; cannot show shares.")
        data = data.div(totals, axis=0) * 100
    ax = _axes(ax, (8, 4.8))
    x = np.arange(len(data))
    labels = [_name(s, lang, STATE_NAMES_ZH) for s in order]
    colors = [_STATE_STYLE[s][0] for s in order]
    hatches = [_STATE_STYLE[s][1] for s in order]
    if kind == "area":
        ax.stackplot(
            x,
            data.T.to_numpy(),
            labels=labels,
            colors=colors,
            hatch=hatches,
            edgecolor="black",
            lw=0.6,
        )
        ax.set_xlim(x[0], x[-1] if len(x) > 1 else x[0] + 1)
    else:
        bottom = np.zeros(len(data))
        for state, label, color, hatch in zip(order, labels, colors, hatches, strict=True):
            ax.bar(
                x,
                data[state],
                0.8,
                bottom=bottom,
                label=label,
                color=color,
                hatch=hatch,
                edgecolor="black",
            )
            bottom += data[state].to_numpy()
    if len(x) <= 25:
        ax.set_xticks(x, [str(p) for p in data.index])
    ax.set_title(_t("flow.title_share" if share else "flow.title", lang))
    ax.set_xlabel(_t("flow.x", lang))
    ax.set_ylabel(_t("flow.y_share" if share else "flow.y", lang))
    handles, texts = ax.get_legend_handles_labels()
    # Reversed so the legend reads top-down like the stack.
    ax.legend(
        handles[::-1], texts[::-1], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small"
    )
    return _finish(ax, font)


def _transition_frame(transitions, name: str = "transitions") -> pd.DataFrame:
    """A square probability matrix over the STATES that appear, rows summing to 1."""
    data = _numeric_frame(transitions, name)
    order = _state_order(list(dict.fromkeys([*data.index, *data.columns])), name)
    data = data.reindex(index=order, columns=order, fill_value=0.0)
    arr = data.to_numpy()
    if (arr < 0).any() or (arr > 1).any():
        raise ValueError(f"{name} must hold probabilities in [0, 1].")
    sums = arr.sum(axis=1)
    bad = [
        (s, t)
        for s, t in zip(order, sums, strict=True)
        if t > 0 and not np.isclose(t, 1.0, atol=1e-6)
    ]
    if bad:
        state, total = bad[0]
        raise ValueError(
            f"Each row of {name} must sum to 1 (probabilities of where a customer goes next); "
            f"row {state!r} sums to {total:.4g}."
        )
    return data


def _segment_hits_box(start, end, centre) -> bool:
    xs = np.linspace(start[0], end[0], 60)[5:-5]
    ys = np.linspace(start[1], end[1], 60)[5:-5]
    inside = (np.abs(xs - centre[0]) < _BOX_W / 2 + 0.1) & (
        np.abs(ys - centre[1]) < _BOX_H / 2 + 0.1
    )
    return bool(inside.any())


def _label_position(start, end, rad: float, n_chars: int, placed: list) -> np.ndarray:
    """A point on the arrow for its label that overlaps no box and no earlier label.

    The arrow is arc3's quadratic Bezier curve with control point
    mid + rad * (dy, -dx); with an equal aspect ratio this holds in data units.
    """
    control = (start + end) / 2 + rad * np.array([end[1] - start[1], start[0] - end[0]])
    half_w, half_h = 0.04 * n_chars + 0.05, 0.18
    candidates = []
    for t in (0.5, 0.38, 0.62, 0.28, 0.72):
        point = (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end
        candidates.append(point)
        in_box = any(
            abs(point[0] - x) < _BOX_W / 2 + half_w and abs(point[1] - y) < _BOX_H / 2 + half_h
            for x, y in _FLOW_LAYOUT.values()
        )
        clash = any(
            abs(point[0] - x) < half_w + w and abs(point[1] - y) < 2 * half_h for x, y, w in placed
        )
        if not in_box and not clash:
            break
    else:
        point = candidates[0]
    placed.append((float(point[0]), float(point[1]), half_w))
    return point


def _probability_text(p: float) -> str:
    """A probability with 2 decimals that never rounds a non-zero value to 0 (or to 1)."""
    if 0 < p < 0.001:
        return "<0.001"
    if 0 < p < 0.01:
        return f"{p:.2g}"
    if 0.995 <= p < 1:
        return ">0.99"
    return f"{p:.2f}"


def customer_flow(
    transitions, *, counts=None, min_prob: float = 0.0, ax=None, lang: str = "en"
) -> Axes:
    """Flow diagram of the customer-state chain (客户流转模式), Knowing the customer layout.

    States are boxes: first-time, repeat and loyal stacked in the middle,
    potential and target on the left (develop, 开发), churned on the right
    (churn, 流失; win back, 挽回) and non-customers beyond it (lost forever,
    永远流失). Each arrow is a transition probability per period; the
    probability of staying is written inside the box.

    Parameters
    ----------
    transitions : DataFrame
        Transition matrix with states (labels of ``STATES``) as index (from)
        and columns (to), rows summing to 1, e.g. from
        :func:`crmlab.states.transition_matrix`. States missing from the
        index or the columns are treated as having probability 0.
    counts : Series or mapping, optional
        Customers per state, written in the boxes.
    min_prob : float, default 0
        Arrows with probability <= ``min_prob`` are left out (zero-probability
        arrows are never drawn).

    Notes
    -----
    Probabilities are written with 2 decimals; a small non-zero one never
    reads "0.00": below 0.01 it gets 2 significant digits (0.003, 0.0045),
    below 0.001 it reads "<0.001", and one just under 1 reads ">0.99".
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One ``FancyBboxPatch`` per state and one ``FancyArrowPatch`` per drawn
        transition in ``ax.patches``. The axes frame is hidden; the x label is
        a caption.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, unknown states, probabilities outside [0, 1] or
        rows that do not sum to 1.

    References
    ----------
    Knowing the customer (customer states and the customer flow model).

    Examples
    --------
    >>> P = pd.DataFrame([[0.6, 0.3, 0.1], [0.0, 0.8, 0.2], [0.1, 0.0, 0.9]],
    ...                  index=["first-time", "repeat", "churned"],
    ...                  columns=["first-time", "repeat", "churned"])
    >>> ax = customer_flow(P)
    >>> sum(isinstance(p, FancyArrowPatch) for p in ax.patches)
    4
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    matrix = _transition_frame(transitions)
    min_prob = float(v.check_fraction(min_prob, "min_prob"))
    if counts is not None:
        counts = _series(counts, "counts")
        _state_order(counts.index, "counts")
    order = list(matrix.index)
    ax = _axes(ax, (9, 8))
    boxes = {}
    for state in order:
        x, y = _FLOW_LAYOUT[state]
        color = _STATE_STYLE[state][0]
        box = FancyBboxPatch(
            (x - _BOX_W / 2, y - _BOX_H / 2),
            _BOX_W,
            _BOX_H,
            boxstyle="round,pad=0.04",
            fc=color,
            ec="black",
            lw=1.2,
            alpha=0.9,
        )
        ax.add_patch(box)
        boxes[state] = box
        lines = [_name(state, lang, STATE_NAMES_ZH)]
        stay = float(matrix.loc[state, state])
        if stay > 0:
            lines.append(_t("diagram.stay", lang, p=_probability_text(stay)))
        if counts is not None and state in counts.index:
            lines.append(_t("diagram.count", lang, n=float(counts[state])))
        ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=9, fontweight="bold")
    labels = []
    for i, source in enumerate(order):
        for target in order:
            p = float(matrix.loc[source, target])
            if source == target or p <= 0 or p <= min_prob:
                continue
            start, end = np.array(_FLOW_LAYOUT[source]), np.array(_FLOW_LAYOUT[target])
            blocked = any(
                _segment_hits_box(start, end, _FLOW_LAYOUT[s])
                for s in order
                if s not in (source, target)
            )
            two_way = float(matrix.loc[target, source]) > min_prob
            rad = 0.35 if blocked else (0.3 if two_way else 0.0)
            arrow = FancyArrowPatch(
                tuple(start),
                tuple(end),
                arrowstyle="-|>",
                mutation_scale=16,
                connectionstyle=f"arc3,rad={rad}",
                patchA=boxes[source],
                patchB=boxes[target],
                lw=0.8 + 3.5 * p,
                color=_CYCLE[i % len(_CYCLE)],
                shrinkA=2,
                shrinkB=2,
            )
            ax.add_patch(arrow)
            verb = _EDGE_VERBS.get((source, target))
            text = _probability_text(p)
            if verb is not None:
                text = f"{verb[1] if lang == 'zh' else verb[0]} {text}"
            labels.append((start, end, rad, text))
    # Long labels first: short ones find room more easily around them.
    placed: list[tuple[float, float, float]] = []
    for start, end, rad, text in sorted(labels, key=lambda item: -len(item[3])):
        ax.text(
            *_label_position(start, end, rad, len(text), placed),
            text,
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
    xs = [_FLOW_LAYOUT[s][0] for s in order]
    ys = [_FLOW_LAYOUT[s][1] for s in order]
    ax.set_xlim(min(xs) - 1.4, max(xs) + 1.4)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(_t("diagram.title", lang))
    ax.set_xlabel(_t("diagram.caption", lang), fontsize=9)
    return _finish(ax, font)


def transition_heatmap(
    transitions, *, annotate: bool = True, cmap: str = "Blues", ax=None, lang: str = "en"
) -> Axes:
    """Heatmap of a transition matrix, from-state rows by to-state columns.

    Parameters
    ----------
    transitions : DataFrame
        Probabilities in [0, 1] (index: from, columns: to), e.g. from
        :func:`crmlab.states.transition_matrix`. Rows and columns are drawn
        in the given order; any labels are allowed.
    annotate : bool, default True
        Write each probability in its cell.
    cmap : str, default "Blues"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0].get_array().shape == transitions.shape``; a colour bar is added.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty or non-numeric data, or values outside [0, 1].

    References
    ----------
    Knowing the customer (customer flow model as a Markov chain).

    Examples
    --------
    >>> P = pd.DataFrame([[0.7, 0.3], [0.2, 0.8]], index=["repeat", "churned"],
    ...                  columns=["repeat", "churned"])
    >>> ax = transition_heatmap(P)
    >>> ax.images[0].get_array().shape
    (2, 2)
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    data = _numeric_frame(transitions, "transitions")
    arr = data.to_numpy()
    if (arr < 0).any() or (arr > 1).any():
        raise ValueError("transitions must hold probabilities in [0, 1].")
    ax = _axes(ax, (1.2 + 0.9 * arr.shape[1], 1.0 + 0.75 * arr.shape[0]))
    image = ax.imshow(arr, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    if annotate:
        _heat_text(ax, arr, lambda p: f"{p:.2f}", 1.0, 9)
    ax.set_xticks(
        np.arange(arr.shape[1]),
        [_name(s, lang, STATE_NAMES_ZH) for s in data.columns],
        rotation=30,
        ha="right",
    )
    ax.set_yticks(np.arange(arr.shape[0]), [_name(s, lang, STATE_NAMES_ZH) for s in data.index])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(_t("heat.cbar", lang))
    ax.set_title(_t("heat.title", lang))
    ax.set_xlabel(_t("heat.x", lang))
    ax.set_ylabel(_t("heat.y", lang))
    return _finish(ax, font, bar.ax)


# --------------------------------------------------------------------------- satisfaction


def _index_weights() -> dict[str, float]:
    """Second-level weights of the weighted satisfaction index tree, read from SIMPLE_INDEX."""
    return {key: SIMPLE_INDEX[key].weight for key in SIMPLE_INDEX.second_level_ids}


def satisfaction_breakdown(scores, weights=None, *, ax=None, lang: str = "en") -> Axes:
    """Second-level indicator scores with their weights, the weakest highlighted.

    Horizontal bars show each second-level indicator's score; its weight is
    in the label; the dashed line is the weighted satisfaction index
    (顾客满意度指数) Y = sum of weight x score. The weakest indicator (lowest
    score; the first one on ties) is hatched and coloured.

    Parameters
    ----------
    scores : Series or mapping
        Score per second-level indicator (e.g. X21..X25, mean respondent
        scores on a 0-100 scale).
    weights : Series or mapping, optional
        Weight per indicator, summing to 1. Defaults to the weights of the weighted satisfaction index
        (X21 0.30, X22 0.30, X23 0.10, X24 0.15, X25 0.15) when the indicators
        are X21..X25.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One bar per indicator (``ax.patches``), top to bottom in input order.

    Raises
    ------
    TypeError, ValueError
        For non-numeric or empty scores, weights that do not sum to 1 or do
        not match the indicators, or missing weights for unknown indicators.

    References
    ----------
    CRM and satisfaction (simple measurement method: the weighted indicator tree).

    Examples
    --------
    >>> ax = satisfaction_breakdown({"X21": 82, "X22": 75, "X23": 90, "X24": 64, "X25": 80})
    >>> ax.get_title()
    'Satisfaction by indicator (index Y = 77.7)'
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    s = _series(scores, "scores")
    if weights is None:
        default = _index_weights()
        missing = [k for k in s.index if k not in default]
        if missing:
            raise ValueError(
                f"Pass weights for indicator(s) {missing!r}; default weights exist only for "
                f"the indicators of the weighted satisfaction index {', '.join(default)}."
            )
        weights = {k: default[k] for k in s.index}
    w = _series(weights, "weights")
    if set(w.index) != set(s.index):
        raise ValueError(
            f"weights and scores must name the same indicators; scores has {list(s.index)!r}, "
            f"weights has {list(w.index)!r}."
        )
    v.check_weights(dict(w.items()), "weights")
    w = w.reindex(s.index)
    index_y = float((s * w).sum())
    weakest = int(np.argmin(s.to_numpy()))

    ax = _axes(ax, (7.5, 1.2 + 0.6 * len(s)))
    y = np.arange(len(s))[::-1]
    colors = [_VERMILLION if k == weakest else _SKY for k in range(len(s))]
    hatches = ["xx" if k == weakest else "" for k in range(len(s))]
    bars = ax.barh(y, s.to_numpy(), 0.6, color=colors, hatch=hatches, edgecolor="black")
    ax.bar_label(bars, fmt="%.1f", padding=3, fontsize=9)
    names = SIMPLE_INDEX.labels
    labels = []
    for key, weight in w.items():
        name = names.get(key)
        title = f"{key} {name.zh if lang == 'zh' else name.en}" if name else str(key)
        labels.append(f"{title}\n({_t('sat.weight', lang, w=float(weight))})")
    ax.set_yticks(y, labels)
    ax.axvline(index_y, color="black", ls="--", lw=1.5)
    # Proxy handles: the legend explains the highlight without relying on colour.
    handles = [
        plt.Rectangle((0, 0), 1, 1, fc=_SKY, ec="black"),
        plt.Rectangle((0, 0), 1, 1, fc=_VERMILLION, ec="black", hatch="xx"),
        plt.Line2D([], [], color="black", ls="--"),
    ]
    ax.legend(
        handles,
        [_t("sat.other", lang), _t("sat.weakest", lang), _t("sat.index", lang, y=index_y)],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=3,
        fontsize="small",
    )
    ax.set_xlim(0, max(100.0, float(s.max()) * 1.1))
    ax.set_title(_t("sat.title", lang, y=index_y))
    ax.set_xlabel(_t("sat.x", lang))
    ax.set_ylabel(_t("sat.y", lang))
    return _finish(ax, font)


def _labelled_pairs(first, second, names: tuple[str, str]) -> tuple[pd.Series, pd.Series]:
    a = _series(first, names[0])
    b = _series(second, names[1])
    if isinstance(first, pd.Series | Mapping) and isinstance(second, pd.Series | Mapping):
        return tuple(align(**{names[0]: a, names[1]: b}).inputs)
    align(**{names[0]: a.to_numpy(), names[1]: b.to_numpy()})
    return a, pd.Series(b.to_numpy(), index=a.index)


def kano_scatter(summary, *, split=0.5, ax=None, lang: str = "en") -> Axes:
    """Kano Better-Worse diagram: Better against |Worse| per feature.

    Better = (A+O)/(A+O+M+I) is how much satisfaction a feature adds when
    present, Worse = -(O+M)/(A+O+M+I) how much dissatisfaction its absence
    causes. Split lines divide the plane into attractive A (迷人质量, top
    left), one-dimensional O (期望质量, top right), must-be M (当然质量,
    bottom right) and indifferent I (bottom left).

    Parameters
    ----------
    summary : DataFrame
        One row per feature with columns ``better`` and ``worse`` (any
        capitalization; Worse may be given negative, as defined, or as its
        absolute value), e.g. from :func:`crmlab.satisfaction.kano_summary`.
        Feature names come from a ``feature`` column if present, else the index.
    split : float or "mean", default 0.5
        Where to draw the split lines: a value in [0, 1] for both axes, or
        "mean" for the means of Better and |Worse|.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One scatter point per feature (``ax.collections[0]``).

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, missing columns, empty data or values outside [0, 1].

    References
    ----------
    CRM slides (Kano model); Berger et al. (1993), "Kano's methods for
    understanding customer-defined quality", Center for Quality of Management Journal.

    Examples
    --------
    >>> kano = pd.DataFrame({"better": [0.7, 0.2], "worse": [-0.3, -0.8]},
    ...                     index=["free delivery", "clean store"])
    >>> ax = kano_scatter(kano)
    >>> len(ax.collections[0].get_offsets())
    2
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    _frame(summary, "summary")
    better = _column(summary, "better", "summary")
    worse = _column(summary, "worse", "summary").abs()
    v.check_in_range(better.to_numpy(), "summary['better']", low=0, high=1, what="a share")
    v.check_in_range(worse.to_numpy(), "|summary['worse']|", low=0, high=1, what="a share")
    if "feature" in summary.columns:
        names = [str(f) for f in summary["feature"]]
    else:
        names = [str(f) for f in summary.index]
    if isinstance(split, str):
        v.check_labels(split, ("mean",), "split")
        x_cut, y_cut = float(worse.mean()), float(better.mean())
    else:
        x_cut = y_cut = float(v.check_fraction(split, "split"))

    ax = _axes(ax, (7, 6))
    ax.scatter(
        worse,
        better,
        s=60,
        color=_BLUE,
        edgecolor="black",
        zorder=3,
        label=_t("kano.features", lang),
    )
    for name, x, y in zip(names, worse, better, strict=True):
        ax.annotate(name, (x, y), xytext=(5, 5), textcoords="offset points", fontsize=8)
    ax.axvline(x_cut, color="black", ls="--", lw=1)
    ax.axhline(y_cut, color="black", ls="--", lw=1)
    corners = [
        ("kano.A", 0.02, 0.98, "left", "top"),
        ("kano.O", 0.98, 0.98, "right", "top"),
        ("kano.M", 0.98, 0.02, "right", "bottom"),
        ("kano.I", 0.02, 0.02, "left", "bottom"),
    ]
    _corner_labels(ax, corners, lang)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(_t("kano.title", lang))
    ax.set_xlabel(_t("kano.x", lang))
    ax.set_ylabel(_t("kano.y", lang))
    ax.grid(alpha=0.3)
    return _finish(ax, font)


def _overlap(a, b) -> float:
    """Area shared by two display-space bounding boxes (0 when they do not touch)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


# Where a point's label may go, in points from the point: above right first
# (the usual place), then the other corners and sides.
_LABEL_SPOTS = (
    (5, 5, "left", "bottom"),
    (-5, 5, "right", "bottom"),
    (5, -5, "left", "top"),
    (-5, -5, "right", "top"),
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
)


def _label_points(ax: Axes, xs, ys, names, *, marker_size: float, family=None) -> None:
    """Write each point's name where it covers no point, no other label and no text.

    The figure is laid out first (``draw_without_rendering``) so that display
    coordinates are final; each label then takes the first spot of
    ``_LABEL_SPOTS`` that stays inside the axes and overlaps nothing, or the
    spot that overlaps least.
    """
    figure = ax.get_figure(root=True)
    with warnings.catch_warnings():
        # A font lacking a glyph is reported when the chart is really drawn;
        # this measuring pass need not report it twice.
        warnings.filterwarnings("ignore", "Glyph .* missing from", UserWarning)
        figure.draw_without_rendering()
        pixels = ax.transData.transform(np.column_stack([xs, ys]))
        radius = np.sqrt(marker_size) / 2 * figure.dpi / 72 + 1
        markers = [Bbox([[x - radius, y - radius], [x + radius, y + radius]]) for x, y in pixels]
        frame = ax.get_window_extent()
        taken = [t.get_window_extent() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            taken.append(legend.get_window_extent())
        for k, (name, x, y) in enumerate(zip(names, xs, ys, strict=True)):
            others = markers[:k] + markers[k + 1 :]
            best, best_box, best_cost = None, None, np.inf
            for dx, dy, ha, va in _LABEL_SPOTS:
                label = ax.annotate(
                    str(name),
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontsize=8,
                    fontfamily=family,
                )
                box = label.get_window_extent()
                # Leaving the axes costs more than covering a neighbour.
                outside = box.width * box.height - _overlap(box, frame)
                cost = 10 * outside + sum(_overlap(box, other) for other in [*others, *taken])
                if cost < best_cost:
                    if best is not None:
                        best.remove()
                    best, best_box, best_cost = label, box, cost
                else:
                    label.remove()
                if cost == 0:
                    break
            taken.append(best_box)


def importance_performance(
    importance,
    performance=None,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax=None,
    lang: str = "en",
) -> Axes:
    """Importance-performance quadrant chart with mean lines.

    Each attribute is placed by its performance (x) and importance (y); the
    dashed lines at the means split the plane into: concentrate here (high
    importance, low performance), keep up the good work, low priority and
    possible overkill. Each point's name is written next to it, on the side
    where it covers no other point, name or quadrant label; the legend sits
    outside the axes, on the right, so it hides no point.

    Parameters
    ----------
    importance : Series, mapping or DataFrame
        Importance per attribute (index = attribute), or a DataFrame with
        columns ``importance`` and ``performance`` (then ``performance`` must
        be None), e.g. from :func:`crmlab.satisfaction.importance_performance`.
    performance : Series or mapping, optional
        Performance per attribute, same labels as ``importance``.
    xlabel, ylabel : str, optional
        Override the default axis labels, "Performance (mean rating)" and
        "Importance (mean rating)", e.g. when importance is derived as the
        correlation of each attribute with overall satisfaction.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One point per attribute (``ax.collections[0]``).

    Raises
    ------
    TypeError, ValueError
        For missing or mismatched data.

    References
    ----------
    Chain-store CRM (fourth evaluation method: importance and performance ranking);
    Martilla and James (1977), "Importance-performance analysis", Journal of Marketing.

    Examples
    --------
    >>> imp = pd.Series({"price": 8.0, "staff": 6.0, "parking": 3.0})
    >>> perf = pd.Series({"price": 5.0, "staff": 7.5, "parking": 6.0})
    >>> ax = importance_performance(imp, perf, ylabel="Importance (1-10)")
    >>> len(ax.collections[0].get_offsets())
    3
    >>> ax.get_ylabel()
    'Importance (1-10)'
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if isinstance(importance, pd.DataFrame):
        if performance is not None:
            raise TypeError("Pass either a DataFrame with both columns, or two Series, not both.")
        frame = _frame(importance, "importance", ("importance", "performance"))
        importance, performance = frame["importance"], frame["performance"]
    if performance is None:
        raise TypeError("performance is missing: pass it, or a DataFrame with both columns.")
    imp, perf = _labelled_pairs(importance, performance, ("importance", "performance"))
    x_mean, y_mean = float(perf.mean()), float(imp.mean())

    ax = _axes(ax, (8, 6))
    ax.scatter(
        perf, imp, s=60, color=_BLUE, edgecolor="black", zorder=3, label=_t("ipa.attributes", lang)
    )
    ax.axvline(x_mean, color="black", ls="--", lw=1, label=_t("ipa.mean", lang))
    ax.axhline(y_mean, color="black", ls="--", lw=1)
    corners = [
        ("ipa.q1", 0.02, 0.98, "left", "top"),
        ("ipa.q2", 0.98, 0.98, "right", "top"),
        ("ipa.q3", 0.02, 0.02, "left", "bottom"),
        ("ipa.q4", 0.98, 0.02, "right", "bottom"),
    ]
    _corner_labels(ax, corners, lang)
    ax.margins(0.25)
    ax.set_title(_t("ipa.title", lang))
    ax.set_xlabel(xlabel if xlabel is not None else _t("ipa.x", lang))
    ax.set_ylabel(ylabel if ylabel is not None else _t("ipa.y", lang))
    _legend(ax, loc="upper left", bbox_to_anchor=(1.01, 1))
    _finish(ax, font)
    # Last, once every other text has its final font and place.
    family = None if font is None else [font, "DejaVu Sans"]
    _label_points(
        ax,
        perf.to_numpy(),
        imp.to_numpy(),
        [str(n) for n in imp.index],
        marker_size=60,
        family=family,
    )
    return ax


def control_chart(
    values,
    *,
    sigmas: float = 3,
    limits=None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax=None,
    lang: str = "en",
) -> Axes:
    """Control chart: values in order, centre line, limits, outliers marked.

    By default the limits are mean -/+ sigmas x sample standard deviation of
    the plotted values, from :func:`crmlab.satisfaction.control_limits`
    (满意度控制图). Points outside the limits get a large X marker; they are
    exactly the points :func:`crmlab.satisfaction.out_of_control` returns.

    When each point is a mean of n observations (e.g. the mean satisfaction
    of each store's ~75 respondents), few points and one extreme mean widen
    the default limits until nothing is flagged. Judge such subgroup means
    against standard-error limits instead (the x-bar chart, 均值控制图):
    ``limits=control_limits(individual_scores, subgroup_size=n)``, i.e.
    grand mean -/+ 3 s / sqrt(n) with s the standard deviation of the
    individual scores (Montgomery, ch. 6).

    Parameters
    ----------
    values : 1-D array-like or Series
        Observations in time order (e.g. monthly mean satisfaction). A
        DatetimeIndex or PeriodIndex is used for the x axis; otherwise the
        position (or string labels) are.
    sigmas : float, default 3
        Width of the default limits; ignored when ``limits`` is given.
    limits : tuple, optional
        ``(lower, centre, upper)`` to draw instead of the default, e.g. a
        :class:`crmlab.satisfaction.ControlLimits` from
        ``control_limits(..., subgroup_size=n)``, from a baseline period, or
        custom numbers. The centre line is drawn at ``centre``.
    xlabel, ylabel : str, optional
        Override the default axis labels (which name no unit).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` holds the values, ``ax.lines[1]`` the centre line,
        ``ax.lines[2]`` and ``ax.lines[3]`` the upper and lower limits;
        ``ax.collections[0]`` the points outside the limits (possibly none).

    Raises
    ------
    TypeError, ValueError
        As :func:`crmlab.satisfaction.control_limits` and
        :func:`crmlab.satisfaction.out_of_control` (limits that are not three
        numbers, lower > upper), and for fewer than 2 values without ``limits``.

    References
    ----------
    CRM and satisfaction (statistical analysis of satisfaction: control chart);
    Montgomery, D. C. (2019), Introduction to Statistical Quality Control,
    8th ed., Wiley, ch. 6 (x-bar charts).

    Examples
    --------
    >>> ax = control_chart([7.1, 7.3, 7.0, 7.2, 7.4, 7.1, 7.2, 7.3, 7.0, 7.2, 5.0])
    >>> len(ax.collections[0].get_offsets())
    0
    >>> plt.close(ax.figure)

    The same points against limits given by the caller:

    >>> ax = control_chart([7.1, 7.3, 7.0, 7.2, 7.4, 7.1, 7.2, 7.3, 7.0, 7.2, 5.0],
    ...                    limits=(6.5, 7.2, 7.9))
    >>> ax.collections[0].get_offsets().tolist()
    [[10.0, 5.0]]
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    s = _series(values, "values", allow_mapping=False)
    y = s.to_numpy()
    if limits is None:
        if len(s) < 2:
            raise ValueError("values needs at least 2 observations to estimate control limits.")
        limits = control_limits(y, sigmas=sigmas)
        title = _t("cc.title", lang, s=float(sigmas))
        centre_key = "cc.centre"
    else:
        title, centre_key = _t("cc.title_given", lang), "cc.centre_given"
    # out_of_control validates given limits and applies the one rule for "outside".
    flagged = out_of_control(y, limits=limits)
    out = np.zeros(len(y), dtype=bool)
    out[flagged.index.to_numpy()] = True
    lower, centre, upper = (float(x) for x in limits)
    index = s.index
    if isinstance(index, pd.PeriodIndex):
        x = index.to_timestamp()
    elif isinstance(index, pd.DatetimeIndex):
        x = index
    else:
        x = np.arange(len(s))

    ax = _axes(ax, (8, 4.5))
    ax.plot(x, y, color=_BLUE, marker="o", ms=4, lw=1.2, label=_t("cc.values", lang))
    ax.axhline(centre, color="black", lw=1.5, label=_t(centre_key, lang, c=centre))
    ax.axhline(
        upper, color=_VERMILLION, ls="--", lw=1.5, label=_t("cc.limits", lang, lo=lower, hi=upper)
    )
    ax.axhline(lower, color=_VERMILLION, ls="--", lw=1.5)
    ax.scatter(
        np.asarray(x)[out],
        y[out],
        marker="X",
        s=140,
        color=_VERMILLION,
        edgecolor="black",
        zorder=4,
        label=_t("cc.out", lang, n=int(out.sum())),
    )
    if not isinstance(index, pd.PeriodIndex | pd.DatetimeIndex | pd.RangeIndex) and len(s) <= 40:
        ax.set_xticks(x, [str(i) for i in index], rotation=45, ha="right")
    ax.set_title(title)
    ax.set_xlabel(xlabel if xlabel is not None else _t("cc.x", lang))
    ax.set_ylabel(ylabel if ylabel is not None else _t("cc.y", lang))
    _legend(ax, loc="best")
    return _finish(ax, font)


# --------------------------------------------------------------------------- loyalty


def loyalty_matrix(
    attitude,
    repeat,
    *,
    attitude_cut: float = 0.5,
    repeat_cut: float = 0.5,
    xlabel: str | None = None,
    ylabel: str | None = None,
    ax=None,
    lang: str = "en",
) -> Axes:
    """Relative attitude x repeat patronage scatter with the four loyalty types.

    Cut lines split customers into ideal loyalty (理想忠诚, both high),
    latent (潜在忠诚, high attitude only), spurious (虚假忠诚, high repeat
    only) and no loyalty (缺乏忠诚), using
    :func:`crmlab.loyalty.loyalty_type`. Each type has its own marker; the
    corners give each type's count and share.

    Parameters
    ----------
    attitude, repeat : 1-D array-like or Series, same length
        Relative attitude and repeat patronage per customer.
    attitude_cut, repeat_cut : float, default 0.5
        Values at or above a cut count as high.
    xlabel, ylabel : str, optional
        Override the default axis labels (e.g. to name the scale).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One scatter collection per type present; their points add up to the
        number of customers.

    Raises
    ------
    TypeError, ValueError
        For non-numeric, empty or unequal-length input.

    References
    ----------
    Keeping relationships (four loyalty types); Dick and Basu (1994), "Customer loyalty:
    toward an integrated conceptual framework", JAMS.

    Examples
    --------
    >>> ax = loyalty_matrix([0.9, 0.8, 0.2, 0.1], [0.9, 0.1, 0.7, 0.2])
    >>> sum(len(c.get_offsets()) for c in ax.collections)
    4
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    att, rep = _labelled_pairs(attitude, repeat, ("attitude", "repeat"))
    types = np.asarray(
        loyalty_type(
            att.to_numpy(), rep.to_numpy(), attitude_cut=attitude_cut, repeat_cut=repeat_cut
        )
    )
    styles = {
        "ideal": (_GREEN, "o", 0.98, 0.98, "right", "top"),
        "latent": (_BLUE, "^", 0.02, 0.98, "left", "top"),
        "spurious": (_ORANGE, "s", 0.98, 0.02, "right", "bottom"),
        "none": (_GREY, "x", 0.02, 0.02, "left", "bottom"),
    }
    ax = _axes(ax, (7, 6))
    n = len(types)
    for kind, (color, marker, tx, ty, ha, va) in styles.items():
        mask = types == kind
        label = _t(f"lm.{kind}", lang)
        if mask.any():
            ax.scatter(
                rep.to_numpy()[mask],
                att.to_numpy()[mask],
                marker=marker,
                s=30,
                color=color,
                edgecolor="black" if marker != "x" else None,
                alpha=0.8,
                label=label,
            )
        ax.text(
            tx,
            ty,
            f"{label}\nn = {int(mask.sum())} ({mask.sum() / n:.0%})",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=9,
            fontweight="bold",
            bbox={"boxstyle": "round", "fc": "white", "ec": color, "alpha": 0.85},
        )
    ax.axvline(float(repeat_cut), color="black", ls="--", lw=1, label=_t("lm.cut", lang))
    ax.axhline(float(attitude_cut), color="black", ls="--", lw=1)
    ax.margins(0.2)
    ax.set_title(_t("lm.title", lang))
    ax.set_xlabel(xlabel if xlabel is not None else _t("lm.x", lang))
    ax.set_ylabel(ylabel if ylabel is not None else _t("lm.y", lang))
    _legend(ax, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _finish(ax, font)


def _component_label(column, lang: str) -> str:
    if lang == "zh" and column in _COMPONENT_ZH:
        return _COMPONENT_ZH[column]
    return str(column).replace("_", " ")


def loyalty_profit(table, *, currency: str = "yuan", ax=None, lang: str = "en") -> Axes:
    """Stacked bars of the profit components per customer, year by year.

    The "loyalty = profit" chart (忠诚 = 利润, Reichheld): the longer a
    customer stays, the more profit comes from increased purchases, lower
    operating cost, referrals and a price premium on top of the base profit;
    the acquisition cost is a negative bar in year 0. A line gives the total
    per year.

    Parameters
    ----------
    table : DataFrame
        One row per year (the index, or a ``year`` column), one numeric column
        per component, as returned by :func:`crmlab.loyalty.loyalty_profit`
        (whose derived ``total`` and ``cumulative`` columns are ignored).
        Negative values (costs) are stacked below zero.
    currency : str, default "yuan"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One bar per year and component (``ax.patches``); ``ax.lines[0]`` is
        the total.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty or non-numeric table, or missing values.

    References
    ----------
    CRM slides (loyalty = profit); Reichheld and Sasser (1990), "Zero
    defections", Harvard Business Review.

    Examples
    --------
    >>> from crmlab.loyalty import loyalty_profit as profit_table
    >>> ax = loyalty_profit(profit_table(years=7))
    >>> len(ax.patches)   # 8 years (0..7) x 6 components
    48
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    _frame(table, "table")
    data = table.set_index("year") if "year" in table.columns else table
    # Derived columns of crmlab.loyalty.loyalty_profit are not components.
    data = data.drop(columns=[c for c in ("total", "cumulative") if c in data.columns])
    data = _numeric_frame(data, "table")
    ax = _axes(ax, (8, 5))
    x = np.arange(len(data))
    pos_bottom = np.zeros(len(data))
    neg_bottom = np.zeros(len(data))
    hatches = ["", "//", "..", "\\\\", "xx", "oo", "--", "++"]
    for k, col in enumerate(data.columns):
        vals = data[col].to_numpy()
        bottom = np.where(vals >= 0, pos_bottom, neg_bottom)
        ax.bar(
            x,
            vals,
            0.7,
            bottom=bottom,
            color=_CYCLE[k % len(_CYCLE)],
            hatch=hatches[k % len(hatches)],
            edgecolor="black",
            label=_component_label(col, lang),
        )
        pos_bottom += np.where(vals >= 0, vals, 0)
        neg_bottom += np.where(vals < 0, vals, 0)
    total = data.sum(axis=1).to_numpy()
    ax.plot(x, total, color="black", marker="D", lw=1.5, label=_t("lp.total", lang))
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, [str(i) for i in data.index])
    ax.set_title(_t("lp.title", lang))
    ax.set_xlabel(_t("lp.x", lang))
    ax.set_ylabel(_t("lp.y", lang, cur=currency))
    _legend(ax, loc="upper left")
    return _finish(ax, font)


# --------------------------------------------------------------------------- churn, retention


def churn_reasons_pareto(reasons, *, ax=None, lang: str = "en") -> Axes:
    """Pareto chart of churn reasons: bars sorted descending, cumulative % line.

    Parameters
    ----------
    reasons : Series, mapping or 1-D array-like
        Either counts per reason (numeric Series indexed by reason, or a
        mapping reason -> count), or one reason label per churned customer
        (strings; missing labels are dropped and the rest counted).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        The bar axes (one bar per reason in ``ax.patches``). The cumulative
        line lives on a twin axes, ``ax.figure.axes[-1]`` when the figure
        was created here.

    Raises
    ------
    TypeError, ValueError
        For empty input, negative counts or an all-zero total.

    References
    ----------
    Knowing the customer (China Mobile churn causes), CRM and satisfaction (Pareto charts, 排列图).

    Examples
    --------
    >>> ax = churn_reasons_pareto(["price", "competition", "price", "natural"])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['price', 'competition', 'natural']
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if isinstance(reasons, Mapping):
        counts = _series(reasons, "reasons")
    else:
        if isinstance(reasons, str | bytes) or np.ndim(reasons) != 1:
            raise TypeError(
                "reasons must be counts per reason (a Series) or a list of reason labels."
            )
        labels = (
            reasons
            if isinstance(reasons, pd.Series)
            else pd.Series(np.asarray(reasons, dtype=object))
        )
        if len(labels) == 0:
            raise ValueError("reasons is empty; there is nothing to plot.")
        if pd.api.types.is_numeric_dtype(labels) and not pd.api.types.is_bool_dtype(labels):
            counts = _series(labels, "reasons")
        else:
            counts = labels.dropna().astype(str).value_counts()
            if counts.empty:
                raise ValueError("reasons has only missing labels; there is nothing to plot.")
    if (counts < 0).any():
        raise ValueError("reasons must hold non-negative counts.")
    total = float(counts.sum())
    if total <= 0:
        raise ValueError("reasons: the counts add up to 0; there is nothing to plot.")
    counts = counts.sort_values(ascending=False, kind="stable")
    cumulative = counts.cumsum().to_numpy() / total * 100

    ax = _axes(ax, (8, 4.8))
    x = np.arange(len(counts))
    bars = ax.bar(
        x,
        counts.to_numpy(),
        0.7,
        color=_SKY,
        hatch="//",
        edgecolor="black",
        label=_t("cr.bars", lang),
    )
    ax.bar_label(bars, fmt="%.0f", padding=2, fontsize=8)
    ax.set_xticks(x, [_name(r, lang, _REASON_ZH) for r in counts.index], rotation=30, ha="right")
    ax.set_ylim(0, float(counts.max()) * 1.15)
    twin = ax.twinx()
    twin.plot(x, cumulative, color=_VERMILLION, marker="o", lw=2, label=_t("cr.cum", lang))
    twin.axhline(80, color="black", ls=":", lw=1, label=_t("cr.80", lang))
    twin.set_ylim(0, 105)
    twin.set_ylabel(_t("cr.y2", lang))
    ax.set_title(_t("cr.title", lang))
    ax.set_xlabel(_t("cr.x", lang))
    ax.set_ylabel(_t("cr.y", lang))
    handles = ax.get_legend_handles_labels()
    twin_handles = twin.get_legend_handles_labels()
    twin.legend(
        handles[0] + twin_handles[0],
        handles[1] + twin_handles[1],
        loc="center right",
        fontsize="small",
    )
    return _finish(ax, font, twin)


def cohort_heatmap(
    table, *, annotate: bool = True, cmap: str = "YlGnBu", ax=None, lang: str = "en"
) -> Axes:
    """Cohort retention heatmap: share of each cohort active, as percentages.

    Parameters
    ----------
    table : DataFrame
        Rows = acquisition cohorts, columns = periods since acquisition,
        values = share active (fractions in [0, 1]), as returned by
        :func:`crmlab.churn.cohort_table`. Missing cells (periods not yet
        observed) stay blank.
    annotate : bool, default True
        Write the percentage in each non-missing cell.
    cmap : str, default "YlGnBu"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0].get_array().shape == table.shape``; one text per
        non-missing cell when annotated.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty or non-numeric table, or shares outside [0, 1].

    References
    ----------
    Keeping relationships (retention rate); cohort analysis is standard practice beyond the source documents.

    Examples
    --------
    >>> t = pd.DataFrame([[1.0, 0.5, 0.4], [1.0, 0.6, np.nan]], index=["2024-01", "2024-02"])
    >>> ax = cohort_heatmap(t)
    >>> len(ax.texts)
    5
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    data = _numeric_frame(table, "table", allow_nan=True)
    arr = data.to_numpy()
    finite = arr[~np.isnan(arr)]
    if finite.size == 0:
        raise ValueError("table has no values (every cell is missing).")
    if (finite < 0).any() or (finite > 1).any():
        raise ValueError("table must hold shares as fractions in [0, 1] (e.g. 0.45, not 45).")
    n_rows, n_cols = arr.shape
    ax = _axes(ax, (min(16.0, 2 + 0.6 * n_cols), min(12.0, 1.5 + 0.35 * n_rows)))
    colormap = colormaps[cmap].with_extremes(bad="white")
    image = ax.imshow(
        np.ma.masked_invalid(arr * 100), cmap=colormap, vmin=0, vmax=100, aspect="auto"
    )
    if annotate:
        size = 8 if n_cols <= 16 else 6
        _heat_text(ax, arr * 100, lambda p: f"{p:.0f}%", 100.0, size)
    row_step = max(1, n_rows // 24)
    ax.set_yticks(np.arange(0, n_rows, row_step), [str(i) for i in data.index[::row_step]])
    col_step = max(1, n_cols // 24)
    ax.set_xticks(np.arange(0, n_cols, col_step), [str(c) for c in data.columns[::col_step]])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(_t("coh.cbar", lang))
    ax.set_title(_t("coh.title", lang))
    ax.set_xlabel(_t("coh.x", lang))
    ax.set_ylabel(_t("coh.y", lang))
    return _finish(ax, font, bar.ax)


def survival_curve(curves, *, time_unit: str = "months", ax=None, lang: str = "en") -> Axes:
    """Kaplan-Meier survival step curves, the median lifetime of each marked.

    Parameters
    ----------
    curves : Series or dict of Series
        S(t) indexed by time (as from :func:`crmlab.churn.survival_curve`),
        or a dict group name -> S(t) to compare groups. Values in [0, 1]; a
        curve that does not start at t = 0 is drawn from S(0) = 1.
    time_unit : str, default "months"
        Unit of the time axis, shown in labels.
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One step line per group with a legend entry that gives its median
        (the first time S(t) <= 0.5, by
        :func:`crmlab.churn.median_survival_time`, or "not reached").

    Raises
    ------
    TypeError, ValueError
        For empty input, non-numeric times or values outside [0, 1].

    References
    ----------
    Kaplan and Meier (1958), JASA; churn analysis in Keeping relationships and Knowing the customer.

    Examples
    --------
    >>> s = pd.Series([1.0, 0.8, 0.55, 0.4], index=[0, 6, 12, 18])
    >>> ax = survival_curve({"basic": s})
    >>> ax.get_legend().get_texts()[0].get_text()
    'basic (median 18 months)'
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    if isinstance(curves, pd.Series):
        curves = {_t("sv.all", lang): curves}
    if not isinstance(curves, Mapping):
        raise TypeError(
            f"curves must be a Series or a dict of Series, got {type(curves).__name__}."
        )
    if not curves:
        raise ValueError("curves is empty; there is nothing to plot.")
    ax = _axes(ax, (7.5, 4.8))
    for k, (name, curve) in enumerate(curves.items()):
        if not isinstance(curve, pd.Series):
            raise TypeError(
                f"curves[{name!r}] must be a Series indexed by time, got {type(curve).__name__}."
            )
        s = _series(curve, f"curves[{name!r}]").sort_index()
        v.check_in_range(s.to_numpy(), f"curves[{name!r}]", low=0, high=1, what="a survival share")
        t = _series(pd.Series(s.index), f"curves[{name!r}].index").to_numpy()
        median = median_survival_time(pd.Series(s.to_numpy(), index=t))
        y = s.to_numpy()
        if t[0] > 0:
            t, y = np.r_[0.0, t], np.r_[1.0, y]
        if np.isfinite(median):
            label = _t("sv.median", lang, name=name, m=median, unit=time_unit)
        else:
            label = _t("sv.nomedian", lang, name=name)
        color = _CYCLE[k % len(_CYCLE)]
        ax.step(
            t,
            y * 100,
            where="post",
            color=color,
            ls=_LINESTYLES[k % len(_LINESTYLES)],
            lw=2,
            label=label,
        )
        if np.isfinite(median):
            ax.plot(
                [median],
                [50],
                ls="none",
                marker=_MARKERS[k % len(_MARKERS)],
                ms=8,
                color=color,
                markeredgecolor="black",
            )
            ax.plot([median, median], [0, 50], color=color, ls=":", lw=1)
    ax.axhline(50, color=_GREY, ls=":", lw=1)
    ax.set_ylim(0, 103)
    ax.set_xlim(left=0)
    ax.set_title(_t("sv.title", lang))
    ax.set_xlabel(_t("sv.x", lang, unit=time_unit))
    ax.set_ylabel(_t("sv.y", lang))
    ax.grid(alpha=0.3)
    _legend(ax, loc="upper right")
    return _finish(ax, font)


def retention_curves(retentions, periods: int = 10, *, ax=None, lang: str = "en") -> Axes:
    """Retention curves r^t for one or several retention rates.

    The share of a cohort still active after t periods is r^t (客户保持率
    r); the expected lifetime 1/(1 - r) is given in the legend.

    Parameters
    ----------
    retentions : float or sequence of floats
        Retention rates as fractions in [0, 1].
    periods : int, default 10
        Last period shown (t = 0..periods).
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        One line per rate with ``periods + 1`` points, each with its own
        marker and line style.

    Raises
    ------
    TypeError, ValueError
        As :func:`crmlab.retention.retention_curve`, and for an empty sequence.

    References
    ----------
    Keeping relationships (retention rate = 1 - churn rate).

    Examples
    --------
    >>> ax = retention_curves(0.8, periods=3)
    >>> [round(float(y), 1) for y in ax.lines[0].get_ydata()]
    [100.0, 80.0, 64.0, 51.2]
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    rates = [retentions] if np.ndim(retentions) == 0 else list(retentions)
    if isinstance(retentions, str | bytes):
        raise TypeError(
            f"retentions must be a number or a sequence of numbers, got {retentions!r}."
        )
    if not rates:
        raise ValueError("retentions is empty; pass at least one retention rate.")
    ax = _axes(ax, (7.5, 4.8))
    for k, r in enumerate(rates):
        curve = retention_curve(r, periods)
        r = float(r)
        label = _t("rc.forever", lang) if r >= 1 else _t("rc.label", lang, r=r, life=1 / (1 - r))
        ax.plot(
            np.asarray(curve.index, dtype=float),
            np.asarray(curve, dtype=float) * 100,
            color=_CYCLE[k % len(_CYCLE)],
            ls=_LINESTYLES[k % len(_LINESTYLES)],
            marker=_MARKERS[k % len(_MARKERS)],
            ms=5,
            label=label,
        )
    ax.set_ylim(0, 103)
    ax.set_title(_t("rc.title", lang))
    ax.set_xlabel(_t("rc.x", lang))
    ax.set_ylabel(_t("rc.y", lang))
    ax.grid(alpha=0.3)
    _legend(ax, loc="upper right")
    return _finish(ax, font)


def rfm_heatmap(
    rfm_table, *, value: str | None = None, cmap: str = "Oranges", ax=None, lang: str = "en"
) -> Axes:
    """Heatmap of customers by R score (rows, best on top) and F score (columns).

    Parameters
    ----------
    rfm_table : DataFrame
        Output of :func:`crmlab.value.rfm` (columns ``R`` and ``F``, integer scores).
    value : str, optional
        A numeric column (e.g. ``"monetary"``) to average per cell; by default
        each cell counts customers.
    cmap : str, default "Oranges"
    ax : matplotlib Axes, optional
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` is (number of R scores) x (number of F scores);
        empty cells of a mean are blank.

    Raises
    ------
    TypeError, ValueError
        For a non-DataFrame, empty table or missing columns.

    References
    ----------
    Hughes (1994), Strategic Database Marketing (RFM analysis; beyond the source documents).

    Examples
    --------
    >>> t = pd.DataFrame({"R": [1, 2, 2, 3], "F": [1, 1, 2, 3], "monetary": [10.0, 20, 30, 40]})
    >>> ax = rfm_heatmap(t)
    >>> ax.images[0].get_array().shape
    (3, 3)
    >>> plt.close(ax.figure)
    """
    lang, font = _resolve_lang(lang)
    columns = ["R", "F"] if value is None else ["R", "F", value]
    _frame(rfm_table, "rfm_table", columns)
    r = _series(rfm_table["R"], "rfm_table['R']", allow_mapping=False).astype(int)
    f = _series(rfm_table["F"], "rfm_table['F']", allow_mapping=False).astype(int)
    r_levels = np.arange(int(r.max()), int(r.min()) - 1, -1)
    f_levels = np.arange(int(f.min()), int(f.max()) + 1)
    if value is None:
        grid = (
            pd.crosstab(r, f).reindex(index=r_levels, columns=f_levels, fill_value=0).astype(float)
        )
        title, cbar_label = _t("rfm.title_count", lang), _t("rfm.cbar_count", lang)
        fmt = "{:.0f}".format
    else:
        amounts = _series(rfm_table[value], f"rfm_table[{value!r}]", allow_mapping=False)
        grid = (
            pd.DataFrame({"R": r.to_numpy(), "F": f.to_numpy(), "v": amounts.to_numpy()})
            .pivot_table(index="R", columns="F", values="v", aggfunc="mean")
            .reindex(index=r_levels, columns=f_levels)
        )
        title = _t("rfm.title_mean", lang, col=value)
        cbar_label = _t("rfm.cbar_mean", lang, col=value)
        fmt = "{:,.0f}".format
    arr = grid.to_numpy(dtype=float)
    ax = _axes(ax, (1.5 + 0.9 * len(f_levels), 1.2 + 0.7 * len(r_levels)))
    colormap = colormaps[cmap].with_extremes(bad="white")
    image = ax.imshow(np.ma.masked_invalid(arr), cmap=colormap, aspect="auto")
    _heat_text(ax, arr, fmt, float(np.nanmax(arr)), 8)
    ax.set_xticks(np.arange(len(f_levels)), [str(x) for x in f_levels])
    ax.set_yticks(np.arange(len(r_levels)), [str(x) for x in r_levels])
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(cbar_label)
    ax.set_title(title)
    ax.set_xlabel(_t("rfm.x", lang))
    ax.set_ylabel(_t("rfm.y", lang))
    return _finish(ax, font, bar.ax)
