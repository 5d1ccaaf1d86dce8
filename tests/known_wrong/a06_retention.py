"""Known-wrong answers for a06-retention (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_VALUE = "test_retention_rate_value"
A_EDGES = "test_retention_rate_edges"
A_REJECTS = "test_retention_rate_rejects_bad_input"
B_VALUE = "test_expected_lifetime_value"
B_REJECTS = "test_expected_lifetime_rejects_bad_input"
C_VALUES = "test_retention_curve_values"
C_EXTREMES = "test_retention_curve_extremes"
D_TOY = "test_cohort_matrix_toy"
D_OTHER = "test_cohort_matrix_other_log"
D_COURSE = "test_cohort_matrix_course"
E_VALUE = "test_retention_gain_value"
E_UPLIFT = "test_retention_gain_other_uplift"
E_REJECTS = "test_retention_gain_rejects_bad_input"
F_RETENTION = "test_region_retention"
F_BUDGET = "test_region_budget"

# The solution of Part D without the line given as `gap`, with `fill` for unobserved cells.
_COHORT = """
def cohort_matrix(log, period="M"):
    number = pd.Series(pd.PeriodIndex(log["date"].dt.to_period(period)).asi8, index=log.index)
    first = number.groupby(log["customer_id"]).transform("min")
    active = pd.DataFrame(
        {{"cohort": first, "age": number - first, "customer_id": log["customer_id"]}}
    ){dedup}
    counts = active.groupby(["cohort", "age"]).size().unstack({fill})
    start, last = number.min(), number.max()
    counts = counts.reindex(columns=range(last - start + 1){fill_extra})
    shares = counts.div(counts[0], axis=0)
    {mask}
    shares.index = pd.PeriodIndex.from_ordinals(shares.index, freq=period)
    return shares
"""
_MASK = (
    "shares = shares.where(np.arange(shares.shape[1]) <= (last - shares.index.to_numpy())[:, None])"
)

# The solution of Part F with the retention base and the margin's revenue as parameters.
_REGIONS = """
region_of = customers.set_index("customer_id")["region"]
year = log["date"].dt.year
base_2023 = pd.Index(log.loc[year == 2023, "customer_id"].unique())
buyers_2024 = pd.Index(log.loc[year == 2024, "customer_id"].unique())
base = pd.DataFrame(
    {{"region": region_of.reindex(base_2023).to_numpy(), "kept": base_2023.isin(buyers_2024)}}
)
base_size = base.groupby("region").size()
{retention}
revenue_log = {revenue_log}
revenue = revenue_log.groupby(revenue_log["customer_id"].map(region_of))["amount"].sum()
margin = 0.25 * revenue / base_size
gain = pd.Series(
    {{r: retention_gain(margin[r], region_retention[r], 0.10) for r in base_size.index}}
)
region_budget = base_size * gain
"""
_RIGHT_RETENTION = 'region_retention = base.groupby("region")["kept"].mean()'

KNOWN_WRONG = {
    "retention_rate": [
        Wrong(
            "returns the churn rate instead of the retention rate",
            """
            def retention_rate(retained, customers):
                if customers <= 0 or retained < 0 or retained > customers:
                    raise ValueError("impossible counts")
                return 1 - retained / customers
            """,
            loses=[A_VALUE, A_EDGES],
        ),
        Wrong(
            "rejects keeping nobody or everybody",
            """
            def retention_rate(retained, customers):
                if customers <= 0 or not 0 < retained < customers:
                    raise ValueError("impossible counts")
                return retained / customers
            """,
            loses=[A_EDGES],
        ),
        Wrong(
            "no input checks",
            """
            def retention_rate(retained, customers):
                return retained / customers
            """,
            loses=[A_REJECTS],
        ),
    ],
    "expected_lifetime": [
        Wrong(
            "1 / r: the retention rate used as if it were the churn rate",
            """
            def expected_lifetime(retention):
                if not 0 <= retention < 1:
                    raise ValueError("retention must be in [0, 1)")
                return 1 / retention if retention else float("inf")
            """,
            loses=[B_VALUE],
        ),
        Wrong(
            "no input checks",
            """
            def expected_lifetime(retention):
                return 1 / (1 - retention)
            """,
            loses=[B_REJECTS],
        ),
    ],
    "retention_curve": [
        Wrong(
            "off by one period: starts at t = 1",
            """
            def retention_curve(retention, periods):
                t = np.arange(1, periods + 1)
                return pd.Series(retention**t, index=t)
            """,
            loses=[C_VALUES, C_EXTREMES],
        ),
        Wrong(
            "a linear decline 1 - (1 - r) t instead of r ** t",
            """
            def retention_curve(retention, periods):
                t = np.arange(periods + 1)
                return pd.Series(1 - (1 - retention) * t, index=t)
            """,
            loses=[C_VALUES, C_EXTREMES],
        ),
    ],
    "cohort_matrix": [
        Wrong(
            "leaves observed periods without a buyer as NaN",
            _COHORT.format(dedup=".drop_duplicates()", fill="", fill_extra="", mask=_MASK),
            loses=[D_TOY, D_OTHER],
        ),
        Wrong(
            "counts purchases instead of customers",
            _COHORT.format(dedup="", fill="fill_value=0", fill_extra=", fill_value=0", mask=_MASK),
            loses=[D_TOY, D_OTHER, D_COURSE],
        ),
        Wrong(
            "0.0 instead of NaN for periods after the end of the log",
            _COHORT.format(
                dedup=".drop_duplicates()",
                fill="fill_value=0",
                fill_extra=", fill_value=0",
                mask="",
            ),
            loses=[D_TOY, D_OTHER, D_COURSE],
        ),
    ],
    "retention_gain": [
        Wrong(
            "+5% of r (r x 1.05) instead of +5 points",
            """
            def retention_gain(margin, retention, rate, uplift=0.05):
                if not 0 <= retention < 1 or retention + uplift > 1:
                    raise ValueError("retention out of range")
                improved = retention * (1 + uplift)
                return margin * improved / (1 + rate - improved) - margin * retention / (
                    1 + rate - retention
                )
            """,
            loses=[E_VALUE, E_UPLIFT],
        ),
        Wrong(
            "undiscounted CLV, m r / (1 - r)",
            """
            def retention_gain(margin, retention, rate, uplift=0.05):
                if not 0 <= retention < 1 or retention + uplift > 1:
                    raise ValueError("retention out of range")
                improved = retention + uplift
                if improved == 1:
                    return float("inf")
                return margin * improved / (1 - improved) - margin * retention / (1 - retention)
            """,
            loses=[E_VALUE, E_UPLIFT],
        ),
        Wrong(
            "no input checks",
            """
            def retention_gain(margin, retention, rate, uplift=0.05):
                improved = retention + uplift
                return margin * improved / (1 + rate - improved) - margin * retention / (
                    1 + rate - retention
                )
            """,
            loses=[E_REJECTS],
        ),
    ],
    "region_budget": [
        Wrong(
            "divides the retained customers by the 2024 buyers",
            _REGIONS.format(
                retention=(
                    "buyers = pd.Series(region_of.reindex(buyers_2024).to_numpy())"
                    ".value_counts()\n"
                    'region_retention = base.groupby("region")["kept"].sum() / buyers'
                ),
                revenue_log="log.loc[year == 2023]",
            ),
            loses=[F_RETENTION, F_BUDGET],
        ),
        Wrong(
            "margin from the revenue of all three years",
            _REGIONS.format(retention=_RIGHT_RETENTION, revenue_log="log"),
            loses=[F_BUDGET],
        ),
    ],
}
