"""Cleaning of cell and heading text as Word, Excel and PDF conversions leave it."""

from __future__ import annotations

import datetime
import re

# Non-breaking and other exotic spaces become ordinary ones; invisible
# characters (soft hyphen, zero-width space/joiners, BOM) are dropped.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\t\r\f\v"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# A word broken at a hyphen by a line break ("педагогов-\nнаставников") is one word.
_HYPHEN_BREAK = re.compile(r"(?<=\w)-[ ]*\n\s*(?=\w)")
_WHITESPACE = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """Collapse whitespace and line breaks to single spaces and strip."""
    if not value:
        return ""
    text = value.translate(_INVISIBLE).translate(_SPACES)
    text = _HYPHEN_BREAK.sub("-", text)
    return _WHITESPACE.sub(" ", text).strip()


def clean_lines(value: str | None) -> list[str]:
    """Split text into cleaned, non-empty lines (keeps the line structure)."""
    if not value:
        return []
    lines = (clean_text(line) for line in value.splitlines())
    return [line for line in lines if line]


_LABEL_PUNCT = re.compile(r"[^\w№#]+")


def normalize_label(value: str) -> str:
    """Lower-case a header label and drop punctuation, for matching by meaning."""
    text = clean_text(value).lower().replace("ё", "е").replace("№", " № ")
    return " ".join(_LABEL_PUNCT.sub(" ", text).split())


def format_cell_value(value: object) -> str:
    """Turn an Excel cell value into the text a person sees in the cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        # 1.0 is an integer typed into a number cell; repr() keeps 2.3 as "2.3".
        return str(int(value)) if value.is_integer() else repr(value)
    return clean_text(str(value))
