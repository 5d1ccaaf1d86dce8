"""Known-wrong answers for a00-warmup (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_VALUE = "test_simple_clv_value"
A_NEGATIVE = "test_simple_clv_rejects_negative"
B_COURSE = "test_negative_value_tiers_course"
B_OTHER = "test_negative_value_tiers_other_table"
C_COURSE = "test_negative_value_share_course"
C_OTHER = "test_negative_value_share_other_table"
D_COURSE = "test_value_index_course"
D_OTHER = "test_value_index_other_table"

KNOWN_WRONG = {
    "simple_clv": [
        Wrong(
            "forgets the acquisition cost",
            """
            def simple_clv(years, annual_profit, acquisition_cost):
                if years < 0 or acquisition_cost < 0:
                    raise ValueError("negative input")
                return years * annual_profit
            """,
            loses=[A_VALUE],
        ),
        Wrong(
            "hard-codes the Knowing the customer example",
            """
            def simple_clv(years, annual_profit, acquisition_cost):
                if years < 0 or acquisition_cost < 0:
                    raise ValueError("negative input")
                return 920
            """,
            loses=[A_VALUE],
        ),
        Wrong(
            "rejects a negative annual profit too",
            """
            def simple_clv(years, annual_profit, acquisition_cost):
                if years < 0 or acquisition_cost < 0 or annual_profit < 0:
                    raise ValueError("negative input")
                return years * annual_profit - acquisition_cost
            """,
            loses=[A_VALUE],
        ),
        Wrong(
            "no input checks",
            """
            def simple_clv(years, annual_profit, acquisition_cost):
                return years * annual_profit - acquisition_cost
            """,
            loses=[A_NEGATIVE],
        ),
    ],
    "negative_value_tiers": [
        Wrong(
            "hard-codes the course answer",
            """
            def negative_value_tiers(table):
                return ["very low", "low"]
            """,
            loses=[B_OTHER],
        ),
        Wrong(
            "counts a zero value as negative",
            """
            def negative_value_tiers(table):
                return table.loc[table["value_pct"] <= 0, "tier"].tolist()
            """,
            loses=[B_OTHER],
        ),
        Wrong(
            "returns a Series instead of a list",
            """
            def negative_value_tiers(table):
                return table.loc[table["value_pct"] < 0, "tier"]
            """,
            loses=[B_COURSE],
        ),
    ],
    "negative_value_share": [
        Wrong(
            "percentage instead of fraction",
            """
            def negative_value_share(table):
                negative = table["value_pct"] < 0
                return float(table.loc[negative, "customer_share_pct"].sum())
            """,
            loses=[C_COURSE, C_OTHER],
        ),
        Wrong(
            "share of the market instead of the customers",
            """
            def negative_value_share(table):
                negative = table["value_pct"] < 0
                return float(table.loc[negative, "market_share_pct"].sum() / 100)
            """,
            loses=[C_COURSE, C_OTHER],
        ),
        Wrong(
            "hard-codes the course answer",
            """
            def negative_value_share(table):
                return 0.627
            """,
            loses=[C_OTHER],
        ),
    ],
    "value_index": [
        Wrong(
            "inverted ratio",
            """
            def value_index(table):
                by_tier = table.set_index("tier")
                return by_tier["customer_share_pct"] / by_tier["value_pct"]
            """,
            loses=[D_COURSE, D_OTHER],
        ),
        Wrong(
            "indexed by row number instead of tier",
            """
            def value_index(table):
                return table["value_pct"] / table["customer_share_pct"]
            """,
            loses=[D_COURSE, D_OTHER],
        ),
        Wrong(
            "hard-codes the course answer",
            """
            import pandas as pd

            def value_index(table):
                values = [-0.0976303, -0.1024390, 0.2832700, 3.3141304, 59.8666667]
                return pd.Series(values, index=["very low", "low", "moderate", "high", "very high"])
            """,
            loses=[D_OTHER],
        ),
    ],
}
