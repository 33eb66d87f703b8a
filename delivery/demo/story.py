"""The fictional government of the small demo: who leads what, and what happens to it.

Read this file like a cast list and a plot summary. ``delivery.demo.returns`` turns it into
returns: one workbook per department per quarter, eight quarters of history.
Each priority follows one storyline; a storyline says how the department rates
itself each quarter, how far its actuals fall behind the plan, and what happens to
its milestones.

What a newcomer should find on the dashboard (latest quarter 2026-09-30):

    HEA-01 DHSC   improving: Amber/Red -> Amber -> Amber/Green -> Green, actuals converge
    HEA-02 DHSC   rated Green every quarter while 3.6 tolerance bands off trajectory;
                  its local links are rated lower than the priority (check for cheating)
    EDU-01 DfE    steady, on trajectory; a milestone completed this quarter
    EDU-02 DfE    milestones slip 45 days later every quarter; budget under-spent
    HOM-01 HO     slipping Green -> Amber -> Red; two milestones overdue; barrier to the minister
    HOM-02 HO     barriers escalated to the minister (closed) and the centre (open)
    JUS-01 MoJ    trajectory re-baselined from 2025-12-31: target 55,000 -> 59,800, a year later
    JUS-02 MoJ    actuals land exactly on the trajectory every month (too good to be true)
    HOU-02 DHLG   improving, with a barrier escalated to the centre; DHLG merges into MHCLG in the
                  demo's third year (31 Mar 2026), so from 30 Jun 2026 MHCLG reports HOU-02: one
                  priority, "Lead department: MHCLG, since 1 Apr 2026; before: DHLG"
    ENE-01 DESNZ  steady, but the department's 2026-09-30 return is overdue
    WRK-01 DWP    stalling; from 2026-06-30 its earlier actuals are restated worse (history revised)
    TRA-01 DfT    steady, budget over-spent
    MoJ and DHLG rate on the three-point scale (Red, Amber, Green).

Machinery of government: DHLG (a demo department in data/departments.csv, ended 31 Mar 2026,
successor MHCLG) merges into MHCLG; the centre records HOU-02's transfer (``TRANSFERS``),
which the first start records after loading the returns (delivery/demo/bootstrap.py).

The reporting calendar (data/calendar.csv) tells three more stories:

    DfT           reports monthly (due 20 days after each month): 22 returns, one a month
    ENE-01 DESNZ  its 2026-09-30 return is late, so as at 30 Sep 2026 ENE-01 shows "Not updated
                  since 30 Jun 2026", counted apart as not reported this period
    HOU-02        DHLG rates it on the three-point scale until 2026-03-31; MHCLG, reporting it
                  after the merger, on five points from 2026-06-30: its "Green -> Amber/Green"
                  then is "Scale changed", not a worsening
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from delivery.reference.ratings import AMBER as A
from delivery.reference.ratings import AMBER_GREEN as AG
from delivery.reference.ratings import AMBER_RED as AR
from delivery.reference.ratings import GREEN as G
from delivery.reference.ratings import RED as R


@dataclass(frozen=True)
class Storyline:
    """How one priority fares over the eight quarters, oldest first.

    ``ratings``: the department's own rating each quarter (five-point words).
    ``gaps``: how far actuals are behind the plan each quarter, in tolerance bands:
    0 = on the plan, 1 = at the edge of "on trajectory" (5% of the planned value),
    3 = three times that far behind.
    ``slip_days``: unfinished milestones' forecasts move this many days later every
    quarter. ``rebaseline_at``: from this quarter the trajectory and target change.
    ``late_milestones``: milestones due from this quarter on are neither done nor
    re-forecast, so they show as overdue.
    """

    ratings: tuple[str, ...]
    gaps: tuple[float, ...]
    commentary: tuple[str, str, str]  # early, middle, late quarters
    slip_days: int = 0
    rebaseline_at: int | None = None
    late_milestones: int | None = None
    weak_local: int = 0  # how many points below the priority its local links are rated
    exact: bool = False  # actuals land exactly on the trajectory: too good to be true
    revise_history_at: int | None = None  # from this quarter, earlier national actuals are restated worse


STORYLINES: dict[str, Storyline] = {
    "improving": Storyline(
        (AR, AR, AR, A, A, AG, AG, G),
        (4.0, 3.5, 2.8, 2.0, 1.4, 0.8, 0.4, 0.2),
        (
            "Behind plan: recovery plan agreed with the centre.",
            "Recovery plan working: the gap to trajectory is closing.",
            "Back on trajectory for two quarters running.",
        ),
    ),
    "slipping": Storyline(
        (G, G, G, AG, A, A, AR, R),
        (0.0, 0.2, 0.5, 1.0, 1.8, 2.6, 3.5, 4.5),
        (
            "On track.",
            "Recruitment slower than planned; mitigation in place.",
            "Off trajectory and falling further behind; support needed from the centre.",
        ),
        late_milestones=5,
        weak_local=1,
    ),
    "rebaselined": Storyline(
        (A, A, AR, AR, A, A, AG, AG),
        (1.0, 2.0, 3.0, 4.0, 0.3, 0.3, 0.2, 0.1),
        (
            "Demand higher than forecast.",
            "Trajectory re-baselined with ministers' agreement: new target and date.",
            "On the new trajectory.",
        ),
        rebaseline_at=4,
    ),
    "green_off_trajectory": Storyline(
        (G, G, G, G, G, G, G, G),
        (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.3, 3.6),
        ("On track.", "On track; data lag expected to resolve.", "On track."),
        weak_local=2,  # the chain tells the truth the headline rating hides
    ),
    "slipped_milestones": Storyline(
        (AG, A, A, A, AR, AR, AR, AR),
        (0.3, 0.5, 0.8, 1.1, 1.4, 1.7, 1.9, 2.0),
        (
            "Delivery plan agreed.",
            "Procurement delays pushing milestones back.",
            "Milestones have slipped every quarter; a reset is being prepared.",
        ),
        slip_days=45,
        weak_local=1,
    ),
    "barrier": Storyline(
        (A, A, AR, AR, AR, A, A, A),
        (0.5, 0.8, 1.5, 2.2, 2.0, 1.5, 1.1, 0.8),
        (
            "Early delivery on plan.",
            "Blocked by a barrier outside the department's control: escalated.",
            "Barrier partly removed after ministerial intervention.",
        ),
        weak_local=1,
    ),
    "steady": Storyline(
        (A, AG, AG, AG, AG, AG, AG, AG),
        (0.4, 0.3, 0.3, 0.2, 0.3, 0.2, 0.2, 0.2),
        ("Mobilising.", "On trajectory.", "On trajectory; small wins in the regions."),
    ),
    "stalling": Storyline(
        (AG, AG, A, A, A, A, A, A),
        (0.2, 0.4, 0.8, 1.2, 1.4, 1.5, 1.6, 1.7),
        ("On track.", "Progress has stalled.", "Back to improving since last year."),
        revise_history_at=6,  # the past quietly made worse, so the stall reads as a recovery
    ),
    "on_the_nose": Storyline(
        (AG, G, G, G, G, G, G, G),
        (0.0,) * 8,
        ("On trajectory.", "Exactly on trajectory.", "Exactly on trajectory again."),
        exact=True,
    ),
}


@dataclass(frozen=True)
class Indicator:
    """One measure: what it is, where it sits, and its baseline and target."""

    name: str
    unit: str
    stage: str
    perspective: str
    direction: str
    baseline: float
    target: float
    decimals: int = 0


@dataclass(frozen=True)
class Risk:
    """A risk, issue or barrier, raised in one quarter, maybe escalated and closed later."""

    kind: str
    description: str
    raised: int  # quarter index, 0 = the first quarter
    escalation: str = "none"
    escalated: int = 0  # from this quarter the escalation applies
    closed: int | None = None


@dataclass(frozen=True)
class Priority:
    """One cross-government priority of the small demo and the storyline it follows."""

    id: str
    lead: str
    contributors: tuple[str, ...]
    title: str
    outcome: str
    theme: str
    target_text: str
    target_year: int  # the target is due on 31 March of this year
    storyline: str
    budget: str  # under, over or on (track)
    allocated_m: float  # pounds million allocated each financial year
    chain_depth: int  # 4 to 6 levels
    agency: str
    local_body: str
    frontline: str
    indicators: tuple[Indicator, ...]
    risks: tuple[Risk, ...]


def _i(*args, **kw) -> Indicator:
    return Indicator(*args, **kw)


PRIORITIES: tuple[Priority, ...] = (
    Priority(
        "HEA-01",
        "DHSC",
        ("HMT",),
        "Cut elective waiting times",
        "Patients start planned treatment within 18 weeks.",
        "Health",
        "92% of patients wait under 18 weeks",
        2029,
        "improving",
        "on",
        1200,
        6,
        "NHS England",
        "Integrated care boards",
        "Hospital trusts",
        (
            _i("Patients waiting over 18 weeks", "thousand patients", "outcome", "citizen", "down", 3100, 1200),
            _i("Elective activity against 2019-20", "%", "output", "process", "up", 104, 115, 1),
            _i("Additional clinical staff recruited", "people", "input", "capacity", "up", 0, 8000),
        ),
        (
            Risk("risk", "Industrial action cancels planned operations.", 0, closed=5),
            Risk("barrier", "Capital funding for surgical hubs held up in spending review.", 1, "centre", 2, closed=6),
        ),
    ),
    Priority(
        "HEA-02",
        "DHSC",
        (),
        "Diagnose cancer faster",
        "More cancers diagnosed early, when treatment works best.",
        "Health",
        "85% of patients told within 28 days",
        2028,
        "green_off_trajectory",
        "over",
        450,
        5,
        "NHS England",
        "Cancer alliances",
        "Diagnostic centres",
        (
            _i("Patients told their cancer diagnosis within 28 days", "%", "outcome", "citizen", "up", 72, 85, 1),
            _i("Diagnostic tests carried out", "thousand tests", "output", "process", "up", 380, 520),
        ),
        (Risk("risk", "Shortage of radiologists limits scanner use.", 2),),
    ),
    Priority(
        "EDU-01",
        "DfE",
        ("DCMS",),
        "Raise reading at age 11",
        "Every child leaves primary school able to read well.",
        "Opportunity",
        "80% of pupils meet the expected standard in reading",
        2028,
        "steady",
        "on",
        300,
        5,
        "Standards and Testing Agency",
        "Local authorities",
        "Primary schools",
        (
            _i("Pupils meeting the expected standard in reading at 11", "%", "outcome", "citizen", "up", 74, 80, 1),
            _i("Teachers trained in phonics", "people", "activity", "capacity", "up", 0, 20000),
        ),
        (Risk("risk", "Supply teachers not trained in the new phonics scheme.", 1, closed=4),),
    ),
    Priority(
        "EDU-02",
        "DfE",
        ("HMT",),
        "Recruit 6,500 new teachers",
        "Every classroom has a qualified teacher.",
        "Opportunity",
        "6,500 more teachers in post",
        2029,
        "slipped_milestones",
        "under",
        250,
        4,
        "Teacher training providers",
        "Multi-academy trusts",
        "Secondary schools",
        (
            _i("Additional teachers in post", "people", "output", "capacity", "up", 0, 6500),
            _i("Teacher vacancies", "vacancies", "outcome", "process", "down", 2800, 1000),
        ),
        (
            Risk("issue", "Bursary scheme procurement re-run after a legal challenge.", 2, "centre", 4),
            Risk("risk", "Pay award below graduate market.", 0),
        ),
    ),
    Priority(
        "HOM-01",
        "HO",
        ("MHCLG",),
        "Put 13,000 more police on the beat",
        "People see and trust their neighbourhood police.",
        "Safer streets",
        "13,000 more neighbourhood officers",
        2029,
        "slipping",
        "over",
        600,
        6,
        "College of Policing",
        "Police forces",
        "Neighbourhood teams",
        (
            _i("Neighbourhood officers recruited", "officers", "output", "capacity", "up", 0, 13000),
            _i("Residents who feel safe after dark", "%", "outcome", "citizen", "up", 61, 70, 1),
            _i("Spending per officer recruited", "£ thousand", "input", "financial", "down", 95, 80),
        ),
        (
            Risk("issue", "Officer attrition higher than recruitment.", 3, "centre", 5),
            Risk("barrier", "Training places capped by the College of Policing's budget.", 5, "minister", 6),
        ),
    ),
    Priority(
        "HOM-02",
        "HO",
        ("DfE", "MoJ", "DHSC"),
        "Halve knife crime",
        "Fewer young people hurt or killed with knives.",
        "Safer streets",
        "Knife crime offences halved from the 2024 level",
        2030,
        "barrier",
        "on",
        180,
        5,
        "Violence reduction units",
        "Community safety partnerships",
        "Youth services",
        (
            _i("Knife crime offences in the quarter", "offences", "impact", "citizen", "down", 12500, 6250),
            _i("Young people reached by prevention programmes", "people", "activity", "process", "up", 5000, 40000),
        ),
        (
            Risk("barrier", "Schools data sharing needs a change to DfE guidance.", 2, "minister", 3, closed=6),
            Risk("barrier", "Health data on knife injuries not shared by trusts.", 3, "centre", 4),
            Risk("risk", "Prevention funding ends in March 2027.", 4),
        ),
    ),
    Priority(
        "JUS-01",
        "MoJ",
        ("HO", "CPS"),
        "Cut the Crown Court backlog",
        "Victims see justice done without years of waiting.",
        "Safer streets",
        "Crown Court backlog below 55,000 cases",
        2028,
        "rebaselined",
        "over",
        350,
        5,
        "HM Courts and Tribunals Service",
        "Court clusters",
        "Crown Courts",
        (
            _i("Cases waiting in the Crown Court", "cases", "outcome", "citizen", "down", 67000, 55000),
            _i("Court sitting days funded", "days", "input", "financial", "up", 105000, 113000),
        ),
        (Risk("issue", "Shortage of criminal barristers delays trials.", 1, "centre", 2),),
    ),
    Priority(
        "JUS-02",
        "MoJ",
        ("DWP", "DHSC"),
        "Reduce reoffending",
        "Fewer people leave prison and commit another crime.",
        "Safer streets",
        "Proven reoffending rate down to 22%",
        2029,
        "on_the_nose",
        "under",
        200,
        4,
        "HM Prison and Probation Service",
        "Probation regions",
        "Probation offices",
        (
            _i("Proven reoffending rate within a year", "%", "outcome", "citizen", "down", 26, 22, 1),
            _i("Prison leavers in work six weeks after release", "%", "output", "process", "up", 17, 30, 1),
        ),
        (Risk("risk", "Prison capacity crisis diverts probation staff.", 2),),
    ),
    Priority(
        "HOU-02",
        "DHLG",
        ("DHSC", "DWP", "HO"),
        "Halve rough sleeping",
        "Nobody has to sleep on the streets.",
        "Homes",
        "Rough sleeping halved from the 2024 count",
        2029,
        "improving",
        "on",
        220,
        6,
        "Homes England",
        "Local authorities",
        "Outreach services",
        (
            _i("People sleeping rough on a single night", "people", "impact", "citizen", "down", 4600, 2300),
            _i("Supported housing places", "places", "output", "capacity", "up", 0, 6000),
        ),
        (Risk("barrier", "Benefit rules stop people in supported housing from working.", 1, "centre", 2),),
    ),
    Priority(
        "ENE-01",
        "DESNZ",
        ("MHCLG", "DfT"),
        "Clean power by 2030",
        "Homes and businesses run on clean, home-grown electricity.",
        "Clean energy",
        "95% of electricity from clean sources",
        2030,
        "steady",
        "under",
        900,
        5,
        "National Energy System Operator",
        "Distribution network operators",
        "Grid connection projects",
        (
            _i("Electricity generated from clean sources", "%", "outcome", "citizen", "up", 74, 95, 1),
            _i("Grid connections delivered", "connections", "output", "process", "up", 0, 400),
        ),
        (Risk("risk", "Supply chain for cables and transformers.", 0),),
    ),
    Priority(
        "WRK-01",
        "DWP",
        ("DfE", "DHSC"),
        "Get 500,000 more people into work",
        "More people in good jobs, fewer out of work through ill health.",
        "Growth",
        "Employment rate of 80%",
        2030,
        "stalling",
        "on",
        500,
        4,
        "Jobcentre Plus",
        "Jobcentre districts",
        "Work coaches",
        (
            _i("Employment rate, people aged 16 to 64", "%", "outcome", "citizen", "up", 74.8, 80, 1),
            _i("People starting employment support", "people", "activity", "process", "up", 0, 300000),
        ),
        (Risk("risk", "Economic slowdown reduces vacancies.", 3),),
    ),
    Priority(
        "TRA-01",
        "DfT",
        ("DESNZ",),
        "Make trains run on time",
        "Passengers can rely on the timetable.",
        "Growth",
        "90% of trains arrive on time",
        2028,
        "steady",
        "over",
        700,
        5,
        "Great British Railways",
        "Rail routes",
        "Stations and depots",
        (
            _i("Trains arriving on time", "%", "outcome", "citizen", "up", 68, 80, 1),
            _i("Cancellations", "%", "output", "process", "down", 4.2, 2.5, 1),
        ),
        (Risk("issue", "Rolling stock delivery late.", 2, closed=6),),
    ),
)

# The departments that send returns in the small demo, and how each writes them.
SMALL_DEPARTMENTS = ("DHSC", "DfE", "HO", "MoJ", "DHLG", "MHCLG", "DESNZ", "DWP", "DfT")
# A department that merges into another: (successor, the first quarter the successor reports
# its priorities). DHLG's last return is for 31 Mar 2026 (quarter 5), its end date.
MERGERS = {"DHLG": ("MHCLG", 6)}
# Transfers the centre records: (priority, to department, effective date, by, reason).
TRANSFERS = (
    ("HOU-02", "MHCLG", dt.date(2026, 4, 1), "Delivery unit (demo)", "DHLG merged into MHCLG on 31 March 2026."),
)
# Rates on Red/Amber/Green only. DHLG does until it ends (2026-03-31); MHCLG, which reports
# HOU-02 from 2026-06-30, rates on five points, so HOU-02's scale changes with the merger.
THREE_POINT_DEPARTMENTS = frozenset({"MoJ", "DHLG"})
FIVE_POINT_FROM: tuple[tuple[str, int], ...] = ()  # three-point departments that move to five points (quarter)
MONTHLY_DEPARTMENTS = frozenset({"DfT"})  # sends a return every month (data/calendar.csv agrees)
OVERDUE_DEPARTMENTS = frozenset({"DESNZ"})  # its latest return has not arrived
PREPARED_BY = {
    "DHSC": "Priya Shah <priya.shah@dhsc.example>",
    "DfE": "Tom Evans <tom.evans@education.example>",
    "HO": "Grace Okafor <grace.okafor@homeoffice.example>",
    "MoJ": "Sam Whitfield <sam.whitfield@justice.example>",
    "DHLG": "Aisha Rahman <aisha.rahman@communities.example>",
    "MHCLG": "Aisha Rahman <aisha.rahman@communities.example>",
    "DESNZ": "Owen Price <owen.price@energy.example>",
    "DWP": "Ruth Campbell <ruth.campbell@dwp.example>",
    "DfT": "Dan Kowalski <dan.kowalski@dft.example>",
}

# Local areas that report actuals beside the national figure, and how far each is
# ahead (+) or behind (-) the national figure, in tolerance bands.
SMALL_AREAS = (
    ("E06000001", -2.0),
    ("E06000047", -0.8),
    ("E08000025", 0.5),
    ("E08000035", 1.2),
    ("E09000033", 2.2),
    ("E10000016", -0.2),
)

REGIONS = ("North East", "North West", "Midlands", "London", "South West", "East of England")

MILESTONE_TITLES = (
    "Delivery plan agreed with the centre",
    "Funding allocated to regions",
    "Recruitment campaign launched",
    "First local pilots live",
    "Mid-point review published",
    "National roll-out complete",
)
# Months after 31 December 2024 at which each milestone above is first due.
MILESTONE_MONTHS = (3, 8, 13, 20, 26, 32)
