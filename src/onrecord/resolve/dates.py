"""When a statement was made: time expressions resolved against the publication date.

``resolve_expression`` turns the text of one time expression into an interval of days;
``statement_date`` finds, in the parse, the expression that dates a cue verb and resolves it.

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

In the parse, a time expression dates the cue when it modifies the cue itself, the occasion the cue
names ("at a news conference on Monday"), a "when" clause of the cue, or — for a subordinate cue
such as "making it clear" or "as saying" and for a second coordinated verb sharing the subject —
the clause the cue hangs from. A date inside the reported content ("The call will take place on
Wednesday, officials said") dates the content, not the statement, with one exception: a date next
to a speaking occasion at the end of content that follows the cue ("reiterated that ... at a G20
press conference on Monday") belongs to the statement, because the parser attaches such trailing
phrases to the nearest verb. The tense that picks the last or the next Friday is that of the verb
the expression modifies: "will", "shall", "is going to" and present-tense planning ("is scheduled
to", "plans to") make it future; everything else counts as past.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from onrecord.results import DateInterval, Span
from onrecord.vocabulary import (
    DURATION_NUMBER_WORDS,
    FUTURE_AUXILIARIES,
    OCCASION_PREPOSITIONS,
    PLANNING_LEMMAS,
    SPEAKING_OCCASIONS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

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


_TIME_ENTITIES = frozenset({"DATE", "TIME"})
# Dependents that modify a verb adverbially and may name a time ("last week", "Friday", "ago").
# "tmod" is the Stanford label that models trained on Stanford dependencies use for them.
_ADVERBIAL_DEPS = frozenset({"npadvmod", "tmod", "advmod", "dep"})
# Dependents that are arguments or clauses of their own: a date inside them is not the verb's.
_ARGUMENT_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "csubj",
        "csubjpass",
        "expl",
        "ccomp",
        "xcomp",
        "advcl",
        "relcl",
        "acl",
        "conj",
        "cc",
        "parataxis",
        "mark",
        "punct",
        "aux",
        "auxpass",
        "neg",
    }
)
# Dependents of a date's head that still belong to the expression ("earlier this week",
# "Nov. 3, 2021", "two days ago"); prepositions, clauses and coordination do not.
_EXPRESSION_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nummod",
        "advmod",
        "npadvmod",
        "quantmod",
        "nmod",
        "punct",
        "appos",
    }
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# How many clauses up from a subordinate cue to look: "as saying" -> "quoted" needs one,
# a participle coordinated under a participle two.
_MAX_CLIMB = 3

# A place where a time expression may be: its head token, the preposition introducing it (whose
# text the resolver needs to tell "on Friday" from "for two weeks") and the verb whose tense
# decides between the last and the next Friday.
_Candidate = tuple["Token", "Token | None", "Token"]


def statement_date(cue: Token, published: dt.date | None) -> DateInterval | None:
    """When the statement whose cue verb is ``cue`` was made, or None if the text does not say.

    The interval's span is the time expression in the document's text, without its preposition
    ("Friday night" in "on Friday night"), as in TimeML.
    """
    if published is None:
        return None
    doc = cue.doc
    for head, preposition, verb in _candidates(cue):
        for start, end in _extents(head):
            phrase = doc[start:end].text
            expression = phrase if preposition is None else f"{preposition.text} {phrase}"
            interval = resolve_expression(expression, published, future=_is_future(verb))
            if interval is not None:
                return DateInterval(interval[0], interval[1], Span.of_tokens(doc[start:end]))
    return None


def _candidates(cue: Token) -> Iterator[_Candidate]:
    claimed: set[int] = set()
    if cue.dep_ == "ccomp" and cue.head.i < cue.i:
        # The cue is itself reported content ("the US will not negotiate ... at a G20 press
        # conference on Monday"): a date by a trailing occasion dates the reporting verb instead.
        claimed = {head.i for head, _, _ in _trailing_occasion_dates(cue.head)}
    yield from (candidate for candidate in _circumstances(cue) if candidate[0].i not in claimed)
    yield from _trailing_occasion_dates(cue)
    verb = cue
    for _ in range(_MAX_CLIMB):
        if verb.dep_ == "relcl" and _refers_back(verb):
            # "on Monday, when he said": the antecedent may be the date itself, or an occasion
            # that has one ("his visit to Kyiv last week, where he said").
            yield _as_candidate(verb.head, verb)
            yield from _occasion_dates(verb.head, verb)
        parent = _governing_verb(verb)
        if parent is None:
            return
        verb = parent
        yield from _circumstances(verb)


def _governing_verb(verb: Token) -> Token | None:
    """The verb of the clause that gives ``verb`` its occasion, if it depends on one."""
    dep = verb.dep_
    if dep == "xcomp" or (dep == "conj" and not _has_subject(verb)):
        return verb.head
    if dep == "advcl" and verb.tag_ in ("VBG", "VBN") and not _has_subject(verb):
        return verb.head
    if dep == "pcomp" and verb.head.dep_ == "prep":
        return verb.head.head
    if dep in ("relcl", "advcl") and _refers_back(verb):
        # "comments at the club last week, where Milley praised ...": the place or time the
        # clause refers back to is the occasion; the verb it hangs from holds the date.
        head = verb.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
            head = head.head
        return head if head.pos_ in ("VERB", "AUX") else None
    return None


def _refers_back(clause: Token) -> bool:
    """Whether ``clause`` is a "where" or "when" clause about something named before it."""
    return any(
        child.dep_ == "advmod" and child.lower_ in ("where", "when") for child in clause.children
    )


def _circumstances(verb: Token) -> Iterator[_Candidate]:
    """Time expressions modifying ``verb``, nearest first."""
    for child in sorted(verb.children, key=lambda child: abs(child.i - verb.i)):
        dep = child.dep_
        if dep in _ADVERBIAL_DEPS:
            yield child, None, verb
        elif dep == "prep":
            for noun in child.children:
                if noun.dep_ == "pobj":
                    yield noun, child, verb
                    yield from _occasion_dates(noun, verb)
        elif dep in ("dobj", "dative"):
            # "told CNN Tuesday" is sometimes parsed with the day modifying the addressee.
            yield from (
                (grandchild, None, verb)
                for grandchild in child.children
                if grandchild.dep_ in ("npadvmod", "appos")
                and grandchild.ent_type_ in _TIME_ENTITIES
            )
        elif dep == "advcl" and _sets_the_scene(child, verb):
            yield from _circumstances(child)
        elif dep not in _ARGUMENT_DEPS and child.ent_type_ in _TIME_ENTITIES:
            yield child, None, verb


def _sets_the_scene(clause: Token, verb: Token) -> bool:
    """Whether an adverbial clause says when ``verb`` happened.

    "when he spoke to the press on Friday night" does, and so do participles sharing the subject:
    "while speaking at a rally Monday", or fronted ("Speaking on Tuesday, the mayor said"). A
    trailing bare participle ("..., adding that ...") has content of its own, and a finite "while"
    or "as" clause is as often a contrast or a cause ("While Clinton said Monday ..., Trump
    argued") as a time.
    """
    conjunctions = {child.lower_ for child in clause.children if child.dep_ in ("advmod", "mark")}
    if _has_subject(clause):
        return "when" in conjunctions
    if conjunctions & {"when", "while", "as"}:
        return True
    return clause.tag_ == "VBG" and clause.i < verb.i


def _occasion_dates(noun: Token, tense: Token) -> Iterator[_Candidate]:
    if noun.lemma_.lower() not in SPEAKING_OCCASIONS:
        return
    for child in noun.children:
        if child.dep_ in ("npadvmod", "poss", "compound") and child.ent_type_ in _TIME_ENTITIES:
            yield child, None, tense
        elif child.dep_ == "prep":
            yield from ((pobj, child, tense) for pobj in child.children if pobj.dep_ == "pobj")


def _trailing_occasion_dates(cue: Token) -> Iterator[_Candidate]:
    """Dates next to a speaking occasion that the parser hung on the content clause after the cue.

    "Biden reiterated that the US will not negotiate ... at a G20 press conference on Monday":
    both phrases end up on "negotiate", yet they say where and when Biden spoke.
    """
    for content in cue.children:
        if content.dep_ != "ccomp" or content.i < cue.i:
            continue
        modifiers = [child for child in content.rights if child.dep_ != "punct"]
        for position, modifier in enumerate(modifiers):
            occasion = _occasion_of(modifier)
            if occasion is None:
                continue
            yield from _occasion_dates(occasion, cue)
            for neighbour in modifiers[max(position - 1, 0) : position + 2]:
                if neighbour.i != modifier.i:
                    yield from _circumstance_of(neighbour, cue)


def _occasion_of(modifier: Token) -> Token | None:
    if modifier.dep_ != "prep" or modifier.lower_ not in OCCASION_PREPOSITIONS:
        return None
    return next(
        (
            noun
            for noun in modifier.children
            if noun.dep_ == "pobj" and noun.lemma_.lower() in SPEAKING_OCCASIONS
        ),
        None,
    )


def _circumstance_of(modifier: Token, tense: Token) -> Iterator[_Candidate]:
    if modifier.dep_ in _ADVERBIAL_DEPS:
        yield modifier, None, tense
    elif modifier.dep_ == "prep":
        yield from ((noun, modifier, tense) for noun in modifier.children if noun.dep_ == "pobj")


def _as_candidate(token: Token, tense: Token) -> _Candidate:
    preposition = token.head if token.dep_ == "pobj" else None
    return token, preposition, tense


def _extents(head: Token) -> Iterator[tuple[int, int]]:
    """Token ranges the expression headed by ``head`` may cover, most likely first.

    The head's modifiers give the usual extent; the named entity around the head, when there is
    one, helps where the parser splits a date ("Nov. 3, 2021") oddly.
    """
    kept = [head]
    frontier = [head]
    while frontier:
        token = frontier.pop()
        for child in token.children:
            if child.dep_ in _EXPRESSION_DEPS:
                kept.append(child)
                frontier.append(child)
    words = [token.i for token in kept if token is head or not token.is_punct]
    extent = (min(words), max(words) + 1)
    yield extent
    if head.ent_type_ in _TIME_ENTITIES:
        doc = head.doc
        start = head.i
        while doc[start].ent_iob_ == "I":
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if (start, end) != extent:
            yield start, end


def _has_subject(verb: Token) -> bool:
    return any(child.dep_ in _SUBJECT_DEPS for child in verb.children)


def _is_future(verb: Token) -> bool:
    """Whether ``verb`` speaks of something still to come: "will take place", "is set to speak"."""
    # The "to" of an infinitive is parsed as an auxiliary but says nothing about tense.
    auxiliaries = [
        child for child in verb.children if child.dep_ in ("aux", "auxpass") and child.tag_ != "TO"
    ]
    if any(auxiliary.lower_ in FUTURE_AUXILIARIES for auxiliary in auxiliaries):
        return True
    # "plans to", "is scheduled to"; not "has scheduled", which reports a past act.
    if verb.lemma_ in PLANNING_LEMMAS and (
        verb.tag_ in _PRESENT_TAGS
        or any(
            auxiliary.dep_ == "auxpass" and auxiliary.tag_ in _PRESENT_TAGS
            for auxiliary in auxiliaries
        )
    ):
        return True
    if verb.dep_ == "xcomp" and verb.head.lower_ == "going":
        return any(child.lemma_ == "be" for child in verb.head.children)
    if verb.dep_ in ("xcomp", "conj") and not auxiliaries:
        return _is_future(verb.head)
    return False
