"""The look shared by every chart: colours, markers, the bilingual chart texts, the
Chinese font, and the small helpers that check a chart's input and finish its Axes.

The texts are chart wording (titles, axis labels) in English and Chinese, in the
message catalogs (``crmlab/data/messages/<lang>/chart.toml``); the names of
concepts come from :mod:`crmlab.glossary`.
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
from crmlab.i18n import catalog, get_language, message

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
    """The chart text ``key`` in ``lang``, from the catalogs (``chart.toml``)."""
    text = catalog(lang)[f"chart.{key}"]
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


def _has_bold(font: str) -> bool:
    weights = (
        font_manager.weight_dict.get(entry.weight, entry.weight)
        for entry in font_manager.fontManager.ttflist
        if entry.name == font
    )
    return any(isinstance(weight, int) and weight >= 600 for weight in weights)


def _finish(ax: Axes, font: str | None, *others: Axes) -> Axes:
    """Give every text of the chart the Chinese font (with a Latin fallback)."""
    if font is not None:
        family = [font, "DejaVu Sans"]
        # Some Chinese fonts (WenQuanYi Micro Hei) have no bold face: asking for
        # one makes matplotlib print a warning under the student's chart.
        plain = not _has_bold(font)
        for axes in (ax, *others):
            for text in axes.findobj(Text):
                text.set_fontfamily(family)
                if plain and text.get_fontweight() in ("bold", "heavy", "black", 700, 800, 900):
                    text.set_fontweight("normal")
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
