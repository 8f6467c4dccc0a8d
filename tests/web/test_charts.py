"""The geometry of the server-drawn charts."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.store import MonthCount, MonthlySourcingRow, TitleRow
from onrecord.web._charts import (
    BAR_ROW,
    MAX_COLUMN,
    MONTH_ROW,
    PLOT_HEIGHT,
    BarItem,
    MonthRowItem,
    bar_chart,
    month_range,
    month_rows,
    share_chart,
    timeline,
)


def _month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def test_bars_scale_to_the_largest_value() -> None:
    chart = bar_chart([BarItem("a", 4, "4"), BarItem("b", 1, "1", href="/b", series=11)])

    first, second = chart.bars
    assert first.width == chart.plot_width
    assert second.width == pytest.approx(chart.plot_width / 4)
    assert (second.y, second.href, second.series) == (BAR_ROW, "/b", 1)
    assert chart.height == 2 * BAR_ROW
    assert bar_chart([BarItem("zero", 0, "0")]).bars[0].width == 0
    assert bar_chart([]).bars == ()


def test_share_chart_has_a_line_per_outlet_with_fixed_colors() -> None:
    rows = [
        MonthlySourcingRow("Wire", _month(2022, 11), 2, 8, 2, 0.25, 0),
        MonthlySourcingRow("Daily", _month(2022, 11), 1, 4, 0, 0.0, 0),
        MonthlySourcingRow("Daily", _month(2023, 1), 1, 4, 4, 1.0, 0),
        MonthlySourcingRow("Daily", _month(2022, 12), 1, 0, 0, 0.0, 0),
    ]
    chart = share_chart(rows, ["Daily", "Wire", None])

    daily, wire = chart.series
    assert (daily.name, daily.series, wire.name, wire.series) == ("Daily", 0, "Wire", 1)
    # December has no statements: no point, the line goes from November to January.
    assert [point.y for point in daily.points] == [PLOT_HEIGHT, 0.0]
    assert daily.path.startswith("M")
    assert daily.path.count("L") == 1
    assert wire.points[0].y == pytest.approx(PLOT_HEIGHT * 0.75)
    assert wire.points[0].label == "Wire, 2022-11: 25% of 8 statements from unnamed sources"
    assert [tick.label for tick in chart.plot.x_ticks] == ["Nov 2022", "Dec 2022", "Jan 2023"]
    slot = chart.plot.plot_width / 3
    assert [point.x for point in daily.points] == [slot / 2, slot * 2.5]


def test_timeline_puts_titles_under_the_months() -> None:
    chart = timeline(
        [MonthCount(_month(2022, 11), 3), MonthCount(_month(2023, 2), 1)],
        [
            TitleRow("General", dt.date(2022, 10, 3), dt.date(2022, 12, 30)),
            TitleRow("Chairman", None, None),
        ],
    )

    assert chart is not None
    assert len(chart.plot.x_ticks) == 5  # October 2022 to February 2023
    tall, short = chart.columns
    assert tall.height == chart.plot.plot_height
    assert short.height == pytest.approx(chart.plot.plot_height / 3)
    assert tall.width <= MAX_COLUMN
    (general,) = chart.ranges
    slot = chart.plot.plot_width / 5
    assert (general.x, general.width) == (pytest.approx(0), pytest.approx(3 * slot))
    assert general.label == "General (2022-10-03 – 2022-12-30)"
    assert timeline([], [TitleRow("Chairman", None, None)]) is None


def test_month_range_crosses_years() -> None:
    assert month_range(dt.date(2022, 11, 15), dt.date(2023, 1, 2)) == [
        _month(2022, 11),
        _month(2022, 12),
        _month(2023, 1),
    ]


def test_month_rows_share_one_time_axis_and_one_scale() -> None:
    chart = month_rows(
        [
            MonthRowItem(
                "tax",
                "3 of 9",
                "/subjects/a",
                [MonthCount(_month(2022, 1), 1), MonthCount(_month(2022, 3), 2)],
            ),
            MonthRowItem("coal", "4 of 4", None, [MonthCount(_month(2022, 2), 4)]),
        ]
    )

    assert chart is not None
    tax, coal = chart.rows
    assert [tick.label for tick in chart.x_ticks] == ["Jan 2022", "Feb 2022", "Mar 2022"]
    assert (tax.href, coal.href, coal.y - tax.y) == ("/subjects/a", None, MONTH_ROW)
    january, march = tax.columns
    (february,) = coal.columns
    assert january.x < february.x < march.x
    assert february.height == pytest.approx(4 * january.height)
    assert march.height == pytest.approx(2 * january.height)
    assert "2022-03: 2 statements" in march.label
    assert month_rows([MonthRowItem("undated", "1 of 1", None, [])]) is None


def test_a_row_without_a_label_goes_on_with_the_one_above_in_its_stance() -> None:
    chart = month_rows(
        [
            MonthRowItem("Mark Milley", "1 support", "#line-speaker-0", [], "supports"),
            MonthRowItem("", "2 oppose", None, [MonthCount(_month(2022, 11), 2)], "opposes"),
        ]
    )

    assert chart is not None
    supports, opposes = chart.rows
    assert (supports.stance, opposes.stance) == ("supports", "opposes")
    assert supports.columns == ()
    (november,) = opposes.columns
    assert november.label == "2022-11: 2 statements (opposes)"
