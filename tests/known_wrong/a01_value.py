"""Known-wrong answers for a01-value (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_VALUE = "test_annuity_value"
A_ZERO = "test_annuity_zero_rate"
A_NEGATIVE = "test_annuity_rejects_negative"
B_COURSE = "test_clv_table_course"
B_OTHER = "test_clv_table_other_plans"
B_ONE_YEAR = "test_clv_table_one_year"
C_COURSE = "test_channel_churn_course"
C_OTHER = "test_channel_churn_other_year"
C_SMALL = "test_channel_churn_small_log"
D_CLV = "test_segment_value_clv"
D_LOSS = "test_segment_value_churn_loss"
D_OTHER = "test_segment_value_other_table"
E_COURSE = "test_rfm_summary_course"
E_OTHER = "test_rfm_summary_other_date"

KNOWN_WRONG = {
    "annuity": [
        Wrong(
            "divides by the rate even at rate 0",
            """
            def annuity(years, rate):
                if years < 0 or rate < 0:
                    raise ValueError("negative input")
                return (1 - (1 + rate) ** -years) / rate
            """,
            loses=[A_ZERO],
        ),
        Wrong(
            "sums the discount factors of whole years only",
            """
            def annuity(years, rate):
                if years < 0 or rate < 0:
                    raise ValueError("negative input")
                return sum((1 + rate) ** -t for t in range(1, int(years) + 1))
            """,
            loses=[A_VALUE, A_ZERO],
        ),
        Wrong(
            "no input checks",
            """
            def annuity(years, rate):
                if rate == 0:
                    return float(years)
                return (1 - (1 + rate) ** -years) / rate
            """,
            loses=[A_NEGATIVE],
        ),
    ],
    "clv_table": [
        Wrong(
            "discounts from t = 0 (cash flows at year starts)",
            """
            def clv_table(contributions, costs, acquisition_cost, rate):
                t = np.arange(contributions.shape[1])
                margins = (contributions - costs).to_numpy()
                present = (margins * (1 + rate) ** -t).sum(axis=1)
                c0 = acquisition_cost.reindex(contributions.index).to_numpy()
                return pd.Series(present - c0, index=contributions.index)
            """,
            loses=[B_COURSE, B_OTHER],
        ),
        Wrong(
            "forgets the serving costs C_t",
            """
            def clv_table(contributions, costs, acquisition_cost, rate):
                t = np.arange(1, contributions.shape[1] + 1)
                present = (contributions.to_numpy() * (1 + rate) ** -t).sum(axis=1)
                c0 = acquisition_cost.reindex(contributions.index).to_numpy()
                return pd.Series(present - c0, index=contributions.index)
            """,
            loses=[B_COURSE, B_OTHER, B_ONE_YEAR],
        ),
        Wrong(
            "takes the acquisition costs by position, not by customer id",
            """
            def clv_table(contributions, costs, acquisition_cost, rate):
                t = np.arange(1, contributions.shape[1] + 1)
                margins = (contributions - costs).to_numpy()
                present = (margins * (1 + rate) ** -t).sum(axis=1)
                c0 = acquisition_cost.to_numpy()[: len(contributions)]
                return pd.Series(present - c0, index=contributions.index)
            """,
            loses=[B_COURSE, B_OTHER, B_ONE_YEAR],
        ),
    ],
    "channel_churn": [
        Wrong(
            "retention rate instead of churn rate",
            """
            def channel_churn(transactions, customers, year):
                bought_in = transactions["date"].dt.year
                at_risk = transactions.loc[bought_in == year - 1, "customer_id"].unique()
                stayed = transactions.loc[bought_in == year, "customer_id"].unique()
                table = customers.loc[customers["customer_id"].isin(at_risk)]
                kept = table["customer_id"].isin(stayed)
                return kept.groupby(table["channel"]).mean()
            """,
            loses=[C_COURSE, C_OTHER, C_SMALL],
        ),
        Wrong(
            "counts the new buyers of the year among those at risk",
            """
            def channel_churn(transactions, customers, year):
                bought_in = transactions["date"].dt.year
                active = transactions.loc[bought_in.isin([year - 1, year]), "customer_id"]
                stayed = transactions.loc[bought_in == year, "customer_id"].unique()
                table = customers.loc[customers["customer_id"].isin(active.unique())]
                churned = ~table["customer_id"].isin(stayed)
                return churned.groupby(table["channel"]).mean()
            """,
            loses=[C_COURSE, C_OTHER, C_SMALL],
        ),
        Wrong(
            "divides by every registered customer of the channel",
            """
            def channel_churn(transactions, customers, year):
                bought_in = transactions["date"].dt.year
                at_risk = transactions.loc[bought_in == year - 1, "customer_id"].unique()
                stayed = transactions.loc[bought_in == year, "customer_id"].unique()
                churned = customers["customer_id"].isin(at_risk) & ~customers[
                    "customer_id"
                ].isin(stayed)
                return churned.groupby(customers["channel"]).mean()
            """,
            loses=[C_COURSE, C_OTHER, C_SMALL],
        ),
    ],
    "segment_value": [
        Wrong(
            "no discounting: margin x lifetime",
            """
            def segment_value(table, rate):
                t = table.set_index("segment")
                life = 1 / t["churn_rate"]
                clv = t["margin"] * life
                loss = t["customers"] * t["churn_rate"] * clv
                return pd.DataFrame({"lifetime": life, "clv": clv, "churn_loss": loss})
            """,
            loses=[D_CLV, D_LOSS, D_OTHER],
        ),
        Wrong(
            "takes the churn rate as the lifetime in the annuity factor",
            """
            def segment_value(table, rate):
                t = table.set_index("segment")
                life = 1 / t["churn_rate"]
                clv = t["margin"] * value.annuity_factor(t["churn_rate"], rate)
                loss = t["customers"] * t["churn_rate"] * clv
                return pd.DataFrame({"lifetime": life, "clv": clv, "churn_loss": loss})
            """,
            loses=[D_CLV, D_LOSS, D_OTHER],
        ),
        Wrong(
            "churn loss with the retention rate instead of the churn rate",
            """
            def segment_value(table, rate):
                t = table.set_index("segment")
                life = 1 / t["churn_rate"]
                clv = value.group_clv(t["margin"], t["churn_rate"], rate)
                loss = t["customers"] * (1 - t["churn_rate"]) * clv
                return pd.DataFrame({"lifetime": life, "clv": clv, "churn_loss": loss})
            """,
            loses=[D_LOSS, D_OTHER],
        ),
    ],
    "rfm_summary": [
        Wrong(
            "revenue share as a percentage",
            """
            def rfm_summary(transactions, as_of):
                scores = value.rfm(transactions, as_of)
                segment = value.rfm_segment(scores)
                revenue = scores["monetary"].groupby(segment).sum()
                return pd.DataFrame(
                    {
                        "customers": segment.value_counts(),
                        "revenue_share": 100 * revenue / revenue.sum(),
                    }
                )
            """,
            loses=[E_COURSE, E_OTHER],
        ),
        Wrong(
            "share of the customers instead of the revenue",
            """
            def rfm_summary(transactions, as_of):
                segment = value.rfm_segment(value.rfm(transactions, as_of))
                counts = segment.value_counts()
                return pd.DataFrame({"customers": counts, "revenue_share": counts / counts.sum()})
            """,
            loses=[E_COURSE, E_OTHER],
        ),
        Wrong(
            "revenue from the whole log, purchases after as_of included",
            """
            def rfm_summary(transactions, as_of):
                segment = value.rfm_segment(value.rfm(transactions, as_of))
                spent = transactions.groupby("customer_id")["amount"].sum()
                revenue = spent.reindex(segment.index).groupby(segment).sum()
                return pd.DataFrame(
                    {"customers": segment.value_counts(), "revenue_share": revenue / revenue.sum()}
                )
            """,
            loses=[E_OTHER],
        ),
    ],
}
