"""The columns of the CTDC file and the values each may hold (GUIDE §1).

Categorical columns list their single values; a cell may join several of them
with ``;`` where a victim reported several perpetrators ("at least one of each").
Flag columns hold ``1`` or blank, and blank mixes "no" with "not recorded".
"""
from __future__ import annotations

YEAR_BANDS = ("2005-2013", "2014-2018", "2019", "2020", "2021-2022")
REGIONS = ("Africa", "Americas/Oceania", "Asia", "Europe")
AGE_BANDS = ("0--29", "30--38", "39--47", "48+")
RELATIONS = ("FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther")

# Column -> allowed single values, in display order.
CATEGORICAL: dict[str, tuple[str, ...]] = {
    "yearRegister": YEAR_BANDS,
    "gender": ("Female", "Male"),
    "majorityStatus": ("Adult", "Minor"),
    "UN_COO_Region": REGIONS,
    "UN_COE_Region": REGIONS,
    "IP_Gender": ("Female", "Male"),
    "IP_ageBroad": AGE_BANDS,
    "IP_citizen_UNRegion": REGIONS,
    "IP_Relation": RELATIONS,
    "IP_PayMoney": ("Yes", "No"),
}

# Columns describing the perpetrators a victim reported: a cell may combine values.
MULTI_VALUED = frozenset(
    {"IP_Gender", "IP_ageBroad", "IP_citizen_UNRegion", "IP_Relation", "IP_PayMoney"}
)

EXPLOITATION_FLAGS = ("isForcedLabour", "isSexualExploit")
ROLE_FLAGS = ("IP_RecruiterBroker", "IP_TransactionProcess", "IP_ControlAbuseKidnap", "IP_Exploiter")
FLAGS = EXPLOITATION_FLAGS + ROLE_FLAGS

COLUMNS = (
    "yearRegister", "gender", "majorityStatus", "isForcedLabour", "isSexualExploit",
    "UN_COO_Region", "UN_COE_Region", "IP_Exploiter", "IP_Gender", "IP_ageBroad",
    "IP_citizen_UNRegion", "IP_Relation", "IP_PayMoney", "IP_RecruiterBroker",
    "IP_TransactionProcess", "IP_ControlAbuseKidnap",
)
VICTIM_COLUMNS = COLUMNS[:7]
PERPETRATOR_COLUMNS = tuple(c for c in COLUMNS if c.startswith("IP_"))

assert set(COLUMNS) == set(CATEGORICAL) | set(FLAGS)


def allowed_values(column: str) -> tuple[str, ...]:
    """What a non-blank cell of ``column`` may hold, for error messages."""
    return ("1",) if column in FLAGS else CATEGORICAL[column]
