"""Known-wrong answers for a02-states (see tests/known_wrong/__init__.py)."""

from tests.known_wrong import Wrong

A_COURSE = "test_states_by_region_course"
A_OTHER = "test_states_by_region_other_date"
A_SMALL = "test_states_by_region_small"
B_COURSE = "test_estimate_transitions_course"
B_OTHER = "test_estimate_transitions_other_dates"
C_COURSE = "test_one_period_course"
C_OTHER = "test_one_period_other"
D_COURSE = "test_simulate_course"
D_OTHER = "test_simulate_other"
E_COURSE = "test_long_run_course"
E_OTHER = "test_long_run_other"
F_COURSE = "test_qualify_course"
F_PRICES = "test_qualify_other_prices"
F_OTHER = "test_qualify_other_table"

KNOWN_WRONG = {
    "states_by_region": [
        Wrong(
            "customer ids instead of the customers table: later sign-ups become potential",
            """
            def states_by_region(transactions, customers, as_of):
                labels = states.classify_states(
                    transactions, as_of, customers=customers["customer_id"]
                )
                region = customers.set_index("customer_id")["region"].reindex(labels.index)
                table = pd.crosstab(region, labels)
                return table.reindex(columns=list(states.STATES), fill_value=0)
            """,
            loses=[A_OTHER, A_SMALL],
        ),
        Wrong(
            "registered customers left out: no potential customers",
            """
            def states_by_region(transactions, customers, as_of):
                labels = states.classify_states(transactions, as_of)
                region = customers.set_index("customer_id")["region"].reindex(labels.index)
                table = pd.crosstab(region, labels)
                return table.reindex(columns=list(states.STATES), fill_value=0)
            """,
            loses=[A_COURSE, A_OTHER, A_SMALL],
        ),
        Wrong(
            "only the states that occur, not all seven",
            """
            def states_by_region(transactions, customers, as_of):
                labels = states.classify_states(transactions, as_of, customers=customers)
                region = customers.set_index("customer_id")["region"].reindex(labels.index)
                return pd.crosstab(region, labels)
            """,
            loses=[A_COURSE, A_OTHER, A_SMALL],
        ),
    ],
    "estimate_transitions": [
        Wrong(
            "the two dates swapped",
            """
            def estimate_transitions(transactions, customers, start, end):
                before = states.classify_states(transactions, start, customers=customers)
                after = states.classify_states(transactions, end, customers=customers)
                return states.transition_matrix(after, before)
            """,
            loses=[B_COURSE, B_OTHER],
        ),
        Wrong(
            "customer ids instead of the customers table: later sign-ups start as potential",
            """
            def estimate_transitions(transactions, customers, start, end):
                ids = customers["customer_id"]
                before = states.classify_states(transactions, start, customers=ids)
                after = states.classify_states(transactions, end, customers=ids)
                return states.transition_matrix(before, after)
            """,
            loses=[B_COURSE, B_OTHER],
        ),
    ],
    "one_period": [
        Wrong(
            "P x instead of x P (moves read by column)",
            """
            def one_period(counts, P):
                x0 = counts.reindex(P.index, fill_value=0).to_numpy(dtype=float)
                return pd.Series(P.to_numpy() @ x0, index=P.columns)
            """,
            loses=[C_COURSE, C_OTHER],
        ),
        Wrong(
            "ignores the state labels of counts",
            """
            def one_period(counts, P):
                return pd.Series(counts.to_numpy() @ P.to_numpy(), index=P.columns)
            """,
            loses=[C_OTHER],
        ),
    ],
    "simulate": [
        Wrong(
            "leaves out the starting row (periods 1..periods only)",
            """
            def simulate(counts, P, periods):
                x = counts.reindex(P.index, fill_value=0).astype(float)
                rows = []
                for _ in range(periods):
                    x = x @ P
                    rows.append(x)
                return pd.DataFrame(rows, columns=P.columns).reset_index(drop=True)
            """,
            loses=[D_COURSE, D_OTHER],
        ),
        Wrong(
            "does not compound: every period is one step from the start",
            """
            def simulate(counts, P, periods):
                x0 = counts.reindex(P.index, fill_value=0).astype(float)
                rows = [x0] + [x0 @ P for _ in range(periods)]
                return pd.DataFrame(rows, columns=P.columns).reset_index(drop=True)
            """,
            loses=[D_COURSE, D_OTHER],
        ),
    ],
    "long_run": [
        Wrong(
            "solves P pi = pi (a column vector) instead of pi P = pi",
            """
            def long_run(P):
                matrix = P.to_numpy(dtype=float)
                k = len(matrix)
                equations = np.vstack([matrix - np.eye(k), np.ones(k)])
                right = np.append(np.zeros(k), 1.0)
                pi = np.linalg.lstsq(equations, right, rcond=None)[0]
                return pd.Series(pi, index=P.index)
            """,
            loses=[E_COURSE, E_OTHER],
        ),
        Wrong(
            "stops after one period from an even start",
            """
            def long_run(P):
                start = pd.Series(1 / len(P), index=P.index)
                return start @ P
            """,
            loses=[E_COURSE, E_OTHER],
        ),
    ],
    "qualify": [
        Wrong(
            "authority only for prospects who decide",
            """
            def qualify(prospects, price):
                return (
                    (prospects["budget"] >= price)
                    & (prospects["role"] == "decides")
                    & prospects["needs"]
                )
            """,
            loses=[F_COURSE, F_PRICES, F_OTHER],
        ),
        Wrong(
            "a budget equal to the price is not enough (> instead of >=)",
            """
            def qualify(prospects, price):
                authority = prospects["role"].isin(["decides", "advises", "vetoes"])
                return (prospects["budget"] > price) & authority & prospects["needs"]
            """,
            loses=[F_PRICES, F_OTHER],
        ),
        Wrong(
            "forgets authority: money and need only",
            """
            def qualify(prospects, price):
                return (prospects["budget"] >= price) & prospects["needs"]
            """,
            loses=[F_COURSE, F_PRICES, F_OTHER],
        ),
    ],
}
