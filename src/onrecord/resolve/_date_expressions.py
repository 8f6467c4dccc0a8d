"""Time expressions resolved against the publication date: the days a phrase refers to.

``resolve_expression`` turns the text of one time expression into an interval of days;
:mod:`onrecord.resolve._dates` finds, in the parse, the expression that dates a statement.

Choices where news usage is ambiguous (users are fact-checkers, so an interval must contain the
true day; where the text does not pin one reading down, the common newsroom reading is taken):

- A bare weekday ("Friday", "on Friday night") is the most recent such day on or before the
  publication date in a past or present statement, and the first one on or after it in a future
  statement. The publication day's own weekday is that very day: a story published on a Tuesday
  that says "said Tuesday" means the same day, as US news style writes it.
- "this Friday" reads as the bare weekday. "last Friday" is the most recent Friday strictly before
  the publication date; "next Friday" is the Friday of the following Monday–Sunday week.
- Weeks run Monday to Sunday. "this week", "this month" and "this year" are cut at the
  publication date on the side the tense allows (a past statement made "this week" was made by the
  publication date); "earlier this week" ends the day before publication, "later this week" starts
  the day after, and both are None when that leaves no day.
- "the weekend", "over the weekend" and "this weekend" are the weekend just past in a past
  statement (the current one if published on a Saturday or Sunday) and the coming one in a future
  statement; "last weekend" and "this past weekend" are the latest weekend that ended before the
  publication date; "next weekend" is the weekend of the following week.
- "N days ago" and "N weeks ago" are the single day that many days back, taken as a nominal count;
  "N months ago" and "N years ago" are the calendar month or year, because nobody counts those in
  days.
- A date without a year ("Nov. 14", "in March") falls in the publication year unless that puts it
  more than two months after publication in a past statement (then the year before) or more than
  two months before publication in a future statement (then the year after). The slack lets a
  present-tense announcement ("the vote is on Dec. 2") keep its year. A weekday written next to a
  date ("Monday, Nov. 14") is not checked against it: the date is the more specific of the two.
- "early", "mid" and "late" widen to the whole day, month or year they qualify, which contains the
  true day.
- Durations and rolling windows — "for two weeks", "over the past year", "the last two weeks",
  "in recent days", "since Monday" — are None: they say how long something went on, not when a
  statement was made, and their edges are vague. So are seasons, which differ by hemisphere, and
  expressions anchored to another event ("the day before").
- Month names must be capitalized, so the verbs "may" and "march" are never dates; any other
  word but the first must not be, so that names such as ABC's "This Week" are not dates either.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from onrecord._vocabulary import DURATION_NUMBER_WORDS

Interval = tuple[dt.date, dt.date]

_ONE_DAY = dt.timedelta(days=1)
# How far a date without a year may fall on the "wrong" side of publication before the
# neighbouring year is taken instead: enough for announcements worded in the present tense.
_YEAR_SLACK = dt.timedelta(days=61)

_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_PROPER_NAMES = frozenset(_MONTHS) | frozenset(_WEEKDAYS)

_WEEKDAY = "(?P<weekday>" + "|".join(_WEEKDAYS) + ")"
# Longest alternatives first, so that "sept." is not read as "sep" followed by a stray "t.".
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# Four-digit years from 1000 to 2999: other numbers of four digits are counts, not years.
_YEAR = r"(?P<year>[12]\d{3})"
_DAY_PART = r"(?: (?:morning|afternoon|evening|night))?"
_EDGE = r"(?:(?:early|late|mid)[- ]?)?"
_WEEKDAY_NOTE = rf"(?:{_WEEKDAY},? )?"

_LEADING_PREPOSITION = re.compile(r"(?P<preposition>on|in|at|during|over) ")
_SAME_DAY = re.compile(
    r"(?:(?:earlier|later|early|late) )?(?:today|tonight|this (?:morning|afternoon|evening))"
)
_YESTERDAY = re.compile(rf"(?:(?:early|late) )?yesterday{_DAY_PART}|last night")
_TOMORROW = re.compile(rf"(?:(?:early|late) )?tomorrow{_DAY_PART}")
_NAMED_WEEKDAY = re.compile(
    rf"(?:(?:early|late) )?(?:(?P<which>this|last|next) )?{_WEEKDAY}{_DAY_PART}"
)
_RELATIVE_PERIOD = re.compile(
    r"(?:(?:early|late) )?(?P<which>last|this|next|earlier this|later this) "
    r"(?P<unit>week|month|year)"
)
_WEEKEND = re.compile(r"(?P<which>the|this|last|next|this past|the past) weekend")
_AGO = re.compile(
    r"(?P<count>\d+|" + "|".join(DURATION_NUMBER_WORDS) + r") (?P<unit>day|week|month|year)s? ago"
)
_ISO_DATE = re.compile(rf"{_YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})")
_MONTH_DAY = re.compile(rf"{_WEEKDAY_NOTE}{_MONTH} {_DAY}(?:,? {_YEAR})?")
_DAY_MONTH = re.compile(rf"{_WEEKDAY_NOTE}{_DAY} {_MONTH}(?:,? {_YEAR})?")
_MONTH_ONLY = re.compile(rf"{_EDGE}{_MONTH}(?:,? {_YEAR})?")
_YEAR_ONLY = re.compile(rf"{_EDGE}{_YEAR}")


def resolve_expression(
    expression: str, published: dt.date, *, future: bool = False
) -> Interval | None:
    """The first and last day ``expression`` refers to, or None if it names no point in time.

    ``published`` is the article's publication date and ``future`` whether the statement the
    expression belongs to is in the future tense; see the module docstring for the rules.
    """
    original = " ".join(expression.split()).rstrip(".,;:")
    text = original.lower()
    preposition = _LEADING_PREPOSITION.match(text)
    if preposition is not None:
        # "over" makes a duration of anything but the weekend ("over the past year").
        if preposition["preposition"] == "over" and not _WEEKEND.fullmatch(text, preposition.end()):
            return None
        offset = preposition.end()
    else:
        offset = 0
    if _is_title(original[offset:]):
        return None
    try:
        return _resolve(text, original, offset, published, future)
    except (OverflowError, ValueError):
        # A day before 1 January of year 1 or after 31 December 9999: no date, not a crash.
        return None


def _is_title(phrase: str) -> bool:
    """Whether ``phrase`` is capitalized like a name: ABC's "This Week", "Friday Night Lights"."""
    return any(
        word[0].isupper() and word.rstrip(".").lower() not in _PROPER_NAMES
        for word in phrase.split()[1:]
    )


def _resolve(
    text: str, original: str, offset: int, published: dt.date, future: bool
) -> Interval | None:
    if _SAME_DAY.fullmatch(text, offset):
        return published, published
    if _YESTERDAY.fullmatch(text, offset):
        return _day(published - _ONE_DAY)
    if _TOMORROW.fullmatch(text, offset):
        return _day(published + _ONE_DAY)
    if match := _NAMED_WEEKDAY.fullmatch(text, offset):
        return _day(_weekday(_WEEKDAYS[match["weekday"]], match["which"], published, future))
    if match := _RELATIVE_PERIOD.fullmatch(text, offset):
        return _relative_period(match["which"], match["unit"], published, future)
    if match := _WEEKEND.fullmatch(text, offset):
        return _weekend(match["which"], published, future)
    if match := _AGO.fullmatch(text, offset):
        return _ago(match["count"], match["unit"], published)
    if match := _ISO_DATE.fullmatch(text, offset):
        return _calendar_day(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (_MONTH_DAY, _DAY_MONTH, _MONTH_ONLY):
        if match := pattern.fullmatch(text, offset):
            return _month_expression(match, original, published, future)
    if match := _YEAR_ONLY.fullmatch(text, offset):
        return _year(int(match["year"]))
    return None


def _day(day: dt.date) -> Interval:
    return day, day


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday(weekday: int, which: str | None, published: dt.date, future: bool) -> dt.date:
    if which == "last":
        return published - dt.timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
    if which == "next":
        return _monday(published) + dt.timedelta(days=7 + weekday)
    if future:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _relative_period(which: str, unit: str, published: dt.date, future: bool) -> Interval | None:
    step = {"last": -1, "next": 1}.get(which, 0)
    first, last = _period(unit, published, step)
    if which == "earlier this":
        last = published - _ONE_DAY
    elif which == "later this":
        first = published + _ONE_DAY
    elif which == "this":
        first, last = (published, last) if future else (first, published)
    return (first, last) if first <= last else None


def _period(unit: str, published: dt.date, step: int) -> Interval:
    """The calendar week, month or year ``step`` units from the one ``published`` falls in."""
    if unit == "week":
        monday = _monday(published) + dt.timedelta(weeks=step)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 + step, 12)
        return _month(year, month + 1)
    return _year(published.year + step)


def _month(year: int, month: int) -> Interval:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(year: int) -> Interval:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _weekend(which: str, published: dt.date, future: bool) -> Interval:
    saturday = _monday(published) + dt.timedelta(days=5)
    if which == "next":
        saturday += dt.timedelta(weeks=1)
    elif which in ("last", "this past", "the past"):
        # The current week's Sunday is never before publication, so the last finished weekend
        # is always the previous week's.
        saturday -= dt.timedelta(weeks=1)
    elif future:
        return max(saturday, published), saturday + _ONE_DAY
    elif published < saturday:
        saturday -= dt.timedelta(weeks=1)
    else:
        return saturday, published
    return saturday, saturday + _ONE_DAY


def _ago(count: str, unit: str, published: dt.date) -> Interval | None:
    number = int(count) if count.isdigit() else DURATION_NUMBER_WORDS[count]
    if number == 0:
        return None
    if unit in ("day", "week"):
        return _day(published - dt.timedelta(days=number * (7 if unit == "week" else 1)))
    return _period(unit, published, -number)


def _calendar_day(year: int, month: int, day: int) -> Interval | None:
    try:
        return _day(dt.date(year, month, day))
    except ValueError:
        return None


def _month_expression(
    match: re.Match[str], original: str, published: dt.date, future: bool
) -> Interval | None:
    if not original[match.start("month")].isupper():
        return None
    month = _MONTHS[match["month"]]
    day = match.groupdict().get("day")
    if match["year"] is not None:
        year = int(match["year"])
        if day is None:
            return _month(year, month)
        return _calendar_day(year, month, int(day))
    if day is None:
        first, last = _month(published.year, month)
        year = published.year + _year_shift(first, last, published, future)
        return _month(year, month)
    # The 28th stands in for the day so that an impossible one (Feb. 30) still gets a year.
    stand_in = dt.date(published.year, month, min(int(day), 28))
    shift = _year_shift(stand_in, stand_in, published, future)
    found = _calendar_day(published.year + shift, month, int(day))
    if found is None and shift == 0:
        # Feb. 29 outside a leap year: the one meant is a year further in the tense's direction.
        return _calendar_day(published.year + (1 if future else -1), month, int(day))
    return found


def _year_shift(first: dt.date, last: dt.date, published: dt.date, future: bool) -> int:
    if future:
        return 1 if published - last > _YEAR_SLACK else 0
    return -1 if first - published > _YEAR_SLACK else 0
