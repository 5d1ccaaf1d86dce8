"""Known-wrong answers for a03-satisfaction (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_COURSE = "test_weighted_index_course"
A_OTHER = "test_weighted_index_other_tree"
A_REJECTS = "test_weighted_index_rejects_bad_weights"
B_COURSE = "test_biggest_drag_course"
B_OTHER = "test_biggest_drag_other_stores"
C_COURSE = "test_satisfaction_levels_course"
C_OTHER = "test_satisfaction_levels_other"
C_REJECTS = "test_satisfaction_levels_rejects_bad_expected"
D_COURSE = "test_kano_table_course"
D_OTHER = "test_kano_table_other"
E_COURSE = "test_cronbach_course"
E_OTHER = "test_cronbach_other"
E_REJECTS = "test_cronbach_rejects_one_item"
F_PLAIN = "test_survey_size_no_population"
F_POPULATION = "test_survey_size_population"
F_REJECTS = "test_survey_size_rejects_bad_margin"
G_POPULATION = "test_store_population"
G_UNDERSAMPLED = "test_undersampled"

KNOWN_WRONG = {
    "weighted_index": [
        Wrong(
            "counts a missing answer as 0",
            """
            def weighted_index(answers, tree):
                if abs(sum(weight for weight, _ in tree.values()) - 1) > 1e-6:
                    raise ValueError("second-level weights must sum to 1")
                index = pd.Series(0.0, index=answers.index)
                for weight, leaves in tree.values():
                    if abs(sum(leaves.values()) - 1) > 1e-6:
                        raise ValueError("leaf weights must sum to 1")
                    filled = answers[list(leaves)].astype(float).fillna(0)
                    index = index + weight * sum(w * filled[leaf] for leaf, w in leaves.items())
                return index
            """,
            loses=[A_COURSE],
        ),
        Wrong(
            "checks the weights for exact equality with 1",
            """
            def weighted_index(answers, tree):
                if sum(weight for weight, _ in tree.values()) != 1:
                    raise ValueError("second-level weights must sum to 1")
                index = pd.Series(0.0, index=answers.index)
                for weight, leaves in tree.values():
                    if sum(leaves.values()) != 1:
                        raise ValueError("leaf weights must sum to 1")
                    index = index + weight * sum(
                        w * answers[leaf].astype(float) for leaf, w in leaves.items()
                    )
                return index
            """,
            loses=[A_OTHER],
        ),
        Wrong(
            "does not check the weights",
            """
            def weighted_index(answers, tree):
                index = pd.Series(0.0, index=answers.index)
                for weight, leaves in tree.values():
                    index = index + weight * sum(
                        w * answers[leaf].astype(float) for leaf, w in leaves.items()
                    )
                return index
            """,
            loses=[A_REJECTS],
        ),
    ],
    "biggest_drag": [
        Wrong(
            "compares scores with the chain without the weights",
            """
            def biggest_drag(answers, tree):
                leaves = [leaf for _, children in tree.values() for leaf in children]
                complete = answers.dropna(subset=leaves)
                scores = pd.DataFrame(
                    {
                        name: sum(w * complete[leaf].astype(float) for leaf, w in children.items())
                        for name, (_, children) in tree.items()
                    }
                )
                gaps = scores.groupby(complete["store"]).mean() - scores.mean()
                return gaps.idxmin(axis=1)
            """,
            loses=[B_COURSE, B_OTHER],
        ),
        Wrong(
            "takes each store's lowest indicator, ignoring the chain",
            """
            def biggest_drag(answers, tree):
                leaves = [leaf for _, children in tree.values() for leaf in children]
                complete = answers.dropna(subset=leaves)
                scores = pd.DataFrame(
                    {
                        name: sum(w * complete[leaf].astype(float) for leaf, w in children.items())
                        for name, (_, children) in tree.items()
                    }
                )
                return scores.groupby(complete["store"]).mean().idxmin(axis=1)
            """,
            loses=[B_COURSE, B_OTHER],
        ),
    ],
    "satisfaction_levels": [
        Wrong(
            "ratio upside down: expected / perceived",
            """
            def satisfaction_levels(perceived, expected, tolerance=0.05):
                if (expected <= 0).any():
                    raise ValueError("expected must be positive")
                ratio = expected / perceived
                levels = np.where(
                    ratio > 1 + tolerance,
                    "exceeded",
                    np.where(ratio < 1 - tolerance, "dissatisfied", "met"),
                )
                return pd.Series(levels, index=ratio.index)
            """,
            loses=[C_COURSE, C_OTHER],
        ),
        Wrong(
            "boundary of the tolerance band not counted as met",
            """
            def satisfaction_levels(perceived, expected, tolerance=0.05):
                if (expected <= 0).any():
                    raise ValueError("expected must be positive")
                ratio = perceived / expected
                levels = np.where(
                    ratio >= 1 + tolerance,
                    "exceeded",
                    np.where(ratio <= 1 - tolerance, "dissatisfied", "met"),
                )
                return pd.Series(levels, index=ratio.index)
            """,
            loses=[C_OTHER],
        ),
        Wrong(
            "no check of the expected value",
            """
            def satisfaction_levels(perceived, expected, tolerance=0.05):
                ratio = perceived / expected
                levels = np.where(
                    ratio > 1 + tolerance,
                    "exceeded",
                    np.where(ratio < 1 - tolerance, "dissatisfied", "met"),
                )
                return pd.Series(levels, index=ratio.index)
            """,
            loses=[C_REJECTS],
        ),
    ],
    "kano_table": [
        Wrong(
            "Worse without its minus sign",
            """
            def kano_table(answers):
                category = sat.kano_category(answers["functional"], answers["dysfunctional"])
                counts = pd.crosstab(answers["feature"], category).reindex(
                    columns=["A", "O", "M", "I"], fill_value=0
                )
                core = counts.sum(axis=1)
                return pd.DataFrame(
                    {
                        "category": counts.idxmax(axis=1),
                        "better": (counts["A"] + counts["O"]) / core,
                        "worse": (counts["O"] + counts["M"]) / core,
                    }
                )
            """,
            loses=[D_COURSE, D_OTHER],
        ),
        Wrong(
            "reverse and questionable answers in the denominator",
            """
            def kano_table(answers):
                category = sat.kano_category(answers["functional"], answers["dysfunctional"])
                counts = pd.crosstab(answers["feature"], category).reindex(
                    columns=["A", "O", "M", "I", "R", "Q"], fill_value=0
                )
                total = counts.sum(axis=1)
                return pd.DataFrame(
                    {
                        "category": counts[["A", "O", "M", "I"]].idxmax(axis=1),
                        "better": (counts["A"] + counts["O"]) / total,
                        "worse": -(counts["O"] + counts["M"]) / total,
                    }
                )
            """,
            loses=[D_COURSE, D_OTHER],
        ),
        Wrong(
            "dominant category taken over all six categories",
            """
            def kano_table(answers):
                category = sat.kano_category(answers["functional"], answers["dysfunctional"])
                counts = pd.crosstab(answers["feature"], category).reindex(
                    columns=["A", "O", "M", "I", "R", "Q"], fill_value=0
                )
                core = counts[["A", "O", "M", "I"]].sum(axis=1)
                return pd.DataFrame(
                    {
                        "category": counts.idxmax(axis=1),
                        "better": (counts["A"] + counts["O"]) / core,
                        "worse": -(counts["O"] + counts["M"]) / core,
                    }
                )
            """,
            loses=[D_OTHER],
        ),
    ],
    "cronbach": [
        Wrong(
            "forgets the factor k / (k - 1)",
            """
            def cronbach(items):
                complete = items.dropna().astype(float)
                if complete.shape[1] < 2:
                    raise ValueError("at least 2 items")
                return float(1 - complete.var().sum() / complete.sum(axis=1).var())
            """,
            loses=[E_COURSE, E_OTHER],
        ),
        Wrong(
            "keeps respondents with missing answers",
            """
            def cronbach(items):
                data = items.astype(float)
                k = data.shape[1]
                if k < 2:
                    raise ValueError("at least 2 items")
                return float(k / (k - 1) * (1 - data.var().sum() / data.sum(axis=1).var()))
            """,
            loses=[E_COURSE, E_OTHER],
        ),
        Wrong(
            "no check for a single item",
            """
            def cronbach(items):
                complete = items.dropna().astype(float)
                k = complete.shape[1]
                return float(
                    k / (k - 1) * (1 - complete.var().sum() / complete.sum(axis=1).var())
                )
            """,
            loses=[E_REJECTS],
        ),
    ],
    "survey_size": [
        Wrong(
            "rounds to the nearest whole number instead of up",
            """
            from statistics import NormalDist

            def survey_size(margin, confidence=0.95, p=0.5, population=None):
                if not 0 < margin < 1:
                    raise ValueError("margin must be a fraction")
                z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
                n = z**2 * p * (1 - p) / margin**2
                if population is not None:
                    n = n / (1 + (n - 1) / population)
                return round(n)
            """,
            loses=[F_PLAIN, F_POPULATION, G_UNDERSAMPLED],
        ),
        Wrong(
            "z fixed at 1.96 whatever the confidence",
            """
            def survey_size(margin, confidence=0.95, p=0.5, population=None):
                if not 0 < margin < 1:
                    raise ValueError("margin must be a fraction")
                n = 1.96**2 * p * (1 - p) / margin**2
                if population is not None:
                    n = n / (1 + (n - 1) / population)
                return int(np.ceil(n))
            """,
            loses=[F_PLAIN, F_POPULATION],
        ),
        Wrong(
            "accepts a margin given as a percentage",
            """
            from statistics import NormalDist

            def survey_size(margin, confidence=0.95, p=0.5, population=None):
                z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
                n = z**2 * p * (1 - p) / margin**2
                if population is not None:
                    n = n / (1 + (n - 1) / population)
                return int(np.ceil(n))
            """,
            loses=[F_REJECTS],
        ),
    ],
    "store_sampling": [
        Wrong(
            "counts purchases instead of distinct customers",
            """
            log = load_transactions()
            bought_2024 = log[log["date"].dt.year == 2024]
            store_population = bought_2024.groupby("store")["customer_id"].count()
            respondents = survey["store"].value_counts()
            needed = pd.Series(
                {store: survey_size(0.10, population=n) for store, n in store_population.items()}
            )
            undersampled = sorted(needed.index[respondents.reindex(needed.index) < needed])
            """,
            loses=[G_POPULATION, G_UNDERSAMPLED],
        ),
        Wrong(
            "no finite-population correction",
            """
            log = load_transactions()
            bought_2024 = log[log["date"].dt.year == 2024]
            store_population = bought_2024.groupby("store")["customer_id"].nunique()
            respondents = survey["store"].value_counts().reindex(store_population.index)
            undersampled = sorted(store_population.index[respondents < survey_size(0.10)])
            """,
            loses=[G_UNDERSAMPLED],
        ),
    ],
}
