"""Known-wrong answers for a07-capstone (see tests/known_wrong/__init__.py).

Later parts use the variables of earlier ones (``channels`` feeds ``clv_table``,
which feeds ``worst_gain``; ``channel_table`` calls ``yearly_revenue``), so a
mistake early on also costs the tests that check the course numbers built on it,
but never the tests that call a later function on tables of their own.
"""

from tests.known_wrong import Wrong

A_REVENUE = "test_yearly_revenue"
A_TIERS = "test_value_tiers_course"
A_TIERS_OTHER = "test_value_tiers_other"
B_COUNTS = "test_state_counts_course"
B_COUNTS_OTHER = "test_state_counts_other_dates"
B_ACTIVE = "test_active_share"
C_CARD = "test_store_scorecard_course"
C_CARD_OTHER = "test_store_scorecard_other_survey"
C_COMPANY = "test_company_scores"
D_CHURN = "test_channel_table_churn"
D_MONEY = "test_channel_table_money"
D_OTHER = "test_channel_table_other_date"
D_SMALL = "test_channel_table_small"
D_WORST = "test_worst_channel"
E_SEED = "test_channel_clv_seed_example"
E_OTHER = "test_channel_clv_other_table"
E_COURSE = "test_channel_clv_course"
E_BEST = "test_best_channel"
F_VALUES = "test_retention_gain_values"
F_REJECTS = "test_retention_gain_rejects"
F_WORST = "test_worst_gain"

# channel_table as in the solution, with {churn}, {money} and {revenue} swapped for mistakes
_CHANNEL_TABLE = """
def channel_table(log, customers, as_of):
    base_year_end = pd.Timestamp(as_of) - pd.DateOffset(years=1)
    base_revenue = yearly_revenue(log, base_year_end)
    still_buying = yearly_revenue(log, as_of).index
    people = customers.set_index("customer_id")
    base = people.loc[base_revenue.index, ["channel", "acquisition_cost"]].assign(
        revenue={revenue}, churned=~base_revenue.index.isin(still_buying)
    )
    table = base.groupby("channel").agg(
        customers=("churned", "size"),
        churned=("churned", "sum"),
        revenue=("revenue", "mean"),
        acquisition_cost=("acquisition_cost", "mean"),
    )
    {churn}
    {money}
    return table.drop(columns="churned")


channels = channel_table(log, customers, AS_OF)
"""
_RIGHT_CHURN = 'table["churn_rate"] = table["churned"] / table["customers"]'


def _channel_table(churn=_RIGHT_CHURN, money="pass", revenue="base_revenue") -> str:
    return _CHANNEL_TABLE.format(churn=churn, money=money, revenue=revenue)


KNOWN_WRONG = {
    "yearly_revenue": [
        Wrong(
            "counts the first day of the window too (>= instead of >)",
            """
            def yearly_revenue(log, as_of):
                end = pd.Timestamp(as_of)
                start = end - pd.DateOffset(years=1)
                in_year = log[(log["date"] >= start) & (log["date"] <= end)]
                return in_year.groupby("customer_id")["amount"].sum()


            revenue_year = yearly_revenue(log, AS_OF)
            """,
            # purchases on 2023-06-30 and 2022-06-30 change the tiers, the base and its churn
            loses=[
                A_REVENUE,
                A_TIERS,
                D_CHURN,
                D_MONEY,
                D_OTHER,
                D_SMALL,
                E_COURSE,
                F_WORST,
            ],
        ),
        Wrong(
            "forgets the end of the window: later purchases count",
            """
            def yearly_revenue(log, as_of):
                start = pd.Timestamp(as_of) - pd.DateOffset(years=1)
                return log[log["date"] > start].groupby("customer_id")["amount"].sum()


            revenue_year = yearly_revenue(log, AS_OF)
            """,
            loses=[
                A_REVENUE,
                A_TIERS,
                D_CHURN,
                D_MONEY,
                D_OTHER,
                D_SMALL,
                E_COURSE,
                F_WORST,
            ],
        ),
    ],
    "value_tiers": [
        Wrong(
            "revenue shares as percentages",
            """
            def value_tiers(revenue):
                pareto = value.pareto_table(revenue)
                tier = pd.cut(pareto["customer_share"], [0, 0.1, 0.2, 1], labels=["A", "B", "C"])
                table = pareto.groupby(tier, observed=False)["value"].agg(
                    customers="size", revenue="sum"
                )
                table["revenue_share"] = 100 * table["revenue"] / table["revenue"].sum()
                return table


            tiers = value_tiers(revenue_year)
            """,
            loses=[A_TIERS, A_TIERS_OTHER],
        ),
        Wrong(
            "rounds the tier sizes up (ceil instead of floor)",
            """
            import math


            def value_tiers(revenue):
                ranked = revenue.sort_values(ascending=False)
                n = len(ranked)
                cut_a, cut_b = math.ceil(0.1 * n), math.ceil(0.2 * n)
                parts = [ranked.iloc[:cut_a], ranked.iloc[cut_a:cut_b], ranked.iloc[cut_b:]]
                table = pd.DataFrame(
                    {"customers": [len(p) for p in parts], "revenue": [p.sum() for p in parts]},
                    index=["A", "B", "C"],
                )
                table["revenue_share"] = table["revenue"] / table["revenue"].sum()
                return table


            tiers = value_tiers(revenue_year)
            """,
            loses=[A_TIERS, A_TIERS_OTHER],
        ),
    ],
    "state_counts": [
        Wrong(
            "passes only the ids: customers who sign up later count as potential",
            """
            def state_counts(log, customers, as_of):
                ids = customers["customer_id"]
                return states.count_states(states.classify_states(log, as_of, customers=ids))


            counts_mid = state_counts(log, customers, AS_OF)
            """,
            loses=[B_COUNTS, B_COUNTS_OTHER],
        ),
        Wrong(
            "value_counts, without the states nobody is in",
            """
            def state_counts(log, customers, as_of):
                return states.classify_states(log, as_of, customers=customers).value_counts()


            counts_mid = state_counts(log, customers, AS_OF)
            """,
            loses=[B_COUNTS, B_COUNTS_OTHER],
        ),
    ],
    "active_share": [
        Wrong(
            "counts potential customers in the denominator",
            """
            def active_share(counts):
                active = counts[["first-time", "repeat", "loyal"]].sum()
                everyone = active + counts["churned"] + counts["potential"]
                if everyone == 0:
                    raise ValueError("no customers")
                return float(active / everyone)


            active_mid = active_share(counts_mid)
            """,
            loses=[B_ACTIVE],
        ),
        Wrong(
            "no check when nobody has bought",
            """
            def active_share(counts):
                active = counts[["first-time", "repeat", "loyal"]].sum()
                return float(active / (active + counts["churned"]))


            active_mid = active_share(counts_mid)
            """,
            loses=[B_ACTIVE],
        ),
    ],
    "store_scorecard": [
        Wrong(
            "the overall satisfaction question instead of the weighted index",
            """
            def store_scorecard(survey):
                by_store = survey.groupby("store")
                return pd.DataFrame(
                    {
                        "respondents": by_store.size(),
                        "satisfaction": 10 * by_store["overall_satisfaction"].mean(),
                        "nps": by_store["recommend"].apply(satisfaction.nps),
                    }
                )


            scorecard = store_scorecard(survey)
            """,
            loses=[C_CARD, C_CARD_OTHER],
        ),
        Wrong(
            "drops the respondents with a missing answer",
            """
            def store_scorecard(survey):
                complete = survey.dropna(subset=list(satisfaction.SIMPLE_INDEX.leaf_ids))
                index = satisfaction.SIMPLE_INDEX.score(complete)
                by_store = complete.assign(index=index).groupby("store")
                return pd.DataFrame(
                    {
                        "respondents": by_store.size(),
                        "satisfaction": by_store["index"].mean(),
                        "nps": by_store["recommend"].apply(satisfaction.nps),
                    }
                )


            scorecard = store_scorecard(survey)
            """,
            loses=[C_CARD, C_CARD_OTHER],
        ),
    ],
    "company_scores": [
        Wrong(
            "the mean of the store figures instead of all respondents",
            """
            company_index = float(scorecard["satisfaction"].mean())
            company_nps = float(scorecard["nps"].mean())
            """,
            loses=[C_COMPANY],
        ),
    ],
    "channel_table": [
        Wrong(
            "churn rate over all the channel's customers, not its base",
            _channel_table(
                churn=(
                    'table["churn_rate"] = table["churned"] / '
                    'customers.groupby("channel").size().reindex(table.index)'
                )
            ),
            # promotion stays the channel with the highest net CLV; its margin does not move
            loses=[D_CHURN, D_OTHER, D_SMALL, D_WORST, E_COURSE, F_WORST],
        ),
        Wrong(
            "acquisition cost averaged over all the channel's customers",
            _channel_table(
                money=(
                    'table["acquisition_cost"] = '
                    'customers.groupby("channel")["acquisition_cost"].mean()'
                )
            ),
            loses=[D_MONEY, D_OTHER, D_SMALL, E_COURSE],
        ),
        Wrong(
            "revenue of the last year instead of the base year",
            _channel_table(revenue="yearly_revenue(log, as_of)"),
            loses=[D_MONEY, D_OTHER, D_SMALL, E_COURSE, F_WORST],
        ),
    ],
    "worst_channel": [
        Wrong(
            "the lowest churn rate instead of the highest",
            """
            worst_channel = channels["churn_rate"].idxmin()
            """,
            loses=[D_WORST, F_WORST],
        ),
        Wrong(
            "the most churned customers instead of the highest rate",
            """
            worst_channel = (channels["churn_rate"] * channels["customers"]).idxmax()
            """,
            loses=[D_WORST, F_WORST],
        ),
    ],
    "channel_clv": [
        Wrong(
            "forgets the acquisition cost",
            """
            def channel_clv(table, margin_rate, rate):
                margin = margin_rate * table["revenue"]
                clv = value.group_clv(margin, table["churn_rate"], rate)
                return table.assign(margin=margin, clv=clv, net_clv=clv)


            clv_table = channel_clv(channels, MARGIN_RATE, DISCOUNT_RATE)
            """,
            loses=[E_SEED, E_OTHER, E_COURSE],
        ),
        Wrong(
            "revenue instead of margin",
            """
            def channel_clv(table, margin_rate, rate):
                clv = value.group_clv(table["revenue"], table["churn_rate"], rate)
                return table.assign(
                    margin=table["revenue"], clv=clv, net_clv=clv - table["acquisition_cost"]
                )


            clv_table = channel_clv(channels, MARGIN_RATE, DISCOUNT_RATE)
            """,
            loses=[E_SEED, E_OTHER, E_COURSE, F_WORST],
        ),
    ],
    "best_channel": [
        Wrong(
            "the cheapest channel to win customers through",
            """
            best_channel = clv_table["acquisition_cost"].idxmin()
            """,
            loses=[E_BEST],
        ),
        Wrong(
            "the channel with the most customers",
            """
            best_channel = channels["customers"].idxmax()
            """,
            loses=[E_BEST],
        ),
    ],
    "retention_gain": [
        Wrong(
            "gain per customer, not for the whole group",
            """
            def retention_gain(margin, churn_rate, rate, customers, points=0.05):
                if not 0 < points < churn_rate:
                    raise ValueError("points out of range")
                now = value.group_clv(margin, churn_rate, rate)
                return float(value.group_clv(margin, churn_rate - points, rate) - now)


            worst = channels.loc[worst_channel]
            margin = clv_table.loc[worst_channel, "margin"]
            worst_gain = retention_gain(
                margin, worst["churn_rate"], DISCOUNT_RATE, worst["customers"], UPLIFT
            )
            """,
            loses=[F_VALUES, F_WORST],
        ),
        Wrong(
            "no check of points",
            """
            def retention_gain(margin, churn_rate, rate, customers, points=0.05):
                now = value.group_clv(margin, churn_rate, rate)
                return float(customers * (value.group_clv(margin, churn_rate - points, rate) - now))


            worst = channels.loc[worst_channel]
            margin = clv_table.loc[worst_channel, "margin"]
            worst_gain = retention_gain(
                margin, worst["churn_rate"], DISCOUNT_RATE, worst["customers"], UPLIFT
            )
            """,
            loses=[F_REJECTS],
        ),
    ],
}
