"""Explorers of unit 01: the CLV calculator and the churn-loss calculator."""

from __future__ import annotations

import ipywidgets as widgets

from crmlab import plots
from crmlab.i18n import message
from crmlab.value import (
    annuity_factor,
    churn_loss,
    clv,
    expected_lifetime,
    group_churn_loss,
    group_clv,
    retention_clv,
)
from crmlab.widgets._explorer import _STYLE, Explorer, _int_slider, _money, _number, _slider

# --------------------------------------------------------------------------- CLV


def clv_calculator(
    margin: float = 500.0,
    churn_rate: float = 0.2,
    rate: float = 0.09,
    years: int = 5,
    acquisition_cost: float = 400.0,
) -> Explorer:
    """CLV calculator: individual, group (Dwyer) and retention lifetime value.

    Shows, for a yearly margin m = Q - C:

    - the individual CLV V = -C_0 + m a(T, i) over ``years`` T, computed with
      :func:`crmlab.value.clv` (CRM slides, four steps);
    - the group CLV by the Dwyer method, m a(1/r_L, i), with T = 1 / churn
      rate (:func:`crmlab.value.group_clv`);
    - the infinite-horizon retention CLV m r / (1 + i - r) with r = 1 - r_L
      (:func:`crmlab.value.retention_clv`);

    and a chart of the yearly contributions and the cumulative CLV. The
    churn and retention sliders are linked (retention = 1 - churn).

    Parameters
    ----------
    margin, churn_rate, rate, years, acquisition_cost
        Starting values. The defaults are the example of the CRM slides (T = 5,
        i = 9%, Q = 500, C_0 = 400: CLV 1,544.83) with a churn rate of 0.2,
        so the Dwyer lifetime 1 / 0.2 is also 5 years.

    Returns
    -------
    Explorer
        Controls ``"margin"``, ``"churn_rate"``, ``"retention_rate"``,
        ``"rate"``, ``"years"``, ``"acquisition_cost"``. ``computed`` keys:
        ``"clv"``, ``"annuity_factor"``, ``"group_clv"``,
        ``"expected_lifetime"``, ``"retention_clv"``. The text starts with
        ``"CLV: 1,544.83"``.

    References
    ----------
    CRM slides (individual CLV, Dwyer group CLV); unit 01 of the course.

    Examples
    --------
    >>> w = clv_calculator()
    >>> round(w.computed["group_clv"], 2)
    1944.83
    >>> w.controls["retention_rate"].value = 0.75
    >>> w.controls["churn_rate"].value
    0.25
    """
    controls = {
        "margin": _number(margin, message("widgets.clv.margin")),
        "churn_rate": _slider(churn_rate, 0.01, 1.0, 0.01, message("widgets.clv.churn_rate")),
        "retention_rate": _slider(
            round(1.0 - churn_rate, 10), 0.0, 0.99, 0.01, message("widgets.clv.retention_rate")
        ),
        "rate": _slider(rate, 0.0, 0.3, 0.005, message("widgets.clv.rate"), fmt=".3f"),
        "years": _int_slider(years, 1, 30, message("widgets.clv.years")),
        "acquisition_cost": _number(acquisition_cost, message("widgets.clv.acquisition_cost")),
    }

    def compute(x):
        m, i, T, c0 = x["margin"], x["rate"], x["years"], x["acquisition_cost"]
        contributions = [m] * T
        individual = clv(contributions, i, acquisition_cost=c0)
        factor = annuity_factor(T, i)
        lifetime = expected_lifetime(x["churn_rate"])
        group = group_clv(m, x["churn_rate"], i)
        kept = retention_clv(m, x["retention_rate"], i)
        values = {
            "clv": individual,
            "annuity_factor": factor,
            "group_clv": group,
            "expected_lifetime": lifetime,
            "retention_clv": kept,
        }
        text = (
            message(
                "widgets.clv.individual",
                clv=_money(individual),
                T=T,
                i=i,
                c0=_money(c0),
                m=_money(m),
                factor=factor,
            )
            + message(
                "widgets.clv.group",
                group=_money(group),
                churn=x["churn_rate"],
                lifetime=lifetime,
            )
            + message("widgets.clv.retention", kept=_money(kept), r=x["retention_rate"])
        )
        return values, text, lambda ax: plots.clv_by_year(contributions, i, c0, ax=ax)

    return Explorer(
        message("widgets.clv.title"),
        controls,
        compute,
        complements=(("churn_rate", "retention_rate"),),
    )


def churn_loss_calculator(
    n_customers: int = 10_000,
    churn_rate: float = 0.15,
    lifetime_value: float = 1944.83,
    invested_cost: float = 400.0,
    realized_value: float = 879.56,
) -> Explorer:
    """Churn loss calculator: what a churn rate costs the firm.

    Group loss V_ql = N x r_l x V_k (:func:`crmlab.value.group_churn_loss`)
    and the loss from one churned customer V_l = C_t + (V_k - V_t)
    (:func:`crmlab.value.churn_loss`), both from CRM slides.

    Parameters
    ----------
    n_customers, churn_rate, lifetime_value, invested_cost, realized_value
        Starting values; the defaults are the course example under the
        course's convention (unit 01): N = 10,000, r_l = 0.15 and the gross
        lifetime value V_k = 1,944.83 (500 a year for 5 years at 9%, before
        the acquisition cost), so a group loss of 2,917,245.00; for one
        customer who leaves after two years, C_t = 400 and V_t = 879.56
        (loss 1,465.27).

    Returns
    -------
    Explorer
        Controls ``"n_customers"``, ``"churn_rate"``, ``"lifetime_value"``,
        ``"invested_cost"``, ``"realized_value"``; ``computed`` keys ``"loss"``,
        ``"churned_customers"``, ``"customer_loss"``. No chart. The text
        starts with ``"Group churn loss: 2,917,245.00"``.

    References
    ----------
    CRM slides (客户流失损失).

    Examples
    --------
    >>> w = churn_loss_calculator()
    >>> "Group churn loss: 2,917,245.00" in w.result.value
    True
    """
    controls = {
        "n_customers": widgets.IntText(
            value=n_customers,
            description=message("widgets.churn_loss.n_customers"),
            style=_STYLE,
            layout=widgets.Layout(width="300px"),
        ),
        "churn_rate": _slider(churn_rate, 0.0, 1.0, 0.01, message("widgets.churn_loss.churn_rate")),
        "lifetime_value": _number(lifetime_value, message("widgets.churn_loss.lifetime_value")),
        "invested_cost": _number(invested_cost, message("widgets.churn_loss.invested_cost")),
        "realized_value": _number(realized_value, message("widgets.churn_loss.realized_value")),
    }

    def compute(x):
        loss = group_churn_loss(x["n_customers"], x["churn_rate"], x["lifetime_value"])
        churned = x["n_customers"] * x["churn_rate"]
        one = churn_loss(x["invested_cost"], x["lifetime_value"], x["realized_value"])
        values = {"loss": loss, "churned_customers": churned, "customer_loss": one}
        text = message(
            "widgets.churn_loss.group",
            loss=_money(loss),
            n=x["n_customers"],
            churn=x["churn_rate"],
            value=_money(x["lifetime_value"]),
            churned=churned,
        ) + message(
            "widgets.churn_loss.one",
            one=_money(one),
            cost=_money(x["invested_cost"]),
            value=_money(x["lifetime_value"]),
            realized=_money(x["realized_value"]),
        )
        return values, text, None

    return Explorer(message("widgets.churn_loss.title"), controls, compute, chart=False)
