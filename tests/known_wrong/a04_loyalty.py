"""Known-wrong answers for a04-loyalty (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_COURSE = "test_active_months_course"
A_OTHER = "test_active_months_other_log"
B_COURSE = "test_loyalty_types_course"
B_OTHER = "test_loyalty_types_other"
B_SHARES = "test_type_shares"
C_COURSE = "test_ols_coefficients_course"
C_OTHER = "test_ols_coefficients_other"
C_STRONGEST = "test_strongest_repeat_driver"
D_COURSE = "test_wallet_share_course"
D_OTHER = "test_wallet_share_other"
D_UNTAPPED = "test_untapped_by_type"
E_VALUES = "test_loyalty_effect_share_values"
E_REJECTS = "test_loyalty_effect_share_rejects"

KNOWN_WRONG = {
    "active_months": [
        Wrong(
            "counts purchases instead of active months",
            """
            def active_months(log, year):
                in_year = log[log["date"].dt.year == year]
                return in_year.groupby("customer_id").size()
            """,
            loses=[A_COURSE, A_OTHER, B_SHARES, D_UNTAPPED],
        ),
        Wrong(
            "counts months over all years, not the given year",
            """
            def active_months(log, year):
                return log["date"].dt.month.groupby(log["customer_id"]).nunique()
            """,
            loses=[A_COURSE, A_OTHER, B_SHARES, D_UNTAPPED],
        ),
    ],
    "loyalty_types": [
        Wrong(
            "a value on a cut counts as low",
            """
            def loyalty_types(survey, months, attitude_cut=5, repeat_cut=4):
                attitude = survey[["attitude_1", "attitude_2", "attitude_3"]].mean(axis=1)
                repeat = survey["customer_id"].map(months).fillna(0)
                high_attitude = (attitude > attitude_cut).to_numpy()
                high_repeat = (repeat > repeat_cut).to_numpy()
                types = np.select(
                    [high_attitude & high_repeat, high_attitude, high_repeat],
                    ["ideal", "latent", "spurious"],
                    default="none",
                )
                return pd.Series(types, index=survey["customer_id"])
            """,
            loses=[B_COURSE, B_OTHER, B_SHARES, D_UNTAPPED],
        ),
        Wrong(
            "latent and spurious swapped",
            """
            def loyalty_types(survey, months, attitude_cut=5, repeat_cut=4):
                attitude = survey[["attitude_1", "attitude_2", "attitude_3"]].mean(axis=1)
                repeat = survey["customer_id"].map(months).fillna(0)
                high_attitude = (attitude >= attitude_cut).to_numpy()
                high_repeat = (repeat >= repeat_cut).to_numpy()
                types = np.select(
                    [high_attitude & high_repeat, high_attitude, high_repeat],
                    ["ideal", "spurious", "latent"],
                    default="none",
                )
                return pd.Series(types, index=survey["customer_id"])
            """,
            loses=[B_COURSE, B_OTHER, B_SHARES, D_UNTAPPED],
        ),
    ],
    "type_shares": [
        Wrong(
            "percentages instead of fractions",
            """
            type_shares = 100 * loyalty_types(survey, active_months(log, 2024)).value_counts(
                normalize=True
            )
            """,
            loses=[B_SHARES],
        ),
        Wrong(
            "repeat patronage as the number of purchases",
            """
            purchases = log[log["date"].dt.year == 2024].groupby("customer_id").size()
            type_shares = loyalty_types(survey, purchases).value_counts(normalize=True)
            """,
            loses=[B_SHARES],
        ),
    ],
    "ols_coefficients": [
        Wrong(
            "no column of ones: the regression is forced through 0",
            """
            def ols_coefficients(df, target, drivers, standardized=False):
                data = df[[target, *drivers]].astype(float)
                if standardized:
                    data = (data - data.mean()) / data.std()
                slopes, *_ = np.linalg.lstsq(
                    data[drivers].to_numpy(), data[target].to_numpy(), rcond=None
                )
                result = pd.Series([0.0, *slopes], index=["const", *drivers])
                return result.drop("const") if standardized else result
            """,
            loses=[C_COURSE, C_OTHER],
        ),
        Wrong(
            "standardizes the drivers but not the target",
            """
            def ols_coefficients(df, target, drivers, standardized=False):
                data = df[[target, *drivers]].astype(float)
                if standardized:
                    data[drivers] = (data[drivers] - data[drivers].mean()) / data[drivers].std()
                design = np.column_stack([np.ones(len(data)), data[drivers].to_numpy()])
                coefficients, *_ = np.linalg.lstsq(design, data[target].to_numpy(), rcond=None)
                result = pd.Series(coefficients, index=["const", *drivers])
                return result.drop("const") if standardized else result
            """,
            loses=[C_OTHER],
        ),
    ],
    "strongest_repeat_driver": [
        Wrong(
            "regresses relative attitude instead of repeat patronage",
            """
            with_attitude = survey.assign(attitude=survey[ATTITUDE_ITEMS].mean(axis=1))
            betas = ols_coefficients(with_attitude, "attitude", DRIVERS, standardized=True)
            strongest_repeat_driver = betas.idxmax()
            """,
            loses=[C_STRONGEST],
        ),
    ],
    "wallet_share": [
        Wrong(
            "spend over all years instead of the given year",
            """
            def wallet_share(survey, log, year):
                spend = log.groupby("customer_id")["amount"].sum()
                ours = survey["customer_id"].map(spend).fillna(0).to_numpy()
                share = pd.Series(
                    ours / survey["category_spend"].to_numpy(), index=survey["customer_id"]
                )
                if (share > 1).any():
                    raise ValueError("share of wallet above 1")
                return share
            """,
            loses=[D_COURSE, D_OTHER, D_UNTAPPED],
        ),
        Wrong(
            "no check for inconsistent data",
            """
            def wallet_share(survey, log, year):
                in_year = log[log["date"].dt.year == year]
                spend = in_year.groupby("customer_id")["amount"].sum()
                ours = survey["customer_id"].map(spend).fillna(0).to_numpy()
                return pd.Series(
                    ours / survey["category_spend"].to_numpy(), index=survey["customer_id"]
                )
            """,
            loses=[D_OTHER],
        ),
    ],
    "untapped_by_type": [
        Wrong(
            "the mean per customer instead of the total",
            """
            category_spend = survey.set_index("customer_id")["category_spend"]
            untapped = category_spend * (1 - wallet_share(survey, log, 2024))
            untapped_by_type = untapped.groupby(
                loyalty_types(survey, active_months(log, 2024))
            ).mean()
            """,
            loses=[D_UNTAPPED],
        ),
        Wrong(
            "Huamei's own sales instead of the spend elsewhere",
            """
            category_spend = survey.set_index("customer_id")["category_spend"]
            ours = category_spend * wallet_share(survey, log, 2024)
            untapped_by_type = ours.groupby(loyalty_types(survey, active_months(log, 2024))).sum()
            """,
            loses=[D_UNTAPPED],
        ),
    ],
    "loyalty_effect_share": [
        Wrong(
            "divides by the cumulative profit instead of the year's total",
            """
            def loyalty_effect_share(table, year):
                if year == 0 or year not in table.index:
                    raise ValueError("no such year")
                row = table.loc[year]
                effects = ["increased_purchases", "lower_operating_cost", "referrals", "price_premium"]
                return float(row[effects].sum() / row["cumulative"])
            """,
            loses=[E_VALUES],
        ),
        Wrong(
            "the share of the base profit instead of the loyalty effects",
            """
            def loyalty_effect_share(table, year):
                if year == 0 or year not in table.index:
                    raise ValueError("no such year")
                row = table.loc[year]
                return float(row["base_profit"] / row["total"])
            """,
            loses=[E_VALUES],
        ),
        Wrong(
            "no check of the year",
            """
            def loyalty_effect_share(table, year):
                row = table.loc[year]
                effects = ["increased_purchases", "lower_operating_cost", "referrals", "price_premium"]
                return float(row[effects].sum() / row["total"])
            """,
            loses=[E_REJECTS],
        ),
    ],
}
