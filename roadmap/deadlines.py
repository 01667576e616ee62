"""Parse Russian roadmap deadlines ("срок исполнения") as officials write them.

Pure Python, stdlib only, so importers, forms and tests can use it without Django.
Matching works on :func:`normalize` output, so letter case, "ё", the kind of dash,
spacing, PDF line breaks, footnote marks ("*", "¹", "[1]") and trailing punctuation
do not matter. Supported forms:

* FIXED               "До 30.12.2020 г.", "в срок до 15 апреля 2023 года", "не позднее 1.3.2022",
                      "10 сентября 2021 года", "к 01.03.22" (dd.mm.yy means 20yy),
                      "до конца 2022 года" / "марта 2022" / "II квартала 2022 г." (its last day)
* MONTH               "декабрь 2020", "в сентябре 2023 года", "янв. 2022"
* PERIOD              "2022 год", "в течение 2022 года", "I квартал 2023", "IV кв. 2022",
                      "2 полугодие 2023", "2022-2023 уч. год" (01.09-31.08), and ranges of any
                      of these or of dates: "Январь-март 2022 г.", "октябрь 2021 – апрель 2022 г.",
                      "с января по март 2022 г.", "2021-2024", "I-II квартал 2022"
* FIXED_THEN_ONGOING  "До 01.03.2022 г., далее постоянно". "..., далее ежегодно" stays this kind
                      with recurrence="yearly" and the date's day/month as yearly_day/month;
                      "..., далее ежеквартально" carries recurrence="quarterly".
* YEARLY              "ежегодно", "ежегодно до 1 декабря", "ежегодно, декабрь" (31.12),
                      "ежегодно в сентябре" (30.09), "до 01.12 ежегодно"
* RECURRING           "ежеквартально", "ежемесячно", "1 раз в полугодие" ("… в течение 2022 года"
                      sets start/end to the years it runs in); "до 25 числа каждого месяца"
                      keeps the day as yearly_day (the due day in each period's last month);
                      other trailing detail ("ежеквартально, до 5 числа") is allowed and dropped
* YEARLY (school)     "в течение учебного года" (no year named): yearly, due 31.08
* ONGOING             "постоянно", "в течение срока реализации программы", "весь период",
                      "по мере необходимости" (no due date), "в течение года" (no year given)
* AFTER_EVENT         "После утверждения критериев" (event keeps the original letter case),
                      "по итогам конкурса" (event is the whole phrase),
                      "в течение 10 дней после ..." (days_after=10)

Deliberately UNKNOWN, because guessing would put a wrong date in front of people: two-digit
years outside dd.mm.yy, "до 2024 года" / "до декабря 2021" (is the boundary inclusive?),
dates without a year outside "ежегодно", reversed ranges, invalid dates, years outside
1900..2200, "ежегодно до 29 февраля", and texts longer than MAX_LENGTH.
parse_deadline never raises for a str.
"""

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from .russian import DASHES


class DeadlineKind:
    """Kinds of deadline; plain strings mirrored by a Django TextChoices elsewhere."""

    FIXED = "fixed"
    MONTH = "month"
    PERIOD = "period"
    FIXED_THEN_ONGOING = "fixed_then_ongoing"
    YEARLY = "yearly"
    RECURRING = "recurring"
    ONGOING = "ongoing"
    AFTER_EVENT = "after_event"
    UNKNOWN = "unknown"

    ALL = (
        FIXED,
        MONTH,
        PERIOD,
        FIXED_THEN_ONGOING,
        YEARLY,
        RECURRING,
        ONGOING,
        AFTER_EVENT,
        UNKNOWN,
    )


class KindFields(NamedTuple):
    """The fields of a deadline set by hand that a kind uses: ``required`` must be filled,
    ``optional`` may be; every other field is hidden in the form and cleared on save."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def shown(self) -> tuple[str, ...]:
        return self.required + self.optional


# The one definition of which field each kind of deadline uses (the field names of
# roadmap.Responsibility). The deadline form validates against it and renders it as JSON for
# static/js/portal.js, which shows only the chosen kind's fields.
FIELDS_BY_KIND: dict[str, KindFields] = {
    DeadlineKind.FIXED: KindFields(required=("end",)),
    DeadlineKind.MONTH: KindFields(required=("start", "end")),
    DeadlineKind.PERIOD: KindFields(required=("start", "end")),
    DeadlineKind.FIXED_THEN_ONGOING: KindFields(required=("end",), optional=("recurrence",)),
    DeadlineKind.YEARLY: KindFields(required=("yearly_day", "yearly_month")),
    DeadlineKind.RECURRING: KindFields(required=("recurrence", "yearly_day", "yearly_month")),
    DeadlineKind.ONGOING: KindFields(),
    DeadlineKind.AFTER_EVENT: KindFields(required=("event_date",), optional=("days_after_event",)),
}
DEADLINE_FIELDS = (
    "start",
    "end",
    "recurrence",
    "yearly_day",
    "yearly_month",
    "event_date",
    "days_after_event",
)


@dataclass(frozen=True)
class ParsedDeadline:
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: str = ""  # "", "quarterly", "monthly", "half_yearly", "yearly" (after a date)
    event: str = ""  # after-event: the event as written, without the leading "после"
    days_after: int | None = None
    yearly_day: int | None = None  # None: the caller defaults to 31 December
    yearly_month: int | None = None

    @property
    def is_understood(self) -> bool:
        return self.kind != DeadlineKind.UNKNOWN

    @property
    def has_dates(self) -> bool:
        return self.start is not None or self.end is not None


MAX_LENGTH = 500  # a deadline cell is short; longer text is prose and would slow the matching
MIN_YEAR, MAX_YEAR = 1900, 2200
_UNKNOWN = ParsedDeadline(DeadlineKind.UNKNOWN)

# --- normalize -------------------------------------------------------------------------

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys(DASHES, "-"),
        # footnote marks, and invisible characters PDF extraction leaves inside words
        **dict.fromkeys("*\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079", None),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
        "\u0456": "i",
        "\u0406": "I",  # Cyrillic "і" typed for roman numerals ("ІІ квартал")
    }
)


def _drop_bracket_footnotes(text: str) -> str:
    """Remove "[1]" marks, nested ones like "[[1]2]" too, in one pass (a regex loop would be
    quadratic on long nestings)."""
    kept: list[str] = []
    for char in text:
        if char == "]":
            digits_from = len(kept)
            while digits_from and kept[digits_from - 1] in "0123456789":
                digits_from -= 1
            if digits_from < len(kept) and digits_from and kept[digits_from - 1] == "[":
                del kept[digits_from - 1 :]
                continue
        kept.append(char)  # a kept "]" also stops later scans: every digit is scanned once
    return "".join(kept)


def _clean(text: str) -> str:
    """Everything normalize does except case folding (used to recover original spelling)."""
    text = _drop_bracket_footnotes(unicodedata.normalize("NFC", text).translate(_TRANSLATION))
    text = re.sub(r"\s+", " ", text)  # also NBSP and line breaks
    text = re.sub(r" ?- ?", "-", text)
    # str methods, not a regex: "[.,]+$" backtracks quadratically on long punctuation runs
    return text.lstrip(" .,;:•-").rstrip(" .,;:!")


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def normalize(text: str) -> str:
    """Lowercase, ё->е, dashes unified, spaces collapsed, footnote marks and edge punctuation
    removed. Idempotent."""
    result = _fold(_clean(text))
    for _ in range(3):  # a removed mark can expose another change (e.g. NFC): repeat to a fixpoint
        again = _fold(_clean(result))
        if again == result:
            break
        result = again
    return result


# --- building blocks (all matched against normalized text) -------------------------------

_MONTH_FORMS = {
    1: "январь января январе янв",
    2: "февраль февраля феврале фев февр",
    3: "март марта марте мар",
    4: "апрель апреля апреле апр",
    5: "май мая мае",
    6: "июнь июня июне июн",
    7: "июль июля июле июл",
    8: "август августа августе авг",
    9: "сентябрь сентября сентябре сен сент",
    10: "октябрь октября октябре окт",
    11: "ноябрь ноября ноябре ноя нояб",
    12: "декабрь декабря декабре дек",
}
_MONTHS = {form: number for number, forms in _MONTH_FORMS.items() for form in forms.split()}
_MONTH = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_YEAR_WORD = r"(?: ?(?:г\.? ?г|годах|годов|года|году|годы|год|г)\.?)?"  # г., гг., г.г., года...
_YEAR = rf"(?P<y>[0-9]{{4}}){_YEAR_WORD}"
_QUOTE = '["«»“”„]?'  # «10» сентября
_DAY = rf"{_QUOTE}(?P<d>[0-9]{{1,2}}){_QUOTE}(?:-?го)?"
_BY = r"(?:(?:в )?срок:? )?(?:до|не позднее|не позже|к)"  # "в срок до", "не позднее"...
_ORDINAL_END = r"(?:-?(?:й|ый|е|ое|го|ого|м|ом))?"  # "1-й", "2-е", "1-го"

_NUMERIC_DATE = re.compile(
    r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4}|[0-9]{2})" + _YEAR_WORD
)
_TEXT_DATE = re.compile(rf"{_DAY} {_MONTH} ?{_YEAR}")
_MONTH_YEAR = re.compile(rf"{_MONTH} ?{_YEAR}")
_QUARTER = re.compile(rf"(?P<q>iv|i{{1,3}}|[1-4]){_ORDINAL_END} ?(?:квартал[аеуы]?|кв\.?) ?{_YEAR}")
_HALF_YEAR = re.compile(rf"(?P<h>ii|i|[12]){_ORDINAL_END} ?полугоди[еяюи] ?{_YEAR}")
_SCHOOL_YEAR = re.compile(
    r"(?P<y>[0-9]{4}) ?[-/] ?(?P<y2>[0-9]{4}|[0-9]{2}) ?"
    r"(?:учебн(?:ый|ого|ом)|уч\.?) ?(?:год[ау]?|г\.?)"
)
_YEAR_ONLY = re.compile(_YEAR)


class _Span(NamedTuple):
    start: dt.date
    end: dt.date
    unit: str  # "day", "month" or "period"


def _date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31.02, month 13, day 0
        return None


def _months(year: int, first: int, last: int, unit: str = "period") -> _Span | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return _Span(dt.date(year, first, 1), end, unit)


def _day_span(day: dt.date | None) -> _Span | None:
    return _Span(day, day, "day") if day else None


def _span(text: str) -> _Span | None:
    """One date or calendar period, without prefixes."""
    if m := _NUMERIC_DATE.fullmatch(text):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)  # dd.mm.yy: the century is clear
        return _day_span(_date(year, int(m["m"]), int(m["d"])))
    if m := _TEXT_DATE.fullmatch(text):
        return _day_span(_date(int(m["y"]), _MONTHS[m["mon"]], int(m["d"])))
    if m := _MONTH_YEAR.fullmatch(text):
        month = _MONTHS[m["mon"]]
        return _months(int(m["y"]), month, month, "month")
    if m := _QUARTER.fullmatch(text):
        quarter = _NUMERALS[m["q"]]
        return _months(int(m["y"]), 3 * quarter - 2, 3 * quarter)
    if m := _HALF_YEAR.fullmatch(text):
        half = _NUMERALS[m["h"]]
        return _months(int(m["y"]), 6 * half - 5, 6 * half)
    if m := _SCHOOL_YEAR.fullmatch(text):
        first, second = int(m["y"]), int(m["y2"])
        if len(m["y2"]) == 2:  # "2022-23"
            second += first // 100 * 100
        start, end = _date(first, 9, 1), _date(second, 8, 31)
        return _Span(start, end, "period") if start and end and second == first + 1 else None
    if m := _YEAR_ONLY.fullmatch(text):
        return _months(int(m["y"]), 1, 12)
    return None


_RANGE_SEPARATOR = re.compile(r"-| по | до ")


def _range(text: str) -> _Span | None:
    """ "A-B" or "с A по B". B is complete; A may borrow B's words after the first one, so
    "январь-март 2022" reads A as "январь 2022" and "I-II квартал 2022" as "i квартал 2022"."""
    opened = text.startswith("с ")
    body = text[2:] if opened else text
    for separator in _RANGE_SEPARATOR.finditer(body):  # "1-й квартал..." has dashes of its own
        if separator.group() == " до " and not opened:
            continue
        head, tail = body[: separator.start()], body[separator.end() :]
        last = _span(tail)
        if last is None:
            continue
        first = _span(head)
        if first is None and " " in tail:
            first = _span(head + " " + tail.split(" ", 1)[1])
        if first and first.start <= last.start and first.end <= last.end:  # never reversed
            return _Span(first.start, last.end, "period")
    return None


def _period(text: str) -> _Span | None:
    return _span(text) or _range(text)


# --- the kinds ---------------------------------------------------------------------------

_FIXED_BY = re.compile(rf"{_BY} (?P<rest>.+)")
_END_OF = re.compile(r"(?:конца|концу|окончания|окончанию) (?P<period>.+)")
_PERIOD_PREFIX = re.compile(r"(?:в течение|на протяжении|в период|в|на) ")


def _dated(text: str) -> ParsedDeadline | None:
    """FIXED, MONTH or PERIOD."""
    if m := _FIXED_BY.fullmatch(text):
        if end_of := _END_OF.fullmatch(m["rest"]):
            span = _period(end_of["period"])
        else:  # only a day: "до 2024 года" is ambiguous and stays unknown
            span = _span(m["rest"])
            span = span if span and span.unit == "day" else None
        return ParsedDeadline(DeadlineKind.FIXED, end=span.end) if span else None
    if prefix := _PERIOD_PREFIX.match(text):
        text = text[prefix.end() :]
    span = _period(text)
    if span is None:
        return None
    if span.unit == "day":
        return ParsedDeadline(DeadlineKind.FIXED, end=span.end)
    kind = DeadlineKind.MONTH if span.unit == "month" else DeadlineKind.PERIOD
    return ParsedDeadline(kind, start=span.start, end=span.end)


_ONGOING = re.compile(
    "|".join(
        (
            r"постоянно|на постоянной основе|регулярно",
            r"(?:в течение|на протяжении|на|в) (?:всего )?(?:срока|периода|срок|период)"
            r"(?: (?:реализации|действия|выполнения)(?: .*)?)?",
            r"(?:на |в течение )?весь (?:срок|период)(?: .*)?",
            r"в течение (?:всего )?(?:календарного )?года",
            r"(?:по мере|при|по) необходимости",
        )
    )
)


# "В течение учебного года" with no year named: work spread over every school year, owed at
# its end (31 August, where a school year written out, "2022-2023 уч. год", ends too).
_DURING_SCHOOL_YEAR = re.compile(r"(?:в течение|на протяжении) (?:всего |каждого )?учебного года")
SCHOOL_YEAR_END = (31, 8)


def _ongoing(text: str) -> ParsedDeadline | None:
    if _DURING_SCHOOL_YEAR.fullmatch(text):
        day, month = SCHOOL_YEAR_END
        return ParsedDeadline(DeadlineKind.YEARLY, yearly_day=day, yearly_month=month)
    return ParsedDeadline(DeadlineKind.ONGOING) if _ONGOING.fullmatch(text) else None


_YEARLY_WORD = r"(?:ежегодно|(?:(?:1|один) )?раз в год|каждый год)"
_YEARLY = re.compile(rf"{_YEARLY_WORD}(?P<after>[ ,;(].*)?|(?P<before>.*[ ,;)]){_YEARLY_WORD}")
_DUE_DAY = re.compile(rf"(?:{_BY} )?{_DAY} {_MONTH}")
_DUE_NUMERIC = re.compile(rf"(?:{_BY} )?(?P<d>[0-9]{{1,2}})\.(?P<m>[0-9]{{1,2}})")
_DUE_MONTH = re.compile(rf"(?:(?:в|в течение|в конце|до конца|к концу) )?{_MONTH}")
_DUE_YEAR_END = re.compile(r"(?:до|к) конц[ау] года|в конце года")


def _yearly_due(text: str) -> tuple[int, int] | None:
    """(day, month) of a yearly due date such as "до 1 декабря" or "в сентябре"."""
    if m := _DUE_DAY.fullmatch(text):
        day, month = int(m["d"]), _MONTHS[m["mon"]]
    elif m := _DUE_NUMERIC.fullmatch(text):
        day, month = int(m["d"]), int(m["m"])
    elif m := _DUE_MONTH.fullmatch(text):
        month = _MONTHS[m["mon"]]
        day = calendar.monthrange(2001, month)[1]
    elif _DUE_YEAR_END.fullmatch(text):
        day, month = 31, 12
    else:
        return None
    # 2001 is not a leap year: a yearly day must exist every year, so 29.02 is refused
    return (day, month) if _date(2001, month, day) else None


def _yearly(text: str) -> ParsedDeadline | None:
    if not (m := _YEARLY.fullmatch(text)):
        return None
    rest = (m["after"] or m["before"] or "").strip(" ,;()")
    if not rest or _ONGOING.fullmatch(rest):  # "ежегодно в течение срока реализации"
        return ParsedDeadline(DeadlineKind.YEARLY)
    if due := _yearly_due(rest):
        return ParsedDeadline(DeadlineKind.YEARLY, yearly_day=due[0], yearly_month=due[1])
    return None


_RECURRENCES = {
    "quarterly": r"ежеквартально|поквартально|(?:(?:1|один) )?раз в квартал"
    r"|каждый квартал|каждого квартала",
    "monthly": r"ежемесячно|(?:(?:1|один) )?раз в месяц|каждый месяц|каждого месяца",
    "half_yearly": r"ежеполугодно|(?:(?:1|один) )?раз в (?:полугодие|полгода)"
    r"|каждое полугодие|(?:2|два) раза в год",
}
_RECURRING = {
    name: re.compile(rf"(?:.*[ ,;(])?(?:{words})(?:[ ,;).].*)?")
    for name, words in _RECURRENCES.items()
}


_YEARS = re.compile(r"(?<![0-9.])([0-9]{4})(?![0-9.])")
# "до 25 числа каждого месяца", "ежемесячно, не позднее 5-го числа": the day of each month.
_DAY_OF_MONTH = re.compile(r"(?:до|не позднее|не позже|к) ([0-9]{1,2})(?:-?го)? числа")


def _recurring(text: str) -> ParsedDeadline | None:
    for name, pattern in _RECURRING.items():
        if pattern.fullmatch(text):
            # "ежеквартально в течение 2022 года", "ежемесячно в 2022-2023 гг.": the years
            # it runs in, so that it is owed in those years only.
            years = [int(y) for y in _YEARS.findall(text) if MIN_YEAR <= int(y) <= MAX_YEAR]
            if years and len(years) <= 2 and years == sorted(years):
                return ParsedDeadline(
                    DeadlineKind.RECURRING,
                    recurrence=name,
                    start=dt.date(years[0], 1, 1),
                    end=dt.date(years[-1], 12, 31),
                )
            day = _DAY_OF_MONTH.search(text) if name == "monthly" else None
            if day and 1 <= int(day[1]) <= 31:
                return ParsedDeadline(
                    DeadlineKind.RECURRING, recurrence=name, yearly_day=int(day[1])
                )
            return ParsedDeadline(DeadlineKind.RECURRING, recurrence=name)
    return None


_AFTER = re.compile(
    r"(?:(?:(?:в течение|через|не позднее|не позже|в срок не позднее) )?"
    r"(?P<days>[0-9]{1,4}) (?:(?:рабочих|календарных) )?(?:день|дня|дней) )?"
    r"(?:после|с момента|со дня|с даты) (?P<event>.+)"
)
_AFTER_RESULTS = re.compile(r"по (?:итогам|результатам|завершении|окончании|факту) .+")


def _after_event(text: str, written: str) -> ParsedDeadline | None:
    """`written` is the text with its original letter case, aligned with `text`."""
    if m := _AFTER.fullmatch(text):
        event, days = m["event"], m["days"]
    elif _AFTER_RESULTS.fullmatch(text):  # "итогам конкурса" alone would read oddly
        event, days = text, None
    else:
        return None
    return ParsedDeadline(
        DeadlineKind.AFTER_EVENT,
        event=written[len(written) - len(event) :],
        days_after=int(days) if days else None,
    )


_THEN = re.compile(r"(?P<head>.+?)[,;]? (?:а |и )?(?:далее|затем|в дальнейшем)[ ,:-]*(?P<tail>.+)")


def _then_ongoing(text: str) -> ParsedDeadline | None:
    if not (m := _THEN.fullmatch(text)):
        return None
    head, tail = _dated(m["head"]), _single(m["tail"], m["tail"])
    continuing = (DeadlineKind.ONGOING, DeadlineKind.YEARLY, DeadlineKind.RECURRING)
    if head is None or tail is None or tail.kind not in continuing:
        return None
    day, month = tail.yearly_day, tail.yearly_month
    if (
        tail.kind == DeadlineKind.YEARLY
        and day is None
        and _date(2001, head.end.month, head.end.day)
    ):
        day, month = head.end.day, head.end.month  # "далее ежегодно": the same date each year
    recurrence = "yearly" if tail.kind == DeadlineKind.YEARLY else tail.recurrence
    return ParsedDeadline(
        DeadlineKind.FIXED_THEN_ONGOING,
        end=head.end,
        recurrence=recurrence,
        yearly_day=day,
        yearly_month=month,
    )


def _single(text: str, written: str) -> ParsedDeadline | None:
    # Frequencies first: "в течение срока реализации, ежегодно" is yearly, not just ongoing.
    return (
        _yearly(text)
        or _recurring(text)
        or _ongoing(text)
        or _after_event(text, written)
        or _dated(text)
    )


def parse_deadline(text: str) -> ParsedDeadline:
    """Parse a deadline; anything not understood gives kind UNKNOWN, never an exception."""
    normalized = normalize(text)
    if not normalized or len(normalized) > MAX_LENGTH:
        return _UNKNOWN
    written = _clean(text)
    if _fold(written) != normalized or len(written) != len(normalized):
        written = normalized  # case folding changed the length: positions would not line up
    return _then_ongoing(normalized) or _single(normalized, written) or _UNKNOWN
