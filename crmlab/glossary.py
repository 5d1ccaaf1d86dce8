"""Bilingual glossary of the course (术语表): English, Chinese, a one-line definition.

Every key term of the course units, with the Chinese wording of the source
lecture notes (``seeds/``) where they use one, and "standard practice" for the
terms the course adds (RFM, cohorts, survival, NPS, ...). Notebooks introduce a
concept as "customer lifetime value (客户终生价值, CLV)"; this module is where
those pairs live.

- :data:`TERMS`: every term, a tuple of :class:`Term`, grouped by unit.
- :func:`lookup`: search by English or Chinese, case-insensitive, partial match.
- :func:`term`: one term by its exact English name or abbreviation.
- :func:`as_dataframe`: the glossary (or one unit of it) as a table.

Units are "00" (introduction) to "06" (retention), "07" (the capstone, which
introduces no new terms), "A1" (probabilistic CLV) and "A2" (structural
satisfaction models), as in the course sequence.

Examples
--------
>>> from crmlab import glossary
>>> print(glossary.term("CLV"))
customer lifetime value (CLV) | 客户终生价值 | The present value of the profit a customer brings
over the whole relationship, net of the costs of acquiring and serving them. [seed 001, seed 003; unit 01]
>>> [t.english for t in glossary.lookup("流失率")]
['churn rate']
>>> glossary.lookup("chrun rate")
Traceback (most recent call last):
...
ValueError: No glossary term matches 'chrun rate'. Did you mean: churn rate (客户流失率), ...
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields

import pandas as pd

__all__ = ["TERMS", "UNITS", "Term", "TermList", "as_dataframe", "lookup", "term"]

UNITS = ("00", "01", "02", "03", "04", "05", "06", "07", "A1", "A2")


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes
    ----------
    english : str
        The English term; an abbreviation, if any, in parentheses: "net promoter score (NPS)".
    chinese : str
        The Chinese term, in the wording of the source notes where they have one.
    definition : str
        A one-line definition in plain English.
    source : str
        Where the term comes from: "seed 001", "seed 000, seed 003", or "standard practice".
    unit : str
        The course unit that introduces it: "00" to "06", "A1" or "A2".
    """

    english: str
    chinese: str
    definition: str
    source: str
    unit: str

    def __str__(self) -> str:
        return (
            f"{self.english} | {self.chinese} | {self.definition} [{self.source}; unit {self.unit}]"
        )


_SEED_000 = "seed 000"
_SEED_001 = "seed 001"
_SEED_002 = "seed 002"
_SEED_003 = "seed 003"
_SEED_004 = "seed 004"
_STANDARD = "standard practice"

# (english, chinese, definition, source, unit); grouped by unit, in teaching order.
_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    # ---- unit 00: introduction to CRM
    (
        "customer relationship management (CRM)",
        "客户关系管理",
        "A business strategy, supported by information technology, for winning, keeping and "
        "growing profitable customer relationships.",
        "seed 001, seed 004",
        "00",
    ),
    (
        "customer",
        "客户",
        "A user of the firm's products or services, including actual buyers and the potential "
        "customers the firm seeks out.",
        _SEED_001,
        "00",
    ),
    (
        "CRM triangle",
        "CRM概念三角形",
        "CRM seen as three linked parts: a management philosophy, information technology and "
        "the application modules that put them to work.",
        _SEED_001,
        "00",
    ),
    (
        "CRM philosophy",
        "CRM经营理念",
        "CRM as a management idea: allocate resources by each customer's lifetime profit "
        "contribution to build long-term, mutually beneficial relationships.",
        _SEED_001,
        "00",
    ),
    (
        "CRM application",
        "CRM计算机应用",
        "Software modules for marketing, sales, customer service, customer interaction and "
        "customer analysis that support the CRM philosophy across the firm.",
        _SEED_001,
        "00",
    ),
    (
        "80/20 rule",
        "80-20法则",
        "The observation that a minority of customers (about 20%) brings most of the profit "
        "(about 80%), so effort should be allocated by customer value.",
        "seed 001, seed 002",
        "00",
    ),
    (
        "customer tier",
        "客户群类别",
        "A group of customers ranked by their contribution to profit, such as the very-low to "
        "very-high tiers of the appliance-company table.",
        _SEED_001,
        "00",
    ),
    (
        "seven stages of customer management",
        "客户关系管理的阶段",
        "Targeting, inquiry management, welcome, getting to know, development, problem "
        "handling and win-back: the stages of managing one customer relationship.",
        _SEED_004,
        "00",
    ),
    (
        "customer care",
        "客户关怀",
        "Attention and service that show customers they matter; the source notes cite lack of "
        "care as the reason two thirds of customers leave.",
        "seed 000, seed 004",
        "00",
    ),
    (
        "cross-selling",
        "交叉销售",
        "Selling an existing customer other products or services of the firm.",
        "seed 001, seed 002",
        "00",
    ),
    # ---- unit 01: customer value
    (
        "value of a customer",
        "客户的价值",
        "The total value a customer creates for the firm over the whole relationship, not "
        "only the profit of their direct purchases.",
        _SEED_003,
        "01",
    ),
    (
        "customer value",
        "客户价值",
        "The value a customer expects from a product or service: product, service, personnel "
        "and image value.",
        _SEED_003,
        "01",
    ),
    (
        "profit source",
        "利润源泉",
        "The first kind of value of a customer: customers, not brands, are where the firm's "
        "profit comes from.",
        _SEED_003,
        "01",
    ),
    (
        "crowd effect",
        "聚客效应",
        "A large customer base attracts further customers, because people follow the crowd.",
        _SEED_003,
        "01",
    ),
    (
        "information value",
        "信息价值",
        "The value of what customers tell the firm (needs, competitors, satisfaction, "
        "complaints) for targeting its marketing.",
        _SEED_003,
        "01",
    ),
    (
        "word-of-mouth value",
        "口碑价值",
        "The value created when satisfied customers recommend the firm and so bring in new "
        "customers.",
        _SEED_003,
        "01",
    ),
    (
        "barrier against competitors",
        "对付竞争的利器",
        "Loyal, high-quality customers shield the firm against competitors (the 'windbreak' "
        "防风墙 of the source).",
        _SEED_003,
        "01",
    ),
    (
        "customer lifetime value (CLV)",
        "客户终生价值",
        "The present value of the profit a customer brings over the whole relationship, net "
        "of the costs of acquiring and serving them.",
        "seed 001, seed 003",
        "01",
    ),
    (
        "discount rate",
        "贴现率",
        "The yearly rate i used to bring future cash flows back to today's value, as "
        "(1 + i) to the power -t.",
        _SEED_001,
        "01",
    ),
    (
        "net present value (NPV)",
        "净现值",
        "The sum of discounted future cash flows minus the money paid today.",
        _SEED_001,
        "01",
    ),
    (
        "annuity factor",
        "年金现值系数",
        "The present value of 1 per year for T years at rate i: (1 - (1 + i)^-T) / i, and T "
        "when i = 0; the source's annuity method (年金现值法) uses it.",
        _SEED_001,
        "01",
    ),
    (
        "acquisition cost",
        "获取客户成本",
        "What the firm spends to win a customer (advertising, promotion, sales effort), "
        "paid at the start of the relationship.",
        _SEED_001,
        "01",
    ),
    (
        "expected lifetime",
        "客户群体平均生命周期",
        "The average length of a customer relationship, T = 1 / r for a yearly churn rate r.",
        _SEED_001,
        "01",
    ),
    (
        "group CLV (Dwyer method)",
        "客户群体的终生价值",
        "The lifetime value of a customer group: yearly margin per customer times the "
        "annuity factor over T = 1 / churn rate years.",
        _SEED_001,
        "01",
    ),
    (
        "retention-based CLV",
        "基于保持率的客户终生价值",
        "Infinite-horizon lifetime value m r / (1 + i - r) for margin m per period, retention "
        "rate r and discount rate i.",
        _STANDARD,
        "01",
    ),
    (
        "churn loss",
        "客户的流失费用",
        "What one churned customer costs the firm: the cost invested in them plus the lifetime "
        "value not yet realized, V_l = C_t + (V_k - V_t).",
        _SEED_001,
        "01",
    ),
    (
        "group churn loss",
        "客户群体的流失费用",
        "What churn costs across the customer base: customers x churn rate x lifetime value.",
        _SEED_001,
        "01",
    ),
    (
        "customer delivered value",
        "顾客让渡价值",
        "Total customer value minus total customer cost: what the customer gains from buying.",
        _SEED_004,
        "01",
    ),
    (
        "total customer value",
        "总顾客价值",
        "Product value + service value + personnel value + image value, as the customer sees them.",
        _SEED_004,
        "01",
    ),
    (
        "total customer cost",
        "总顾客成本",
        "Monetary cost + time cost + energy cost + physical cost of buying and using the product.",
        _SEED_004,
        "01",
    ),
    (
        "share of wallet (SOW)",
        "钱包份额",
        "The firm's sales to a customer divided by the customer's total spending in the category.",
        _SEED_001,
        "01",
    ),
    (
        "RFM analysis",
        "RFM分析",
        "Scoring customers on recency, frequency and monetary value of their purchases to "
        "segment them.",
        _STANDARD,
        "01",
    ),
    (
        "recency",
        "最近一次消费",
        "Days since the customer's last purchase; the smaller, the better.",
        _STANDARD,
        "01",
    ),
    (
        "frequency",
        "消费频率",
        "Number of purchases the customer made in the period studied.",
        _STANDARD,
        "01",
    ),
    (
        "monetary value",
        "消费金额",
        "Total amount the customer spent in the period studied.",
        _STANDARD,
        "01",
    ),
    # ---- unit 02: customer states and life cycle
    (
        "customer state",
        "客户的状态",
        "Where a customer stands in the relationship: potential, target, actual (first-time, "
        "repeat, loyal), churned or non-customer.",
        _SEED_003,
        "02",
    ),
    (
        "potential customer",
        "潜在客户",
        "Someone with the need and the ability to buy who has not bought yet.",
        _SEED_003,
        "02",
    ),
    (
        "target customer",
        "目标客户",
        "A not-yet-buying person or firm the company has chosen to develop into a customer.",
        _SEED_003,
        "02",
    ),
    (
        "actual customer",
        "现实客户",
        "A current buyer of the firm's products: a first-time, repeat or loyal customer.",
        _SEED_003,
        "02",
    ),
    (
        "first-time customer",
        "初次购买客户",
        "A customer who has made exactly one, trial purchase (a new customer).",
        _SEED_003,
        "02",
    ),
    (
        "repeat customer",
        "重复购买客户",
        "A customer who has bought two or more times.",
        _SEED_003,
        "02",
    ),
    (
        "loyal customer",
        "忠诚客户",
        "A customer who keeps buying from the firm continuously and by choice.",
        _SEED_003,
        "02",
    ),
    (
        "churned customer",
        "流失客户",
        "A former customer who no longer buys from the firm.",
        _SEED_003,
        "02",
    ),
    (
        "non-customer",
        "非客户",
        "Someone with no use for the firm's products, or hostile to it, who will not buy.",
        _SEED_003,
        "02",
    ),
    (
        "customer flow model",
        "客户流转模式",
        "The paths between states: potential/target to first-time, repeat and loyal; any "
        "buyer may churn; churned customers are won back or lost forever.",
        _SEED_003,
        "02",
    ),
    (
        "lost forever",
        "永远流失",
        "A churned customer who cannot be won back and becomes a non-customer.",
        _SEED_003,
        "02",
    ),
    (
        "MAN principle",
        "MAN原则",
        "A prospect qualifies when they have Money (ability to pay), Authority (power to "
        "decide) and Need.",
        _SEED_003,
        "02",
    ),
    (
        "Markov chain",
        "马尔可夫链",
        "A model in which the next state depends only on the current state, through fixed "
        "transition probabilities.",
        _STANDARD,
        "02",
    ),
    (
        "transition matrix",
        "转移矩阵",
        "A table of the shares of customers moving from each state (row) to each state "
        "(column) in one period; each row sums to 1.",
        _STANDARD,
        "02",
    ),
    (
        "steady state",
        "稳态分布",
        "The distribution over states that a Markov chain settles into and that one more "
        "period leaves unchanged.",
        _STANDARD,
        "02",
    ),
    (
        "relationship life cycle",
        "客户关系生命周期",
        "The five phases a customer relationship goes through: cultivation, growth, return, "
        "retention and termination.",
        _SEED_003,
        "02",
    ),
    (
        "cultivation phase",
        "客户关系培育期",
        "The first phase: the customer starts to take an interest and the firm invests "
        "heavily to build the relationship.",
        _SEED_003,
        "02",
    ),
    (
        "growth phase",
        "客户关系成长期",
        "Trust grows, the customer buys again and the firm's cost per customer falls sharply.",
        _SEED_003,
        "02",
    ),
    (
        "return phase",
        "客户关系回报期",
        "Mutual trust is high and the customer returns the most value to the firm (maturity).",
        _SEED_003,
        "02",
    ),
    (
        "retention phase",
        "客户关系挽留期",
        "Competitors draw the customer away, value falls and the firm must invest to keep the "
        "relationship.",
        _SEED_003,
        "02",
    ),
    (
        "termination phase",
        "客户关系终止期",
        "The relationship ends and its life cycle is over.",
        _SEED_003,
        "02",
    ),
    (
        "customer life cycle",
        "客户生命周期",
        "The time from first contact between customer and firm until the relationship and "
        "everything related to it has ended; seven stages in the source.",
        _SEED_001,
        "02",
    ),
    (
        "potential stage",
        "潜在客户期",
        "Customer life-cycle stage 1: the customer is only a prospect.",
        _SEED_001,
        "02",
    ),
    (
        "development stage",
        "开发期",
        "Customer life-cycle stage 2: the firm works to win the customer's first purchases.",
        _SEED_001,
        "02",
    ),
    (
        "growth stage",
        "成长期",
        "Customer life-cycle stage 3: purchases and the firm's share of the customer rise.",
        _SEED_001,
        "02",
    ),
    (
        "maturity stage",
        "成熟期",
        "Customer life-cycle stage 4: share and profitability are at their highest.",
        _SEED_001,
        "02",
    ),
    (
        "decline stage",
        "衰退期",
        "Customer life-cycle stage 5: purchases and profit from the customer fall.",
        _SEED_001,
        "02",
    ),
    (
        "termination stage",
        "终止期",
        "Customer life-cycle stage 6: the customer stops doing business with the firm.",
        _SEED_001,
        "02",
    ),
    (
        "recovery stage",
        "恢复期",
        "Customer life-cycle stage 7: a lost customer is won back and re-enters maturity.",
        _SEED_001,
        "02",
    ),
    # ---- unit 03: customer satisfaction
    (
        "customer satisfaction (CS)",
        "顾客满意",
        "The feeling that results from comparing a product's perceived performance with "
        "one's expectations.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "satisfaction ratio",
        "顾客满意度",
        "C = B / A, perceived value B over expected value A: above 1 exceeded, about 1 met, "
        "below 1 dissatisfied.",
        _SEED_001,
        "03",
    ),
    (
        "mind satisfaction",
        "理念满意",
        "How far the firm's ideas and values meet the customer's expectations.",
        _SEED_000,
        "03",
    ),
    (
        "behaviour satisfaction",
        "行为满意",
        "How far the firm's way of operating (its rules and routines) meets the customer's "
        "expectations.",
        _SEED_000,
        "03",
    ),
    (
        "visual satisfaction",
        "视听满意",
        "How far the firm's image, what customers see and hear, meets their expectations.",
        _SEED_000,
        "03",
    ),
    (
        "reputation",
        "美誉度",
        "Satisfaction indicator: how favourably customers speak of the firm.",
        _SEED_000,
        "03",
    ),
    (
        "name recognition",
        "指名度",
        "Satisfaction indicator: how often customers ask for the firm or brand by name.",
        _SEED_000,
        "03",
    ),
    (
        "return rate",
        "回头率",
        "Satisfaction indicator: the share of customers who come back to buy again.",
        _SEED_000,
        "03",
    ),
    (
        "complaint rate",
        "投诉率",
        "Satisfaction indicator: the share of customers who complain.",
        _SEED_000,
        "03",
    ),
    (
        "purchase amount",
        "购买额",
        "Satisfaction indicator: how much customers buy.",
        _SEED_000,
        "03",
    ),
    (
        "price sensitivity",
        "对价格的敏感度",
        "How strongly customers react to price changes; satisfied, retained customers are "
        "less sensitive.",
        _SEED_000,
        "03",
    ),
    (
        "customer satisfaction index (CSI)",
        "客户满意度指数",
        "A satisfaction score computed from survey data with a statistical or econometric "
        "model, from the customer's point of view.",
        "seed 000, seed 001, seed 004",
        "03",
    ),
    (
        "weighted satisfaction index",
        "顾客满意度简易测量方法",
        "Satisfaction Y as a weighted sum of indicator scores over a three-level tree whose "
        "weights sum to 1 at each level.",
        _SEED_004,
        "03",
    ),
    (
        "indicator tree",
        "指标体系",
        "The hierarchy of satisfaction indicators: overall satisfaction, five quality areas, "
        "and the leaves X311 to X352.",
        _SEED_004,
        "03",
    ),
    (
        "SERVQUAL",
        "服务质量指标体系",
        "The five dimensions of service quality: reliability, responsiveness, assurance, "
        "empathy and tangibles.",
        _SEED_004,
        "03",
    ),
    (
        "reliability",
        "可靠性",
        "SERVQUAL dimension: performing the promised service dependably and accurately.",
        _SEED_004,
        "03",
    ),
    (
        "responsiveness",
        "敏感性",
        "SERVQUAL dimension: willingness to help customers and serve them promptly.",
        _SEED_004,
        "03",
    ),
    (
        "assurance",
        "保证",
        "SERVQUAL dimension: competence, courtesy, credibility and security of the staff.",
        _SEED_004,
        "03",
    ),
    (
        "empathy",
        "善解人意",
        "SERVQUAL dimension: being easy to reach, communicating well and understanding the "
        "customer.",
        _SEED_004,
        "03",
    ),
    (
        "tangibles",
        "硬件设备",
        "SERVQUAL dimension: the physical facilities, equipment and appearance of the service.",
        _SEED_004,
        "03",
    ),
    (
        "Kano model",
        "卡诺模型",
        "Noriaki Kano's classification of product features by how their presence or absence "
        "affects satisfaction.",
        _SEED_001,
        "03",
    ),
    (
        "attractive quality",
        "迷人质量",
        "Kano category A: delights when present, causes no dissatisfaction when absent.",
        _SEED_001,
        "03",
    ),
    (
        "one-dimensional quality",
        "期望质量",
        "Kano category O: the more of it, the more satisfied; its absence dissatisfies.",
        _SEED_001,
        "03",
    ),
    (
        "must-be quality",
        "当然质量",
        "Kano category M: taken for granted; absence dissatisfies, presence adds nothing.",
        _SEED_001,
        "03",
    ),
    (
        "indifferent quality",
        "无差异质量",
        "Kano category I: customers do not care whether the feature is there.",
        _STANDARD,
        "03",
    ),
    (
        "reverse quality",
        "反向质量",
        "Kano category R: customers prefer the feature to be absent.",
        _STANDARD,
        "03",
    ),
    (
        "questionable answer",
        "可疑结果",
        "Kano category Q: a contradictory answer pair (e.g. likes both having and lacking the "
        "feature).",
        _STANDARD,
        "03",
    ),
    (
        "Better-Worse coefficients",
        "Better-Worse系数",
        "Better = (A+O)/(A+O+M+I), Worse = -(O+M)/(A+O+M+I): how much a feature can raise or "
        "lower satisfaction.",
        _STANDARD,
        "03",
    ),
    (
        "American Customer Satisfaction Index (ACSI)",
        "美国顾客满意指数模型",
        "Customer expectations, perceived quality and perceived value drive satisfaction, "
        "which drives complaints and loyalty.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "Swedish Customer Satisfaction Barometer (SCSB)",
        "瑞典顾客满意度指数",
        "The first national satisfaction index (1989): perceived value and expectations "
        "drive satisfaction, which drives loyalty and complaints.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "European Customer Satisfaction Index (ECSI)",
        "欧洲顾客满意度指数",
        "The European satisfaction index (2000), an ACSI-type model that adds the firm's "
        "image as a driver.",
        _SEED_004,
        "03",
    ),
    (
        "China Customer Satisfaction Index (CCSI)",
        "中国顾客满意指数",
        "Brand image, expected quality, perceived quality and perceived value drive "
        "satisfaction, which drives loyalty.",
        _SEED_004,
        "03",
    ),
    (
        "customer expectations",
        "顾客预期",
        "What customers expect of a product before buying it; an ACSI driver of satisfaction.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "perceived quality",
        "感知质量",
        "The quality customers actually experience after buying and using the product.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "perceived value",
        "感知价值",
        "The benefit customers feel they get for the price paid, weighing quality against price.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "complaint behaviour",
        "顾客抱怨",
        "Customers voicing dissatisfaction; an outcome of satisfaction in the ACSI and SCSB "
        "models.",
        "seed 001, seed 004",
        "03",
    ),
    (
        "brand image",
        "品牌形象",
        "The customer's impression of the brand before buying; a CCSI driver.",
        _SEED_004,
        "03",
    ),
    (
        "expected quality",
        "预期质量",
        "The quality a customer anticipates before buying and using the product; a CCSI driver.",
        _SEED_004,
        "03",
    ),
    (
        "importance-performance analysis",
        "重要性/绩效等级排列",
        "Rate each attribute's importance and the firm's performance on it, and place "
        "attributes in four quadrants to set priorities.",
        _SEED_002,
        "03",
    ),
    (
        "simple random sampling",
        "简单随机抽样",
        "Every member of the population has the same chance of being drawn.",
        _SEED_001,
        "03",
    ),
    (
        "systematic sampling",
        "等距抽样",
        "Draw every k-th member of an ordered list after a random start.",
        _SEED_001,
        "03",
    ),
    (
        "stratified sampling",
        "分层抽样",
        "Split the population into groups (strata) and sample randomly within each.",
        _SEED_001,
        "03",
    ),
    (
        "cluster sampling",
        "整群随机抽样",
        "Randomly pick whole groups (clusters, e.g. stores) and survey everyone in them.",
        _SEED_001,
        "03",
    ),
    (
        "sample size",
        "样本量",
        "Respondents needed for a margin of error e: n0 = z^2 p(1 - p) / e^2, corrected for a "
        "finite population.",
        _SEED_001,
        "03",
    ),
    (
        "finite population correction",
        "有限总体校正",
        "Reducing the sample size for a small population N: n = n0 / (1 + (n0 - 1) / N).",
        _STANDARD,
        "03",
    ),
    (
        "Pareto chart",
        "排列图",
        "Bars sorted from largest to smallest with a cumulative-share line, to find the vital "
        "few causes or customers.",
        _SEED_004,
        "03",
    ),
    (
        "cause-and-effect diagram",
        "因果图",
        "A fishbone diagram that lays out the possible causes of a quality or satisfaction "
        "problem.",
        _SEED_004,
        "03",
    ),
    (
        "control chart",
        "控制图",
        "A chart of scores over time or units with limits at the mean plus and minus three "
        "standard deviations; points outside signal a problem.",
        _SEED_004,
        "03",
    ),
    (
        "significance test",
        "显著性检验",
        "A test of whether a difference in satisfaction is larger than sampling noise alone "
        "would produce.",
        _SEED_004,
        "03",
    ),
    (
        "Cronbach's alpha",
        "克朗巴哈α系数",
        "The internal consistency of a multi-item scale: k/(k-1) x (1 - sum of item variances "
        "/ variance of the total).",
        _STANDARD,
        "03",
    ),
    (
        "net promoter score (NPS)",
        "净推荐值",
        "Percent promoters (9-10) minus percent detractors (0-6) on a 0-10 'would you "
        "recommend us' question.",
        _STANDARD,
        "03",
    ),
    (
        "principal component regression",
        "主成分回归法",
        "Regressing satisfaction on principal components of correlated survey items; named "
        "in the source as a CSI method.",
        _SEED_001,
        "03",
    ),
    # ---- unit 04: customer loyalty
    (
        "customer loyalty",
        "客户忠诚",
        "A customer's lasting preference for and repeat buying from the firm, built on "
        "satisfaction and attachment.",
        "seed 000, seed 001",
        "04",
    ),
    (
        "relative attitude",
        "相对态度",
        "How much a customer prefers the firm over the alternatives (Dick and Basu).",
        _STANDARD,
        "04",
    ),
    (
        "repeat patronage",
        "重复惠顾",
        "How much a customer actually keeps buying from the firm (Dick and Basu).",
        _STANDARD,
        "04",
    ),
    (
        "ideal loyalty",
        "理想忠诚",
        "True loyalty: high relative attitude and high repeat patronage.",
        _SEED_000,
        "04",
    ),
    (
        "latent loyalty",
        "潜在忠诚",
        "High relative attitude but low repeat patronage: the customer likes the firm but "
        "something stops them buying.",
        "seed 000, seed 001",
        "04",
    ),
    (
        "spurious loyalty",
        "虚假忠诚",
        "Low relative attitude but high repeat patronage: buying out of habit or lack of choice.",
        _SEED_000,
        "04",
    ),
    (
        "no loyalty",
        "缺乏忠诚",
        "Low relative attitude and low repeat patronage.",
        _SEED_000,
        "04",
    ),
    (
        "monopoly loyalty",
        "垄断忠诚",
        "Repeat buying because the customer has no other supplier to choose.",
        _SEED_001,
        "04",
    ),
    (
        "inertia loyalty",
        "惰性忠诚",
        "Repeat buying out of habit, to avoid the effort of looking elsewhere.",
        _SEED_001,
        "04",
    ),
    (
        "convenience loyalty",
        "方便忠诚",
        "Repeat buying because the firm is the most convenient, e.g. the nearest store.",
        _SEED_001,
        "04",
    ),
    (
        "price loyalty",
        "价格忠诚",
        "Repeat buying only as long as the firm has the lowest price.",
        _SEED_001,
        "04",
    ),
    (
        "incentive loyalty",
        "激励忠诚",
        "Repeat buying to collect rewards such as points or loyalty-programme gifts.",
        _SEED_001,
        "04",
    ),
    (
        "super-value loyalty",
        "超值忠诚",
        "Loyalty from valuing the firm's offer above the rest; the most durable kind.",
        _SEED_001,
        "04",
    ),
    (
        "determinants of loyalty",
        "客户忠诚的决定因素",
        "Customer perceived value, satisfaction, switching cost and trust.",
        _SEED_000,
        "04",
    ),
    (
        "customer perceived value",
        "客户认知价值",
        "The customer's subjective judgement of the relative value a supplier offers; a "
        "loyalty determinant.",
        _SEED_000,
        "04",
    ),
    (
        "switching cost",
        "转移成本",
        "The customer's perceived cost of leaving the current supplier and setting up a new "
        "relationship.",
        _SEED_000,
        "04",
    ),
    (
        "customer trust",
        "客户信任",
        "Willingness to rely on a credible, benevolent partner; driven by satisfaction, equity, "
        "reputation, vendor-specific investment and communication.",
        _SEED_000,
        "04",
    ),
    (
        "cognitive loyalty",
        "认知忠诚",
        "First loyalty stage: preference based only on what the customer knows about the brand.",
        _SEED_000,
        "04",
    ),
    (
        "affective loyalty",
        "情感忠诚",
        "Second stage: liking for the brand built from satisfying experiences.",
        _SEED_000,
        "04",
    ),
    (
        "conative loyalty",
        "意向忠诚",
        "Third stage: the intention to buy the brand again.",
        _SEED_000,
        "04",
    ),
    (
        "action loyalty",
        "行为忠诚",
        "Fourth stage: actually buying the brand again and again.",
        _SEED_000,
        "04",
    ),
    (
        "loyalty effect",
        "忠诚=利润",
        "Profit per customer grows with tenure through more purchases, lower operating cost, "
        "referrals and price premiums (Reichheld).",
        _SEED_001,
        "04",
    ),
    (
        "relationship marketing",
        "关系营销",
        "Building, keeping and extending long-term customer relationships to raise loyalty "
        "and retention.",
        _SEED_001,
        "04",
    ),
    (
        "financial bonds",
        "一级关系营销",
        "Level 1 of relationship marketing (frequency marketing): keep customers with price "
        "and financial incentives.",
        _SEED_001,
        "04",
    ),
    (
        "social bonds",
        "二级关系营销",
        "Level 2: personalize service from each customer's needs to build social ties.",
        _SEED_001,
        "04",
    ),
    (
        "structural bonds",
        "结构纽带",
        "Level 3: tie the customer in through structural links (systems, processes) on top of "
        "financial and social benefits.",
        _SEED_001,
        "04",
    ),
    (
        "database marketing",
        "数据库营销",
        "Collecting and analysing customer data to predict who will buy what and target "
        "marketing precisely.",
        _SEED_001,
        "04",
    ),
    (
        "one-to-one marketing",
        "一对一营销",
        "Adapting the firm's offer to each customer's needs through direct interaction, "
        "centred on share of wallet.",
        _SEED_001,
        "04",
    ),
    (
        "learn by doing",
        "从干中学",
        "Learning more about a customer at each interaction and using it in the next.",
        _SEED_001,
        "04",
    ),
    # ---- unit 05: customer churn
    (
        "customer churn",
        "客户流失",
        "Customers ending their relationship with the firm.",
        _SEED_000,
        "05",
    ),
    (
        "churn rate",
        "客户流失率",
        "Churned customers divided by customers: a fraction, 0.12 for 12%.",
        "seed 000, seed 001",
        "05",
    ),
    (
        "active churn",
        "主动流失",
        "The customer chooses to move to another supplier.",
        _SEED_000,
        "05",
    ),
    (
        "passive churn",
        "被动流失",
        "The firm ends the contract, e.g. for unpaid bills.",
        _SEED_000,
        "05",
    ),
    (
        "natural churn",
        "自然流失",
        "Active churn for reasons outside the firm's control, such as moving away; a small share.",
        _SEED_000,
        "05",
    ),
    (
        "competitive churn",
        "竞争流失",
        "Active churn caused by competitors' offers.",
        _SEED_000,
        "05",
    ),
    (
        "fault churn",
        "过失流失",
        "Active churn caused by the firm's own mistakes, e.g. poor service.",
        _SEED_000,
        "05",
    ),
    (
        "non-malicious passive churn",
        "非恶意性被动流失",
        "Passive churn without bad intent, e.g. a customer who cannot pay.",
        _SEED_000,
        "05",
    ),
    (
        "retaliatory passive churn",
        "报复性被动流失",
        "Passive churn of a customer who stops paying to get back at the firm.",
        _SEED_000,
        "05",
    ),
    (
        "malicious passive churn",
        "恶意被动流失",
        "Passive churn from deliberate non-payment, such as bad debt.",
        _SEED_000,
        "05",
    ),
    (
        "churn management",
        "客户流失管理",
        "Measuring churn, finding its causes and acting on it according to the value of the "
        "customers lost.",
        _SEED_000,
        "05",
    ),
    (
        "key customer",
        "关键客户",
        "Top-tier customer whose churn the firm must strive hard to reverse.",
        _SEED_000,
        "05",
    ),
    (
        "ordinary customer",
        "普通客户",
        "Middle-tier customer whose churn the firm should try to reverse.",
        _SEED_000,
        "05",
    ),
    (
        "small customer",
        "小客户",
        "Low-value customer the firm wins back only when the chance arises.",
        _SEED_000,
        "05",
    ),
    (
        "unworthy customer",
        "不值得挽留的流失客户",
        "A churned customer not worth keeping, whom the firm lets go.",
        _SEED_000,
        "05",
    ),
    (
        "win-back",
        "挽回",
        "Bringing a churned customer back; also the last of the seven customer-management "
        "stages (赢回).",
        "seed 003, seed 004",
        "05",
    ),
    (
        "big-firm arrogance",
        "店大欺客",
        "A dominant firm treating customers badly because it feels safe; a churn cause in the "
        "China Mobile case.",
        _SEED_003,
        "05",
    ),
    (
        "customer complaint",
        "客户投诉",
        "A customer's report of a problem; handling it well wins back most unhappy customers.",
        "seed 000, seed 003",
        "05",
    ),
    (
        "cohort",
        "同期群",
        "Customers acquired in the same period, followed together over time.",
        _STANDARD,
        "05",
    ),
    (
        "cohort table",
        "同期群分析表",
        "Rows = acquisition cohorts, columns = periods since acquisition, values = share of "
        "the cohort still active.",
        _STANDARD,
        "05",
    ),
    (
        "survival curve",
        "生存曲线",
        "S(t), the share of customers still active t periods after they started.",
        _STANDARD,
        "05",
    ),
    (
        "Kaplan-Meier estimator",
        "卡普兰-迈耶估计",
        "Estimates the survival curve from durations when some customers have not churned "
        "yet (censored observations).",
        _STANDARD,
        "05",
    ),
    (
        "churn prediction model",
        "流失预测模型",
        "A model, such as logistic regression, that scores each customer's probability of "
        "churning.",
        _STANDARD,
        "05",
    ),
    (
        "lift",
        "提升度",
        "The churn rate among the customers a model flags, divided by the overall churn rate.",
        _STANDARD,
        "05",
    ),
    # ---- unit 06: customer retention
    (
        "customer retention",
        "客户保持",
        "Keeping existing customers buying, through the customer database, customer care and "
        "complaint analysis.",
        _SEED_000,
        "06",
    ),
    (
        "retention rate",
        "客户保持率",
        "Retained customers divided by customers: 1 minus the churn rate.",
        _SEED_000,
        "06",
    ),
    (
        "retention indicators",
        "客户保持效果的评价指标",
        "Repeat purchase rate, need-satisfaction rate, attention to our brand and to "
        "competitors, time spent choosing, price sensitivity.",
        _SEED_000,
        "06",
    ),
    (
        "repeat purchase rate",
        "客户重复购买率",
        "The share of customers who buy again; the first retention indicator.",
        _SEED_000,
        "06",
    ),
    (
        "need-satisfaction rate",
        "客户需求满足率",
        "The share of a customer's needs in the category that the firm meets.",
        _SEED_000,
        "06",
    ),
    (
        "customer database",
        "客户数据库",
        "The firm's organized record of customers and their transactions, the basis of "
        "retention work.",
        "seed 000, seed 001",
        "06",
    ),
    (
        "emotional investment",
        "感情投资",
        "Retention through personal attention and care that builds an emotional bond.",
        _SEED_000,
        "06",
    ),
    (
        "retention curve",
        "保持率曲线",
        "The share of a cohort still retained after t periods, r^t at a constant retention rate r.",
        _STANDARD,
        "06",
    ),
    # ---- A1: probabilistic CLV
    (
        "BG/NBD model",
        "BG/NBD模型",
        "Beta-geometric/negative binomial model of repeat purchases by customers who may "
        "silently drop out.",
        _STANDARD,
        "A1",
    ),
    (
        "Gamma-Gamma model",
        "Gamma-Gamma模型",
        "Model of the average spend per transaction, combined with BG/NBD to predict CLV.",
        _STANDARD,
        "A1",
    ),
    (
        "probability alive",
        "存活概率",
        "The model probability that a customer has not yet silently dropped out.",
        _STANDARD,
        "A1",
    ),
    (
        "non-contractual setting",
        "非契约型关系",
        "A business where customers leave without telling the firm, so churn is never observed "
        "directly (a store, not a phone contract).",
        _STANDARD,
        "A1",
    ),
    (
        "calibration period",
        "校准期",
        "The stretch of history on which a model is fitted.",
        _STANDARD,
        "A1",
    ),
    (
        "holdout period",
        "检验期",
        "The later stretch of history kept aside to check a model's predictions.",
        _STANDARD,
        "A1",
    ),
    # ---- A2: structural satisfaction models
    (
        "structural equation model",
        "结构方程模型",
        "A system of regressions among latent variables, each measured by several survey items.",
        _STANDARD,
        "A2",
    ),
    (
        "PLS path modeling",
        "偏最小二乘路径建模",
        "Partial least squares estimation of a structural model; the method behind ACSI-type "
        "indices.",
        _STANDARD,
        "A2",
    ),
    (
        "latent variable",
        "潜变量",
        "A quantity such as satisfaction that is not observed directly but through several "
        "indicators.",
        _STANDARD,
        "A2",
    ),
    (
        "path coefficient",
        "路径系数",
        "The standardized effect of one latent variable on another in a structural model.",
        _STANDARD,
        "A2",
    ),
    (
        "total effect",
        "总效应",
        "A direct effect plus all indirect effects through other latent variables.",
        _STANDARD,
        "A2",
    ),
    (
        "composite reliability",
        "组合信度",
        "How consistently a block of indicators measures its latent variable, from the "
        "loadings; 0.7 or more is usually asked for.",
        _STANDARD,
        "A2",
    ),
    (
        "average variance extracted",
        "平均方差抽取量",
        "The mean squared loading of a block (AVE): the share of its indicators' variance the "
        "latent variable explains; 0.5 or more is usually asked for.",
        _STANDARD,
        "A2",
    ),
    (
        "importance-performance map",
        "重要性-绩效图",
        "A chart of each driver's total effect on satisfaction against its mean score, to pick "
        "what to improve first.",
        _STANDARD,
        "A2",
    ),
)

TERMS: tuple[Term, ...] = tuple(Term(*row) for row in _ROWS)


class TermList(tuple):
    """A tuple of :class:`Term` that prints one term per line (and as a table in Jupyter)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "\n".join(str(t) for t in self) if self else "TermList()"

    def _repr_html_(self) -> str:
        return as_dataframe(terms=self).to_html(index=False)


def _names(t: Term) -> tuple[str, ...]:
    """The full English name, the name without its abbreviation, and the abbreviation."""
    full = t.english.casefold()
    match = re.fullmatch(r"(.*?)\s*\((.+)\)", full)
    if match:
        return (full, match.group(1), match.group(2))
    return (full,)


def _suggest(text: str) -> str:
    """A 'Did you mean ...' sentence from the closest English and Chinese names."""
    query = text.strip().casefold()
    by_key = {}
    for t in TERMS:
        for key in (*_names(t), t.chinese):
            by_key.setdefault(key, t)
    close = difflib.get_close_matches(query, list(by_key), n=8, cutoff=0.6)
    picks: list[Term] = []
    for key in close:
        if by_key[key] not in picks:
            picks.append(by_key[key])
    if not picks:
        return "Browse all terms with crmlab.glossary.as_dataframe()."
    listed = ", ".join(f"{t.english} ({t.chinese})" for t in picks[:5])
    return f"Did you mean: {listed}? All terms: crmlab.glossary.as_dataframe()."


def _check_text(text, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str (English or Chinese), got {type(text).__name__}.")
    if not text.strip():
        raise ValueError(f"{name} must not be empty; give part of an English or Chinese term.")
    return text.strip().casefold()


def lookup(text: str) -> TermList:
    """Find terms by English or Chinese name: case-insensitive, partial match.

    Exact matches (on the full English name, the name without its
    abbreviation, the abbreviation, or the Chinese term) come first, then names
    that start with ``text``, then names that contain it.

    Parameters
    ----------
    text : str
        Part of an English or Chinese term, e.g. "churn", "CLV", "忠诚".

    Returns
    -------
    TermList
        A tuple of matching :class:`Term` objects, best first (never empty).

    Raises
    ------
    TypeError
        If ``text`` is not a str.
    ValueError
        If ``text`` is empty or nothing matches; the message suggests the
        closest terms (difflib).

    Examples
    --------
    >>> [t.english for t in lookup("CLV")][:2]
    ['customer lifetime value (CLV)', 'group CLV (Dwyer method)']
    >>> lookup("钱包份额")[0].english
    'share of wallet (SOW)'
    """
    query = _check_text(text, "text")
    ranked = []
    for position, t in enumerate(TERMS):
        names = (*_names(t), t.chinese.casefold())
        if query in names:
            rank = 0
        elif any(name.startswith(query) for name in names):
            rank = 1
        elif any(query in name for name in names):
            rank = 2
        else:
            continue
        ranked.append((rank, position, t))
    if not ranked:
        raise ValueError(f"No glossary term matches {text!r}. {_suggest(text)}")
    return TermList(t for _, _, t in sorted(ranked, key=lambda item: item[:2]))


def term(english: str) -> Term:
    """Return the one term with this exact English name (case-insensitive).

    The full name, the name without its abbreviation ("net promoter score") and
    the abbreviation alone ("NPS") all work.

    Raises
    ------
    TypeError
        If ``english`` is not a str.
    ValueError
        If no term has this name; the message suggests the closest ones.

    Examples
    --------
    >>> term("NPS").chinese
    '净推荐值'
    >>> term("potential customer").source
    'seed 003'
    """
    query = _check_text(english, "english")
    for t in TERMS:
        if query in _names(t):
            return t
    raise ValueError(f"No glossary term is named {english!r}. {_suggest(english)}")


def as_dataframe(unit: str | int | None = None, *, terms=None) -> pd.DataFrame:
    """The glossary as a DataFrame with columns english, chinese, definition, source, unit.

    Parameters
    ----------
    unit : str, int or None
        Keep only the terms of one unit: "00" to "07" (or 0 to 7), "A1" or "A2".
        None (default) keeps all.
    terms : sequence of Term, optional
        Tabulate these terms instead of the whole glossary.

    Raises
    ------
    ValueError
        If ``unit`` is not one of the course units.

    Examples
    --------
    >>> df = as_dataframe(unit=5)
    >>> df.loc[df["english"] == "churn rate", "chinese"].item()
    '客户流失率'
    >>> list(df.columns)
    ['english', 'chinese', 'definition', 'source', 'unit']
    """
    columns = [f.name for f in fields(Term)]
    chosen = TERMS if terms is None else tuple(terms)
    if unit is not None:
        if isinstance(unit, int) and not isinstance(unit, bool):
            unit = f"{unit:02d}"
        if not isinstance(unit, str) or unit.upper() not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)} or None, got {unit!r}.")
        chosen = tuple(t for t in chosen if t.unit == unit.upper())
    return pd.DataFrame([[getattr(t, c) for c in columns] for t in chosen], columns=columns)
