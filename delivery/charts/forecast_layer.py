"""The forecast on a trajectory chart: a dashed line at the current rate, with its 80% band (pure Altair).

Added on top of delivery/charts/priority.py's trajectory_chart (and so on the Indicators page's
panels) by ``with_forecast``; the chart's own layers are left as they are.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from delivery.analysis.forecast import Forecast

FORECAST_INK = "#6f3c97"  # purple: not a plan (blue, earlier plans grey) and not an actual (black)
LABEL = "Forecast at this rate (dashed), 80% band shaded"


def projection_frame(forecast: Forecast | None) -> pd.DataFrame:
    """The forecast's projection: period_end, value, low, high (empty when there is none)."""
    rows = forecast.projection() if isinstance(forecast, Forecast) else []
    return pd.DataFrame(rows, columns=["period_end", "value", "low", "high"]).assign(
        period_end=lambda d: pd.to_datetime(d["period_end"]), series=LABEL
    )


def with_forecast(chart: alt.LayerChart, forecast: Forecast | None) -> alt.LayerChart:
    """``chart`` (a layered chart just made) with the forecast's dashed projection and band added to its
    layers; unchanged when there is no forecast."""
    data = projection_frame(forecast)
    if data.empty:
        return chart
    x = alt.X("period_end:T")
    tip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("period_end:T", title="Period", format="%b %Y"),
        alt.Tooltip("value:Q", title="At this rate", format=",.4~r"),
        alt.Tooltip("low:Q", title="Band from", format=",.4~r"),
        alt.Tooltip("high:Q", title="Band to", format=",.4~r"),
    ]
    band = alt.Chart(data).mark_area(opacity=0.12, color=FORECAST_INK).encode(x=x, y="low:Q", y2="high:Q")
    line = (
        alt.Chart(data)
        .mark_line(strokeDash=[6, 4], strokeWidth=2, color=FORECAST_INK)
        .encode(x=x, y="value:Q", tooltip=tip)
    )
    # Added in place: a copy of a layered chart copies every layer twice (delivery/charts/priority.layered).
    chart.layer = [*chart.layer, band, line]
    return chart
