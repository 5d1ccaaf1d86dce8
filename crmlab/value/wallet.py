"""Value to the customer and share of wallet: customer delivered value (顾客让渡价值,
CRM and satisfaction) and share of wallet (钱包份额, CRM slides).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd

from crmlab._align import align_floats, shaped
from crmlab._validation import (
    check_nonnegative,
    check_not_greater,
    check_positive,
)
from crmlab.i18n import message

VALUE_COMPONENTS = MappingProxyType(
    {"product": "产品价值", "service": "服务价值", "personnel": "人员价值", "image": "形象价值"}
)

#: The four components of total customer cost (顾客总成本), CRM and satisfaction.
COST_COMPONENTS = MappingProxyType(
    {"monetary": "货币成本", "time": "时间成本", "energy": "精力成本", "physical": "体力成本"}
)

#: Segment labels of :func:`rfm_segment`, from best to worst.
# ---------------------------------------------------------------------------
# value to the customer, share of wallet
# ---------------------------------------------------------------------------


def _component_total(components, name: str):
    """Sum value or cost components: a float for a mapping/Series, per row for a DataFrame."""
    if isinstance(components, pd.DataFrame):
        if components.shape[1] == 0:
            raise ValueError(message("value.name_has_no_component_columns", name=name))
        check_nonnegative(components.to_numpy(dtype=float), name)
        return components.sum(axis=1)
    if isinstance(components, Mapping):
        components = pd.Series(dict(components), dtype=float)
    if not isinstance(components, pd.Series):
        raise TypeError(
            message("value.name_must_be_a_mapping", name=name, type=type(components).__name__)
        )
    if components.empty:
        raise ValueError(message("value.name_has_no_components_give", name=name))
    check_nonnegative(components.to_numpy(dtype=float), name)
    return float(components.sum())


def delivered_value(values, costs):
    """Customer delivered value: total customer value - total customer cost (顾客让渡价值).

    Total value = product + service + personnel + image value;
    total cost = monetary + time + energy + physical cost
    (see :data:`VALUE_COMPONENTS` and :data:`COST_COMPONENTS`). Any component
    names are accepted; only the totals matter.

    Parameters
    ----------
    values, costs : mapping, Series or DataFrame
        Components (each >= 0). A mapping or Series is one customer; a
        DataFrame has one row per customer and one column per component
        (both DataFrames must then share the same index).

    Returns
    -------
    float or Series
        A float for one customer, a Series for DataFrame input.

    Raises
    ------
    TypeError
        If an argument is not a mapping, Series or DataFrame.
    ValueError
        For negative or non-finite components, no components, or DataFrames
        with different rows.

    References
    ----------
    CRM and satisfaction (顾客让渡价值 = 顾客总价值 - 顾客总成本); Kotler, P., Marketing Management.

    Examples
    --------
    >>> delivered_value({"product": 60, "service": 20, "personnel": 10, "image": 10},
    ...                 {"monetary": 50, "time": 10, "energy": 5, "physical": 5})
    30.0
    """
    if (
        isinstance(values, pd.DataFrame)
        and isinstance(costs, pd.DataFrame)
        and not values.index.equals(costs.index)
    ):
        raise ValueError(message("value.values_and_costs_must_have"))
    total_value = _component_total(values, "values")
    total_cost = _component_total(costs, "costs")
    result = total_value - total_cost
    if isinstance(result, pd.Series):
        result.name = "delivered_value"
    return result


def share_of_wallet(our_sales, category_spend):
    """Share of wallet: our sales to a customer / the customer's category spend (钱包份额).

    SOW = our sales / total spend of the customer in the category, a fraction
    in [0, 1].

    Parameters
    ----------
    our_sales : float or array-like
        What the customer spent with us (>= 0).
    category_spend : float or array-like
        What the customer spent in the category at all firms (> 0, and not
        less than our_sales).

    Returns
    -------
    float, ndarray or Series

    Raises
    ------
    ValueError
        For negative sales, non-positive category spend, our_sales above
        category_spend, NaN/inf, or mismatched lengths.

    References
    ----------
    CRM slides (one-to-one marketing, 钱包份额, Share of Wallet).

    Examples
    --------
    >>> share_of_wallet(300, 1200)
    0.25
    """
    our_sales = check_nonnegative(our_sales, "our_sales")
    category_spend = check_positive(category_spend, "category_spend")
    (s, c), index = align_floats(our_sales=our_sales, category_spend=category_spend)
    check_not_greater(s, c, "our_sales", "category_spend")
    return shaped(s / c, index)
