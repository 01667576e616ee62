"""Facts from the lines above the table: title, programme, order, appendix, years."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from ..russian import YEAR_RANGE, month_number
from .records import ImportedRoadmap
from .text import clean_text

_TITLE_START = re.compile(
    r"^\W*(?:дорожная\s+карта|план(?:\s+мероприятий|[\s-]+график|\s+работы)?\b)", re.IGNORECASE
)
_APPENDIX = re.compile(r"приложени[ея]\s*(?:№|N\b|No\b)?\s*\d+", re.IGNORECASE)
_ORDER_WORD = re.compile(r"(?:приказ|распоряжени|постановлени)\w*", re.IGNORECASE)
_NUMBER = re.compile(r"(?:№|\bN[oо]?\b\.?)\s*(\d[\w/.-]*)", re.IGNORECASE)
_NUMERIC_DATE = r"(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4}|\d{2})(?!\d)"
_WORDS_DATE = r"[«\"]?\s*(\d{1,2})\s*[»\"]?\s+([а-яё]+)\s+(\d{4})"
_DATE = re.compile(rf"(?:{_NUMERIC_DATE}|{_WORDS_DATE})", re.IGNORECASE)
_SINGLE_YEAR = re.compile(r"\bна\s+((?:19|20)\d\d)\s*(?:год|г\.)", re.IGNORECASE)
_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"'}
_MAX_TITLE_LINES = 5


def parse_heading(lines: Iterable[str]) -> ImportedRoadmap:
    """Read what the heading lines say; anything not found stays empty."""
    lines = [line for line in (clean_text(line) for line in lines) if line]
    roadmap = ImportedRoadmap()
    title_start, title_end = _find_title(lines)
    if title_start is not None:
        roadmap.title = " ".join(lines[title_start:title_end])
        roadmap.programme_title = quoted_text(roadmap.title)
        other_lines = lines[:title_start] + lines[title_end:]
    else:
        other_lines = lines
    roadmap.first_year, roadmap.last_year = _years(roadmap.title, other_lines)

    text = " ".join(other_lines)
    appendix = _APPENDIX.search(text)
    if appendix:
        roadmap.appendix = appendix.group(0)
        # Its "№2" must not be taken for the order number.
        text = text[: appendix.start()] + " " + text[appendix.end() :]
    _read_order(text, roadmap)
    return roadmap


def quoted_text(text: str) -> str:
    """The text inside the first (outermost) pair of quotes, or ""."""
    for index, char in enumerate(text):
        if char not in _QUOTES:
            continue
        closing = _QUOTES[char]
        depth = 0
        for end in range(index + 1, len(text)):
            if text[end] == closing and depth == 0:
                return clean_text(text[index + 1 : end])
            if text[end] == closing:
                depth -= 1
            elif text[end] == char and char != closing:
                depth += 1
        return clean_text(text[index + 1 :])  # unclosed: the rest of the title
    return ""


def _find_title(lines: list[str]) -> tuple[int | None, int]:
    for start, line in enumerate(lines):
        if _TITLE_START.match(line):
            end = start + 1
            # The title goes on while a quote is open (the seed breaks the
            # programme name over two lines) or the next line continues the
            # sentence ("ДОРОЖНАЯ КАРТА" / "по реализации ...").
            while end < len(lines) and end - start < _MAX_TITLE_LINES:
                joined = " ".join(lines[start:end])
                following = lines[end]
                if not (_quote_open(joined) or following[0].islower() or following[0] in _QUOTES):
                    break
                end += 1
            return start, end
    return None, 0


def _quote_open(text: str) -> bool:
    if text.count("«") > text.count("»") or text.count("“") > text.count("”"):
        return True
    return text.count('"') % 2 == 1


def _years(title: str, other_lines: list[str]) -> tuple[int | None, int | None]:
    for text in [title, *other_lines]:
        found = YEAR_RANGE.search(text)
        if found and int(found.group(1)) <= int(found.group(2)):
            return int(found.group(1)), int(found.group(2))
        single = _SINGLE_YEAR.search(text)
        if single:
            return int(single.group(1)), int(single.group(1))
    return None, None


def _read_order(text: str, roadmap: ImportedRoadmap) -> None:
    """Order number, date and issuer: "к приказу Управления образования от 30.12.2020 г. № 654"."""
    order_word = _ORDER_WORD.search(text)
    tail = text[order_word.end() :] if order_word else text
    number = _NUMBER.search(tail)
    if number:
        roadmap.order_number = number.group(1).rstrip(".-/")
    dated = re.search(rf"\bот\s+(?:{_DATE.pattern})", tail, re.IGNORECASE) or _DATE.search(tail)
    if dated:
        roadmap.order_date = _date_from(dated)
    if order_word:
        ends = [found.start() for found in (number, dated) if found]
        issuer = tail[: min(ends)] if ends else ""
        issuer = clean_text(issuer).strip(" ,.:")
        # An issuer is a name, not a sentence: refuse anything long or odd.
        if 0 < len(issuer) <= 150 and not any(char.isdigit() for char in issuer):
            roadmap.issuer = issuer


def _date_from(found: re.Match) -> datetime.date | None:
    day, month, year, w_day, w_month, w_year = found.groups()[-6:]
    try:
        if day:
            year_number = int(year) + (2000 if len(year) == 2 else 0)
            return datetime.date(year_number, int(month), int(day))
        month = month_number(w_month)
        if month is None:
            return None
        return datetime.date(int(w_year), month, int(w_day))
    except ValueError:
        return None
