"""The data dictionary of the About this data page: what every column on the pages means, every
rating word, and every column of a return (no Streamlit).

The rating scale's words and meanings come from delivery.reference.ratings, the other words
from the rating vocabulary file (its own "why"), and the return's columns from the contract
with the template's own "allowed values": nothing here is a second copy of those. The pages'
columns are defined here, once per page; tests/test_page_about.py fails if a page shows a column
this does not explain.
"""

from __future__ import annotations

import pandas as pd

from delivery.analysis import movement
from delivery.analysis.milestone_status import MILESTONE_STATUSES, NOT_UPDATED, SLIPPAGE_HELP
from delivery.analysis.reporting import NOT_REPORTED, NOT_YET_DUE, OVERDUE, UP_TO_DATE
from delivery.analysis.tables import CONCERN_ORDER_TEXT
from delivery.analysis.trajectories import GROUP_HELP, NOT_JUDGED, OFF, ON
from delivery.reference import profile, ratings, vocabulary
from delivery.returns.contract import ABOUT_FIELDS, ABOUT_SHEET, SHEETS, label
from delivery.returns.template_readme import allowed_values

ID = "The priority's ID, as its lead department's return gives it (e.g. HEA-01)."
TITLE = "The priority in a few words, from the return."
OPEN = "A link to the priority's own page, keeping the period, department and theme chosen."
RATING = "The department's delivery confidence rating (see Ratings below); its colour is always beside the word."
TRAJECTORY = f"{ON}: {GROUP_HELP[ON]} {OFF}: {GROUP_HELP[OFF]} {NOT_JUDGED}: {GROUP_HELP[NOT_JUDGED]}"
MOVEMENT = (
    f"{movement.IMPROVED}, {movement.WORSENED} or {movement.UNCHANGED} since the department's previous return; "
    f"{movement.NEW} for a first rating; "
    f"{movement.SCALE_CHANGED} when the department moved between the three- and five-point scales and the two "
    "ratings overlap (no change in confidence)."
)
MILESTONE_STATUS = (
    f"One of {', '.join(MILESTONE_STATUSES)}, as at the period; '{NOT_UPDATED}' when its department has not "
    "sent this period's return."
)
MILESTONE_DATES = {
    "Baseline date": "The date first agreed for the milestone; it does not change when the milestone slips.",
    "Forecast date": "When the department now expects the milestone.",
    "Completed": "When it was done; blank until then.",
    "Slippage (days)": SLIPPAGE_HELP,
    "Overdue (days)": "Days past the forecast (or baseline) date of a milestone not yet completed, as at the period.",
    "Owner": "Who is accountable, as the return names them.",
}

# Every column each page shows, by the page's title in the menu, with what it means.
PAGE_COLUMNS: dict[str, dict[str, str]] = {
    "Overview": {
        "ID": ID,
        "Priority": TITLE,
        "Why": "Why the priority needs attention (or counts as a small win), in a few words.",
        "Detail": "What lies behind it: the rating's move, the milestone or the indicator concerned.",
        "Open": OPEN,
        "Department": "The department that owes the return.",
        "Return expected for": "The period the department's latest return should cover as at the chosen period, "
        "by the reporting calendar.",
        "Due": "The day that return is due.",
        "Last return (period end)": "The period of the latest return loaded from the department.",
        "Loaded on": "The day that return was loaded.",
        "Status": f"{UP_TO_DATE}, {NOT_YET_DUE} or {OVERDUE}; a priority whose return is overdue counts as "
        f"'{NOT_REPORTED}'.",
    },
    "Priorities": {
        "ID": ID,
        "Priority": TITLE,
        "Rating": RATING,
        "Score (1 Red–5 Green)": "The rating on one scale from 1 (Red) to 5 (Green), so the three- and "
        "five-point scales compare; blank for Complete and Not assessed.",
        "Written as": "The word the return used, when it was not the rating itself (e.g. 'No DCA').",
        "Trend since last period": "How the rating moved since the department's previous return, or "
        "'Not updated since' its last return.",
        "Movement": MOVEMENT,
        "Rating history": "The department's rating each period, on the 1 (Red) to 5 (Green) scale.",
        "Lead": "The department that leads the priority and sends its return.",
        "Contributing": "Other departments that contribute to it.",
        "Next milestone": "The next milestone not yet completed.",
        "Due": "When that milestone is now forecast.",
        "Trajectory": TRAJECTORY,
        "Open": OPEN,
    },
    "Priority": {
        "Milestone": "A dated deliverable on the way to the target.",
        "Status": f"For a milestone: {MILESTONE_STATUS} For a risk: open or closed.",
        "Rating": "For a milestone: the department's confidence of meeting the forecast date.",
        **MILESTONE_DATES,
        "Kind": "Risk (may happen), issue (has happened) or barrier (needs others to remove it).",
        "Description": "What the risk, issue or barrier is, in a sentence.",
        "Likelihood (1-5)": "1 (rare) to 5 (almost certain).",
        "Impact (1-5)": "1 (minor) to 5 (severe).",
        "Escalated to": "Who must act: nobody beyond the department, the centre, or the minister.",
        "Due": "When the risk must be resolved by.",
        "Mitigation": "What is being done about it, or what the department needs.",
        "Financial year": "The year the money is for, e.g. {fiscal_year}.",  # the profile's way (page_columns)
        "Allocated": "Money allocated for the year.",
        "Forecast": "Money the department now forecasts to spend in the year.",
        "Spent": "Money spent so far in the year.",
        "Forecast over (+) or under (−) allocation": "The forecast less the allocation.",
        "Last reported in the return for": "The period of the latest return that gave this year's figures.",
    },
    "Milestones": {
        "Priority": ID,
        "Priority title": TITLE,
        "Milestone": "A dated deliverable on the way to the target.",
        "Status": MILESTONE_STATUS,
        "Rating": "The department's confidence of meeting the forecast date.",
        **MILESTONE_DATES,
        "Open": OPEN,
    },
    "Delivery chains": {
        "Priority": ID,
        "Title": TITLE,
        "Weakest link's rating": "The rating of the chain's lowest-rated link, not the priority's own rating.",
        "Weakest link": "The body or role at that link.",
        "Level": "Where the link sits: minister, department, agency, region, local body or front line.",
        "Open": OPEN,
    },
    "Indicators": {
        "Indicator": "What is measured.",
        "Status": TRAJECTORY,
        "Priority": ID,
        "Unit": "The unit of the figures, e.g. %, people, weeks.",
        "Better when": "Whether a higher or a lower figure is better.",
        "Latest period": "The period of the latest national figure.",
        "Period": "The period of the area's latest figure.",
        "Actual": "The measured figure.",
        "Planned": "Where the trajectory planned the figure to be by then.",
        "Difference from plan": "How far the actual is from the plan, better or worse.",
        "Forecast": "Where the indicator lands at its current rate: on course, at risk or off course for its target "
        "(a Theil–Sen trend through its latest figures, with an 80% band), or why there is no forecast.",
        "Rank": "The area's place, best against its plan first.",
        "Area": "The local area, by name where the reference list of areas has one.",
        "Open": OPEN,
    },
    "What changed": {
        "Priority": ID,
        "Title": TITLE,
        "What changed": "The kind of change: a rating, a milestone, an indicator, a risk.",
        "Since": "The department's previous return, the one compared with.",
        "Detail": "What changed, in words.",
        "Before": "The value in the previous return.",
        "After": "The value in the latest return.",
    },
    "Brief": {
        "Priority": TITLE,
        "Dept": "The lead department's code.",
        "Dept's rating": "The department's own rating.",
        "Centre's rating": "The delivery unit's rating, where it differs or has been given.",
        "Movement": MOVEMENT,
        "Trajectory": TRAJECTORY,
        "Next milestone": "The next milestone not yet completed, and when it is forecast.",
    },
}
ORDER_NOTE = f"Tables of priorities are ordered most concerning first: {CONCERN_ORDER_TEXT}."


def page_columns() -> pd.DataFrame:
    """Page, Column, What it means: every column the pages show."""
    example = profile.current().fiscal_year_example  # '2026-27' in the UK, 'FY2027' on the US federal profile
    rows = [
        (page, column, meaning.replace("{fiscal_year}", example))
        for page, columns in PAGE_COLUMNS.items()
        for column, meaning in columns.items()
    ]
    return pd.DataFrame(rows, columns=["Page", "Column", "What it means"])


def _scales(rating: str) -> str:
    if rating in ratings.THREE_POINT:
        return "three- and five-point"
    return "five-point" if rating in ratings.FIVE_POINT else "both (not a rating of confidence)"


def rating_scale() -> pd.DataFrame:
    """Rating, Score, On the scales, What it means: the ratings in order, from delivery.reference.ratings."""
    return pd.DataFrame(
        [(r, ratings.score(r), _scales(r), ratings.MEANINGS[r]) for r in ratings.ALL_RATINGS],
        columns=["Rating", "Score", "On the scales", "What it means"],
    ).astype({"Score": "Int64"})


def rating_words() -> pd.DataFrame:
    """Word, Read as, Why: the rating vocabulary file's words, as that file explains them."""
    rows = vocabulary.read_explained()
    return pd.DataFrame(rows, columns=["Word in a return", "Read as", "Why"])


def return_columns() -> pd.DataFrame:
    """Sheet, Column, In plain words, Must be filled, Allowed values, What it means: the return, from its contract."""
    fields = [(ABOUT_SHEET, f) for f in ABOUT_FIELDS] + [(s.name, c) for s in SHEETS for c in s.columns]
    return pd.DataFrame(
        [(sheet, c.name, label(c.name), c.requirement, allowed_values(c), c.help) for sheet, c in fields],
        columns=["Sheet", "Column", "In plain words", "Must be filled", "Allowed values", "What it means"],
    )
