"""Known-wrong answers for a05-churn (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_COURSE = "test_churn_rate_by_segment_course"
A_OTHER = "test_churn_rate_by_segment_other_table"
A_MISSING = "test_churn_rate_by_segment_missing_column"
B_COURSE = "test_churn_rate_by_type_course"
B_OTHER = "test_churn_rate_by_type_other_table"
C_COURSE = "test_reason_pareto_course"
C_OTHER = "test_reason_pareto_other_reasons"
C_VITAL = "test_reasons_80"
D_COURSE = "test_median_lifetime_by_course"
D_OTHER = "test_median_lifetime_by_other_table"
D_INF = "test_median_lifetime_by_not_reached"
E_VALUE = "test_baseline_accuracy_value"
E_CHURN = "test_baseline_accuracy_churn_majority"
F_VALUE = "test_lift_value"
F_REJECTS = "test_lift_rejects_bad_input"
G_ACCURACY = "test_model_accuracy"
G_LIFT = "test_model_lift"

KNOWN_WRONG = {
    "churn_rate_by_segment": [
        Wrong(
            "divides by all churners instead of the segment's customers",
            """
            def churn_rate_by_segment(df, column):
                for name in (column, "churned"):
                    if name not in df.columns:
                        raise ValueError(f"df has no column {name!r}")
                return df.groupby(column)["churned"].sum() / df["churned"].sum()
            """,
            loses=[A_COURSE, A_OTHER],
        ),
        Wrong(
            "percentage instead of fraction",
            """
            def churn_rate_by_segment(df, column):
                for name in (column, "churned"):
                    if name not in df.columns:
                        raise ValueError(f"df has no column {name!r}")
                return 100 * df.groupby(column)["churned"].mean()
            """,
            loses=[A_COURSE, A_OTHER],
        ),
        Wrong(
            "no check of the columns (pandas raises a KeyError)",
            """
            def churn_rate_by_segment(df, column):
                return df.groupby(column)["churned"].mean()
            """,
            loses=[A_MISSING],
        ),
    ],
    "churn_rate_by_type": [
        Wrong(
            "divides by the segment's churners instead of its customers",
            """
            def churn_rate_by_type(df, column):
                return pd.crosstab(df[column], df["churn_type"], normalize="index")
            """,
            loses=[B_COURSE, B_OTHER],
        ),
        Wrong(
            "a crosstab of counts that drops zero rows and columns",
            """
            def churn_rate_by_type(df, column):
                counts = pd.crosstab(df[column], df["churn_type"])
                return counts.div(df.groupby(column).size(), axis=0)
            """,
            loses=[B_OTHER],
        ),
    ],
    "reason_pareto": [
        Wrong(
            "shares of all customers, the non-churners' missing reasons included",
            """
            def reason_pareto(reasons):
                counts = reasons.value_counts()
                table = pd.DataFrame({"count": counts, "share": counts / len(reasons)})
                table["cumulative_share"] = table["share"].cumsum()
                return table
            """,
            loses=[C_COURSE, C_OTHER, C_VITAL],
        ),
        Wrong(
            "sorted by reason name instead of by frequency",
            """
            def reason_pareto(reasons):
                counts = reasons.value_counts().sort_index()
                table = pd.DataFrame({"count": counts, "share": counts / counts.sum()})
                table["cumulative_share"] = table["share"].cumsum()
                return table
            """,
            loses=[C_COURSE, C_OTHER, C_VITAL],
        ),
    ],
    "reasons_80": [
        Wrong(
            "stops before the cumulative share reaches 80%",
            """
            pareto = reason_pareto(subscribers["churn_reason"])
            reasons_80 = pareto.index[pareto["cumulative_share"] <= 0.8].tolist()
            """,
            loses=[C_VITAL],
        ),
    ],
    "median_lifetime_by": [
        Wrong(
            "median tenure, ignoring censoring",
            """
            def median_lifetime_by(df, column):
                return df.groupby(column)["tenure_months"].median().astype(float)
            """,
            loses=[D_COURSE, D_OTHER, D_INF],
        ),
        Wrong(
            "NaN instead of inf when the median is not reached",
            """
            def median_lifetime_by(df, column):
                medians = {
                    segment: churn.median_survival_time(
                        churn.survival_curve(group["tenure_months"], group["churned"])
                    )
                    for segment, group in df.groupby(column)
                }
                return pd.Series(medians, dtype=float).replace(np.inf, np.nan)
            """,
            loses=[D_INF],
        ),
    ],
    "baseline_accuracy": [
        Wrong(
            "always predicts that nobody churns",
            """
            def baseline_accuracy(y_train, y_test):
                return float(1 - np.mean(np.asarray(y_test, dtype=float)))
            """,
            loses=[E_CHURN],
        ),
        Wrong(
            "returns the churn rate of the test set",
            """
            def baseline_accuracy(y_train, y_test):
                return float(np.mean(np.asarray(y_test, dtype=float)))
            """,
            loses=[E_VALUE, G_ACCURACY],
        ),
    ],
    "lift": [
        Wrong(
            "ranks the lowest risks first",
            """
            def lift(churned, risk, top=0.2):
                if not 0 < top <= 1:
                    raise ValueError("top must be in (0, 1]")
                flags = np.asarray(churned, dtype=float)
                if flags.mean() == 0:
                    raise ValueError("no churner")
                k = round(top * len(flags))
                riskiest = np.argsort(np.asarray(risk, dtype=float))[:k]
                return float(flags[riskiest].mean() / flags.mean())
            """,
            loses=[F_VALUE, G_LIFT],
        ),
        Wrong(
            "the churn rate of the top group, not divided by the base rate",
            """
            def lift(churned, risk, top=0.2):
                if not 0 < top <= 1:
                    raise ValueError("top must be in (0, 1]")
                flags = np.asarray(churned, dtype=float)
                k = round(top * len(flags))
                riskiest = np.argsort(-np.asarray(risk, dtype=float))[:k]
                return float(flags[riskiest].mean())
            """,
            loses=[F_VALUE, F_REJECTS, G_LIFT],
        ),
        Wrong(
            "selects a Series by label, not by position",
            """
            def lift(churned, risk, top=0.2):
                if not 0 < top <= 1:
                    raise ValueError("top must be in (0, 1]")
                flags = pd.Series(churned).astype(float)
                if flags.mean() == 0:
                    raise ValueError("no churner")
                k = round(top * len(flags))
                riskiest = np.argsort(-np.asarray(risk, dtype=float))[:k]
                return float(flags[riskiest].mean() / flags.mean())
            """,
            loses=[F_VALUE, G_LIFT],
        ),
    ],
    "churn_model": [
        Wrong(
            "evaluates on the training set",
            """
            model = LogisticRegression(C=np.inf, solver="newton-cholesky").fit(X_train, y_train)
            model_accuracy = float(model.score(X_train, y_train))
            naive_accuracy = baseline_accuracy(y_train, y_train)
            model_lift = lift(y_train, model.predict_proba(X_train)[:, 1], top=0.2)
            """,
            loses=[G_ACCURACY, G_LIFT],
        ),
        Wrong(
            "ranks by the probability of staying",
            """
            model = LogisticRegression(C=np.inf, solver="newton-cholesky").fit(X_train, y_train)
            model_accuracy = float(model.score(X_test, y_test))
            naive_accuracy = baseline_accuracy(y_train, y_test)
            model_lift = lift(y_test, model.predict_proba(X_test)[:, 0], top=0.2)
            """,
            loses=[G_LIFT],
        ),
    ],
}
