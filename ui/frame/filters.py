"""Global filters in the sidebar (department, theme, "as at" period), kept in the URL.

The URL's query parameters are read once into the widgets' state, and every run writes
the current choices back, so a copied link opens the same view on any page.

app.py draws the filters once per run (``sidebar_filters()``) for the Browse pages and
keeps the result in ``st.session_state["filters"]``; pages read it with
``current_filters()``. Moving between pages clears the URL and may drop the widgets'
state, so the last choices are also kept under ``_kept_filters`` and restored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from delivery import settings
from delivery.analysis.forecast import ForecastRules
from delivery.analysis.picture import Rules, as_at_choices
from delivery.auth import ADMIN
from delivery.errors import DeliveryError
from delivery.reference import profile
from delivery.reference.calendar import Calendar, read_calendar
from delivery.reference.departments import read_departments
from ui.frame.auth import current_user, error_text, secrets, setting_error_text
from ui.frame.data import query
from ui.frame.navigation import navigation_only
from ui.frame.text import plain

ALL = "All"
KEPT = "_kept_filters"


@dataclass(frozen=True)
class Filters:
    """What the user has chosen: None means all departments / all themes."""

    department: str | None
    theme: str | None
    as_at: dt.date | None  # None only for an empty store
    periods: tuple[dt.date, ...]  # every "as at" period of the reporting calendar, newest first
    calendar: Calendar = field(default_factory=Calendar)
    today: dt.date = field(default_factory=dt.date.today)
    stale_after: int = 2  # DELIVERY_STALE_AFTER_PERIODS
    forecast: ForecastRules = field(default_factory=ForecastRules)  # DELIVERY_FORECAST_*

    @property
    def rules(self) -> Rules:
        """The calendar, stale limit, today and forecast thresholds the picture is made with (analysis/picture.py)."""
        return Rules(self.calendar, self.stale_after, self.today, self.forecast)


def parse_period(text: str) -> dt.date | None:
    """A YYYY-MM-DD date from a URL, or None if it is not one."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


WHAT = {"period": "reporting period", "department": "department", "theme": "theme"}


def _shown(value) -> str:
    return value.strftime("%-d %b %Y") if isinstance(value, dt.date) else str(value)


def _from_url(key: str, param: str, options: list, parse=lambda v: v, fallback=None) -> None:
    """Seed a widget's state from the URL (or the last choice kept); warn about values we cannot show
    and show ``fallback`` (or the first option) instead."""
    if key in st.session_state:
        return
    if param not in st.query_params:
        kept = st.session_state.get(KEPT, {}).get(key)
        if kept in options:
            st.session_state[key] = kept
        return
    raw = st.query_params[param]
    value = parse(raw)
    if value in options:
        st.session_state[key] = value
        return
    what = WHAT.get(param, param)
    instead = fallback if fallback in options else (options[0] if options else None)
    if instead is not None:
        st.session_state[key] = instead
    st.session_state.setdefault("url_warnings", []).append(
        f"The link asks for the {what} '{plain(raw)}', which is not one in the store; "
        f"showing {plain(_shown(instead))} instead."
        if options
        else f"The link asks for the {what} '{plain(raw)}', but no data has been loaded yet."
    )


def current_filters() -> Filters:
    """The filters app.py drew for this run (drawn here if, unusually, it has not)."""
    navigation_only()  # a page run without app.py (see ui/frame/navigation.py) restarts through it
    if "filters" not in st.session_state:
        return sidebar_filters()
    return st.session_state["filters"]


def sidebar_filters() -> Filters:
    """Draw the sidebar filters once per run and return the choices; keeps the URL in step.

    Also stored in ``st.session_state["filters"]``. A second call in the same run
    returns the first call's choices instead of drawing the widgets twice.
    """
    try:
        chosen = _draw_filters()
    except StreamlitDuplicateElementKey:
        return st.session_state["filters"]
    st.session_state["filters"] = chosen
    st.session_state[KEPT] = {
        "f_period": chosen.as_at,
        "f_department": chosen.department or ALL,
        "f_theme": chosen.theme or ALL,
    }
    _to_url(chosen)
    return chosen


def forget_period() -> None:
    """Drop the chosen "as at" period (URL, widget and kept choice): the next run shows the newest.

    Called after a load, so the browse pages open on the data just loaded.
    """
    st.query_params.pop("period", None)
    st.session_state.pop("f_period", None)
    st.session_state.get(KEPT, {}).pop("f_period", None)


def today() -> dt.date:
    """Today's date: which returns are due (a function, so tests can set the day)."""
    return dt.date.today()


def _setting(name: str, fallback):
    """A setting's value; a bad value is said once in the sidebar and the default used."""
    try:
        return settings.get(name, secrets=secrets())
    except DeliveryError as e:  # the setting's name and value for admins only
        st.sidebar.warning(f"{setting_error_text(e)} Using {plain(fallback)} until it is fixed.")
        return fallback


def forecast_rules() -> ForecastRules:
    """The forecasts' thresholds (DELIVERY_FORECAST_*); a bad value is said in the sidebar and its default used."""
    default = ForecastRules()
    names = ("MIN_POINTS", "RECENT_POINTS", "ON_COURSE_PCT", "OFF_COURSE_PCT", "STALE_MONTHS")
    fields = ("min_points", "recent_points", "on_course_pct", "off_course_pct", "stale_months")
    return ForecastRules(*(_setting(f"DELIVERY_FORECAST_{n}", getattr(default, f)) for n, f in zip(names, fields)))


def reporting_calendar() -> Calendar:
    """The reporting calendar (DELIVERY_CALENDAR); if it cannot be read, say why and use the default."""
    path = _setting("DELIVERY_CALENDAR", None)
    try:
        return read_calendar(path or profile.calendar_path(), set(read_departments()["code"]))
    except DeliveryError as e:  # the file and its line for admins only: viewers cannot mend it
        why = f": {error_text(e)}" if current_user().role == ADMIN else "."
        st.sidebar.error(
            f"The reporting calendar could not be read{why} Until it is fixed, every "
            "department is treated as reporting quarterly, due 30 days after the quarter."
        )
        return Calendar()


def _periods(calendar: Calendar) -> tuple[tuple[dt.date, ...], dt.date | None]:
    """The "as at" choices (newest first) and the default: the latest period whose returns are due."""
    choices, default = as_at_choices(query, Rules(calendar, today=today()))
    return tuple(choices), default


def default_filters() -> Filters:
    """The filters a new visitor starts with (all departments and themes, the default period),
    without drawing anything: ui/views/warm.py computes this view ahead of the first visitor."""
    calendar = reporting_calendar()
    periods, default = _periods(calendar)
    stale_after = _setting("DELIVERY_STALE_AFTER_PERIODS", 2)
    return Filters(None, None, default, periods, calendar, today(), stale_after, forecast_rules())


def _draw_filters() -> Filters:
    calendar = reporting_calendar()
    periods, default = _periods(calendar)
    if default is not None and "f_period" not in st.session_state and "period" not in st.query_params:
        st.session_state.setdefault(KEPT, {}).setdefault("f_period", default)
    depts = query("department_list")
    codes = [ALL] + (list(depts["code"]) if not depts.empty else [])
    names = dict(zip(depts.get("code", []), depts.get("name", []))) if not depts.empty else {}
    # Say which departments have never sent a return, so an empty page is no surprise.
    silent = set(depts.loc[~depts["has_returns"].astype(bool), "code"]) if not depts.empty else set()
    _from_url("f_period", "period", list(periods), parse_period, default)
    _from_url("f_department", "department", codes)
    with st.sidebar:
        as_at = (
            st.selectbox(
                "As at (reporting period)",
                periods,
                key="f_period",
                format_func=lambda d: d.strftime("%-d %b %Y"),
                help="Shows the dashboard exactly as it stood at the end of this period.",
            )
            if periods
            else None
        )
        dept = st.selectbox(
            "Department",
            codes,
            key="f_department",
            format_func=lambda c: (
                c if c == ALL else f"{names.get(c, c)} ({c})" + (" · no returns yet" if c in silent else "")
            ),
        )
        themes = [ALL] + (list(query("theme_list", as_at=as_at)["theme"]) if as_at else [])
        _from_url("f_theme", "theme", themes)
        if st.session_state.get("f_theme") not in themes:
            st.session_state["f_theme"] = ALL
        theme = st.selectbox("Theme", themes, key="f_theme")
    for warning in st.session_state.pop("url_warnings", []):
        st.warning(warning)
    return Filters(
        None if dept == ALL else dept,
        None if theme == ALL else theme,
        as_at,
        periods,
        calendar,
        today(),
        _setting("DELIVERY_STALE_AFTER_PERIODS", 2),
        forecast_rules(),
    )


def _to_url(f: Filters) -> None:
    wanted = {"period": f.as_at.isoformat() if f.as_at else None, "department": f.department, "theme": f.theme}
    for key, value in wanted.items():
        if value is None:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
