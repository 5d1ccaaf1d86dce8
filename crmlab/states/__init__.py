"""Customer states (客户的状态), the customer-flow chain and the MAN principle.

Unit 02 of the course. The states and the customer-flow model (客户流转模式)
come from Knowing the customer: potential and target customers are developed into
first-time buyers, then repeat buyers, then loyal customers; each of the
last three can churn; a churned customer can be won back (挽回) or lost
forever (永远流失) as a non-customer. crmlab models the flow as a Markov
chain: :func:`transition_matrix` estimates it from two classifications,
:func:`simulate_flow` moves counts through it, :func:`steady_state` finds
its long-run distribution.
"""

from crmlab.states.classify import (
    CUSTOMER_LIFE_CYCLE,
    PERIODS,
    RELATIONSHIP_PHASES,
    SALES_SUCCESS_RATES,
    STATE_NAMES_ZH,
    STATES,
    classify_states,
    count_states,
    in_state_order,
    man_qualified,
)
from crmlab.states.flow import CUSTOMER_FLOW, simulate_flow, steady_state, transition_matrix

__all__ = [
    "CUSTOMER_FLOW",
    "CUSTOMER_LIFE_CYCLE",
    "PERIODS",
    "RELATIONSHIP_PHASES",
    "SALES_SUCCESS_RATES",
    "STATES",
    "STATE_NAMES_ZH",
    "classify_states",
    "count_states",
    "in_state_order",
    "man_qualified",
    "simulate_flow",
    "steady_state",
    "transition_matrix",
]
