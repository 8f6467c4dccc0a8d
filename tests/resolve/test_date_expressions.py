"""Reading time expressions: the resolver on a table of cases and at the edges of the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.resolve._date_expressions import resolve_expression

D = dt.date
MILLEY = D(2022, 11, 15)  # a Tuesday, the Milley article's publication date
MONDAY = D(2022, 11, 14)
SATURDAY = D(2022, 11, 19)
SUNDAY = D(2022, 11, 20)
NEW_YEAR_TUESDAY = D(2023, 1, 3)
LEAP_FRIDAY = D(2024, 3, 1)  # the day after 2024-02-29


def day(date: dt.date) -> tuple[dt.date, dt.date]:
    return date, date


# (expression, published, future, expected interval or None)
TABLE: list[tuple[str, dt.date, bool, tuple[dt.date, dt.date] | None]] = [
    # Days named relative to publication.
    ("today", MILLEY, False, day(MILLEY)),
    ("tonight", MILLEY, True, day(MILLEY)),
    ("this morning", MILLEY, False, day(MILLEY)),
    ("yesterday", LEAP_FRIDAY, False, day(D(2024, 2, 29))),
    ("yesterday", D(2023, 1, 1), False, day(D(2022, 12, 31))),
    ("yesterday afternoon", MILLEY, False, day(MONDAY)),
    ("last night", D(2023, 3, 1), False, day(D(2023, 2, 28))),
    ("tomorrow", D(2024, 2, 28), True, day(D(2024, 2, 29))),
    ("tomorrow night", D(2022, 12, 31), True, day(D(2023, 1, 1))),
    # Weekdays: the last one in past statements, the next one in future ones.
    ("on Friday night", MILLEY, False, day(D(2022, 11, 11))),
    ("on Monday", MILLEY, False, day(MONDAY)),
    ("on Wednesday", MILLEY, True, day(D(2022, 11, 16))),
    ("Wednesday", MILLEY, False, day(D(2022, 11, 9))),
    ("Tuesday", MILLEY, False, day(MILLEY)),
    ("Tuesday", MILLEY, True, day(MILLEY)),
    ("Monday morning", MILLEY, True, day(D(2022, 11, 21))),
    ("late Sunday", LEAP_FRIDAY, False, day(D(2024, 2, 25))),
    ("Thursday", LEAP_FRIDAY, False, day(D(2024, 2, 29))),
    ("Friday", NEW_YEAR_TUESDAY, False, day(D(2022, 12, 30))),
    ("last Friday", MILLEY, False, day(D(2022, 11, 11))),
    ("last Tuesday", MILLEY, False, day(D(2022, 11, 8))),
    ("this Friday", MILLEY, True, day(D(2022, 11, 18))),
    ("next Friday", MILLEY, True, day(D(2022, 11, 25))),
    ("next Monday", SUNDAY, True, day(D(2022, 11, 21))),
    # Calendar weeks, Monday to Sunday.
    ("last week", MILLEY, False, (D(2022, 11, 7), D(2022, 11, 13))),
    ("last week", NEW_YEAR_TUESDAY, False, (D(2022, 12, 26), D(2023, 1, 1))),
    ("this week", MILLEY, False, (MONDAY, MILLEY)),
    ("this week", MILLEY, True, (MILLEY, SUNDAY)),
    ("earlier this week", MILLEY, False, day(MONDAY)),
    ("earlier this week", MONDAY, False, None),
    ("later this week", MILLEY, True, (D(2022, 11, 16), SUNDAY)),
    ("next week", D(2022, 12, 28), True, (D(2023, 1, 2), D(2023, 1, 8))),
    # Calendar months and years.
    ("last month", D(2023, 1, 15), False, (D(2022, 12, 1), D(2022, 12, 31))),
    ("last month", D(2024, 3, 31), False, (D(2024, 2, 1), D(2024, 2, 29))),
    ("this month", MILLEY, False, (D(2022, 11, 1), MILLEY)),
    ("earlier this month", MILLEY, False, (D(2022, 11, 1), MONDAY)),
    ("next month", D(2022, 12, 10), True, (D(2023, 1, 1), D(2023, 1, 31))),
    ("last year", NEW_YEAR_TUESDAY, False, (D(2022, 1, 1), D(2022, 12, 31))),
    ("this year", MILLEY, True, (MILLEY, D(2022, 12, 31))),
    ("earlier this year", LEAP_FRIDAY, False, (D(2024, 1, 1), D(2024, 2, 29))),
    ("late last year", MILLEY, False, (D(2021, 1, 1), D(2021, 12, 31))),
    # Weekends.
    ("over the weekend", MILLEY, False, (D(2022, 11, 12), D(2022, 11, 13))),
    ("last weekend", SUNDAY, False, (D(2022, 11, 12), D(2022, 11, 13))),
    ("over the weekend", SUNDAY, False, (SATURDAY, SUNDAY)),
    ("this weekend", MILLEY, True, (SATURDAY, SUNDAY)),
    ("this weekend", SUNDAY, True, day(SUNDAY)),
    ("next weekend", MILLEY, True, (D(2022, 11, 26), D(2022, 11, 27))),
    # Counting back.
    ("two days ago", LEAP_FRIDAY, False, day(D(2024, 2, 28))),
    ("a week ago", NEW_YEAR_TUESDAY, False, day(D(2022, 12, 27))),
    ("3 weeks ago", MILLEY, False, day(D(2022, 10, 25))),
    ("two months ago", D(2023, 1, 15), False, (D(2022, 11, 1), D(2022, 11, 30))),
    ("a year ago", MILLEY, False, (D(2021, 1, 1), D(2021, 12, 31))),
    # Dates, with the year inferred when missing.
    ("Nov. 14", MILLEY, False, day(MONDAY)),
    ("on Nov. 3", MILLEY, False, day(D(2022, 11, 3))),
    ("November 14", MILLEY, False, day(MONDAY)),
    ("Nov 14, 2022", D(2023, 6, 1), False, day(MONDAY)),
    ("14 November 2022", MILLEY, False, day(MONDAY)),
    ("2022-11-14", MILLEY, False, day(MONDAY)),
    ("Monday, Nov. 14", MILLEY, False, day(MONDAY)),
    ("Sept. 11", MILLEY, False, day(D(2022, 9, 11))),
    ("Sep 30", MILLEY, False, day(D(2022, 9, 30))),
    ("Aug. 4th", MILLEY, False, day(D(2022, 8, 4))),
    ("Jan. 2", MILLEY, False, day(D(2022, 1, 2))),
    ("Dec. 2", MILLEY, False, day(D(2022, 12, 2))),  # an announcement, inside the slack
    ("Dec. 28", D(2023, 1, 5), False, day(D(2022, 12, 28))),
    ("Jan. 5", D(2022, 12, 20), True, day(D(2023, 1, 5))),
    ("Feb. 29", D(2024, 3, 10), False, day(D(2024, 2, 29))),
    ("Feb. 29", D(2025, 1, 10), False, day(D(2024, 2, 29))),
    ("Feb. 29", D(2023, 3, 1), False, None),
    ("Feb. 30", MILLEY, False, None),
    ("in March", MILLEY, False, (D(2022, 3, 1), D(2022, 3, 31))),
    ("in March", MILLEY, True, (D(2023, 3, 1), D(2023, 3, 31))),
    ("in December", D(2022, 2, 10), False, (D(2021, 12, 1), D(2021, 12, 31))),
    ("mid-February", D(2024, 3, 10), False, (D(2024, 2, 1), D(2024, 2, 29))),
    ("March 2019", MILLEY, False, (D(2019, 3, 1), D(2019, 3, 31))),
    ("in 2019", MILLEY, False, (D(2019, 1, 1), D(2019, 12, 31))),
    ("2016", MILLEY, False, (D(2016, 1, 1), D(2016, 12, 31))),
    # Not a point in time, or not a date at all.
    ("for two weeks", MILLEY, False, None),
    ("over the past year", MILLEY, False, None),
    ("the past year", MILLEY, False, None),
    ("in recent days", MILLEY, False, None),
    ("since Monday", MILLEY, False, None),
    ("until Friday", MILLEY, True, None),
    ("a few days ago", MILLEY, False, None),
    ("the day before", MILLEY, False, None),
    ("this winter", MILLEY, False, None),
    ("may", MILLEY, False, None),
    ("This Week", MILLEY, False, None),  # ABC's Sunday show
]


def test_the_resolver_gets_every_table_case_right() -> None:
    wrong = [
        (expression, published, future, expected, got)
        for expression, published, future, expected in TABLE
        if (got := resolve_expression(expression, published, future=future)) != expected
    ]
    accuracy = 1 - len(wrong) / len(TABLE)

    assert len(TABLE) >= 40
    assert accuracy == 1.0, f"{accuracy:.1%} of {len(TABLE)} cases; wrong: {wrong}"


@pytest.mark.parametrize(
    ("expression", "published", "future"),
    [
        ("yesterday", D(1, 1, 1), False),
        ("last week", D(1, 1, 3), False),
        ("last month", D(1, 1, 3), False),
        ("last year", D(1, 6, 1), False),
        ("tomorrow", D(9999, 12, 31), True),
        ("next year", D(9999, 12, 31), True),
        ("next week", D(9999, 12, 30), True),
        ("on Monday", D(9999, 12, 31), True),
        ("next weekend", D(9999, 12, 31), True),
        ("two years ago", D(1, 3, 1), False),
        ("in December", D(1, 1, 1), False),
    ],
)
def test_a_day_beyond_the_calendar_is_no_date(
    expression: str, published: dt.date, future: bool
) -> None:
    assert resolve_expression(expression, published, future=future) is None
