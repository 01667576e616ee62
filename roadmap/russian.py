"""Russian official text as roadmaps write it: dashes, Roman numerals, months, years.

Pure Python, no Django: shared by the deadline parser, the importers and the label of an
activity's number, so each of these facts is written once.
"""

import re

# Every dash a Word or PDF document may hold, and the minus sign typed for one.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
ROMAN = r"[IVXLC]{1,6}"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Month stems in every grammatical case ("январь", "января", "январе").
MONTH_STEMS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
YEAR_RANGE = re.compile(
    rf"(?<!\d)((?:19|20)\d\d)\s*(?:гг?\.?\s*)?[{DASHES}/]\s*((?:19|20)\d\d)(?!\d)"
)
# "I.", "2)", "1.2", "Раздел 2.", "Этап II": the number a stage or section row starts with.
# Arabic numbers need a dot or bracket so "2021 год" keeps its year.
STAGE_PREFIX = re.compile(
    rf"^((?:(?:[Рр]аздел|РАЗДЕЛ|[Ээ]тап|ЭТАП)\s+)?(?:{ROMAN}|\d+(?:\.\d+)*)[.)]"
    rf"|(?:[Рр]аздел|РАЗДЕЛ|[Ээ]тап|ЭТАП)\s+(?:{ROMAN}|\d+)|{ROMAN})\s+(?=\S)"
)


def roman_to_int(text: str) -> int | None:
    """14 for "XIV"; None for anything that is not a Roman numeral."""
    text = text.strip().rstrip(".)").upper()
    if not text or not re.fullmatch(ROMAN, text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def int_to_roman(number: int) -> str:
    """ "IV" for 4 (quarters, stages); numbers 1..399."""
    parts = []
    for value, letters in (
        (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
        (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


_STAGE_WORDS = re.compile(r"^(?:раздел|этап)\s+", re.IGNORECASE)
_HIERARCHICAL = re.compile(rf"(?:\d+|{ROMAN})(?:\.\d+)+")


def activity_label(
    *, stage_number: str, stage_position: int, stage_title: str, number: str, position: int
) -> str:
    """How an activity's number reads everywhere, as the document numbers it: "2.3" as written
    where the number already names its stage; else the stage's own number ("II.2", "1.2"), or
    its place when the stage is unnumbered, before the activity's number (its place when the
    document gives none); the bare number where the document has no stages at all."""
    own = number.strip().rstrip(".)")
    if _HIERARCHICAL.fullmatch(own):
        return own
    own = own or str(position)
    stage = _STAGE_WORDS.sub("", stage_number.strip()).rstrip(".)")
    if not stage and not stage_title.strip():
        return own
    return f"{stage or stage_position}.{own}"


def month_number(word: str) -> int | None:
    """The month a Russian month name in any case stands for ("августа" -> 8)."""
    word = word.lower()
    # "ма" is a stem of "мая"/"май" only: check it last so "март" wins.
    for stem, number in sorted(MONTH_STEMS.items(), key=lambda item: -len(item[0])):
        if word.startswith(stem):
            return number
    return None


def split_stage_number(text: str) -> tuple[str, str]:
    """("I.", "Подготовительный этап") from "I. Подготовительный этап"; ("", text) otherwise."""
    found = STAGE_PREFIX.match(text)
    if not found:
        return "", text
    return found.group(1), text[found.end() :]


_YEARS_PHRASE = re.compile(
    rf"(?:\b(?:на|в|за)\s+)?(?:(?:19|20)\d\d\s*(?:гг?\.?\s*)?[{DASHES}/]\s*)?(?:19|20)\d\d"
    r"(?:\s*(?:г\.?\s*г\.?|гг\.?|годы|годов|года|год|г\.?)(?!\w))?"
    r"(?:\s*(?:учебн\w*|уч\.)\s*(?:год\w*|г\.?))?",
    re.IGNORECASE,
)


def programme_key(title: str) -> str:
    """A programme's title without its years, for telling its editions apart from others:
    "… на 2020—2024 годы" and "… на 2025-2029 гг." give the same key."""
    text = _YEARS_PHRASE.sub(" ", title or "").lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
