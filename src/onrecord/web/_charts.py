"""Charts drawn on the server: the geometry of SVG bar, line and timeline charts.

No JavaScript chart library, nothing fetched at run time: the templates draw these shapes as
SVG elements, and every label goes through the templates' escaping. Colors are CSS classes
(``series-0`` ... ``series-9``) so that no inline style is needed under the page's CSP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from onrecord.store import MonthCount, MonthlySourcingRow, TitleRow

SERIES_COLORS = 10
WIDTH = 720
BAR_ROW = 26
LABEL_WIDTH = 240
# Room right of a bar for its value, and around a plot for the axes' labels.
VALUE_WIDTH = 120
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 12, 36
PLOT_HEIGHT = 200
# A month's column is at most this wide, however few months there are.
MAX_COLUMN = 40
MAX_TICKS = 12
# A row of a chart of monthly columns per subject.
MONTH_ROW = 30


@dataclass(frozen=True, slots=True)
class BarItem:
    """One bar to draw: ``value`` sets its length, ``text`` is written at its end."""

    label: str
    value: float
    text: str
    href: str | None = None
    series: int = 0


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    text: str
    href: str | None
    series: int
    y: float
    width: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """Horizontal bars, one row each, the longest filling ``plot_width``."""

    width: int
    height: int
    label_width: int
    plot_width: int
    row: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Series:
    """A line of points; ``path`` is its SVG path data."""

    name: str
    series: int
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if index == 0 else 'L'}{point.x:.1f},{point.y:.1f}"
            for index, point in enumerate(self.points)
        )


@dataclass(frozen=True, slots=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True, slots=True)
class Range:
    """A stretch of the time axis, drawn as a bar in a row of its own."""

    label: str
    x: float
    y: float
    width: float


@dataclass(frozen=True, slots=True)
class Plot:
    """A plot area with its axes: ``left``/``top`` place it, ticks are along its edges."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


@dataclass(frozen=True, slots=True)
class LineChart:
    plot: Plot
    series: tuple[Series, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Statements per month as columns, with titles as ranges in rows below the plot."""

    plot: Plot
    columns: tuple[Column, ...]
    ranges: tuple[Range, ...]


@dataclass(frozen=True, slots=True)
class MonthRowItem:
    """One row to draw of statements per month: ``text`` is written at its end. A row without
    a ``label`` goes on with the one above it (the same speaker's other stance, say)."""

    label: str
    text: str
    href: str | None
    months: Sequence[MonthCount]
    # A stance (``onrecord.stance``) colors the row's columns as that stance.
    stance: str | None = None


@dataclass(frozen=True, slots=True)
class MonthRow:
    label: str
    text: str
    href: str | None
    y: float
    columns: tuple[Column, ...]
    stance: str | None = None


@dataclass(frozen=True, slots=True)
class MonthRows:
    """Rows of monthly columns on one time axis, as many subjects' statements over time: every
    column is scaled to the largest month of all rows, so that rows compare."""

    width: int
    height: int
    label_width: int
    plot_width: int
    row: int
    x_ticks: tuple[Tick, ...]
    rows: tuple[MonthRow, ...]


def month_rows(items: Sequence[MonthRowItem]) -> MonthRows | None:
    """Rows of ``items``, in their order, on the months from the first to the last of any;
    None when no item has a dated statement."""
    counts = [count for item in items for count in item.months]
    if not counts:
        return None
    months = month_range(min(c.month for c in counts), max(c.month for c in counts))
    largest = max(count.statements for count in counts)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    slot = plot_width / len(months)
    column = min(slot * 0.8, MAX_COLUMN)
    height = MONTH_ROW - 6
    every = -(-len(months) // (MAX_TICKS // 2))
    rows = tuple(
        MonthRow(
            label=item.label,
            text=item.text,
            href=item.href,
            y=index * MONTH_ROW,
            columns=tuple(
                Column(
                    x=LABEL_WIDTH + slot * (months.index(count.month) + 0.5) - column / 2,
                    y=index * MONTH_ROW + 3 + height * (1 - count.statements / largest),
                    width=column,
                    height=height * count.statements / largest,
                    label=(f"{item.label}, " if item.label else "")
                    + f"{count.month:%Y-%m}: {count.statements} statement"
                    + ("" if count.statements == 1 else "s")
                    + (f" ({item.stance})" if item.stance else ""),
                )
                for count in item.months
            ),
            stance=item.stance,
        )
        for index, item in enumerate(items)
    )
    return MonthRows(
        width=WIDTH,
        height=len(rows) * MONTH_ROW + MARGIN_BOTTOM // 2,
        label_width=LABEL_WIDTH,
        plot_width=int(plot_width),
        row=MONTH_ROW,
        x_ticks=tuple(
            Tick(LABEL_WIDTH + slot * (index + 0.5), f"{month:%b %Y}")
            for index, month in enumerate(months)
            if index % every == 0
        ),
        rows=rows,
    )


def bar_chart(items: Sequence[BarItem]) -> BarChart:
    """Bars for ``items``, in their order, scaled to the largest value."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((item.value for item in items), default=0.0)
    bars = tuple(
        Bar(
            label=item.label,
            text=item.text,
            href=item.href,
            series=item.series % SERIES_COLORS,
            y=index * BAR_ROW,
            width=plot_width * item.value / largest if largest > 0 else 0.0,
        )
        for index, item in enumerate(items)
    )
    return BarChart(WIDTH, len(bars) * BAR_ROW, LABEL_WIDTH, plot_width, BAR_ROW, bars)


def share_chart(rows: Sequence[MonthlySourcingRow], outlets: Sequence[str | None]) -> LineChart:
    """The anonymous share of each outlet's statements, month by month, one line per outlet.

    ``outlets`` fixes each outlet's color, so that it keeps it whatever the filters; ``rows``
    must not be empty. A month without statements has no point.
    """
    months = month_range(min(row.month for row in rows), max(row.month for row in rows))
    shares = (0.0, 0.25, 0.5, 0.75, 1.0)
    plot = _plot(months, [Tick(PLOT_HEIGHT * (1 - share), f"{share:.0%}") for share in shares])
    ordered = sorted(rows, key=lambda row: (outlets.index(row.outlet), row.month))
    series = []
    for outlet, outlet_rows in groupby(ordered, key=lambda row: row.outlet):
        name = outlet or "(no outlet)"
        points = tuple(
            Point(
                x=_x(plot, months, row.month),
                y=PLOT_HEIGHT * (1 - row.anonymous_share),
                label=f"{name}, {row.month:%Y-%m}: {row.anonymous_share:.0%} of "
                f"{row.attributions} statements from unnamed sources",
            )
            for row in outlet_rows
            if row.attributions
        )
        series.append(Series(name, outlets.index(outlet) % SERIES_COLORS, points))
    return LineChart(plot, tuple(series))


def timeline(counts: Sequence[MonthCount], titles: Sequence[TitleRow]) -> Timeline | None:
    """Statements per month and, below them, when each title was seen, on one time axis.

    None when there is nothing dated to draw.
    """
    dated_titles = [title for title in titles if title.first_seen is not None]
    days = [count.month for count in counts]
    days += [day for title in dated_titles for day in (title.first_seen, title.last_seen) if day]
    if not days:
        return None
    months = month_range(min(days), max(days))
    largest = max((count.statements for count in counts), default=0) or 1
    # A handful of labels at most, whole numbers of statements.
    step = -(-largest // 4)
    height = PLOT_HEIGHT // 2
    ticks = [
        Tick(height * (1 - value / largest), str(value)) for value in range(0, largest + 1, step)
    ]
    plot = _plot(months, ticks, plot_height=height, rows_below=len(dated_titles))
    slot = plot.plot_width / len(months)
    column = min(slot * 0.7, MAX_COLUMN)
    columns = tuple(
        Column(
            x=_x(plot, months, count.month) - column / 2,
            y=height * (1 - count.statements / largest),
            width=column,
            height=height * count.statements / largest,
            label=f"{count.month:%Y-%m}: {count.statements} statement"
            + ("" if count.statements == 1 else "s"),
        )
        for count in counts
    )
    ranges = []
    for row, title in enumerate(dated_titles):
        first = title.first_seen or months[0]
        last = title.last_seen or first
        start = _x(plot, months, _month_of(first)) - slot / 2
        end = _x(plot, months, _month_of(last)) + slot / 2
        when = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
        ranges.append(
            Range(
                label=f"{title.title} ({when})",
                x=start,
                y=height + MARGIN_BOTTOM + row * BAR_ROW,
                width=end - start,
            )
        )
    return Timeline(plot, columns, tuple(ranges))


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from ``first``'s to ``last``'s, both included."""
    months = []
    month = _month_of(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after ``month``'s."""
    if month.month == 12:
        return dt.date(month.year + 1, 1, 1)
    return dt.date(month.year, month.month + 1, 1)


def _plot(
    months: Sequence[dt.date],
    y_ticks: Sequence[Tick],
    *,
    plot_height: int = PLOT_HEIGHT,
    rows_below: int = 0,
) -> Plot:
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    every = -(-len(months) // MAX_TICKS)
    slot = plot_width / len(months)
    return Plot(
        width=WIDTH,
        height=MARGIN_TOP + plot_height + MARGIN_BOTTOM + rows_below * BAR_ROW,
        left=MARGIN_LEFT,
        top=MARGIN_TOP,
        plot_width=plot_width,
        plot_height=plot_height,
        x_ticks=tuple(
            Tick(slot * (index + 0.5), f"{month:%b %Y}")
            for index, month in enumerate(months)
            if index % every == 0
        ),
        y_ticks=tuple(y_ticks),
    )


def _x(plot: Plot, months: Sequence[dt.date], month: dt.date) -> float:
    """The middle of ``month``'s slot on the time axis."""
    slot = plot.plot_width / len(months)
    return slot * (months.index(month) + 0.5)


def _month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)
