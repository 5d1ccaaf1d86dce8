"""Explorer of unit 06: retention curves and the value of a retention improvement."""

from __future__ import annotations

import ipywidgets as widgets

from crmlab import plots
from crmlab.i18n import message
from crmlab.retention import expected_lifetime_from_retention, retention_curve
from crmlab.value import (
    retention_clv,
)
from crmlab.widgets._explorer import Explorer, _int_slider, _money, _number, _slider

# --------------------------------------------------------------------------- retention


def retention_explorer(
    retention: float = 0.8,
    periods: int = 10,
    margin: float = 100.0,
    rate: float = 0.1,
    compare: bool = True,
) -> Explorer:
    """Retention explorer: retention curve, expected lifetime and retention CLV.

    For a retention rate r: the share still active r^t
    (:func:`crmlab.retention.retention_curve`), the expected lifetime
    1 / (1 - r) (:func:`crmlab.retention.expected_lifetime_from_retention`)
    and the CLV m r / (1 + i - r) (:func:`crmlab.value.retention_clv`).
    With "compare" ticked, the same at r + 5 points and the CLV gain.

    Parameters
    ----------
    retention, periods, margin, rate, compare
        Starting values; the defaults are the course example m = 100,
        r = 0.8, i = 0.1 (lifetime 5 periods, CLV 266.67; at r = 0.85: 340.00).

    Returns
    -------
    Explorer
        Controls ``"retention"``, ``"periods"``, ``"margin"``, ``"rate"``,
        ``"compare"``; ``computed`` keys ``"retention"``, ``"curve"`` (Series),
        ``"expected_lifetime"``, ``"retention_clv"`` and, when comparing,
        ``"compare_retention"``, ``"compare_lifetime"``, ``"compare_clv"``,
        ``"clv_gain"``. The text starts with ``"Expected lifetime: 5.00 periods"``.

    References
    ----------
    Keeping relationships (retention rate); unit 06 of the course.

    Examples
    --------
    >>> w = retention_explorer()
    >>> round(w.computed["clv_gain"], 2)
    73.33
    """
    controls = {
        "retention": _slider(retention, 0.0, 0.99, 0.01, message("widgets.retention.retention")),
        "periods": _int_slider(periods, 1, 40, message("widgets.periods")),
        "margin": _number(margin, message("widgets.retention.margin")),
        "rate": _slider(rate, 0.0, 0.3, 0.005, message("widgets.retention.rate"), fmt=".3f"),
        "compare": widgets.Checkbox(
            value=compare, description=message("widgets.retention.compare"), indent=False
        ),
    }

    def compute(x):
        r, n, m, i = x["retention"], x["periods"], x["margin"], x["rate"]
        curve = retention_curve(r, n)
        lifetime = expected_lifetime_from_retention(r)
        value = retention_clv(m, r, i)
        values = {
            "retention": r,
            "curve": curve,
            "expected_lifetime": lifetime,
            "retention_clv": value,
        }
        text = message(
            "widgets.retention.lifetime",
            lifetime=lifetime,
            r=r,
            n=n,
            remaining=float(curve.iloc[-1]),
        ) + message("widgets.retention.clv", value=_money(value))
        rates = [r]
        if x["compare"]:
            better = round(r + 0.05, 10)
            if better >= 1:
                text += message("widgets.retention.no_comparison")
            else:
                rates.append(better)
                life2 = expected_lifetime_from_retention(better)
                value2 = retention_clv(m, better, i)
                gain = value2 - value
                values.update(
                    compare_retention=better,
                    compare_lifetime=life2,
                    compare_clv=value2,
                    clv_gain=gain,
                )
                relative = f", {gain / value:+.1%}" if value else ""
                text += message(
                    "widgets.retention.comparison",
                    better=better,
                    lifetime=life2,
                    value=_money(value2),
                    gain=_money(gain),
                    relative=relative,
                )
        return values, text, lambda ax: plots.retention_curves(rates, n, ax=ax)

    return Explorer(message("widgets.retention.title"), controls, compute)
