"""The small demo government: valid returns, the right shape, and the storylines really there."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from delivery.demo import returns as demo
from delivery.reference.departments import open_departments, read_departments
from delivery.reference.ratings import ALL_RATINGS, AMBER, AMBER_GREEN, AMBER_RED, COMPLETE, GREEN, RED
from delivery.returns.validate import check_return

TODAY = dt.date(2026, 11, 23)
LATEST = "2026-09-30"


def _read(path) -> dict[str, pd.DataFrame]:
    frames = pd.read_excel(path, sheet_name=None, engine="calamine")
    about = frames.pop("About").set_index("field")["value"]
    frames["about"] = about
    return frames


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return demo.generate("small", tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def returns(paths) -> dict[tuple[str, str], dict[str, pd.DataFrame]]:
    """(department, period_end) -> sheet name -> DataFrame."""
    out = {}
    for path in paths:
        dept, period = path.stem.split("_")
        out[(dept, period)] = _read(path)
    return out


def _sheet(returns, dept, period, sheet) -> pd.DataFrame:
    return returns[(dept, period)][sheet]


def _priority(returns, pid, period=LATEST):
    for (dept, per), frames in returns.items():
        rows = frames["Priorities"]
        if per == period and pid in set(rows["priority_id"]):
            return dept, frames
    raise KeyError(pid)


QUARTERS = {
    "2024-12-31",
    "2025-03-31",
    "2025-06-30",
    "2025-09-30",
    "2025-12-31",
    "2026-03-31",
    "2026-06-30",
    "2026-09-30",
}


def test_one_file_per_department_per_quarter_dft_monthly_and_desnz_late(paths):
    names = sorted(p.name for p in paths)
    # Five quarterly departments x 8, DHLG then MHCLG 8 between them (DHLG merges into MHCLG in the
    # demo's third year: DHLG reports to 31 Mar 2026, MHCLG from 30 Jun 2026), DESNZ 7 (its 30 Sep
    # 2026 return is late), DfT monthly: 22.
    assert len(names) == 5 * 8 + 8 + 7 + 22
    assert {n.split("_")[0] for n in names} == {"DHSC", "DfE", "HO", "MoJ", "DHLG", "MHCLG", "DESNZ", "DWP", "DfT"}
    assert [n for n in names if n[:4] in ("DHLG", "MHCL")] == [
        "DHLG_2024-12-31.xlsx",
        "DHLG_2025-03-31.xlsx",
        "DHLG_2025-06-30.xlsx",
        "DHLG_2025-09-30.xlsx",
        "DHLG_2025-12-31.xlsx",
        "DHLG_2026-03-31.xlsx",
        "MHCLG_2026-06-30.xlsx",
        "MHCLG_2026-09-30.xlsx",
    ]
    assert {n.split("_")[1][:-5] for n in names if not n.startswith("DfT")} == QUARTERS
    dft = [n.split("_")[1][:-5] for n in names if n.startswith("DfT")]
    assert dft[:3] == ["2024-12-31", "2025-01-31", "2025-02-28"] and dft[-1] == "2026-09-30" and len(dft) == 22
    assert "DESNZ_2026-06-30.xlsx" in names and "DESNZ_2026-09-30.xlsx" not in names


def test_the_calendar_shipped_in_data_agrees_with_the_demo():
    from delivery.reference.calendar import read_calendar

    calendar = read_calendar()
    assert calendar.cadence("DfT").cadence == "monthly" and calendar.cadence("DfT").due_days == 20
    assert {calendar.cadence(d).cadence for d in ("DHSC", "DfE", "HO", "MoJ", "MHCLG", "DESNZ", "DWP")} == {"quarterly"}


def test_about_sheet_matches_file_name_and_no_period_in_future(returns):
    for (dept, period), frames in returns.items():
        assert frames["about"]["department"] == dept
        assert pd.Timestamp(frames["about"]["period_end"]).date().isoformat() == period
        assert pd.Timestamp(period).date() < TODAY


def test_twelve_priorities_each_in_its_lead_departments_return(returns):
    ids = set()
    for (dept, period), frames in returns.items():
        pri = frames["Priorities"]
        assert set(pri["lead_department"]) <= {dept}
        if period == "2026-06-30":
            ids |= set(pri["priority_id"])
    assert len(ids) == 12
    shared = [c for c in _all_latest(returns, "Priorities")["contributing_departments"] if isinstance(c, str)]
    assert len(shared) >= 8
    codes = set(read_departments()["code"])
    assert all(code.strip() in codes for text in shared for code in text.split(","))


def _all_latest(returns, sheet):
    """Each department's latest return's sheet, for departments that still exist (DHLG merged into MHCLG)."""
    latest, open_now = {}, set(open_departments(dt.date.fromisoformat(LATEST)))
    for (dept, _period), frames in sorted(returns.items()):
        if dept in open_now:
            latest[dept] = frames[sheet]
    return pd.concat(latest.values(), ignore_index=True)


def test_chains_are_trees_four_to_six_levels_deep(returns):
    chain = _all_latest(returns, "Delivery chain")
    depths = {}
    for pid, nodes in chain.groupby("priority_id"):
        assert nodes["node_id"].is_unique
        parent = dict(zip(nodes["node_id"], nodes["parent_node_id"]))
        for node in parent:
            seen, cur = [], node
            while isinstance(cur, str):
                assert cur not in seen and cur in parent
                seen.append(cur)
                cur = parent[cur]
            depths[pid] = max(depths.get(pid, 0), len(seen))
    assert len(depths) == 12
    assert set(depths.values()) == {4, 5, 6}


def test_every_rating_is_a_known_word_and_moj_and_dhlg_use_three_points(returns):
    for (dept, _), frames in returns.items():
        words = set()
        for sheet in ("Priorities", "Delivery chain", "Milestones"):
            words |= set(frames[sheet]["rag"].dropna())
        assert words <= set(ALL_RATINGS)
        if dept in ("MoJ", "DHLG"):
            assert words <= {RED, AMBER, GREEN, COMPLETE}


def test_hou02_moves_from_the_three_point_to_the_five_point_scale_with_the_merger(returns):
    # DHLG rated HOU-02 on three points until it ended; MHCLG, its successor, rates on five
    def words(dept, period):
        frames = returns[(dept, period)]
        return set().union(*(set(frames[s]["rag"].dropna()) for s in ("Priorities", "Delivery chain", "Milestones")))

    for period in ("2024-12-31", "2025-06-30", "2026-03-31"):
        assert words("DHLG", period) <= {RED, AMBER, GREEN, COMPLETE}
    assert {AMBER_RED, AMBER_GREEN} & words("MHCLG", "2026-06-30")
    assert _ratings_over_time(returns, "HOU-02") == [RED, RED, RED, AMBER, AMBER, GREEN, AMBER_GREEN, GREEN]


def test_actuals_never_after_the_returns_period_and_include_local_areas(returns):
    for (_dept, period), frames in returns.items():
        acts = frames["Actuals"]
        assert (pd.to_datetime(acts["period_end"]) <= pd.Timestamp(period)).all()
    acts = _sheet(returns, "DHSC", LATEST, "Actuals")
    assert acts["area_code"].isna().any()
    assert set(acts["area_code"].dropna()) == {a for a, _ in demo.SMALL_AREAS}


def _ratings_over_time(returns, pid):
    out = []
    for (_dept, _period), frames in sorted(returns.items(), key=lambda kv: kv[0][1]):
        rows = frames["Priorities"]
        out += list(rows.loc[rows["priority_id"] == pid, "rag"])
    return out


def test_storylines_improving_and_slipping(returns):
    assert _ratings_over_time(returns, "HEA-01") == [
        AMBER_RED,
        AMBER_RED,
        AMBER_RED,
        AMBER,
        AMBER,
        AMBER_GREEN,
        AMBER_GREEN,
        GREEN,
    ]
    assert _ratings_over_time(returns, "HOM-01") == [GREEN, GREEN, GREEN, AMBER_GREEN, AMBER, AMBER, AMBER_RED, RED]


def _latest_national_gap(frames, indicator_id):
    """(actual, planned, tolerance_pct) at the return's latest national actual."""
    acts = frames["Actuals"]
    nat = acts[(acts["indicator_id"] == indicator_id) & acts["area_code"].isna()]
    last = nat.sort_values("period_end").iloc[-1]
    traj = frames["Trajectory"]
    planned = traj[(traj["indicator_id"] == indicator_id) & (traj["period_end"] == last["period_end"])]
    ind = frames["Indicators"].set_index("indicator_id").loc[indicator_id]
    return last["actual_value"], planned["planned_value"].iloc[0], ind["tolerance_pct"]


def test_green_while_off_trajectory(returns):
    _, frames = _priority(returns, "HEA-02")
    assert frames["Priorities"].set_index("priority_id").loc["HEA-02", "rag"] == GREEN
    actual, planned, tolerance = _latest_national_gap(frames, "HEA-02-I1")
    assert abs(actual - planned) > planned * tolerance / 100


def test_improving_priority_ends_on_trajectory(returns):
    _, frames = _priority(returns, "HEA-01")
    actual, planned, tolerance = _latest_national_gap(frames, "HEA-01-I1")
    assert abs(actual - planned) <= planned * tolerance / 100


def test_rebaselined_trajectory_keeps_history_and_changes_target(returns):
    before, after = (_sheet(returns, "MoJ", p, "Trajectory") for p in ("2025-09-30", LATEST))
    old = before[before["indicator_id"] == "JUS-01-I1"].set_index("period_end")["planned_value"]
    new = after[after["indicator_id"] == "JUS-01-I1"].set_index("period_end")["planned_value"]
    cut = pd.Timestamp("2025-09-30")
    assert (old[old.index <= cut] == new[new.index <= cut]).all()
    assert (old[old.index > cut] != new.reindex(old.index[old.index > cut])).all()
    ind = {
        p: _sheet(returns, "MoJ", p, "Indicators").set_index("indicator_id").loc["JUS-01-I1"]
        for p in ("2025-09-30", LATEST)
    }
    assert (ind["2025-09-30"]["target_value"], ind[LATEST]["target_value"]) == (55000, 59800)
    assert ind[LATEST]["target_date"] > ind["2025-09-30"]["target_date"]


def test_milestones_slip_every_quarter(returns):
    forecasts = [
        _sheet(returns, "DfE", p, "Milestones").set_index("milestone_id").loc["EDU-02-M5", "forecast_date"]
        for p in sorted(QUARTERS)
    ]
    assert forecasts == sorted(forecasts) and len(set(forecasts)) == 8


def test_milestones_completed_in_latest_quarter(returns):
    ms = _all_latest(returns, "Milestones")
    done = pd.to_datetime(ms["completed_date"])
    assert ((done > "2026-06-30") & (done <= LATEST)).sum() >= 2


def test_escalated_barriers_and_budgets_under_and_over(returns):
    risks = _all_latest(returns, "Risks")
    escalated = risks[(risks["kind"] == "barrier") & (risks["escalation"] != "none") & (risks["status"] == "open")]
    assert set(escalated["escalation"]) == {"centre", "minister"}
    budget = _all_latest(returns, "Budget")
    year = budget[budget["financial_year"] == "2025-26"]
    assert (year["forecast"] > year["allocated"]).any() and (year["forecast"] < year["allocated"]).any()


def test_same_seed_same_bytes(paths, tmp_path):
    again = demo.generate("small", tmp_path, seed=2026)
    assert [p.name for p in again] == [p.name for p in paths]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_every_small_demo_file_is_a_valid_return(paths):
    codes = list(read_departments()["code"])
    problems = {p.name: [str(x) for x in check_return(p, codes, TODAY)[1]] for p in paths}
    assert {name: found for name, found in problems.items() if found} == {}


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Unknown demo scale 'huge': choose small or national."):
        demo.generate("huge", tmp_path)


def test_too_good_to_be_true_actuals_land_exactly_on_the_trajectory(returns):
    frames = returns[("MoJ", LATEST)]
    acts, traj = frames["Actuals"], frames["Trajectory"]
    national = acts[(acts["indicator_id"] == "JUS-02-I1") & acts["area_code"].isna()]
    merged = national.merge(traj, on=["indicator_id", "period_end"])
    assert len(merged) == 8
    assert (merged["actual_value"] == merged["planned_value"]).all()


def test_green_priority_with_weak_local_links(returns):
    chain = _sheet(returns, "DHSC", LATEST, "Delivery chain")
    local = chain[(chain["priority_id"] == "HEA-02") & (chain["level"] == "local")]
    assert len(local) == 4 and GREEN not in set(local["rag"])


def test_slipping_priority_has_overdue_milestones(returns):
    ms = _sheet(returns, "HO", LATEST, "Milestones").set_index("milestone_id")
    overdue = ms[
        (ms["priority_id"] == "HOM-01") & ms["completed_date"].isna() & (pd.to_datetime(ms["forecast_date"]) < LATEST)
    ]
    assert list(overdue.index) == ["HOM-01-M3", "HOM-01-M4"]
    assert set(overdue["rag"]) == {RED}


def test_rebaselined_target_is_restated_in_words(returns):
    texts = [
        _sheet(returns, "MoJ", p, "Priorities").set_index("priority_id").loc["JUS-01", "target"]
        for p in ("2025-09-30", LATEST)
    ]
    assert texts == [
        "Crown Court backlog below 55,000 cases",
        "Cases waiting in the Crown Court: 59,800 cases (re-baselined from 55,000)",
    ]


def test_national_scale_sizes_without_writing_it():
    scale = demo.national_scale()
    assert len(scale.departments) == 30 and len(scale.priorities) == 150
    assert len({p.id for p in scale.priorities}) == 150
    nodes = sum(len(demo.T.chain_nodes(p, scale.regions, scale.locals_per_region)) for p in scale.priorities)
    assert nodes == 150 * 39
    assert scale.milestones_per_priority * 150 == 60_000
    indicators = sum(len(p.indicators) for p in scale.priorities)
    assert indicators * (len(scale.areas) + 1) * len(demo.T.MONTHS) == 2_008_800


def test_national_returns_carry_only_their_own_quarters_actuals():
    scale = demo.national_scale()
    model = demo.PriorityModel(scale.priorities[0], scale, 2026)
    counts = [len(model.tables(period, cumulative=False)["Actuals"]) for period in range(8)]
    assert sum(counts) == len(model.actuals) == 3 * 186 * 24
    assert counts == [3 * 186 * 3] * 8


def test_history_silently_revised(returns):
    def value(period):
        acts = _sheet(returns, "DWP", period, "Actuals")
        row = acts[
            (acts["indicator_id"] == "WRK-01-I1")
            & acts["area_code"].isna()
            & (acts["period_end"] == pd.Timestamp("2025-06-30"))
        ]
        return row["actual_value"].iloc[0]

    assert value("2025-06-30") == value("2026-03-31")
    assert value("2026-06-30") == value(LATEST) == round(value("2026-03-31") * 0.95, 1)


def test_a_national_return_is_valid(tmp_path):
    scale = demo.national_scale()
    models = [demo.PriorityModel(p, scale, 2026) for p in scale.priorities if p.lead == "DfT"]
    path = demo.write_department_return(tmp_path / "DfT_2026-09-30.xlsx", scale, "DfT", 7, models)
    parsed, problems = check_return(path, list(read_departments()["code"]), TODAY)
    assert problems == []
    assert {t: len(f) for t, f in parsed.tables.items()} == {
        "priorities": 5,
        "chain_nodes": 5 * 39,
        "milestones": 5 * 400,
        "indicators": 15,
        "trajectory": len(parsed.tables["trajectory"]),
        "actuals": 15 * 186 * 3,
        "risks": 9,
        "budget": 15,
    }
