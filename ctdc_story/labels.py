"""Reader-facing names of the dataset's variables and categories (English source).

Translated through the ``code`` catalog like every other string made by code.
"""
from __future__ import annotations

from .i18n import N_, gettext

CATEGORY = {
    "yearRegister": {b: b.replace("-", "–") for b in ("2005-2013", "2014-2018", "2019", "2020", "2021-2022")},
    "gender": {"Female": N_("Female"), "Male": N_("Male")},
    "majorityStatus": {"Adult": N_("Adult"), "Minor": N_("Minor")},
    "region": {
        "Africa": N_("Africa"),
        "Americas/Oceania": N_("Americas and Oceania"),
        "Asia": N_("Asia"),
        "Europe": N_("Europe"),
    },
    "IP_ageBroad": {"0--29": N_("Under 30"), "30--38": N_("30–38"), "39--47": N_("39–47"), "48+": N_("48 and over")},
    "IP_Relation": {
        "FamilyIntimatePartner": N_("Family member or intimate partner"),
        "FriendAcquaintance": N_("Friend or acquaintance"),
        "StrangerUnknownOther": N_("Stranger, other or unknown"),
    },
    "IP_PayMoney": {"Yes": N_("Paid"), "No": N_("Did not pay")},
    "exploitation": {"isForcedLabour": N_("Forced labour"), "isSexualExploit": N_("Sexual exploitation")},
    "roles": {
        "IP_RecruiterBroker": N_("Recruiter or broker"),
        "IP_TransactionProcess": N_("Transport or transaction"),
        "IP_ControlAbuseKidnap": N_("Control, abuse or kidnap"),
        "IP_Exploiter": N_("Exploiter"),
    },
}
CATEGORY["IP_Gender"] = CATEGORY["gender"]
for _col in ("UN_COO_Region", "UN_COE_Region", "IP_citizen_UNRegion"):
    CATEGORY[_col] = CATEGORY["region"]

VARIABLE = {
    "yearRegister": N_("Year of registration"),
    "gender": N_("Victim's gender"),
    "majorityStatus": N_("Victim's majority status"),
    "isForcedLabour": N_("Forced labour"),
    "isSexualExploit": N_("Sexual exploitation"),
    "UN_COO_Region": N_("Victim's region of citizenship"),
    "UN_COE_Region": N_("Region of exploitation"),
    "IP_Exploiter": N_("Perpetrator role: exploiter"),
    "IP_Gender": N_("Perpetrators' gender"),
    "IP_ageBroad": N_("Perpetrators' age"),
    "IP_citizen_UNRegion": N_("Perpetrators' region of citizenship"),
    "IP_Relation": N_("Relationship to the victim"),
    "IP_PayMoney": N_("Payment to a perpetrator"),
    "IP_RecruiterBroker": N_("Perpetrator role: recruiter or broker"),
    "IP_TransactionProcess": N_("Perpetrator role: transport or transaction"),
    "IP_ControlAbuseKidnap": N_("Perpetrator role: control, abuse or kidnap"),
    "exploitation": N_("Type of exploitation"),
    "roles": N_("Perpetrator role"),
}


def category(measure_key: str, value: str) -> str:
    """The translated label of one category of a measure or column."""
    return gettext(CATEGORY[measure_key][value])


def variable(key: str) -> str:
    return gettext(VARIABLE[key])

# In completeness charts "roles" is recorded when any perpetrator field is (the base of role shares).
CATEGORY["variable"] = {**VARIABLE, "exploitation": N_("Type of exploitation (either type)"),
                        "roles": N_("Any perpetrator detail")}

# Victim groups by gender and by majority status, shown side by side.
CATEGORY["victim_group"] = {"Female": N_("Female"), "Male": N_("Male"),
                            "Adult": N_("Adult"), "Minor": N_("Minor")}
# How many of the four roles the perpetrators named on one record cover.
CATEGORY["role_count"] = {
    "0": N_("No role recorded"),
    "1": N_("One role"),
    "2": N_("Two roles"),
    "3": N_("Three roles"),
    "4": N_("All four roles"),
}
# The exact set of roles named on one record (keys: flags in schema order, joined by '+').
CATEGORY["role_combination"] = {
    "IP_RecruiterBroker": N_("Recruiter or broker only"),
    "IP_TransactionProcess": N_("Transport or transaction only"),
    "IP_ControlAbuseKidnap": N_("Control, abuse or kidnap only"),
    "IP_Exploiter": N_("Exploiter only"),
    "IP_RecruiterBroker+IP_TransactionProcess": N_("Recruiter + transport"),
    "IP_RecruiterBroker+IP_ControlAbuseKidnap": N_("Recruiter + control"),
    "IP_RecruiterBroker+IP_Exploiter": N_("Recruiter + exploiter"),
    "IP_TransactionProcess+IP_ControlAbuseKidnap": N_("Transport + control"),
    "IP_TransactionProcess+IP_Exploiter": N_("Transport + exploiter"),
    "IP_ControlAbuseKidnap+IP_Exploiter": N_("Control + exploiter"),
    "IP_RecruiterBroker+IP_TransactionProcess+IP_ControlAbuseKidnap": N_("Recruiter + transport + control"),
    "IP_RecruiterBroker+IP_TransactionProcess+IP_Exploiter": N_("Recruiter + transport + exploiter"),
    "IP_RecruiterBroker+IP_ControlAbuseKidnap+IP_Exploiter": N_("Recruiter + control + exploiter"),
    "IP_TransactionProcess+IP_ControlAbuseKidnap+IP_Exploiter": N_("Transport + control + exploiter"),
    "IP_RecruiterBroker+IP_TransactionProcess+IP_ControlAbuseKidnap+IP_Exploiter": N_("All four roles"),
}
# Whether the perpetrators a victim named include someone from the victim's region of citizenship.
CATEGORY["perpetrator_region"] = {
    "same": N_("At least one from the victim's region"),
    "other": N_("At least one from another region"),
}
# Headline indicators of the regional profiles (measure:category), each on its own base.
CATEGORY["indicator"] = {
    "gender:Female": N_("Female"),
    "majorityStatus:Minor": N_("Minor"),
    "exploitation:isForcedLabour": N_("Forced labour"),
    "exploitation:isSexualExploit": N_("Sexual exploitation"),
    "roles:IP_RecruiterBroker": N_("Names a recruiter or broker"),
    "IP_Relation:FamilyIntimatePartner": N_("At least one family member or partner"),
    "IP_Relation:StrangerUnknownOther": N_("At least one stranger"),
    "IP_PayMoney:Yes": N_("Paid a perpetrator"),
    "perpetrator_region:same": N_("A perpetrator from the victim's region"),
}
CATEGORY["victim_gender"] = {"Female": N_("Female victims"), "Male": N_("Male victims")}
